%% Tuple BIFs: make_tuple/2,3, append_element, insert_element,
%% delete_element, list_to_tuple, tuple_to_list, tuple_size, size, and
%% large tuples (element access at every position, copies under GC).
-module(lang_tuples).
-export([main/0]).

id(X) -> X.

t(F) -> try F() catch C:R:S -> {C, R, hd(S)} end.

main() ->
    io:format("~p~n", [{erlang:make_tuple(3, a), erlang:make_tuple(0, x),
                        erlang:make_tuple(5, 0, [{2, b}, {4, d}, {2, c}])}]),
    io:format("~p~n", [{erlang:append_element({a, b}, c), erlang:append_element({}, x)}]),
    io:format("~p~n", [{erlang:insert_element(1, {a, b}, x), erlang:insert_element(3, {a, b}, x),
                        erlang:delete_element(2, {a, b, c}), erlang:delete_element(1, {a})}]),
    io:format("~p~n", [{list_to_tuple([1, [2], {3}]), tuple_to_list({a, {b}, [c]}),
                        tuple_size({}), size({1, 2}), size(<<1, 2, 3>>)}]),
    Big = list_to_tuple(lists:seq(1, 100000)),
    io:format("~p~n", [{tuple_size(Big), element(1, Big), element(50000, Big), element(100000, Big)}]),
    Sum = lists:foldl(fun(I, Acc) -> Acc + element(I, Big) end, 0, lists:seq(1, 100000)),
    io:format("~p~n", [Sum]),
    Big2 = setelement(77777, Big, changed),
    io:format("~p~n", [{element(77777, Big), element(77777, Big2), Big =:= Big2, Big < Big2}]),
    T2 = lists:foldl(fun(I, T) -> setelement(I, T, I * I) end, erlang:make_tuple(1000, 0), lists:seq(1, 1000)),
    io:format("~p~n", [{element(1000, T2), lists:sum(tuple_to_list(T2))}]),
    io:format("~p~n", [[t(F) || F <- [
        fun() -> erlang:make_tuple(-1, a) end,
        fun() -> erlang:make_tuple(a, a) end,
        fun() -> erlang:make_tuple(2, a, [{3, x}]) end,
        fun() -> erlang:make_tuple(2, a, [bad]) end,
        fun() -> erlang:append_element(id(notuple), x) end,
        fun() -> erlang:insert_element(4, id({a, b}), x) end,
        fun() -> erlang:delete_element(0, id({a})) end,
        fun() -> list_to_tuple(id([a | b])) end,
        fun() -> tuple_to_list(id([a])) end,
        fun() -> tuple_size(id([a])) end,
        fun() -> size(id(a)) end]]]),
    Nested = lists:foldl(fun(I, Acc) -> {I, Acc} end, nil, lists:seq(1, 10000)),
    io:format("~p~n", [depth(Nested, 0)]).

depth(nil, D) -> D;
depth({_, T}, D) -> depth(T, D + 1).
