%% Spawn ports: echo through cat (lists and binaries), exit_status,
%% spawn_executable with args/arg0/env/cd, stderr_to_stdout, nouse_stdio,
%% in/out only, eof, closing, os:cmd with pipes and large output.
-module(port_spawn).
-export([main/0]).

collect(P) -> collect(P, []).
collect(P, Acc) ->
    receive
        {P, {data, D}} -> collect(P, [D | Acc]);
        {P, eof} -> {lists:reverse(Acc), eof};
        {P, {exit_status, S}} -> {lists:reverse(Acc), {exit_status, S}};
        {'EXIT', P, R} -> {lists:reverse(Acc), {'EXIT', R}}
    after 5000 -> {lists:reverse(Acc), timeout}
    end.

%% data until the end of input, flattened
all_data(P) -> all_data(P, []).
all_data(P, Acc) ->
    receive
        {P, {data, D}} -> all_data(P, [Acc, D]);
        {P, eof} -> iolist_to_binary(Acc);
        {P, {exit_status, _}} -> iolist_to_binary(Acc);
        {'EXIT', P, _} -> iolist_to_binary(Acc)
    after 5000 -> timeout
    end.

echo(Opts, Data) ->
    P = open_port({spawn, "cat"}, Opts),
    true = port_command(P, Data),
    Expect = iolist_size(Data),
    R = read_n(P, Expect, []),
    port_close(P),
    R.

read_n(_P, 0, Acc) -> lists:reverse(Acc);
read_n(P, N, Acc) ->
    receive
        {P, {data, D}} when is_binary(D) -> read_n(P, N - byte_size(D), [D | Acc]);
        {P, {data, D}} -> read_n(P, N - length(D), [D | Acc])
    after 5000 -> {timeout, lists:reverse(Acc)}
    end.

main() ->
    process_flag(trap_exit, true),
    %% echo, list and binary modes
    erlang:display(lists:append(echo([], "hello\n"))),
    erlang:display(iolist_to_binary(echo([binary], [<<"bin">>, $a, [$r, <<"y">>], "\n"]))),
    erlang:display(iolist_to_binary(echo([binary, stream, {parallelism, true}], <<>>))),
    Big = binary:copy(<<"0123456789abcdef">>, 65536),
    erlang:display(iolist_to_binary(echo([binary], Big)) =:= Big),
    %% the message protocol
    P1 = open_port({spawn, "cat"}, [binary]),
    P1 ! {self(), {command, <<"via message\n">>}},
    erlang:display(read_n(P1, 12, [])),
    P1 ! {self(), close},
    erlang:display(receive {P1, closed} -> closed after 5000 -> timeout end),
    erlang:display(receive {'EXIT', P1, R1} -> R1 after 5000 -> timeout end),
    erlang:display(erlang:port_info(P1)),
    %% exit_status
    erlang:display(collect(open_port({spawn, "sh -c 'exit 3'"}, [exit_status]))),
    erlang:display(collect(open_port({spawn, "echo out; exit 0"}, [exit_status, binary]))),
    erlang:display(collect(open_port({spawn, "exit 3"}, [exit_status]))),
    erlang:display(collect(open_port({spawn, "nonexistent_command_xyz 2>/dev/null"}, [exit_status]))),
    erlang:display(collect(open_port({spawn, "kill -9 $$"}, [exit_status]))),
    flush_exits(),
    %% a child that cannot start: the port opens, the status is the errno
    erlang:display(collect(open_port({spawn, "echo hi"}, [{cd, "/nonexistent"}, exit_status]))),
    erlang:display(collect(open_port({spawn_executable, "/tmp"}, [exit_status]))),
    erlang:display(collect(open_port({spawn_executable, "/tmp"}, []))),
    flush_exits(),
    %% no exit_status: the end of output closes the port
    erlang:display(collect(open_port({spawn, "echo done"}, []))),
    %% eof: the port stays open after the end of output
    P2 = open_port({spawn, "echo x"}, [eof, binary]),
    erlang:display(collect(P2)),
    erlang:display(is_list(erlang:port_info(P2))),
    port_close(P2),
    erlang:display(receive {'EXIT', P2, R2} -> R2 after 5000 -> timeout end),
    %% eof and exit_status (they come in either order in erl)
    P3 = open_port({spawn, "sh -c 'echo y; exit 5'"}, [eof, exit_status]),
    erlang:display(both(P3, [], undefined, false)),
    port_close(P3),
    flush_exits(),
    %% spawn_executable: args, arg0, env, cd
    P4 = open_port({spawn_executable, "/bin/sh"},
                   [{args, ["-c", "echo \"$0|$1|$2|$FOO|${BAR-unset}|$(pwd)\"", "a b", <<"c">>]},
                    {arg0, "zero"}, {env, [{"FOO", "foo val"}, {"BAR", false}]}, {cd, "/"},
                    binary, exit_status]),
    erlang:display(all_data(P4)),
    erlang:display(all_data(open_port({spawn, "echo ${HOME:+home is set}"}, [binary, exit_status]))),
    erlang:display(all_data(open_port({spawn_executable, "/bin/echo"}, [{args, ["plain", "args"]}, binary, exit_status]))),
    %% stderr_to_stdout, nouse_stdio
    erlang:display(all_data(open_port({spawn, "echo err 1>&2"}, [stderr_to_stdout, binary, exit_status]))),
    erlang:display(all_data(open_port({spawn, "echo err 1>&2 2>/dev/null; echo out"}, [binary, exit_status]))),
    P5 = open_port({spawn, "sh -c 'read x <&3; echo got $x >&4'"}, [nouse_stdio, binary, exit_status]),
    port_command(P5, "line\n"),
    erlang:display(all_data(P5)),
    %% in only, out only
    erlang:display(all_data(open_port({spawn, "echo only in"}, [in, binary, exit_status]))),
    P6 = open_port({spawn, "cat >/dev/null"}, [out, exit_status]),
    port_command(P6, "discarded"),
    port_close(P6),
    flush_exits(),
    %% output is written before a closed port's pipe closes
    File = string:trim(os:cmd("mktemp")),
    P7 = open_port({spawn, "cat > " ++ File}, [out]),
    port_command(P7, lists:duplicate(100000, $z)),
    port_close(P7),
    timer:sleep(300),
    erlang:display(all_data(open_port({spawn, "wc -c < " ++ File ++ "; rm " ++ File}, [binary, exit_status]))),
    %% os:cmd
    erlang:display(os:cmd("echo hello; echo world")),
    erlang:display(os:cmd("printf 'a\\nb\\nc\\n' | sort -r | tr '\\n' ,")),
    erlang:display(os:cmd("echo to stderr 1>&2")),
    erlang:display(os:cmd("exit 7")),
    erlang:display(os:cmd("cd / && pwd")),
    Out = os:cmd("head -c 1048576 /dev/zero | tr '\\0' q"),
    erlang:display({length(Out), lists:usort(Out)}),
    erlang:display(os:cmd("seq 1 20000 | tail -n 1")),
    erlang:display(os:cmd("echo $((6*7))", #{max_size => 1})),
    erlang:display(erlang:ports() -- erlang:ports()),
    flush_exits(),
    ok.

both(_P, Data, St, Eof) when St =/= undefined, Eof -> {lists:append(lists:reverse(Data)), St};
both(P, Data, St, Eof) ->
    receive
        {P, {data, D}} -> both(P, [D | Data], St, Eof);
        {P, eof} -> both(P, Data, St, true);
        {P, {exit_status, S}} -> both(P, Data, S, Eof)
    after 5000 -> timeout
    end.

flush_exits() ->
    receive {'EXIT', P, _} when is_port(P) -> flush_exits() after 200 -> ok end.
