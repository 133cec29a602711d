%% Integer/text conversions: integer_to_list/binary with every base 2..36
%% (negative, zero, bignums), list_to_integer/binary_to_integer with bases,
%% signs and case, and errors (bad base, bad digits, empty, floats).
-module(lang_bif_intconv).
-export([main/0]).

id(X) -> X.
t(F) -> try F() catch C:R:S -> {C, R, hd(S)} end.

main() ->
    Ns = [0, 1, -1, 35, -36, 255, 1 bsl 59, (1 bsl 64) - 1, -(1 bsl 100), 123456789012345678901234567890],
    lists:foreach(fun(B) ->
        io:format("~p ~p~n", [B, [integer_to_list(N, B) || N <- Ns]])
    end, [2, 3, 7, 8, 10, 16, 32, 36]),
    io:format("~p~n", [[integer_to_binary(N, 16) || N <- Ns]]),
    io:format("~p~n", [[integer_to_binary(N) || N <- Ns]]),
    io:format("~p~n", [[list_to_integer(S, B) || {S, B} <- [{"ff", 16}, {"FF", 16}, {"-ff", 16}, {"+7", 8}, {"zz", 36},
        {"101", 2}, {"0", 2}, {"00012", 10}, {"-0", 10}, {"123456789abcdefghij", 36}]]]),
    io:format("~p~n", [[binary_to_integer(B) || B <- [<<"12">>, <<"-12">>, <<"+12">>, <<"99999999999999999999999999">>]]]),
    io:format("~p~n", [[binary_to_integer(B, 16) || B <- [<<"dead">>, <<"BEEF">>, <<"-1">>]]]),
    io:format("~p~n", [[t(F) || F <- [
        fun() -> integer_to_list(id(10), 1) end,
        fun() -> integer_to_list(id(10), 37) end,
        fun() -> integer_to_list(id(1.5)) end,
        fun() -> integer_to_binary(id(a), 10) end,
        fun() -> list_to_integer(id("")) end,
        fun() -> list_to_integer(id("-")) end,
        fun() -> list_to_integer(id("1.5")) end,
        fun() -> list_to_integer(id(" 1")) end,
        fun() -> list_to_integer(id("12"), 2) end,
        fun() -> list_to_integer(id("g"), 16) end,
        fun() -> list_to_integer(id("1"), 0) end,
        fun() -> binary_to_integer(id(<<>>)) end,
        fun() -> binary_to_integer(id(<<"1_000">>)) end,
        fun() -> binary_to_integer(id("12")) end,
        fun() -> list_to_integer(id([$1 | x])) end]]]),
    io:format("~p~n", [{string:to_integer("123abc"), string:to_integer("abc"), string:to_float("1.5e3x")}]),
    io:format("~p~n", [{erlang:integer_to_list(-0), list_to_integer(integer_to_list(1 bsl 200)) =:= 1 bsl 200}]).
