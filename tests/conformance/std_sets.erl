%% std_sets: sets in both representations (version 1 records and version 2
%% maps): every export, conversions between them, equality of elements
%% that compare equal (1 vs 1.0 are distinct), and large sets. Sets are
%% printed as sorted lists (internal layouts are OTP's business).
-module(std_sets).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    [run(V) || V <- [1, 2]],
    t(v2_is_map, fun() -> is_map(sets:new([{version, 2}])) end),
    t(v1_is_tuple, fun() -> element(1, sets:new()) end),
    t(mix_union, fun() -> lists:sort(sets:to_list(sets:union(sets:from_list([1, 2]), sets:from_list([2, 3], [{version, 2}])))) end),
    t(is_set, fun() -> [sets:is_set(X) || X <- [sets:new(), sets:new([{version, 2}]), #{}, [], {set, 1}]] end),
    t(bad_version, fun() -> sets:new([{version, 3}]) end),
    ok.

s(S) -> lists:sort(sets:to_list(S)).

run(V) ->
    O = [{version, V}],
    A = sets:from_list([3, 1, 2, 1.0, "x", {t}], O), B = sets:from_list([2, 3, 4, 5], O),
    Big = sets:from_list(lists:seq(1, 1000), O),
    t({V, from_list}, fun() -> {s(A), sets:size(A), sets:is_empty(A), sets:is_empty(sets:new(O))} end),
    t({V, element}, fun() -> {sets:is_element(1, A), sets:is_element(1.0, A), sets:is_element(2.0, A), s(sets:add_element(9, A)),
                              s(sets:del_element(1, A)), s(sets:del_element(99, A))} end),
    t({V, algebra}, fun() -> {s(sets:union(A, B)), s(sets:intersection(A, B)), s(sets:subtract(A, B)), sets:is_disjoint(A, B),
                              sets:is_subset(sets:from_list([2, 3], O), A), sets:is_subset(A, B)} end),
    t({V, lists_of}, fun() -> {s(sets:union([A, B, sets:from_list([z], O)])), s(sets:intersection([A, B]))} end),
    t({V, intersection_empty}, fun() -> sets:intersection([]) end),
    t({V, fold_filter}, fun() -> {sets:fold(fun(X, Acc) when is_integer(X) -> X + Acc; (_, Acc) -> Acc end, 0, A),
                                  s(sets:filter(fun is_integer/1, A)), s(sets:filter(fun(X) -> X > 3 end, B))} end),
    t({V, big}, fun() -> {sets:size(Big), sets:is_element(500, Big), sets:size(sets:subtract(Big, sets:from_list(lists:seq(1, 999, 2), O))),
                          lists:sum(s(sets:filter(fun(X) -> X rem 100 =:= 0 end, Big)))} end),
    t({V, subset_both}, fun() -> C = sets:from_list(s(A), O), {sets:is_subset(A, C), sets:is_subset(C, A), sets:is_subset(A, B)} end),
    t({V, equal_after_ops}, fun() -> S1 = sets:add_element(7, sets:del_element(7, B)), s(S1) == s(sets:add_element(7, B)) end),
    t({V, to_list_err}, fun() -> sets:to_list(notaset) end),
    t({V, fold_err}, fun() -> sets:fold(notafun, 0, A) end),
    ok.
