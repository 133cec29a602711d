%% Integer segments of every size 1..72 and unit, big/little/native
%% endianness, signed/unsigned: construction then matching back, values
%% that do not fit (truncated), negative values, and bignum segments.
-module(lang_bits_int).
-export([main/0]).

id(X) -> X.

rt(V, S) ->
    BB = <<V:S/big>>, BL = <<V:S/little>>,
    <<UB:S/big-unsigned>> = BB, <<SB:S/big-signed>> = BB,
    <<UL:S/little-unsigned>> = BL, <<SL:S/little-signed>> = BL,
    {BB, BL, UB, SB, UL, SL}.

main() ->
    lists:foreach(fun(S) ->
        io:format("~p ~p~n", [S, [rt(id(V), id(S)) || V <- [0, 1, -1, 5, 255, -128, (1 bsl S) - 1, 1 bsl (S - 1)]]])
    end, [1, 2, 3, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33]),
    lists:foreach(fun(S) ->
        V = id((1 bsl S) - 12345),
        io:format("~p ~p~n", [S, rt(V, S)])
    end, [47, 48, 56, 59, 60, 61, 63, 64, 65, 72, 100, 128]),
    io:format("~p~n", [[<<(id(V)):4/unit:8>> || V <- [1, -1, 1 bsl 31]]]),
    io:format("~p~n", [[<<(id(V)):3/unit:3>> || V <- [1, -1, 256]]]),
    io:format("~p~n", [<<1:1, 0:1, 1:1, 1:1, 0:4, 16#ABCD:16/little, -2:16/signed-big, 7:5, 1:3>>]),
    <<A:3, B:5, C:12/little, D/bits>> = id(<<16#FF, 16#12, 16#34, 1:3>>),
    io:format("~p~n", [{A, B, C, D}]),
    N = id(13),
    <<X:N, Y:(N + 3)/signed-little, Rest/bits>> = id(<<200, 100, 50, 25, 12, 6>>),
    io:format("~p~n", [{X, Y, Rest}]),
    io:format("~p~n", [<<(id(1 bsl 70)):80, (id(-(1 bsl 70))):80/little>>]),
    <<Big:80, NBig:80/little-signed>> = <<(1 bsl 70):80, (-(1 bsl 70)):80/little>>,
    io:format("~p~n", [{Big, NBig}]),
    <<Nat:32/native>> = <<1, 2, 3, 4>>,
    io:format("~p~n", [Nat =:= 16#04030201 orelse Nat =:= 16#01020304]),
    io:format("~p~n", [[lang_util:trim(catch <<(id(V)):8>>) || V <- [a, 1.5, [1]]]]),
    io:format("~p~n", [[lang_util:trim(catch <<1:(id(S))>>) || S <- [-1, a, 1.0]]]),
    io:format("~p~n", [<<0:0, 1:(id(0)), 255:8>>]).
