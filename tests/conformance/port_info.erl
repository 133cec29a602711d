%% port_info/1,2 items with deterministic values, erlang:ports/0,
%% port_set_data/get_data, port_control/port_call, and the errors of
%% open_port and the port BIFs (with their error_info causes).
-module(port_info).
-export([main/0]).

err(F) ->
    try F() of V -> {ok, V}
    catch C:R:S ->
        Info = case S of
                   [{erlang, _, _, Opts} | _] -> proplists:get_value(error_info, Opts);
                   _ -> none
               end,
        {C, R, Info}
    end.

show(P) when is_port(P) -> port;
show(L) when is_list(L) -> [show(X) || X <- L];
show(T) when is_tuple(T) -> list_to_tuple(show(tuple_to_list(T)));
show(X) -> X.

main() ->
    process_flag(trap_exit, true),
    Self = self(),
    P = open_port({spawn, "cat"}, [binary]),
    Items = [name, connected, links, monitors, monitored_by, input, output, queue_size,
             registered_name, parallelism, locking],
    erlang:display([erlang:port_info(P, I) =:= {I, V} || {I, V} <- lists:zip(Items,
        ["cat", Self, [Self], [], [], 0, 0, 0, undefined, false, port_level])]),
    erlang:display([erlang:port_info(P, I) || I <- [name, monitors, input, output, queue_size, registered_name, parallelism, locking]]),
    {id, Id} = erlang:port_info(P, id),
    {os_pid, OsPid} = erlang:port_info(P, os_pid),
    {memory, Mem} = erlang:port_info(P, memory),
    erlang:display({is_integer(Id), is_integer(OsPid) andalso OsPid > 0, is_integer(Mem) andalso Mem > 0}),
    erlang:display([K || {K, _} <- erlang:port_info(P)]),
    port_command(P, <<"12345">>),
    receive {P, {data, _}} -> ok end,
    port_command(P, ["ab", <<"c">>]),
    receive {P, {data, _}} -> ok end,
    erlang:display([erlang:port_info(P, input), erlang:port_info(P, output), erlang:port_info(P, queue_size)]),
    register(info_port, P),
    erlang:display([K || {K, _} <- erlang:port_info(info_port)]),
    erlang:display(erlang:port_info(info_port, registered_name)),
    erlang:display(show(erlang:port_info(P, connected)) =:= {connected, self()}),
    %% port data
    erlang:display(erlang:port_get_data(P)),
    erlang:display(erlang:port_set_data(P, {some, [data, <<"bin">>], 1.5})),
    erlang:display(erlang:port_get_data(P)),
    erlang:display(erlang:port_set_data(info_port, 42)),
    erlang:display(erlang:port_get_data(P)),
    %% ports/0
    Q = open_port({spawn, "cat"}, []),
    Ps = erlang:ports(),
    erlang:display({lists:member(P, Ps), lists:member(Q, Ps), Ps =:= lists:sort(Ps)}),
    %% control and call: the spawn driver has neither
    erlang:display(err(fun() -> port_control(P, 1, []) end)),
    erlang:display(err(fun() -> erlang:port_call(P, 1, []) end)),
    erlang:display(err(fun() -> erlang:port_call(P, []) end)),
    erlang:display(err(fun() -> port_control(P, -1, []) end)),
    %% bad arguments
    erlang:display(err(fun() -> erlang:port_info(P, bogus) end)),
    erlang:display(err(fun() -> erlang:port_info(self(), id) end)),
    erlang:display(err(fun() -> erlang:port_info(self()) end)),
    erlang:display(err(fun() -> erlang:port_info(no_such_name) end)),
    erlang:display(err(fun() -> erlang:port_info(no_such_name, id) end)),
    erlang:display(err(fun() -> port_command(P, "x", [bad]) end)),
    erlang:display(err(fun() -> port_command(P, "x", [force, nosuspend]) end)),
    erlang:display(err(fun() -> port_command(no_such_name, "x") end)),
    erlang:display(err(fun() -> port_command(self(), "x") end)),
    erlang:display(err(fun() -> port_close(self()) end)),
    erlang:display(err(fun() -> port_connect(P, not_a_pid) end)),
    erlang:display(err(fun() -> erlang:port_set_data(self(), 1) end)),
    erlang:display(err(fun() -> erlang:port_get_data(no_such_name) end)),
    %% closed ports
    port_close(Q),
    receive {'EXIT', Q, _} -> ok end,
    erlang:display([erlang:port_info(Q), erlang:port_info(Q, id), erlang:port_info(Q, registered_name)]),
    erlang:display(err(fun() -> port_close(Q) end)),
    erlang:display(err(fun() -> port_command(Q, "x") end)),
    erlang:display(err(fun() -> port_control(Q, 1, []) end)),
    erlang:display(err(fun() -> erlang:port_get_data(Q) end)),
    erlang:display(lists:member(Q, erlang:ports())),
    %% open_port errors
    Bad = [{{spawn, "cat"}, [bogus]}, {{spawn, "cat"}, [{packet, 3}]}, {{spawn, "cat"}, [{line, 0}]},
           {{spawn, "cat"}, [{packet, 2}, {line, 2}]}, {{spawn, "cat"}, notalist},
           {{spawn, "cat"}, [binary | stream]}, {{spawn, "cat"}, [{env, bad}]},
           {{spawn, "cat"}, [{env, [{"A", 1}]}]}, {{spawn, "cat"}, [{args, ["a"]}]},
           {{spawn, "cat"}, [{arg0, "a"}]}, {{spawn, "cat"}, [{cd, 1}]},
           {{spawn, 1}, []}, {{spawn, ""}, []}, {{spawn_driver, "cat"}, []}, {nonsense, 1, 2},
           {{fd, -1, 1}, []}, {{fd, a, 1}, []}, {{spawn_executable, "/nonexistent/x"}, []},
           {{spawn_executable, "/etc/passwd"}, []}, {{spawn_executable, "cat"}, []},
           {{spawn_executable, "/bin/cat"}, [{args, [1]}]}, {{spawn_executable, 1}, []}],
    [erlang:display(err(fun() -> open_port(N, O) end)) || {N, O} <- [{element(1, B), element(2, B)} || B <- Bad, tuple_size(B) =:= 2]],
    erlang:display(err(fun() -> open_port(nonsense, 1) end)),
    %% options erl accepts
    Ok = [[{parallelism, true}, overlapped_io, hide, {busy_limits_port, disabled},
           {busy_limits_msgq, disabled}, use_stdio, in, out, binary, eof, exit_status, stream],
          [{env, [{"A", "1"}, {"B", false}]}, {cd, "/"}, {line, 1}, nouse_stdio]],
    [begin R = open_port({spawn, "sleep 5"}, O), erlang:display(is_port(R)), catch port_close(R) end || O <- Ok],
    flush(),
    ok.

flush() -> receive _ -> flush() after 300 -> ok end.
