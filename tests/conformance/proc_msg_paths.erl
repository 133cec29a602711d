%% Messages take two paths in laser: straight onto the receiver's heap when
%% it is not running (and its inbox is empty), or as a signal with a heap
%% fragment otherwise. Both must keep erlang's guarantees: per-sender
%% order (also with exit/link/monitor signals), selective receive, every
%% kind of term intact (binaries, funs, maps, bignums, floats, pids, refs),
%% receive timeouts while messages arrive, a receiver killed mid-flight,
%% message_queue_len/messages, off_heap queues, max_heap_size.
-module(proc_msg_paths).
-export([main/0]).

main() ->
    many_senders(),
    sizes(),
    kinds(),
    selective(),
    timeouts(),
    killed_mid_flight(),
    queue_info(),
    off_heap_switch(),
    signals_ordered(),
    max_heap(),
    ok.

%% 20 senders, 2000 messages each, of mixed sizes: each sender's messages
%% arrive in order.
many_senders() ->
    Self = self(),
    N = 2000,
    Pids = [spawn(fun() -> sender(Self, S, N) end) || S <- lists:seq(1, 20)],
    Last = collect_order(20 * N, #{}),
    io:format("many_senders ~p ~p~n", [length(Pids), lists:sort(maps:to_list(Last))]).

sender(To, S, N) ->
    [To ! {seq, S, I, payload(I)} || I <- lists:seq(1, N)],
    ok.

payload(I) when I rem 97 =:= 0 -> lists:seq(1, 500);      % larger than a small heap's free space
payload(I) when I rem 7 =:= 0 -> {I, [I, I + 1], <<I:32>>};
payload(I) -> I.

collect_order(0, Last) -> Last;
collect_order(K, Last) ->
    receive
        {seq, S, I, P} ->
            Prev = maps:get(S, Last, 0),
            case {I =:= Prev + 1, P =:= payload(I)} of
                {true, true} -> ok;
                Bad -> io:format("out of order ~p ~p ~p ~p~n", [S, Prev, I, Bad])
            end,
            collect_order(K - 1, Last#{S => I})
    end.

%% Small and large messages to a waiting receiver (heap free space or a
%% fragment), echoed back intact.
sizes() ->
    Echo = spawn(fun echo/0),
    Sizes = [0, 1, 2, 10, 100, 232, 233, 1000, 10000, 100000],
    R = [begin
             T = {size, lists:seq(1, S), list_to_tuple(lists:seq(1, S rem 50 + 1))},
             Echo ! {self(), T},
             receive {echo, T2} -> T2 =:= T end
         end || S <- Sizes],
    Echo ! stop,
    io:format("sizes ~p~n", [R]).

echo() ->
    receive
        {From, T} -> From ! {echo, T}, echo();
        stop -> ok
    end.

%% Every kind of term, through a process that keeps them queued a while
%% (collections in between) and sends them back.
kinds() ->
    Big = 1 bsl 200 + 12345,
    Bin = list_to_binary(lists:duplicate(300, $x)),  % refc
    <<_:10/binary, Sub:50/binary, _/binary>> = Bin,  % sub-binary
    F = fun(X) -> X + Big end,
    Ref = make_ref(),
    Terms = [atom, 42, -7, Big, -Big, 3.5, <<"heap">>, Bin, Sub, <<1:3>>,
             F, fun lists:reverse/1, #{a => 1, b => [Bin]},
             maps:from_list([{K, K * 2} || K <- lists:seq(1, 40)]),
             self(), Ref, {nested, [Bin, {Sub, F}], #{k => Big}}, "string", []],
    Keeper = spawn(fun() -> keeper([]) end),
    [Keeper ! {keep, T} || T <- Terms],
    Keeper ! {give, self()},
    Back = receive {kept, L} -> L end,
    io:format("kinds ~p ~p ~p~n", [Back =:= Terms, (lists:nth(11, Back))(1) =:= 1 + Big,
                                    byte_size(lists:nth(9, Back))]).

keeper(Acc) ->
    receive
        {keep, T} ->
            erlang:garbage_collect(),
            _ = lists:seq(1, 200),
            keeper([T | Acc]);
        {give, To} -> To ! {kept, lists:reverse(Acc)}
    end.

%% Selective receive: a waiting receiver skips messages that do not match
%% (they stay queued in order) while others arrive on its heap.
selective() ->
    Self = self(),
    P = spawn(fun() ->
                      receive go -> ok end,
                      A = receive {b, X} -> X end,
                      Rest = drain([]),
                      Self ! {sel, A, Rest}
              end),
    P ! {a, 1}, P ! {a, 2}, P ! {c, 3},
    P ! go,
    timer:sleep(20),
    P ! {a, 4}, P ! {b, 5}, P ! {a, 6},
    receive {sel, A, Rest} -> io:format("selective ~p ~p~n", [A, Rest]) end.

drain(Acc) ->
    receive M -> drain([M | Acc]) after 50 -> lists:reverse(Acc) end.

%% Receive timeouts while other messages keep arriving: the timeout still
%% fires, the unmatched messages stay.
timeouts() ->
    Self = self(),
    P = spawn(fun() ->
                      R = receive never -> got after 100 -> timeout end,
                      {message_queue_len, L} = process_info(self(), message_queue_len),
                      Self ! {to, R, L > 0}
              end),
    Spammer = spawn(fun() -> spam(P, 0) end),
    receive {to, R, Some} -> io:format("timeouts ~p ~p~n", [R, Some]) end,
    exit(Spammer, kill).

spam(P, N) ->
    P ! {noise, N},
    timer:sleep(1),
    spam(P, N + 1).

%% A receiver killed while many senders flood it: senders carry on, and a
%% monitor sees the kill.
killed_mid_flight() ->
    Victim = spawn(fun() -> victim(0) end),
    Ref = monitor(process, Victim),
    Senders = [spawn_monitor(fun() -> flood(Victim, 5000) end) || _ <- lists:seq(1, 8)],
    timer:sleep(5),
    exit(Victim, kill),
    R = receive {'DOWN', Ref, process, Victim, Why} -> Why end,
    [receive {'DOWN', M, process, S, normal} -> ok end || {S, M} <- Senders],
    io:format("killed ~p ~p~n", [R, is_process_alive(Victim)]).

victim(N) -> receive _ -> victim(N + 1) end.

flood(_, 0) -> ok;
flood(P, N) -> P ! {flood, N, lists:seq(1, N rem 20)}, flood(P, N - 1).

%% message_queue_len and messages of a process whose messages arrived both
%% ways (while it waits and while it runs).
queue_info() ->
    Self = self(),
    P = spawn(fun() ->
                      receive start -> ok end,
                      busy(200000),
                      Self ! ready,
                      receive never -> ok end
              end),
    P ! {m, 1}, P ! {m, 2},
    P ! start,
    P ! {m, 3}, P ! {m, <<"bin">>},
    receive ready -> ok end,
    P ! {m, 5},
    timer:sleep(10),
    {message_queue_len, L} = process_info(P, message_queue_len),
    {messages, Ms} = process_info(P, messages),
    exit(P, kill),
    io:format("queue_info ~p ~p~n", [L, Ms]).

busy(0) -> ok;
busy(N) -> busy(N - 1).

%% message_queue_data switched to off_heap and back while messages arrive.
off_heap_switch() ->
    Self = self(),
    P = spawn(fun() ->
                      receive go -> ok end,
                      process_flag(message_queue_data, off_heap),
                      Self ! switched,
                      receive go2 -> ok end,
                      process_flag(message_queue_data, on_heap),
                      erlang:garbage_collect(),
                      Self ! {got, drain([])}
              end),
    P ! {x, 1}, P ! go,
    receive switched -> ok end,
    [P ! {x, I, lists:seq(1, I)} || I <- lists:seq(2, 30)],
    P ! go2,
    receive {got, L} -> io:format("off_heap ~p ~p~n", [length(L), hd(L)]) end.

%% Exit, link and monitor signals stay ordered with the sender's messages.
signals_ordered() ->
    process_flag(trap_exit, true),
    Self = self(),
    P = spawn(fun() ->
                      link(Self),
                      Self ! one,
                      Self ! two,
                      exit(bye)
              end),
    Got = [receive M -> M end || _ <- [1, 2, 3]],
    process_flag(trap_exit, false),
    Q = spawn(fun() -> receive go -> ok end end),
    Ref = monitor(process, Q),
    Q ! hello,  % to a waiting process: on its heap
    Q ! go,
    Down = receive {'DOWN', Ref, process, Q, R} -> R end,
    io:format("signals ~p ~p~n", [[case M of {'EXIT', P, W} -> {exit, W}; _ -> M end || M <- Got], Down]).

%% A receiver with a small max_heap_size is killed once the messages that
%% arrive on its heap make it too large.
max_heap() ->
    P = spawn_opt(fun() -> hoard([]) end, [{max_heap_size, #{size => 2000, kill => true, error_logger => false}}]),
    Ref = monitor(process, P),
    [P ! {item, lists:seq(1, 50)} || _ <- lists:seq(1, 200)],
    R = receive {'DOWN', Ref, process, P, Why} -> Why after 5000 -> alive end,
    io:format("max_heap ~p~n", [R]).

hoard(Acc) -> receive M -> hoard([M | Acc]) end.
