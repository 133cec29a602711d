%% receive ... after T where T is a variable (an x register) and messages
%% the receive does not take arrive while it waits: the wait goes on with
%% the timer armed the first time (the register is not read again).
-module(proc_wait_timeout).
-export([main/0]).

wait_for(Tag, T) ->
    receive {Tag, V} -> V after T -> timeout end.

main() ->
    Self = self(),
    %% noise from other processes, with pointers in their registers
    Noise = [spawn(fun() -> [Self ! {noise, lists:seq(1, N)} || N <- lists:seq(1, 20)] end) || _ <- lists:seq(1, 4)],
    erlang:display(wait_for(never, 300)),
    spawn(fun() -> timer:sleep(50), Self ! {late, lists:duplicate(3, x)}, Self ! {tag, done} end),
    erlang:display(wait_for(tag, 2000)),
    T0 = erlang:monotonic_time(millisecond),
    [spawn(fun() -> timer:sleep(10 * I), Self ! {other, I} end) || I <- lists:seq(1, 10)],
    timer:sleep(250),
    erlang:display(erlang:monotonic_time(millisecond) - T0 >= 250),
    erlang:display(length([ok || _ <- Noise])),
    erlang:display(flush(0)).

flush(N) -> receive _ -> flush(N + 1) after 0 -> N end.
