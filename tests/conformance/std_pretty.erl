%% std_pretty: io_lib_pretty through ~p/~P and io_lib_pretty:print/2 with
%% its options (column, line_length, depth, max_chars, chars_limit,
%% encoding, strings, record_print_fun): deep and wide terms, records,
%% long strings and binaries broken over lines, maps in key order.
-module(std_pretty).
-export([main/0]).
-import(stdh, [t/2]).

-record(person, {name, age = 0, tags = []}).
-record(empty, {}).

rf(person, 3) -> record_info(fields, person);
rf(empty, 0) -> [];
rf(_, _) -> no.

pp(T, Opts) -> lists:flatten(io_lib_pretty:print(T, Opts)).

main() ->
    Deep = lists:foldl(fun(I, A) -> [{level, I, A}, #{I => A}] end, bottom, lists:seq(1, 5)),
    Wide = [{key, K, lists:duplicate(K rem 7, $x), <<K, (K * 2)>>} || K <- lists:seq(1, 25)],
    Rec = #person{name = "Ada", age = 36, tags = [math, "engines", <<"bin">>]},
    Long = lists:flatten(lists:duplicate(12, "long string piece ")),
    t(deep_p, fun() -> lists:flatten(io_lib:format("~p", [Deep])) end),
    t(wide_p, fun() -> lists:flatten(io_lib:format("~p", [Wide])) end),
    t(deep_P, fun() -> [lists:flatten(io_lib:format("~P", [Deep, D])) || D <- [1, 2, 4, 8]] end),
    t(wide_P, fun() -> lists:flatten(io_lib:format("~P", [Wide, 12])) end),
    t(rec_plain, fun() -> lists:flatten(io_lib:format("~p", [Rec])) end),
    t(rec_fun, fun() -> [pp(R, [{record_print_fun, fun rf/2}]) || R <- [Rec, #empty{}, {person, 1, 2}, {person, a, b, c, d}]] end),
    t(rec_fun_nested, fun() -> pp([Rec, {wrap, Rec#person{tags = [#empty{}]}}], [{record_print_fun, fun rf/2}, {line_length, 40}]) end),
    t(columns, fun() -> [pp(Wide, [{column, C}, {line_length, L}]) || {C, L} <- [{1, 80}, {40, 80}, {1, 30}, {10, 200}]] end),
    t(depth, fun() -> [pp(Deep, [{depth, D}]) || D <- [-1, 1, 3, 6]] end),
    t(chars_limit, fun() -> [pp(Wide, [{chars_limit, N}]) || N <- [1, 10, 50, 200]] end),
    t(max_chars, fun() -> [pp(Long, [{max_chars, N}]) || N <- [10, 30, -1]] end),
    t(strings_false, fun() -> pp(["abc", <<"def">>, Long], [{strings, false}]) end),
    t(encoding, fun() -> {pp("\x{3B1}\x{3B2}", [{encoding, unicode}]), pp("\x{3B1}\x{3B2}", [{encoding, latin1}]), pp(<<"\x{3B1}"/utf8>>, [{encoding, unicode}]),
                          pp(<<"\x{3B1}"/utf8>>, [{encoding, latin1}])} end),
    t(long_string, fun() -> lists:flatten(io_lib:format("~p", [[Long, Long]])) end),
    t(long_binary, fun() -> lists:flatten(io_lib:format("~p", [list_to_binary(Long)])) end),
    t(long_bitstring, fun() -> lists:flatten(io_lib:format("~p", [<<(list_to_binary(lists:seq(1, 60)))/binary, 5:3>>])) end),
    t(map_order, fun() -> lists:flatten(io_lib:format("~p", [#{z => 1, a => 2, 3 => x, "s" => y, {t} => z, 1.0 => f, [l] => l}])) end),
    t(map_big, fun() -> lists:flatten(io_lib:format("~p", [maps:from_list([{K, {v, K}} || K <- lists:seq(1, 40)])])) end),
    t(map_nested, fun() -> lists:flatten(io_lib:format("~p", [#{outer => #{inner => #{deepest => lists:seq(1, 30)}}, other => [#{}, #{a => #{}}]}])) end),
    t(improper, fun() -> lists:flatten(io_lib:format("~p", [[a, b | c]])) end),
    t(mixed_list, fun() -> lists:flatten(io_lib:format("~p", [[1, "two", <<"three">>, 'four', {5}, [6], 7.0, -8, #{9 => 10}]])) end),
    t(printable, fun() -> lists:flatten(io_lib:format("~p", [[[7, 8, 9], "\e[0m", "tab\tnl\n", [255, 254], [256, 257]]])) end),
    t(tp, fun() -> lists:flatten(io_lib:format("~tp", [["\x{3B1}\x{3B2}", <<"\x{3B3}"/utf8>>, '\x{3B4}']])) end),
    t(fun_term, fun() -> S = lists:flatten(io_lib:format("~p", [fun lists:map/2])), S end),
    t(width_prefix, fun() -> lists:flatten(io_lib:format("prefix text here: ~p~n", [Wide])) end),
    t(nested_tuple_lists, fun() -> lists:flatten(io_lib:format("~p", [{[{a, [{b, [{c, [{d, lists:seq(1, 15)}]}]}]}]}])) end),
    ok.
