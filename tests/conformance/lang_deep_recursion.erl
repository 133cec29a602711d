%% Non-tail recursion 1,000,000 deep (the stack grows, and collections
%% happen with a deep stack), deep recursion building lists and tuples on
%% the way back, mutual recursion, and deep recursion inside try.
-module(lang_deep_recursion).
-export([main/0]).
%% stress: skip

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

build(0) -> [];
build(N) -> [N | build(N - 1)].

sum_tree(0) -> 0;
sum_tree(N) -> N + sum_tree(N - 1).

even(0) -> true;
even(N) -> not odd(N - 1).
odd(0) -> false;
odd(N) -> not even(N - 1).

nest(0) -> leaf;
nest(N) -> {node, nest(N - 1)}.

depth(leaf) -> 0;
depth({node, T}) -> 1 + depth(T).

guarded(0) -> 0;
guarded(N) -> try 1 + guarded(N - 1) catch never -> 0 end.

main() ->
    N = 1000000,
    L = build(N),
    io:format("~p~n", [{len(L), hd(L), lists:last(L)}]),
    io:format("~p~n", [sum_tree(N)]),
    io:format("~p~n", [{even(100001), odd(100001)}]),
    io:format("~p~n", [depth(nest(N))]),
    io:format("~p~n", [guarded(100000)]),
    io:format("~p~n", [lists:foldr(fun(X, A) -> X + A end, 0, lists:seq(1, N))]),
    io:format("~p~n", [length(lists:map(fun(X) -> X * 2 end, L))]).
