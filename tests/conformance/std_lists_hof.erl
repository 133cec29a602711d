%% std_lists_hof: the higher-order functions of lists (fold, map, filter,
%% zipwith, search, partition, ...) with funs that collect state, throw,
%% or return wrong types; the order in which funs are applied is printed.
-module(std_lists_hof).
-export([main/0]).

t(Tag, F) ->
    erase(trace),
    R = stdh:run(F),
    io:format("~p: ~p trace=~w~n", [Tag, R, lists:reverse(get_trace())]).

get_trace() -> case get(trace) of undefined -> []; L -> L end.
tr(X) -> put(trace, [X | get_trace()]), X.

main() ->
    L = [5, 3, 8, 1, 9, 2],
    t(foldl_order, fun() -> lists:foldl(fun(X, A) -> tr(X), A * 10 + X end, 0, L) end),
    t(foldr_order, fun() -> lists:foldr(fun(X, A) -> tr(X), A * 10 + X end, 0, L) end),
    t(map_order, fun() -> lists:map(fun(X) -> tr(X) * 2 end, L) end),
    t(filter_order, fun() -> lists:filter(fun(X) -> tr(X) > 4 end, L) end),
    t(filter_bad_ret, fun() -> lists:filter(fun(X) -> X end, L) end),
    t(filtermap_mixed, fun() -> lists:filtermap(fun(X) when X > 5 -> true; (X) when X < 2 -> {true, {small, X}}; (_) -> false end, L) end),
    t(filtermap_bad, fun() -> lists:filtermap(fun(_) -> maybe end, L) end),
    t(flatmap_bad, fun() -> lists:flatmap(fun(X) -> X end, L) end),
    t(foreach_throw, fun() -> lists:foreach(fun(X) -> tr(X), X =:= 8 andalso throw({stop, X}) end, L) end),
    t(all_short, fun() -> lists:all(fun(X) -> tr(X) < 8 end, L) end),
    t(any_short, fun() -> lists:any(fun(X) -> tr(X) > 7 end, L) end),
    t(any_bad, fun() -> lists:any(fun(_) -> yes end, L) end),
    t(all_bad, fun() -> lists:all(fun(_) -> 1 end, L) end),
    t(takewhile_order, fun() -> lists:takewhile(fun(X) -> tr(X) > 2 end, L) end),
    t(dropwhile_order, fun() -> lists:dropwhile(fun(X) -> tr(X) > 2 end, L) end),
    t(splitwith_all, fun() -> {lists:splitwith(fun(_) -> true end, L), lists:splitwith(fun(_) -> false end, L)} end),
    t(partition_order, fun() -> lists:partition(fun(X) -> tr(X) rem 2 =:= 0 end, L) end),
    t(partition_bad, fun() -> lists:partition(fun(_) -> x end, L) end),
    t(mapfoldl_order, fun() -> lists:mapfoldl(fun(X, A) -> tr(X), {X + A, A + 1} end, 100, L) end),
    t(mapfoldr_order, fun() -> lists:mapfoldr(fun(X, A) -> tr(X), {X + A, A + 1} end, 100, L) end),
    t(zipwith_order, fun() -> lists:zipwith(fun(A, B) -> tr({A, B}), A * B end, [1, 2, 3], [4, 5, 6]) end),
    t(zipwith3_order, fun() -> lists:zipwith3(fun(A, B, C) -> tr(C), A + B + C end, [1, 2], [3, 4], [5, 6]) end),
    t(zipwith_len, fun() -> lists:zipwith(fun(A, B) -> A + B end, [1, 2], [1]) end),
    t(search_order, fun() -> lists:search(fun(X) -> tr(X) =:= 1 end, L) end),
    t(keymap_all, fun() -> lists:keymap(fun(A) -> {A} end, 1, [{a, 1}, {b, 2}]) end),
    t(keymap_bad, fun() -> lists:keymap(fun(A) -> A end, 3, [{a, 1}]) end),
    t(sort_fun_calls, fun() -> lists:sort(fun(A, B) -> tr({A, B}), A =< B end, [3, 1, 2]) end),
    t(usort_fun, fun() -> lists:usort(fun(A, B) -> A rem 3 =< B rem 3 end, [1, 4, 2, 5, 3, 6, 7]) end),
    t(sort_fun_bad, fun() -> lists:sort(fun(_, _) -> maybe end, [3, 1, 2]) end),
    t(merge_fun, fun() -> lists:merge(fun(A, B) -> tr({A, B}), A =< B end, [1, 3, 5], [2, 4]) end),
    t(umerge_fun, fun() -> lists:umerge(fun(A, B) -> A =< B end, [1, 2, 3], [2, 3, 4]) end),
    t(uniq_fun, fun() -> lists:uniq(fun(X) -> tr(X) rem 4 end, L) end),
    t(foldl_err, fun() -> lists:foldl(fun(X, A) -> X + A end, 0, [1, a]) end),
    t(map_improper, fun() -> lists:map(fun(X) -> X end, [1 | 2]) end),
    t(foldl_improper, fun() -> lists:foldl(fun(X, A) -> [X | A] end, [], [1, 2 | 3]) end),
    t(foldr_improper, fun() -> lists:foldr(fun(X, A) -> [X | A] end, [], [1, 2 | 3]) end),
    t(map_not_fun, fun() -> lists:map(not_a_fun, [1]) end),
    t(map_wrong_arity, fun() -> lists:map(fun(A, B) -> {A, B} end, [1]) end),
    t(foldl_wrong_arity, fun() -> lists:foldl(fun(A) -> A end, 0, [1]) end),
    t(nested, fun() -> lists:map(fun(X) -> lists:foldl(fun(Y, A) -> A + Y end, 0, lists:seq(1, X)) end, L) end),
    t(closure_capture, fun() -> Fs = [fun(Y) -> X * Y end || X <- L], [F(10) || F <- Fs] end),
    t(comprehension_mix, fun() -> [{X, Y} || X <- L, X > 4, Y <- [a, b], Y =/= b orelse X =:= 9] end),
    t(binary_gen, fun() -> [X || <<X:4>> <= <<16#ab, 16#cd>>] end),
    t(big_fold, fun() -> lists:foldl(fun(X, A) -> (A * 31 + X) rem 1000000007 end, 7, lists:seq(1, 100000)) end),
    ok.
