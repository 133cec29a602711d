%% std_math: every math function on ordinary, boundary and invalid
%% arguments (integers, floats, bignums, atoms), printed with ~w
%% (shortest round-trip floats) so the last bit counts; badarith/badarg.
-module(std_math).
-export([main/0]).
-import(stdh, [tw/2]).

main() ->
    Xs = [0, 1, -1, 0.5, -0.5, 2, 10, 1.0e-300, 1.0e300, 3.141592653589793, 1 bsl 70, 0.0, -0.0, 100, -100],
    F1 = [sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh, exp, log, log2, log10, sqrt, erf, erfc, ceil, floor],
    [tw({F, X}, fun() -> math:F(X) end) || F <- F1, X <- Xs],
    [tw({F2, X, Y}, fun() -> math:F2(X, Y) end) || F2 <- [pow, atan2, fmod], X <- [0, 1, -2, 2.5, 1.0e10], Y <- [0, 1, -1, 0.5, 3, 1.0e-10]],
    tw(pi, fun() -> {math:pi(), 2 * math:pi()} end),
    tw(bad_atom, fun() -> math:sin(x) end),
    tw(bad_list, fun() -> math:pow([1], 2) end),
    tw(overflow_exp, fun() -> math:exp(1000) end),
    tw(overflow_pow, fun() -> math:pow(10.0, 309) end),
    tw(huge_bignum, fun() -> math:sqrt(1 bsl 2000) end),
    tw(log_big, fun() -> math:log(1 bsl 1000) end),
    tw(sum_prec, fun() -> lists:foldl(fun(X, A) -> A + math:sin(X) * math:cos(X) end, 0.0, lists:seq(1, 1000)) end),
    tw(ops, fun() -> {7 / 2, 7 div 2, -7 div 2, -7 rem 2, 7.0 / 2, abs(-3.5), trunc(-2.5), round(-2.5), round(2.5), float(1 bsl 80)} end),
    ok.
