%% pending (runtime/bif/re.c, PCRE2 vs OTP 25's PCRE 8.44): reference
%% syntax corner cases where laser's compile result differs from erl's:
%% "(?P<>x)" compiles in erl (PCRE1 took an empty name), laser says
%% "subpattern name expected" at 4; "\\g{-0}" is "must not be zero" at 5 in
%% erl, "subpattern name expected" at 3 here; "\\g<0>" is "recursive call
%% could loop indefinitely" at 4 in erl and compiles here; "\\g{+}" and
%% "\\g{-1x}" are "subpattern name expected" at 3 in erl, other messages
%% here; a non-ASCII group name ("\\k<alpha>" with unicode) is "syntax error in
%% subpattern name (missing terminator)" at 4 in erl (PCRE1 names were
%% ASCII), PCRE2 accepts the name and reports the missing group.
-module(std_re_refs).
-export([main/0]).
main() ->
    [io:format("~p: ~p~n", [P, case re:compile(P) of {ok, _} -> ok; E -> E end]) || P <- ["(?P<>x)", "\\g{-0}", "\\g<0>", "\\g{+}", "\\g{-1x}"]],
    [io:format("~p: ~p~n", [P, case re:compile(P, [unicode]) of {ok, _} -> ok; E -> E end]) || P <- ["\\k<\x{3B1}>", "(?<\x{3B1}>a)\\k<b>"]],
    ok.
