#!/usr/bin/env escript
%% bif_re_mp.escript OUT - erl's compiled patterns (MPs), for runtime/bif/re.c.
%% An MP's binary is erl's PCRE bytecode, so instead of the MP itself each
%% record gives what is observable of it: {NumGroups, Unicode, UseCRLF},
%% re:inspect(MP, namelist), and the outcome of re:run(Subject, MP, RunOpts).
%% tests/unit/test_bif_re.c compiles the same pattern with laser and checks
%% the same three things with laser's MP.
%% Output: u32 N, then N x (u32 Len, term_to_binary({Pattern, CompileOpts,
%% Subject, RunOpts, {NumGroups, Unicode, UseCRLF}, Namelist, RunOutcome})).
-mode(compile).

main([Out]) ->
    Pats = [{"a", []}, {"(a)(b)?", []}, {"(?<x>a)|(?<y>b)", []}, {"(?<n>a)|(?<n>b)", [dupnames]},
            {"(?J)(?<n>a)|(?<n>b)", []}, {"^b", [multiline]}, {"B", [caseless]}, {"a.c", [dotall]},
            {"a b", [extended]}, {"a+", [ungreedy]}, {"c$", [dollar_endonly]}, {"\\w+", [unicode]},
            {"\\w+", [unicode, ucp]}, {".", [unicode]}, {"$", [{newline, crlf}]},
            {"$", [{newline, any}]}, {"$", [{newline, anycrlf}]}, {"$", [{newline, cr}]},
            {"(*CRLF)$", []}, {"\\R", [bsr_anycrlf]}, {"b", [anchored]}, {"(a)(b)", [no_auto_capture]},
            {"(?<z>.)(?<a>.)(?<m>.)", []}, {"x*", []}, {"\x{e9}", [caseless]}, {<<"\x{e9}"/utf8>>, [unicode]},
            {[233, 256], [unicode]}, {"b", [firstline]}, {"b", [no_start_optimize]}, {"a\0b", []}],
    Subjects = ["ab", "b\nab\r\n", "ABC", "a\nc", <<"caf\x{e9}"/utf8>>, "caf\x{e9}", "\x{e9}\x{100}", ""],
    RunOpts = [[], [global], [{capture, all, list}], [{capture, all_names, binary}], [global, {capture, first, list}],
               [notbol], [{newline, lf}], [anchored], [{offset, 1}], [caseless], [bsr_unicode]],
    Recs = [record(P, CO, S, RO) || {P, CO} <- Pats, S <- Subjects, RO <- RunOpts, survives(S, RO)] ++
           random_records(Subjects),
    ok = file:write_file(Out, [<<(length(Recs)):32>> | Recs]).

%% erl 25 kills the caller for an offset past the subject (non-global).
survives(S, RO) ->
    not lists:member({offset, 1}, RO) orelse
        case catch iolist_size(S) of N when is_integer(N) -> N >= 1; _ -> true end.

record(P, CO, S, RO) ->
    {ok, MP = {re_pattern, N, U, C, _}} = re:compile(P, CO),
    {namelist, Names} = re:inspect(MP, namelist),
    Run = try {ok, re:run(S, MP, RO)} catch Cl:R -> {Cl, R} end,
    B = term_to_binary({P, CO, S, RO, {N, U, C}, Names, Run}),
    <<(byte_size(B)):32, B/binary>>.

%% Random patterns erl compiles, with random compile and run options.
random_records(Subjects) ->
    rand:seed(exsss, {3, 1, 4}),
    Frags = ["a", "b", ".", "\\w+", "\\s", "^", "$", "(?<n>a)", "(b)?", "|", "x*", "[^b]", "\\x{e9}",
             "(?=c)", "\\R", "(*CRLF)", "\\b", "[\\w-.]"],
    COpts = [unicode, caseless, multiline, dotall, ungreedy, dupnames, extended, firstline, anchored,
             {newline, crlf}, {newline, any}, bsr_anycrlf, no_start_optimize, ucp],
    ROpts = [global, notbol, noteol, notempty, {offset, 1}, {capture, all, list}, {capture, all_names, binary},
             {capture, [n], index}, {newline, lf}, {newline, cr}, bsr_unicode, anchored, report_errors],
    Cands = [{lists:append([pick(Frags) || _ <- lists:seq(1, rand:uniform(4))]),
              [pick(COpts) || _ <- lists:seq(1, rand:uniform(3) - 1)],
              pick(Subjects),
              [pick(ROpts) || _ <- lists:seq(1, rand:uniform(4) - 1)]} || _ <- lists:seq(1, 2500)],
    [record(P, CO, S, RO) || {P, CO, S, RO} <- Cands,
                             case catch re:compile(P, CO) of {ok, _} -> true; _ -> false end,
                             survives(S, RO)].

pick(L) -> lists:nth(rand:uniform(length(L)), L).
