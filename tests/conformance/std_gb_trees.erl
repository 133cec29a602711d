%% std_gb_trees: every export of gb_trees: insert/enter/update/delete/
%% take/lookup/get, smallest/largest/take_smallest/take_largest,
%% iterators (from a key, ordered/reversed), map, balance, to_list/from
%% orddict, with the errors for missing and duplicate keys.
-module(std_gb_trees).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    T = lists:foldl(fun(K, A) -> gb_trees:insert(K, K * K, A) end, gb_trees:empty(), [5, 3, 8, 1, 4, 7, 9, 2, 6]),
    Big = gb_trees:from_orddict([{K, -K} || K <- lists:seq(1, 2000)]),
    t(basic, fun() -> {gb_trees:size(T), gb_trees:is_empty(T), gb_trees:is_empty(gb_trees:empty()), gb_trees:to_list(T), gb_trees:keys(T), gb_trees:values(T)} end),
    t(lookup, fun() -> {gb_trees:lookup(4, T), gb_trees:lookup(10, T), gb_trees:get(4, T), gb_trees:is_defined(9, T), gb_trees:is_defined(1.0, T),
                        gb_trees:lookup(1.0, T)} end),
    t(get_err, fun() -> gb_trees:get(10, T) end),
    t(insert_dup, fun() -> gb_trees:insert(5, x, T) end),
    t(enter, fun() -> {gb_trees:to_list(gb_trees:enter(5, x, T)), gb_trees:size(gb_trees:enter(10, y, T))} end),
    t(update, fun() -> gb_trees:to_list(gb_trees:update(1, one, T)) end),
    t(update_err, fun() -> gb_trees:update(10, x, T) end),
    t(delete, fun() -> {gb_trees:keys(gb_trees:delete(5, T)), gb_trees:keys(gb_trees:delete_any(10, T)), gb_trees:keys(gb_trees:delete_any(1, T))} end),
    t(delete_err, fun() -> gb_trees:delete(10, T) end),
    t(take, fun() -> {element(1, gb_trees:take(3, T)), gb_trees:take_any(10, T), element(1, gb_trees:take_any(3, T))} end),
    t(take_err, fun() -> gb_trees:take(10, T) end),
    t(smallest_largest, fun() -> {gb_trees:smallest(T), gb_trees:largest(T), element(1, gb_trees:take_smallest(T)), element(1, gb_trees:take_largest(T)),
                                  gb_trees:keys(element(3, gb_trees:take_smallest(T)))} end),
    t(smallest_empty, fun() -> gb_trees:smallest(gb_trees:empty()) end),
    t(iterator, fun() -> walk(gb_trees:iterator(T)) end),
    t(iterator_from, fun() -> {walk(gb_trees:iterator_from(5, T)), walk(gb_trees:iterator_from(100, T)), walk(gb_trees:iterator_from(0, T))} end),
    t(map, fun() -> gb_trees:to_list(gb_trees:map(fun(K, V) -> K + V end, T)) end),
    t(balance, fun() -> T2 = lists:foldl(fun(K, A) -> gb_trees:delete(K, A) end, Big, lists:seq(1, 1990)), B = gb_trees:balance(T2),
                        {gb_trees:to_list(B), gb_trees:size(B)} end),
    t(big, fun() -> {gb_trees:size(Big), gb_trees:get(1234, Big), gb_trees:smallest(Big), gb_trees:largest(Big),
                     length(walk(gb_trees:iterator_from(1995, Big)))} end),
    t(from_orddict_empty, fun() -> gb_trees:to_list(gb_trees:from_orddict([])) end),
    t(keys_mixed, fun() -> gb_trees:keys(lists:foldl(fun(K, A) -> gb_trees:enter(K, v, A) end, gb_trees:empty(), [b, 1, "s", {t}, 2.0, 1.0])) end),
    ok.

walk(I) ->
    case gb_trees:next(I) of
        none -> [];
        {K, V, I2} -> [{K, V} | walk(I2)]
    end.
