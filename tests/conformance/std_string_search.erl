%% std_string_search: string:find/split/lexemes/replace/take/prefix/
%% nth_lexeme with every direction, on lists, binaries and mixed chardata,
%% separators of several characters and grapheme clusters (CR LF).
-module(std_string_search).
-export([main/0]).

-import(stdh, [t/2]).

main() ->
    Ins = ["a,b,,c,", <<"a,b,,c,">>, ["a,", <<"b,">>, [$,, "c"], <<",">>], ",,", "", <<>>, "abc"],
    [t({find, I}, fun() -> [string:find(In, ",", Dir) || Dir <- [leading, trailing]] end) || {I, In} <- lists:zip(lists:seq(1, length(Ins)), Ins)],
    [t({split, I}, fun() -> [string:split(In, ",", Dir) || Dir <- [leading, trailing, all]] end) || {I, In} <- lists:zip(lists:seq(1, length(Ins)), Ins)],
    [t({lexemes, I}, fun() -> string:lexemes(In, ",") end) || {I, In} <- lists:zip(lists:seq(1, length(Ins)), Ins)],
    [t({replace, I}, fun() -> [string:replace(In, ",", "--", Dir) || Dir <- [leading, trailing, all]] end) || {I, In} <- lists:zip(lists:seq(1, length(Ins)), Ins)],
    t(find_multi, fun() -> {string:find("xxabcabcyy", "abc"), string:find("xxabcabcyy", "abc", trailing), string:find("aaa", "aa", trailing),
                            string:find("abc", ""), string:find(<<"abc">>, <<>>, trailing)} end),
    t(find_crlf, fun() -> {string:find("a\r\nb", "\n"), string:find("a\r\nb", "\r\n"), string:find("a\r\nb", "\r")} end),
    t(split_crlf, fun() -> {string:split("a\r\nb\r\nc", "\r\n", all), string:split("a\r\nb", "\n", all), string:split(<<"a\r\nb">>, "\r", all)} end),
    t(split_multi, fun() -> {string:split("a<>b<><>c", "<>", all), string:split("<>", "<>", all), string:split("aaaa", "aa", all),
                             string:split("abcd", "bc", trailing)} end),
    t(lexemes_multi, fun() -> {string:lexemes("a b\tc\n\nd", " \t\n"), string:lexemes("  ", " "), string:lexemes("a\r\nb", "\n"),
                               string:lexemes("a\r\nb", [[$\r, $\n], $x]), string:lexemes(<<"x-y_z">>, "-_")} end),
    t(nth_lexeme, fun() -> [string:nth_lexeme("a b  c d", N, " ") || N <- [1, 2, 3, 4, 5]] end),
    t(nth_lexeme_bin, fun() -> {string:nth_lexeme(<<"10.20.30">>, 2, "."), string:nth_lexeme("", 1, ".")} end),
    t(nth_lexeme_err, fun() -> string:nth_lexeme("a b", 0, " ") end),
    t(replace_multi, fun() -> {string:replace("aXXbXXc", "XX", "", all), string:replace(<<"aaa">>, "a", "bb", all), string:replace("abc", "z", "y"),
                               string:replace("a.b", ".", <<"!">>, all)} end),
    t(take_variants, fun() -> [{string:take(S, Set), string:take(S, Set, true), string:take(S, Set, false, trailing), string:take(S, Set, true, trailing)}
                               || {S, Set} <- [{"aabbcc", "ab"}, {<<"123abc">>, "0123456789"}, {"", "a"}, {"xyz", ""}, {"a\r\nb", "\r\n"}]] end),
    t(prefix_variants, fun() -> [string:prefix(S, P) || {S, P} <- [{"abc", "a"}, {"abc", "abc"}, {"abc", "abcd"}, {<<"abc">>, <<"ab">>},
                                                                    {["a", <<"bc">>], "ab"}, {"abc", ""}, {"", ""}, {"e\x{301}x", "e"}]] end),
    t(tokens, fun() -> [string:tokens(S, Sep) || {S, Sep} <- [{"a,b;c", ",;"}, {",,a,,", ","}, {"", ","}, {"abc", ""}, {"  x  y ", " "}]] end),
    t(tokens_err, fun() -> string:tokens(<<"a,b">>, ",") end),
    t(str_rstr, fun() -> [{string:str(S, Sub), string:rstr(S, Sub)} || {S, Sub} <- [{"abcabc", "bc"}, {"abc", ""}, {"", "a"}, {"aaa", "aa"}, {"abc", "abcd"}]] end),
    t(chr_rchr, fun() -> [{string:chr(S, C), string:rchr(S, C)} || {S, C} <- [{"hello", $l}, {"hello", $z}, {"", $a}]] end),
    t(span_cspan, fun() -> [{string:span(S, C), string:cspan(S, C)} || {S, C} <- [{"aabbc", "ab"}, {"xyz", "abc"}, {"", "a"}, {"abc", ""}]] end),
    t(words, fun() -> [{string:words(S), string:words(S, $,)} || S <- ["a b c", "  ", "a,b,,c", ""]] end),
    t(sub_word, fun() -> [string:sub_word("one two  three", N) || N <- [1, 2, 3, 4]] ++ [string:sub_word("a,b", 2, $,)] end),
    t(find_err, fun() -> string:find(abc, "a") end),
    t(split_err, fun() -> string:split("abc", x) end),
    t(lexemes_err, fun() -> string:lexemes(<<1:7>>, ",") end),
    t(replace_err, fun() -> string:replace("abc", "b", "x", sideways) end),
    ok.
