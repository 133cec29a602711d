%% ustring - string processing on UTF-8 text mixing ASCII, Latin-1, Greek,
%% Cyrillic, CJK, combining accents and emoji: stdlib's string module
%% (grapheme-aware length, case mapping, lexemes, find/replace, reverse,
%% trimming, padding) and unicode conversions between binaries and code
%% point lists. Size: number of lines. Result: lengths, counts and hashes.
-module(ustring).
%% group: strings
-define(DEFAULT_SIZE, 16000).
-include("bench.hrl").

run(N) ->
    Words = {<<"hello"/utf8>>, <<"Grüße"/utf8>>, <<"ἀλήθεια"/utf8>>,
             <<"Привет"/utf8>>, <<"日本語"/utf8>>, <<"e\x{301}te\x{301}"/utf8>>,
             <<"🙂👍🏽"/utf8>>, <<"STRASSE"/utf8>>, <<"naïve"/utf8>>, <<"ǅemal"/utf8>>},
    lines(N, 77, Words, {0, 0, 0, 0, 0}).

lines(0, _S, _W, Acc) -> Acc;
lines(N, S, W, {Len, Lex, Found, Hash, Bytes}) ->
    {Line, S1} = line(6 + S rem 7, S, W, []),
    Upper = string:uppercase(Line),
    Lower = string:lowercase(Line),
    Glen = string:length(Line),
    Ls = string:lexemes(Line, " ,"),
    F = case string:find(Lower, <<"grüße"/utf8>>) of nomatch -> 0; _ -> 1 end,
    Replaced = string:replace(Line, " ", "_", all),
    Rev = string:reverse(Line),
    Padded = string:pad(string:trim(Line), 80, both, $·),
    Chars = unicode:characters_to_list([Upper, $|, Replaced]),
    Back = unicode:characters_to_binary(Chars),
    Nfc = unicode:characters_to_nfc_binary(Line),
    H = erlang:phash2({Lower, Rev, Padded, Nfc, string:titlecase(Line)}),
    lines(N - 1, S1, W, {Len + Glen, Lex + length(Ls), Found + F,
                         (Hash + H) band 16#FFFFFFF,
                         Bytes + byte_size(Back) + length(Chars)}).

line(0, S, _W, Acc) -> {unicode:characters_to_binary(Acc), S};
line(K, S, W, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    Sep = case S1 band 3 of 0 -> ", "; _ -> " " end,
    line(K - 1, S1, W, [element(S1 rem 10 + 1, W), Sep | Acc]).
