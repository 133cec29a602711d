%% std_re_compile: re:compile options (caseless, multiline, dotall,
%% extended, ungreedy, dollar_endonly, firstline, no_auto_capture,
%% dupnames, newline conventions, bsr_*, ucp, unicode, never_utf) and
%% their effect on re:run; bad patterns and the error tuples.
-module(std_re_compile).
-export([main/0]).
-import(stdh, [t/2]).

r(Subj, Re, Opts) ->
    case re:compile(Re, Opts) of
        {ok, MP} -> re:run(Subj, MP, [global, {capture, all, list}]);
        E -> E
    end.

main() ->
    T = "Line one\nline Two\r\nLINE three\rend",
    Cases = [{"line", []}, {"line", [caseless]}, {"^line", []}, {"^line", [multiline]}, {"^line", [multiline, caseless]},
             {"e$", []}, {"e$", [multiline]}, {"one.line", []}, {"one.line", [dotall]}, {"l i n e # comment", [extended]},
             {"L.*e", []}, {"L.*e", [ungreedy]}, {"L.*?e", [ungreedy]}, {"end$", [dollar_endonly]}, {"o", [firstline]},
             {"(l)(i)", [no_auto_capture]}, {"(?<n>l)|(?<n>L)", [dupnames]}, {"^\\w+$", [multiline, {newline, cr}]},
             {"^\\w+$", [multiline, {newline, lf}]}, {"^\\w+$", [multiline, {newline, crlf}]}, {"^\\w+$", [multiline, {newline, anycrlf}]},
             {"^\\w+$", [multiline, {newline, any}]}, {"\\R", [bsr_anycrlf]}, {"\\R", [bsr_unicode]}, {"e\\b", []}],
    [t({C, Re, O}, fun() -> r(T, Re, O) end) || {C, {Re, O}} <- lists:zip(lists:seq(1, length(Cases)), Cases)],
    U = "caf\x{E9} na\x{EF}ve \x{3B1}\x{3B2}\x{3B3}",
    t(unicode_w, fun() -> {r(U, "\\w+", [unicode]), r(U, "\\w+", [unicode, ucp])} end),
    t(unicode_dot, fun() -> r(U, "\x{3B1}.", [unicode]) end),
    t(unicode_case, fun() -> r("\x{391}\x{3B1}", "\x{3B1}", [unicode, caseless]) end),
    t(unicode_bin, fun() -> re:run(unicode:characters_to_binary(U), "\\w+$", [unicode, ucp, {capture, all, binary}]) end),
    t(unicode_index, fun() -> re:run(unicode:characters_to_binary(U), "\x{3B2}", [unicode]) end),
    t(never_utf, fun() -> re:compile("(*UTF)a", [never_utf]) end),
    t(latin1_high, fun() -> re:run(<<"caf", 233>>, <<233>>, [{capture, all, index}]) end),
    Bad = ["(", ")", "[a", "a{2,1}", "*", "(?<n>a)(?<n>b)", "\\", "a**", "[z-a]", "(?<=a+)b"],
    [t({bad, R}, fun() -> re:compile(R) end) || R <- Bad],
    t(bad_opt, fun() -> re:compile("a", [nonsense]) end),
    t(bad_type, fun() -> re:compile(123) end),
    t(compile_unicode_bad, fun() -> [re:compile(X, [unicode]) || X <- [<<255>>, <<"ab", 255>>, <<"abc", 16#CE>>, <<"a", 16#C0, 16#80>>, <<"xy", 16#ED, 16#A0, 16#80>>]] end),
    t(options_in_run, fun() -> {re:run("ABC", "b", [caseless, {capture, all, list}]), re:run("a\nb", "^b", [multiline, {capture, all, list}])} end),
    ok.
