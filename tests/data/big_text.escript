#!/usr/bin/env escript
%% big_text.escript OUT - integers and their text in every base, from erl.
%% Used by tests/unit/test_big.c (int_to_text, int_from_text, constructors).
%% Output: u32 count, then per integer:
%%   u32 len, term_to_binary(I); u8 fits_int64; 35 x (u32 len, integer_to_list(I, Base)) for Base = 2..36
-mode(compile).

main([Out]) ->
    rand:seed(exsss, {17, 42, 4711}),
    Ints = lists:usort(ints()),
    Recs = [rec(I) || I <- Ints],
    ok = file:write_file(Out, [<<(length(Ints)):32>> | Recs]).

rec(I) ->
    E = term_to_binary(I),
    Fits = case I >= -(1 bsl 63) andalso I < (1 bsl 63) of true -> 1; false -> 0 end,
    Texts = [begin T = list_to_binary(integer_to_list(I, B)), <<(byte_size(T)):32, T/binary>> end
             || B <- lists:seq(2, 36)],
    [<<(byte_size(E)):32>>, E, Fits | Texts].

ints() ->
    MaxSmall = (1 bsl 59) - 1, MinSmall = -(1 bsl 59),
    Edges = [0, 1, 2, 9, 10, 35, 36, 255, 256, 1 bsl 27, (1 bsl 31) - 1, 1 bsl 31, 1 bsl 32,
             MaxSmall - 1, MaxSmall, MaxSmall + 1, MaxSmall + 2,
             MinSmall + 1, MinSmall, MinSmall - 1, MinSmall - 2,
             (1 bsl 63) - 1, 1 bsl 63, (1 bsl 63) + 1, (1 bsl 64) - 1, 1 bsl 64, (1 bsl 64) + 1,
             (1 bsl 128) - 1, 1 bsl 128, (1 bsl 128) + 1, 1 bsl 1000, (1 bsl 4000) - 1],
    Pows = [P || K <- [10, 16, 36, 7], E <- [5, 17, 18, 19, 20, 39, 40, 100, 300], P <- [pow(K, E) - 1, pow(K, E), pow(K, E) + 1]],
    Rand = [rand_int(Bits) || Bits <- lists:seq(1, 300, 7) ++ [500, 777, 1024, 2049, 3333]],
    Pos = Edges ++ Pows ++ Rand,
    Pos ++ [-X || X <- Pos].

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

rand_int(Bits) ->
    Bytes = (Bits + 7) div 8,
    <<X:Bytes/unit:8>> = rand:bytes(Bytes),
    (X bsr (Bytes * 8 - Bits)) bor (1 bsl (Bits - 1)).
