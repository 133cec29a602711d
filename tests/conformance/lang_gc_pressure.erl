%% Garbage collector pressure: build and drop large lists, tuples, maps
%% and binaries repeatedly; keep a long-lived structure alive across many
%% collections (promotion to the old heap) and check it is intact; large
%% terms shared between structures; and a growing then shrinking heap.
-module(lang_gc_pressure).
-export([main/0]).
%% stress: skip (minutes of collections at every allocation; lang_procdict and
%% the other programs cover GC stress)

churn(0, Keep) -> Keep;
churn(N, Keep) ->
    Garbage = [{I, [I, I + 1], <<I:32>>} || I <- lists:seq(1, 2000)],
    _ = length(Garbage),
    M = maps:from_list([{I, I} || I <- lists:seq(1, 200)]),
    Keep2 = case N rem 50 of 0 -> [{N, map_size(M), lists:last(Garbage)} | Keep]; _ -> Keep end,
    churn(N - 1, Keep2).

checksum(L) -> erlang:phash2(L).

main() ->
    Old = [{K, lists:seq(1, 10), integer_to_binary(K)} || K <- lists:seq(1, 5000)],
    Sum0 = checksum(Old),
    Kept = churn(1000, []),
    io:format("~p~n", [{length(Kept), hd(Kept), lists:last(Kept)}]),
    io:format("~p~n", [checksum(Old) =:= Sum0]),
    Shared = lists:seq(1, 1000),
    Many = [Shared || _ <- lists:seq(1, 1000)],
    io:format("~p~n", [{length(Many), lists:sum([length(X) || X <- Many])}]),
    Bins = [binary:copy(<<N>>, 1000) || N <- lists:seq(1, 2000)],
    Subs = [binary:part(B, 10, 5) || B <- Bins],
    io:format("~p~n", [{length(Subs), lists:nth(77, Subs), erlang:md5(iolist_to_binary(Subs))}]),
    Big = lists:foldl(fun(I, Acc) -> [I | Acc] end, [], lists:seq(1, 2000000)),
    io:format("~p~n", [{length(Big), hd(Big)}]),
    T = list_to_tuple(lists:seq(1, 500000)),
    T2 = lists:foldl(fun(I, Acc) -> setelement(I, Acc, I * 2) end, T, lists:seq(1, 50)),
    io:format("~p~n", [{element(50, T2), element(51, T2), tuple_size(T2)}]),
    Maps = lists:foldl(fun(I, Acc) -> Acc#{I => [I]} end, #{}, lists:seq(1, 100000)),
    io:format("~p~n", [{map_size(Maps), maps:get(99999, Maps)}]),
    Str = lists:flatten([integer_to_list(I) || I <- lists:seq(1, 100000)]),
    io:format("~p~n", [{length(Str), erlang:phash2(Str)}]),
    io:format("~p~n", [checksum(Old) =:= Sum0]).
