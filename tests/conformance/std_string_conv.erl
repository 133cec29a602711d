%% std_string_conv: string:to_integer/to_float on many spellings (signs,
%% leading zeros, exponents, bignums, binaries, deep lists), the old
%% list-only functions (left/right/centre/strip/copies/substr/join/
%% to_lower/to_upper), and the error each gives on wrong input.
-module(std_string_conv).
-export([main/0]).

-import(stdh, [t/2]).

main() ->
    Ints = ["0", "-0", "+12", "007x", "123456789012345678901234567890", "-99999999999999999999 rest", " 1", "1_000", "0x1F",
            "12.5", "--1", "+-1", "+", "", "\x{661}", [$1, [$2, <<"3">>], "4"], <<"-42abc">>, <<"">>, "1e5"],
    t(to_integer, fun() -> [string:to_integer(S) || S <- Ints] end),
    Floats = ["1.0", "-1.5e10", "+2.5E-3x", "1e5", "1.e5", ".5", "0.0", "-0.0", "3.14159265358979323846", "1.0e400",
              "1.0e-400", "12.34.56", "1,5", "1.5e+", <<"6.02e23 mol">>, ["1", <<".25">>], "", "x", "1.5e3.5", "0.1e-0"],
    t(to_float, fun() -> [string:to_float(S) || S <- Floats] end),
    t(to_integer_bad, fun() -> string:to_integer(42) end),
    t(to_float_bad, fun() -> string:to_float(4.2) end),
    t(to_integer_badlist, fun() -> string:to_integer([$1, foo]) end),
    t(left_right, fun() -> [{string:left(S, N), string:right(S, N), string:centre(S, N), string:left(S, N, $*), string:right(S, N, $-), string:centre(S, N, $_)}
                            || {S, N} <- [{"abc", 6}, {"abc", 2}, {"", 3}, {"abcd", 7}, {"ab", 0}]] end),
    t(strip, fun() -> [{string:strip(S), string:strip(S, left), string:strip(S, right), string:strip(S, both, $x)}
                       || S <- ["  a b  ", "xxaxx", "", "   ", "x"]] end),
    t(copies, fun() -> {string:copies("ab", 0), string:copies("", 5), string:copies("xy", 4)} end),
    t(copies_bad, fun() -> string:copies("ab", -1) end),
    t(substr, fun() -> {string:substr("hello", 1), string:substr("hello", 5), string:substr("hello", 6), string:substr("hello", 2, 0),
                        string:sub_string("hello", 2, 4), string:substr("hello", 3, 10)} end),
    t(substr_bad, fun() -> string:substr("hello", 7) end),
    t(substr_bad2, fun() -> string:substr("hello", 0, 2) end),
    t(join, fun() -> {string:join([], ","), string:join(["a"], ","), string:join(["a", "", "b"], "--")} end),
    t(concat, fun() -> {string:concat("", ""), string:concat("ab", "cd")} end),
    t(lower_upper_old, fun() -> {string:to_lower("MiXeD 123 \x{C0}\x{DE}"), string:to_upper("mixed \x{E0}\x{FE}\x{FF}\x{DF}"), string:to_lower($Q), string:to_upper($\x{E9})} end),
    t(lower_bad, fun() -> string:to_lower(abc) end),
    t(len_equal, fun() -> {string:len(""), string:len("abc"), string:equal("a", "a"), string:equal(<<"a">>, ["a"]), string:equal("a", "A")} end),
    t(chars, fun() -> {string:chars($a, 3), string:chars($b, 2, "tail"), string:chars($c, 0)} end),
    t(integer_roundtrip, fun() -> [begin S = integer_to_list(N), {N2, ""} = string:to_integer(S), N2 =:= N end
                                   || N <- [0, 1, -1, 1 bsl 59, -(1 bsl 59), 1 bsl 60, 1 bsl 200, -(1 bsl 200)]] end),
    t(float_roundtrip, fun() -> [begin S = float_to_list(F), {F2, ""} = string:to_float(S), F2 =:= F end
                                 || F <- [0.1, 1.0e-300, 2.5e300, -3.75, 1.0 / 3]] end),
    ok.
