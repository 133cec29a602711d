%% binarytrees - the benchmark game's binary-trees: allocate and walk many
%% perfect binary trees of tuples, keeping one long-lived tree: allocation
%% rate and garbage collection. Size: maximum depth.
%% Result: the check sums of the stretch tree, each depth, the long-lived tree.
-module(binarytrees).
%% group: gc
%% quick: 14
-define(DEFAULT_SIZE, 19).
-define(MIN_DEPTH, 4).
-include("bench.hrl").

run(Max0) ->
    Max = max(?MIN_DEPTH + 2, Max0),
    Stretch = check(make(Max + 1)),
    LongLived = make(Max),
    Depths = depths(?MIN_DEPTH, Max),
    {Stretch, Depths, check(LongLived)}.

depths(D, Max) when D > Max -> [];
depths(D, Max) ->
    Iter = 1 bsl (Max - D + ?MIN_DEPTH),
    [{Iter, D, sum(Iter, D, 0)} | depths(D + 2, Max)].

sum(0, _D, Acc) -> Acc;
sum(I, D, Acc) -> sum(I - 1, D, Acc + check(make(D))).

make(0) -> {nil, nil};
make(D) -> {make(D - 1), make(D - 1)}.

check({nil, nil}) -> 1;
check({L, R}) -> 1 + check(L) + check(R).
