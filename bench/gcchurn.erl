%% gcchurn - a large live set (a tuple of records, a list, a map) that is
%% updated slowly while lots of short-lived data is made: what a generational
%% collector is for (old data promoted once and left alone, young data dying
%% young), and what a full-sweep collector pays for.
%% Size: number of update rounds. Result: a checksum of the final live set.
-module(gcchurn).
%% group: gc
-define(DEFAULT_SIZE, 250000).
-define(LIVE, 50000).
-define(ROW, 200).          % the live tuple is ?LIVE div ?ROW rows of ?ROW
-include("bench.hrl").

run(N) ->
    Tab = list_to_tuple([list_to_tuple([{I, [I], <<I:32>>} || I <- lists:seq(R * ?ROW + 1, (R + 1) * ?ROW)])
                         || R <- lists:seq(0, ?LIVE div ?ROW - 1)]),
    Map = maps:from_list([{I, I * 2} || I <- lists:seq(1, ?LIVE)]),
    {Tab1, Map1, Junk} = loop(N, 1, Tab, Map, 0),
    {sum_tab(Tab1, ?LIVE, 0), maps:fold(fun(K, V, A) -> (A + K * V) rem 1000000007 end, 0, Map1),
     Junk}.

%% Each round replaces one slot of the two-level tuple (setelement copies a
%% row and the outer tuple: old data referenced from new), one map entry,
%% and builds a throwaway list whose length only feeds the checksum.
loop(0, _S, Tab, Map, Junk) -> {Tab, Map, Junk};
loop(N, S, Tab, Map, Junk) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    I = S1 rem ?LIVE + 1,
    {K, L, B} = get(I, Tab),
    Entry = case length(L) of
                Len when Len > 8 -> {K, [S1 band 255], B};
                _ -> {K, [S1 band 255 | L], B}
            end,
    Garbage = [{X, S1} || X <- lists:seq(1, 20)],
    Map1 = maps:update(I, S1 band 16#FFFF, Map),
    Junk1 = (Junk + length(Garbage) + element(1, hd(Garbage))) band 16#FFFFFF,
    loop(N - 1, S1, set(I, Tab, Entry), Map1, Junk1).

get(I, Tab) -> element((I - 1) rem ?ROW + 1, element((I - 1) div ?ROW + 1, Tab)).

set(I, Tab, X) ->
    R = (I - 1) div ?ROW + 1,
    setelement(R, Tab, setelement((I - 1) rem ?ROW + 1, element(R, Tab), X)).

sum_tab(_Tab, 0, Acc) -> Acc;
sum_tab(Tab, I, Acc) ->
    {K, L, <<B:32>>} = get(I, Tab),
    sum_tab(Tab, I - 1, (Acc + K + lists:sum(L) + B) rem 1000000007).
