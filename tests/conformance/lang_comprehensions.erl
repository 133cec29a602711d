%% List comprehensions: several generators, filters (guards and non-guard
%% expressions), generator patterns that skip elements, nested
%% comprehensions, binary generators inside list comprehensions, and
%% comprehensions over large inputs.
-module(lang_comprehensions).
-export([main/0]).

id(X) -> X.

pyth(N) ->
    [{A, B, C} || A <- lists:seq(1, N), B <- lists:seq(A, N), C <- lists:seq(B, N),
                  A * A + B * B =:= C * C].

perms([]) -> [[]];
perms(L) -> [[H | T] || H <- L, T <- perms(L -- [H])].

qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P] ++ qsort([X || X <- T, X >= P]).

is_even(X) -> X rem 2 =:= 0.

main() ->
    io:format("~p~n", [pyth(30)]),
    io:format("~p~n", [perms([a, b, c, d])]),
    io:format("~p~n", [qsort([5, 3, 8, 1, 9, 2, 7, 5, 0, -1, 3.5])]),
    io:format("~p~n", [[X || {ok, X} <- [{ok, 1}, error, {ok, 2}, {error, 3}, {ok, 3, 4}]]]),
    io:format("~p~n", [[X * Y || X <- [1, 2, 3], is_even(X) orelse X =:= 3, Y <- [10, 20], Y > X * 5]]),
    io:format("~p~n", [[{X, Y} || X <- "ab", Y <- [X, X + 1]]]),
    io:format("~p~n", [[[Y || Y <- lists:seq(1, X)] || X <- lists:seq(0, 4)]]),
    io:format("~p~n", [[X || <<X:8>> <= <<1, 2, 3, 4, 5>>, X > 2]]),
    io:format("~p~n", [[{A, B} || <<A:4, B:4>> <= <<16#12, 16#34, 16#56>>]]),
    io:format("~p~n", [[X || <<X:3>> <= <<255, 0>>]]),
    io:format("~p~n", [[C || <<C/utf8>> <= <<"héllo€"/utf8>>]]),
    io:format("~p~n", [[{K, V} || {K, V} <- maps:to_list(#{a => 1, b => 2, c => 3}), V > 1]]),
    N = 20000,
    io:format("~p~n", [{lists:sum([X || X <- lists:seq(1, N), X rem 3 =:= 0]),
                        length([{X, Y} || X <- lists:seq(1, 120), Y <- lists:seq(1, 120), X =< Y])}]),
    io:format("~p~n", [[X || X <- [1, a, 2.0, "s", 3], is_number(X)]]),
    Filters = [X || X <- lists:seq(1, 20), X > 5, X < 15, X rem 2 =:= 1],
    io:format("~p~n", [Filters]),
    Result = try [X || X <- id(notalist)] catch C:R -> {C, R} end,
    io:format("~p~n", [Result]),
    Result2 = try [X || X <- [1, 2 | id(bad)]] catch C2:R2 -> {C2, R2} end,
    io:format("~p~n", [Result2]),
    Result3 = try [1 / X || X <- [1, 0]] catch C3:R3 -> {C3, R3} end,
    io:format("~p~n", [Result3]),
    io:format("~p~n", [[X || X <- [true, false, true], X]]),
    io:format("~p~n", [try [X || X <- [1, 2], id(X)] catch C4:R4 -> {C4, R4} end]).
