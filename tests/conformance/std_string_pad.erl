%% std_string_pad: string:pad/trim/chomp/slice/length/is_empty/equal/
%% reverse/to_graphemes across every direction and argument shape (lists,
%% binaries, deep chardata), with lengths zero, exact and too short.
-module(std_string_pad).
-export([main/0]).

-import(stdh, [t/2]).

main() ->
    Strs = ["abc", <<"abc">>, ["a", <<"b">>, $c], "", <<>>, "abcdefgh"],
    [t({pad, I}, fun() -> [string:pad(S, N, Dir, C) || N <- [0, 3, 6], Dir <- [leading, trailing, both], C <- [$\s, "*", <<"-">>]] end)
     || {I, S} <- lists:zip(lists:seq(1, length(Strs)), Strs)],
    t(pad_odd_both, fun() -> [string:pad("ab", N, both, $.) || N <- [3, 4, 5, 6, 7]] end),
    Trims = ["  x  ", "\t\nx\r\n", <<"\s\sx">>, "xx", "", "   ", "\r\n", ["  ", <<" a ">>, "  "]],
    [t({trim, I}, fun() -> [string:trim(S, Dir) || Dir <- [leading, trailing, both]] end) || {I, S} <- lists:zip(lists:seq(1, length(Trims)), Trims)],
    t(trim_chars, fun() -> {string:trim("xyaxy", both, "xy"), string:trim("aaa", both, "a"), string:trim(<<"..a..">>, trailing, [$.]),
                            string:trim("\r\na\r\n", both, [[$\r, $\n]]), string:trim("abc", both, "")} end),
    t(chomp, fun() -> [string:chomp(S) || S <- ["abc\n", "abc\r\n", "abc\n\n", "abc\r", <<"x\r\n">>, "", "\n", ["a", <<"\r\n">>]]] end),
    t(slice, fun() -> [{string:slice(S, St), string:slice(S, St, Len)} || S <- ["hello", <<"hello">>, ["he", <<"llo">>]], St <- [0, 2, 5, 9], Len <- [0, 2, infinity]] end),
    t(slice_bad, fun() -> string:slice("abc", -1) end),
    t(slice_bad2, fun() -> string:slice("abc", 1, -1) end),
    t(pad_bad, fun() -> string:pad("abc", -1) end),
    t(trim_bad, fun() -> string:trim("abc", middle) end),
    t(length_deep, fun() -> [string:length(S) || S <- Strs ++ Trims] end),
    t(is_empty, fun() -> [string:is_empty(S) || S <- Strs ++ Trims] end),
    t(equal, fun() -> [string:equal(A, B) || A <- lists:sublist(Strs, 3), B <- lists:sublist(Strs, 3)] end),
    t(reverse, fun() -> [string:reverse(S) || S <- Strs] end),
    t(graphemes, fun() -> [string:to_graphemes(S) || S <- Strs] end),
    ok.
