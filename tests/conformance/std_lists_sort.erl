%% std_lists_sort: lists:sort/keysort/usort/ukeysort/merge on larger inputs
%% from deterministic pseudo-random sequences: stability of sort/2 and
%% keysort/2 (equal keys keep their order), usort's choice among equal
%% elements, numeric equality (1 == 1.0) and term order across types.
-module(std_lists_sort).
-export([main/0]).

-import(stdh, [t/2]).

lcg(0, _) -> [];
lcg(N, S) -> S1 = (S * 1103515245 + 12345) rem 2147483648, [S1 | lcg(N - 1, S1)].

sorted([]) -> true;
sorted([_]) -> true;
sorted([A, B | T]) -> A =< B andalso sorted([B | T]).

main() ->
    R = lcg(3000, 42),
    Small = [X rem 50 || X <- R],
    t(sort_sorted, fun() -> S = lists:sort(R), {sorted(S), length(S), lists:sublist(S, 5), lists:last(S)} end),
    t(sort_small, fun() -> lists:sublist(lists:sort(Small), 100, 20) end),
    t(usort_small, fun() -> lists:usort(Small) end),
    t(sort_desc, fun() -> lists:sublist(lists:sort(fun(A, B) -> A >= B end, Small), 1, 30) end),
    t(sort_stable_fun, fun() ->
        P = lists:zip(Small, lists:seq(1, length(Small))),
        S = lists:sort(fun({A, _}, {B, _}) -> A =< B end, P),
        {lists:sublist(S, 12), lists:all(fun({{K, I}, {K, J}}) -> I < J; (_) -> true end, lists:zip(lists:droplast(S), tl(S)))} end),
    t(keysort_stable, fun() ->
        P = lists:zip(Small, lists:seq(1, length(Small))),
        S = lists:keysort(1, P),
        {lists:sublist(S, 12), lists:all(fun({{K, I}, {K, J}}) -> I < J; (_) -> true end, lists:zip(lists:droplast(S), tl(S)))} end),
    t(keysort_second, fun() -> lists:sublist(lists:keysort(2, [{I, X rem 7} || {I, X} <- lists:zip(lists:seq(1, 200), lists:sublist(R, 200))]), 30) end),
    t(ukeysort_first_kept, fun() -> lists:ukeysort(1, [{X rem 10, I} || {I, X} <- lists:zip(lists:seq(1, 100), lists:sublist(R, 100))]) end),
    t(usort_fun_first_kept, fun() -> lists:usort(fun({A, _}, {B, _}) -> A =< B end, [{X rem 10, I} || {I, X} <- lists:zip(lists:seq(1, 100), lists:sublist(R, 100))]) end),
    t(sort_int_float, fun() -> lists:sort([3, 2.0, 1, 2, 1.0, 3.0, 0.5, -0.0, 0, 0.0]) end),
    t(usort_int_float, fun() -> lists:usort([3, 2.0, 1, 2, 1.0, 3.0, 0.5, 0, 0.0]) end),
    t(sort_types, fun() -> lists:sort([<<2>>, <<1, 2>>, [b], [a | b], {2, a}, {1, b, c}, #{b => 1}, #{a => 2}, #{a => 1, b => 0},
                                        atom, 'Atom', 1 bsl 100, -1 bsl 100, 1.0e300, "", {}, <<>>]) end),
    t(sort_bigs, fun() -> lists:sort([X * (1 bsl 64) - X || X <- lists:sublist(R, 20)]) end),
    t(sort_strings, fun() -> lists:sort(["b", "a", "ab", "", "ba", "aa", [97 | 98], "A", "Z", "z"]) end),
    t(sort_tuples, fun() -> lists:sort([{b, 1}, {a, 2}, {a, 1, x}, {a}, {b, 0}, {a, 1.0}, {a, 1}]) end),
    t(merge_many, fun() -> Ls = [lists:sort([X rem 97 || X <- lcg(20, S)]) || S <- lists:seq(1, 8)], lists:merge(Ls) == lists:sort(lists:append(Ls)) end),
    t(umerge_many, fun() -> Ls = [lists:usort([X rem 97 || X <- lcg(20, S)]) || S <- lists:seq(1, 8)], lists:umerge(Ls) == lists:usort(lists:append(Ls)) end),
    t(rkeymerge, fun() -> lists:keymerge(1, [{1, a}, {3, b}, {3, c}], [{2, x}, {3, y}]) end),
    t(sort_already, fun() -> S = lists:seq(1, 5000), {lists:sort(S) == S, lists:sort(lists:reverse(S)) == S, lists:usort(S ++ S) == S} end),
    t(sort_sawtooth, fun() -> L = [I rem 17 || I <- lists:seq(1, 2000)], lists:sublist(lists:sort(L), 110, 10) end),
    t(sort_fun_desc_stable, fun() ->
        P = [{X rem 5, I} || {I, X} <- lists:zip(lists:seq(1, 40), lists:sublist(R, 40))],
        lists:sort(fun({A, _}, {B, _}) -> A >= B end, P) end),
    t(sort_err, fun() -> lists:sort([3 | 2]) end),
    t(usort_err, fun() -> lists:usort(a) end),
    t(keysort_err, fun() -> lists:keysort(0, [{a}, {b}]) end),
    t(ukeysort_err, fun() -> lists:ukeysort(2, [{a}, {b}]) end),
    ok.
