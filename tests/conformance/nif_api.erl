-module(nif_api).
-export([main/0]).
%% More of erl_nif.h (runtime/nif.c), on the test library tests/nif/nif_more.c
%% that erl and laser both load: process monitors of resources (the type's
%% down callback, demonitor, compare_monitors, monitor terms, a monitor
%% going with its resource), iovecs, I/O queues, unique integers shared
%% with erlang:unique_integer, enif_hash, time.

p(X) -> io:format("~p~n", [X]).

main() ->
    {module, nif_more} = code:ensure_loaded(nif_more),
    monitors(),
    iovecs(),
    queues(),
    misc(),
    ok.

sleeper() -> spawn(fun() -> receive stop -> ok end end).

monitors() ->
    Self = self(),
    W = nif_more:watch(Self, 1),
    P = sleeper(),
    p({monitor, nif_more:monitor(W, P)}),
    P ! stop,
    receive {down, 1, P, Same, MonRef} -> p({down, Same, is_reference(MonRef)}) after 2000 -> p(no_down) end,
    p({downs, nif_more:downs(W), demonitor_after_down, nif_more:demonitor(W)}),
    %% a dead process: not monitored (rc 1)
    p({dead, nif_more:monitor(W, P)}),
    %% demonitor wins: no down
    P2 = sleeper(),
    p({monitor2, nif_more:monitor(W, P2)}),
    p({demonitor, nif_more:demonitor(W), again, nif_more:demonitor(W)}),
    P2 ! stop,
    receive {down, 1, P2, _, _} -> p(unexpected_down) after 200 -> p(no_down_after_demonitor) end,
    %% two monitors on one process: distinct, each demonitored once
    P3 = sleeper(),
    p({twice, nif_more:monitor_twice(W, P3)}),
    P3 ! stop,
    %% a type without a down callback: rc < 0
    p({plain, nif_more:monitor_plain(self())}),
    %% a monitor on the monitoring process itself, from another process
    Parent = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
        W2 = nif_more:watch(Parent, 2),
        Parent ! {w2, W2, nif_more:monitor(W2, self())}
    end),
    receive {w2, _W2, R2} -> p({self_monitor, R2}) end,
    receive {'DOWN', Ref, process, Pid, normal} -> ok end,
    receive {down, 2, Pid, S2, _} -> p({down2, S2}) after 2000 -> p(no_down2) end,
    %% a resource dropped with a monitor still on: the monitor goes with it
    D0 = nif_more:watch_dtors(),
    P4 = sleeper(),
    {Pid5, Ref5} = spawn_monitor(fun() -> W3 = nif_more:watch(Parent, 3), {0, 1} = nif_more:monitor(W3, P4) end),
    receive {'DOWN', Ref5, process, Pid5, normal} -> ok end,
    p({dtor_with_monitor, wait_dtors(D0 + 1, 300)}),
    P4 ! stop,
    receive {down, 3, _, _, _} -> p(down_of_freed) after 200 -> p(no_down_of_freed) end,
    %% many processes, one resource each watching, all down
    W4 = nif_more:watch(Self, 4),
    Ps = [sleeper() || _ <- lists:seq(1, 50)],
    p({many, lists:usort([nif_more:monitor(W4, X) || X <- Ps])}),
    [X ! stop || X <- Ps],
    Got = lists:sort([receive {down, 4, X, _, _} -> X after 2000 -> timeout end || _ <- Ps]),
    p({many_down, Got =:= lists:sort(Ps), nif_more:downs(W4)}).

wait_dtors(Want, 0) -> {timeout, nif_more:watch_dtors(), Want};
wait_dtors(Want, N) ->
    case nif_more:watch_dtors() of
        Want -> ok;
        _ -> erlang:garbage_collect(), timer:sleep(10), wait_dtors(Want, N - 1)
    end.

iovecs() ->
    Big = binary:copy(<<"0123456789">>, 30),
    <<_:3, Odd:80/bits, _/bits>> = Big,
    Sub = binary:part(Big, 5, 100),
    [p({iovec, L, M, catch nif_more:iovec(L, M)})
     || {L, M} <- [{[], 10}, {[<<"abc">>], 10}, {[<<"a">>, <<>>, <<"bc">>], 10}, {[<<"a">>, <<"b">>, <<"c">>], 2},
                   {[Big, Sub, Odd], 10}, {[<<"a">> | <<"b">>], 10}, {[<<"a">>, "b"], 10}, {[<<1:4>>], 10},
                   {<<"x">>, 10}, {[<<"a">>, <<"b">>], 0}, {[<<>>, <<"a">>], 1}, {[<<"a">>, <<>>, <<>>], 2},
                   {[<<1, 2:4>>], 10}, {[<<"a">> | b], 1}, {[<<"a">>, b], 1}, {[<<"a">>, b], 2}]],
    Many = [<<I>> || I <- lists:seq(1, 40)],
    {Cnt, Sz, Bins, Tail, Same} = nif_more:iovec(Many, 100),
    p({iovec_many, Cnt, Sz, Bins =:= Many, Tail, Same}).

queues() ->
    Q = nif_more:q_new(),
    p({q_empty, nif_more:q_peek(Q), nif_more:q_deq(Q, 0), nif_more:q_deq(Q, 1)}),
    p({q_enqv, nif_more:q_enqv(Q, [<<"hello">>, <<>>, <<" world">>], 2), nif_more:q_peek(Q)}),
    p({q_enqv_skip_all, nif_more:q_enqv(Q, [<<"xy">>], 2), nif_more:q_enqv(Q, [<<"xy">>], 3), nif_more:q_peek(Q)}),
    p({q_enq_bin, nif_more:q_enq_bin(Q, binary:copy(<<"z">>, 100), 90), nif_more:q_enq_bin(Q, <<"a">>, 2)}),
    p({q_peek, nif_more:q_peek(Q)}),
    p({q_deq, nif_more:q_deq(Q, 4), nif_more:q_peek(Q)}),
    p({q_deq_more, nif_more:q_deq(Q, 1000), nif_more:q_deq(Q, 6), nif_more:q_peek(Q)}),
    p({q_deq_all, nif_more:q_deq(Q, 10), nif_more:q_deq(Q, 9), nif_more:q_peek(Q)}),
    %% a queue with many segments, drained in pieces
    [true = nif_more:q_enqv(Q, [<<I:32>>, binary:copy(<<I>>, I)], 0) || I <- lists:seq(1, 100)],
    {Size, Segs, _} = nif_more:q_peek(Q),
    p({q_many, Size, length(Segs), iolist_size(Segs)}),
    Drain = fun D(Acc) -> case nif_more:q_peek(Q) of
                              {0, [], empty} -> lists:reverse(Acc);
                              {_, _, {HS, H}} -> {1, _} = nif_more:q_deq(Q, min(HS, 7)), D([binary:part(H, 0, min(HS, 7)) | Acc])
                          end end,
    Out = Drain([]),
    p({q_drained, iolist_to_binary(Out) =:= iolist_to_binary([[<<I:32>>, binary:copy(<<I>>, I)] || I <- lists:seq(1, 100)])}).

misc() ->
    A = erlang:unique_integer([monotonic]),
    B = nif_more:unique(2),
    C = erlang:unique_integer([monotonic]),
    D = nif_more:unique(3),
    p({unique_monotonic, A < B, B < C, D > 0, is_integer(nif_more:unique(0)), nif_more:unique(1) > 0,
       nif_more:unique(0) =/= nif_more:unique(0)}),
    %% (the internal hash of atoms is not erl's yet: runtime/hash.c, which
    %% also orders maps of over 32 atom keys differently; phash2 only here)
    Terms = [0, 1, -1, 1 bsl 70, 1.5, "abc", <<"abc">>, {1, [2.0]}, #{1 => <<"v">>}, [], {}],
    [p({hash, T, nif_more:hash(T, S), erlang:phash2(T)}) || T <- Terms, S <- [0, 42]],
    [p({phash2, T, element(2, nif_more:hash(T, 7)) =:= erlang:phash2(T)}) || T <- [a, {a, [b]}, #{k => v}]],
    {Mono, Off, Cpu, Bad} = nif_more:times(),
    M0 = erlang:monotonic_time(nanosecond),
    p({times, Mono =< M0, M0 - Mono < 1000000000, abs(Off - erlang:time_offset(nanosecond)) < 1000000000,
       case Cpu of {X, Y, Z} -> is_integer(X) andalso is_integer(Y) andalso is_integer(Z); _ -> Cpu end, Bad}),
    p({thread_names, nif_more:thread_names()}).
