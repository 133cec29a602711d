%% std_gb_sets: every export of gb_sets: add/insert/delete/balance,
%% algebra (union/intersection/difference/subtract over pairs and lists),
%% subset/disjoint, smallest/largest/take_*, iterators and iterator_from,
%% fold/filter/map/filtermap, from_ordset and the errors.
-module(std_gb_sets).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    A = gb_sets:from_list([5, 3, 8, 1, 3, 9]), B = gb_sets:from_list([2, 3, 4, 5]),
    Big = gb_sets:from_ordset(lists:seq(1, 3000)),
    L = fun gb_sets:to_list/1,
    t(basic, fun() -> {L(A), gb_sets:size(A), gb_sets:is_empty(A), gb_sets:is_empty(gb_sets:new()), gb_sets:is_set(A), gb_sets:is_set(x)} end),
    t(elements, fun() -> {gb_sets:is_member(3, A), gb_sets:is_element(4, A), L(gb_sets:add(4, A)), L(gb_sets:add_element(3, A)),
                          L(gb_sets:del_element(3, A)), L(gb_sets:delete_any(99, A)), L(gb_sets:delete(1, A))} end),
    t(insert_dup, fun() -> gb_sets:insert(3, A) end),
    t(delete_missing, fun() -> gb_sets:delete(99, A) end),
    t(singleton, fun() -> L(gb_sets:singleton(x)) end),
    t(algebra, fun() -> {L(gb_sets:union(A, B)), L(gb_sets:intersection(A, B)), L(gb_sets:difference(A, B)), L(gb_sets:subtract(B, A)),
                         gb_sets:is_subset(gb_sets:from_list([3, 5]), A), gb_sets:is_subset(B, A), gb_sets:is_disjoint(A, gb_sets:from_list([2, 4]))} end),
    t(lists_of, fun() -> {L(gb_sets:union([A, B, gb_sets:singleton(0)])), L(gb_sets:intersection([A, B, gb_sets:from_list([3, 7])]))} end),
    t(intersection_empty_list, fun() -> gb_sets:intersection([]) end),
    t(ends, fun() -> {gb_sets:smallest(A), gb_sets:largest(A), element(1, gb_sets:take_smallest(A)), element(1, gb_sets:take_largest(A)),
                      L(element(2, gb_sets:take_largest(A)))} end),
    t(ends_empty, fun() -> gb_sets:largest(gb_sets:empty()) end),
    t(iter, fun() -> {walk(gb_sets:iterator(A)), walk(gb_sets:iterator_from(4, A)), walk(gb_sets:iterator_from(10, A))} end),
    t(hof, fun() -> {gb_sets:fold(fun(X, Acc) -> X + Acc end, 0, A), L(gb_sets:filter(fun(X) -> X > 3 end, A))} end),
    t(big, fun() -> S = gb_sets:subtract(Big, gb_sets:from_ordset(lists:seq(2, 3000, 2))), {gb_sets:size(S), gb_sets:smallest(S), gb_sets:largest(S),
                                                                                          gb_sets:size(gb_sets:balance(S)), length(walk(gb_sets:iterator_from(2990, S)))} end),
    t(from_list_mixed, fun() -> L(gb_sets:from_list([1, 1.0, a, "a", {a}])) end),
    t(empty_ops, fun() -> E = gb_sets:empty(), {L(gb_sets:union(E, E)), gb_sets:is_subset(E, A), gb_sets:fold(fun(X, Acc) -> [X | Acc] end, [], E)} end),
    ok.

walk(I) ->
    case gb_sets:next(I) of
        none -> [];
        {K, I2} -> [K | walk(I2)]
    end.
