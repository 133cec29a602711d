/*
 * test_jit_types.c - native code that drops checks by the Type chunk
 * (OTP 25's typed registers: integer ranges, floats, type tests decided
 * by the operand's type) behaves as the interpreter, at the edges the
 * types allow: ranges up to the largest small (results past it become
 * bignums), MIN_SMALL div -1, float overflow (badarith, same trace),
 * integers against floats in == and <, and full heaps (GC stress).
 */
#include <criterion/criterion.h>

#include "support/oracle.h"
#include "jit_tiers.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:index_new\nleak:libcriterion.so\nleak:libLLVM\n"; }

static const char *src =
    "-module(jty).\n"
    "-export([ints/0, floats/0, cmps/0, tests/0, body/0, t/1]).\n"
    "-define(MAXS, 576460752303423487).\n"
    "-define(MINS, -576460752303423488).\n"
    "t(F) -> try F() catch C:R:S -> {C, R, S} end.\n"
    /* band, rem and bsr give the compiler its integer ranges */
    "r(X0) -> X = X0 band 127, {X + 1, X * X, X - 200, X div 3, X rem 7, X band 5, X bor 8, -X, X * 2.5, X / 4, X * (X0 rem 1000)}.\n"
    "big(X0) -> X = X0 band ?MAXS, {X + 1, X * 2, X - ?MAXS - 1, X * X, X div 2, X + (X0 rem 100)}.\n"
    "neg(X0) -> X = -1 - (X0 band ?MAXS), {X - 1, X + X, X * -1, X div -1, X div (X0 band 7 + 1)}.\n"
    "dv(X0, Y0) -> X = X0 rem 1000, Y = -1 - (Y0 band 1), {X div Y, X rem Y, X * Y, (X0 bsr 70) div Y}.\n"
    "nz(X, Y0) when is_integer(X) -> Y = (Y0 band 7) + 1, {X div Y, X rem Y}.\n"
    "ints() -> [[r(X) || X <- lists:seq(-300, 300)], big(0), big(?MAXS), big(12345), big(-1), neg(0), neg(?MAXS), neg(-7),\n"
    "    dv(?MINS, 0), dv(?MINS, 1), dv(-9, 2), dv(1 bsl 90, 0), nz(?MINS, 0), nz(-100, 6), nz(1 bsl 80, 2)].\n"
    "f(X, Y) when is_float(X), is_float(Y) -> {X + Y, X * Y, X - 1, X / 2, 2 * Y, Y + 1.5, X - Y, X / Y}.\n"
    "sq(X) when is_float(X) -> X * X.\n"
    "fm(X, N) when is_float(X), is_integer(N), N >= 0, N < 1000 -> {X + N, N * X, N / X, float(N), X - N}.\n"
    "fl(0, A) -> A; fl(N, A) when is_float(A) -> fl(N - 1, A * 1.0000001 + 0.5).\n"
    "floats() -> [f(1.5, -2.25), f(1.0e300, 1.0e-300), fm(0.5, 7), fm(-3.0, 999), fl(20000, 1.0),\n"
    "    t(fun() -> sq(1.0e200) end), t(fun() -> f(1.0e308, 1.0e308) end), t(fun() -> f(1.0, 0.0) end),\n"
    "    t(fun() -> fm(1.0e308, 999) end), t(fun() -> fm(0.0, 5) end)].\n"
    "c(X, Y0) when is_float(X) -> Y = Y0 rem 11,\n"
    "    {X < Y, X >= Y, X == Y, X /= Y, X =:= Y, X < 1.5, 2.0 >= X, Y == 1, Y =:= 1, Y == 1.0, Y < 1.5, Y > -1}.\n"
    "ci(X0, Y0) -> X = X0 band 15, Y = Y0 rem 10, {X < Y, X == Y, X =:= Y, X >= Y, X == 1.0, Y < 1.5, X =:= 3, Y /= 2}.\n"
    "ca(X) when is_atom(X) -> {X == a, X =:= b, X /= 1.0, X == 1}.\n"
    "cmps() -> [c(1.0, 1), c(1.5, 1), c(-0.0, 0), c(2.0, -10), c(0.5, 10), [ci(X, Y) || X <- [0, 5, 9], Y <- [0, 5, 9]],\n"
    "    ca(a), ca(b), ca(c)].\n"
    "ty(X) when is_integer(X) -> {is_integer(X), is_float(X), is_number(X), is_atom(X)};\n"
    "ty(X) when is_float(X) -> {float, is_float(X), is_number(X)};\n"
    "ty(X) when is_list(X) -> case X of [] -> nil; [_ | _] -> cons end;\n"
    "ty(X) when is_tuple(X) -> case X of {a, _} -> ta; {_, _, _} -> t3; _ -> {other, tuple_size(X)} end;\n"
    "ty(X) -> {other, is_atom(X), is_boolean(X), is_map(X), is_bitstring(X)}.\n"
    "len([]) -> 0; len([_ | T]) -> 1 + len(T).\n"
    "tests() -> [ty(X) || X <- [1, 1 bsl 70, 2.5, [], [x], {a, 1}, {1, 2, 3}, {}, true, x, #{}, <<1:3>>]] ++ [len(lists:seq(1, 100))].\n"
    "adv([], _) -> [];\n"
    "adv([{X, V} | T], Dt) -> [{X + Dt * V, V * 0.999} | adv(T, Dt)].\n"
    "run(0, B) -> B; run(N, B) -> run(N - 1, adv(B, 0.01)).\n"
    "body() -> run(3000, [{float(I), 1.0 / I} || I <- lists:seq(1, 20)]).\n";

static void setup(void)
{
    vm_init();
    vm_path_add(compile_erl_source("jit_types_test", "jty", src), false);
    vm_path_add_otp();
}

TestSuite(jit_types, .init = setup);

Test(jit_types, integer_ranges) { jit_same_in_both_tiers("jty", "ints", false); }
Test(jit_types, floats) { jit_same_in_both_tiers("jty", "floats", false); }
Test(jit_types, comparisons) { jit_same_in_both_tiers("jty", "cmps", false); }
Test(jit_types, type_tests) { jit_same_in_both_tiers("jty", "tests", false); }
Test(jit_types, float_loop) { jit_same_in_both_tiers("jty", "body", false); }
Test(jit_types, float_loop_gc_stress) { jit_same_in_both_tiers("jty", "body", true); }
Test(jit_types, floats_gc_stress) { jit_same_in_both_tiers("jty", "floats", true); }
