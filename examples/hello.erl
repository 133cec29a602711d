%% hello.erl - the bundled default program of `scripts/demo`.
-module(hello).
-export([main/0, fib/1]).

main() ->
    io:format("fib(25) = ~p~n", [fib(25)]),
    io:format("~p~n", [lists:sort([{B, A} || {A, B} <- maps:to_list(#{a => 3, b => 1, c => 2})])]).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
