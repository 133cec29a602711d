%% std_re_run: re:run with every capture specification (all, first,
%% all_but_first, none, all_names, named and numbered lists) and type
%% (index, list, binary), global matching (empty matches, CRLF newline),
%% offset, anchored/notbol/noteol/notempty, match_limit, report_errors.
-module(std_re_run).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    S = <<"2023-11-14 and 1999-01-02; x=42, y=7">>,
    D = "(?<y>\\d{4})-(?<m>\\d\\d)-(?<d>\\d\\d)",
    Caps = [all, first, all_but_first, none, all_names, [y, d], [0, 2], [m, 9], ["d"], [zz]],
    [t({cap, C, T}, fun() -> re:run(S, D, [{capture, C, T}]) end) || C <- Caps, T <- [index, list, binary]],
    [t({gcap, C}, fun() -> re:run(S, D, [global, {capture, C, binary}]) end) || C <- [all, first, all_but_first, [d]]],
    t(default, fun() -> {re:run(S, "x=(\\d+)"), re:run(S, "nomatch"), re:run("abc", "")} end),
    t(global_empty, fun() -> {re:run("abc", "", [global]), re:run("abc", "x*", [global, {capture, all, list}]), re:run("", "", [global])} end),
    t(global_crlf, fun() -> re:run("a\r\nb\r\n", "", [global, {newline, crlf}]) end),
    t(global_unicode_empty, fun() -> re:run("\x{3B1}\x{3B2}", "", [global, unicode]) end),
    t(offset, fun() -> {re:run(S, "\\d+", [{offset, 20}, {capture, first, list}]), re:run(S, "\\d+", [{offset, 36}]), re:run(S, "^x", [{offset, 27}])} end),
    t(anchored, fun() -> {re:run(S, "\\d+", [anchored]), re:run(S, "and", [anchored]), re:run(S, "and", [anchored, {offset, 11}])} end),
    t(notbol_noteol, fun() -> {re:run("abc", "^a", [notbol]), re:run("abc", "c$", [noteol]), re:run("abc", "x*", [notempty]),
                               re:run("abc", "x*", [notempty_atstart])} end),
    t(unmatched_groups, fun() -> {re:run("ac", "(a)(b)?(c)", [{capture, all, list}]), re:run("ac", "(a)(b)?(c)", [{capture, all, index}]),
                                  re:run("ac", "(a)(b)?(c)", [{capture, all, binary}]), re:run("a", "(a)(b)?", [{capture, all, list}])} end),
    t(trailing_unset, fun() -> re:run("a", "(a)|(b)", [{capture, all, list}]) end),
    t(match_limit, fun() -> {re:run(binary:copy(<<"a">>, 30), "(a+)+b", [{match_limit, 1000}]),
                             re:run(binary:copy(<<"a">>, 30), "(a+)+b", [{match_limit, 1000}, report_errors]),
                             re:run(binary:copy(<<"a">>, 25), "(a+)+b", [{match_limit_recursion, 10}, report_errors])} end),
    t(bad_regex, fun() -> re:run("a", "(") end),
    t(bad_regex_report, fun() -> re:run("a", "(", [report_errors]) end),
    t(bad_opt, fun() -> re:run("a", "a", [bogus]) end),
    t(bad_subject, fun() -> re:run(atom, "a") end),
    t(bad_cap, fun() -> re:run("a", "a", [{capture, bogus}]) end),
    t(iolist_subject, fun() -> re:run(["ab", <<"cd">>, $e], "bcd", [{capture, all, list}]) end),
    t(compiled, fun() -> {ok, MP} = re:compile(D), {re:run(S, MP, [{capture, [y], list}]), re:run("none", MP)} end),
    t(inspect, fun() -> {ok, MP} = re:compile(D), {re:inspect(MP, namelist), re:inspect(element(2, re:compile("(a)(?<x>b)")), namelist)} end),
    t(version, fun() -> is_binary(re:version()) end),
    t(backrefs, fun() -> {re:run("abcabc", "(abc)\\1", [{capture, all, list}]), re:run("aa bb cd", "(\\w)\\1", [global, {capture, [1], list}])} end),
    t(lookaround, fun() -> {re:run("price: $42", "(?<=\\$)\\d+", [{capture, all, list}]), re:run("foobar foobaz", "foo(?!bar)", [{capture, all, index}])} end),
    t(long_subject, fun() -> B = binary:copy(<<"abcdefghij">>, 10000), {re:run(B, "j$", [{capture, all, index}]), length(element(2, re:run(B, "a", [global])))} end),
    ok.
