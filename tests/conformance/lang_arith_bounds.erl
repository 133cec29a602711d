%% Integer arithmetic at the small/bignum boundaries (2^59, 2^60, 2^63,
%% 2^64 and their negatives, OTP's small range is 60 bits): + - * on both
%% sides of each boundary, negation, abs, comparisons and equality between
%% a small and a bignum of the same value after arithmetic.
-module(lang_arith_bounds).
-export([main/0]).

id(X) -> X.

main() ->
    Bases = [1 bsl 27, 1 bsl 31, 1 bsl 32, 1 bsl 59, 1 bsl 60, 1 bsl 63, 1 bsl 64, 1 bsl 127, 1 bsl 128],
    Vals = lists:usort(lists:append([[B - 1, B, B + 1, -B - 1, -B, -B + 1] || B <- Bases])),
    lists:foreach(fun(V) ->
        X = id(V),
        io:format("~p ~p ~p ~p ~p ~p ~p~n",
                  [X, X + 1, X - 1, X * 2, -X, abs(X), {is_integer(X), X * X, X * -3}])
    end, Vals),
    Max = id(576460752303423487), Min = id(-576460752303423488),
    io:format("~p~n", [{Max + 1, Min - 1, Max + 1 - 1 =:= Max, Min - 1 + 1 =:= Min, Max * Max, Min * Min, Min * -1}]),
    io:format("~p~n", [{(Max + 1) - (Max + 1), (Max + 1) div 2, (Min - 1) + 1, Max + Min}]),
    io:format("~p~n", [{1 bsl 64 - 1 =:= 18446744073709551615, 18446744073709551615 + 1, -18446744073709551616 + 1}]),
    F = fun(N) -> lists:foldl(fun(_, A) -> A * 3 end, 1, lists:seq(1, N)) end,
    io:format("~p~n", [[F(N) || N <- [38, 39, 40, 41, 80]]]),
    Fact = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end,
    io:format("~p~n", [Fact(60)]),
    io:format("~p~n", [Fact(100) div Fact(98)]),
    io:format("~p~n", [lists:sum([1 bsl N || N <- lists:seq(0, 200)])]),
    io:format("~p~n", [{Max + 1 > Max, Min - 1 < Min, (1 bsl 64) == 18446744073709551616.0, (1 bsl 64) =:= 18446744073709551616.0}]),
    io:format("~p~n", [[X - Y || X <- [1 bsl 100, 1 bsl 60, 5], Y <- [1 bsl 100, 1 bsl 60, 5]]]),
    io:format("~p~n", [[X * Y || X <- [-(1 bsl 70), 1 bsl 33, -1], Y <- [1 bsl 40, -(1 bsl 30), 0]]]),
    io:format("~p~n", [integer_to_list((1 bsl 200) - 1, 16)]),
    io:format("~p~n", [{trunc(1.0e20), round(-1.0e19), 1.0e20 == 100000000000000000000, float(1 bsl 70)}]).
