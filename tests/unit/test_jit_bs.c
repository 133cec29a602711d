/*
 * test_jit_bs.c - the JIT's lowering of the bit-syntax instructions
 * (jit/jit_emit_bs.inc, src/vm_abi_bs.c): each jbs:Name/0 runs
 * interpreted, then natively (jit_tiers.h), with identical results or
 * exceptions (class, reason with error_info, stack trace). Matching of
 * integers of every size, signedness, endianness and alignment (the
 * inline 8/16/32-bit paths and the runtime's), in heap and refc binaries;
 * floats, binaries, UTF-8/16/32, tails and positions; construction with
 * every segment type, appends and comprehensions; errors; all of it under
 * GC stress; and the OTP 24 construction instructions (bs_init2, bs_put_*,
 * bs_append, ...) through Elixir's own beams compiled to native code.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "atom.h"
#include "cmp.h"
#include "../jit/jit_int.h"
#include "../src/vm.h"
#include "support/oracle.h"
#include "jit_tiers.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:index_new\nleak:libcriterion.so\nleak:libLLVM\n"; }

static const char *jbs_src =
    "-module(jbs).\n"
    "-export([ints/0, varints/0, floats/0, bins/0, utf/0, utf8e/0, tails/0, build/0, appends/0, errs/0, stress/0, elixir/0]).\n"
    "b() -> <<16#F1, 16#02, 16#83, 16#84, 16#85, 16#86, 16#87, 16#88, 16#89, 16#8A, 16#8B, 16#FC, 0, 255, 128, 127>>.\n"
    /* every bit offset 0..7 of a heap binary, and of a refc one */
    "sub(Src, N) -> <<_:N, B/bits>> = Src, B.\n"
    "srcs() -> [sub(Src, N) || Src <- [b(), binary:copy(b(), 8)], N <- lists:seq(0, 7)].\n"
    "c8(<<A:8, B:8/signed, C:8/little, D:8/little-signed, R/bits>>) -> {A, B, C, D, bit_size(R)}; c8(_) -> no.\n"
    "c16(<<A:16, B:16/signed, C:16/little, D:16/little-signed, R/bits>>) -> {A, B, C, D, bit_size(R)}; c16(_) -> no.\n"
    "c32(<<A:32, B:32/signed, C:32/little, D:32/little-signed, _/bits>>) -> {A, B, C, D}; c32(_) -> no.\n"
    "c64(<<A:64, B:64/signed, _/bits>>) -> {A, B}; c64(<<A:64/little-signed, _/bits>>) -> {l, A}; c64(_) -> no.\n"
    "codd(<<A:3, B:5/signed, C:13/little, D:24/signed, E:59, F:60/signed, G:7/little-signed, _/bits>>) ->\n"
    "    {A, B, C, D, E, F, G}; codd(_) -> no.\n"
    "ints() -> [{c8(B), c16(B), c32(B), c64(B), codd(B)} || B <- srcs()] ++\n"
    "    [c8(<<1, 2, 3>>), c16(<<1, 2, 3, 4, 5, 6, 7>>), c32(<<>>), c16(<<1:15>>)].\n"
    "vi(S, Bin) -> case Bin of <<A:S, B:S/signed, C:S/little, D:S/little-signed, _/bits>> -> {S, A, B, C, D}; _ -> {S, no} end.\n"
    "vu(S, Bin) -> case Bin of <<A:S/unit:8, B:S/unit:3-signed, _/bits>> -> {A, B}; _ -> no end.\n"
    "varints() -> Big = binary:copy(b(), 20), [vi(S, B) || S <- lists:seq(0, 72) ++ [100, 129, 400], B <- [Big | srcs()]] ++\n"
    "    [vu(S, Big) || S <- [0, 1, 5, 9, 40]] ++ [catch vi(-1, Big), catch vi(a, Big), vi(1 bsl 62, Big)].\n"
    "fl(<<F:64/float, G:32/float, H:16/float, I:64/little-float, J:32/little-float, K:16/little-float, _/bits>>) ->\n"
    "    {F, G, H, I, J, K}; fl(_) -> no.\n"
    "fv(S, B) -> case B of <<F:S/float, _/bits>> -> F; _ -> no end.\n"
    "floats() -> Fs = [0.0, -0.0, 1.5, -2.25, 1.0e300, 3.0e-310, 65504.0, 1.0e-7, 0.1],\n"
    "    [fl(<<F:64/float, F:32/float, F:16/float, F:64/little-float, F:32/little-float, F:16/little-float>>) || F <- Fs]\n"
    "    ++ [fl(<<0:3, F:64/float, F:32/float, F:16/float, F:64/little-float, F:32/little-float, F:16/little-float, 1:5>>) || F <- Fs]\n"
    "    ++ [fl(<<16#7FF0:16, 0:48, 0:160>>), fl(<<16#7FF8:16, 0:208>>), fl(<<1, 2>>)]\n"
    "    ++ [fv(S, <<1.5:64/float>>) || S <- [16, 32, 64, 8, 0, 65]].\n"
    "bn(<<A:3/binary, B:2/binary-unit:4, C:5/bits, D/binary>>) -> {A, B, C, D}; bn(<<A:2/binary, R/bits>>) -> {two, A, R}; bn(_) -> no.\n"
    "bv(N, B) -> case B of <<X:N/binary, Y/bits>> -> {X, Y}; _ -> no end.\n"
    "ball(B) -> case B of <<X/binary>> -> {bin, X}; <<_:1, X/bits>> -> {bits, X} end.\n"
    "bins() -> [bn(B) || B <- srcs()] ++ [bv(N, B) || N <- [0, 1, 3, 16, 17, 70, 200], B <- [b(), binary:copy(b(), 9)]]\n"
    "    ++ [ball(B) || B <- srcs()] ++ [catch bv(-1, b()), catch bv(x, b())]\n"
    "    ++ [if is_binary(X) -> y; true -> n end || X <- srcs() ++ [a, 1, [], {}, <<1:1>>, binary:copy(<<1>>, 100)]].\n"
    "u8(<<C/utf8, R/binary>>, A) -> u8(R, [C | A]); u8(<<_/utf8>>, A) -> A; u8(R, A) -> {lists:reverse(A), R}.\n"
    "u16(<<C/utf16, R/binary>>, A) -> u16(R, [C | A]); u16(R, A) -> {lists:reverse(A), R}.\n"
    "u16l(<<C/utf16-little, R/binary>>, A) -> u16l(R, [C | A]); u16l(R, A) -> {lists:reverse(A), R}.\n"
    "u32(<<C/utf32, R/binary>>, A) -> u32(R, [C | A]); u32(<<C/utf32-little, R/binary>>, A) -> u32(R, [{l, C} | A]);\n"
    "    u32(R, A) -> {lists:reverse(A), R}.\n"
    "sk(<<_/utf8, _/utf16, _/utf32, R/binary>>) -> {skipped, R}; sk(_) -> no.\n"
    "utf() -> S = [$a, 16#e9, 16#20ac, 16#1F600, 0, 16#7F, 16#80, 16#7FF, 16#800, 16#FFFF, 16#10000, 16#10FFFF],\n"
    "    [u8(unicode:characters_to_binary(S), []), u8(<<\"ok\", 16#C0, 16#80>>, []), u8(<<\"x\", 16#ED, 16#A0, 16#80>>, []),\n"
    "     u8(<<16#F4, 16#90, 16#80, 16#80>>, []), u8(<<\"ab\", 16#E2, 16#82>>, []),\n"
    "     u16(<< <<C/utf16>> || C <- S >>, []), u16(<<16#D800:16, 16#41:16>>, []), u16(<<16#DC00:16>>, []),\n"
    "     u16l(<< <<C/utf16-little>> || C <- S >>, []), u32(<< <<C/utf32>> || C <- S >>, []),\n"
    "     u32(<<16#110000:32, 16#D800:32>>, []), u32(<<16#41:32/little>>, []),\n"
    "     sk(<<16#e9/utf8, 16#1F600/utf16, 16#41/utf32, \"rest\">>), sk(<<255, 0, 0>>)].\n"
    /* the inline 1-2 byte UTF-8 path (jit_emit_bs.inc bs_utf8_inline) and
     * the runtime's: boundaries, overlong, bad continuations, truncated,
     * surrogates, past U+10FFFF; aligned and not, heap and refc, skipped */
    "ub(<<C/utf8, R/bits>>, A) -> ub(R, [C | A]); ub(R, A) -> {lists:reverse(A), R}.\n"
    "s8(<<_/utf8, R/bits>>, N) -> s8(R, N + 1); s8(R, N) -> {N, R}.\n"
    "utf8e() -> Ss = [<<16#C2, 16#80>>, <<16#DF, 16#BF>>, <<16#C3, 16#A9>>, <<16#C0, 16#80>>, <<16#C1, 16#BF>>,\n"
    "    <<16#C2, 16#41>>, <<16#C2>>, <<16#C2, 16#C0>>, <<16#DF, 16#FF>>, <<16#E0, 16#A0, 16#80>>, <<16#E0, 16#80, 16#80>>,\n"
    "    <<16#ED, 16#A0, 16#80>>, <<16#ED, 16#9F, 16#BF>>, <<16#F0, 16#90, 16#80, 16#80>>, <<16#F0, 16#80, 16#80, 16#80>>,\n"
    "    <<16#F4, 16#8F, 16#BF, 16#BF>>, <<16#F4, 16#90, 16#80, 16#80>>, <<16#F8, 16#88, 16#80, 16#80, 16#80>>,\n"
    "    <<16#80>>, <<16#BF>>, <<16#FE>>, <<16#FF>>, <<0>>, <<16#7F>>, <<16#E2, 16#82>>, <<16#F0, 16#9F, 16#98>>],\n"
    "    Bs = [<<P/binary, S/binary, X/binary>> || S <- Ss, P <- [<<>>, <<\"a\">>, <<16#CE, 16#B1>>],\n"
    "                                           X <- [<<>>, <<\"z\">>, <<16#C3>>]],\n"
    "    [{u8(B, []), ub(B, []), s8(B, 0), ub(sub(<<5:3, B/binary>>, 3), []), s8(sub(<<1:1, B/binary, 0:7>>, 1), 0),\n"
    "      u8(binary:copy(B, 40), []), s8(binary:copy(B, 40), 0)} || B <- Bs].\n"
    "tl2(<<_:7, \"abc\", R/binary>>) -> {s7, R}; tl2(<<\"abc\", 0:3>>) -> exact; tl2(<<\"ab\", R/binary>>) -> {ab, R};\n"
    "    tl2(<<A, B, C>>) -> {three, A, B, C}; tl2(<<A:4/binary-unit:3, _/bits>>) -> {unit, A};\n"
    "    tl2(<<X:8, Y:8, _/binary>>) when X > Y -> gt; tl2(<<X:8, _:X/binary, T/binary>>) -> {len, T}; tl2(_) -> other.\n"
    "tails() -> Bs = [<<\"abcdef\">>, <<\"abc\", 0:3>>, <<\"abx\">>, <<\"xyz\">>, <<2, 1, 9>>, <<1:3, \"abcq\">>, <<3, 1, 2, 3, 4>>,\n"
    "    <<1, 5>>, <<>>, <<1:1>>, <<1:12>>, binary:copy(<<\"abc\">>, 40)], [tl2(B) || B <- Bs ++ srcs()].\n"
    "bld(I, F, B, U, S) -> <<I:8, I:16/little, I:32/signed, I:S, F:64/float, F:32/float, F:16/float, F:64/little-float,\n"
    "    B/binary, B:2/binary, (<<1:3>>)/bits, \"str\", U/utf8, U/utf16, U/utf32-little, U/utf16-little, I:S/little-signed>>.\n"
    "build() -> [bld(I, F, B, U, S) || I <- [0, -1, 255, 1 bsl 40, -(1 bsl 70)], F <- [0.0, 1.5, -3.0e5],\n"
    "    B <- [<<\"xy\">>, binary:copy(<<\"z\">>, 100)], U <- [$a, 16#20ac, 16#1F600], S <- [0, 1, 7, 12, 64, 65]]\n"
    "    ++ [<< <<X:5>> || X <- lists:seq(1, 30) >>, << <<X>> || <<X>> <= <<\"hello\">> >>, <<1:1, 2:2, 3:3, 4:4, 5:5>>].\n"
    "app(L) -> lists:foldl(fun(X, Acc) -> <<Acc/binary, X:8, (X * 3):24/little>> end, <<>>, L).\n"
    "appb(L) -> lists:foldl(fun(X, Acc) -> <<Acc/bits, X:3>> end, <<>>, L).\n"
    "appends() -> L = lists:seq(1, 600), A = app(L), [byte_size(A), erlang:md5(A), appb(lists:seq(1, 99)),\n"
    "    << <<X:16>> || X <- L >>, << <<B/binary, B/binary>> || <<B:2/binary>> <= binary:copy(<<\"ab\">>, 50) >>].\n"
    "t(F) -> try F() catch C:R:S -> {C, R, S} end.\n"
    "bad(X, S) -> <<X:S>>.\n"
    "errs() -> [t(fun() -> bad(a, 8) end), t(fun() -> bad(1, -1) end), t(fun() -> bad(1, x) end), t(fun() -> bad(1.5, 8) end),\n"
    "    t(fun() -> B = list_to_atom(\"b\"), <<B/binary>> end), t(fun() -> B = <<1:3>>, <<B/binary>> end),\n"
    "    t(fun() -> S = 9, <<1.0:S/float>> end), t(fun() -> U = -1, <<U/utf8>> end), t(fun() -> U = 16#D800, <<U/utf16>> end),\n"
    "    t(fun() -> B = <<\"ab\">>, <<B:3/binary>> end), t(fun() -> A = [], <<A/bits, 1>> end),\n"
    "    t(fun() -> <<_:8>> = list_to_atom(\"x\") end), t(fun() -> <<X:8>> = <<>>, X end),\n"
    "    t(fun() -> bad(1, 1 bsl 62) end), t(fun() -> F = list_to_atom(\"f\"), <<F/float>> end)].\n"
    "stress() -> [ints(), floats(), bins(), utf(), utf8e(), tails(), build(), appends(), errs()].\n"
    /* OTP 24 code: Elixir's beams (bs_init2, bs_put_*, bs_append, ...) */
    "elixir() -> S = <<\"héllo wörld, ÀB Ç \"/utf8>>, Big = binary:copy(S, 40),\n"
    "    [\'Elixir.String\':upcase(S), \'Elixir.String\':downcase(Big), \'Elixir.Base\':encode16(Big),\n"
    "     \'Elixir.Base\':encode16(S, [{\'case\', lower}]), \'Elixir.Base\':decode16(<<\"01AbFF\">>, [{\'case\', mixed}]),\n"
    "     \'Elixir.Base\':encode64(Big), \'Elixir.Base\':decode64(\'Elixir.Base\':encode64(S)),\n"
    "     \'Elixir.Base\':url_encode64(<<255, 254, 253, 1>>, [{padding, false}]), \'Elixir.Base\':encode32(Big),\n"
    "     \'Elixir.Base\':decode32(\'Elixir.Base\':encode32(S)), \'Elixir.Integer\':to_string(-1234567890123456789012),\n"
    "     \'Elixir.String\':duplicate(<<\"ab\">>, 50), \'Elixir.String\':pad_leading(<<\"x\">>, 9, <<\"é\"/utf8>>),\n"
    "     t(fun() -> \'Elixir.Base\':decode16(<<\"zz\">>) end), t(fun() -> \'Elixir.Base\':encode16(list_to_atom(\"a\")) end)].\n";

static void setup(void)
{
    vm_init();
    vm_path_add(compile_erl_source("jit_bs_test", "jbs", jbs_src), false);
    vm_path_add("/usr/lib/elixir/lib/elixir/ebin", false);
    vm_path_add_otp();
}

TestSuite(jit_bs, .init = setup);

static void jbs_same(const char *fn, bool stress) { jit_same_in_both_tiers("jbs", fn, stress); }

Test(jit_bs, every_bs_instruction_is_lowered)
{
    for (int op = 0; op < OP__COUNT; op++)
        if (!strncmp(ops_info[op].name, "bs_", 3))
            cr_assert_eq(jit_op_lowering((ops_t)op), JIT_LOWERED, "%s is not lowered", ops_info[op].name);
}
Test(jit_bs, integers_every_size_sign_endianness_alignment) { jbs_same("ints", false); }
Test(jit_bs, integers_of_variable_size) { jbs_same("varints", false); }
Test(jit_bs, floats) { jbs_same("floats", false); }
Test(jit_bs, binaries) { jbs_same("bins", false); }
Test(jit_bs, utf8_16_32) { jbs_same("utf", false); }
Test(jit_bs, utf8_edge_cases) { jbs_same("utf8e", false); }
Test(jit_bs, strings_tails_positions) { jbs_same("tails", false); }
Test(jit_bs, construction) { jbs_same("build", false); }
Test(jit_bs, appends_and_comprehensions) { jbs_same("appends", false); }
Test(jit_bs, errors_and_traces) { jbs_same("errs", false); }
Test(jit_bs, gc_stress) { jbs_same("stress", true); }

/* The OTP 24 instructions: Elixir's beams run interpreted, then with
 * String, Base and Integer compiled to native code. */
static void elixir_both_tiers(bool stress)
{
    static const char *mods[] = {"Elixir.String", "Elixir.Base", "Elixir.Integer"};
    run_t a = jt_run("jbs", "elixir", stress);
    cr_assert_eq(a.rc, VM_RETURNED);
    unsigned compiled = 0;
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
        ld_module_t *m = module_current(atom_from_cstr(mods[i]));
        if (!m) continue;
        cr_assert(jit_compile_now(m), "compiling %s failed", mods[i]);
        compiled++;
    }
    cr_assert_geq(compiled, 3);
    run_t b = jt_run("jbs", "elixir", stress);
    cr_assert_eq(b.rc, VM_RETURNED);
    cr_assert(cmp_eq_exact(a.r, b.r), "Elixir's results differ between the tiers");
    if (stress) cr_assert_null(gc_verify(&b.p->mem, NULL, 0));
    jt_run_free(&a);
    jt_run_free(&b);
}
Test(jit_bs, otp24_construction_in_elixir) { elixir_both_tiers(false); }
Test(jit_bs, otp24_construction_in_elixir_stress) { elixir_both_tiers(true); }
