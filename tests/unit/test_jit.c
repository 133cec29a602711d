/*
 * test_jit.c - the JIT's lowering, family by family: each jt:Name/0 below
 * runs first in the interpreter, then the module is compiled to native
 * code (jit_compile_now) and the same function runs again; results (or
 * exception class, reason and stack trace) must be identical. Also: the
 * lowering table covers ops.def, native entries are installed, deep
 * recursion through native tail calls does not grow the C stack, and GC
 * stress mode works with native code.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "atom.h"
#include "cmp.h"
#include "../jit/jit_int.h"
#include "../src/vm.h"
#include "support/oracle.h"
#include "jit_tiers.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:index_new\nleak:libcriterion.so\nleak:libLLVM\n"; }

static const char *jt_src =
    "-module(jt).\n"
    "-compile([nowarn_unused_function]).\n"
    "-export([arith/0, compare/0, types/0, select/0, data/0, floats/0, calls/0, excs/0, deep/0, stress/0, funs/0, gclive/0, rets/0,\n"
    "         hot2/0, fraise/0, lbifs/0, knownf/0, unboxf/0]).\n"
    "ints() -> [0, 1, -1, 7, -7, 100, 1 bsl 58, -(1 bsl 58), (1 bsl 59) - 1, -(1 bsl 59), 1 bsl 70, 3.5].\n"
    "ops(A, B) -> [catch A + B, catch A - B, catch A * B, catch A div B, catch A rem B,\n"
    "              catch A band B, catch A bor B, catch A bxor B, catch A bsl (B rem 70), catch A bsr (B rem 70)].\n"
    "arith() -> [ops(A, B) || A <- ints(), B <- ints()].\n"
    "cmps(A, B) -> [A < B, A >= B, A == B, A /= B, A =:= B, A =/= B, A > B, A =< B,\n"
    "               if A < B -> lt; true -> nlt end, if A =:= B -> eq; true -> ne end, if A == B -> e; true -> n end].\n"
    "terms() -> [0, 1, -5, 1.0, 2.5, 1 bsl 70, a, b, [], [1], {}, {a}, {a, 1}, <<1>>, self(), make_ref(), #{a => 1}, fun() -> ok end, fun lists:map/2].\n"
    "compare() -> [cmps(A, B) || A <- terms(), B <- terms()].\n"
    "ty(X) -> [is_integer(X), is_float(X), is_number(X), is_atom(X), is_pid(X), is_reference(X), is_port(X),\n"
    "          X =:= [], is_list(X), is_tuple(X), is_function(X), is_boolean(X), is_bitstring(X), is_map(X),\n"
    "          case X of [_ | _] -> cons; {_} -> t1; {a, _} -> ta2; {_, _} -> t2; _ -> other end].\n"
    "types() -> [ty(X) || X <- terms() ++ [true, false]].\n"
    "sel(0) -> zero; sel(1) -> one; sel(a) -> atom_a; sel(b) -> atom_b; sel(2.5) -> float; sel(X) when X > 1000 -> big; sel(_) -> other.\n"
    "arity({_}) -> 1; arity({_, _}) -> 2; arity({_, _, _}) -> 3; arity(_) -> none.\n"
    "select() -> [{sel(X), arity(X)} || X <- terms() ++ [{1, 2, 3}, 5000]].\n"
    "rev([], A) -> A; rev([H | T], A) -> rev(T, [H | A]).\n"
    "sum({X, Y}) -> X + Y.\n"
    "data() -> L = rev(lists:seq(1, 50), []), T = list_to_tuple(L),\n"
    "    [hd(L), tl(tl(L)), element(3, T), setelement(2, {a, b, c}, z), [sum({I, I}) || I <- L], {L, T}].\n"
    "nb(X, Y, Z) -> D = math:sqrt(X * X + Y * Y + Z * Z), {D, X / D, -Y, X * 2, Y - Z}.\n"
    "floats() -> [nb(1.0, 2.0, 3.0), nb(0.5, -1.5, 1.0e10), catch nb(1.0e308, 1.0e308, 0.0), catch 1.0 / 0.0,\n"
    "    [float(I) * 0.5 || I <- lists:seq(1, 20)]].\n"
    "fch(X, Y) when is_float(X), is_float(Y) ->\n"
    "    A = X * Y,\n"
    "    B = A - X,\n"
    "    C = 1.0 / B,\n"
    "    D = -(C * Y),\n"
    "    {A, C, D + 1.0}.\n"
    "fraise() -> [t(fun() -> fch(X, Y) end) || {X, Y} <- [{1.5, 2.0}, {1.0e200, 1.0e200}, {1.0e308, -10.0},\n"
    "    {1.0e-300, 0.0}, {-0.0, 3.0}, {1.0e300, 1.0e8}]].\n"
    "lb(L, M) -> [catch L ++ M, catch lists:reverse(L), catch lists:reverse(L, M), catch element(2, L),\n"
    "    catch element(M, {a, b, c}), catch setelement(M, {a, b, c}, L), catch setelement(2, L, x),\n"
    "    if element(1, L) =:= a -> yes; true -> no end].\n"
    "lbifs() -> Ls = [[], [1], [1, 2, 3], lists:seq(1, 64), lists:seq(1, 65), [1 | 2], [a, b | c], {a, b},\n"
    "    list_to_tuple(lists:seq(1, 70)), 7],\n"
    "    [t(fun() -> lb(L, M) end) || L <- Ls, M <- [[], [z], 1, 3, 4, 0, q, 70]].\n"
    "kn(X, Y) when is_float(X), is_float(Y) -> A = X * Y, B = X - Y, S = math:sqrt(A * A - B),\n"
    "    C = {A, B}, {A / S, B * S, C, S + A}.\n"
    "knownf() -> [t(fun() -> kn(X, Y) end) || {X, Y} <- [{1.5, 2.0}, {3.0, -1.0}, {0.1, 0.2}, {1.0e200, 2.0}]]\n"
    "    ++ [kn(float(I), 0.5) || I <- lists:seq(1, 3000)].\n"
    "ub(X, Y) when is_float(X), is_float(Y) -> D = X * Y - 1.0, E = X - Y, S = math:sqrt(D),\n"
    "    P = D * S, Q = E / S, {P, Q, [P + Q]}.\n"
    "unboxf() -> [t(fun() -> ub(X, Y) end) || {X, Y} <- [{1.5, 2.0}, {0.5, 1.0}, {1.0e200, 1.0e200}, {2.0, 0.5}]]\n"
    "    ++ [ub(float(I), 0.5) || I <- lists:seq(2, 3000)].\n"
    "len([]) -> 0; len([_ | T]) -> 1 + len(T).\n"
    "calls() -> L = lists:seq(1, 1000), [len(L), lists:reverse([1, 2, 3]), lists:map(fun(X) -> X * 2 end, [1, 2]),\n"
    "    apply(lists, sum, [L]), erlang:length(L), catch undefined_mod:f()].\n"
    "fc(a) -> ok.\n"
    "t(F) -> try F() catch C:R:S -> {C, R, S} end.\n"
    "excs() -> [t(fun() -> fc(b) end), t(fun() -> 1 + a end), t(fun() -> element(5, {a}) end),\n"
    "    t(fun() -> throw(x) end), t(fun() -> {ok, _} = error end), t(fun() -> len(a) end)].\n"
    "loop(0, A) -> A; loop(N, A) -> loop(N - 1, A + 1).\n"
    "down(0) -> 0; down(N) -> 1 + down(N - 1).\n"
    "deep() -> [loop(3000000, 0), down(300000)].\n"
    "tw(0, A) -> A; tw(N, A) -> tw(N - 1, A + loop(10, down(3))).\n"
    "hot2() -> tw(300000, 0).\n"
    "stress() -> [data(), floats(), select(), funs()].\n"
    "add(A, B) -> A + B.\n"
    "app(F, L) -> [F(X) || X <- L].\n"
    "funs() -> K = 10, F = fun(X) -> X + K end, G = fun add/2, H = fun lists:reverse/1,\n"
    "    [app(F, [1, 2, 3]), G(1, 2), H([1, 2]), (fun(A, B) -> {A, B, K} end)(x, y),\n"
    "     t(fun() -> F(1, 2) end), t(fun() -> (list_to_atom(\"nofun\"))(1) end)].\n"
    "gl(0, A, B, C, D, E, F, Acc) -> {A, B, C, D, E, F, length(Acc)};\n"
    "gl(N, A, B, C, D, E, F, Acc) -> T = {N, [A, B], {C, D, E, F}},\n"
    "    gl(N - 1, A, B + 1, C * 1.0, D, E, F, if N rem 89 =:= 0 -> []; true -> [T | Acc] end).\n"
    "gclive() -> [gl(30000, a, 1, 2.5, [x], {t}, <<\"b\">>, []), [float(X) + 0.5 || X <- lists:seq(1, 5000)]].\n"
    "nr(0) -> []; nr(N) -> [N | nr(N - 1)].\n"
    "fr(F, 0) -> F(0); fr(F, N) -> 1 + fr(F, N - 1).\n"
    "bad(0) -> error(deep); bad(N) -> 1 + bad(N - 1).\n"
    "rets() -> [length(nr(5000)), lists:sum(nr(4500)), fr(fun(X) -> X + 1 end, 2500), t(fun() -> bad(3000) end),\n"
    "    t(fun() -> bad(10) end), lists:map(fun(X) -> fr(fun(Y) -> {Y, X} end, X) end, [10, 2100, 4200])].\n";

static void setup(void)
{
    vm_init();
    vm_path_add(compile_erl_source("jit_test", "jt", jt_src), false);
    vm_path_add_otp();
}

TestSuite(jit, .init = setup);

static void jt_same(const char *fn, bool stress) { jit_same_in_both_tiers("jt", fn, stress); }


Test(jit, lowering_table_covers_every_instruction)
{
    for (int op = 0; op < OP__COUNT; op++) {
        jit_lowering_t l = jit_op_lowering((ops_t)op);
        cr_assert(l == JIT_LOWERED || l == JIT_NEVER, "%s has no lowering in jit_ops.def", ops_info[op].name);
    }
}

Test(jit, arithmetic) { jt_same("arith", false); }
Test(jit, comparisons) { jt_same("compare", false); }
Test(jit, type_tests) { jt_same("types", false); }
Test(jit, select) { jt_same("select", false); }
Test(jit, lists_and_tuples) { jt_same("data", false); }
Test(jit, floats) { jt_same("floats", false); }
/* float results checked together (jit_emit.c fp_flush): badarith at the
 * first non-finite one, with the interpreter's trace, whether a later
 * instruction consumes it, divides by it or negates it */
Test(jit, float_overflow_raise_point) { jt_same("fraise", false); }
/* ++, lists:reverse/1,2, element/2 and setelement/3 inline on short
 * lists and tuples with room, the BIF or the call otherwise (long,
 * improper, bad arguments: the same error and trace) */
Test(jit, list_and_tuple_bifs) { jt_same("lbifs", false); }
/* floats boxed into registers and read back (math:sqrt's argument, fmove,
 * float operands) from what native code knows, across collections */
Test(jit, known_boxed_floats) { jt_same("knownf", false); }
Test(jit, known_boxed_floats_gc_stress) { jt_same("knownf", true); }
/* floats in y registers around math:sqrt and its result, read back only
 * as floats, never boxed (box_elidable): a negative argument (badarith
 * from math:sqrt with it), an overflow after them, collections between */
Test(jit, unboxed_floats_around_sqrt) { jt_same("unboxf", false); }
Test(jit, unboxed_floats_around_sqrt_gc_stress) { jt_same("unboxf", true); }
Test(jit, list_and_tuple_bifs_gc_stress) { jt_same("lbifs", true); }
Test(jit, calls_cross_tiers) { jt_same("calls", false); }
Test(jit, exceptions_and_traces) { jt_same("excs", false); }
Test(jit, deep_recursion) { jt_same("deep", false); }
Test(jit, funs) { jt_same("funs", false); }
/* native calls and returns: body recursion past the depth native calls
 * may nest (exits to the interpreter, continuations entered again from
 * the trampoline), returns through funs and other modules, a raise deep
 * in native frames */
Test(jit, native_returns_and_depth) { jt_same("rets", false); }
/* allocation points whose heap test fails collect inside native code
 * (abi_gc) with seven live registers; under stress at every one */
Test(jit, gc_in_native_code) { jt_same("gclive", false); }
Test(jit, gc_in_native_code_stress) { jt_same("gclive", true); }

/* Returns across modules: every continuation of a compiled module is
 * found by its return address (abi_cont), nothing else is. */
Test(jit, cross_module_continuations)
{
    ld_module_t *m = module_current(atom_from_cstr("jt"));
    if (!m) {
        run_t a = jt_run("jt", "calls", false);
        jt_run_free(&a);
        m = module_current(atom_from_cstr("jt"));
    }
    cr_assert_not_null(m);
    cr_assert(jit_compile_now(m));
    unsigned found = 0;
    for (uint32_t off = 0; off < m->code_size; off++) {
        if (m->ops[off] != OP_call_ext) continue;
        size_t w = ops_insn_words(OP_call_ext, m->code, off, m->code_size);
        cr_assert(abi_cont(&m->code[off + w]) != NULL, "no native continuation after call_ext at %u", off);
        found++;
    }
    cr_assert(found > 0);
    for (uint32_t i = 0; i < m->num_functions; i++)
        cr_assert_null(abi_cont(&m->code[m->functions[i].entry]), "a function entry is not a continuation");
    uint64_t outside = 0;
    cr_assert_null(abi_cont(&outside));
    cr_assert_null(abi_cont(NULL));
}

static const ld_function_t *jt_function(ld_module_t *m, const char *name)
{
    for (uint32_t i = 0; i < m->num_functions; i++)
        if (m->functions[i].name == atom_from_cstr(name)) return &m->functions[i];
    return NULL;
}
/* the compiler thread may still be at work: wait for it (10 s at most) */
static void jt_wait_native(ld_module_t *m, const ld_function_t *f)
{
    for (int k = 0; k < 1000 && __atomic_load_n(&m->code[f->entry], __ATOMIC_ACQUIRE) != vm_op_word(OP_i_func_native); k++)
        usleep(10000);
    cr_assert_eq(m->code[f->entry], vm_op_word(OP_i_func_native), "a hot function was not compiled");
}
/* Tiered mode started with a call window of `window` ms (hot: 1000
 * calls within it; 60000: as good as a count of 1000 after the first
 * 1000, which start the window) and the environment's other settings. */
static void jt_start_tiered(const char *window)
{
    setenv("LASER_JIT_WINDOW", window, 1);
    char *argv[] = {"laser", "+Jtiered"};
    cr_assert_eq(jit_option(2, argv, 1), 1);
    cr_assert(jit_start());
}
/* Tiered mode started, jt:deep() run once (its hot functions queued). */
static run_t tiered_deep(ld_module_t **m)
{
    jt_start_tiered("60000");
    run_t a = jt_run("jt", "deep", false);
    cr_assert_eq(a.rc, VM_RETURNED);
    *m = module_current(atom_from_cstr("jt"));
    cr_assert_not_null(*m);
    return a;
}
/* Tiered mode: a function called more than the threshold is compiled on
 * the background thread and its entry switched, while the interpreter
 * keeps running; a function never called stays interpreted. */
Test(jit, tiered_compiles_hot_functions)
{
    ld_module_t *m;
    run_t a = tiered_deep(&m);
    const ld_function_t *loop = jt_function(m, "loop"), *fc = jt_function(m, "fc");
    cr_assert(loop && fc);
    jt_wait_native(m, loop);
    cr_assert_neq(m->code[fc->entry], vm_op_word(OP_i_func_native), "fc/1 was compiled without being called");
    run_t b = jt_run("jt", "deep", false);
    cr_assert_eq(b.rc, VM_RETURNED);
    cr_assert(cmp_eq_exact(a.r, b.r) || a.r == b.r);
    jt_run_free(&a);
    jt_run_free(&b);
}
/* Tiered mode compiles a module again for its newly hot functions only:
 * their calls to the functions of the first compilation go
 * through the native entries, and the continuations of both stay found. */
Test(jit, tiered_compiles_new_hot_functions_only)
{
    ld_module_t *m;
    run_t a = tiered_deep(&m);
    jt_wait_native(m, jt_function(m, "down"));
    jt_wait_native(m, jt_function(m, "loop"));
    run_t b = jt_run("jt", "hot2", false);
    cr_assert_eq(b.rc, VM_RETURNED);
    cr_assert_eq(b.r, term_from_small(300000 * 13));
    jt_wait_native(m, jt_function(m, "tw"));
    const jit_module_t *jm = m->jit;
    cr_assert(jm && jm->code && jm->code->older, "tw/2 was compiled with the first set");
    /* each native function was compiled once */
    uint32_t native = 0;
    for (uint32_t i = 0; i < m->num_functions; i++) native += m->code[m->functions[i].entry] == vm_op_word(OP_i_func_native);
    cr_assert_eq(jm->nentries, native, "functions compiled again: %u entries for %u native functions", jm->nentries, native);
    /* natively now, tw/2 calling loop/2 and down/1 of the first compilation */
    run_t c = jt_run("jt", "hot2", false);
    cr_assert_eq(c.rc, VM_RETURNED);
    cr_assert_eq(c.r, b.r);
    for (uint32_t off = 0; off < m->code_size; off++) {
        if (m->ops[off] != OP_call) continue;
        const ld_function_t *f = module_function_at(m, off);
        if (!f || m->code[f->entry] != vm_op_word(OP_i_func_native)) continue;
        size_t w = ops_insn_words(OP_call, m->code, off, m->code_size);
        cr_assert(abi_cont(&m->code[off + w]) != NULL, "no native continuation after the call at %u", off);
    }
    jt_run_free(&a);
    jt_run_free(&b);
    jt_run_free(&c);
}
Test(jit, gc_stress) { jt_same("stress", true); }

/* jtbig: a module with more warm code than one compilation takes
 * (JIT_COMPILE_BUDGET): 40 warm functions (w1..w40, called 400 times
 * each: a quarter of the threshold or more), then h/1 and its loop lh/2
 * hot (3000 calls), and tab/2, whose entry is a get_map_elements of 65
 * keys (more than native code looks up), hot through lt/3. */
static void jtbig_load(void)
{
    size_t cap = 64 * 1024, len = 0;
    char *src = malloc(cap);
    cr_assert_not_null(src);
#define ADD(...) (len += (size_t)snprintf(src + len, cap - len, __VA_ARGS__))
    ADD("-module(jtbig).\n-export([warm/0, hot/0, table/0]).\n");
    for (int i = 1; i <= 40; i++) ADD("w%d(X) -> {X + %d, X * %d, [X | %d], X rem %d}.\n", i, i, i, i, i + 1);
    ADD("lw(0) -> ok;\nlw(K) ->");
    for (int i = 1; i <= 40; i++) ADD(" w%d(K),", i);
    ADD(" lw(K - 1).\nwarm() -> lw(400).\n");
    ADD("h(N) -> N rem 3.\nlh(0, A) -> A;\nlh(N, A) -> lh(N - 1, A + h(N)).\nhot() -> lh(3000, 0).\n");
    /* x0 is known to be a map (only lt/3 calls tab/2): no is_map test, the
     * entry is the get_map_elements of 65 keys (over JIT_MAP_KEYS) */
    ADD("tab(#{");
    for (int i = 1; i <= 65; i++) ADD("%sk%d := A%d", i > 1 ? ", " : "", i, i);
    ADD("}, Y) -> Y + A1 + A2 + A3 + A4 + A5 + A6 + A7 + A8 + A9 + A10 + A11 + A12 + A13 + A14 + A15 + A16\n"
        "    + A17 + A18 + A19 + A20 + A21 + A22 + A23 + A24 + A25 + A26 + A27 + A28 + A29 + A30 + A31 + A32 + A33\n"
        "    + A34 + A35 + A36 + A37 + A38 + A39 + A40 + A41 + A42 + A43 + A44 + A45 + A46 + A47 + A48 + A49 + A50\n"
        "    + A51 + A52 + A53 + A54 + A55 + A56 + A57 + A58 + A59 + A60 + A61 + A62 + A63 + A64 + A65;\n"
        "tab(_, Y) -> Y.\n"
        "mk(N) -> maps:from_list([{list_to_atom(\"k\" ++ integer_to_list(I)), I + N} || I <- lists:seq(1, 65)]).\n"
        "lt(0, _M, A) -> A;\nlt(N, M, A) -> lt(N - 1, M, tab(M, A) rem 1000).\ntable() -> lt(3000, mk(1), 0).\n");
#undef ADD
    cr_assert(len < cap);
    vm_path_add(compile_erl_source("jit_test_big", "jtbig", src), false);
    free(src);
}
/* Tiered mode started, jtbig loaded: its module (after fn() ran once). */
static ld_module_t *tiered_big(const char *fn, run_t *r)
{
    jt_start_tiered("60000");
    jtbig_load();
    *r = jt_run("jtbig", fn, false);
    cr_assert_eq(r->rc, VM_RETURNED);
    ld_module_t *m = module_current(atom_from_cstr("jtbig"));
    cr_assert_not_null(m);
    return m;
}
static unsigned jt_native_named(ld_module_t *m, char prefix)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < m->num_functions; i++) {
        size_t len;
        const uint8_t *t = atom_text(m->functions[i].name, &len);
        n += len > 1 && t[0] == (uint8_t)prefix && t[1] >= '0' && t[1] <= '9' &&
             m->code[m->functions[i].entry] == vm_op_word(OP_i_func_native);
    }
    return n;
}
/* The compiler thread is done with m (10 s at most). */
static void jt_wait_idle(ld_module_t *m)
{
    for (int k = 0; k < 1000; k++) {
        const jit_module_t *jm = __atomic_load_n((jit_module_t **)&m->jit, __ATOMIC_ACQUIRE);
        if (jm && __atomic_load_n(&jm->state, __ATOMIC_ACQUIRE) == JIT_M_DONE) return;
        usleep(10000);
    }
    cr_assert_fail("the compiler thread did not finish");
}
/* A hot function of a module with much warm code gets native in one
 * compilation of at most JIT_COMPILE_BUDGET instructions, hottest first,
 * not after all the warm code: the warm functions that did not fit stay
 * interpreted, and the module is not compiled again for them (they are
 * not hot). */
Test(jit, tiered_hottest_first_within_budget)
{
    run_t w;
    ld_module_t *m = tiered_big("warm", &w);
    cr_assert_null(m->jit, "warm functions queued a compilation");
    run_t h = jt_run("jtbig", "hot", false);
    cr_assert_eq(h.rc, VM_RETURNED);
    cr_assert_eq(h.r, term_from_small(3000));
    jt_wait_native(m, jt_function(m, "h"));
    jt_wait_native(m, jt_function(m, "lh"));
    jt_wait_idle(m);
    const jit_module_t *jm = m->jit;
    cr_assert_null(jm->code->older, "the module was compiled more than once");
    cr_assert_leq(jm->lowered, JIT_COMPILE_BUDGET, "%u instructions in one compilation", jm->lowered);
    unsigned warm = jt_native_named(m, 'w');
    cr_assert(warm > 0 && warm < 40, "%u of the 40 warm functions compiled", warm);
    /* native and interpreted warm functions together give the same result */
    run_t w2 = jt_run("jtbig", "warm", false);
    cr_assert_eq(w2.rc, VM_RETURNED);
    cr_assert(cmp_eq_exact(w.r, w2.r) || w.r == w2.r);
    jt_run_free(&w);
    jt_run_free(&h);
    jt_run_free(&w2);
}
/* A hot function whose unit lowers nothing (a map match of more keys
 * than native code looks up at its entry) keeps its interpreted entry: native code would
 * only exit at once. It is not compiled again when called more. */
Test(jit, tiered_keeps_exit_only_functions_interpreted)
{
    run_t a;
    ld_module_t *m = tiered_big("table", &a);
    const ld_function_t *lt = jt_function(m, "lt"), *tab = jt_function(m, "tab");
    cr_assert(lt && tab);
    jt_wait_native(m, lt);
    jt_wait_idle(m);
    const jit_module_t *jm = m->jit;
    cr_assert_eq(m->ops[tab->entry], OP_i_func_entry);
    cr_assert_neq(m->code[tab->entry], vm_op_word(OP_i_func_native), "tab/2 entered native code to exit");
    cr_assert(jm->skip && jm->skip[tab - m->functions]);
    const jit_code_t *first = jm->code;
    run_t b = jt_run("jtbig", "table", false);
    cr_assert_eq(b.rc, VM_RETURNED);
    cr_assert_eq(a.r, b.r);
    jt_wait_idle(m);
    cr_assert_eq(jm->code, first, "compiled again for a function it cannot lower");
    jt_run_free(&a);
    jt_run_free(&b);
}

/* A module purged while it compiles: the purge does not wait for the
 * compilation (a scheduler never waits for the compiler); the compiler
 * frees the module when it is done, and installs nothing. jtslow's one
 * hot function is long enough (900 instructions) for its compilation to
 * be seen in progress. */
Test(jit, tiered_purge_during_compilation)
{
    jt_start_tiered("60000");
    size_t cap = 64 * 1024, len = 0;
    char *src = malloc(cap);
    cr_assert_not_null(src);
#define ADD(...) (len += (size_t)snprintf(src + len, cap - len, __VA_ARGS__))
    ADD("-module(jtslow).\n-export([run/0]).\nbig(0, X) -> X;\nbig(N, X0) ->\n");
    for (int i = 1; i <= 300; i++) ADD("    X%d = (X%d * %d + %d) rem 1000003,\n", i, i - 1, i % 7 + 2, i);
    ADD("    big(N - 1, X300).\nrun() -> big(2500, 1).\n");
#undef ADD
    cr_assert(len < cap);
    vm_path_add(compile_erl_source("jit_test_slow", "jtslow", src), false);
    free(src);
    run_t a = jt_run("jtslow", "run", false);
    cr_assert_eq(a.rc, VM_RETURNED);
    ld_module_t *m = module_current(atom_from_cstr("jtslow"));
    cr_assert_not_null(m);
    unsigned before = atomic_load(&jit_freed_late);
    /* wait until its compilation runs (10 s at most) */
    bool seen = false;
    for (int k = 0; k < 100000 && !seen; k++) {
        const jit_module_t *jm = __atomic_load_n((jit_module_t **)&m->jit, __ATOMIC_ACQUIRE);
        seen = jm && __atomic_load_n(&jm->state, __ATOMIC_ACQUIRE) == JIT_M_COMPILING;
        if (!seen) usleep(100);
    }
    cr_assert(seen, "jtslow was not compiled");
    cr_assert_eq(module_delete(atom_from_cstr("jtslow")), MODULE_OK);
    cr_assert(module_purge(atom_from_cstr("jtslow")));
    /* the purge returned with the compilation still running; the
     * compiler frees the module when it ends */
    for (int k = 0; k < 1000 && atomic_load(&jit_freed_late) == before; k++) usleep(10000);
    cr_assert_eq(atomic_load(&jit_freed_late), before + 1, "the purge waited for the compilation");
    cr_assert_null(module_current(atom_from_cstr("jtslow")));
    jt_run_free(&a);
}

/* Hotness is a rate: a function called 1000 times, but more slowly than
 * 1000 calls per window of program CPU, is not compiled (its counter
 * starts again at each threshold); a fast one in the same module is.
 * jtrate's s/1 builds a 20000-word tuple per call (at least 5 ms per 1000
 * calls, against a 2 ms window). */
Test(jit, tiered_slow_calls_are_not_hot)
{
    jt_start_tiered("2");
    vm_path_add(compile_erl_source("jit_test_rate", "jtrate",
                                   "-module(jtrate).\n-export([slow/0, fast/0]).\n"
                                   "s(N) -> tuple_size(erlang:make_tuple(20000, N)).\n"
                                   "ls(0, A) -> A;\nls(N, A) -> ls(N - 1, A + s(N)).\nslow() -> ls(3000, 0).\n"
                                   "f(N) -> N + 1.\nlf(0, A) -> A;\nlf(N, A) -> lf(N - 1, f(A)).\nfast() -> lf(3000, 0).\n"),
                false);
    run_t a = jt_run("jtrate", "slow", false);
    cr_assert_eq(a.rc, VM_RETURNED);
    cr_assert_eq(a.r, term_from_small(3000 * 20000));
    ld_module_t *m = module_current(atom_from_cstr("jtrate"));
    cr_assert_not_null(m);
    const jit_module_t *jm = m->jit;
    cr_assert_not_null(jm, "no call window was started");
    const ld_function_t *s = jt_function(m, "s"), *ls = jt_function(m, "ls");
    cr_assert(s && ls);
    cr_assert(!jm->queued && jm->code == NULL, "slow calls queued a compilation");
    cr_assert_lt(m->code[s->entry + 1], 1000, "the counter of s/1 did not start again");
    run_t b = jt_run("jtrate", "fast", false);
    cr_assert_eq(b.rc, VM_RETURNED);
    cr_assert_eq(b.r, term_from_small(3000));
    jt_wait_native(m, jt_function(m, "lf"));
    jt_wait_native(m, jt_function(m, "f"));
    jt_wait_idle(m);
    cr_assert_neq(m->code[s->entry], vm_op_word(OP_i_func_native), "s/1 was compiled");
    cr_assert_neq(m->code[ls->entry], vm_op_word(OP_i_func_native), "ls/2 was compiled");
    run_t c = jt_run("jtrate", "slow", false);
    cr_assert_eq(c.rc, VM_RETURNED);
    cr_assert_eq(c.r, a.r);
    jt_run_free(&a);
    jt_run_free(&b);
    jt_run_free(&c);
}

/* The compiler keeps to its share of the program's CPU (1% and 1 ms
 * here, so after jtdone's first compilation it waits: la/2 has a long
 * clause it never runs, which makes its compilation long), and a queued
 * compilation whose functions stopped being called while it waited is
 * dropped, their counters from 0 again; the module is purged after,
 * with native code of one compilation and the other dropped. */
Test(jit, tiered_drops_a_compilation_whose_work_is_done)
{
    setenv("LASER_JIT_SHARE", "1", 1);
    setenv("LASER_JIT_ALLOWANCE", "1", 1);
    jt_start_tiered("20");
    size_t cap = 16 * 1024, len = 0;
    char *src = malloc(cap);
    cr_assert_not_null(src);
#define ADD(...) (len += (size_t)snprintf(src + len, cap - len, __VA_ARGS__))
    ADD("-module(jtdone).\n-export([a/0, b/0]).\nla(0, A) -> A;\nla(N, A) when N > 0 -> la(N - 1, A + 1);\n"
        "la(_, X0) ->\n");
    for (int i = 1; i <= 300; i++) ADD("    X%d = (X%d * %d + %d) rem 1000003,\n", i, i - 1, i % 7 + 2, i);
    ADD("    X300.\na() -> la(3000, 1).\n");
    ADD("fb(N) -> N + 2.\nlb(0, A) -> A;\nlb(N, A) -> lb(N - 1, fb(A)).\nb() -> lb(3000, 0).\n");
#undef ADD
    cr_assert(len < cap);
    vm_path_add(compile_erl_source("jit_test_done", "jtdone", src), false);
    free(src);
    run_t a = jt_run("jtdone", "a", false);
    cr_assert_eq(a.rc, VM_RETURNED);
    ld_module_t *m = module_current(atom_from_cstr("jtdone"));
    cr_assert_not_null(m);
    jt_wait_native(m, jt_function(m, "la"));
    jt_wait_idle(m);
    const jit_module_t *jm = m->jit;
    const jit_code_t *first = jm->code;
    run_t b = jt_run("jtdone", "b", false);
    cr_assert_eq(b.rc, VM_RETURNED);
    cr_assert_eq(b.r, term_from_small(6000));
    const ld_function_t *lb = jt_function(m, "lb");
    cr_assert(__atomic_load_n(&jm->queued, __ATOMIC_ACQUIRE), "lb/2 did not queue jtdone");
    /* the program runs on (400 ms of CPU) without calling lb/2 */
    struct timespec t0, t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    do clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < 400);
    for (int k = 0; k < 1000 && __atomic_load_n(&jm->queued, __ATOMIC_ACQUIRE); k++) usleep(10000);
    cr_assert(!jm->queued, "the queued compilation was not dropped");
    cr_assert_eq(jm->state, JIT_M_DONE);
    cr_assert_eq(jm->code, first, "jtdone was compiled again");
    cr_assert_neq(m->code[lb->entry], vm_op_word(OP_i_func_native));
    cr_assert_eq(m->code[lb->entry + 1], 0, "the counter of lb/2 did not start again");
    run_t c = jt_run("jtdone", "b", false);
    cr_assert_eq(c.rc, VM_RETURNED);
    cr_assert_eq(c.r, b.r);
    cr_assert_eq(module_delete(atom_from_cstr("jtdone")), MODULE_OK);
    cr_assert(module_purge(atom_from_cstr("jtdone")));
    cr_assert_null(module_current(atom_from_cstr("jtdone")));
    jt_run_free(&a);
    jt_run_free(&b);
    jt_run_free(&c);
}
