%% Recursion: naive fib, tak, ackermann, deep body recursion (stack growth).
-module(recursion).
-export([main/0]).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

tak(X, Y, Z) when Y < X -> tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.

ack(0, N) -> N + 1;
ack(M, 0) -> ack(M - 1, 1);
ack(M, N) -> ack(M - 1, ack(M, N - 1)).

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

build(0) -> [];
build(N) -> [N | build(N - 1)].

sum(N) -> sum(N, 0).
sum(0, Acc) -> Acc;
sum(N, Acc) -> sum(N - 1, Acc + N).

main() ->
    erlang:display(fib(20)),
    erlang:display([fib(N) || N <- lists:seq(0, 15)]),
    erlang:display(tak(18, 12, 6)),
    erlang:display(ack(2, 3)),
    erlang:display(ack(3, 4)),
    erlang:display(sum(1000000)),
    erlang:display(fib(25)).
