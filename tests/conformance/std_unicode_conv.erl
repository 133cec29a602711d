%% std_unicode_conv: unicode:characters_to_list/binary between latin1,
%% utf8, utf16 and utf32 (both endians), with deep mixed input, BOMs
%% (bom_to_encoding/encoding_to_bom), and the {error,...} and
%% {incomplete,...} results for bad and truncated input.
-module(std_unicode_conv).
-export([main/0]).
-import(stdh, [tw/2]).

main() ->
    Txt = "a\x{E9}\x{3B1}\x{20AC}\x{1F600}z",
    Encs = [utf8, {utf16, big}, {utf16, little}, {utf32, big}, {utf32, little}, utf16, utf32],
    [tw({to_bin, E}, fun() -> unicode:characters_to_binary(Txt, unicode, E) end) || E <- Encs],
    [tw({round_trip, E}, fun() -> B = unicode:characters_to_binary(Txt, unicode, E), {unicode:characters_to_list(B, E) =:= Txt,
                                                                                     unicode:characters_to_binary(B, E, utf8) =:= unicode:characters_to_binary(Txt)} end) || E <- Encs],
    tw(latin1_in, fun() -> {unicode:characters_to_binary("caf\x{E9}", latin1), unicode:characters_to_list(<<"caf", 233>>, latin1),
                            unicode:characters_to_binary(<<"caf", 233>>, latin1, utf8)} end),
    tw(latin1_out, fun() -> {unicode:characters_to_binary("caf\x{E9}", unicode, latin1), unicode:characters_to_binary("\x{3B1}", unicode, latin1),
                             unicode:characters_to_binary(["ab", 256, "cd"], unicode, latin1)} end),
    tw(deep_mixed, fun() -> {unicode:characters_to_list(["a", <<"\x{3B1}"/utf8>>, [[$b], <<"c">>], 16#1F600]),
                             unicode:characters_to_binary([<<"x">>, [[[$y]]], <<>>, []])} end),
    tw(bad_utf8, fun() -> [unicode:characters_to_list(B) || B <- [<<"ab", 255, "cd">>, <<16#C0, 16#80>>, <<16#ED, 16#A0, 16#80>>, <<16#F4, 16#90, 16#80, 16#80>>,
                                                                  <<"x", 16#E2, 16#82>>, <<16#E2>>, <<16#F0, 16#9F, 16#98>>]] end),
    tw(bad_utf8_bin, fun() -> [unicode:characters_to_binary(B) || B <- [<<"ab", 255, "cd">>, <<"x", 16#E2, 16#82>>, ["ok", <<16#CE>>]]] end),
    tw(incomplete_deep, fun() -> unicode:characters_to_list([<<"a", 16#CE>>, <<16#B1, "b">>]) end),
    tw(incomplete_utf16, fun() -> {unicode:characters_to_list(<<0, 97, 0>>, utf16), unicode:characters_to_list(<<16#D8, 16#3D>>, utf16),
                                   unicode:characters_to_list(<<16#D8, 16#3D, 16#DE, 16#00>>, utf16), unicode:characters_to_list(<<16#DC, 0, 0, 97>>, utf16)} end),
    tw(utf32_bad, fun() -> {unicode:characters_to_list(<<0, 0, 16#D8, 0>>, utf32), unicode:characters_to_list(<<0, 16#11, 0, 0>>, utf32),
                            unicode:characters_to_list(<<0, 0, 0>>, utf32)} end),
    tw(bad_codepoints, fun() -> [unicode:characters_to_binary(L) || L <- [[16#D800], [16#110000], [-1], [a], ["ok", 16#DFFF, "x"]]] end),
    tw(badarg_atom, fun() -> unicode:characters_to_list(abc) end),
    tw(badarg_enc, fun() -> unicode:characters_to_binary("a", unicode, utf7) end),
    tw(badarg_improper, fun() -> unicode:characters_to_list([$a | $b]) end),
    tw(bom, fun() -> [unicode:bom_to_encoding(B) || B <- [<<16#EF, 16#BB, 16#BF, "x">>, <<16#FE, 16#FF>>, <<16#FF, 16#FE>>, <<16#FF, 16#FE, 0, 0>>,
                                                          <<0, 0, 16#FE, 16#FF>>, <<"plain">>, <<>>]] end),
    tw(enc_to_bom, fun() -> [unicode:encoding_to_bom(E) || E <- [utf8, unicode, {utf16, big}, {utf16, little}, utf16, {utf32, little}, utf32, latin1]] end),
    tw(big, fun() -> L = lists:seq(0, 16#D7FF, 7) ++ lists:seq(16#E000, 16#10FFFF, 997), B = unicode:characters_to_binary(L),
                     {byte_size(B), unicode:characters_to_list(B) =:= L, byte_size(unicode:characters_to_binary(L, unicode, utf16))} end),
    ok.
