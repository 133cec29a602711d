%% fib - naive doubly recursive Fibonacci: function calls, small-integer
%% arithmetic and comparisons, nothing else. Size: N of fib(N).
-module(fib).
%% group: integer
%% quick: 27
-define(DEFAULT_SIZE, 40).
-include("bench.hrl").

run(N) -> fib(N).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
