#!/usr/bin/env escript
%% bif_conv.escript OUT - erl's outcomes for the BIFs of
%% runtime/bif/erlang_conv.c (integers, floats and atoms to text and back);
%% replayed by tests/unit/test_bif_conv.c.
%%
%% The _existing_ cases need no care about which atoms laser knows: the
%% replay decodes each case (its outcome included) before running it, so an
%% atom erl found is known to laser by then, and the names erl does not know
%% are built at run time, never written as literals here.
-mode(compile).
-include("bif_cases.hrl").

-define(MAX_SMALL, ((1 bsl 59) - 1)).

ints() ->
    [0, 1, -1, 9, 10, -10, 35, 36, 255, -256, 1000000, ?MAX_SMALL, -?MAX_SMALL - 1, ?MAX_SMALL + 1,
     -?MAX_SMALL - 2, (1 bsl 64) - 1, 1 bsl 64, -(1 bsl 64), 1 bsl 100, -(1 bsl 127) + 3,
     1 bsl 1000 + 12345, -(1 bsl 2000) - 1].

int_texts() ->
    ["0", "-0", "+0", "1", "123", "-123", "+123", "", "-", "+", "--1", "+-1", "-+1", " 1", "1 ", "1_000",
     "1.0", "12a", "007", "-007", "0000000000000000000000000000000000000001", "576460752303423487",
     "576460752303423488", "-576460752303423488", "-576460752303423489", "18446744073709551615",
     "18446744073709551616", "-18446744073709551616", lists:duplicate(1000, $9),
     [$- | lists:duplicate(700, $7)], "ff", "FF", "-fF", "zz", "ZZ", "Zz9", "10", "19", "1a", "777",
     "8", "11111111111111111111111111111111111111111111111111111111111111111111111",
     "fffffffffffffffffffffffffffffffffff", "0x10", "1e5", [0], "1" ++ [0], "1" ++ [0] ++ "2",
     [$1, 255], [$1, 16#661], [$+ + 256, $1], [$- + 256, $1]].

float_texts() ->
    ["1.0", "1", "-1.5e10", "+1.5E-10", "1,5", "1.0e400", "-1.0e400", "1.0e-400", "2.0e-320", "+1.0",
     ".5", "1.", "1.0e", "1.0e+", "1e5", " 1.0", "1.0 ", "0.0", "-0.0", "00001.50000",
     "1.7976931348623157e308", "1.7976931348623159e308", "4.9e-324", "2.4e-324",
     "123456789012345678901234567890.5", "0.1", "1.0\0junk", [0], "", "-", "1.0x", "١.٠",
     "1." ++ lists:duplicate(400, $3)].

atoms() ->
    [a, '', 'é', 'ÿ', '\x{100}', '\x{400}', '\x{10FFFF}', 'hello world', true, 'Ä\x{2603}x',
     list_to_atom(lists:duplicate(255, $z)), list_to_atom(lists:duplicate(255, 16#10FFFF)),
     list_to_atom(lists:duplicate(255, 255))].

atom_lists() ->
    A = fun(N) -> lists:duplicate(N, $q) end,
    ["laser_conv_new", "", "é", [16#400, $x], [16#10FFFF], [16#110000], [16#D800], [16#DFFF], [16#E000],
     [-1], [256], [255], [0], [$a | b], [$a, a], [$a, 1.0], [$a, 1 bsl 64], a, <<"a">>, {$a},
     A(255), A(256), A(300), A(255) ++ [-1], A(254) ++ [-1], A(255) ++ x, A(256) ++ x, [-1 | A(300)],
     lists:duplicate(255, 16#10FFFF), lists:duplicate(256, 16#10FFFF), lists:duplicate(255, 200)].

utf8_bins() ->
    B = fun(N, C) -> binary:copy(C, N) end,
    [<<"laser_conv_bin">>, <<>>, <<"é"/utf8>>, <<233>>, <<"\x{400}"/utf8>>, <<16#10FFFF/utf8>>,
     <<16#C0, 16#80>>, <<16#C1, 16#BF>>, <<16#E0, 16#80, 16#80>>, <<16#ED, 16#A0, 16#80>>,
     <<16#ED, 16#9F, 16#BF>>, <<16#F0, 16#80, 16#80, 16#80>>, <<16#F4, 16#90, 16#80, 16#80>>,
     <<16#F4, 16#8F, 16#BF, 16#BF>>, <<16#F5, 16#80, 16#80, 16#80>>, <<16#F8, 16#88, 16#80, 16#80, 16#80>>,
     <<16#E0, 16#A0>>, <<"a", 16#C3>>, <<16#80>>, <<"ab", 16#BF, "c">>, <<0>>, <<"a", 0, "b">>,
     B(255, <<"b">>), B(256, <<"b">>), B(255, <<16#10FFFF/utf8>>), <<(B(255, <<16#10FFFF/utf8>>))/binary, "x">>,
     <<255, (B(1019, <<"b">>))/binary>>, <<255, (B(1020, <<"b">>))/binary>>,
     <<(B(255, <<"b">>))/binary, 255>>, <<(B(254, <<"b">>))/binary, 255>>,
     <<(B(255, <<"b">>))/binary, 16#C3>>, <<(B(254, <<"b">>))/binary, 16#C3>>,
     <<(B(254, <<"b">>))/binary, 16#C3, 16#A9>>, B(255, <<233>>), B(256, <<233>>),
     <<1:3>>, <<"ab", 1:1>>, "abc", abc, 1].

existing_lists() ->
    %% run-time names erl cannot know, and names it does
    Fresh = "laser_no_such_atom_" ++ integer_to_list(erlang:unique_integer([positive])),
    [Fresh, Fresh ++ "é", "lists", "ok", "é", "erlang", "", "laser_conv_new", lists:duplicate(255, $q),
     lists:duplicate(256, $q), lists:duplicate(256, 16#D800), [$l, $i, $s, $t, $s | x], [16#D800], a].

%% Deterministic random integers of up to 6 limbs, both signs, for every base:
%% integer_to_list/2 and back through list_to_integer/2 and
%% binary_to_integer/2 in mixed case.
rand_ints(N) ->
    rand:seed(exsss, {7, 8, 9}),
    [begin
         V = rand:uniform(1 bsl rand:uniform(384)),
         case rand:uniform(2) of 1 -> V; 2 -> -V end
     end || _ <- lists:seq(1, N)].

mixed_case(S) -> [case rand:uniform(2) of 1 -> string:to_lower(C); 2 -> C end || C <- S].

base_cases() ->
    Rs = rand_ints(140),
    [{erlang, integer_to_list, [I, B]} || {I, B} <- lists:zip(Rs, [2 + K rem 35 || K <- lists:seq(0, 139)])] ++
    [{erlang, integer_to_binary, [I, B]} || {I, B} <- lists:zip(lists:reverse(Rs),
                                                                [2 + K rem 35 || K <- lists:seq(0, 139)])] ++
    lists:append([[{erlang, list_to_integer, [L, B]}, {erlang, binary_to_integer, [list_to_binary(L), B]}]
                  || {I, B} <- lists:zip(Rs, [2 + (K * 7) rem 35 || K <- lists:seq(0, 139)]),
                     L <- [mixed_case(integer_to_list(I, B))]]).

existing_bins() ->
    [B || L <- existing_lists(), is_binary(B = (catch unicode:characters_to_binary(L)))].

main([Out]) ->
    Bases = [2, 8, 10, 16, 36, 1, 37, 0, -10, a, 10.0, 1 bsl 64],
    NonInts = [1.0, a, "1", <<"1">>, [], {1}],
    Floats = [0.0, -0.0, 1.0, -1.0, 0.1, 0.125, 2.5, -2.5, 1.0e20, 1.0e-20, 123456.789, 5.0e-324,
              1.7976931348623157e308, -1.7976931348623157e308, 9007199254740993.0, 1.0e15, 1.0e16,
              0.3, 1.0 / 3],
    FOpts = [[], [short], [compact], [{decimals, 0}], [{decimals, 4}], [{decimals, 4}, compact],
             [{decimals, 20}], [{decimals, 253}], [{decimals, 254}], [{decimals, -1}], [{scientific, 0}],
             [{scientific, 3}], [{scientific, 60}], [{scientific, 250}], [{scientific, -1}],
             [{decimals, 3}, {scientific, 2}], [{scientific, 2}, {decimals, 3}], [short, {decimals, 2}],
             [{decimals, 2}, short], [compact, {scientific, 2}], [bad], [short | x], x, {decimals, 2},
             [{decimals, a}], [{decimals, 1 bsl 64}], [{decimals, 1.0}]],
    Encs = [latin1, utf8, unicode, bad, "utf8", 1],
    IntTexts = int_texts(),
    BinTexts = [list_to_binary(T) || T <- IntTexts, lists:all(fun(C) -> C >= 0 andalso C =< 255 end, T)],
    FloatTexts = float_texts(),
    FloatBins = [unicode:characters_to_binary(T) || T <- FloatTexts],
    Cases = base_cases() ++
            [{erlang, F, [I]} || F <- [integer_to_list, integer_to_binary], I <- ints() ++ NonInts] ++
            [{erlang, F, [I, B]} || F <- [integer_to_list, integer_to_binary], I <- ints() ++ [a, 1.0],
                                    B <- Bases] ++
            [{erlang, list_to_integer, [T]} || T <- IntTexts ++ [[$1 | x], [$1, $2 | $3], a, <<"1">>,
                                                                [1 bsl 64], [$1, 1.0], [$-| x], [$+]]] ++
            [{erlang, list_to_integer, [T, B]} || T <- IntTexts, B <- Bases] ++
            [{erlang, binary_to_integer, [T]} || T <- BinTexts ++ [<<"1", 1:1>>, <<1:4>>, "1", 1]] ++
            [{erlang, binary_to_integer, [T, B]} || T <- BinTexts, B <- Bases] ++
            [{erlang, F, [X]} || F <- [float_to_list, float_to_binary], X <- Floats ++ [1, a, 1 bsl 64]] ++
            [{erlang, F, [X, O]} || F <- [float_to_list, float_to_binary], X <- Floats ++ [1], O <- FOpts] ++
            [{erlang, list_to_float, [T]} || T <- FloatTexts ++ [[$1, $., $0 | x], <<"1.0">>, [1.0], a,
                                                                  [$1, $., $0 + 256]]] ++
            [{erlang, binary_to_float, [T]} || T <- FloatBins ++ [<<"1.0", 1:1>>, "1.0", 1.0]] ++
            [{erlang, atom_to_list, [A]} || A <- atoms() ++ [1, "a", <<"a">>]] ++
            [{erlang, atom_to_binary, [A]} || A <- atoms() ++ [1, "a"]] ++
            [{erlang, atom_to_binary, [A, E]} || A <- atoms() ++ [1], E <- Encs] ++
            [{erlang, list_to_atom, [L]} || L <- atom_lists()] ++
            [{erlang, list_to_existing_atom, [L]} || L <- existing_lists() ++ atom_lists()] ++
            [{erlang, F, [B]} || F <- [binary_to_atom, binary_to_existing_atom], B <- utf8_bins()] ++
            [{erlang, F, [B, E]} || F <- [binary_to_atom, binary_to_existing_atom],
                                    B <- utf8_bins() ++ existing_bins(),
                                    E <- Encs],
    write_cases(Out, Cases).
