%% io_lib_terms: ~w ~p ~W ~P on every kind of term (atoms needing quotes,
%% strings vs lists, binaries, bitstrings, maps, nested tuples, floats,
%% negative numbers, improper lists) with width, depth limits, column
%% and the t and l modifiers; io_lib_pretty's line breaking.
-module(io_lib_terms).
-export([main/0]).

t(Tag, Fmt, Args) ->
    R = stdh:fmt(Fmt, Args),
    io:format("~p ~p: ~p~n", [Tag, Fmt, R]).

main() ->
    Terms = [abc, 'Abc', 'a b', 'hello\nworld', '', 'é', '\'', 'else', 'catch', 'a@b', 'a.b', [], "abc", "a\nb\tc\"d\\", [1, 2, 3],
             [$a, 256], [a | b], "\x{3B1}\x{3B2}", <<>>, <<"abc">>, <<1, 2, 3>>, <<"\x{3B1}"/utf8>>, <<1:3>>, <<255, 7:5>>,
             {}, {a}, {1, {2, {3, {4, {5}}}}}, #{}, #{a => 1, "b" => [2], {c} => #{d => e}}, 1.0, -0.0, 1.0e-20, 1.5e300,
             -7, 1 bsl 80, -(1 bsl 80), [[]], [[], []], [{a, 1}, {b, 2}], lists:seq(1, 40), lists:seq(32, 126),
             [$a, $b | $c], [[$a], [$b]], <<"very long binary that goes on and on and on and on and on and on and on and on">>,
             list_to_tuple(lists:seq(1, 30)), maps:from_list([{K, K * K} || K <- lists:seq(1, 40)])],
    [t(I, F, [X]) || {I, X} <- lists:zip(lists:seq(1, length(Terms)), Terms), F <- ["~w", "~p", "~tw", "~tp", "~lp", "~tlp", "~20p", "~-20w"]],
    Deep = lists:foldl(fun(I, A) -> {I, [A, A], #{k => I}} end, leaf, lists:seq(1, 6)),
    [t(deep, F, A) || {F, A} <- [{"~W", [Deep, 3]}, {"~W", [Deep, 8]}, {"~P", [Deep, 3]}, {"~P", [Deep, 10]}, {"~30P", [Deep, 6]},
                                   {"~W", [lists:seq(1, 20), 5]}, {"~P", [lists:seq(1, 20), 5]}, {"~P", ["a string", 2]},
                                   {"~W", [<<1, 2, 3, 4, 5, 6>>, 2]}, {"~P", [<<"abcdefghij">>, 3]}, {"~W", [#{a => 1, b => 2, c => 3}, 2]},
                                   {"~P", [{a, b, c, d, e}, 3]}, {"~W", [[a | b], 1]}, {"~P", [[a, b | c], 2]}, {"~P", [Deep, 0]}, {"~W", [x, -1]}]],
    t(col, "~p", [Deep]),
    t(col2, "abcdefghijklmnop: ~p", [[{K, lists:seq(1, K)} || K <- lists:seq(1, 8)]]),
    t(pwidth, "~40p", [[{K, lists:seq(1, K)} || K <- lists:seq(1, 8)]]),
    t(pwidth_small, "~5p", [[aaaa, bbbb, {cccc, dddd}]]),
    t(ptuples, "~p", [[{a_long_atom_name, another_long_atom_name, {nested, tuple, with, "string", <<"bin">>}} || _ <- lists:seq(1, 3)]]),
    t(pmaps, "~p", [#{[1, 2, 3] => #{nested => [#{x => y}, "str"]}, {tuple, key} => lists:seq(1, 25)}]),
    t(pstrings, "~p", [["line one", "line two is longer than line one", "x", [], "\n", "tab\there"]]),
    t(plist_of_bins, "~p", [[<<"aaaaaaaaaaaaaaaaaaaa">>, <<"bbbbbbbbbbbbbbbbbbbb">>, <<"cccccccccccccccccccc">>, <<"dddddddddddddddddddd">>]]),
    t(w_depth_bad, "~W", [x, a]),
    t(p_args_short, "~P", [x]),
    ok.
