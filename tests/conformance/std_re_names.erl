%% std_re_names: re:compile errors for references to groups that do not
%% exist, by name and by number, in every syntax (\k<n>, \k'n', \k{n},
%% (?P=n), (?&n), (?P>n), \g{n}, \g<n>, \g'n', \gN, \g{+N}, \g<N>): OTP 25's
%% PCRE 8.44 reports a name after its end, laser's PCRE2 at its start, so
%% re.c moves the offset. Corner cases still different are in
%% pending/std_re_refs.erl.
-module(std_re_names).
-export([main/0]).

main() ->
    Ps = ["\\k<none>", "(?P=none)", "\\g{none}", "(?&none)", "\\k<a>", "\\k'ab'", "\\k{abc}", "(?P>nm)", "\\g<nm>", "\\g'nm'",
          "(?<x>a)\\k<y>", "(?<x>a)\\k<xx>", "a(?P=n_1)b", "(a)\\k<z>(b)", "\\k<n>+", "(?&n)(?<m>x)", "(?(<nn>)a|b)", "(?(R&nn)a)",
          "\\g{x1}", "[\\k<n>]", "\\k<1a>", "(?P=1)", "\\g{+1}", "\\g{-1}", "\\g{0}", "\\g{2}", "\\g2", "(?1)", "(?+1)", "(?-1)",
          "\\N{name}", "(?<n>a)(?<n>b)", "(?|(?<a>x)|(?<b>y))", "\\g+1", "\\g{+12}", "\\g<1>", "\\g<+1>", "a\\g{+1}b", "\\g<a", "\\g<>",
          "x\\g<n_2>y", "\\g'a", "\\g{ab", "\\g<1a>", "(?<ok>a)\\k<ok>\\g{ok}(?P=ok)(?&ok)", "(a)(b)\\g{-2}\\g<2>\\2"],
    [io:format("~p: ~p~n", [P, case re:compile(P) of {ok, _} -> ok; E -> E end]) || P <- Ps],
    ok.
