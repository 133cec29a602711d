#!/usr/bin/env escript
%% bif_arith.escript OUT - erl's outcomes for the BIFs of
%% runtime/bif/erlang_arith.c (operators as functions, float/trunc/round/
%% floor/ceil/abs, min/max); replayed by tests/unit/test_bif_arith.c.
-mode(compile).
-include("bif_cases.hrl").

-define(MAX_SMALL, ((1 bsl 59) - 1)).
-define(MIN_SMALL, (-(1 bsl 59))).

ints() ->
    [0, 1, -1, 2, -2, 3, -3, 7, 10, -17, 255, 1000000007,
     ?MAX_SMALL, ?MIN_SMALL, ?MAX_SMALL + 1, ?MIN_SMALL - 1, -?MIN_SMALL,
     (1 bsl 63) - 1, 1 bsl 63, -(1 bsl 63), (1 bsl 64) - 1, 1 bsl 64, -(1 bsl 64), -(1 bsl 64) + 1,
     1 bsl 100, -(1 bsl 100) + 12345, (1 bsl 128) - 1, 1 bsl 200 + 7, -(1 bsl 192),
     pow(3, 500), -pow(7, 300), 1 bsl 1023, 1 bsl 1024, -(1 bsl 1024) - 1].

floats() ->
    [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, 123.456, -7.75,
     1.0e20, -1.0e20, 4503599627370497.0, 9007199254740993.0, 1.0e300, -1.0e300, 1.0e-300,
     5.0e-324, -5.0e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308,
     576460752303423488.0, -576460752303423488.0, 1.152921504606847e18].

others() -> [a, [], "1", <<1>>, <<1:3>>, {1}, #{}, self()].

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

%% Deterministic random integers of 1..5 limbs, both signs.
rand_ints(N) ->
    rand:seed(exsss, {11, 22, 33}),
    [begin
         Bits = rand:uniform(320),
         V = rand:uniform(1 bsl Bits),
         case rand:uniform(2) of 1 -> V; 2 -> -V end
     end || _ <- lists:seq(1, N)].

main([Out]) ->
    Nums = ints() ++ floats(),
    All = Nums ++ others(),
    Ops2 = ['+', '-', '*', '/', 'div', 'rem', 'band', 'bor', 'bxor'],
    Ops1 = ['-', '+', abs, 'bnot', float, trunc, round, floor, ceil],
    R = rand_ints(120),
    Pairs = [{A, B} || A <- Nums, B <- Nums] ++
            [{A, B} || A <- others(), B <- [1, 1.0, 1 bsl 70, a]] ++
            [{A, B} || A <- [1, 1.0, 1 bsl 70], B <- others()] ++
            lists:zip(R, lists:reverse(R)) ++ lists:zip(R, tl(R) ++ [hd(R)]),
    Counts = [0, 1, 3, 4, 59, 60, 63, 64, 65, 127, 128, 1000, -1, -3, -59, -60, -63, -64, -65, -1000,
              1 bsl 40, -(1 bsl 40), 1 bsl 64, -(1 bsl 64), 1 bsl 59, ?MIN_SMALL, a, 1.0],
    ShiftVals = [0, 1, -1, 5, -5, ?MAX_SMALL, ?MIN_SMALL, 1 bsl 64, -(1 bsl 64), -(1 bsl 100) + 1,
                 pow(3, 90), a, 1.0],
    %% The largest shift erl allows and the first ones it refuses (arith.h);
    %% one 4 MB result is enough.
    Limits = [{'bsl', 1, 33554367}, {'bsl', 1, 33554368}, {'bsl', 3, 33554366},
              {'bsl', 1 bsl 64, 33554305}, {'bsr', 1, -33554368}, {'bsl', 0, 33554368}],
    Cases = [{erlang, Op, [A, B]} || Op <- Ops2, {A, B} <- Pairs] ++
            [{erlang, Op, [A]} || Op <- Ops1, A <- All ++ R] ++
            [{erlang, Op, [A, B]} || Op <- ['bsl', 'bsr'], A <- ShiftVals, B <- Counts] ++
            [{erlang, Op, [A, B]} || {Op, A, B} <- Limits] ++
            [{erlang, F, [A, B]} || F <- [min, max],
                                    A <- [1, 1.0, -0.0, 0.0, 0, 1 bsl 70, a, b, [], {}, "x"],
                                    B <- [1, 1.0, -0.0, 0.0, 0, 1 bsl 70, a, b, [], {}, "x"]],
    write_cases(Out, Cases).
