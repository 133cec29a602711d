%% Tail recursion in loops of millions of iterations (constant stack),
%% accumulators, mutual recursion, and counting with maps.
-module(tailrec).
-export([main/0]).

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + (N rem 7)).

even(0) -> true;
even(N) -> odd(N - 1).
odd(0) -> false;
odd(N) -> even(N - 1).

count([], M) -> M;
count([H | T], M) -> count(T, maps:update_with(H, fun(C) -> C + 1 end, 1, M)).

collatz(1, S) -> S;
collatz(N, S) when N rem 2 =:= 0 -> collatz(N div 2, S + 1);
collatz(N, S) -> collatz(3 * N + 1, S + 1).

main() ->
    erlang:display(loop(3000000, 0)),
    erlang:display(even(1000001)),
    erlang:display(count([a, b, a, c, a, b], #{})),
    erlang:display(lists:max([collatz(N, 0) || N <- lists:seq(1, 3000)])),
    erlang:display(lists:foldl(fun(X, {Mn, Mx}) -> {min(X, Mn), max(X, Mx)} end, {1000, 0}, [5, 3, 99, 42])).
