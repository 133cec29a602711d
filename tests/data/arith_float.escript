#!/usr/bin/env escript
%% arith_float.escript OUT - mixed integer/float arithmetic computed by erl,
%% for tests/unit/test_arith.c. Text, one record per line. A number is
%% i:<signed hex integer> or f:<IEEE bits, 16 hex digits>; an error is !Reason.
%%   N <number>                                 operand #k (k counts from 0)
%%   P <i> <j> <+> <-> <*> </> <cmp>             cmp: -1 if A < B, 0 if A == B, 1
%%   U <i> <-A> <abs> <+A> <float(A) or error>
%%   R <float> <trunc> <round> <floor> <ceil>     of floats near rounding edges
-mode(compile).

main([Out]) ->
    rand:seed(exsss, {5, 6, 7}),
    Ops = operands(),
    N = length(Ops),
    T = list_to_tuple(Ops),
    Idx = lists:seq(0, N - 1),
    Lines = [[["N ", enc(X), $\n] || X <- Ops],
             [pair(T, I, J) || I <- Idx, J <- Idx],
             [unary(T, I) || I <- Idx],
             [rounding(F) || F <- rounding_floats()]],
    ok = file:write_file(Out, Lines).

enc(X) when is_integer(X) -> ["i:", integer_to_list(X, 16)];
enc(X) when is_float(X) -> <<B:64>> = <<X/float>>, ["f:", string:right(integer_to_list(B, 16), 16, $0)].

res(F) ->
    try F() of R -> enc(R)
    catch error:Reason -> [$! | atom_to_list(Reason)]
    end.

cmp(A, B) when A < B -> "-1";
cmp(A, B) when A == B -> "0";
cmp(_, _) -> "1".

pair(T, I, J) ->
    A = element(I + 1, T), B = element(J + 1, T),
    Rs = [res(fun() -> A + B end), res(fun() -> A - B end), res(fun() -> A * B end),
          res(fun() -> A / B end), cmp(A, B)],
    ["P ", integer_to_list(I), " ", integer_to_list(J), [[" ", R] || R <- Rs], $\n].

unary(T, I) ->
    A = element(I + 1, T),
    ["U ", integer_to_list(I), " ", res(fun() -> -A end), " ", res(fun() -> abs(A) end), " ",
     res(fun() -> +A end), " ", res(fun() -> float(A) end), $\n].

rounding(F) ->
    ["R ", enc(F), " ", enc(trunc(F)), " ", enc(round(F)), " ", enc(floor(F)), " ", enc(ceil(F)), $\n].

rounding_floats() ->
    Base = [0.0, -0.0, 0.5, 1.5, 2.5, 0.49999999999999994, 4503599627370495.5, 4503599627370497.0,
            9007199254740993.0, 9.223372036854775e18, 9.223372036854776e18, 1.8446744073709552e19,
            1.0e300, 1.7976931348623157e308, 5.0e-324, 0.9999999999999999, 576460752303423487.0,
            576460752303423488.0, 1152921504606846976.0],
    Rand = [X * math:pow(2, rand:uniform(80) - 20) || _ <- lists:seq(1, 300), X <- [rand:uniform()]],
    Halves = [(rand:uniform(1 bsl 40) + 0.5) || _ <- lists:seq(1, 50)],
    All = Base ++ Rand ++ Halves ++ [rand_float() || _ <- lists:seq(1, 100)],
    All ++ [-X || X <- All].

operands() ->
    Ints = [0, 1, -1, 2, 3, -7, 10, (1 bsl 53) - 1, 1 bsl 53, (1 bsl 53) + 1, (1 bsl 59) - 1, -(1 bsl 59),
            1 bsl 59, 1 bsl 64, -(1 bsl 64) - 12345, 1 bsl 100, 3 bsl 500, (1 bsl 1023) + (1 bsl 970),
            (1 bsl 1024) - (1 bsl 970) - 1, 1 bsl 1024, -(1 bsl 1030)],
    Floats = [0.0, -0.0, 1.0, -1.0, 0.5, 0.1, -2.5, 3.0, 1.0e-300, 5.0e-324, -5.0e-324, 2.2250738585072014e-308,
              1.0e300, -1.0e300, 1.7976931348623157e308, -1.7976931348623157e308, 9007199254740992.0,
              9007199254740993.0, 1.0e20, 123.456, 1.0e-5, 8.98846567431158e307],
    Rand = [rand_float() || _ <- lists:seq(1, 12)],
    Ints ++ Floats ++ Rand.

%% finite doubles from random bit patterns
rand_float() ->
    <<F/float>> = case rand:bytes(8) of
                      <<S:1, 2047:11, M:52>> -> <<S:1, 2046:11, M:52>>;
                      B -> B
                  end,
    F.
