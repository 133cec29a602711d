%% fd ports: {fd, In, Out} writing to stdout and reading a file given as
%% fd 9 ({line, N} and eof), port_info and port_control of the fd driver.
%% Everything is printed through one fd port, so the output is in order on
%% erl too.
%% input: input/port_fd.txt
-module(port_fd).
-export([main/0]).

out(O, Fmt, Args) -> true = port_command(O, io_lib:format(Fmt, Args)).

err(F) -> try F() catch C:R -> {C, R} end.

read_all(P, Acc) ->
    receive
        {P, {data, D}} -> read_all(P, [D | Acc]);
        {P, eof} -> lists:reverse(Acc)
    after 5000 -> {timeout, lists:reverse(Acc)}
    end.

main() ->
    process_flag(trap_exit, true),
    O = open_port({fd, 0, 1}, [out]),
    out(O, "~p~n", [erlang:port_info(O, name)]),
    out(O, "~p~n", [[K || {K, _} <- erlang:port_info(O)]]),
    out(O, "~p~n", [erlang:port_info(O, os_pid)]),
    %% stdout is a file here: no window size (badarg)
    out(O, "~p~n", [err(fun() -> port_control(O, 100, []) end)]),
    out(O, "~p~n", [err(fun() -> port_control(O, 5, <<"x">>) end)]),
    out(O, "~p~n", [err(fun() -> erlang:port_call(O, 1, []) end)]),
    port_command(O, [<<"iolist ">>, "to ", [[<<"fd">>], $\s, $1], $\n]),
    O ! {self(), {command, "by message\n"}},
    out(O, "~p~n", [erlang:port_info(O, output)]),
    %% reading: lines of at most 6 bytes, then eof; the port stays open
    R = open_port({fd, 9, 9}, [in, {line, 6}, eof, binary]),
    out(O, "~p~n", [read_all(R, [])]),
    out(O, "~p~n", [erlang:port_info(R, input)]),
    port_close(R),
    out(O, "~p~n", [receive {'EXIT', R, Why} -> Why after 5000 -> timeout end]),
    out(O, "done~n", []).
