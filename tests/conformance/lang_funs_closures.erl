%% Closures: capturing many variables (more than the x registers), nested
%% closures, recursive funs (named funs), funs returning funs, counters by
%% threading state, funs stored in data (lists, maps, tuples, records) and
%% compared for equality.
-module(lang_funs_closures).
-export([main/0]).

id(X) -> X.

many(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T) ->
    fun(X) -> [X, A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T] end.

adder(N) -> fun(X) -> X + N end.
compose(F, G) -> fun(X) -> F(G(X)) end.
curry(F) -> fun(A) -> fun(B) -> F(A, B) end end.

main() ->
    F20 = many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20),
    io:format("~p~n", [F20(0)]),
    Big = lists:seq(1, 300),
    Tup = list_to_tuple(Big),
    FB = fun(I) -> element(I, Tup) + lists:nth(I, Big) end,
    io:format("~p~n", [[FB(I) || I <- [1, 150, 300]]]),
    Add5 = adder(5),
    Double = fun(X) -> X * 2 end,
    io:format("~p~n", [{(compose(Add5, Double))(10), (compose(Double, Add5))(10), ((curry(fun erlang:'-'/2))(10))(3)}]),
    Fact = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end,
    io:format("~p~n", [Fact(25)]),
    Fib = fun Fib(0) -> 0; Fib(1) -> 1; Fib(N) -> Fib(N - 1) + Fib(N - 2) end,
    io:format("~p~n", [[Fib(N) || N <- lists:seq(0, 20)]]),
    Counter = fun C(N, Acc) when N > 0 -> C(N - 1, [N | Acc]); C(_, Acc) -> Acc end,
    io:format("~p~n", [Counter(10, [])]),
    Ops = #{add => fun(A, B) -> A + B end, sub => fun(A, B) -> A - B end, mul => fun erlang:'*'/2},
    io:format("~p~n", [[{Op, (maps:get(Op, Ops))(6, 3)} || Op <- [add, sub, mul]]]),
    Pipeline = [fun(X) -> X + 1 end, fun(X) -> X * 10 end, Double, Add5],
    io:format("~p~n", [lists:foldl(fun(Fn, Acc) -> Fn(Acc) end, 1, Pipeline)]),
    Y = 7,
    G1 = fun() -> Y end,
    G2 = fun() -> Y end,
    io:format("~p~n", [{G1 =:= G1, G1 == id(G1), G1 =:= G2, adder(1) =:= adder(1), adder(1) =:= adder(2),
                        fun lists:map/2 =:= fun lists:map/2, fun id/1 =:= fun id/1}]),
    Acc = lists:foldl(fun(I, A) -> fun() -> I + A() end end, fun() -> 0 end, lists:seq(1, 1000)),
    io:format("~p~n", [Acc()]),
    Nest = fun(A) -> fun(B) -> fun(C) -> fun(D) -> {A, B, C, D, Y} end end end end,
    io:format("~p~n", [(((Nest(1))(2))(3))(4)]),
    Funs = [fun(X) -> X + I end || I <- lists:seq(1, 10)],
    io:format("~p~n", [[Fn(100) || Fn <- Funs]]),
    io:format("~p~n", [lists:map(fun({K, V}) -> {V, K} end, [{a, 1}, {b, 2}])]),
    io:format("~p~n", [is_function(F20, 1) andalso not is_function(F20, 2)]).
