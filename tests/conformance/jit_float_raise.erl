%% Float arithmetic that overflows in native code: badarith at the
%% instruction that made the first non-finite result, with erl's stack
%% trace (the line says which), however the later instructions use it:
%% consumed by + - * (non-finite too), as a divisor (a finite quotient),
%% negated, boxed into a tuple, or in a guard (the clause fails). Also
%% -0.0, mixed integer/float and bignum operands. Each function runs hot
%% first (tiered mode compiles it), then with the values that overflow.
-module(jit_float_raise).
-export([main/0]).

main() ->
    Fs = [fun chain/2, fun divisor/2, fun negated/2, fun boxed/2, fun late/2, fun mixed/2, fun nan_sub/2],
    [hot(F, 3000) || F <- Fs],
    Cases = [{1.5, 2.0}, {1.0e200, 1.0e200}, {1.0e308, 10.0}, {-1.0e308, 10.0}, {1.0e-300, 1.0e-300},
             {-0.0, 5.0}, {0.0, -0.0}, {1.0e160, 1.0e160}],
    [io:format("~p ~p~n", [I, run(F, X, Y)]) || {I, F} <- lists:enumerate(Fs), {X, Y} <- Cases],
    [io:format("guard ~p~n", [guard(X, Y)]) || {X, Y} <- Cases],
    io:format("~p~n", [[catch ints(I) || I <- [1, -7, 1 bsl 70, 1 bsl 1100]]]),
    ok.

hot(F, 0) -> F;
hot(F, N) -> _ = F(1.5, float(N)), hot(F, N - 1).

run(F, X, Y) ->
    try F(X, Y) of
        R -> {ok, R}
    catch
        C:E:S -> {C, E, [{M, Fn, A, proplists:get_value(line, L)} || {M, Fn, A, L} <- S]}
    end.

%% an overflow consumed by later + - *: raised where it happened
chain(X, Y) when is_float(X), is_float(Y) ->
    A = X * Y,
    B = A - X,
    C = B * B,
    D = C + A,
    {A, D}.

%% an infinite divisor gives 0.0: still raised at the product
divisor(X, Y) when is_float(X), is_float(Y) ->
    P = X * Y,
    Q = 1.0 / P,
    R = Q * 2.0,
    {R}.

%% negation of an overflow, then used
negated(X, Y) when is_float(X), is_float(Y) ->
    P = -(X * Y),
    S = P + 1.0,
    {S, X - Y}.

%% the results boxed into a tuple and a list
boxed(X, Y) when is_float(X), is_float(Y) ->
    A = X + Y,
    B = X * Y,
    C = B / Y,
    [A, {B, C}].

%% the overflow comes last, after finite results
late(X, Y) when is_float(X), is_float(Y) ->
    A = X - Y,
    B = A * 0.5,
    C = B + X,
    D = C * Y,
    E = D * D,
    {A, B, C, E}.

%% integer and float operands mixed
mixed(X, Y) when is_float(X), is_float(Y) ->
    I = trunc(X) + 1,
    A = X * I,
    B = A * Y,
    {I, B}.

%% inf - inf is NaN: the first infinity is the raise point
nan_sub(X, Y) when is_float(X), is_float(Y) ->
    A = X * Y,
    B = Y * X,
    C = A - B,
    {C}.

guard(X, Y) when is_float(X), is_float(Y), X * Y > 2.0 -> big;
guard(X, Y) when is_float(X), is_float(Y), X * Y + 1.0 > 0.0 -> small;
guard(_, _) -> other.

ints(I) -> {I * 1.5, I / 3, I + 0.25, -I * 2.0}.
