#!/usr/bin/env escript
%% fuzz_seeds.escript KIND DIR - seed inputs for the BIF-level fuzz
%% targets, in the byte layouts their C files decode:
%%   re:  fuzz_re.c's <<Mode, PShape, SShape, PLen, Pattern, SLen div 4,
%%        SLen rem 4, Subject, COpts..., ROpts...>> for typical patterns
%%   bs:  fuzz_bitsyntax.c's <<Ctl, Data>> for UTF-8/16/32 text, floats,
%%        integers of several widths and length-prefixed fields
%%   b2t: fuzz_binary_to_term.c's <<Sel, Shape, ExternalTerm>> over a set
%%        of terms, for every option selector
%%   port: fuzz_port_framing.c's <<Mode, LineHi, LineLo, Cut, Flags, Bytes>>:
%%        packets of each header size (some cut short), text lines with
%%        LF and CR LF, lines longer than N, and the term_to_binary output
%%        a {packet, 4} port program writes
main(["re", Dir]) ->
    Pats = [<<"a+b">>, <<"(a|b)*c">>, <<"^(?<year>\\d{4})-(\\d\\d)$">>, <<"\\bfoo\\b">>,
            <<"(?i)straße">>, <<"[[:alpha:]]+">>, <<"(a*)*b">>, <<"x(?=y)">>,
            <<"\\p{L}+">>, <<"(?m)^abc$">>, <<"(\\w+)\\s(\\w+)">>, <<".*?">>,
            <<"\\R">>, <<"(?|(a)|(b))">>, <<"a{2,5}">>, <<"(?<n>.)\\k<n>">>, <<"[^\\x00-\\x7f]">>],
    Subjs = [<<"aaab">>, <<"2024-11">>, <<"foo bar foo">>, <<"ÄÖÜ straße"/utf8>>,
             <<"abc\r\nabc\nabc">>, <<"xyxy">>, binary:copy(<<"a">>, 40)],
    OptSets = [<<0, 0>>, <<1, 0, 0, 2, 0, 1, 0, 0, 0, 0>>, <<2, 3, 0, 0, 2, 6, 0, 1, 5, 1, 0, 0, 0, 9>>,
               <<1, 4, 1, 0, 0, 3, 1, 1, 1, 2, 0, 2, 1>>, <<3, 6, 3, 2, 0, 0, 0, 0, 1, 0, 20, 0, 20>>],
    write(Dir, [<<M, PS, SS, (byte_size(P)), P/binary, (byte_size(S) div 4), (byte_size(S) rem 4), S/binary,
                  O/binary>>
                || {I, P} <- lists:zip(lists:seq(1, length(Pats)), Pats),
                   S <- [lists:nth(1 + I rem length(Subjs), Subjs), lists:nth(1 + (I * 3) rem length(Subjs), Subjs)],
                   M <- [0, 1, 3, 5, 8], PS <- [0], SS <- [0, 2 + I rem 3],
                   O <- [lists:nth(1 + (I + M) rem length(OptSets), OptSets)]]);
main(["bs", Dir]) ->
    Data = [<<"hello, world">>, <<"ÅÄÖ €"/utf8>>, unicode:characters_to_binary("snowman ☃", utf8, utf16),
            unicode:characters_to_binary("x☃y", utf8, {utf32, little}), <<1.5:32/float, 2.5:64/float-little, 0:16>>,
            <<3, 1, 2, 3, 255, 255, 255>>, <<-1:64, 1:72, 5:13, 0:3>>, <<16#ff, 0:200>>, <<"ab", 7, "c", 0, 1>>,
            <<16#c0, 16#80, 16#ed, 16#a0, 16#80, 16#f4, 16#90, 16#80, 16#80>>, crypto_free_random(64)],
    write(Dir, [<<Ctl, D/binary>> || D <- Data, Ctl <- [0, 3, 7 bor (5 bsl 3), 16#c0, 16#c5]]);
main(["b2t", Dir]) ->
    Terms = [hello, [], [1, 2 | 3], {a, "str", <<"bin">>, <<1:3>>}, 1 bsl 70, -(1 bsl 64), 3.25,
             #{a => 1, "b" => [c]}, maps:from_list([{I, I} || I <- lists:seq(1, 40)]), self(), fixed_ref(),
             fun lists:map/2, fixed_fun([]), binary:copy(<<"x">>, 300), list_to_atom("fuzz_unknown_atom"),
             'ÅÄÖ', {}, [{k, v}]],
    Encs = [term_to_binary(T, O) || T <- Terms, O <- [[], [compressed], [{minor_version, 1}]]],
    write(Dir, [<<Sel, Shape, E/binary>> || {I, E} <- lists:zip(lists:seq(1, length(Encs)), Encs),
                                           Sel <- [I rem 9, (I + 1) rem 4], Shape <- [0, 2 + 4 * (I rem 8)]]);
main(["port", Dir]) ->
    Payloads = [<<"hello">>, <<>>, term_to_binary({reply, [1, 2], <<"bin">>}), binary:copy(<<"xy">>, 150)],
    Packets = [{Mode, <<(byte_size(P)):(H * 8), P/binary>>}
               || {Mode, H} <- [{1, 1}, {2, 2}, {3, 4}], P <- Payloads, byte_size(P) < 256 orelse H > 1],
    Text = [<<"one\ntwo\r\nthree">>, <<"a very long line indeed\nshort\n\n\r\n">>,
            <<"no newline at all">>, <<"\r\r\n\n", 0, 255, "x\n">>],
    %% some packet streams end inside their last packet
    write(Dir, [<<Mode, 0, 0, Cut, Eof, (binary:copy(P, 1 + I rem 3))/binary, (binary:part(P, 0, min(Cut rem 3, byte_size(P))))/binary>>
                || {I, {Mode, P}} <- lists:zip(lists:seq(1, length(Packets)), Packets),
                   Cut <- [0, 7, 63], Eof <- [0, 1]]
              ++ [<<0, 0, 0, Cut, 1, T/binary>> || T <- Text, Cut <- [0, 9]]
              ++ [<<4, 0, N, Cut, Eof, T/binary>> || T <- Text, N <- [0, 3, 9, 200], Cut <- [1, 40], Eof <- [0, 1]]).

%% deterministic "random" bytes: seeds must not change between runs
crypto_free_random(N) -> << <<((I * 7919) band 255)>> || I <- lists:seq(1, N) >>.

write(Dir, Seeds0) ->
    ok = filelib:ensure_dir(filename:join(Dir, "x")),
    Seeds = lists:usort(Seeds0),
    lists:foreach(fun({I, S}) -> ok = file:write_file(filename:join(Dir, integer_to_list(I)), S) end,
                  lists:zip(lists:seq(1, length(Seeds)), Seeds)).

%% A closure with fixed bytes (NEW_FUN_EXT of a module that need not
%% exist): a fun made here would carry this escript's run-dependent uniq.
fixed_fun(Free) ->
    A = fun(N) -> B = atom_to_binary(N), <<119, (byte_size(B)), B/binary>> end,
    FreeB = << <<B/binary>> || <<131, B/binary>> <- [term_to_binary(F) || F <- Free] >>,
    Body = <<1, 16#0123456789abcdef0123456789abcdef:128, 2:32, (length(Free)):32, (A(fuzz_mod))/binary,
             98, 2:32/signed, 98, -5:32/signed,
             88, (A('nonode@nohost'))/binary, 1:32, 0:32, 0:32, FreeB/binary>>,
    binary_to_term(<<131, 112, (byte_size(Body) + 4):32, Body/binary>>).

%% a reference with fixed numbers: make_ref() differs from run to run
fixed_ref() ->
    binary_to_term(<<131, 90, 3:16, 119, 13, "nonode@nohost", 0:32, 1:32, 2:32, 3:32>>).
