#!/usr/bin/env escript
%% bif_re.escript OUT - erl's outcomes of re:run/2,3 and re:internal_run/4
%% with patterns given as text (an MP's bytes are erl's PCRE bytecode, which
%% laser cannot share), for runtime/bif/re.c; replayed by
%% tests/unit/test_bif_re.c. Cases that make erl 25 itself crash (an offset
%% past the subject, binary captures of a \K match ending before it starts)
%% are left out.
-mode(compile).
-include("bif_cases.hrl").

main([Out]) ->
    logger:set_primary_config(level, none), % the crashes erl_survives provokes
    Cases = basic() ++ options() ++ captures() ++ global() ++ unicode() ++
                latin1() ++ errors() ++ limits() ++ internal() ++ compile_errors() ++ random_cases(),
    write_cases(Out, [C || C <- Cases, erl_survives(C)]).

%% Some calls make erl 25 raise internal_error, which no catch sees (an
%% offset past the end of the subject, match-time newline options PCRE
%% rejects): such cases are left out, found by running each in a process.
erl_survives({M, F, A}) ->
    {Pid, Ref} = spawn_monitor(fun() -> try apply(M, F, A) catch _:_ -> ok end end),
    receive
        {'DOWN', Ref, process, Pid, normal} -> true;
        {'DOWN', Ref, process, Pid, _} -> false
    end.

run(S, P) -> {re, run, [S, P]}.
run(S, P, O) -> {re, run, [S, P, O]}.

basic() ->
    Pats = ["a", "abc", "a*", "a+?", "^b", "c$", "(a)(b)?(c)", "(a)|(b)", "(?:x)(y)", "[a-c]+",
            "[^a]", "\\d+", "\\w+", "\\s", "\\bfoo\\b", "(a|b)*c", "x{2,3}", "(?i)ABC", "a.c",
            "(?=b)", "(?!a)", "(?<=a)b", "(?<!a)b", "\\Aa", "c\\z", "c\\Z", "(a)\\1", "(?<n>b)\\k<n>",
            "", "$", "^", "\\", "(", "a{2,1}", "[]", "abc\\K", "a\\Kb", "(*CR)a$", "(?|(a)|(b))",
            "(?>a+)b", "a++b", "(?(1)a|b)", "(a)?(?(1)b|c)", "(?s).", "(?m)^b", "(?x) a b c",
            "\\x41", "\\101", "\\x{41}", "\\Qa.c\\E", "[[:alpha:]]+", "[[:digit:][:space:]]+",
            "\\R", "\\h", "\\v", "\\N", "\\X", "\\p{L}", "\\C", "a(*SKIP)b|ac", "a(*FAIL)|b",
            "(?<y>x)|(?<z>y)", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\\11",
            %% classes PCRE 8.44 read more leniently than PCRE2
            "[\\w-.]+", "[\\d-z]+", "[\\s-]", "[a\\d-z]+", "[\\p{L}-b]", "[[:alpha:]-.]+", "[\\z\\k\\y]",
            "[^\\W-c]+", "[]\\z]", "[\\N]", "\\Q[\\z\\E", "[\\Q\\z\\E]",
            %% \8 and \9 are the digits unless there are that many groups
            "\\9", "k\\9", "(k)\\9", "(a)(b)(c)(d)(e)(f)(g)(h)\\8\\9", "\\8\\2"],
    Subjects = ["", "abc", "aab", "xbcx", "a\nb\nc", "ABC abc", "foo bar", "aaab", "xxyy",
                <<"abc">>, <<"b\r\nc">>, [<<"a">>, "b", [$c]], ["ab" | <<"c">>], "abcdefghijkk",
                <<"a.c\x{85}">>, "y-z.k9 ]"],
    [run(S, P) || P <- Pats, S <- Subjects].

options() ->
    Pairs = [{"a\nb\nc", "^b$"}, {"abc\n", "c$"}, {"ABC", "abc"}, {"a\nc", "a.c"},
             {"a b", "a b"}, {"a b", "a\\ b"}, {"xaab", "a+"}, {"xaab", "a+?"},
             {"ab\ncd", "c"}, {"b\nab", "^ab"}, {"a\r\nb", "a$"}, {"a\rb", "a$"},
             {"a\r\nb", "^b"}, {"a\x{85}b", "a\\Rb"}, {"a\r\nb", "a\\R{2}b"},
             {"aaa", "(a)(?<x>a)"}, {"abc", "(?<x>a)(?<x>b)"}, {"\x{e9}", "\\w"},
             {"a\x0bb", "a\\sb"}, {"ab", "(?J)(?<x>a)(?<x>b)"}, {"b\nab\r\n", "(*CRLF)$"},
             {"a\x{85}b", "(*BSR_ANYCRLF)(*CR)a\\Rb$"}, {"a\r\nb", "(*LIMIT_MATCH=10)(*CR)a$"},
             {"b\nab\r\n", "(*UTF8)(*CRLF)$"}],
    Opts = [[], [caseless], [multiline], [dotall], [extended], [ungreedy], [dollar_endonly],
            [firstline], [anchored], [no_auto_capture], [dupnames], [no_start_optimize], [ucp],
            [never_utf], [unicode], [unicode, ucp], [{newline, cr}], [{newline, lf}],
            [{newline, crlf}], [{newline, any}], [{newline, anycrlf}],
            [{newline, cr}, {newline, lf}], [{newline, any}, {newline, lf}],
            [bsr_anycrlf], [bsr_unicode], [bsr_anycrlf, bsr_unicode], [notbol], [noteol],
            [notempty], [notempty_atstart], [{offset, 1}], [{offset, 2}, anchored],
            [caseless, multiline, dotall], [multiline, {newline, crlf}], [report_errors],
            [{match_limit, 100000}], [{match_limit_recursion, 1000}]],
    [run(S, P, O) || {S, P} <- Pairs, O <- Opts] ++
        [run(S, P, O) || O <- [[notempty], [notempty_atstart], [notempty, global],
                                 [notempty_atstart, global]],
                         {S, P} <- [{"", ""}, {"abc", ""}, {"abc", "x*"}, {"xab", "x*"}]].

captures() ->
    Pats = ["(a)(b)?(c)", "(?<first>a)(?<second>x)?(?<third>c)", "(a)|(b)|(c)",
            "(?<n>a)|(?<n>b)", "(?<z>.)(?<a>.)", "b", "()", "(?:a)(?<w>b)"],
    Specs = [all, all_but_first, first, none, all_names, [], [0], [1], [3], [2, 1, 0], [5], [0, 0],
             [first], ['a'], ["a"], [<<"a">>], [n], ["n"], [z, a], [third, first, second],
             ["nope"], [w, 1], [1.0], [-1], [1 bsl 40], a_atom, [a | b], "n"],
    Types = [index, list, binary, foo],
    Subjects = ["abc", "ac", "b", <<"abc">>, "zz"],
    [run(S, P, [{capture, V, T}]) || P <- Pats, V <- Specs, T <- Types, S <- Subjects] ++
        [run(S, P, [{capture, V}]) || P <- Pats, V <- Specs, S <- ["abc", "b"]] ++
        [run("abc", "(a)(b)", O) ||
            O <- [[{capture, all, binary}, {capture, first}], [{capture, first}, {capture, all, list}],
                  [{capture, all, list}, {capture, [1]}], [{capture, all, binary}, global, {capture, first}],
                  [{capture, all, list}, {capture, [2]}, global], [{capture, none, foo}],
                  [{capture, all, foo}, global], [{capture, all, foo}, global, {offset, 3}],
                  [{capture, [1.5]}, global], [{capture, [1.5]}, global, {offset, 3}],
                  [{capture, bad}, global], [{capture, all, list}, unicode],
                  [{capture, all, list}, {capture, first}, unicode],
                  [{capture, all, foo}, unicode], [{capture, all, binary}, unicode, global]]].

global() ->
    Cases = [{"abc", ""}, {"abc", "x*"}, {"abc", "b*"}, {"aaa", "a"}, {"aaa", "a*?"}, {"abab", "(a)|b"},
             {"abc", "(?=b)|b"}, {"ab", "(?=a\\K)"}, {"", ""}, {<<1, 2>>, []}, {"a,b,,c", ","},
             {"a,b,,c", ",*"}, {"one two  three", "\\s*"}, {"a\r\nb\r\n", ""}, {"a\r\nb\r\n", "$"},
             {"a\r\nb\r\n", "(?m)$"}, {"xyz", "(x)?(y)?z?"}, {"abcabc", "(?<l>[a-z])"},
             {"aaaa", "(?<=a)"}, {"aba", "a|(?=b)"}, {"\x{e9}a\x{e9}", ""}, {<<"\x{e9}a"/utf8>>, ""},
             {"abc", "\\b"}, {"foo bar", "\\w*"}],
    Opts = [[global], [global, {capture, all, list}], [global, {capture, all, binary}],
            [global, {capture, first, index}], [global, {capture, all_but_first, list}],
            [global, {capture, none}], [global, {capture, all_names, binary}],
            [global, {capture, [0, 1], binary}], [global, {offset, 1}], [global, {offset, 3}],
            [global, {offset, 1}, {offset, 0}], [global, notempty], [global, anchored],
            [global, {newline, crlf}], [global, {newline, any}], [global, unicode],
            [global, unicode, {capture, all, list}], [global, caseless], [global, multiline],
            [global, report_errors]],
    [run(S, P, O) || {S, P} <- Cases, O <- Opts] ++
        [run(<<"\r\nx\r\n">>, "", [global | O]) || O <- [[], [{newline, crlf}], [{newline, anycrlf}], [{newline, cr}]]].

unicode() ->
    Subjects = ["\x{100}a\x{20ac}b", <<"\x{100}a\x{20ac}b"/utf8>>, ["\x{100}", <<"a"/utf8>>, [8364 | <<"b">>]],
                "caf\x{e9}", <<"caf\x{e9}"/utf8>>, <<"caf\x{e9}">>, [16#1F600, $x], "\x{e9}\x{c9}",
                [<<255>>], [16#D800], [16#110000], [-1], <<255, 0>>, <<"\x{e9}"/utf8>>],
    Pats = [".", "a", "\\x{20ac}", "\\w+", "[^a]", "\\C", "(.)(.)", "\x{e9}", binary_to_list(<<"\x{e9}"/utf8>>),
            <<"\x{e9}"/utf8>>, "\\p{Lu}", "(*UCP)\\w+", "\x{20ac}", "^.$", "[\x{100}-\x{20ac}]",
            "(*UTF8)\\w+", "(*UTF)^\\w$", "(*UTF8)(*UCP)\\w"],
    Opts = [[unicode], [unicode, {capture, all, list}], [unicode, {capture, all, binary}],
            [unicode, global], [unicode, global, {capture, all, list}], [unicode, caseless],
            [unicode, ucp], [], [{capture, all, list}], [unicode, {offset, 1}],
            [unicode, {offset, 2}, {capture, all, list}]],
    [run(S, P, O) || S <- Subjects, P <- Pats, O <- Opts].

%% OTP's PCRE classifies ISO 8859-1: every byte against every class.
latin1() ->
    Classes = ["\\w", "\\W", "\\d", "\\s", "[[:alpha:]]", "[[:upper:]]", "[[:lower:]]",
               "[[:punct:]]", "[[:graph:]]", "[[:print:]]", "[[:cntrl:]]", "[[:xdigit:]]",
               "[[:alnum:]]", "[[:blank:]]", "[[:word:]]", "\\b."],
    [run([C], "^" ++ P ++ "$", []) || P <- Classes, C <- lists:seq(0, 255)] ++
        [run([C], [$^, $[, C, $], $$], [caseless]) || C <- lists:seq(0, 255)] ++
        [run([C], "^\\x{" ++ integer_to_list(D, 16) ++ "}$", [caseless]) ||
            {C, D} <- [{192, 224}, {224, 192}, {222, 254}, {215, 247}, {255, 223}, {181, 181}, {65, 97}]] ++
        [run([C], "^\\w$", [unicode]) || C <- lists:seq(128, 255)] ++
        [run([C], "^\\w$", [unicode, ucp]) || C <- [170, 215, 223, 255]].

errors() ->
    BadOpts = [bogus, [bogus], [{offset, -1}], [{offset, a}], [{offset, 1 bsl 40}], [{capture}],
               [{capture, all, list, x}], [{newline, foo}], [{newline, nul}], [{match_limit, -1}],
               [{match_limit_recursion, x}], [global | x], [{foo, bar}], ["global"], [{1, 2}]],
    [run("abc", "b", O) || O <- BadOpts] ++
        [run(S, "b") || S <- [a, 1, [256], [-1], [a], {x}, <<1:3>>, [<<1:3>>], [[[$b | x]]], [$b | 1]]] ++
        [run("abc", P) || P <- [a, 1, {x}, [256], <<1:3>>, {re_pattern, 0, 0, 0, <<>>}]] ++
        [run("abc", "b", [O]) || O <- [caseless, anchored, {newline, crlf}]] ++
        %% compile errors: badarg, or {error, {compile, ...}} with report_errors
        [run("abc", P, O) ||
            P <- ["(", "a)", "[a", "*", "a{3,2}", "\\", "(?<n>a)(?<n>b)", "a\\c", "[z-a]", "(?#x",
                  "(?P<", "\\x{100}", "(?(1a)", "[[:foo:]]", "(*FOO)", "(?<1a>x)", "\\p{Foo}",
                  "\\2(a)", "(?<=a+)b", "\\k", "(?C300)", "(*MARK)", "(?'n'"],
            O <- [[], [report_errors], [report_errors, global]]] ++
        [run("abc", "b", [report_errors, O]) || O <- [bsr_anycrlf, bsr_unicode]] ++
        [run("abc", "b", [bsr_anycrlf, bsr_unicode, report_errors]),
         run("abc", "b", [{newline, any}, {newline, lf}, report_errors]),
         run("a\0b", "a\0b"), run("a", "a\0b"), run("a\0b", "\\0"), run(<<"a">>, <<"a", 0, "b">>)].

limits() ->
    Evil = "(a+)+$",
    S = lists:duplicate(28, $a) ++ "b",
    [run(S, Evil, O) || O <- [[report_errors, {match_limit, 1000}], [{match_limit, 1000}],
                              [report_errors, {match_limit_recursion, 5}], [{match_limit_recursion, 5}],
                              [report_errors, global, {match_limit, 1000}],
                              [report_errors, global, {match_limit_recursion, 5}],
                              [global, {match_limit, 1000}], [report_errors, {match_limit, 0}]]] ++
        [run(lists:duplicate(40, $a) ++ "b", Evil, [report_errors]),
         run(lists:duplicate(40, $a) ++ "b", Evil, []),
         run(lists:duplicate(5000, $a), "a*b", [report_errors]),
         run(lists:duplicate(1000, $a), "(a|b)*c", [report_errors]),
         run(binary:copy(<<"ab">>, 20000), "b", [global, {capture, first, index}]),
         run(lists:duplicate(2000, "x y "), "\\s", [global, {capture, none}])].

internal() ->
    [{re, internal_run, [S, P, O, F]} ||
        {S, P, O} <- [{"abc", "b", []}, {"abc", "", [{offset, 1}, notempty_atstart, anchored]},
                      {"abc", "b", [{capture, all, list}]}, {<<"\x{e9}"/utf8>>, ".", [unicode]},
                      {"abc", "(", [report_errors]}],
        F <- [true, false, maybe]].

%% re:compile of patterns erl rejects (a compiled MP holds erl's bytecode and
%% is checked by test_bif_re.c instead), and compile's own badargs.
compile_errors() ->
    Pats = ["\\", "a\\c", "\\g", "a{3,2}", "a{99999}", "[a", "[z-a]", "*", "+a", "a|*", "(?Q)",
            "[[:alpha:]", "[[.a.]]", "[[=a=]]", "(a", "((a)", "a)", "())", "\\2(a)", "(a)\\2", "\\1",
            "(?<=a+)b", "(?<=a|bc)x", "(?<!a*)b", "(?#abc", "\\x{100}", "\\x{110000}", "(?(1a)", "(?C256)",
            "(?P<", "(?P<n", "(?P<n>", "(?P=n)", "(?P>n)", "[[:foo:]]", "(?<n>a)(?<n>b)",
            "(?<ab>a)(?<ab>b)", "(?'n'a)(?'n'b)", "\\k", "\\k<", "\\k<n>", "\\k{n}", "\\p{Foo}",
            "\\p{", "\\pZ", "\\P{Xx}", "(?(DEFINE)a|b)", "(*FOO)", "(*MARK)", "(*PRUNE:)", "\\N{a}",
            "\\u", "\\L", "(?<1a>x)", "a(?R", "(?1", "(?+0)", "(?-0)", "(?-1)", "(?2)(a)", "[]", "[^]",
            "\\Q\\E*", "(?(R&x)a)", "(?(<n>)a)", "(?(?=a)b|c|d)", "(?(2)a)", "\\ga", "\\g{",
            "\\g{0}", "\\g0", "(?C", "(?Cx)", "x{2,1}", "a++*", "a**", "a?+?", "\\o{", "\\o{9}",
            "\\o", "\\x{zz}", "\\c", "(?i-", "(?i", "(?'n'", "\\k<n", "(?<n", "[a-\\d]",
            "[\\d-z]", "(?|(?<a>x)|(?<b>y))", "(?<" ++ lists:duplicate(33, $n) ++ ">x)", "(?i)(?-i",
            "{", "x{", "a{1", "(?<a>.)(?P=b)", "(?&n)", "(?&)", "((((((((((((((((((((a))))))))))))))))))))",
            lists:duplicate(300, $() ++ lists:duplicate(300, $)), "[\\x{100}]", "\\x{ffff}", "(*UTF8)a",
            "(*UTF)\\xff", "\\X{", "a\\", "(?<=\\C)a", "(?<=x(?1))(a)", "(?R)", "a|(?R)", "((?1))", "(?:(?R))", "a?(?R)", "(?i)(?R)",
            "(?R)|a", "(*MARK:x)(?R)", "x(?R)", "(a(?1))", "(a|(?R))"],
    Opts = [[], [unicode], [extended], [dupnames], [caseless, multiline], [never_utf]],
    [C || C = {re, compile, Args} <- [{re, compile, [P]} || P <- Pats] ++
                                         [{re, compile, [P, O]} || P <- Pats, O <- Opts],
          case catch apply(re, compile, Args) of {ok, _} -> false; _ -> true end] ++
        [{re, compile, [P, O]} ||
            P <- ["a", [256], <<1:3>>, a, ["a" | b]],
            O <- [[], [global], [{offset, 1}], [report_errors], [{capture, all}], [notempty], bogus,
                  [{newline, cr}, bsr_unicode]],
            case catch re:compile(P, O) of {ok, _} -> false; _ -> true end].

%% Patterns, subjects and options put together at random (fixed seed):
%% combinations nobody would write by hand. Patterns erl rejects are kept,
%% they check the compile error mapping.
random_cases() ->
    rand:seed(exsss, {17, 4, 2026}),
    Frags = ["a", "b", "ab", ".", "\\w", "\\W", "\\d", "\\s", "\\b", "^", "$", "*", "+", "?", "*?", "+?",
             "{1,2}", "{2}", "|", "(", ")", "(?:", "(?=", "(?!", "(?<=", "(?<x>", "\\1", "[ab]", "[^a]",
             "[a-c]", "(a)", "(b)?", "\\K", "\\x{e9}", "\x{e9}", "(?i)", "\\R", "\\A", "\\z", "x*"],
    Subjects = ["", "a", "ab", "abab", "ba ab", "aab\nb", "\x{e9}a", <<"a\x{e9}b"/utf8>>, <<"ab\r\nab">>,
                "AbAB", "aaaaab"],
    OptPool = [global, caseless, multiline, dotall, ungreedy, notempty, notempty_atstart, notbol, noteol,
               anchored, unicode, {capture, all, list}, {capture, all, binary}, {capture, first},
               {capture, all_but_first, index}, {capture, [1, x], list}, {capture, none}, {offset, 1},
               {newline, crlf}, {newline, any}, report_errors, dupnames, extended],
    [begin
         P = lists:append([pick(Frags) || _ <- lists:seq(1, 1 + rand:uniform(5))]),
         O = [pick(OptPool) || _ <- lists:seq(1, rand:uniform(4) - 1)],
         run(pick(Subjects), P, O)
     end || _ <- lists:seq(1, 4000)] ++ random_global().

%% Global matching at random: empty matches, unicode, newline conventions,
%% captures of every kind, over subjects with multi-byte characters and CRLFs.
random_global() ->
    rand:seed(exsss, {99, 98, 97}),
    Frags = ["", "a", "b", ".", "\\w", "\\W", "\\s*", "$", "^", "(?m)^", "(?m)$", "\\b", "x*", "a?",
             "(?<n>a)", "(b)?", "|", "\\R", "\\X", "[^a]", "\\x{e9}", "\\x{20ac}", "(?=a)", "(?<=b)",
             "\\K", "\\C", "(*ANYCRLF)", "(*CRLF)"],
    Subjects = ["", "ab\r\nba\n", "\x{e9}a\x{20ac}b", <<"\x{e9}a\x{20ac}b\r\n"/utf8>>, "aaa", "a b\rc",
                <<"\r\n\r\n">>, [<<"a">>, 16#1F600, "b"], "\x{e9}\r\n\x{e9}"],
    OptPool = [unicode, ucp, caseless, multiline, dotall, notempty, notempty_atstart, notbol, noteol,
               {newline, crlf}, {newline, any}, {newline, anycrlf}, {newline, cr}, {offset, 1},
               {capture, all, list}, {capture, all, binary}, {capture, all_names, list},
               {capture, [n, 1], binary}, {capture, first, index}, {capture, all_but_first, list},
               {capture, none}, bsr_anycrlf, report_errors],
    [begin
         P = lists:append([pick(Frags) || _ <- lists:seq(1, 1 + rand:uniform(3))]),
         O = [global | [pick(OptPool) || _ <- lists:seq(1, rand:uniform(4) - 1)]],
         run(pick(Subjects), P, O)
     end || _ <- lists:seq(1, 4000)].

pick(L) -> lists:nth(rand:uniform(length(L)), L).
