%% Closures capturing many variables, funs returning funs, funs in data
%% structures, fold-built pipelines, and recursion through a Y-combinator.
-module(closures).
-export([main/0]).

adder(N) -> fun(X) -> X + N end.
pipeline(Fs) -> fun(X) -> lists:foldl(fun(F, Acc) -> F(Acc) end, X, Fs) end.
counter() -> counter(0).
counter(N) -> {N, fun() -> counter(N + 1) end}.

y(F) -> (fun(X) -> F(fun(A) -> (X(X))(A) end) end)(fun(X) -> F(fun(A) -> (X(X))(A) end) end).

main() ->
    P = pipeline([adder(1), fun(X) -> X * 10 end, adder(-3)]),
    erlang:display(P(4)),
    {0, N1} = counter(), {1, N2} = N1(), {V, _} = N2(),
    erlang:display(V),
    Table = #{double => fun(X) -> 2 * X end, square => fun(X) -> X * X end},
    erlang:display([(maps:get(K, Table))(7) || K <- [double, square]]),
    Fact = y(fun(Self) -> fun(0) -> 1; (K) -> K * Self(K - 1) end end),
    erlang:display(Fact(25)),
    A = 1, B = {2}, C = [3], D = <<4>>, E = #{5 => 6}, F = 7.0,
    G = fun() -> {A, B, C, D, E, F} end,
    erlang:display(G()),
    erlang:display(lists:map(fun({K, Fun}) -> {K, Fun(3)} end, [{inc, adder(1)}, {dec, adder(-1)}])),
    Sum = lists:foldl(fun(X, Acc) -> fun() -> X + Acc() end end, fun() -> 0 end, [1, 2, 3]),
    erlang:display(Sum()).
