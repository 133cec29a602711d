%% Bignums: factorials, powers, mixed arithmetic, comparisons.
-module(bignums).
-export([main/0]).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

fib(N) -> fib(N, 0, 1).
fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

main() ->
    erlang:display(fact(30)),
    erlang:display(fact(50) div fact(48)),
    erlang:display(pow(2, 100)),
    erlang:display(pow(2, 100) - pow(2, 99)),
    erlang:display(-pow(3, 50)),
    erlang:display(fib(200)),
    erlang:display(pow(2, 64) rem 1000007),
    erlang:display(pow(2, 70) band (pow(2, 68) + 5)),
    erlang:display(1 bsl 80),
    erlang:display((1 bsl 80) bsr 77),
    erlang:display(pow(10, 30) > pow(10, 29)),
    erlang:display(pow(2, 60) + 0.0),
    erlang:display(576460752303423487 + 1),
    erlang:display(-576460752303423488 - 1),
    erlang:display(lists:sum([pow(7, N) || N <- lists:seq(1, 40)])),
    erlang:display(abs(-pow(5, 30))).
