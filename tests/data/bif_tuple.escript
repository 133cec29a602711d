#!/usr/bin/env escript
%% bif_tuple.escript OUT - erl's outcomes for the tuple BIFs of
%% runtime/bif/erlang_tuple.c; replayed by tests/unit/test_bif_tuple.c.
%% make_tuple at the largest size (2^24 - 1) succeeds in erl, but its 128 MB
%% result would be term_to_binary'd into the case file: only the sizes
%% just beyond it are cases.
-mode(compile).
-include("bif_cases.hrl").

main([Out]) ->
    Tuples = [{}, {a}, {a, b}, {1, 2.0, "x", <<1>>, #{k => v}},
              list_to_tuple(lists:seq(1, 300)), {{nested}, [list], -0.0}],
    Idx = [0, 1, 2, 3, 5, 300, 301, -1, 1 bsl 59, (1 bsl 59) - 1, 1 bsl 64, -(1 bsl 64), 1.0, a, [], {1}],
    NonTuples = [a, 1, [], [1, 2], <<1, 2>>, <<1:3>>, #{}, 1.5, "abc", 1 bsl 70],
    Sizes = [0, 1, 2, 10, 1000, -1, 1.0, a, (1 bsl 24), (1 bsl 24) + 1, 1 bsl 59, 1 bsl 64],
    Inits = [[], [{1, x}], [{1, x}, {1, y}], [{2, x}, {1, y}, {2, z}], [{0, x}], [{3, x}], [{1, x} | bad],
             [{1, x, y}], [{1}], [x], bad, [{a, x}], [{1.0, x}], [{1 bsl 64, x}]],
    Lists = [[], [a], [a, b, c], lists:seq(1, 10000), [a | b], [a, b | c], a, <<1>>, "str"],
    Cases =
        [{erlang, element, [I, T]} || T <- Tuples ++ NonTuples, I <- Idx] ++
        [{erlang, setelement, [I, T, new]} || T <- Tuples ++ NonTuples, I <- Idx] ++
        [{erlang, F, [T]} || F <- [tuple_size, size, tuple_to_list], T <- Tuples ++ NonTuples] ++
        [{erlang, size, [B]} || B <- [<<>>, <<1, 2, 1:3>>, <<1:7>>, binary:copy(<<"ab">>, 100),
                                      <<0:1001>>]] ++
        [{erlang, make_tuple, [N, V]} || N <- Sizes, V <- [x, [], {1, 2}]] ++
        [{erlang, make_tuple, [N, d, I]} || N <- [0, 1, 2, 3, 5, -1, a, 1 bsl 24], I <- Inits] ++
        [{erlang, append_element, [T, z]} || T <- Tuples ++ NonTuples] ++
        [{erlang, insert_element, [I, T, z]} || T <- Tuples ++ NonTuples, I <- Idx] ++
        [{erlang, delete_element, [I, T]} || T <- Tuples ++ NonTuples, I <- Idx] ++
        [{erlang, list_to_tuple, [L]} || L <- Lists ++ NonTuples ++ Tuples],
    write_cases(Out, Cases).
