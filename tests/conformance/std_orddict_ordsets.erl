%% std_orddict_ordsets: every export of orddict and ordsets, including
%% behaviour on keys that compare equal (1 and 1.0), unsorted input to
%% from_list, set algebra over lists of sets, and function-clause errors.
-module(std_orddict_ordsets).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    D = orddict:from_list([{c, 3}, {a, 1}, {b, 2}, {a, 10}]),
    t(od_from_list, fun() -> {D, orddict:from_list([]), orddict:from_list([{1, i}, {1.0, f}, {2, x}])} end),
    t(od_basic, fun() -> {orddict:size(D), orddict:is_empty(D), orddict:is_empty(orddict:new()), orddict:fetch_keys(D), orddict:to_list(D)} end),
    t(od_find, fun() -> {orddict:find(a, D), orddict:find(z, D), orddict:is_key(b, D), orddict:is_key(1.0, [{1, x}])} end),
    t(od_fetch, fun() -> orddict:fetch(b, D) end),
    t(od_fetch_err, fun() -> orddict:fetch(z, D) end),
    t(od_store, fun() -> {orddict:store(b, 20, D), orddict:store(aa, 0, D), orddict:store(z, 26, D), orddict:store(1.0, f, [{1, i}])} end),
    t(od_append, fun() -> {orddict:append(a, x, [{a, [y]}]), orddict:append(n, x, []), orddict:append_list(a, [p, q], [{a, [o]}])} end),
    t(od_append_err, fun() -> orddict:append(a, x, [{a, notalist}]) end),
    t(od_update, fun() -> {orddict:update(a, fun(V) -> V * 2 end, D), orddict:update(z, fun(V) -> V end, 0, D),
                           orddict:update_counter(a, 5, D), orddict:update_counter(n, 5, D)} end),
    t(od_update_err, fun() -> orddict:update(z, fun(V) -> V end, D) end),
    t(od_erase_take, fun() -> {orddict:erase(b, D), orddict:erase(z, D), orddict:take(a, D), orddict:take(z, D)} end),
    t(od_fold_map_filter, fun() -> {orddict:fold(fun(K, V, A) -> [{K, V} | A] end, [], D), orddict:map(fun(K, V) -> {K, V} end, D),
                                    orddict:filter(fun(_K, V) -> V > 2 end, D)} end),
    t(od_merge, fun() -> orddict:merge(fun(_K, A, B) -> A + B end, D, [{b, 100}, {d, 4}]) end),
    S1 = ordsets:from_list([5, 3, 1, 3, 9]), S2 = ordsets:from_list([2, 3, 4, 5]),
    t(os_basic, fun() -> {S1, S2, ordsets:size(S1), ordsets:is_empty(ordsets:new()), ordsets:to_list(S1), ordsets:is_set(S1), ordsets:is_set([2, 1]),
                          ordsets:is_set([1, 1]), ordsets:is_set(x)} end),
    t(os_element, fun() -> {ordsets:is_element(3, S1), ordsets:is_element(4, S1), ordsets:add_element(4, S1), ordsets:add_element(3, S1),
                            ordsets:del_element(3, S1), ordsets:del_element(7, S1)} end),
    t(os_algebra, fun() -> {ordsets:union(S1, S2), ordsets:intersection(S1, S2), ordsets:subtract(S1, S2), ordsets:is_disjoint(S1, [2, 4]),
                            ordsets:is_subset([3, 5], S1), ordsets:is_subset([3, 4], S1)} end),
    t(os_lists, fun() -> {ordsets:union([S1, S2, [0, 100]]), ordsets:intersection([S1, S2, [3, 5, 7]]), ordsets:union([])} end),
    t(os_intersection_empty, fun() -> ordsets:intersection([]) end),
    t(os_fold_filter, fun() -> {ordsets:fold(fun(X, A) -> X + A end, 0, S1), ordsets:filter(fun(X) -> X > 3 end, S1),
                                ordsets:fold(fun(X, A) -> [X | A] end, [], S1)} end),
    t(os_num_eq, fun() -> {ordsets:from_list([1, 1.0, 2]), ordsets:add_element(1.0, [1]), ordsets:is_element(1.0, [1]), ordsets:union([1], [1.0])} end),
    t(os_mixed, fun() -> ordsets:from_list([b, 1, "s", {t}, [], <<>>, 2.5]) end),
    ok.
