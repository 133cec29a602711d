%% std_string: OTP 25's unicode string module (and the old flat-list functions), run unchanged, compared with erl.
-module(std_string).
-export([main/0]).

%% Each result is formatted with ~p and ~w and gathered; the output goes
%% out in one io:put_chars at the end (see
%% tests/conformance/pending/io_many_requests.erl).
t(Tag, F) ->
    R = try F() of V -> {ok, V} catch C:E -> {C, E} end,
    put(out, [io_lib:format("~p: ~p~n~w~n", [Tag, R, R]) | get_out()]).
get_out() -> case get(out) of undefined -> []; L -> L end.
flush() -> io:put_chars(lists:reverse(get_out())), put(out, []).

main() ->
    S = "  Hello, Wörld! héllo  ", U = <<"  Ünïcödé  TeXt ∂x "/utf8>>,
    t(length, fun() -> {string:length(S), string:length(U), string:length(["ab", <<"cd">>, $e]), string:length("e\x{301}")} end),
    t(is_empty, fun() -> {string:is_empty(""), string:is_empty([[], <<>>]), string:is_empty(" ")} end),
    t(equal, fun() -> {string:equal("abc", <<"abc">>), string:equal("ABC", "abc", true), string:equal("a", "b")} end),
    t(casefold, fun() -> {string:casefold(S), string:casefold(U), string:casefold("ß")} end),
    t(to_upper, fun() -> {string:uppercase(S), string:uppercase(U), string:to_upper("abc"), string:to_upper($a)} end),
    t(to_lower, fun() -> {string:lowercase(S), string:lowercase(U), string:to_lower("ÀBC"), string:titlecase("élan vital")} end),
    t(trim, fun() -> {string:trim(S), string:trim(S, leading), string:trim(S, trailing), string:trim(U),
                      string:trim("..a.b..", both, "."), string:trim("\r\n x \r\n")} end),
    t(pad, fun() -> {string:pad("abc", 7), string:pad("abc", 7, leading), string:pad("abc", 8, both, $*),
                     string:pad(<<"é"/utf8>>, 3, trailing, "-"), string:pad("abcdef", 3)} end),
    t(split, fun() -> {string:split("a,b,,c", ","), string:split("a,b,,c", ",", all), string:split("a,b,,c", ",", trailing),
                       string:split(<<"x--y--z">>, "--", all), string:split("abc", "")} end),
    t(lexemes, fun() -> {string:lexemes("a,b,,c", ","), string:lexemes(" a  b\tc\n", " \t\n"),
                         string:lexemes(<<"1;2;;3">>, ";"), string:lexemes("abc\r\ndef", [[$\r, $\n]])} end),
    t(find, fun() -> {string:find(S, "llo"), string:find(S, "llo", trailing), string:find(S, "xyz"),
                      string:find(<<"abcabc">>, <<"c">>, trailing)} end),
    t(replace, fun() -> {string:replace("a.b.c", ".", "-"), string:replace("a.b.c", ".", "-", all),
                         string:replace(<<"aXbXc">>, "X", "YY", trailing)} end),
    t(take, fun() -> {string:take("abc123", "abc"), string:take("abc123", "0123456789", true),
                      string:take("abc123", "123", false, trailing), string:take(<<"  x">>, " ")} end),
    t(slice, fun() -> {string:slice("hello world", 6), string:slice("hello world", 0, 5), string:slice(<<"héllo"/utf8>>, 1, 3),
                       string:slice("abc", 10)} end),
    t(reverse, fun() -> {string:reverse("abc"), string:reverse(<<"héllo"/utf8>>)} end),
    t(next, fun() -> {string:next_grapheme("abc"), string:next_grapheme(<<"e\x{301}x"/utf8>>), string:next_codepoint("xyz"),
                      string:next_grapheme(""), string:next_codepoint(<<>>)} end),
    t(prefix, fun() -> {string:prefix("prefix-rest", "prefix-"), string:prefix("abc", "x"), string:prefix(<<"abc">>, "ab")} end),
    t(to_graphemes, fun() -> {string:to_graphemes("a\r\nb"), string:to_graphemes(<<"e\x{301}"/utf8>>)} end),
    t(to_integer, fun() -> {string:to_integer("123abc"), string:to_integer("-7"), string:to_integer("abc"),
                            string:to_integer(<<"42 x">>), string:to_integer("+0x")} end),
    t(to_float, fun() -> {string:to_float("1.5e3xyz"), string:to_float("1.0"), string:to_float("1"), string:to_float(<<"2.25">>),
                          string:to_float("-0.5e-2")} end),
    t(jaro, fun() -> {string:jaro_similarity("martha", "marhta"), string:jaro_similarity("", ""), string:jaro_similarity("abc", "xyz")} end),
    t(old_funs, fun() -> {string:tokens("a b  c", " "), string:join(["a", "b"], ", "), string:chr("hello", $l),
                          string:rchr("hello", $l), string:str("hello", "ll"), string:rstr("hello", "l"),
                          string:substr("hello", 2, 3), string:sub_string("hello", 2), string:strip("  x  "),
                          string:strip("xxaxx", both, $x), string:left("ab", 5, $.), string:right("ab", 5), string:centre("ab", 6),
                          string:copies("ab", 3), string:words("a b c"), string:sub_word("a b c", 2), string:span("aabc", "a"),
                          string:cspan("aabc", "c"), string:len("abc"), string:concat("a", "b")} end),
    t(list_to_integer, fun() -> [string:list_to_integer(X) || X <- ["123abc", "-7", "+", "-", "", "abc", "+0x", "007", [$1, a], [$1 | $2], a, <<"12">>, "1" ++ [256], "99999999999999999999999x", "- 1", "--1", "1.5", [$1, $2 | tail], [a | b]]] end),
    t(list_to_float, fun() -> [string:list_to_float(X) || X <- ["1.5e3xyz", "1.0", "1", "1.", ".5", "1.5e", "1.5e+", "1.5e+2", "1.5E-2x", "-0.5", "+2.5", "1e5", "1.0e999", "1.0e-999", "12.34.5", a, "1.5" ++ [a], [$1, $., $5 | b], "0.000000000000000000000000001", "1.5e0003", "1,5", "1.0e308", "2.0e308", "0.1", "2.2250738585072014e-308", "4.9e-324x"]] end),
    t(bad, fun() -> string:length(<<255>>) end),
    t(bad2, fun() -> string:pad(a, 3) end),
    flush().
