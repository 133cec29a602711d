/*
 * test_jit_select.c - select_val tables larger than a switch
 * (jit_emit.c select_search: a binary search over the loader's sorted
 * table): each jsel:Name/0 runs interpreted, then natively (jit_tiers.h),
 * with identical results. The module is generated: functions of 300-700
 * clauses over dense and sparse integers, negative ones, atoms, mixed
 * immediates, bignums and floats, whose bodies return a constant (the
 * value-table path), share a few bodies (the distinct-target switch) or
 * compute (one target each); probes hit every key, miss between and
 * around them, and pass other types (the fail label).
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "cmp.h"
#include "../jit/jit_int.h"
#include "../src/vm.h"
#include "support/oracle.h"
#include "jit_tiers.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:index_new\nleak:libcriterion.so\nleak:libLLVM\n"; }

typedef struct {
    char *s;
    size_t n, cap;
} sbuf_t;

static void put(sbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->n + (size_t)k + 1 > b->cap) {
        b->cap = (b->n + (size_t)k + 1) * 2;
        b->s = realloc(b->s, b->cap);
        cr_assert_not_null(b->s);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

/* The sparse keys: spread over both signs, beyond 2^32, none equal. */
static long long sparse_key(int i) { return (long long)i * i * 7919 - 40000 + (i % 3 ? 0 : (1LL << 33)); }

static char *gen_source(void)
{
    sbuf_t b = {0};
    put(&b, "-module(jsel).\n-export([dense/0, sparse/0, atoms/0, shared/0, mixed/0, boxed/0, stress/0]).\n");
    /* dense integers, constant bodies (literal tuples and atoms) */
    for (int i = 0; i < 400; i++) put(&b, "dv(%d) -> %s;\n", i - 20, i % 2 ? "{lit, [x]}" : "odd");
    put(&b, "dv(_) -> none.\n");
    /* dense integers, computing bodies */
    for (int i = 0; i < 300; i++) put(&b, "dc(%d, X) -> X + %d;\n", i, i * 3);
    put(&b, "dc(_, X) -> {miss, X}.\n");
    /* sparse integers, constant and computing bodies */
    for (int i = 0; i < 500; i++) put(&b, "sv(%lld) -> {%d, <<\"v\">>};\n", sparse_key(i), i);
    put(&b, "sv(_) -> none.\n");
    for (int i = 0; i < 300; i++) put(&b, "sc(%lld, X) -> [X | %d];\n", sparse_key(i), i);
    put(&b, "sc(_, _) -> none.\n");
    /* atoms */
    for (int i = 0; i < 350; i++) put(&b, "av(a%d) -> %d;\n", i, i * i);
    put(&b, "av(_) -> none.\n");
    for (int i = 0; i < 350; i++) put(&b, "ac(a%d, X) -> {X, a%d};\n", i, (i * 7) % 350);
    put(&b, "ac(_, X) -> X.\n");
    /* many keys, three bodies (is_extend's shape) */
    for (int i = 0; i < 700; i++) put(&b, "sh(%lld) -> %s;\n", sparse_key(i), i % 3 == 0 ? "yes" : i % 3 == 1 ? "no" : "maybe");
    put(&b, "sh(_) -> other.\n");
    /* integers, atoms and [] in one function (the compiler makes a table
     * per type) */
    for (int i = 0; i < 900; i++)
        if (i % 3 == 0) put(&b, "mx(%d) -> int;\n", i);
        else if (i % 3 == 1) put(&b, "mx(m%d) -> atom;\n", i);
        else put(&b, "mx(%d) -> {neg, %d};\n", -i, i);
    put(&b, "mx([]) -> nil;\nmx(X) -> {other, X}.\n");
    /* boxed values in a big table: bignums, floats */
    for (int i = 0; i < 1400; i++)
        if (i % 4 == 0) put(&b, "bx(%d) -> small;\n", i);
        else if (i % 4 == 1) put(&b, "bx(%d%018d) -> big;\n", i, i);
        else if (i % 4 == 2) put(&b, "bx(%d.5) -> float;\n", i);
        else put(&b, "bx(b%d) -> atom;\n", i);
    put(&b, "bx(_) -> none.\n");
    put(&b,
        "ints() -> lists:seq(-30, 420).\n"
        "others() -> [1.0, 0.0, -20.0, 2.5, 1 bsl 70, -(1 bsl 70), [], [1], {}, {a}, <<>>, \"x\", a0, a349, a350, m1, b3, self()].\n"
        "skeys() -> [K + D || I <- lists:seq(0, 710), K <- [I * I * 7919 - 40000 + (case I rem 3 of 0 -> 1 bsl 33; _ -> 0 end)],\n"
        "    D <- [-1, 0, 1]].\n"
        "atoms() -> As = [list_to_atom(\"a\" ++ integer_to_list(I)) || I <- lists:seq(0, 360)],\n"
        "    [{av(A), ac(A, 1)} || A <- As ++ others() ++ ints()].\n"
        "dense() -> [{dv(X), dc(X, 2)} || X <- ints() ++ others()].\n"
        "sparse() -> [{sv(X), sc(X, 9)} || X <- skeys() ++ others() ++ ints()].\n"
        "shared() -> [sh(X) || X <- skeys() ++ others()].\n"
        "mixed() -> Ms = [list_to_atom(\"m\" ++ integer_to_list(I)) || I <- lists:seq(0, 910)],\n"
        "    [mx(X) || X <- Ms ++ lists:seq(-910, 910) ++ others()].\n"
        "boxed() -> R = lists:seq(0, 1410), Bs = [list_to_atom(\"b\" ++ integer_to_list(I)) || I <- R],\n"
        "    Big = [I * 1000000000000000000 + I || I <- R] ++ [I * 1000000000000000000 + I + 1 || I <- R],\n"
        "    [bx(X) || X <- Bs ++ R ++ Big ++ [I + 0.5 || I <- R] ++ [float(I) || I <- R] ++ others()].\n"
        "stress() -> [dense(), sparse(), atoms(), shared(), mixed(), boxed()].\n");
    return b.s;
}

static void setup(void)
{
    vm_init();
    char *src = gen_source();
    vm_path_add(compile_erl_source("jit_select_test", "jsel", src), false);
    free(src);
    vm_path_add_otp();
}

TestSuite(jit_select, .init = setup);

static void jsel_same(const char *fn, bool stress) { jit_same_in_both_tiers("jsel", fn, stress); }

Test(jit_select, dense_integers) { jsel_same("dense", false); }
Test(jit_select, sparse_integers) { jsel_same("sparse", false); }
Test(jit_select, atoms) { jsel_same("atoms", false); }
Test(jit_select, shared_targets) { jsel_same("shared", false); }
Test(jit_select, mixed_immediates) { jsel_same("mixed", false); }
Test(jit_select, bignums_and_floats) { jsel_same("boxed", false); }
Test(jit_select, gc_stress) { jsel_same("stress", true); }

/* Every select_val of the module is lowered: no instruction is left to
 * the interpreter (before select_search, tables over 256 cases were). */
Test(jit_select, large_tables_are_lowered)
{
    run_t a = jt_run("jsel", "dense", false);
    jt_run_free(&a);
    ld_module_t *m = module_current(atom_from_cstr("jsel"));
    cr_assert_not_null(m);
    unsigned big = 0;
    for (uint32_t off = 0; off < m->code_size; off++)
        if ((m->ops[off] == OP_select_val || m->ops[off] == OP_select_val_x) && m->code[off + 3] > 256) big++;
    cr_assert_geq(big, 11, "the generated functions' selects are not tables of over 256 cases");
    cr_assert(jit_compile_now(m));
    cr_assert_not_null(m->jit);
    const jit_module_t *jm = m->jit;
    cr_assert_eq(jm->deopts, 0, "%u instructions not lowered", jm->deopts);
}
