%% div and rem with every sign combination, small and big operands (the
%% sign of rem follows the dividend, div truncates), float division, and
%% division by zero; band/bor/bxor/bnot and bsl/bsr with negative,
%% bignum and large shift counts.
-module(lang_arith_divrem).
-export([main/0]).

id(X) -> X.

main() ->
    Ns = [7, -7, 0, 1 bsl 70 + 3, -(1 bsl 70) - 3, 576460752303423487, -576460752303423488],
    Ds = [2, -2, 3, -3, 1 bsl 65, -(1 bsl 65), 1, -1],
    lists:foreach(fun(N) ->
        io:format("~p: ~p~n", [N, [{id(N) div D, id(N) rem D} || D <- Ds]])
    end, Ns),
    io:format("~p~n", [[id(N) / D || N <- [7, -7, 1 bsl 70], D <- [2, -2.0, 0.5]]]),
    io:format("~p~n", [[lang_util:trim(catch id(N) div 0) || N <- [1, 1 bsl 70]] ++ [catch id(1) rem 0, catch id(1) / 0, catch id(1.0) / 0.0, catch 1 div id(1.0)]]),
    Bits = [0, 1, -1, 255, -256, 1 bsl 64, -(1 bsl 64), (1 bsl 100) + 12345, -(1 bsl 100) - 1],
    lists:foreach(fun(A) ->
        io:format("~p ~p~n", [A, [{id(A) band B, id(A) bor B, id(A) bxor B} || B <- [3, -3, 1 bsl 65, -(1 bsl 65)]]])
    end, Bits),
    io:format("~p~n", [[bnot id(X) || X <- Bits]]),
    Shifts = [0, 1, 7, 59, 60, 63, 64, 65, 127, 128, 200, -1, -64, -200],
    lists:foreach(fun(X) ->
        io:format("~p ~p~n", [X, [{id(X) bsl S, id(X) bsr S} || S <- Shifts]])
    end, [1, -1, 5, -5, 1 bsl 70, -(1 bsl 70), 0]),
    io:format("~p~n", [{catch id(1) bsl (1 bsl 64), catch id(0) bsl (1 bsl 64), catch id(1) bsr (1 bsl 64), catch id(-1) bsr (1 bsl 64)}]),
    io:format("~p~n", [{catch id(1.0) band 1, catch id(1) bsl 1.0, catch id(a) bxor 1, catch bnot id(1.5)}]).
