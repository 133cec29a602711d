%% Float arithmetic and edge cases: -0.0, denormals, the largest and
%% smallest floats, overflow to badarith, mixed int/float arithmetic with
%% bignums, float/1, trunc/round/ceil/floor on halves and negatives, and
%% float printing (shortest round trip) of awkward values.
-module(lang_arith_float).
-export([main/0]).

id(X) -> X.

main() ->
    Vals = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.1 + 0.2, 1.0e-323, 2.2250738585072014e-308,
            123456789.123456789, 1.0e15, 1.0e16, 9007199254740993.0, 4.49423283715579e307,
            3.141592653589793, 2.5, -2.5, 0.5, -0.5, 1.5, 1.0e100, 4.9e-324],
    lists:foreach(fun(V) ->
        X = id(V),
        io:format("~p ~w ~p ~p ~p ~p ~p~n", [X, X, trunc(X), round(X), ceil(X), floor(X), {X * 2, X / 3, -X}])
    end, Vals),
    io:format("~p~n", [[lang_util:trim(catch id(X) * 10) || X <- [1.0e308, -1.0e308]]]),
    io:format("~p~n", [[lang_util:trim(catch id(X) + id(X)) || X <- [1.7976931348623157e308]]]),
    io:format("~p~n", [{float(1 bsl 80), float(-(1 bsl 80)), (1 bsl 80) + 0.5, (1 bsl 80) * 1.0, 1 / (1 bsl 80)}]),
    io:format("~p~n", [catch float(1 bsl 1100)]),
    io:format("~p~n", [catch (1 bsl 1100) * 1.0]),
    io:format("~p~n", [catch (1 bsl 1100) + 0.5]),
    io:format("~p~n", [{1 / 3, 2 / 3, 10 / 4, -7 / 2, 1.0e-10 * 1.0e-10, 1.0e300 * 1.0e-300}]),
    io:format("~p~n", [{0.0 == -0.0, 0.0 =:= -0.0, 0.0 < -0.0, -0.0 < 0.0, 1 == 1.0, 1 =:= 1.0}]),
    io:format("~p~n", [[{X, float_to_list(X), float_to_list(X, [{decimals, 3}]), float_to_list(X, [{scientific, 2}]),
                         float_to_binary(X, [short])} || X <- [0.1, -1.5, 1.0e21, 123.456, 5.0e-324]]]),
    io:format("~p~n", [[list_to_float(S) || S <- ["0.1", "-1.5e3", "1.0e-5", "3.14159"]]]),
    io:format("~p~n", [[lang_util:trim(catch list_to_float(S)) || S <- ["1", "1.", ".5", "1e5", "abc"]]]),
    io:format("~p~n", [{math:sqrt(2), math:pow(2, 0.5), math:exp(1), math:log(10), math:pi(), math:sin(1.0), math:atan2(1, -1)}]),
    io:format("~p~n", [[lang_util:trim(catch math:F(A)) || {F, A} <- [{sqrt, -1}, {log, 0}, {log, -1}, {acos, 2}]]]),
    Sum = lists:foldl(fun(I, A) -> A + 1 / I end, 0.0, lists:seq(1, 100000)),
    io:format("~p~n", [Sum]),
    io:format("~p~n", [[trunc(X) || X <- [1.0e18, -1.0e18, 1.0e19, 4.5e18, 1.152921504606847e18]]]),
    io:format("~p~n", [[round(X) || X <- [0.49999999999999994, 4503599627370495.5, -4503599627370495.5]]]).
