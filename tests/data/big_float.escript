#!/usr/bin/env escript
%% big_float.escript OUT - float/1 of integers near rounding boundaries, and
%% how erl orders each integer against the floats around it.
%% Used by tests/unit/test_big.c (int_to_double, int_float_compare).
%% Output: u32 count, then per integer:
%%   u32 len, term_to_binary(I); u8 ok (0 = float/1 raises badarg);
%%   8 bytes: float(I) as IEEE big-endian (0 if not ok);
%%   u8 count of probes, then per probe: 8 bytes float F, u8 cmp (0: I < F, 1: I == F, 2: I > F)
-mode(compile).

main([Out]) ->
    rand:seed(exsss, {3, 14, 15}),
    Ints = lists:usort(ints()),
    ok = file:write_file(Out, [<<(length(Ints)):32>> | [rec(I) || I <- Ints]]).

rec(I) ->
    E = term_to_binary(I),
    {Ok, FBin, Center} = try float(I) of
                             F -> {1, <<F/float>>, F}
                         catch error:badarg ->
                             Max = 1.7976931348623157e308,
                             {0, <<0:64>>, case I > 0 of true -> Max; false -> -Max end}
                         end,
    Probes = lists:usort(neighbours(Center) ++ [0.0, -1.0, 1.0, 9007199254740992.0,
                                                  576460752303423488.0, -576460752303423488.0,
                                                  18446744073709551616.0, 1.0e300, -1.0e300, 0.5, -0.5]),
    [<<(byte_size(E)):32>>, E, Ok, FBin, length(Probes)
     | [<<P/float, (cmp(I, P))>> || P <- Probes]].

cmp(I, F) when I < F -> 0;
cmp(I, F) when I == F -> 1;
cmp(_, _) -> 2.

%% the float itself and its two neighbours (by the bit pattern)
neighbours(F) ->
    <<B:64>> = <<F/float>>,
    [X || D <- [-2, -1, 0, 1, 2], X <- from_bits(B + D)].

from_bits(B) when B < 0; B >= 1 bsl 64 -> [];
from_bits(B) ->
    case <<B:64>> of
        <<_:1, 2047:11, _:52>> -> [];           % inf / nan
        <<X/float>> -> [X]
    end.

ints() ->
    Near53 = [(1 bsl 53) + D || D <- lists:seq(-4, 4)],
    Smalls = [0, 1, -1, 3, (1 bsl 59) - 1, -(1 bsl 59), (1 bsl 59) - 3, (1 bsl 58) + 1],
    %% values exactly halfway between two doubles, and one off, at many scales
    Ties = [T || S <- [1, 5, 10, 11, 12, 20, 40, 60, 64, 70, 100, 128, 500, 900, 970],
                 M <- [(1 bsl 52) + 1, (1 bsl 52) + 2, (1 bsl 53) - 1, (1 bsl 53) - 2, (1 bsl 52) + 12345],
                 T0 <- [(M bsl (S + 1)) + (1 bsl S)],
                 T <- [T0 - 1, T0, T0 + 1]],
    %% where Horner's rule in doubles differs from correct rounding
    Horner = [(1 bsl 64) + (1 bsl 63) + (1 bsl 11) + 1, (1 bsl 64) + (1 bsl 63) + (1 bsl 11),
              (1 bsl 128) + ((1 bsl 63) + (1 bsl 11) + 1) * (1 bsl 64) + 5,
              (3 bsl 64) + (1 bsl 63) + (1 bsl 10) + 1]
             ++ [(rand_int(60) bsl 64) + (1 bsl 63) + (1 bsl 10) + rand:uniform(1000) || _ <- lists:seq(1, 20)],
    Huge = [(1 bsl 1024) - (1 bsl 970), (1 bsl 1024) - (1 bsl 970) - 1, (1 bsl 1024) - (1 bsl 971),
            (1 bsl 1024) - 1, 1 bsl 1024, (1 bsl 1023) + 1, 1 bsl 1100],
    Rand = [rand_int(B) || B <- lists:seq(54, 1030, 13)],
    Pos = Near53 ++ Smalls ++ Ties ++ Horner ++ Huge ++ Rand,
    Pos ++ [-X || X <- Pos].

rand_int(Bits) ->
    Bytes = (Bits + 7) div 8,
    <<X:Bytes/unit:8>> = rand:bytes(Bytes),
    (X bsr (Bytes * 8 - Bits)) bor (1 bsl (Bits - 1)).
