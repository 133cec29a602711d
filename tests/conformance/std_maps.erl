%% std_maps: every export of maps (BIFs and maps.erl) on small (flat) and
%% large (hashed, > 32 keys) maps, with keys of every type, float/integer
%% key distinction, iterators, and the error each function raises.
-module(std_maps).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    M = #{a => 1, b => 2, c => 3},
    K = maps:from_list([{K, K * 2} || K <- lists:seq(1, 100)]),
    Mixed = #{1 => int, 1.0 => float, "1" => str, <<"1">> => bin, {1} => tup, [1] => list, '1' => atom, #{} => map},
    t(basics, fun() -> {maps:size(M), map_size(K), maps:keys(M), maps:values(M), maps:to_list(M)} end),
    t(big_sorted, fun() -> {lists:sort(maps:keys(K)) == lists:seq(1, 100), lists:sum(maps:values(K)), maps:get(77, K)} end),
    t(mixed, fun() -> {maps:to_list(Mixed), maps:get(1, Mixed), maps:get(1.0, Mixed), maps:is_key(1.0, #{1 => x})} end),
    t(get3, fun() -> {maps:get(z, M, def), maps:get(a, M, def)} end),
    t(get_err, fun() -> maps:get(z, M) end),
    t(get_badmap, fun() -> maps:get(a, [a]) end),
    t(find, fun() -> {maps:find(a, M), maps:find(z, M), maps:find(100, K)} end),
    t(put, fun() -> {maps:put(d, 4, M), maps:put(a, 0, M), maps:put(1.0, f, #{1 => i})} end),
    t(update, fun() -> {maps:update(a, 10, M), maps:update_with(a, fun(V) -> V + 100 end, M),
                        maps:update_with(z, fun(V) -> V end, init, M)} end),
    t(update_err, fun() -> maps:update(z, 1, M) end),
    t(update_with_err, fun() -> maps:update_with(z, fun(V) -> V end, M) end),
    t(remove, fun() -> {maps:remove(a, M), maps:remove(z, M), maps:size(maps:remove(50, K))} end),
    t(take, fun() -> {maps:take(a, M), maps:take(z, M)} end),
    t(merge, fun() -> {maps:merge(M, #{a => new, d => 4}), maps:merge(#{}, M), maps:size(maps:merge(K, M))} end),
    t(merge_with, fun() -> maps:merge_with(fun(_K, V1, V2) -> {V1, V2} end, M, #{a => x, z => y}) end),
    t(intersect, fun() -> {maps:intersect(M, #{a => x, z => y}), maps:intersect_with(fun(_K, A, B) -> [A, B] end, M, #{b => q})} end),
    t(with_without, fun() -> {maps:with([a, z], M), maps:without([a, z], M), maps:with([], M), maps:size(maps:without(lists:seq(1, 50), K))} end),
    t(with_err, fun() -> maps:with(a, M) end),
    t(map_filter, fun() -> {maps:map(fun(_K, V) -> V * V end, M), maps:filter(fun(_K, V) -> V > 1 end, M),
                            maps:filtermap(fun(a, _) -> false; (b, V) -> {true, -V}; (_, _) -> true end, M)} end),
    t(fold, fun() -> {lists:sort(maps:fold(fun(Kk, V, A) -> [{Kk, V} | A] end, [], M)), maps:fold(fun(_, V, A) -> V + A end, 0, K)} end),
    t(foreach, fun() -> maps:foreach(fun(Kk, V) -> put({mf, Kk}, V) end, M), [get({mf, X}) || X <- [a, b, c]] end),
    t(from_keys, fun() -> {maps:from_keys([a, b, a], 0), maps:from_keys([], x)} end),
    t(from_list_dups, fun() -> maps:from_list([{a, 1}, {a, 2}, {1, x}, {1.0, y}]) end),
    t(from_list_err, fun() -> maps:from_list([{a, 1}, b]) end),
    t(groups_from_list, fun() -> {maps:groups_from_list(fun(X) -> X rem 3 end, lists:seq(1, 10)),
                                  maps:groups_from_list(fun(X) -> X rem 2 end, fun(X) -> X * 10 end, lists:seq(1, 6))} end),
    t(iterator, fun() -> I = maps:iterator(M), {K1, V1, I2} = maps:next(I), {K2, V2, I3} = maps:next(I2), {K3, V3, I4} = maps:next(I3),
                         lists:sort([{K1, V1}, {K2, V2}, {K3, V3}]) ++ [maps:next(I4)] end),
    t(iterator_big, fun() -> Walk = fun W(none, A) -> A; W(It, A) -> {Kk, _, N} = maps:next(It), W(maps:next(N) =:= none andalso none orelse N, [Kk | A]) end,
                             length(Walk(maps:iterator(K), [])) end),
    t(iterator_err, fun() -> maps:next(not_an_iterator) end),
    t(iterator_badmap, fun() -> maps:iterator([]) end),
    t(is_key_err, fun() -> maps:is_key(a, []) end),
    t(keys_err, fun() -> maps:keys(x) end),
    t(map_err, fun() -> maps:map(fun(V) -> V end, M) end),
    t(fold_err, fun() -> maps:fold(x, 0, M) end),
    t(equality, fun() -> {#{1 => a} =:= #{1.0 => a}, #{1 => a} == #{1.0 => a}, maps:from_list([{X, X} || X <- lists:seq(1, 40)]) =:=
                          maps:from_list([{X, X} || X <- lists:reverse(lists:seq(1, 40))])} end),
    t(order, fun() -> lists:sort([#{a => 1}, #{b => 0}, #{a => 1, b => 2}, #{}, #{1 => x}, #{a => 0}, #{1.0 => x}]) end),
    t(big_ops, fun() -> M2 = lists:foldl(fun(X, A) -> maps:remove(X, A) end, K, lists:seq(1, 100, 2)), {map_size(M2), lists:sort(maps:keys(M2)) == lists:seq(2, 100, 2)} end),
    t(big_update, fun() -> M2 = maps:map(fun(Kk, V) -> Kk + V end, K), {maps:get(50, M2), maps:size(M2)} end),
    t(syntax, fun() -> M2 = M#{a := 100, z => 26}, #{a := A, z := Z} = M2, {A, Z, M2} end),
    t(syntax_err, fun() -> (id(M))#{zz := 1} end),
    t(match_fail, fun() -> #{zz := _} = id(M) end),
    t(nested, fun() -> N = #{l1 => #{l2 => #{l3 => deep}}}, #{l1 := #{l2 := #{l3 := V}}} = N, V end),
    t(print, fun() -> lists:flatten(io_lib:format("~p ~w", [Mixed, M])) end),
    ok.

id(X) -> X.
