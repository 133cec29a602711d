%% std_unicode_norm: unicode:characters_to_nfc/nfd/nfkc/nfkd_list and
%% _binary on composed and decomposed Latin, Hangul syllables, compatibility
%% characters (ligatures, fullwidth, superscripts), canonical ordering of
%% combining marks, singletons and exclusions, and the error results.
-module(std_unicode_norm).
-export([main/0]).
-import(stdh, [tw/2]).

main() ->
    Ins = ["\x{E9}", "e\x{301}", "\x{1E69}", "s\x{323}\x{307}", "s\x{307}\x{323}", "\x{AC00}", "\x{1100}\x{1161}", "\x{AC01}",
           "\x{1100}\x{1161}\x{11A8}", "\x{FB01}", "\x{FF21}\x{FF41}", "x\x{B2}", "\x{212B}", "\x{2126}", "\x{344}", "\x{F900}",
           "\x{1E0A}\x{323}", "a\x{30A}\x{301}", "\x{2460}", "\x{3300}", "\x{FDFA}", "\x{DF}", "\x{1D400}", "\x{BD}", "\x{0958}",
           "\x{2ADC}", "\x{1F1}", "\x{A0}", "", "plain ascii"],
    [tw({nf, I}, fun() -> {unicode:characters_to_nfc_list(S), unicode:characters_to_nfd_list(S), unicode:characters_to_nfkc_list(S),
                           unicode:characters_to_nfkd_list(S)} end) || {I, S} <- lists:zip(lists:seq(1, length(Ins)), Ins)],
    [tw({nf_bin, I}, fun() -> B = unicode:characters_to_binary(S), {unicode:characters_to_nfc_binary(B), unicode:characters_to_nfd_binary(B),
                                                                   unicode:characters_to_nfkc_binary(B), unicode:characters_to_nfkd_binary(B)} end)
     || {I, S} <- lists:zip(lists:seq(1, length(Ins)), Ins), I rem 3 =:= 0],
    tw(deep, fun() -> {unicode:characters_to_nfc_list(["e", <<"\x{301}"/utf8>>, [$a]]), unicode:characters_to_nfd_binary([<<"\x{E9}"/utf8>>, "x"])} end),
    tw(errors, fun() -> [catch unicode:characters_to_nfc_list(X) || X <- [<<255>>, [16#110000], ["ok", <<16#CE>>]]] end),
    tw(error_bin, fun() -> unicode:characters_to_nfd_binary(<<"a", 255, "b">>) end),
    tw(badarg, fun() -> unicode:characters_to_nfc_list(atom) end),
    tw(idempotent, fun() -> [unicode:characters_to_nfc_list(unicode:characters_to_nfd_list(S)) =:= unicode:characters_to_nfc_list(S) || S <- Ins] end),
    tw(long, fun() -> L = lists:append(lists:duplicate(200, "e\x{301}\x{AC00}o\x{308}")), {length(unicode:characters_to_nfc_list(L)),
                                                                                     length(unicode:characters_to_nfd_list(L))} end),
    ok.
