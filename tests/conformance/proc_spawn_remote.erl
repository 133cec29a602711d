%% Spawning on another node and monitor_node/2,3 when this node is not
%% alive: noconnection replies and exits, notalive, badopt.
-module(proc_spawn_remote).
-export([main/0]).
main() ->
    logger:set_primary_config(level, none),
    process_flag(trap_exit, true),
    P1 = spawn(foo@bar, fun() -> ok end),
    P2 = spawn(foo@bar, lists, seq, [1, 2]),
    P3 = spawn_link(foo@bar, lists, seq, [1, 2]),
    {P4, M4} = spawn_monitor(foo@bar, lists, seq, [1, 2]),
    {P5, M5} = spawn_opt(foo@bar, lists, seq, [1, 2], [monitor, link]),
    io:format("~p~n", [[is_pid(P) || P <- [P1, P2, P3, P4, P5]]]),
    io:format("~p~n", [receive {'EXIT', P3, R3} -> R3 after 1000 -> none end]),
    io:format("~p~n", [receive {'DOWN', M4, process, P4, R4} -> R4 after 1000 -> none end]),
    io:format("~p~n", [receive {'DOWN', M5, process, P5, R5} -> R5 after 1000 -> none end]),
    io:format("~p~n", [receive {'EXIT', P5, R6} -> R6 after 1000 -> none end]),
    R7 = erlang:spawn_request(foo@bar, lists, seq, [1, 2], [{reply_tag, t7}, monitor]),
    io:format("~p~n", [receive {t7, R7, error, E7} -> E7 after 1000 -> none end]),
    io:format("~p~n", [[catch spawn(foo@bar, x), catch spawn(foo@bar, 1, f, []), catch spawn("n", fun() -> ok end)] =/= []]),
    [io:format("~p~n", [element(1, X)]) || X <- [catch spawn(foo@bar, x), catch spawn(foo@bar, 1, f, []), catch spawn("n", fun() -> ok end)]],
    io:format("~p~n", [catch erlang:monitor_node(foo@bar, true)]),
    io:format("~p~n", [receive M -> M after 1000 -> none end]),
    io:format("~p~n", [catch erlang:monitor_node(foo@bar, false)]),
    io:format("~p~n", [catch erlang:monitor_node(node(), true)]),
    io:format("~p~n", [receive M2 -> M2 after 200 -> none end]),
    io:format("~p~n", [catch erlang:monitor_node(foo@bar, true, [allow_passive_connect])]),
    io:format("~p~n", [receive M3 -> M3 after 1000 -> none end]),
    io:format("~p~n", [[catch erlang:monitor_node(X, Y) || {X,Y} <- [{"x", true}, {foo@bar, maybe}]]]),
    io:format("~p~n", [catch erlang:monitor_node(foo@bar, true, [bad])]),
    ok.
