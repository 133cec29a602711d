%% std_lists_big: lists functions on large inputs (100k elements), where
%% the BIF versions (reverse, member, keyfind, ++, --, length) and the
%% Erlang ones (sort, keysort, merge, flatten, split, zip, foldl) must
%% agree with erl and run well within the time limit; checksums instead of
%% printing whole lists.
-module(std_lists_big).
-export([main/0]).
-import(stdh, [t/2]).
%% stress: skip (a collection at every allocation on 100k-element lists takes minutes)

sum(L) -> lists:foldl(fun(X, A) -> (A * 31 + erlang:phash2(X)) band 16#FFFFFFF end, 0, L).

main() ->
    N = 100000,
    L = lists:seq(1, N),
    R = [(I * 7919) rem N || I <- L],
    t(reverse, fun() -> sum(lists:reverse(L)) end),
    t(member, fun() -> {lists:member(N, L), lists:member(N + 1, L), lists:member(0, R)} end),
    t(keyfind, fun() -> KL = [{I, I * 2} || I <- L], {lists:keyfind(N, 1, KL), lists:keyfind(N * 2, 2, KL), lists:keyfind(-1, 1, KL)} end),
    t(append, fun() -> {length(L ++ L), sum(L ++ R)} end),
    t(subtract, fun() -> {length(L -- R), length(R -- lists:seq(1, N, 2))} end),
    t(sort, fun() -> S = lists:sort(R), {hd(S), lists:last(S), sum(S)} end),
    t(usort, fun() -> S = lists:usort([X rem 1000 || X <- R]), {length(S), sum(S)} end),
    t(sort_fun, fun() -> S = lists:sort(fun(A, B) -> A >= B end, R), {hd(S), sum(S)} end),
    t(keysort, fun() -> S = lists:keysort(2, [{I, X rem 100} || {I, X} <- lists:zip(L, R)]), {hd(S), lists:last(S), sum(S)} end),
    t(merge, fun() -> sum(lists:merge(lists:seq(1, N, 2), lists:seq(2, N, 2))) end),
    t(flatten, fun() -> D = [[I, [I + 1, [I + 2]]] || I <- lists:seq(1, N div 3)], {length(lists:flatten(D)), lists:flatlength(D)} end),
    t(split, fun() -> {A, B} = lists:split(N div 2, L), {length(A), hd(B)} end),
    t(zip_unzip, fun() -> {A, B} = lists:unzip(lists:zip(L, R)), {A =:= L, B =:= R} end),
    t(foldl_foldr, fun() -> {lists:foldl(fun(X, A) -> X + A end, 0, L), lists:foldr(fun(X, A) -> X - A end, 0, lists:sublist(L, 1000))} end),
    t(map_filter, fun() -> sum(lists:filter(fun(X) -> X rem 3 =:= 0 end, lists:map(fun(X) -> X * X end, R))) end),
    t(seq_dup, fun() -> {length(lists:duplicate(N, x)), sum(lists:seq(N, 1, -7))} end),
    t(nth_last, fun() -> {lists:nth(N, L), lists:last(R), lists:nthtail(N - 2, L)} end),
    t(max_min_sum, fun() -> {lists:max(R), lists:min(R), lists:sum(R)} end),
    t(length, fun() -> length(lists:append([L, R, L])) end),
    t(uniq, fun() -> length(lists:uniq([X rem 5000 || X <- R])) end),
    t(partition, fun() -> {A, B} = lists:partition(fun(X) -> X > N div 2 end, R), {length(A), length(B)} end),
    ok.
