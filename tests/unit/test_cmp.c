/*
 * test_cmp.c - term order and equality (runtime/cmp.c).
 *
 * Two kinds of tests: terms built here in C (every term class, bitstrings
 * at odd bit offsets, external identifiers, funs, maps of both kinds, and
 * structures large or deep enough to break a recursive walk), and the
 * oracle test, which decodes the terms of tests/data/cmp_terms.escript with
 * etf_decode and checks every pair against erl's <, ==, =:= and map-key
 * order.
 */
#include <criterion/criterion.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>

#include "atom.h"
#include "big.h"
#include "bin.h"
#include "cmp.h"
#include "etf.h"
#include "map.h"
#include "../src/export.h"
#include "../src/funtab.h"
#include "support/oracle.h"

static heap_t heap;

static void setup(void)
{
    atom_init();
    heap_init(&heap);
}

static void teardown(void) { heap_free(&heap); }

TestSuite(cmp, .init = setup, .fini = teardown);

/* ---- builders ---- */

static term I(int64_t v) { return big_from_int64(&heap, v); }
static term F(double d) { return heap_make_float(&heap, d); }
static term A(const char *s) { return atom_from_cstr(s); }
static term T2(term a, term b) { return heap_make_tuple(&heap, 2, (term[]){a, b}); }
static term L(const term *e, size_t n, term tail) { return heap_make_list(&heap, e, n, tail); }

static term pow2(unsigned e, bool neg)
{
    uint64_t limbs[20] = {0};
    limbs[e / 64] = UINT64_C(1) << (e % 64);
    return big_from_limbs(&heap, limbs, e / 64 + 1, neg);
}

static term local_ref(uint32_t a, uint32_t b, uint32_t c)
{
    term *p = heap_alloc(&heap, 3);
    p[0] = hdr_make(2, HDR_REF);
    uint32_t *num = (uint32_t *)(p + 1);
    num[0] = a;
    num[1] = b;
    num[2] = c;
    num[3] = 0;
    return term_from_boxed_ptr(p);
}

/* External pid/port/ref; not linked into the heap's off-heap chain because
 * the nodes here are static. */
static term ext(unsigned subtag, term_node_t *node, const uint32_t *data, size_t n32)
{
    size_t dw = (n32 + 1) / 2;
    term *p = heap_alloc(&heap, 3 + dw);
    p[0] = hdr_make(2 + dw, subtag);
    term_external_t *e = (term_external_t *)p;
    e->next = NULL;
    e->node = node;
    memset(e->data, 0, dw * sizeof(term));
    memcpy(e->data, data, n32 * sizeof(uint32_t));
    return term_from_boxed_ptr(p);
}

static term_node_t node_a1, node_a2, node_b1;

static void init_nodes(void)
{
    node_a1.name = A("a@b");
    node_a1.creation = 1;
    node_a2.name = A("a@b");
    node_a2.creation = 2;
    node_b1.name = A("b@b");
    node_b1.creation = 1;
}

static term fun_of(fun_entry_t *e, const term *env, uint32_t nfree)
{
    term *p = heap_alloc(&heap, FUN_WORDS + nfree);
    term_fun_t *f = (term_fun_t *)p;
    f->header = hdr_make(FUN_WORDS - 1 + nfree, HDR_FUN);
    f->next = NULL;
    f->entry = e;
    f->arity = 0;
    f->num_free = nfree;
    f->creator = term_make_pid(1, 0);
    for (uint32_t i = 0; i < nfree; i++) f->env[i] = env[i];
    return term_from_boxed_ptr(p);
}

static term export_of(export_entry_t *e)
{
    term *p = heap_alloc(&heap, 2);
    p[0] = hdr_make(1, HDR_EXPORT);
    ((term_export_t *)p)->ep = e;
    return term_from_boxed_ptr(p);
}

/* A sub binary of nbits bits starting at bit `off` of orig. */
static term sub_bits(term orig, uint64_t off, uint64_t nbits)
{
    term_subbin_t *sb = (term_subbin_t *)heap_alloc(&heap, SUBBIN_WORDS);
    memset(sb, 0, sizeof *sb);
    sb->header = hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN);
    sb->size = nbits / 8;
    sb->bitsize = (uint8_t)(nbits % 8);
    sb->offs = off / 8;
    sb->bitoffs = (uint8_t)(off % 8);
    sb->orig = orig;
    return term_from_boxed_ptr((term *)sb);
}

/* a < b strictly in both orders, both ways round */
static void assert_lt(term a, term b)
{
    cr_assert_eq(cmp_terms(a, b), -1);
    cr_assert_eq(cmp_terms(b, a), 1);
    cr_assert_eq(cmp_terms_exact(a, b), -1);
    cr_assert_eq(cmp_terms_exact(b, a), 1);
    cr_assert_not(cmp_eq_exact(a, b));
    cr_assert_not(cmp_eq(a, b));
}

/* == and =:= */
static void assert_same(term a, term b)
{
    cr_assert_eq(cmp_terms(a, b), 0);
    cr_assert_eq(cmp_terms_exact(a, b), 0);
    cr_assert(cmp_eq_exact(a, b));
    cr_assert(cmp_eq_exact(b, a));
}

/* == but not =:= ; exact order puts a first */
static void assert_eq_only(term a, term b)
{
    cr_assert_eq(cmp_terms(a, b), 0);
    cr_assert(cmp_eq(a, b));
    cr_assert_not(cmp_eq_exact(a, b));
    cr_assert_eq(cmp_terms_exact(a, b), -1);
    cr_assert_eq(cmp_terms_exact(b, a), 1);
}

/* Every term of v[] is strictly below the ones after it. */
static void assert_sorted(const term *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            cr_assert_eq(cmp_terms(v[i], v[j]), (i > j) - (i < j), "cmp_terms(#%zu, #%zu)", i, j);
}

/* ---- tests ---- */

Test(cmp, classes)
{
    init_nodes();
    static fun_entry_t fe = {.index = 0};
    static export_entry_t ex = {.arity = 0};
    fe.module = A("m");
    ex.module = A("m");
    ex.function = A("f");
    uint32_t pd[2] = {2, 0};
    term order[] = {
        I(5),
        A("a"),
        local_ref(1, 2, 3),
        fun_of(&fe, NULL, 0),
        export_of(&ex),
        term_make_local_port(3),
        term_make_pid(1, 0),
        ext(HDR_EXT_PID, &node_a1, pd, 2),
        heap_make_tuple(&heap, 0, NULL),
        map_new(&heap),
        NIL,
        heap_make_cons(&heap, I(1), NIL),
        bin_make(&heap, NULL, 0, NULL),
    };
    assert_sorted(order, sizeof order / sizeof order[0]);
}

Test(cmp, numbers)
{
    /* strictly ascending by value */
    term v[] = {
        pow2(1100, true), F(-DBL_MAX), pow2(1023, true), F(-0x1p64), pow2(64, true),
        I(INT64_MIN), I(MIN_SMALL - 1), I(MIN_SMALL), F(-0x1p53 - 2), I(-(INT64_C(1) << 53) - 1),
        F(-0x1p53), I(-1), F(-0.5), I(0), F(0x1p-1074), F(0.5), I(1), F(1.5), I(2),
        F(9007199254740991.0), I((INT64_C(1) << 53) - 1 + 1) /* 2^53: equal to the next float */,
        I((INT64_C(1) << 53) + 1), F(0x1p53 + 2), I(MAX_SMALL), F(0x1p59), I(MAX_SMALL + 2),
        I(INT64_MAX), F(0x1p63), big_from_uint64(&heap, UINT64_MAX), pow2(64, false), F(0x1p64 + 0x1p12),
        F(0x1p1000), pow2(1023, false), pow2(1100, false),
    };
    size_t n = sizeof v / sizeof v[0];
    /* v[20] == 2^53 equals the float 2^53 */
    term f53 = F(0x1p53);
    assert_eq_only(v[20], f53);
    assert_eq_only(pow2(1023, false), F(0x1p1023));
    assert_eq_only(pow2(64, true), F(-0x1p64));
    for (size_t i = 0; i + 1 < n; i++) {
        if (i == 3) continue; /* -2^64 float == -2^64 integer, checked above */
        cr_assert_eq(cmp_terms(v[i], v[i + 1]), -1, "#%zu < #%zu", i, i + 1);
        cr_assert_eq(cmp_terms(v[i + 1], v[i]), 1);
    }
    cr_assert_eq(cmp_terms(v[3], v[4]), 0);
    /* -0.0 and 0.0: equal under ==, =:= and in the exact order (OTP 25) */
    assert_same(F(0.0), F(-0.0));
    assert_eq_only(I(0), F(-0.0));
    assert_eq_only(I(1), F(1.0));
    /* exact order: every integer before every float */
    cr_assert_eq(cmp_terms_exact(pow2(1100, false), F(-1e300)), -1);
    cr_assert_eq(cmp_terms(pow2(1100, false), F(-1e300)), 1);
    cr_assert_eq(cmp_terms_exact(F(0.5), I(-7)), 1);
    /* equal bignums in different boxes */
    assert_same(pow2(200, true), pow2(200, true));
    assert_lt(pow2(200, true), pow2(199, true));
    assert_lt(pow2(199, false), pow2(200, false));
}

Test(cmp, atoms_and_tuples)
{
    term v[] = {A(""), A("B"), A("Z"), A("a"), A("aa"), A("ab"), A("b"), A("z"), A("ä"), A("λ")};
    assert_sorted(v, sizeof v / sizeof v[0]);
    term t[] = {
        heap_make_tuple(&heap, 0, NULL),
        heap_make_tuple(&heap, 1, (term[]){A("z")}),
        T2(I(1), I(2)),
        T2(I(2), I(1)),
        T2(A("a"), I(0)),
        heap_make_tuple(&heap, 3, (term[]){I(0), I(0), I(0)}),
    };
    assert_sorted(t, sizeof t / sizeof t[0]);
    assert_eq_only(T2(I(1), I(2)), T2(I(1), F(2.0))); /* exact order: 2 before 2.0 */
}

Test(cmp, pids_ports_refs)
{
    init_nodes();
    /* pids: serial, then number, then node; local node is nonode@nohost */
    uint32_t p5_0[2] = {5, 0}, p4_0[2] = {4, 0}, p5_1[2] = {5, 1}, p6_0[2] = {6, 0}, big_num[2] = {1u << 28, 0};
    term pa5 = ext(HDR_EXT_PID, &node_a1, p5_0, 2);
    term pb4 = ext(HDR_EXT_PID, &node_b1, p4_0, 2);
    term pa5c2 = ext(HDR_EXT_PID, &node_a2, p5_0, 2);
    term pa51 = ext(HDR_EXT_PID, &node_a1, p5_1, 2);
    term pa6 = ext(HDR_EXT_PID, &node_a1, p6_0, 2);
    cr_assert_eq(cmp_terms(pa5, pb4), 1);   /* number before node */
    cr_assert_eq(cmp_terms(pa5, pa5c2), -1); /* creation */
    cr_assert_eq(cmp_terms(pa51, pa6), 1);  /* serial before number */
    cr_assert_eq(cmp_terms(term_make_pid(5, 0), pa5), 1); /* same data: nonode@nohost > a@b */
    cr_assert_eq(cmp_terms(ext(HDR_EXT_PID, &node_b1, big_num, 2), term_make_pid(0, 1)), -1);
    assert_same(pa5, ext(HDR_EXT_PID, &node_a1, p5_0, 2));
    /* ports: node, then id */
    uint32_t id5[2] = {5, 0}, id0[2] = {0, 0}, idhi[2] = {0, 1};
    term qa5 = ext(HDR_EXT_PORT, &node_a1, id5, 2);
    cr_assert_eq(cmp_terms(qa5, ext(HDR_EXT_PORT, &node_b1, id0, 2)), -1);
    cr_assert_eq(cmp_terms(ext(HDR_EXT_PORT, &node_a1, idhi, 2), qa5), 1);
    cr_assert_eq(cmp_terms(qa5, term_make_local_port(0)), -1); /* a@b < nonode@nohost */
    assert_lt(term_make_local_port(1), term_make_local_port(2));
    /* refs: node, then numbers from the most significant; extra zeros do not count */
    uint32_t r123[3] = {1, 2, 3}, r1230[4] = {1, 2, 3, 0}, r1231[4] = {1, 2, 3, 1}, r124[3] = {1, 2, 4},
             r5[1] = {5}, r12[2] = {1, 2}, rhi[3] = {0x80000001u, 2, 3};
    term a123 = ext(HDR_EXT_REF, &node_a1, r123, 3);
    assert_same(a123, ext(HDR_EXT_REF, &node_a1, r1230, 4));
    cr_assert_eq(cmp_terms(ext(HDR_EXT_REF, &node_a1, r1231, 4), ext(HDR_EXT_REF, &node_a1, r124, 3)), 1);
    cr_assert_eq(cmp_terms(ext(HDR_EXT_REF, &node_a1, r5, 1), ext(HDR_EXT_REF, &node_a1, r12, 2)), -1);
    cr_assert_eq(cmp_terms(ext(HDR_EXT_REF, &node_a1, rhi, 3), a123), 1); /* unsigned */
    cr_assert_eq(cmp_terms(ext(HDR_EXT_REF, &node_a2, r123, 3), ext(HDR_EXT_REF, &node_a1, r124, 3)), 1);
    cr_assert_eq(cmp_terms(a123, local_ref(1, 2, 3)), -1); /* a@b < nonode@nohost */
    assert_lt(local_ref(9, 9, 1), local_ref(1, 1, 2));
    assert_same(local_ref(1, 2, 3), local_ref(1, 2, 3));
}

Test(cmp, funs)
{
    static fun_entry_t e1, e2, e3, e4;
    static export_entry_t x1, x2, x3;
    e1.module = A("zz");
    e1.index = 1;
    e1.old_uniq = 5;
    e2 = e1;
    e2.uniq[0] = 1; /* a different md5 alone does not make a different fun */
    e3 = e1;
    e3.old_uniq = (uint32_t)-5; /* signed: -5 < 5 */
    e4 = e1;
    e4.module = A("zy");
    e4.index = 7;
    term env1[2] = {I(1), A("a")}, env1f[2] = {F(1.0), A("a")};
    assert_same(fun_of(&e1, NULL, 0), fun_of(&e2, NULL, 0));
    assert_lt(fun_of(&e3, NULL, 0), fun_of(&e1, NULL, 0));
    assert_lt(fun_of(&e4, NULL, 0), fun_of(&e1, NULL, 0));
    assert_lt(fun_of(&e1, NULL, 0), fun_of(&e1, env1, 1)); /* fewer free variables first */
    assert_eq_only(fun_of(&e1, env1, 2), fun_of(&e1, env1f, 2));
    x1.module = A("a");
    x1.function = A("b");
    x1.arity = 1;
    x2 = x1;
    x2.arity = 0;
    x3 = x1;
    x3.module = A("erlang");
    x3.function = A("abs");
    assert_lt(export_of(&x2), export_of(&x1));
    assert_lt(export_of(&x1), export_of(&x3));
    assert_lt(fun_of(&e1, env1, 2), export_of(&x2)); /* local funs before export funs */
    assert_same(export_of(&x1), export_of(&x1));
}

/* Reference order of two bit sequences, one bit at a time. */
static int naive_bits(const uint8_t *a, uint64_t ao, uint64_t an, const uint8_t *b, uint64_t bo, uint64_t bn)
{
    for (uint64_t i = 0; i < an && i < bn; i++) {
        int x = (a[(ao + i) / 8] >> (7 - (ao + i) % 8)) & 1;
        int y = (b[(bo + i) / 8] >> (7 - (bo + i) % 8)) & 1;
        if (x != y) return x < y ? -1 : 1;
    }
    return (an > bn) - (an < bn);
}

Test(cmp, bitstrings)
{
    uint8_t src[16], src2[16];
    uint32_t seed = 12345;
    for (int i = 0; i < 16; i++) {
        seed = seed * 1103515245 + 12345;
        src[i] = (uint8_t)(seed >> 16);
    }
    memcpy(src2, src, sizeof src2);
    src2[9] ^= 0x10; /* one bit differs */
    term o1 = bin_make(&heap, src, 16, NULL), o2 = bin_make(&heap, src2, 16, NULL);
    for (uint64_t off = 0; off < 12; off++)
        for (uint64_t len = 0; len + off <= 128 && len <= 70; len += (len < 20 ? 1 : 7)) {
            term s = sub_bits(o1, off, len);
            /* the same bits, aligned */
            uint8_t buf[17] = {0};
            bin_copy_bits(src, off, buf, 0, len);
            term al = bin_make_bits(&heap, buf, len);
            assert_same(s, al);
            for (uint64_t off2 = 0; off2 < 9; off2 += 3)
                for (uint64_t len2 = len > 2 ? len - 2 : 0; len2 <= len + 2 && len2 + off2 <= 128; len2++) {
                    const uint8_t *bsrc = (off2 == 3) ? src2 : src;
                    term s2 = sub_bits(off2 == 3 ? o2 : o1, off2, len2);
                    int want = naive_bits(src, off, len, bsrc, off2, len2);
                    cr_assert_eq(cmp_terms(s, s2), want, "off %lu len %lu vs off %lu len %lu", (unsigned long)off,
                                 (unsigned long)len, (unsigned long)off2, (unsigned long)len2);
                    cr_assert_eq(cmp_eq_exact(s, s2), want == 0);
                }
        }
    /* heap vs refc binaries of the same bytes */
    uint8_t big[200];
    memset(big, 7, sizeof big);
    term r1 = bin_make(&heap, big, 200, NULL);
    term h1 = bin_make(&heap, big, 60, NULL);
    cr_assert_eq(cmp_terms(h1, r1), -1);
    assert_same(sub_bits(r1, 0, 60 * 8), h1);
}

Test(cmp, maps)
{
    term k1[1] = {I(1)}, k1f[1] = {F(1.0)}, ka[1] = {A("a")}, v1[1] = {I(1)}, v1f[1] = {F(1.0)}, va[1] = {A("a")};
    term mi = map_from_pairs(&heap, k1, va, 1), mf = map_from_pairs(&heap, k1f, va, 1);
    assert_lt(mi, mf); /* keys compare exactly: 1 before 1.0 */
    assert_eq_only(map_from_pairs(&heap, ka, v1, 1), map_from_pairs(&heap, ka, v1f, 1));
    /* size first */
    term k2[2] = {A("a"), A("b")}, v2[2] = {I(9), I(9)};
    assert_lt(map_from_pairs(&heap, k1f, va, 1), map_from_pairs(&heap, k2, v2, 2));
    /* maps as keys: their values compare exactly too */
    term inner_i = map_from_pairs(&heap, k1, v1, 1), inner_f = map_from_pairs(&heap, k1, v1f, 1);
    assert_lt(map_from_pairs(&heap, &inner_i, va, 1), map_from_pairs(&heap, &inner_f, va, 1));

    /* HAMTs: 40 keys */
    enum { N = 40 };
    term keys[N], vals[N], valsf[N], keys_hi[N], keys_lo[N];
    for (int i = 0; i < N; i++) {
        keys[i] = I(i + 1);
        vals[i] = I(i + 1);
        valsf[i] = i == 20 ? F(21.0) : vals[i];
        keys_hi[i] = i == N - 1 ? I(N + 1) : keys[i]; /* 1..39, 41 */
        keys_lo[i] = i == N - 1 ? I(0) : keys[i];      /* 0..39 */
    }
    term m = map_from_pairs(&heap, keys, vals, N);
    cr_assert_not(map_is_flat(m));
    assert_same(m, map_from_pairs(&heap, keys, vals, N));
    assert_eq_only(m, map_from_pairs(&heap, keys, valsf, N));
    assert_lt(m, map_from_pairs(&heap, keys_hi, vals, N));
    assert_lt(map_from_pairs(&heap, keys_lo, vals, N), m);
    /* a smaller value at a larger key loses to a larger value at a smaller key */
    term vv[N];
    memcpy(vv, vals, sizeof vv);
    vv[2] = I(1000);
    vv[30] = I(-1000);
    assert_lt(m, map_from_pairs(&heap, keys, vv, N));
    /* keys of mixed types, in a HAMT: int key 5 vs float key 5.0 */
    term kf[N];
    memcpy(kf, keys, sizeof kf);
    kf[4] = F(5.0);
    term mkf = map_from_pairs(&heap, kf, vals, N);
    cr_assert_neq(cmp_terms(m, mkf), 0);
    cr_assert_eq(cmp_terms(m, mkf), -1); /* sorted: 1,2,3,4,6.. vs 1,2,3,4,6..,40,5.0: ints first */
}

Test(cmp, lists)
{
    term abc[3] = {I(1), I(2), I(3)};
    term v[] = {
        NIL,
        L(abc, 1, NIL),
        L(abc, 2, I(3)), /* [1,2|3] */
        L(abc, 2, NIL),  /* [1,2] */
        L(abc, 3, NIL),
        L(abc, 2, A("x")),
        L(abc + 1, 1, NIL),
    };
    /* [] < [1] < [1,2|3] < [1,2|x] < [1,2] < [1,2,3] < [2]: tails compare as
     * terms, number < atom < [] < list */
    term s[] = {v[0], v[1], v[2], v[5], v[3], v[4], v[6]};
    assert_sorted(s, sizeof s / sizeof s[0]);
    term lf[2] = {F(1.0), F(2.0)}, li[2] = {I(1), I(2)};
    assert_eq_only(L(li, 2, NIL), L(lf, 2, NIL));
}

/* 10 million elements whose heads are equal in value but not identical
 * tuples, so that each step defers the tail: must run in constant C stack
 * (and in a stack of work that does not grow with the length). */
Test(cmp, long_list, .timeout = 120)
{
    enum { N = 10 * 1000 * 1000 };
    term one = F(1.0);
    term ta = heap_make_tuple(&heap, 1, &one), tb = heap_make_tuple(&heap, 1, &one);
    term two = F(2.0), tc = heap_make_tuple(&heap, 1, &two);
    term a = NIL, b = NIL, c = heap_make_cons(&heap, tc, NIL);
    for (int i = 0; i < N; i++) {
        a = heap_make_cons(&heap, ta, a);
        b = heap_make_cons(&heap, tb, b);
        if (i > 0) c = heap_make_cons(&heap, tb, c);
    }
    cr_assert_eq(cmp_terms(a, b), 0);
    cr_assert(cmp_eq_exact(a, b));
    cr_assert_eq(cmp_terms(a, c), -1);
    cr_assert_eq(cmp_terms_exact(c, a), 1);
    /* leaves (floats) as heads take the fast path; a million will do */
    term fa = F(1.0), fb = F(1.0);
    a = b = NIL;
    for (int i = 0; i < N / 10; i++) {
        a = heap_make_cons(&heap, fa, a);
        b = heap_make_cons(&heap, i == 0 ? I(1) : fb, b);
    }
    cr_assert_eq(cmp_terms(a, b), 0);
    cr_assert_not(cmp_eq_exact(a, b));
    cr_assert_eq(cmp_terms_exact(a, b), 1); /* ..., 1.0] vs ..., 1] at the end */
}

/* Nesting a million levels deep, in list heads and in tuples. */
Test(cmp, deep_nesting, .timeout = 120)
{
    enum { N = 1000 * 1000 };
    term a = A("x"), b = A("x"), c = A("y");
    for (int i = 0; i < N; i++) {
        a = heap_make_cons(&heap, a, NIL);
        b = heap_make_cons(&heap, b, NIL);
        c = heap_make_cons(&heap, c, NIL);
    }
    cr_assert_eq(cmp_terms(a, b), 0);
    cr_assert(cmp_eq_exact(a, b));
    cr_assert_eq(cmp_terms(a, c), -1);
    term ta = I(0), tb = I(0), tc = F(0.0);
    for (int i = 0; i < N; i++) {
        ta = T2(ta, I(i));
        tb = T2(tb, I(i));
        tc = T2(tc, I(i));
    }
    cr_assert(cmp_eq_exact(ta, tb));
    cr_assert_eq(cmp_terms(ta, tc), 0);
    cr_assert_not(cmp_eq_exact(ta, tc));
    cr_assert_eq(cmp_terms_exact(tc, ta), 1);
}

/* The oracle: every pair of the terms of tests/data/cmp_terms.escript,
 * decoded with etf_decode, against erl's <, ==, =:= and map-key order. */
Test(cmp, oracle)
{
    size_t n;
    uint8_t *data = oracle_read("cmp_terms", &n);
    const uint8_t *p = data;
    uint32_t count = get_u32(&p);
    term *t = malloc(count * sizeof *t);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t len = get_u32(&p);
        size_t used;
        cr_assert_eq(etf_decode(p, len, &heap, false, &t[i], &used), ETF_OK, "term %u does not decode", i);
        cr_assert_eq(used, len);
        p += len;
    }
    cr_assert_eq((size_t)(data + n - p), (size_t)count * count);
    size_t bad = 0;
    for (uint32_t i = 0; i < count; i++)
        for (uint32_t j = 0; j < count; j++) {
            uint8_t rel = p[(size_t)i * count + j];
            int want = (rel & 3) - 1, want_exact = ((rel >> 3) & 3) - 1;
            bool want_eq = (rel >> 2) & 1;
            int got = cmp_terms(t[i], t[j]), got_exact = cmp_terms_exact(t[i], t[j]);
            bool got_eq = cmp_eq_exact(t[i], t[j]);
            if (got != want || got_exact != want_exact || got_eq != want_eq) {
                if (bad++ < 10)
                    fprintf(stderr, "cmp oracle: terms %u, %u: compare %d (erl %d), exact %d (erl %d), =:= %d (erl %d)\n",
                            i, j, got, want, got_exact, want_exact, got_eq, want_eq);
            }
        }
    cr_assert_eq(bad, 0, "%zu of %u pairs ordered unlike erl", bad, count * count);
    free(t);
    free(data);
}

/* =:= of flat tuples and lists, which element words decide without the
 * ordering walk, and the cases that still need it (a boxed element, an
 * integer against a float, a nested difference). */
Test(cmp, eq_exact_flat)
{
    term t1 = T2(A("k"), I(5)), t1b = T2(A("k"), I(5)), t2 = T2(A("k"), I(6)), tf = T2(A("k"), F(5.0));
    assert_same(t1, t1b);
    assert_lt(t1, t2);
    assert_eq_only(t1, tf);
    term n1 = T2(T2(A("a"), I(1)), I(2)), n2 = T2(T2(A("a"), I(1)), I(2)), n3 = T2(T2(A("a"), I(3)), I(2));
    assert_same(n1, n2);
    assert_lt(n1, n3);
    term big = pow2(100, false);
    assert_same(T2(big, A("x")), T2(pow2(100, false), A("x")));
    assert_lt(T2(A("x"), big), T2(A("x"), pow2(101, false)));
    cr_assert_not(cmp_eq_exact(heap_make_tuple(&heap, 3, (term[]){I(1), I(2), I(3)}), t1), "arity");
    term e[4] = {I(1), A("b"), I(3), I(4)}, e2[4] = {I(1), A("b"), I(3), F(4.0)};
    assert_same(L(e, 4, NIL), L(e, 4, NIL));
    assert_same(L(e, 3, A("tail")), L(e, 3, A("tail")));
    assert_lt(L(e, 3, NIL), L(e, 4, NIL));
    cr_assert_not(cmp_eq_exact(L(e, 3, A("t")), L(e, 3, NIL)), "improper tail");
    assert_eq_only(L(e, 4, NIL), L(e2, 4, NIL));
    cr_assert_not(cmp_eq_exact(L(e, 2, NIL), t1), "list against tuple");
    cr_assert_not(cmp_eq_exact(NIL, L(e, 1, NIL)));
}
