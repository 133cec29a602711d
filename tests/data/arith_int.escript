#!/usr/bin/env escript
%% arith_int.escript OUT - integer arithmetic computed by erl, for
%% tests/unit/test_arith.c. Text, one record per line, integers in signed
%% upper-case hex (integer_to_list(I, 16)), an error as !Reason:
%%   I <hex>                                  operand #k (k counts from 0)
%%   P <i> <j> <+> <-> <*> <div> <rem> <band> <bor> <bxor>
%%   Q <a> <b> <+> <-> <*> <div> <rem> <band> <bor> <bxor>   random pairs, operands inline
%%   U <i> <-I> <abs> <bnot>
%%   S <i> <shift hex> <bsl> <bsr>
%%   W <i> <exp> <I^exp>                      power by repeated multiplication
%%   L <maxshift>                             largest N with 1 bsl N (system_limit above)
%%   Z <name> <result>                        the expressions of limits/1 near that size; a
%%                                            result is <sign><bit length>:<low 64 bits hex> or !Reason
-mode(compile).

main([Out]) ->
    rand:seed(exsss, {11, 22, 33}),
    Ops = lists:usort(operands()),
    N = length(Ops),
    T = list_to_tuple(Ops),
    Idx = lists:seq(0, N - 1),
    Shifts = shifts(),
    Lines = [[ ["I ", hex(I), $\n] || I <- Ops],
             [pair(T, I, J) || I <- Idx, J <- Idx],
             [qpair(rand_signed(), rand_signed()) || _ <- lists:seq(1, 1500)],
             [unary(T, I) || I <- Idx],
             [shift(T, I, S) || I <- Idx, S <- Shifts],
             [pow(T, I, E) || I <- Idx, E <- [0, 1, 2, 3, 7, 20], size_ok(element(I + 1, T), E)],
             ["L ", integer_to_list(max_shift()), $\n],
             limits(max_shift())],
    ok = file:write_file(Out, Lines).

hex(I) -> integer_to_list(I, 16).

res(F) ->
    try F() of R -> hex(R)
    catch error:Reason -> [$! | atom_to_list(Reason)]
    end.

pair(T, I, J) ->
    A = element(I + 1, T), B = element(J + 1, T),
    Rs = [res(fun() -> A + B end), res(fun() -> A - B end), res(fun() -> A * B end),
          res(fun() -> A div B end), res(fun() -> A rem B end),
          res(fun() -> A band B end), res(fun() -> A bor B end), res(fun() -> A bxor B end)],
    ["P ", integer_to_list(I), " ", integer_to_list(J), [[" ", R] || R <- Rs], $\n].

qpair(A, B) ->
    Rs = [res(fun() -> A + B end), res(fun() -> A - B end), res(fun() -> A * B end),
          res(fun() -> A div B end), res(fun() -> A rem B end),
          res(fun() -> A band B end), res(fun() -> A bor B end), res(fun() -> A bxor B end)],
    ["Q ", hex(A), " ", hex(B), [[" ", R] || R <- Rs], $\n].

%% 1 to 40 limbs, either sign; sometimes a power of two minus one or plus
%% one, whose two's complement is all ones or zeros
rand_signed() ->
    X0 = rand_int(rand:uniform(40 * 64)),
    X = case rand:uniform(6) of
            1 -> (1 bsl (64 * rand:uniform(20))) - 1;
            2 -> (1 bsl (64 * rand:uniform(20))) + rand:uniform(3) - 2;
            _ -> X0
        end,
    case rand:uniform(2) of 1 -> X; 2 -> -X end.

unary(T, I) ->
    A = element(I + 1, T),
    ["U ", integer_to_list(I), " ", res(fun() -> -A end), " ", res(fun() -> abs(A) end), " ",
     res(fun() -> bnot A end), $\n].

shift(T, I, S) ->
    A = element(I + 1, T),
    ["S ", integer_to_list(I), " ", hex(S), " ", res(fun() -> A bsl S end), " ",
     res(fun() -> A bsr S end), $\n].

size_ok(A, E) -> abs(A) < (1 bsl 1300) orelse E < 4.

pow(T, I, E) ->
    A = element(I + 1, T),
    ["W ", integer_to_list(I), " ", integer_to_list(E), " ", hex(pow(A, E)), $\n].

pow(_, 0) -> 1;
pow(A, E) -> A * pow(A, E - 1).

%% Results too large to print whole: sign, bit length of the magnitude and
%% its low 64 bits are enough to tell them apart.
limits(M) ->
    X = 1 bsl M,
    Es = [{"x_plus_x", fun() -> X + X end},
          {"xm1_plus_xm1", fun() -> (X - 1) + (X - 1) end},
          {"negx_minus_x", fun() -> -X - X end},
          {"negx_minus_1", fun() -> -X - 1 end},
          {"x_times_2", fun() -> X * 2 end},
          {"x_times_1", fun() -> X * 1 end},
          {"half_times_half", fun() -> (1 bsl (M div 2)) * (1 bsl (M - M div 2)) end},
          {"half_times_half1", fun() -> (1 bsl (M div 2)) * (1 bsl (M - M div 2 + 1)) end},
          {"bnot_x", fun() -> bnot X end},
          {"bnot_full", fun() -> bnot ((X - 1) bor X) end},
          {"neg1_bsl_m", fun() -> -1 bsl M end},
          {"neg1_bsl_m1", fun() -> -1 bsl (M + 1) end},
          {"one_bsl_m1", fun() -> 1 bsl (M + 1) end},
          {"x_bsr_m", fun() -> X bsr M end},
          {"negx_bsr_1", fun() -> -X bsr 1 end},
          {"x_bor_neg1", fun() -> X bor -1 end},
          %% not X bxor -X: its result needs one limb too many and OTP 25
          %% returns a corrupt term ([] when printed, yet is_integer/1 says
          %% true) instead of raising system_limit; test_arith.c expects
          %% system_limit there
          {"x_bxor_x", fun() -> X bxor (X - 1) end},
          {"x_div_3", fun() -> X div 3 end},
          {"x_rem_3", fun() -> X rem 3 end},
          {"x_minus_1", fun() -> X - 1 end}],
    [["Z ", Name, " ", try F() of R -> summary(R) catch error:Reason -> [$! | atom_to_list(Reason)] end, $\n]
     || {Name, F} <- Es].

summary(R) ->
    Sign = case R < 0 of true -> "-"; false -> "+" end,
    A = abs(R),
    [Sign, integer_to_list(bit_len(A, 0)), ":", integer_to_list(A band 16#FFFFFFFFFFFFFFFF, 16)].

bit_len(0, N) -> N;
bit_len(A, N) when A >= 256 ->
    <<Top, _/binary>> = Bin = binary:encode_unsigned(A),
    bit_len(Top, N + 8 * (byte_size(Bin) - 1));
bit_len(A, N) -> bit_len(A bsr 1, N + 1).

%% erl's bignum size limit, found by bisection on 1 bsl N
max_shift() ->
    Ok = fun(S) -> try _ = 1 bsl S, true catch error:system_limit -> false end end,
    bisect(Ok, 1, 1 bsl 30).

bisect(_, Lo, Hi) when Hi - Lo =< 1 -> Lo;
bisect(Ok, Lo, Hi) ->
    M = (Lo + Hi) div 2,
    case Ok(M) of true -> bisect(Ok, M, Hi); false -> bisect(Ok, Lo, M) end.

shifts() ->
    [0, 1, 2, 3, 4, 31, 32, 59, 60, 61, 63, 64, 65, 127, 128, 129, 200, 1000, 2600, 2700,
     1 bsl 40, (1 bsl 59) - 1, 1 bsl 59, 1 bsl 64, 1 bsl 100]
    ++ [-S || S <- [1, 2, 3, 4, 31, 32, 59, 60, 61, 63, 64, 65, 127, 128, 129, 200, 1000, 2600, 2700,
                    1 bsl 40, (1 bsl 59) - 1, 1 bsl 59, (1 bsl 59) + 1, 1 bsl 64, 1 bsl 100]].

operands() ->
    Edges = [0, 1, 2, 3, 7, 10, 255, (1 bsl 32) - 1, 1 bsl 32,
             (1 bsl 59) - 2, (1 bsl 59) - 1, 1 bsl 59, (1 bsl 59) + 1,
             (1 bsl 60) - 1, 1 bsl 60,
             (1 bsl 63) - 1, 1 bsl 63, (1 bsl 63) + 1,
             (1 bsl 64) - 1, 1 bsl 64, (1 bsl 64) + 1,
             (1 bsl 127), (1 bsl 128) - 1, 1 bsl 128, (1 bsl 128) + 1,
             (1 bsl 192) - 1, 1 bsl 1000],
    Rand = [rand_int(64 * L - rand:uniform(63) + 1) || L <- [1, 1, 2, 2, 3, 4, 5, 7, 9, 12, 16, 20, 25, 31, 40, 40]]
        ++ [(1 bsl 59) + rand:uniform(1000), rand:uniform(1 bsl 59), rand:uniform(1 bsl 30)],
    %% values whose two's complement has long runs of ones or zeros
    Runs = [((1 bsl 200) - 1) bxor (1 bsl 70), (1 bsl 130) - (1 bsl 64)],
    Pos = Edges ++ Rand ++ Runs,
    Pos ++ [-X || X <- Pos].

rand_int(Bits) ->
    Bytes = (Bits + 7) div 8,
    <<X:Bytes/unit:8>> = rand:bytes(Bytes),
    (X bsr (Bytes * 8 - Bits)) bor (1 bsl (Bits - 1)).
