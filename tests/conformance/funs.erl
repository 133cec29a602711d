%% Funs and closures: local funs, captured variables, fun M:F/A, apply,
%% higher-order stdlib calls, recursion through funs.
-module(funs).
-export([main/0, add/2]).

add(A, B) -> A + B.

make_counter(N) -> fun(I) -> N + I end.
compose(F, G) -> fun(X) -> F(G(X)) end.

main() ->
    F = fun(X) -> X * 2 end,
    erlang:display(F(21)),
    C = make_counter(10),
    erlang:display(C(5)),
    H = compose(F, C),
    erlang:display(H(1)),
    A = fun funs:add/2,
    erlang:display(A(3, 4)),
    erlang:display(apply(funs, add, [5, 6])),
    erlang:display(apply(F, [7])),
    erlang:display(erlang:apply(fun add/2, [1, 1])),
    M = funs, Fn = add,
    erlang:display(M:Fn(2, 2)),
    erlang:display(lists:map(fun(X) -> {X} end, [1, 2])),
    erlang:display(lists:foldr(fun(X, Acc) -> [X | Acc] end, [], [a, b, c])),
    Fact = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end,
    erlang:display(Fact(20)),
    X1 = 1, X2 = 2, X3 = 3,
    Many = fun(Y) -> [X1, X2, X3, Y] end,
    erlang:display(Many(4)),
    erlang:display(is_function(F)), erlang:display(is_function(F, 1)), erlang:display(is_function(F, 2)),
    erlang:display(is_function(A, 2)),
    erlang:display(lists:sort(fun(P, Q) -> P > Q end, [3, 1, 2])),
    erlang:display((fun() -> nested end)()),
    erlang:display(lists:all(fun erlang:is_atom/1, [a, b])),
    erlang:display(lists:any(fun(E) -> E > 2 end, [1, 2, 3])).
