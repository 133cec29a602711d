#!/usr/bin/env escript
%% bif_re_syntax.escript OUT - erl's verdicts on random pattern syntax, for
%% runtime/bif/re.c: re:run("a", Pattern, [report_errors | Opts]) built from
%% the fragments that compile errors hide in. tests/unit/test_bif_re.c
%% requires laser to agree on which patterns compile and what they match,
%% and measures how many error messages and offsets are PCRE 8.44's exactly
%% (PCRE2 finds some errors elsewhere; see re.c's err_adjust).
-mode(compile).
-include("bif_cases.hrl").

main([Out]) ->
    rand:seed(exsss, {5, 6, 7}),
    Frags = ["a", "(", ")", "[", "]", "{", "}", "\\", "\\g", "\\k", "\\p", "\\x", "\\o", "\\c",
             "\\Q", "\\E", "(?", "(?P<n>", "(?<n>", "(?'n'", "(?P=n)", "\\k<n>", "\\g{-1}", "\\g1",
             "(?1)", "(?R)", "(?&n)", "(?(1)", "(?(<n>)", "(*", "(*FAIL)", "(*MARK:x)", "(*SKIP)", "(?|",
             "(?#c)", "[[:alpha:]]", "[[:", "{2,", "*", "+", "?", "|", "-", "^", "$", "\\1", "0", "x",
             "(?i", "(?-", ":", ">", "<", "=", "!", "'"],
    Opts = [[], [unicode], [extended], [dupnames]],
    Cases = [{re, run, ["a", lists:append([pick(Frags) || _ <- lists:seq(1, 1 + rand:uniform(4))]),
                        [report_errors | pick(Opts)]]} || _ <- lists:seq(1, 4000)],
    write_cases(Out, Cases).

pick(L) -> lists:nth(rand:uniform(length(L)), L).
