%% unicode:characters_to_binary/list on outputs around and past the
%% conversion buffer's first size (256 bytes), ASCII runs with multibyte
%% characters between them, errors and incomplete sequences inside and
%% across binaries, latin1, and UTF-8 decoding in binary matching at byte
%% and bit offsets.
-module(std_unicode_conv_buf).
-export([main/0]).

main() ->
    A = binary:copy(<<"abcdefgh">>, 40),
    G = <<"αβγδ"/utf8>>,
    Parts = [[A], [A, G, A], [G, A, $x, 16#1F642, A], [binary:copy(G, 70)],
             [lists:seq($a, $z), A, [G, [A]]], [<<>>, [], A, [[], <<>>]],
             [binary:part(A, 0, 255), 16#E9], [binary:part(A, 0, 254), 16#20AC], [binary:part(A, 0, 253), 16#1F600]],
    lists:foreach(fun(P) ->
        B = unicode:characters_to_binary(P),
        L = unicode:characters_to_list(P),
        io:format("~p ~p ~p ~p~n", [byte_size(B), erlang:phash2(B), length(L), erlang:phash2(L)])
    end, Parts),
    %% errors and incomplete after a long valid prefix
    Bad = [[A, <<16#FF, "rest">>], [A, <<"ok", 16#CE>>], [A, <<16#CE>>, <<16#B1, "z">>],
           [A, <<16#CE>>, <<"z">>], [A, 16#D800, A], [A, -1], [A, <<16#E2, 16#82>>],
           [A, <<16#C0, 16#80>>], [<<"x", 16#F4, 16#90, 16#80, 16#80>>]],
    [io:format("~p~n~p~n", [trunc_res(unicode:characters_to_binary(P)), trunc_res(unicode:characters_to_list(P))]) || P <- Bad],
    io:format("~p~n", [trunc_res(unicode:characters_to_binary([A, 255, A], latin1))]),
    io:format("~p~n", [trunc_res(unicode:characters_to_binary([A, 256], latin1))]),
    io:format("~p~n", [trunc_res(unicode:characters_to_binary([binary:copy(<<233>>, 300)], latin1, utf8))]),
    io:format("~p~n", [trunc_res(unicode:characters_to_binary(binary:copy(<<0, 233>>, 200), utf16, utf8))]),
    io:format("~p~n", [catch unicode:characters_to_binary([A | a])]),
    io:format("~p~n", [catch unicode:characters_to_list([A, {x}])]),
    %% UTF-8 segments in matching: ASCII at byte and bit offsets, then multibyte
    Text = <<"héllo wörld 🙂"/utf8>>,
    io:format("~p~n", [cps(Text)]),
    io:format("~p~n", [cps(<<1:3, Text/binary, 0:5>>)]),
    io:format("~p~n", [[catch cps(X) || X <- [<<16#80>>, <<"a", 16#C3>>, <<"a", 16#C3, 16#28>>, <<16#ED, 16#A0, 16#80>>]]]),
    ok.

cps(<<C/utf8, R/bitstring>>) -> [C | cps(R)];
cps(<<_:3, R/bitstring>>) when bit_size(R) rem 8 =/= 0 -> cps(R);
cps(<<>>) -> [];
cps(<<0:5>>) -> [];
cps(Other) -> {rest, Other}.

trunc_res({K, B, R}) when is_binary(B) -> {K, byte_size(B), R};
trunc_res({K, L, R}) when is_list(L) -> {K, length(L), R};
trunc_res(B) when is_binary(B) -> {byte_size(B), erlang:phash2(B)};
trunc_res(X) -> X.
