-module(proc_alias_arrive).
-export([main/0]).

%% Aliases are checked when a message arrives, not when it is sent (erts):
%% a message to an alias that is unaliased (or whose monitor is removed)
%% before it arrives is dropped; a reply alias takes the first message to
%% arrive; a reply_demonitor alias's reply removes the monitor too.
main() ->
    A = alias(),
    A ! one,
    io:format("unalias before arrival: ~p~n", [unalias(A)]),
    io:format("~p~n", [flush()]),
    R = alias([reply]),
    R ! a, R ! b, R ! c,
    io:format("reply alias: ~p, unalias after: ~p~n", [flush(), unalias(R)]),
    %% process_info counts what has arrived
    A2 = alias(), A2 ! x, A2 ! y,
    io:format("~p ~p~n", [process_info(self(), message_queue_len), process_info(self(), messages)]),
    R3 = alias([reply]), R3 ! z, R3 ! w,
    io:format("~p~n", [process_info(self(), [message_queue_len, messages])]),
    io:format("~p~n", [flush()]),
    R2 = alias([reply]),
    R2 ! x,
    io:format("unalias reply before arrival: ~p ~p~n", [unalias(R2), flush()]),
    %% a monitor's alias: demonitor before the message arrives
    P = spawn(fun() -> receive {reply_to, To, Msg} -> To ! Msg, receive stop -> ok end end end),
    M = monitor(process, P, [{alias, demonitor}]),
    M ! self_sent,
    demonitor(M),
    io:format("demonitor before arrival: ~p~n", [flush()]),
    %% reply_demonitor: the reply removes the monitor
    M2 = monitor(process, P, [{alias, reply_demonitor}]),
    P ! {reply_to, M2, {M2, hello}},
    receive {M2, hello} -> io:format("reply~n") after 5000 -> io:format("no reply~n") end,
    io:format("monitors: ~p~n", [process_info(self(), monitors)]),
    io:format("unalias: ~p~n", [unalias(M2)]),
    P ! stop,
    receive after 50 -> ok end,
    io:format("no DOWN: ~p~n", [flush()]),
    %% reply_demonitor: a second reply is dropped
    Q = spawn(fun() -> receive {reply_to, To} -> To ! first, To ! second end end),
    M3 = monitor(process, Q, [{alias, reply_demonitor}]),
    Q ! {reply_to, M3},
    receive first -> ok end,
    receive after 50 -> ok end,
    io:format("after reply_demonitor: ~p ~p~n", [flush(), process_info(self(), monitors)]),
    ok.

flush() -> receive X -> [X | flush()] after 0 -> [] end.
