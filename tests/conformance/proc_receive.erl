%% Selective receive, the save pointer and OTP 25's receive markers,
%% receive ... after (0, finite, infinity in a loop), timer:sleep,
%% messages left in the queue, a process blocked in receive woken by a
%% message from another.
-module(proc_receive).
-export([main/0]).

main() ->
    Self = self(),
    %% out of order: take c, then a, then b
    [Self ! M || M <- [a, b, c]],
    R1 = receive c -> c end,
    R2 = receive a -> a end,
    R3 = receive b -> b end,
    show(selective, [R1, R2, R3]),
    %% after 0 on an empty queue, and with a non-matching message
    show(after0, receive x -> x after 0 -> none end),
    Self ! y,
    show(after0_nomatch, receive x -> x after 0 -> none end),
    show(left, receive y -> y after 0 -> none end),
    %% a timeout that expires while messages that do not match arrive
    Noise = spawn(fun() -> [begin Self ! {noise, I}, receive after 5 -> ok end end || I <- lists:seq(1, 10)] end),
    T0 = erlang:monotonic_time(millisecond),
    show(after_with_noise, receive never -> never after 120 -> expired end),
    T1 = erlang:monotonic_time(millisecond),
    show(waited_enough, T1 - T0 >= 120),
    Mon = monitor(process, Noise),
    receive {'DOWN', Mon, _, _, _} -> ok end,
    show(noise_kept, length([receive {noise, I} -> I end || I <- lists:seq(1, 10)])),
    %% the reference pattern (receive markers): old messages are skipped
    [Self ! {old, I} || I <- lists:seq(1, 1000)],
    Server = spawn(fun() -> server() end),
    Replies = [call(Server, I) || I <- lists:seq(1, 50)],
    show(calls, lists:sum(Replies)),
    show(old_still_there, length(flush_old(0))),
    %% markers and a receive that is left through an exception
    Ref = make_ref(),
    Server ! {self(), Ref, 7},
    V = try receive {Ref, Val} -> throw({got, Val}) end catch throw:{got, G} -> G end,
    show(thrown_out, V),
    %% a waiting process woken later
    Waiter = spawn(fun() -> receive {wake, From} -> From ! woke end end),
    receive after 30 -> ok end,
    Waiter ! {wake, self()},
    show(woken, receive woke -> yes after 5000 -> no end),
    %% timer:sleep and an infinity receive that gets its message
    ok = timer:sleep(20),
    spawn(fun() -> receive after 10 -> Self ! late end end),
    show(infinity, receive late -> late end),
    %% a bad timeout value
    show(bad_timeout, catch receive after -1 -> ok end),
    show(bad_timeout2, catch receive after foo -> ok end),
    %% many receives with after in a loop
    show(loop, loop_after(200, 0)),
    Server ! stop,
    ok.

call(Server, I) ->
    Ref = make_ref(),
    Server ! {self(), Ref, I},
    receive {Ref, R} -> R end.

server() ->
    receive
        {From, Ref, I} -> From ! {Ref, I * 2}, server();
        stop -> ok
    end.

flush_old(N) ->
    receive {old, _} = M -> [M | flush_old(N + 1)] after 0 -> [] end.

loop_after(0, Acc) -> Acc;
loop_after(N, Acc) ->
    self() ! {tick, N},
    receive {tick, N} -> loop_after(N - 1, Acc + 1) after 1000 -> timeout end.

show(Tag, V) -> erlang:display({Tag, V}).
