%% erlang:spawn_request/1..5 (erts_internal:spawn_request/4): replies, tags,
%% reply modes, monitor and link options, bad arguments, abandon, erpc.
-module(proc_spawn_request).
-export([main/0, child/1, boom/0]).
child(P) -> P ! {from_child, self()}.
boom() -> exit(boom).
main() ->
    Me = self(),
    R1 = erlang:spawn_request(proc_spawn_request, child, [Me]),
    P1 = receive {spawn_reply, R1, ok, P} -> P end,
    receive {from_child, P1} -> ok end,
    io:format("1 ~p~n", [erlang:spawn_request_abandon(R1)]),
    R2 = erlang:spawn_request(fun() -> Me ! hi end, [{reply_tag, mytag}, monitor]),
    receive {mytag, R2, ok, P2} when is_pid(P2) -> ok end,
    receive hi -> ok end,
    io:format("2 ~p~n", [receive {'DOWN', R2, process, _, R} -> R end]),
    R3 = erlang:spawn_request(proc_spawn_request, boom, [], [link, {reply, success_only}]),
    process_flag(trap_exit, true),
    receive {spawn_reply, R3, ok, P3} -> receive {'EXIT', P3, Why} -> io:format("3 ~p~n", [Why]) end end,
    R4 = erlang:spawn_request(proc_spawn_request, child, [Me], [bad_option]),
    io:format("4 ~p~n", [receive {spawn_reply, R4, E, Rs} -> {E, Rs} after 100 -> none end]),
    R5 = erlang:spawn_request(proc_spawn_request, child, [Me], [{reply, no}, {monitor, [{tag, mydown}]}]),
    io:format("5 ~p~n", [receive {mydown, R5, process, _, normal} -> down after 1000 -> none end]),
    receive {from_child, _} -> ok end,
    io:format("6 ~p~n", [receive {spawn_reply, _, _, _} = M -> M after 50 -> nothing end]),
    R7 = erlang:spawn_request(proc_spawn_request, child, [Me], [bad_option, {reply, no}]),
    io:format("7 ~p~n", [receive {spawn_reply, R7, _, _} -> got after 50 -> nothing end]),
    [io:format("8 ~p~n", [case catch erlang:spawn_request(A, B, C, D) of X when is_reference(X) -> ref; X -> X end]) || {A,B,C,D} <- [{1, f, [], []}, {m, f, x, []}, {m, f, [], x}, {m, f, [], [link|x]}]],
    io:format("9 ~p~n", [catch erlang:spawn_request_abandon(x)]),
    R10 = erlang:spawn_request(node(), proc_spawn_request, child, [Me], [{reply, error_only}]),
    receive {from_child, _} -> ok end,
    io:format("10 ~p ~p~n", [is_reference(R10), receive {spawn_reply, R10, _, _} -> got after 50 -> nothing end]),
    io:format("11 ~p~n", [erpc:call(node(), lists, seq, [1, 3])]),
    io:format("12 ~p~n", [catch erpc:call(node(), erlang, error, [oops])]),
    {P13, M13} = spawn_opt(fun() -> ok end, [{monitor, [{tag, t13}]}]),
    io:format("13 ~p~n", [receive {t13, M13, process, P13, normal} -> ok after 1000 -> none end]),
    ok.
