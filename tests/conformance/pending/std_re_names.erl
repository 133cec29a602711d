%% pending (runtime/bif/re.c, PCRE2 vs OTP 25's PCRE 8.44): named-group
%% syntax corner cases. erl compiles "(?P<>x)" (PCRE1 accepted an empty
%% name) where laser gives {error,{"subpattern name expected",4}}; and
%% for "\\k<none>" erl reports the missing name at offset 7 (after the
%% name), laser at 4. re.c's pcre1_first_error/err_adjust would need rules
%% for named references.
-module(std_re_names).
-export([main/0]).
main() ->
    [io:format("~p: ~p~n", [P, case re:compile(P) of {ok, _} -> ok; E -> E end]) || P <- ["(?P<>x)", "\\k<none>", "(?P=none)", "\\g{none}", "(?&none)"]],
    ok.
