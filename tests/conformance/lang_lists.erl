%% List BIFs and operators: length, hd, tl, ++, --, lists:reverse/2,
%% member, keyfind/keysearch/keymember, improper lists, and the errors of
%% each on bad input.
-module(lang_lists).
-export([main/0]).

id(X) -> X.

t(F) -> try F() catch C:R:S -> {C, R, hd(S)} end.

main() ->
    L = lists:seq(1, 10),
    io:format("~p~n", [{length(L), hd(L), tl(L), L ++ [11], [0] ++ L, [] ++ [], L -- [2, 4, 4, 99]}]),
    io:format("~p~n", [{[a, b, a, c, a] -- [a, a], "hello" -- "l", [1, 2 | 3] =:= [1 | [2 | 3]]}]),
    io:format("~p~n", [{lists:reverse(L), lists:reverse([1, 2], [3, 4]), lists:reverse([])}]),
    io:format("~p~n", [{lists:member(3, L), lists:member(3.0, L), lists:member(x, [])}]),
    KL = [{a, 1}, {b, 2}, {c, 3}, {b, 4}],
    io:format("~p~n", [{lists:keyfind(b, 1, KL), lists:keyfind(9, 2, KL), lists:keyfind(3, 2, KL),
                        lists:keymember(c, 1, KL), lists:keysearch(b, 1, KL), lists:keysearch(z, 1, KL)}]),
    io:format("~p~n", [{lists:keyfind(1.0, 2, KL), lists:keyfind(1, 2, [{x, 1.0}, {y, 1}])}]),
    Long = lists:seq(1, 200000),
    io:format("~p~n", [{length(Long), lists:sum(Long), length(Long ++ Long), length(Long -- lists:seq(1, 100000, 2))}]),
    io:format("~p~n", [{lists:last(Long), lists:nth(12345, Long), lists:sublist(Long, 5)}]),
    io:format("~p~n", [[t(F) || F <- [
        fun() -> length(id([a | b])) end,
        fun() -> length(id(a)) end,
        fun() -> hd(id([])) end,
        fun() -> tl(id([])) end,
        fun() -> id(a) ++ [1] end,
        fun() -> [1] ++ id(a) end,
        fun() -> id([1 | 2]) ++ [3] end,
        fun() -> id([1, 2]) -- id(a) end,
        fun() -> id([1 | 2]) -- [1] end,
        fun() -> lists:reverse(id(a)) end,
        fun() -> lists:member(1, id([2 | 3])) end,
        fun() -> lists:keyfind(a, 0, []) end,
        fun() -> lists:keyfind(a, 1, id(x)) end]]]),
    io:format("~p~n", [{[1, 2] ++ 3, [[1], [2]] ++ [[3]], lists:append([[1], [2, 3], []]), lists:flatten([1, [2, [3, [4]], []], 5])}]).
