%% io_lib_limits: io_lib:format/3 with chars_limit over every control
%% that honours it (~p ~P ~w ~W ~s ~ts ~tp) and mixes of them, limits from
%% 0 upwards, and io_lib:write/2 and print/4 with their depth and column
%% arguments on deep, wide and string-heavy terms.
-module(io_lib_limits).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Terms = [lists:seq(1, 60), {a, [b, {c, [d, {e, "string inside"}]}], <<"binary data here">>}, #{k1 => lists:seq(1, 10), k2 => #{k3 => "v"}},
             lists:duplicate(10, "abcdefghij"), list_to_binary(lists:duplicate(100, $z)), [{K, K * K} || K <- lists:seq(1, 20)]],
    Fmts = [{"~p", 1}, {"~w", 1}, {"~P", 2}, {"~W", 2}, {"~s ~p", 2}, {"~p ~p", 2}, {"[~w|~s]", 2}, {"~tp", 1}],
    [t({F, I, L}, fun() -> lists:flatten(io_lib:format(F, args(F, N, T), [{chars_limit, L}])) end)
     || {F, N} <- Fmts, {I, T} <- lists:zip(lists:seq(1, length(Terms)), Terms), L <- [0, 5, 20, 60]],
    t(write_depth, fun() -> [lists:flatten(io_lib:write(T, D)) || T <- Terms, D <- [1, 3]] end),
    t(print4, fun() -> [lists:flatten(io_lib:print(T, C, L, D)) || T <- lists:sublist(Terms, 3), {C, L, D} <- [{1, 20, -1}, {10, 40, 4}, {1, 80, 2}]] end),
    t(limit_bad, fun() -> io_lib:format("~p", [x], [{chars_limit, -5}]) end),
    t(limit_badopt, fun() -> io_lib:format("~p", [x], [bogus]) end),
    ok.

args(F, N, T) ->
    case {F, N} of
        {"~P", 2} -> [T, 4];
        {"~W", 2} -> [T, 4];
        {"~s ~p", 2} -> ["prefix", T];
        {"[~w|~s]", 2} -> [T, "tail"];
        {_, 2} -> [T, T];
        {_, 1} -> [T]
    end.
