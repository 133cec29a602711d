%% Stack traces with file and line across modules: errors raised in a
%% helper module several calls deep, through funs defined in other modules,
%% through tail calls (frames that OTP drops) and body calls, in list
%% comprehensions, and the depth limit of 8 frames.
%% Needs tests/conformance/mods/lang_mod_a.erl and lang_mod_b.erl.
-module(lang_exc_stack).
-export([main/0]).

id(X) -> X.

show(Name, F) ->
    S = try F(), none catch _:_:St -> St end,
    io:format("~p:~n~p~n", [Name, S]).

body(N) when N > 0 -> R = body(N - 1), {R};
body(0) -> error(bottom).

tail(N) when N > 0 -> tail(N - 1);
tail(0) -> error(bottom).

lc_raise(L) -> [1 / X || X <- L].

main() ->
    show(in_b, fun() -> lang_mod_a:raise_in_b(error) end),
    show(in_b_badarith, fun() -> lang_mod_a:raise_in_b(badarith) end),
    show(in_b_function_clause, fun() -> lang_mod_a:raise_in_b(function_clause) end),
    show(deep_across, fun() -> lang_mod_a:deep_raise(3) end),
    show(deep_across_limit, fun() -> lang_mod_a:deep_raise(20) end),
    show(fun_from_b, fun() -> (lang_mod_b:make_fun(x))(id(1)) + 1 end),
    show(body_recursion, fun() -> body(3) end),
    show(body_recursion_deep, fun() -> body(12) end),
    show(tail_recursion, fun() -> tail(5) end),
    show(list_comprehension, fun() -> lc_raise([1, 2, 0]) end),
    show(lists_map, fun() -> lists:map(fun(X) -> 1 / X end, [1, id(0)]) end),
    show(lists_foldl, fun() -> lists:foldl(fun(X, A) -> X + A end, 0, [1, id(a)]) end),
    show(bif_in_helper, fun() -> lang_mod_a:fold(fun(X, A) -> element(X, A) end, {1}, [1, 5]) end),
    show(raise_keeps_trace, fun() ->
        try lang_mod_b:raise(error) catch C:R:S -> erlang:raise(C, {re, R}, S) end end),
    show(raise_with_custom, fun() -> erlang:raise(throw, x, [{m, f, 1, [{file, "x.erl"}, {line, 3}]}]) end).
