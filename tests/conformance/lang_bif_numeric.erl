%% Numeric BIFs: abs, trunc, round, ceil, floor, float/1, erlang:min/max,
%% is_integer/is_float on results, math:floor/ceil returning floats, and
%% number_to_list-like conversions (float_to_list/2 options), on small
%% ints, bignums and floats of both signs, with errors for non-numbers.
-module(lang_bif_numeric).
-export([main/0]).

id(X) -> X.

main() ->
    Xs = [0, 7, -7, 1 bsl 70, -(1 bsl 70), 0.0, -0.0, 2.5, -2.5, 3.5, -3.5, 0.49999, 1.0e20, -1.0e20, 123.999],
    lists:foreach(fun(V) ->
        X = id(V),
        io:format("~p: ~p~n", [X, {abs(X), trunc(X), round(X), ceil(X), floor(X), float(X), math:floor(X), math:ceil(X)}])
    end, Xs),
    io:format("~p~n", [[lang_util:trim(catch F(id(a))) || F <- [fun erlang:abs/1, fun erlang:trunc/1, fun erlang:round/1, fun erlang:ceil/1,
                                                fun erlang:floor/1, fun erlang:float/1]]]),
    io:format("~p~n", [[lang_util:trim(catch trunc(id("1"))), lang_util:trim(catch float(id([1])))]]),
    io:format("~p~n", [[{erlang:min(A, B), erlang:max(A, B)} || A <- [1, 2.0, -1 bsl 70], B <- [1.0, 2, a]]]),
    io:format("~p~n", [[float_to_list(X, O) || X <- [3.14159, -0.5, 1.0e10], O <- [[{decimals, 0}], [{decimals, 2}, compact], [{scientific, 0}], [{scientific, 10}], [short]]]]),
    io:format("~p~n", [[float_to_binary(X, [{decimals, 4}, compact]) || X <- [1.0, 1.5, 1.25, 100.0]]]),
    io:format("~p~n", [[lang_util:trim(catch float_to_list(id(1.0), O)) || O <- [[{decimals, 254}], [{decimals, 300}], [bad], [{scientific, 300}]]]]),
    io:format("~p~n", [{math:fmod(7.5, 2), math:fmod(-7.5, 2), math:log2(1024), math:log10(0.001), math:tan(0.5), math:cosh(1)}]),
    io:format("~p~n", [{(1 bsl 70) / 3, (1 bsl 70) div 3, -7 / 2, -7 div 2, -7 rem 2}]),
    io:format("~p~n", [[erlang:list_to_float(erlang:float_to_list(X)) =:= X || X <- [0.1, 1/3, 1.0e-300, 8.0e307]]]).
