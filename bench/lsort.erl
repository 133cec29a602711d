%% lsort - lists:sort/1 and lists:usort/1 on large lists of pseudo-random
%% integers and of tuples (stdlib's merge sort, run as ordinary Erlang code),
%% then lists:keysort/2. Size: list length.
%% Result: a position-weighted sum of each sorted list.
-module(lsort).
%% group: lists
-define(DEFAULT_SIZE, 250000).
-include("bench.hrl").

run(N) ->
    Ints = randoms(N, 42, []),
    Sorted = lists:sort(Ints),
    Unique = lists:usort(Ints),
    Pairs = [{X rem 1000, X} || X <- Ints],
    Tuples = lists:sort(Pairs),
    Keyed = lists:keysort(2, Pairs),
    Desc = lists:sort(fun(A, B) -> A >= B end, Ints),
    true = (lists:reverse(Desc) =:= Sorted),
    {weigh(Sorted), length(Unique), weigh([X || {_, X} <- Tuples]),
     weigh([K || {K, _} <- Keyed])}.

%% A 31-bit linear congruential generator: deterministic on every VM.
randoms(0, _S, Acc) -> Acc;
randoms(N, S, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    randoms(N - 1, S1, [S1 | Acc]).

weigh(L) -> weigh(L, 1, 0).
weigh([], _I, Acc) -> Acc;
weigh([X | T], I, Acc) -> weigh(T, I + 1, (Acc + X * I) band 16#FFFFFFFFFFFF).
