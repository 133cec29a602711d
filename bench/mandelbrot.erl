%% mandelbrot - the Mandelbrot set on an N x N grid, 50 iterations, escape
%% radius 2: float arithmetic in a tight loop, plus packing each row into a
%% binary of bits as the benchmark game's output does.
%% Size: N. Result: points inside the set and a checksum of the bitmap rows.
-module(mandelbrot).
%% group: float
-define(DEFAULT_SIZE, 1200).
-define(ITER, 50).
-include("bench.hrl").

run(N) -> rows(0, N, 0, 0).

rows(Y, N, Inside, Sum) when Y =:= N -> {Inside, Sum};
rows(Y, N, Inside, Sum) ->
    CI = 2.0 * Y / N - 1.0,
    Bits = << <<(point(2.0 * X / N - 1.5, CI)):1>> || X <- lists:seq(0, N - 1) >>,
    {In, RowSum} = row_stats(Bits, 0, 0),
    rows(Y + 1, N, Inside + In, (Sum * 31 + RowSum) band 16#FFFFFFF).

point(CR, CI) -> iter(0.0, 0.0, CR, CI, ?ITER).

iter(_ZR, _ZI, _CR, _CI, 0) -> 1;
iter(ZR, ZI, CR, CI, K) ->
    ZR2 = ZR * ZR, ZI2 = ZI * ZI,
    if ZR2 + ZI2 > 4.0 -> 0;
       true -> iter(ZR2 - ZI2 + CR, 2.0 * ZR * ZI + CI, CR, CI, K - 1)
    end.

row_stats(<<B:1, Rest/bits>>, Pos, In) -> row_stats(Rest, Pos + 1, In + B);
row_stats(<<>>, _Pos, In) -> {In, In}.
