%% gcchurn - a large live set (a tuple of records, a list, a map) that is
%% updated slowly while lots of short-lived data is made: what a generational
%% collector is for (old data promoted once and left alone, young data dying
%% young), and what a full-sweep collector pays for.
%% Size: number of update rounds. Result: a checksum of the final live set.
-module(gcchurn).
%% group: gc
-define(DEFAULT_SIZE, 1500000).
-define(LIVE, 50000).
-include("bench.hrl").

run(N) ->
    Tab = list_to_tuple([{I, [I], <<I:32>>} || I <- lists:seq(1, ?LIVE)]),
    Map = maps:from_list([{I, I * 2} || I <- lists:seq(1, ?LIVE)]),
    {Tab1, Map1, Junk} = loop(N, 1, Tab, Map, 0),
    {sum_tab(Tab1, ?LIVE, 0), maps:fold(fun(K, V, A) -> (A + K * V) rem 1000000007 end, 0, Map1),
     Junk}.

%% Each round replaces one slot of the tuple (a copy of a 50,000-word tuple
%% is not made: setelement on a live tuple is), one map entry, and builds a
%% throwaway list whose length only feeds the checksum.
loop(0, _S, Tab, Map, Junk) -> {Tab, Map, Junk};
loop(N, S, Tab, Map, Junk) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    I = S1 rem ?LIVE + 1,
    {K, L, B} = element(I, Tab),
    Entry = case length(L) of
                Len when Len > 8 -> {K, [S1 band 255], B};
                _ -> {K, [S1 band 255 | L], B}
            end,
    Garbage = [{X, S1} || X <- lists:seq(1, 20)],
    Map1 = maps:update(I, S1 band 16#FFFF, Map),
    Junk1 = (Junk + length(Garbage) + element(1, hd(Garbage))) band 16#FFFFFF,
    loop(N - 1, S1, setelement(I, Tab, Entry), Map1, Junk1).

sum_tab(_Tab, 0, Acc) -> Acc;
sum_tab(Tab, I, Acc) ->
    {K, L, <<B:32>>} = element(I, Tab),
    sum_tab(Tab, I - 1, (Acc + K + lists:sum(L) + B) rem 1000000007).
