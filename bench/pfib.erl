%% pfib - parallel naive Fibonacci: 8 worker processes each compute fib(N)
%% and send the result back, so the work spreads over every scheduler and
%% nothing is shared: the program that shows the speed-up from 1 to 2
%% schedulers (bench/run --modes "s1=+S 1,s2=+S 2"; erl's own +S 1 by
%% hand). Size: N of each worker's fib(N).
-module(pfib).
%% group: parallel
%% quick: 27
-define(DEFAULT_SIZE, 37).
-include("bench.hrl").

run(N) ->
    Self = self(),
    Pids = [spawn_link(fun() -> Self ! {self(), fib(N)} end) || _ <- lists:seq(1, 8)],
    lists:sum([receive {P, R} -> R end || P <- Pids]).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
