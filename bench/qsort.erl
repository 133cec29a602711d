%% qsort - the textbook list-comprehension quicksort and a hand-written
%% partitioning quicksort, on a pseudo-random list, several rounds: list
%% construction, comparisons, and a lot of short-lived garbage.
%% Size: list length. Result: a position-weighted sum of the sorted list.
-module(qsort).
%% group: lists
-define(DEFAULT_SIZE, 250000).
-define(ROUNDS, 4).
-include("bench.hrl").

run(N) -> rounds(?ROUNDS, N, 7, 0).

rounds(0, _N, _Seed, Acc) -> Acc;
rounds(R, N, Seed, Acc) ->
    L = randoms(N, Seed, []),
    A = qsort(L),
    B = psort(L, []),
    A = B,
    rounds(R - 1, N, Seed + 1, (Acc + weigh(A, 1, 0)) band 16#FFFFFFFFFFFF).

qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P | qsort([X || X <- T, X >= P])].

%% Partition in one pass, and sort onto an accumulator instead of using ++.
psort([], Acc) -> Acc;
psort([P | T], Acc) ->
    {Lo, Hi} = part(P, T, [], []),
    psort(Lo, [P | psort(Hi, Acc)]).

part(_P, [], Lo, Hi) -> {Lo, Hi};
part(P, [X | T], Lo, Hi) when X < P -> part(P, T, [X | Lo], Hi);
part(P, [X | T], Lo, Hi) -> part(P, T, Lo, [X | Hi]).

randoms(0, _S, Acc) -> Acc;
randoms(N, S, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    randoms(N - 1, S1, [S1 | Acc]).

weigh([], _I, Acc) -> Acc;
weigh([X | T], I, Acc) -> weigh(T, I + 1, (Acc + X * I) band 16#FFFFFFFFFFFF).
