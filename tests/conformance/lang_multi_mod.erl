%% Several modules calling each other (helper modules in mods/): remote
%% calls both ways, funs made in one module called in another, mutual
%% recursion across modules, apply with a module from data, and records
%% built elsewhere.
%% Needs tests/conformance/mods/lang_mod_a.erl and lang_mod_b.erl.
-module(lang_multi_mod).
-export([main/0, back/1]).

back(X) -> {back_in_main, X}.

main() ->
    io:format("~p~n", [lang_mod_a:call_b(1)]),
    io:format("~p~n", [lang_mod_a:fold(fun(X, A) -> X + A end, 0, lists:seq(1, 100))]),
    io:format("~p~n", [lang_mod_a:apply_back(?MODULE, 7)]),
    io:format("~p~n", [lang_mod_a:counter(100000)]),
    F = lang_mod_b:make_fun(captured),
    io:format("~p~n", [{F(1), erlang:fun_info(F, module), lang_mod_a:wrap(fun() -> F(2) end)}]),
    io:format("~p~n", [lang_mod_b:rec()]),
    io:format("~p~n", [[lang_mod_a:wrap(fun() -> lang_mod_a:raise_in_b(K) end) || K <- [error, throw, exit, badarith, badmatch, function_clause]]]),
    Mods = [lang_mod_a, lang_mod_b],
    io:format("~p~n", [[erlang:function_exported(M, Fn, A) || M <- Mods, {Fn, A} <- [{echo, 1}, {call_b, 1}, {module_info, 0}]]]),
    io:format("~p~n", [[{M, lists:sort(proplists:get_keys(M:module_info(exports)))} || M <- Mods]]),
    io:format("~p~n", [lists:map(fun lang_mod_b:echo/1, [1, 2])]).
