#!/usr/bin/env escript
%% big_text_edge.escript OUT - list_to_integer/2 on odd text, and integers
%% of about 100,000 digits in several bases, for tests/unit/test_big.c.
%% Text, one record per line:
%%   T <base> <text as hex bytes, or -> <integer_to_list(Result, 16) or !badarg>
%%   H <base> <integer_to_list(X, Base)>          X is the same huge integer on every H line
%%   X <integer_to_list(X, 16)>
%%   M <base> <elements, comma-separated> <result as in T>
%%     list_to_integer/2 of odd lists: an element is a decimal integer, or
%%     atom, float, and a last element tail means the list ends in the atom
%%     tail. erl keeps only the low byte of each small-integer character after
%%     the sign (list_to_integer([16#661, 16#662], 16) is 16#AB)
-mode(compile).

main([Out]) ->
    rand:seed(exsss, {1, 2, 3}),
    Texts = ["0", "-0", "+0", "+5", "-5", "+-5", "-+5", "--5", "++5", "", "+", "-", " 5", "5 ", "5\n", "1_000",
             "0x1F", "1F", "1f", "zz", "ZZ", "z", "10", "007", "-007", "+007", "1.0", "1e5", "١٢", "5" ++ [0],
             [0] ++ "5", "12345678901234567890123456789012345678901234567890",
             "-99999999999999999999999999999999", "7fffffffffffffff", "-8000000000000000", "800000000000000",
             "-800000000000000", "7FFFFFFFFFFFFFF", "10000000000000000", "ffffffffffffffffffffffffffffffff",
             "1010101010101010101010101010101010101010101010101010101010101010101010"],
    Bases = [2, 8, 10, 16, 36],
    Rand = [rand_text() || _ <- lists:seq(1, 400)],
    %% the T records are about bytes: hand erl the UTF-8 bytes of the text
    T = [["T ", integer_to_list(B), " ", hex(S), " ", res(bytes(S), B), $\n]
         || {S, B} <- [{S, B} || S <- Texts, B <- Bases] ++ Rand],
    Wide = [[16#661, 16#662], [$1, 256 + $1], [$1, 16#10000 + $1], [$1, 16#100 + $a], [256 + $-, $5],
            [256 + $+, $5], [$5, 16#20], [16#130], [16#13A], [16#FF], [16#100], [16#1FF], [-208], [$1, -208],
            [$1, 1 bsl 60], [$1, (1 bsl 64) + $2], [$1, (1 bsl 58) + $2], [$1, atom], [$1, float], [$1, $2, tail],
            [$-, 16#130], [16#130, $-], [$1, 16#130, $2], [$+], [$-, tail], [$-, -256 + $7]],
    M = [["M ", integer_to_list(B), " ", string:join([elem(C) || C <- S], ","), " ", res(build(S), B), $\n]
         || S <- Wide, B <- [10, 16, 36]],
    X = huge(),
    H = [["H ", integer_to_list(B), " ", integer_to_list(X, B), $\n] || B <- [10, 2, 16, 36, 7, 3]],
    ok = file:write_file(Out, [T, M, H, "X ", integer_to_list(X, 16), $\n]).

elem(C) when is_integer(C) -> integer_to_list(C);
elem(A) -> atom_to_list(A).

build([tail]) -> tail;
build([float | T]) -> [1.0 | build(T)];
build([X | T]) -> [X | build(T)];
build([]) -> [].

bytes(S) -> binary_to_list(unicode:characters_to_binary(S)).

res(S, B) ->
    try list_to_integer(S, B) of I -> integer_to_list(I, 16)
    catch error:badarg -> "!badarg"
    end.

hex([]) -> "-";
hex(S) -> [io_lib:format("~2.16.0B", [C]) || <<C>> <= unicode:characters_to_binary(S)].

%% random text in a random base: mostly valid digits, sometimes a stray character
rand_text() ->
    B = rand:uniform(35) + 1,
    Len = rand:uniform(60),
    Chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    Digit = fun() -> lists:nth(rand:uniform(length(Chars)), Chars) end,
    Body = [case rand:uniform(40) of 1 -> Digit(); _ -> valid(B) end || _ <- lists:seq(1, Len)],
    Sign = lists:nth(rand:uniform(4), ["", "", "-", "+"]),
    {Sign ++ Body, B}.

valid(B) -> lists:nth(rand:uniform(B), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ").

%% about 100,000 decimal digits
huge() ->
    Bytes = rand:bytes(41600),
    <<X:41600/unit:8>> = Bytes,
    -(X bor (1 bsl (41600 * 8 - 1))).
