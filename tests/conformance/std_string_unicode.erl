%% std_string_unicode: string functions on non-ASCII text: grapheme
%% clusters (combining marks, CR LF, emoji ZWJ sequences, Hangul, regional
%% indicators), case mapping with special cases (sharp s, final sigma,
%% titlecase digraphs), and binaries in UTF-8. ~w keeps output latin1-safe.
-module(std_string_unicode).
-export([main/0]).

-import(stdh, [tw/2]).

t(Tag, F) -> tw(Tag, F).

main() ->
    Samples = ["e\x{301}", "\r\n", "\x{1F468}\x{200D}\x{1F469}\x{200D}\x{1F467}", "\x{1F1F8}\x{1F1EA}\x{1F1EB}\x{1F1EE}",
               "\x{1100}\x{1161}\x{11A8}", "\x{AC00}\x{11A8}", "a\x{308}\x{301}b", "\x{915}\x{94D}\x{937}", "\x{1F44D}\x{1F3FD}",
               "x\x{200D}y", "\x{0D}\x{0A}\x{0A}", "\x{0E01}\x{0E33}"],
    [t({graphemes, I}, fun() -> {string:length(S), string:to_graphemes(S), string:length(unicode:characters_to_binary(S)),
                                  string:to_graphemes(unicode:characters_to_binary(S))} end)
     || {I, S} <- lists:zip(lists:seq(1, length(Samples)), Samples)],
    [t({reverse, I}, fun() -> {string:reverse(S), string:reverse(unicode:characters_to_binary(S))} end)
     || {I, S} <- lists:zip(lists:seq(1, length(Samples)), Samples)],
    Cases = ["stra\x{DF}e", "\x{3A3}\x{39F}\x{3A3}", "\x{3C3}\x{3BF}\x{3C2}", "\x{1C4}\x{1C5}\x{1C6}", "\x{130}stanbul",
             "\x{131}i", "\x{FB01}le", "\x{149}", "\x{1F0}", "\x{10400}\x{10428}", "\x{24B6}\x{24D0}", "\x{C5}ngstr\x{F6}m",
             "\x{1E9E}", "\x{390}"],
    [t({case_map, I}, fun() -> {string:uppercase(S), string:lowercase(S), string:titlecase(S), string:casefold(S),
                                 string:uppercase(unicode:characters_to_binary(S))} end)
     || {I, S} <- lists:zip(lists:seq(1, length(Cases)), Cases)],
    t(equal_case, fun() -> [string:equal(A, B, true) || {A, B} <- [{"stra\x{DF}e", "STRASSE"}, {"\x{3C3}", "\x{3A3}"}, {"a", "A"}, {"\x{130}", "i\x{307}"}]] end),
    t(equal_norm, fun() -> [string:equal(A, B, false, N) || {A, B} <- [{"\x{E9}", "e\x{301}"}, {"\x{FB01}", "fi"}], N <- [none, nfc, nfd, nfkc, nfkd]] end),
    t(slice_unicode, fun() -> {string:slice("e\x{301}a\x{308}o", 1, 1), string:slice(<<"\x{1F44D}\x{1F3FD}x"/utf8>>, 1),
                               string:slice("a\r\nb", 1, 1), string:slice("\x{1F1F8}\x{1F1EA}\x{1F1EB}", 0, 1)} end),
    t(pad_unicode, fun() -> {string:pad("e\x{301}", 4, both, $.), string:pad("\x{1F1F8}\x{1F1EA}", 3, leading, "\x{2014}")} end),
    t(trim_unicode, fun() -> {string:trim("\x{A0}\x{2003}x\x{3000}\x{85}"), string:trim("\x{2028}x\x{2029}"), string:trim("e\x{301}e", both, "e"),
                              string:trim(<<"\r\n\tx\r\n"/utf8>>)} end),
    t(find_unicode, fun() -> {string:find("e\x{301}xe", "e"), string:find("\x{1F44D}\x{1F3FD}a", "\x{1F44D}"), string:find("a\r\nb", "\r")} end),
    t(split_unicode, fun() -> {string:split("\x{3B1}\x{2016}\x{3B2}\x{2016}\x{3B3}", "\x{2016}", all),
                               string:split(<<"\x{3B1}|\x{3B2}"/utf8>>, "|")} end),
    t(lexemes_unicode, fun() -> string:lexemes("\x{3B1} \x{3B2}\x{3000}\x{3B3}", [$\s, 16#3000]) end),
    t(next, fun() -> lists:map(fun(S) -> {string:next_grapheme(S), string:next_codepoint(S)} end, lists:sublist(Samples, 6)) end),
    t(next_bin, fun() -> [string:next_grapheme(unicode:characters_to_binary(S)) || S <- lists:sublist(Samples, 6)] end),
    t(chars_bad, fun() -> string:next_grapheme(<<16#E0, 16#80>>) end),
    t(length_bad, fun() -> string:length([16#110000]) end),
    t(uppercase_bad, fun() -> string:uppercase(<<"a", 255>>) end),
    t(is_empty_unicode, fun() -> {string:is_empty([<<>>, [[]]]), string:is_empty("\x{301}")} end),
    ok.
