%% Time and timers: monotonic/system time and units, time_offset,
%% timestamp, send_after/3,4, start_timer/3,4, cancel_timer/1,2,
%% read_timer/1,2, timers to registered names, timer:sleep, timer:tc.
-module(proc_timer).
-export([main/0]).

main() ->
    T0 = erlang:monotonic_time(),
    show(mono_int, is_integer(T0)),
    show(mono_units, [is_integer(erlang:monotonic_time(U)) || U <- [second, millisecond, microsecond, nanosecond, native, 1000]]),
    show(mono_bad, err(catch erlang:monotonic_time(bogus))),
    S = erlang:system_time(second),
    show(system_plausible, S > 1600000000),
    show(offset, abs(erlang:system_time(millisecond) -
                     (erlang:monotonic_time(millisecond) + erlang:time_offset(millisecond))) < 50),
    {Mega, Sec, Micro} = erlang:timestamp(),
    show(timestamp, abs(Mega * 1000000 + Sec - S) < 5 andalso Micro < 1000000),
    show(os_time, abs(os:system_time(second) - S) < 5),
    %% send_after and its ordering
    Self = self(),
    erlang:send_after(60, Self, third),
    erlang:send_after(20, Self, first),
    erlang:send_after(40, Self, second),
    show(order, [receive M -> M after 1000 -> timeout end || _ <- [1, 2, 3]]),
    %% start_timer
    R = erlang:start_timer(10, Self, hello),
    show(start_timer, receive {timeout, R, hello} -> ok after 1000 -> timeout end),
    %% cancel and read
    R2 = erlang:send_after(10000, Self, never),
    Left = erlang:read_timer(R2),
    show(read, is_integer(Left) andalso Left > 9000 andalso Left =< 10000),
    C = erlang:cancel_timer(R2),
    show(cancel, is_integer(C) andalso C > 9000),
    show(cancel_again, erlang:cancel_timer(R2)),
    show(read_gone, erlang:read_timer(R2)),
    show(not_delivered, receive never -> got after 50 -> none end),
    %% async cancel/read with and without info
    R3 = erlang:send_after(10000, Self, never),
    show(async_cancel, erlang:cancel_timer(R3, [{async, true}])),
    show(async_msg, receive {cancel_timer, R3, V3} -> is_integer(V3) after 1000 -> timeout end),
    R4 = erlang:send_after(10000, Self, never),
    show(noinfo, erlang:cancel_timer(R4, [{info, false}])),
    R5 = erlang:start_timer(10000, Self, never),
    show(async_read, erlang:read_timer(R5, [{async, true}])),
    show(async_read_msg, receive {read_timer, R5, V5} -> is_integer(V5) after 1000 -> timeout end),
    erlang:cancel_timer(R5),
    %% absolute time
    Now = erlang:monotonic_time(millisecond),
    erlang:send_after(Now + 20, Self, abs_time, [{abs, true}]),
    show(abs, receive abs_time -> ok after 1000 -> timeout end),
    %% to a registered name, resolved when it fires
    register(timer_target, Self),
    erlang:send_after(10, timer_target, by_name),
    show(by_name, receive by_name -> ok after 1000 -> timeout end),
    unregister(timer_target),
    erlang:send_after(10, timer_target, lost),
    show(name_gone, receive lost -> got after 100 -> none end),
    %% bad arguments
    show(bad_time, err(catch erlang:send_after(-1, Self, x))),
    show(bad_dest, err(catch erlang:send_after(10, 17, x))),
    show(bad_cancel, err(catch erlang:cancel_timer(notaref))),
    show(bad_opt, err(catch erlang:cancel_timer(R, [bogus]))),
    %% timer:sleep and timer:tc
    {Us, ok} = timer:tc(fun() -> timer:sleep(30) end),
    show(tc, Us >= 30000),
    %% a timer message carries any term (copied at start)
    Big = lists:seq(1, 100),
    erlang:send_after(5, Self, {big, Big}),
    show(big, receive {big, B} -> B =:= Big after 1000 -> timeout end),
    %% elapsed monotonic time is never negative
    show(mono_forward, erlang:monotonic_time() >= T0),
    ok.

err({'EXIT', {R, [{M, F, _, _} | _]}}) -> {R, M, F};
err(X) -> X.

show(Tag, V) -> erlang:display({Tag, V}).
