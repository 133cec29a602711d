#!/usr/bin/env escript
%% bif_math.escript OUT - erl's outcomes for the math module's BIFs
%% (runtime/bif/math.c); replayed by tests/unit/test_bif_math.c. Both sides
%% call the same glibc libm, so results are compared bit for bit.
-mode(compile).
-include("bif_cases.hrl").

vals() ->
    [0, 1, -1, 2, -2, 3, 10, 100, 710, -745, 1000, (1 bsl 59) - 1, -(1 bsl 59), 1 bsl 64, -(1 bsl 64),
     1 bsl 1023, -(1 bsl 1023), 1 bsl 1024, (1 bsl 1024) - 1, -(1 bsl 1100),
     0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.0, 0.1, 0.9999999999999999, 1.0000000000000002,
     3.141592653589793, 1.5707963267948966, -2.5, 2.5, 19.99, 1.0e-10, 1.0e10, 1.0e300, -1.0e300,
     1.0e-300, 5.0e-324, -5.0e-324, 1.7976931348623157e308, -1.7976931348623157e308, 709.78, 709.79,
     -744.0, -746.0, 4503599627370495.5, 36.0, -27.0, 0.3333333333333333].

others() -> [a, [], "1", <<"1">>, {1.0}].

main([Out]) ->
    F1 = [sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh, exp, log, log2,
          log10, sqrt, erf, erfc, ceil, floor],
    F2 = [atan2, pow, fmod],
    Vs = vals(),
    Small = [0, 1, -1, 2, -2, 3, 1 bsl 64, 1 bsl 1024, 0.0, -0.0, 0.5, -0.5, 1.5, -2.5, 1.0e300, 1.0e-300,
             5.0e-324, 1.7976931348623157e308, 3.141592653589793, -27.0, 0.3333333333333333, 1024.0,
             -1024.0, 1075.0],
    Cases = [{math, F, [X]} || F <- F1, X <- Vs ++ others()] ++
            [{math, F, [X, Y]} || F <- F2, X <- Small, Y <- Small] ++
            [{math, F, [X, Y]} || F <- F2, {X, Y} <- [{a, 1 bsl 1100}, {1 bsl 1100, a}, {a, b}, {1.0, a},
                                                    {a, 1.0}, {1 bsl 1100, 1 bsl 1100}, {[], 0}]],
    write_cases(Out, Cases).
