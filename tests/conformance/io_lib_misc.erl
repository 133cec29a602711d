%% io_lib_misc: io_lib's other exports: write/1,2,3 (depth, chars_limit),
%% write_string/1,2, write_latin1_string, write_atom, write_char,
%% write_latin1_char, char_list, deep_char_list, printable_list (and the
%% latin1/unicode variants), chars_length, print/1,4, fwrite/2,3, format/3
%% with chars_limit, indentation, nl, quote_atom, write_atom_as_latin1,
%% build_text/scan_format/unscan_format.
-module(io_lib_misc).
-export([main/0]).

t(Tag, F) ->
    R = case stdh:run(F) of {ok, V} when is_list(V) -> {ok, (catch lists:flatten(V))}; R0 -> R0 end,
    io:format("~p: ~p~n", [Tag, R]).

main() ->
    Big = {tuple, [lists:seq(1, 30), #{a => "string", b => <<"binary">>}], 'Quoted Atom', 3.5},
    t(write1, fun() -> io_lib:write(Big) end),
    t(write_depth, fun() -> [io_lib:write(Big, D) || D <- [-1, 0, 1, 2, 3, 5, 10]] end),
    t(write_opts, fun() -> [io_lib:write(Big, [{chars_limit, N}]) || N <- [1, 5, 10, 20, 40, 100]] end),
    t(write_opts_depth, fun() -> io_lib:write(Big, [{depth, 3}, {encoding, unicode}]) end),
    t(write_string, fun() -> [io_lib:write_string(S) || S <- ["abc", "a\"b", "\n\t\r\e\v\f\b\d", [0, 1, 31, 127, 160, 255], "\x{3B1}", ""]] end),
    t(write_string2, fun() -> [io_lib:write_string(S, $') || S <- ["it's", "x"]] end),
    t(write_latin1_string, fun() -> [io_lib:write_latin1_string(S) || S <- ["abc\x{FF}", "q\"q"]] end),
    t(write_latin1_string_bad, fun() -> io_lib:write_latin1_string([256]) end),
    t(write_atom, fun() -> [io_lib:write_atom(A) || A <- [a, 'A', 'a b', '', 'é', 'is', 'and', 'a1_@', '1a', '[]', '{}', '\x{3B1}']] end),
    t(write_atom_latin1, fun() -> [io_lib:write_atom_as_latin1(A) || A <- ['é', '\x{3B1}', abc]] end),
    t(quote_atom, fun() -> [io_lib:quote_atom(A, atom_to_list(A)) || A <- [a, 'A', 'a b', 'receive']] end),
    t(write_char, fun() -> [io_lib:write_char(C) || C <- [$a, $\n, $\s, $\\, $', $", 0, 127, 200, 16#3B1]] end),
    t(write_latin1_char, fun() -> [io_lib:write_latin1_char(C) || C <- [$a, 200, 255]] end),
    t(write_latin1_char_bad, fun() -> io_lib:write_latin1_char(256) end),
    t(char_list, fun() -> [io_lib:char_list(X) || X <- ["abc", [256], [-1], [$a | b], [], <<"a">>, [16#110000]]] end),
    t(latin1_char_list, fun() -> [io_lib:latin1_char_list(X) || X <- ["abc", [256], [255]]] end),
    t(deep_char_list, fun() -> [io_lib:deep_char_list(X) || X <- [["ab", [$c]], [[], [[]]], [a], [$a | b]]] end),
    t(deep_latin1_char_list, fun() -> [io_lib:deep_latin1_char_list(X) || X <- [["ab", [$c]], [[256]]]] end),
    t(printable_list, fun() -> [{io_lib:printable_list(X), io_lib:printable_latin1_list(X), io_lib:printable_unicode_list(X)}
                                || X <- ["abc", "a\nb", [7, 8], [0], [255], [256], [16#3B1], [], [$a | b], [16#D800], "\e"]] end),
    t(chars_length, fun() -> [io_lib:chars_length(X) || X <- ["abc", ["ab", [$c, "de"]], [], <<"abc">>, ["a", <<"bc">>]]] end),
    t(print, fun() -> {io_lib:print(Big), io_lib:print(Big, 10, 40, 3), io_lib:print("str", 1, 80, -1)} end),
    t(fwrite, fun() -> {io_lib:fwrite("~p-~w", [a, b]), io_lib:fwrite("x~n", [])} end),
    t(format3, fun() -> [io_lib:format("~p ~s", [Big, lists:duplicate(50, $x)], [{chars_limit, N}]) || N <- [10, 30, 80, 200]] end),
    t(indentation, fun() -> [io_lib:indentation(S, I) || {S, I} <- [{"abc", 0}, {"ab\ncd", 5}, {"\t", 0}, {"a\tb", 3}]] end),
    t(nl, fun() -> io_lib:nl() end),
    t(scan_format, fun() -> io_lib:scan_format("a~5.2.xfb~pc~n", [1.5, x]) end),
    t(unscan, fun() -> io_lib:unscan_format(io_lib:scan_format("~10.3s|~-5w|~.16B", ["abcdef", x, 255])) end),
    t(build_text, fun() -> io_lib:build_text(io_lib:scan_format("~-6s|~6.1f|~c", ["ab", 2.25, $z])) end),
    t(write_bad, fun() -> io_lib:write(x, [{depth, a}]) end),
    t(format_bad_fmt, fun() -> io_lib:format(123, []) end),
    t(format_atom_fmt, fun() -> io_lib:format('~p', [a]) end),
    t(format_bin_fmt, fun() -> io_lib:format(<<"~p~n">>, [a]) end),
    ok.
