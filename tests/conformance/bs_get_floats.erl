%% 32- and 64-bit float fields, big and little endian, at every bit offset
%% of a leading bitstring (0..15 bits), in binaries long enough to read an
%% 8-byte word after the field and at their very end; NaN and infinity
%% patterns (no match), too few bits, and 16-bit floats.
-module(bs_get_floats).
-export([main/0, f32/1, f64/1, l32/1, l64/1, h16/1]).

f32(B) -> case B of <<_:1, F:32/float, _/bits>> -> F; _ -> nomatch end.
f64(B) -> case B of <<_:1, F:64/float, _/bits>> -> F; _ -> nomatch end.
l32(B) -> case B of <<_:1, F:32/float-little, _/bits>> -> F; _ -> nomatch end.
l64(B) -> case B of <<_:1, F:64/float-little, _/bits>> -> F; _ -> nomatch end.
h16(B) -> case B of <<_:1, F:16/float, _/bits>> -> F; _ -> nomatch end.

%% Parse a record stream (the aligned case in a loop).
sum(<<F:64/float, G:32/float-little, Rest/binary>>, Acc) -> sum(Rest, Acc + F + G);
sum(<<>>, Acc) -> Acc.

main() ->
    Vals = [0.0, -0.0, 1.5, -2.25, 3.0e38, 1.0e-40, 1.7976931348623157e308, 123456.789],
    Pads = [<<>>, <<0:64>>],
    Bins = [<<Pre/bits, 1:1, V:W/float-unit:1, Pad/bits>> || Pre <- [<<0:N>> || N <- lists:seq(0, 15)],
                                                          V <- Vals, W <- [32, 64], Pad <- Pads,
                                                          W =:= 64 orelse abs(V) < 3.0e38]
        ++ [<<Pre/bits, 1:1, V:W/float-little, Pad/bits>> || Pre <- [<<>>, <<1:3>>, <<0:8>>],
                                                          V <- Vals, W <- [32, 64], Pad <- Pads,
                                                          W =:= 64 orelse abs(V) < 3.0e38],
    Tails = [binary:part(B, 0, byte_size(B) - 1) || B <- Bins, byte_size(B) > 8, bit_size(B) rem 8 =:= 0],
    Specials = [<<0:1, 16#7F800000:32, 0:64>>, <<0:1, 16#FFC00001:32, 0:64>>,
                <<0:1, 16#7FF0000000000000:64, 0:64>>, <<0:1, 16#7FF8000000000001:64>>,
                <<0:1, 16#0000807F:32, 0:64>>, <<0:1, 1:20>>],
    R = [{F, erlang:phash2([?MODULE:F(B) || B <- Bins ++ Tails ++ Specials])}
         || F <- [f32, f64, l32, l64, h16]],
    erlang:display(R),
    erlang:display([?MODULE:F(B) || B <- Specials, F <- [f32, f64, l32, l64]]),
    Stream = << <<(I * 1.25):64/float, (I / 4):32/float-little>> || I <- lists:seq(1, 20000) >>,
    erlang:display(sum(Stream, 0.0)),
    ok.
