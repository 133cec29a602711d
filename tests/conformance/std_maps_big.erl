%% std_maps_big: maps beyond the 32-key flat limit (hashed maps) built in
%% several ways (from_list, put loops, from_keys, merges), with
%% integer, float, binary, tuple and list keys: lookups, updates,
%% removals down to small sizes, equality and term order between maps
%% built differently, and iteration order compared as sorted lists.
-module(std_maps_big).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    N = 5000,
    Keys = [K || I <- lists:seq(1, N), K <- [case I rem 5 of 0 -> I; 1 -> float(I) + 0.5; 2 -> integer_to_binary(I); 3 -> {I}; 4 -> [I] end]],
    M1 = maps:from_list([{K, erlang:phash2(K)} || K <- Keys]),
    M2 = lists:foldl(fun(K, A) -> A#{K => erlang:phash2(K)} end, #{}, lists:reverse(Keys)),
    M3 = maps:from_list(lists:reverse([{K, erlang:phash2(K)} || K <- Keys])),
    t(sizes, fun() -> {map_size(M1), map_size(M2), map_size(M3)} end),
    t(equal, fun() -> {M1 =:= M2, M2 =:= M3, M1 == M3, erlang:phash2(M1) =:= erlang:phash2(M2)} end),
    t(lookups, fun() -> [maps:find(K, M1) || K <- [5, 6.5, <<"7">>, {8}, [9], 10.0, <<"x">>, 5000, {4998}]] end),
    t(sorted_keys, fun() -> lists:sublist(lists:sort(maps:keys(M1)), 8) end),
    t(sorted_last, fun() -> lists:nthtail(N - 5, lists:sort(maps:to_list(M2))) end),
    t(update_all, fun() -> M = maps:map(fun(_, V) -> V + 1 end, M1), {maps:get(5, M) - maps:get(5, M1), map_size(M)} end),
    t(remove_down, fun() -> M = lists:foldl(fun maps:remove/2, M1, lists:sublist(Keys, N - 20)), {map_size(M), lists:sort(maps:keys(M))} end),
    t(merge, fun() -> M = maps:merge(M1, maps:from_keys(lists:seq(1, 100), new)), {map_size(M), maps:get(5, M), maps:get(2, M)} end),
    t(filter, fun() -> M = maps:filter(fun(K, _) -> is_integer(K) end, M1), {map_size(M), lists:sum(maps:keys(M))} end),
    t(fold, fun() -> maps:fold(fun(K, V, A) when is_integer(K) -> A + V rem 7; (_, _, A) -> A end, 0, M3) end),
    t(with_without, fun() -> {map_size(maps:with(lists:sublist(Keys, 40), M1)), map_size(maps:without(lists:sublist(Keys, 40), M1))} end),
    t(order_vs_small, fun() -> lists:sort([M1, #{}, #{a => 1}, maps:with(lists:sublist(Keys, 33), M1), maps:with(lists:sublist(Keys, 31), M1)]) =:= lists:sort(lists:reverse([M1, #{}, #{a => 1}, maps:with(lists:sublist(Keys, 33), M1), maps:with(lists:sublist(Keys, 31), M1)])) end),
    t(compare_sizes, fun() -> {maps:with(lists:sublist(Keys, 40), M1) < M1, M1 > #{a => 1}} end),
    t(float_int_keys, fun() -> M = maps:from_list([{I, int} || I <- lists:seq(1, 40)] ++ [{float(I), flt} || I <- lists:seq(1, 40)]),
                               {map_size(M), maps:get(7, M), maps:get(7.0, M)} end),
    t(etf, fun() -> binary_to_term(term_to_binary(M1)) =:= M1 end),
    t(iterator_count, fun() -> Count = fun C(none, A) -> A; C(I, A) -> case maps:next(I) of none -> A; {_, _, I2} -> C(I2, A + 1) end end,
                               Count(maps:iterator(M1), 0) end),
    ok.
