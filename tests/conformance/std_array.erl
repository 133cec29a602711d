%% std_array: every export of array: fixed and extendible arrays, default
%% values, sparse operations, resize/relax/fix, folds in both directions,
%% orddict conversion, large indices (tree growth), and the badarg errors.
-module(std_array).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    A = array:from_list([a, b, c, d, e]),
    S = array:set(100, x, array:set(17, y, array:new([{default, none}]))),
    t(basic, fun() -> {array:size(A), array:to_list(A), array:get(0, A), array:get(4, A), array:is_array(A), array:is_array([]),
                       array:default(A), array:is_fix(A)} end),
    t(get_oob, fun() -> array:get(5, A) end),
    t(get_neg, fun() -> array:get(-1, A) end),
    t(set_grow, fun() -> B = array:set(10, z, A), {array:size(B), array:to_list(B)} end),
    t(fixed, fun() -> F = array:new(3, [fixed]), {array:is_fix(F), array:size(F), array:to_list(F), array:get(2, F)} end),
    t(fixed_set_oob, fun() -> array:set(3, x, array:new(3, {fixed, true})) end),
    t(fix_relax, fun() -> F = array:fix(A), R = array:relax(F), {array:is_fix(F), array:is_fix(R), array:size(array:set(9, q, R))} end),
    t(new_opts, fun() -> [array:to_list(X) || X <- [array:new(3), array:new(3, {default, 0}), array:new([{size, 2}, {default, d}]), array:new(0)]] end),
    t(new_bad, fun() -> array:new(-1) end),
    t(new_bad_opt, fun() -> array:new([{size, a}]) end),
    t(sparse, fun() -> {array:size(S), array:sparse_size(S), array:sparse_to_list(S), array:sparse_to_orddict(S), array:get(50, S), array:get(17, S)} end),
    t(reset, fun() -> {array:to_list(array:reset(1, A)), array:sparse_to_list(array:reset(17, S)), array:to_list(array:reset(20, A))} end),
    t(resize, fun() -> {array:to_list(array:resize(2, A)), array:size(array:resize(8, A)), array:size(array:resize(S)), array:size(array:resize(array:new(4)))} end),
    t(folds, fun() -> {array:foldl(fun(I, V, Acc) -> [{I, V} | Acc] end, [], A), array:foldr(fun(I, V, Acc) -> [{I, V} | Acc] end, [], A),
                       array:sparse_foldl(fun(I, V, Acc) -> [{I, V} | Acc] end, [], S), array:sparse_foldr(fun(I, V, Acc) -> [{I, V} | Acc] end, [], S)} end),
    t(maps, fun() -> {array:to_list(array:map(fun(I, V) -> {I, V} end, A)), array:sparse_to_orddict(array:sparse_map(fun(I, V) -> {I, V} end, S))} end),
    t(orddict, fun() -> {array:to_orddict(A), array:to_list(array:from_orddict([{0, a}, {3, d}])), array:to_list(array:from_orddict([{1, b}], z))} end),
    t(orddict_bad, fun() -> array:from_orddict([{3, a}, {1, b}]) end),
    t(from_list_default, fun() -> array:default(array:from_list([1, 2], zero)) end),
    t(from_list_bad, fun() -> array:from_list(notalist) end),
    t(big, fun() -> B = lists:foldl(fun(I, Acc) -> array:set(I * I, I, Acc) end, array:new(), lists:seq(0, 300)),
                    {array:size(B), array:sparse_size(B), array:get(90000, B), array:get(89999, B), lists:sum(array:sparse_to_list(B))} end),
    t(huge_index, fun() -> B = array:set(1000000, x, array:new()), {array:size(B), array:get(1000000, B), array:sparse_to_orddict(B)} end),
    t(fold_err, fun() -> array:foldl(fun(_, _) -> x end, 0, A) end),
    t(bad_array, fun() -> array:size({array, x}) end),
    t(set_bad_index, fun() -> array:set(a, x, A) end),
    ok.
