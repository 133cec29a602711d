%% Sorting algorithms written in Erlang: quicksort, mergesort, insertion
%% sort, on integers, atoms and tuples; compared with lists:sort.
-module(sorting).
-export([main/0]).

qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P] ++ qsort([X || X <- T, X >= P]).

msort([]) -> [];
msort([X]) -> [X];
msort(L) ->
    {A, B} = lists:split(length(L) div 2, L),
    merge(msort(A), msort(B)).
merge([], B) -> B;
merge(A, []) -> A;
merge([X | A], [Y | B]) when X =< Y -> [X | merge(A, [Y | B])];
merge(A, [Y | B]) -> [Y | merge(A, B)].

isort(L) -> lists:foldl(fun ins/2, [], L).
ins(X, []) -> [X];
ins(X, [Y | T]) when X =< Y -> [X, Y | T];
ins(X, [Y | T]) -> [Y | ins(X, T)].

lcg(0, _) -> [];
lcg(N, S) -> S2 = (S * 1103515245 + 12345) rem 2147483648, [S2 rem 1000 | lcg(N - 1, S2)].

main() ->
    L = lcg(2000, 42),
    S = lists:sort(L),
    erlang:display(qsort(L) =:= S),
    erlang:display(msort(L) =:= S),
    erlang:display(isort(lists:sublist(L, 300)) =:= lists:sort(lists:sublist(L, 300))),
    erlang:display(lists:sublist(S, 10)),
    erlang:display(qsort([c, a, b, {1}, 2, "s"])),
    erlang:display(msort([{b, 2}, {a, 3}, {a, 1}])),
    erlang:display(lists:sum(L)).
