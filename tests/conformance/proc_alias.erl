-module(proc_alias).
-export([main/0]).

%% Aliases (OTP 24+): erlang:alias/0,1, unalias/1, monitor/3's
%% {alias, Mode}, sending to a reference; gen_server:call (gen:call sends
%% replies to an alias in OTP 25).
main() ->
    Self = self(),
    A = alias(),
    io:format("~p~n", [is_reference(A)]),
    spawn(fun() -> A ! {via_alias, 1} end),
    receive {via_alias, N} -> io:format("got ~p~n", [N]) after 1000 -> io:format("nothing~n") end,
    io:format("unalias ~p ~p~n", [unalias(A), unalias(A)]),
    A ! dropped,
    make_ref() ! not_an_alias,
    erlang:send(make_ref(), also_dropped),
    receive M1 -> io:format("unexpected ~p~n", [M1]) after 100 -> io:format("dropped~n") end,
    io:format("~p~n", [try unalias(self()) catch error:E -> E end]),
    io:format("~p~n", [try alias([bad]) catch error:E2 -> E2 end]),
    io:format("~p~n", [try alias(not_a_list) catch error:E3 -> E3 end]),
    %% alias([reply]): one message only
    R = alias([reply]),
    R ! first, R ! second,
    receive first -> io:format("first~n") after 1000 -> ok end,
    receive second -> io:format("second?~n") after 100 -> io:format("only one~n") end,
    io:format("unalias reply ~p~n", [unalias(R)]),
    %% explicit_unalias stays active
    X = alias([explicit_unalias]),
    X ! a, X ! b,
    io:format("~p~n", [[receive V -> V after 100 -> none end || _ <- [1, 2]]]),
    %% monitor with {alias, demonitor}
    P = spawn(fun() -> receive {go, To} -> To ! reply, receive stop -> ok end end end),
    M = monitor(process, P, [{alias, demonitor}]),
    P ! {go, M},
    receive reply -> io:format("reply through monitor alias~n") after 1000 -> io:format("no reply~n") end,
    demonitor(M, [flush]),
    io:format("after demonitor ~p~n", [unalias(M)]),
    %% {alias, demonitor}: the 'DOWN' deactivates it
    M2 = monitor(process, P, [{alias, demonitor}]),
    P ! stop,
    receive {'DOWN', M2, process, P, Why} -> io:format("down ~p~n", [Why]) end,
    io:format("after down ~p~n", [unalias(M2)]),
    %% explicit_unalias survives demonitor
    P2 = spawn(fun() -> receive _ -> ok end end),
    M3 = monitor(process, P2, [{alias, explicit_unalias}]),
    demonitor(M3),
    M3 ! still_alias,
    receive still_alias -> io:format("still an alias~n") after 1000 -> io:format("no~n") end,
    io:format("~p~n", [unalias(M3)]),
    io:format("~p~n", [try monitor(process, P2, [{alias, bad}]) catch error:E4 -> E4 end]),
    %% an alias of another process: unalias is false there
    Q = spawn(fun() -> Self ! {alias, alias()}, receive M5 -> Self ! {q_got, M5} end end),
    QA = receive {alias, QAl} -> QAl end,
    io:format("~p~n", [unalias(QA)]),
    QA ! hello_q,
    receive {q_got, G} -> io:format("q got ~p~n", [G]) end,
    _ = Q,
    %% monitor/3 {tag, T}: T replaces 'DOWN'
    T1 = spawn(fun() -> receive stop -> ok end end),
    MT = monitor(process, T1, [{tag, {my, tag, [1, 2.5, <<"b">>]}}]),
    T1 ! stop,
    receive D1 -> io:format("~p~n", [setelement(2, setelement(4, D1, pid), ref)]), io:format("~p~n", [element(2, D1) =:= MT]) end,
    MN = monitor(process, list_to_pid("<0.9999.0>"), [{tag, gone}]),
    receive {gone, MN, process, _, R9} -> io:format("tag noproc ~p~n", [R9]) end,
    MA = monitor(process, no_such_name, [{tag, named}, {alias, explicit_unalias}]),
    receive {named, MA, process, Item, R10} -> io:format("~p ~p~n", [Item, R10]) end,
    MA ! via_tagged_alias,
    receive via_tagged_alias -> io:format("tagged alias works~n") after 1000 -> io:format("no~n") end,
    io:format("~p~n", [unalias(MA)]),
    T2 = spawn(fun() -> receive stop -> ok end end),
    MD = monitor(process, T2, [{tag, never}]),
    demonitor(MD),
    T2 ! stop,
    MD2 = monitor(process, T2, []),
    receive Dn -> io:format("~p~n", [element(1, Dn)]), _ = MD2 end,
    %% gen_server:call replies through an alias
    {ok, S} = gen_server:start(proc_alias_srv, [], []),
    io:format("~p~n", [gen_server:call(S, ping)]),
    io:format("~p~n", [[gen_server:call(S, {add, K}) || K <- lists:seq(1, 3)]]),
    gen_server:stop(S),
    ok.
