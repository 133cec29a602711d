#!/usr/bin/env escript
%% bif_misc.escript OUT - erl's outcomes for the BIFs of runtime/bif/erlang_misc.c
%% (hashing); replayed by tests/unit/test_bif_misc.c.
-mode(compile).
-include("bif_cases.hrl").

main([Out]) ->
    Terms = [0, 1, -1, 1 bsl 59, 1 bsl 60, -(1 bsl 64), 1.5, -0.0, a, 'hello', [], "abc", [1 | 2],
             {}, {a, b}, <<>>, <<1, 2, 3>>, <<1:3>>, #{}, #{a => 1},
             maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]), lists:seq(1, 300),
             list_to_tuple(lists:seq(1, 50)), binary:copy(<<"xyz">>, 100)],
    Ranges = [1, 2, 7, 1 bsl 27, (1 bsl 32) - 1, 1 bsl 32],
    Bad = [0, -1, (1 bsl 32) + 1, 1.0, a, 1 bsl 70],
    Cases = [{erlang, phash2, [T]} || T <- Terms] ++
            [{erlang, F, [T, R]} || F <- [phash, phash2], T <- Terms, R <- Ranges ++ Bad],
    write_cases(Out, Cases).
