%% Dynamic dispatch: M:F(Args) with module and function from data, apply
%% with computed arities, calls through export funs stored in maps,
%% function_exported, module_info, and behaviour-like callback tables.
-module(lang_dynamic_calls).
-export([main/0, handle/2, cb_init/1, cb_step/2, cb_done/1]).

id(X) -> X.

handle(add, {A, B}) -> A + B;
handle(neg, X) -> -X;
handle(Op, _) -> {unknown, Op}.

cb_init(N) -> {ok, N}.
cb_step(X, {ok, N}) -> {ok, N + X}.
cb_done({ok, N}) -> {done, N}.

run_cb(Mod, Steps) ->
    S0 = Mod:cb_init(0),
    S = lists:foldl(fun(X, St) -> Mod:cb_step(X, St) end, S0, Steps),
    Mod:cb_done(S).

main() ->
    M = id(?MODULE),
    io:format("~p~n", [[M:handle(Op, Arg) || {Op, Arg} <- [{add, {1, 2}}, {neg, 5}, {mul, 1}]]]),
    Calls = [{lists, reverse, [[1, 2, 3]]}, {erlang, element, [2, {a, b}]}, {string, uppercase, ["x"]},
             {maps, get, [a, #{a => 1}]}, {M, handle, [neg, 1]}, {erlang, tuple_size, [{}]}],
    io:format("~p~n", [[apply(Mo, F, A) || {Mo, F, A} <- Calls]]),
    Table = #{len => fun erlang:length/1, rev => fun lists:reverse/1, sum => fun lists:sum/1},
    io:format("~p~n", [[(maps:get(K, Table))([1, 2, 3]) || K <- [len, rev, sum]]]),
    io:format("~p~n", [run_cb(M, [1, 2, 3, 4])]),
    Fs = [{F, A} || {F, A} <- M:module_info(exports), F =/= module_info],
    io:format("~p~n", [lists:sort(Fs)]),
    io:format("~p~n", [[erlang:function_exported(M, F, A) || {F, A} <- [{handle, 2}, {handle, 1}, {main, 0}, {id, 1}]]]),
    io:format("~p~n", [{M:module_info(module), is_list(M:module_info(attributes)), erlang:function_exported(lists, map, 2)}]),
    Arity = fun(F) -> {arity, A} = erlang:fun_info(F, arity), A end,
    io:format("~p~n", [[Arity(F) || F <- [fun M:handle/2, fun() -> ok end, fun(_, _, _) -> ok end]]]),
    Dispatch = fun(Name, Args) -> apply(M, list_to_atom("cb_" ++ atom_to_list(Name)), Args) end,
    io:format("~p~n", [{Dispatch(init, [5]), Dispatch(step, [2, {ok, 5}]), Dispatch(done, [{ok, 9}])}]),
    io:format("~p~n", [catch Dispatch(nothing, [])]).
