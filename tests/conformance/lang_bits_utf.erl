%% utf8, utf16 and utf32 segments (big and little): construction of every
%% range boundary, matching them back, invalid code points (surrogates,
%% above 0x10FFFF, negative) failing construction with badarg and failing
%% matches, and mixing utf segments with others.
-module(lang_bits_utf).
-export([main/0]).

id(X) -> X.

main() ->
    Cps = [0, $a, 16#7F, 16#80, 16#7FF, 16#800, 16#D7FF, 16#E000, 16#FFFD, 16#FFFF, 16#10000, 16#10FFFF],
    lists:foreach(fun(C) ->
        X = id(C),
        U8 = <<X/utf8>>, U16 = <<X/utf16>>, U16L = <<X/utf16-little>>, U32 = <<X/utf32>>, U32L = <<X/utf32-little>>,
        <<D8/utf8>> = U8, <<D16/utf16>> = U16, <<D16L/little-utf16>> = U16L, <<D32/utf32>> = U32, <<D32L/utf32-little>> = U32L,
        io:format("~p ~p ~p ~p ~p ~p ~p~n", [X, U8, U16, U16L, U32, U32L, [D8, D16, D16L, D32, D32L]])
    end, Cps),
    io:format("~p~n", [[lang_util:trim(catch <<(id(C))/utf8>>) || C <- [16#D800, 16#DFFF, 16#110000, -1, a, 1.0]]]),
    io:format("~p~n", [[lang_util:trim(catch <<(id(C))/utf16>>) || C <- [16#D800, 16#110000]]]),
    io:format("~p~n", [[lang_util:trim(catch <<(id(C))/utf32>>) || C <- [16#DC00, 16#110000]]]),
    M8 = fun(B) -> case B of <<C/utf8, R/binary>> -> {C, R}; _ -> nomatch end end,
    io:format("~p~n", [[M8(id(B)) || B <- [<<"é">>, <<195, 169, 1>>, <<16#C0, 16#80>>, <<16#E0, 16#80, 16#80>>,
        <<16#ED, 16#A0, 16#80>>, <<16#F4, 16#90, 16#80, 16#80>>, <<16#F0, 16#9F, 16#98, 16#80>>, <<16#FF>>, <<16#C3>>, <<>>]]]),
    M16 = fun(B) -> case B of <<C/utf16, R/binary>> -> {C, R}; _ -> nomatch end end,
    io:format("~p~n", [[M16(id(B)) || B <- [<<16#D8, 16#3D, 16#DE, 16#00>>, <<16#D8, 16#00>>, <<16#DC, 16#00, 0, 0>>, <<0, 65, 1>>]]]),
    M32 = fun(B) -> case B of <<C/utf32, R/binary>> -> {C, R}; _ -> nomatch end end,
    io:format("~p~n", [[M32(id(B)) || B <- [<<0, 0, 0, 65>>, <<0, 0, 16#D8, 0>>, <<0, 17, 0, 0>>, <<0, 0, 0>>]]]),
    S = <<"aé€😀"/utf8>>,
    io:format("~p~n", [{S, [C || <<C/utf8>> <= S], byte_size(S), <<"aé€😀"/utf16>>, <<"ab"/utf32-little>>}]),
    io:format("~p~n", [<<1:4, 16#E9/utf8, 1:4>>]),
    <<_:4, Cp/utf8, _:4>> = id(<<1:4, 16#E9/utf8, 1:4>>),
    io:format("~p~n", [Cp]),
    io:format("~p~n", [unicode:characters_to_list(<< <<C/utf8>> || C <- lists:seq(16#3B1, 16#3C9) >>)]).
