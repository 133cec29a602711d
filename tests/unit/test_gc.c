/*
 * test_gc.c - the generational copying collector (runtime/gc.c).
 *
 * Terms are built twice: once on the process heap (gc_heap_t, through
 * gc_alloc or heap fragments, as the interpreter and message passing will)
 * and once in a plain heap_t that no collector touches. After every
 * collection gc_verify checks the heap and cmp_eq_exact compares each root
 * with its twin. Sharing is checked by pointer equality: the same subterm
 * reached from two parents (or from a root and the stack) must still be
 * one object. Literals live in a third heap_t and must never move.
 */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "atom.h"
#include "big.h"
#include "bin.h"
#include "cmp.h"
#include "copy.h"
#include "gc.h"
#include "map.h"
#include "node.h"
#include "../src/funtab.h"

/* Heap sizes as erl reports them (erlang:system_info(heap_sizes), OTP 25):
 * the first 40 of 137. */
static const size_t otp_heap_sizes[40] = {
    12, 38, 51, 90, 142, 233, 376, 610, 987, 1598, 2586, 4185, 6772, 10958,
    17731, 28690, 46422, 75113, 121536, 196650, 318187, 514838, 833026,
    999631, 1199557, 1439468, 1727361, 2072833, 2487399, 2984878, 3581853,
    4298223, 5157867, 6189440, 7427328, 8912793, 10695351, 12834421,
    15401305, 18481566,
};

/* ---- fixture ---- */

#define POOL 256
static gc_heap_t H;
static heap_t REF, LIT;
static term pool[POOL], rpool[POOL];
static unsigned gen[POOL];
static uint64_t tsz[POOL]; /* see pick() */
static uint64_t build_size = 1;
static gc_root_t roots[1];
/* Code is 8-byte aligned: addresses in here look like continuation
 * pointers (tag 00). */
static _Alignas(8) uint64_t fake_code[64];

static void setup(void)
{
    atom_init();
    gc_heap_init(&H, 0);
    heap_init(&REF);
    heap_init(&LIT);
    for (size_t i = 0; i < POOL; i++) pool[i] = rpool[i] = NIL, gen[i] = 0, tsz[i] = 1;
    build_size = 1;
    roots[0] = (gc_root_t){pool, POOL};
}

static void teardown(void)
{
    gc_heap_free(&H);
    heap_free(&REF);
    heap_free(&LIT);
}

TestSuite(gc, .init = setup, .fini = teardown, .timeout = 120);

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static size_t rndn(size_t n) { return (size_t)(rnd() % n); }

static size_t nallocs, ncollects; /* gc_alloc calls, direct gc_collect calls */

static term *A(size_t n)
{
    term *p;
    nallocs++;
    int rc = gc_alloc(&H, n, roots, 1, &p);
    cr_assert_eq(rc, GC_OK, "gc_alloc(%zu) = %d", n, rc);
    return p;
}

static void verify(void)
{
    const char *e = gc_verify(&H, roots, 1);
    cr_assert_null(e, "gc_verify: %s", e ? e : "");
}

static void compare_pool(void)
{
    for (size_t i = 0; i < POOL; i++)
        cr_assert(cmp_eq_exact(pool[i], rpool[i]), "pool[%zu] differs from its twin after GC", i);
}

static bool in_young(term t)
{
    const term *p = term_is_boxed(t) ? term_boxed_ptr(t) : term_list_ptr(t);
    return (uintptr_t)p >= (uintptr_t)H.heap && (uintptr_t)p < (uintptr_t)H.htop;
}
static bool in_old(term t)
{
    const term *p = term_is_boxed(t) ? term_boxed_ptr(t) : term_list_ptr(t);
    return H.old_heap && (uintptr_t)p >= (uintptr_t)H.old_heap && (uintptr_t)p < (uintptr_t)H.old_htop;
}

/* ---- builders: slot i of the pool gets a new term, its twin in REF ---- */

/* Tree size of each slot (nodes counted as if nothing were shared):
 * cmp_eq_exact walks trees, so children are picked among small ones to
 * keep a DAG with much sharing from exploding into a huge tree. */
#define PICK_LIMIT 64

static size_t pick(void)
{
    size_t s = rndn(POOL);
    for (size_t i = 0; i < POOL && tsz[(s + i) % POOL] > PICK_LIMIT; i++)
        if (i + 1 == POOL) return s;
    while (tsz[s] > PICK_LIMIT) s = (s + 1) % POOL;
    return s;
}

static void set(size_t i, term g, term r)
{
    pool[i] = g;
    rpool[i] = r;
    gen[i]++;
    tsz[i] = build_size;
    build_size = 1;
}

static void build_tuple(size_t dst, const size_t *idx, size_t k)
{
    term *p = A(k + 1); /* may collect: read the pool only afterwards */
    p[0] = hdr_make(k, HDR_TUPLE);
    term re[16];
    for (size_t i = 0; i < k; i++) p[1 + i] = pool[idx[i]], re[i] = rpool[idx[i]], build_size += tsz[idx[i]];
    set(dst, term_from_boxed_ptr(p), heap_make_tuple(&REF, k, re));
}

static void build_cons(size_t dst, size_t a, size_t b)
{
    term *p = A(2);
    p[0] = pool[a];
    p[1] = pool[b];
    build_size = 1 + tsz[a] + tsz[b];
    set(dst, term_from_list_ptr(p), heap_make_cons(&REF, rpool[a], rpool[b]));
}

static void build_float(size_t dst, double d)
{
    term *p = A(2);
    p[0] = float_header();
    memcpy(&p[1], &d, sizeof d);
    set(dst, term_from_boxed_ptr(p), heap_make_float(&REF, d));
}

static void build_big(size_t dst, size_t n, bool neg)
{
    uint64_t limbs[8];
    for (size_t i = 0; i < n; i++) limbs[i] = rnd();
    if (limbs[n - 1] == 0) limbs[n - 1] = 1;
    term *p = A(1 + n);
    p[0] = hdr_make(n, neg ? HDR_NEG_BIG : HDR_POS_BIG);
    memcpy(p + 1, limbs, n * sizeof(uint64_t));
    set(dst, term_from_boxed_ptr(p), big_from_limbs(&REF, limbs, n, neg));
}

static void build_heap_bin(size_t dst, size_t n)
{
    uint8_t data[HEAP_BIN_LIMIT];
    for (size_t i = 0; i < n; i++) data[i] = (uint8_t)rnd();
    size_t w = heap_bin_words(n);
    term *p = A(w);
    p[0] = hdr_make(w - 1, HDR_HEAP_BIN);
    p[1] = n;
    p[w - 1] = 0;
    memcpy(&p[2], data, n);
    set(dst, term_from_boxed_ptr(p), bin_make(&REF, data, n, NULL));
}

/* A procbin on the process heap. Returns its storage (refc 1, held by the
 * process heap). */
static bin_store_t *build_procbin(size_t dst, size_t n)
{
    bin_store_t *b = bin_store_new(n);
    for (size_t i = 0; i < n; i++) b->data[i] = (uint8_t)rnd();
    term_procbin_t *pb = (term_procbin_t *)A(PROCBIN_WORDS);
    pb->header = hdr_make(PROCBIN_WORDS - 1, HDR_REFC_BIN);
    pb->size = n;
    pb->val = b;
    pb->bytes = b->data;
    pb->flags = 0;
    gc_link_offheap(&H, (term_offheap_hdr_t *)pb);
    set(dst, term_from_boxed_ptr((term *)pb), bin_make(&REF, b->data, n, NULL));
    return b;
}

static bool is_whole_bin(term t)
{
    return term_is_boxed(t) && (hdr_subtag(term_boxed_header(t)) == HDR_HEAP_BIN || hdr_subtag(term_boxed_header(t)) == HDR_REFC_BIN);
}

static void fill_sub(term_subbin_t *sb, term orig, uint64_t offs, uint64_t size, unsigned bitoffs, unsigned bitsize)
{
    memset(sb, 0, sizeof *sb);
    sb->header = hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN);
    sb->size = size;
    sb->offs = offs;
    sb->bitoffs = (uint8_t)bitoffs;
    sb->bitsize = (uint8_t)bitsize;
    sb->orig = orig;
}

/* A sub binary over the binary in slot src (which must be whole). */
static void build_sub(size_t dst, size_t src)
{
    bin_view_t v;
    bin_view(pool[src], &v);
    uint64_t bytes = v.bitsize / 8;
    if (bytes < 2) return;
    uint64_t offs = rndn(bytes / 2), size = rndn(bytes - offs - 1);
    unsigned bo = (unsigned)rndn(8), bs = (unsigned)rndn(8);
    term_subbin_t *sb = (term_subbin_t *)A(SUBBIN_WORDS);
    fill_sub(sb, pool[src], offs, size, bo, bs);
    term_subbin_t *rb = (term_subbin_t *)heap_alloc(&REF, SUBBIN_WORDS);
    fill_sub(rb, rpool[src], offs, size, bo, bs);
    build_size = 2;
    set(dst, term_from_boxed_ptr((term *)sb), term_from_boxed_ptr((term *)rb));
}

static fun_entry_t *test_fun_entry(uint32_t index, uint32_t num_free)
{
    static const uint8_t uniq[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    return funtab_get(atom_from_cstr("gc_test_mod"), index, uniq, index, 77, 1 + num_free, num_free);
}

static void fill_fun(term_fun_t *f, fun_entry_t *e, uint32_t nf, const term *env)
{
    f->header = hdr_make(FUN_WORDS - 1 + nf, HDR_FUN);
    f->entry = e;
    f->arity = 1;
    f->num_free = nf;
    f->creator = term_make_pid(1, 0);
    memcpy(f->env, env, nf * sizeof(term));
}

static void build_fun(size_t dst, const size_t *idx, uint32_t nf)
{
    fun_entry_t *e = test_fun_entry(nf, nf);
    term_fun_t *f = (term_fun_t *)A(FUN_WORDS + nf);
    term env[8], renv[8];
    for (uint32_t i = 0; i < nf; i++) env[i] = pool[idx[i]], renv[i] = rpool[idx[i]], build_size += tsz[idx[i]];
    fill_fun(f, e, nf, env);
    gc_link_offheap(&H, (term_offheap_hdr_t *)f);
    funtab_retain(e);
    term_fun_t *rf = (term_fun_t *)heap_alloc(&REF, FUN_WORDS + nf);
    fill_fun(rf, e, nf, renv);
    heap_link_offheap(&REF, (term_offheap_hdr_t *)rf);
    set(dst, term_from_boxed_ptr((term *)f), term_from_boxed_ptr((term *)rf));
}

static void fill_ext_pid(term_external_t *x, term_node_t *n, uint32_t num)
{
    x->header = hdr_make(3, HDR_EXT_PID);
    x->node = n;
    x->data[0] = num;
    x->data[1] = 0;
}

static term_node_t *test_node(void) { return node_get(atom_from_cstr("gc@test"), 3); }

static void build_ext_pid(size_t dst, uint32_t num)
{
    term_node_t *n = test_node();
    term_external_t *x = (term_external_t *)A(4);
    fill_ext_pid(x, n, num);
    gc_link_offheap(&H, (term_offheap_hdr_t *)x);
    node_retain(n);
    term_external_t *rx = (term_external_t *)heap_alloc(&REF, 4);
    fill_ext_pid(rx, n, num);
    heap_link_offheap(&REF, (term_offheap_hdr_t *)rx);
    set(dst, term_from_boxed_ptr((term *)x), term_from_boxed_ptr((term *)rx));
}

/* A map built in a heap fragment (the message / BIF-result path): keys are
 * small integers and pool terms, values pool terms. */
static void build_map(size_t dst, size_t n)
{
    term k[64], v[64], rk[64], rv[64];
    for (size_t i = 0; i < n; i++) {
        size_t a = pick(), b = pick();
        build_size += tsz[b] + 1;
        if (rndn(3)) {
            k[i] = rk[i] = term_from_small((int64_t)rndn(1000));
        } else {
            k[i] = pool[a];
            rk[i] = rpool[a];
            build_size += tsz[a];
        }
        v[i] = pool[b];
        rv[i] = rpool[b];
    }
    gc_frag_t *f = gc_frag_new();
    term m = map_from_pairs(&f->heap, k, v, n);
    gc_frag_attach(&H, f);
    set(dst, m, map_from_pairs(&REF, rk, rv, n));
}

/* A fragment holding a list of fresh data with a procbin in it, like a
 * received message. */
static void build_message(size_t dst, size_t len)
{
    gc_frag_t *f = gc_frag_new();
    term e[32], re[32];
    for (size_t i = 0; i < len; i++) {
        switch (rndn(3)) {
        case 0: e[i] = re[i] = term_from_small((int64_t)rnd() >> 8); break;
        case 1: {
            double d = (double)rnd() / 7.0;
            e[i] = heap_make_float(&f->heap, d);
            re[i] = heap_make_float(&REF, d);
            break;
        }
        default: {
            uint8_t data[100];
            for (size_t j = 0; j < sizeof data; j++) data[j] = (uint8_t)rnd();
            e[i] = bin_make(&f->heap, data, sizeof data, NULL);
            re[i] = bin_make(&REF, data, sizeof data, NULL);
            break;
        }
        }
    }
    term l = heap_make_list(&f->heap, e, len, NIL);
    gc_frag_attach(&H, f);
    build_size = 1 + 2 * len;
    set(dst, l, heap_make_list(&REF, re, len, NIL));
}

/* ---- sharing records: child slot c is element pos of parent slot p ---- */
typedef struct {
    uint16_t parent, child;
    unsigned pgen, cgen;
    uint8_t pos;
    bool is_cons;
} share_t;
#define NSHARE 4096
static share_t shares[NSHARE];
static size_t nshares;

static void record(size_t parent, size_t pos, size_t child, bool is_cons)
{
    shares[nshares++ % NSHARE] = (share_t){(uint16_t)parent, (uint16_t)child, gen[parent], gen[child], (uint8_t)pos, is_cons};
}

static void check_shares(void)
{
    size_t n = nshares < NSHARE ? nshares : NSHARE, checked = 0;
    for (size_t i = 0; i < n; i++) {
        share_t *s = &shares[i];
        if (gen[s->parent] != s->pgen || gen[s->child] != s->cgen) continue;
        term p = pool[s->parent];
        term got = s->is_cons ? term_list_ptr(p)[s->pos] : term_tuple_elems(p)[s->pos];
        cr_assert_eq(got, pool[s->child], "sharing lost: slot %u element %u is not slot %u", s->parent, s->pos, s->child);
        checked++;
    }
    (void)checked;
}

/* ---- stack: y words that mirror pool slots, between fake CPs ---- */
typedef struct {
    size_t depth; /* words from hend */
    uint16_t slot;
    unsigned gen;
} ymark_t;
static ymark_t ymarks[512];
static size_t nymarks;

static void push_word(term w)
{
    if (H.stop == H.htop) {
        ncollects++;
        cr_assert_eq(gc_collect(&H, 1, roots, 1), GC_OK);
    }
    *--H.stop = w;
}

static void push_frame(size_t nslots)
{
    push_word((term)(uintptr_t)&fake_code[rndn(64)]);
    for (size_t i = 0; i < nslots && nymarks < 512; i++) {
        size_t s = rndn(POOL);
        if (rndn(4) == 0) {
            push_word(term_make_catch(rndn(1000)));
            continue;
        }
        push_word(NIL);
        H.stop[0] = pool[s]; /* read after a possible GC in push_word */
        ymarks[nymarks++] = (ymark_t){(size_t)(H.hend - H.stop), (uint16_t)s, gen[s]};
    }
}

static void check_stack(void)
{
    for (size_t i = 0; i < nymarks; i++) {
        ymark_t *m = &ymarks[i];
        if (gen[m->slot] != m->gen) continue;
        cr_assert_eq(H.hend[-(ptrdiff_t)m->depth], pool[m->slot], "stack word lost its sharing with slot %u", m->slot);
    }
}

static void check_all(void)
{
    verify();
    compare_pool();
    check_shares();
    check_stack();
}

/* ---- literals: a separate heap_t the collector must never touch ---- */
#define NLIT 4
static term lits[NLIT];
static term *lit_snapshot;
static size_t lit_words;

static void make_literals(void)
{
    term e[3] = {term_from_small(1), atom_from_cstr("lit"), heap_make_float(&LIT, 2.5)};
    lits[0] = heap_make_tuple(&LIT, 3, e);
    lits[1] = heap_make_list(&LIT, e, 3, NIL);
    uint8_t data[200];
    memset(data, 0xAB, sizeof data);
    lits[2] = bin_make(&LIT, data, sizeof data, NULL);
    term k[2] = {atom_from_cstr("a"), atom_from_cstr("b")};
    lits[3] = map_from_pairs(&LIT, k, e, 2);
    /* LIT has one block; keep a copy of its bytes */
    lit_words = (size_t)(LIT.top - LIT.blocks->mem);
    lit_snapshot = malloc(lit_words * sizeof(term));
    memcpy(lit_snapshot, LIT.blocks->mem, lit_words * sizeof(term));
}

static void check_literals_untouched(void)
{
    cr_assert(memcmp(lit_snapshot, LIT.blocks->mem, lit_words * sizeof(term)) == 0, "the literal area was written to");
}

/* One random mutator step. */
static void step(void)
{
    size_t dst = rndn(POOL);
    size_t idx[8] = {0};
    switch (rndn(20)) {
    case 0:
    case 1:
    case 2: {
        size_t k = rndn(6);
        for (size_t i = 0; i < k; i++) idx[i] = pick();
        build_tuple(dst, idx, k);
        for (size_t i = 0; i < k; i++)
            if (idx[i] != dst) record(dst, i, idx[i], false);
        break;
    }
    case 3:
    case 4:
    case 5: {
        size_t a = pick(), b = pick();
        build_cons(dst, a, b);
        if (a != dst) record(dst, 0, a, true);
        if (b != dst) record(dst, 1, b, true);
        break;
    }
    case 6: build_float(dst, (double)(int64_t)rnd() / 3.0); break;
    case 7: build_big(dst, 1 + rndn(4), rndn(2)); break;
    case 8: build_heap_bin(dst, rndn(HEAP_BIN_LIMIT + 1)); break;
    case 9: build_procbin(dst, HEAP_BIN_LIMIT + 1 + rndn(400)); break;
    case 10: {
        size_t src = rndn(POOL);
        if (is_whole_bin(pool[src]) && src != dst) build_sub(dst, src);
        break;
    }
    case 11: build_map(dst, rndn(3) ? rndn(MAP_SMALL_LIMIT + 1) : MAP_SMALL_LIMIT + 1 + rndn(30)); break;
    case 12: {
        uint32_t nf = (uint32_t)rndn(4);
        for (size_t i = 0; i < nf; i++) idx[i] = pick();
        build_fun(dst, idx, nf);
        break;
    }
    case 13: build_ext_pid(dst, (uint32_t)rndn(100)); break;
    case 14: build_message(dst, 1 + rndn(10)); break;
    case 15: build_size = 8, set(dst, lits[rndn(NLIT)], lits[0]), rpool[dst] = pool[dst]; break;
    case 16: /* drop: garbage */
        set(dst, term_from_small((int64_t)rndn(50)), NIL), rpool[dst] = pool[dst];
        break;
    case 17: set(dst, atom_from_cstr("x"), NIL), rpool[dst] = pool[dst]; break;
    case 18:
        if (nymarks < 500) push_frame(1 + rndn(4));
        break;
    default: /* copy a slot: more sharing */
    {
        size_t s = rndn(POOL);
        pool[dst] = pool[s];
        rpool[dst] = rpool[s];
        gen[dst]++;
        tsz[dst] = tsz[s];
        break;
    }
    }
}

/* ---------------------------------------------------------------------
 * Heap size table
 * ------------------------------------------------------------------- */
Test(gc, heap_size_table_is_otps)
{
    size_t s = gc_next_heap_size(0, 0), n = 1;
    cr_assert_eq(s, 12);
    for (size_t i = 1; i < 40; i++) {
        s = gc_next_heap_size(s, 1);
        cr_assert_eq(s, otp_heap_sizes[i], "size %zu: %zu, erl says %zu", i, s, otp_heap_sizes[i]);
    }
    for (s = 12; gc_next_heap_size(s, 1); s = gc_next_heap_size(s, 1)) n++;
    cr_assert_eq(n, 137, "erl has 137 heap sizes, we have %zu", n);
    cr_assert_eq(s, (size_t)885767171276247u);
    cr_assert_eq(gc_next_heap_size(233, 0), 233);
    cr_assert_eq(gc_next_heap_size(234, 0), 376);
    cr_assert_eq(gc_next_heap_size(233, 1), 376);
    cr_assert_eq(gc_next_heap_size(234, 1), 610);
    cr_assert_eq(gc_next_heap_size(s + 1, 0), 0);
    cr_assert_eq(gc_heap_size(&H), 233, "a new heap has min_heap_size words");
}

/* ---------------------------------------------------------------------
 * Basic: roots, stack, continuation pointers, catches
 * ------------------------------------------------------------------- */
Test(gc, roots_and_stack)
{
    build_float(0, 1.5);
    build_cons(1, 0, 0);
    size_t idx[3] = {0, 1, 1};
    build_tuple(2, idx, 3);
    build_big(3, 2, true);
    /* a frame: CP, y0 = slot 2, a catch, y2 = slot 1, then an outer CP */
    term cp1 = (term)(uintptr_t)&fake_code[3], cp2 = (term)(uintptr_t)&fake_code[9], c = term_make_catch(42);
    push_word(cp2);
    push_word(pool[1]);
    push_word(c);
    push_word(pool[2]);
    push_word(cp1);
    for (int round = 0; round < 4; round++) {
        term *before = H.heap; /* each collection copies to another block
                                  (recycled blocks may come back later) */
        cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
        cr_assert_neq(H.heap, before, "the young block was replaced");
        verify();
        compare_pool();
        cr_assert_eq(H.stop[0], cp1);
        cr_assert_eq(H.stop[1], pool[2]);
        cr_assert_eq(H.stop[2], c);
        cr_assert_eq(H.stop[3], pool[1]);
        cr_assert_eq(H.stop[4], cp2);
        term *t = term_tuple_elems(pool[2]);
        cr_assert_eq(t[1], pool[1]);
        cr_assert_eq(t[2], pool[1], "shared cons copied twice");
        cr_assert_eq(term_car(pool[1]), pool[0]);
        cr_assert_eq(term_cdr(pool[1]), pool[0]);
    }
    cr_assert_eq(H.total_gcs, 4);
}

Test(gc, literals_never_move)
{
    make_literals();
    for (size_t i = 0; i < NLIT; i++) set(i, lits[i], lits[i]);
    size_t idx[4] = {0, 1, 2, 3};
    build_tuple(10, idx, 4);
    push_word(lits[1]);
    for (int round = 0; round < 6; round++) {
        cr_assert_eq(round == 3 ? gc_collect_full(&H, 0, roots, 1) : gc_collect(&H, 0, roots, 1), GC_OK);
        verify();
        for (size_t i = 0; i < NLIT; i++) {
            cr_assert_eq(pool[i], lits[i], "literal %zu moved", i);
            cr_assert_eq(term_tuple_elems(pool[10])[i], lits[i]);
        }
        cr_assert_eq(H.stop[0], lits[1]);
        check_literals_untouched();
    }
    /* the literal's refc binary belongs to the literal area, not to us */
    term_procbin_t *pb = (term_procbin_t *)term_boxed_ptr(lits[2]);
    cr_assert_eq(atomic_load(&pb->val->refc), 1);
    cr_assert_eq(H.bin_vheap, 0);
    free(lit_snapshot);
}

/* ---------------------------------------------------------------------
 * Random graphs
 * ------------------------------------------------------------------- */
static void random_run(uint64_t seed, uint32_t fullsweep_after, size_t steps)
{
    rng_state = seed;
    make_literals();
    H.fullsweep_after = fullsweep_after;
    for (size_t s = 0; s < steps; s++) {
        step();
        if (s % 200 == 199) {
            int r = (int)rndn(4);
            int rc = r == 0 ? gc_collect_full(&H, rndn(5000), roots, 1) : gc_collect(&H, rndn(300), roots, 1);
            cr_assert_eq(rc, GC_OK);
            check_all();
            check_literals_untouched();
        }
    }
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    check_all();
    cr_assert_gt(H.total_gcs, 20);
    cr_assert_gt(H.total_fullsweeps, 0);
    free(lit_snapshot);
}

Test(gc, random_graphs_default_policy) { random_run(0x1234567u, GC_FULLSWEEP_AFTER, 16000); }
Test(gc, random_graphs_frequent_fullsweeps) { random_run(0xC0FFEEu, 3, 16000); }
Test(gc, random_graphs_always_fullsweep) { random_run(0xBEEFu, 0, 6000); }

Test(gc, random_graphs_stress_mode)
{
    H.stress = true;
    cr_assert(gc_should_collect(&H));
    rng_state = 77;
    make_literals();
    uint64_t before = H.total_gcs;
    size_t a0 = nallocs, c0 = ncollects;
    for (size_t s = 0; s < 1500; s++) {
        step();
        if (s % 100 == 99) check_all();
    }
    check_all();
    /* every allocation collected, and nothing else did */
    cr_assert_eq(H.total_gcs - before, (nallocs - a0) + (ncollects - c0));
    cr_assert_gt(nallocs - a0, 800);
    free(lit_snapshot);
}

/* The verifier must see damage, or the checks above prove nothing. */
Test(gc, verifier_catches_broken_heaps)
{
    size_t idx[2] = {0, 1};
    build_float(0, 1.0);
    build_cons(1, 0, 0);
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK); /* slots 0, 1 now old */
    build_tuple(2, idx, 2);
    build_procbin(3, 100);
    verify();
    term *t = term_tuple_elems(pool[2]), save;

    /* an old-heap object pointing at the young heap */
    term *oldcons = term_list_ptr(pool[1]);
    save = oldcons[1];
    oldcons[1] = pool[2];
    cr_assert_not_null(gc_verify(&H, roots, 1), "old->young pointer not seen");
    oldcons[1] = save;

    /* a pointer into the free part of the heap */
    save = t[0];
    t[0] = term_from_boxed_ptr(H.htop);
    cr_assert_not_null(gc_verify(&H, roots, 1), "pointer into free space not seen");
    /* into the middle of an object */
    t[0] = term_from_boxed_ptr(term_boxed_ptr(pool[3]) + 1);
    cr_assert_not_null(gc_verify(&H, roots, 1), "pointer into an object not seen");
    t[0] = save;

    /* a bad header */
    save = term_boxed_ptr(pool[2])[0];
    term_boxed_ptr(pool[2])[0] = hdr_make(2, 0xFu << 2);
    cr_assert_not_null(gc_verify(&H, roots, 1), "bad subtag not seen");
    term_boxed_ptr(pool[2])[0] = save;

    /* an off-heap object missing from its chain */
    term_offheap_hdr_t *chain = H.offheap;
    H.offheap = NULL;
    cr_assert_not_null(gc_verify(&H, roots, 1), "incomplete off-heap chain not seen");
    H.offheap = chain;

    /* vheap accounting off */
    H.bin_vheap++;
    cr_assert_not_null(gc_verify(&H, roots, 1), "vheap mismatch not seen");
    H.bin_vheap--;

    /* a root holding a forwarded-cons marker */
    pool[5] = THE_NON_VALUE;
    verify(); /* allowed in roots: an empty register */
    push_word(THE_NON_VALUE);
    verify(); /* and on the stack: a y slot not written yet */
    pool[5] = NIL;
    verify();
}

/* ---------------------------------------------------------------------
 * Deep data: no recursion in the collector
 * ------------------------------------------------------------------- */
Test(gc, million_element_list)
{
    const size_t N = 1000000;
    /* pool[0] is the list being built, from the end */
    for (size_t i = N; i-- > 0;) {
        term *p = A(2);
        p[0] = term_from_small((int64_t)i);
        p[1] = pool[0];
        pool[0] = term_from_list_ptr(p);
    }
    /* nested in the head direction too: [[[...]]] 200,000 deep */
    for (size_t i = 0; i < 200000; i++) {
        term *p = A(2);
        p[0] = pool[1];
        p[1] = NIL;
        pool[1] = term_from_list_ptr(p);
    }
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(gc_collect_full(&H, 0, roots, 1), GC_OK);
    verify();
    size_t n = 0;
    for (term l = pool[0]; term_is_list(l); l = term_cdr(l), n++)
        cr_assert_eq(term_car(l), term_from_small((int64_t)n));
    cr_assert_eq(n, N);
    n = 0;
    for (term l = pool[1]; term_is_list(l); l = term_car(l)) n++;
    cr_assert_eq(n, 200000);
    cr_assert_geq(gc_heap_size(&H), 2 * N + 400000, "the heap grew to hold it");
    cr_assert_eq(gc_next_heap_size(gc_heap_size(&H), 0), gc_heap_size(&H));
}

/* ---------------------------------------------------------------------
 * Generations
 * ------------------------------------------------------------------- */
Test(gc, promotion_and_fullsweep_after)
{
    H.fullsweep_after = 3;
    size_t idx[2] = {0, 0};
    build_float(0, 9.0);
    build_tuple(1, idx, 2);
    /* The first GC of a process is a full sweep: there is no old heap. */
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(H.total_fullsweeps, 1);
    cr_assert_null(H.old_heap);
    cr_assert(in_young(pool[1]));
    cr_assert_eq(H.high_water, H.htop, "survivors sit below high water");
    /* Data allocated now is above high water. */
    build_cons(2, 1, 0);
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    verify();
    cr_assert_eq(H.minor_gcs, 1);
    cr_assert(in_old(pool[1]), "survivor of two GCs is promoted");
    cr_assert(in_old(pool[0]));
    cr_assert(in_young(pool[2]), "survivor of one GC stays young");
    cr_assert_eq(term_car(pool[2]), pool[1], "young->old pointer updated");
    term *old1 = term_boxed_ptr(pool[1]);
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    verify();
    cr_assert_eq(H.minor_gcs, 2);
    cr_assert(in_old(pool[2]));
    cr_assert_eq(term_boxed_ptr(pool[1]), old1, "a minor GC leaves the old heap alone");
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(H.minor_gcs, 3);
    cr_assert_eq(H.total_fullsweeps, 1);
    /* fullsweep_after minor GCs done: the next is a full sweep. */
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    verify();
    cr_assert_eq(H.total_fullsweeps, 2);
    cr_assert_eq(H.minor_gcs, 0);
    cr_assert_null(H.old_heap, "a full sweep frees the old heap");
    cr_assert(in_young(pool[0]) && in_young(pool[1]) && in_young(pool[2]));
    cr_assert_eq(term_tuple_elems(pool[1])[0], pool[0]);
    cr_assert_eq(term_tuple_elems(pool[1])[1], pool[0]);
    compare_pool();
}

Test(gc, old_heap_too_small_forces_fullsweep)
{
    /* 200 live words; GC 1 is a full sweep (no old heap yet); GC 2 is minor
     * and creates the old heap with one size more than the young usage
     * (next_heap_size(200, 1) = 376), promoting the 200 words; it asks for
     * room for what follows so that no allocation collects in between. */
    for (size_t i = 0; i < 100; i++) build_float(i, (double)i);
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(gc_collect(&H, 312, roots, 1), GC_OK);
    cr_assert_eq(gc_heap_size(&H), 376, "grown for the need: next_heap_size(312)");
    cr_assert_eq(gc_old_heap_size(&H), 376);
    cr_assert_eq((size_t)(H.old_htop - H.old_heap), 200);
    cr_assert_eq(H.total_fullsweeps, 1);
    /* 312 more words: GC 3 (minor) keeps them young and mature, GC 4 finds
     * them larger than the 176 words of room left and must sweep fully. */
    for (size_t i = 100; i < 256; i++) build_float(i, (double)i);
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(H.total_fullsweeps, 1);
    cr_assert_eq((size_t)(H.high_water - H.heap), 312);
    cr_assert_gt((size_t)(H.high_water - H.heap), (size_t)(H.old_hend - H.old_htop));
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(H.total_fullsweeps, 2, "mature data larger than the old heap's room forces a full sweep");
    cr_assert_null(H.old_heap);
    verify();
    compare_pool();
}

/* ---------------------------------------------------------------------
 * Off-heap objects
 * ------------------------------------------------------------------- */
static uint64_t refc(bin_store_t *b) { return atomic_load(&b->refc); }

Test(gc, refc_binaries_released_exactly_when_unreachable)
{
    H.fullsweep_after = 100;
    bin_store_t *a = build_procbin(0, 1000), *b = build_procbin(1, 2000), *c = build_procbin(2, 3000);
    bin_store_retain(a), bin_store_retain(b), bin_store_retain(c); /* the test's own references */
    build_sub(3, 1);                                                 /* sub binary over b */
    pool[1] = NIL;                                                    /* b only through the sub binary */
    pool[2] = NIL;                                                    /* c unreachable */
    cr_assert_eq(H.bin_vheap, (1000 + 2000 + 3000) / 8);
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK); /* full (first) */
    verify();
    cr_assert_eq(refc(a), 2);
    cr_assert_eq(refc(b), 2, "kept alive by the sub binary");
    cr_assert_eq(refc(c), 1, "released by the GC that found it unreachable");
    cr_assert_eq(H.bin_vheap, (1000 + 2000) / 8);
    cr_assert(cmp_eq_exact(pool[3], rpool[3]));

    /* promote a and b's procbin, then drop them: a minor GC cannot see it */
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert(in_old(pool[0]) && in_old(pool[3]));
    cr_assert_eq(H.bin_old_vheap, (1000 + 2000) / 8);
    cr_assert_eq(H.bin_vheap, 0);
    pool[0] = NIL;
    pool[3] = NIL;
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    verify();
    cr_assert_eq(refc(a), 2, "old-heap garbage lives until a full sweep");
    cr_assert_eq(gc_collect_full(&H, 0, roots, 1), GC_OK);
    verify();
    cr_assert_eq(refc(a), 1);
    cr_assert_eq(refc(b), 1);
    cr_assert_eq(H.bin_old_vheap, 0);
    cr_assert_null(H.offheap);
    bin_store_release(a), bin_store_release(b), bin_store_release(c);
}

Test(gc, funs_and_externals_release_their_references)
{
    size_t idx[2] = {5, 6};
    build_float(5, 1.0);
    build_big(6, 3, false);
    build_fun(0, idx, 2);
    build_ext_pid(1, 7);
    fun_entry_t *e = ((term_fun_t *)term_boxed_ptr(pool[0]))->entry;
    term_node_t *n = ((term_external_t *)term_boxed_ptr(pool[1]))->node;
    funtab_retain(e);
    node_retain(n);
    uint64_t fe = atomic_load(&e->refc), nn = atomic_load(&n->refc); /* process + twin + test */
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    verify();
    compare_pool();
    cr_assert_eq(atomic_load(&e->refc), fe);
    term_fun_t *f = (term_fun_t *)term_boxed_ptr(pool[0]);
    cr_assert_eq(f->env[0], pool[5], "fun environment is scanned and shared");
    cr_assert_eq(f->env[1], pool[6]);
    pool[0] = pool[1] = NIL;
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    verify();
    cr_assert_eq(atomic_load(&e->refc), fe - 1);
    cr_assert_eq(atomic_load(&n->refc), nn - 1);
    funtab_release(e);
    node_release(n);
}

Test(gc, vheap_asks_for_collection)
{
    cr_assert_not(gc_should_collect(&H));
    bin_store_t *big = build_procbin(0, (GC_MIN_BIN_VHEAP_SIZE + 10) * 8);
    cr_assert(gc_should_collect(&H), "refc binaries beyond the virtual heap ask for a GC");
    bin_store_retain(big);
    pool[0] = NIL;
    term *p;
    uint64_t g = H.total_gcs;
    cr_assert_eq(gc_alloc(&H, 2, roots, 1, &p), GC_OK);
    cr_assert_eq(H.total_gcs, g + 1, "gc_alloc collected although there was room");
    cr_assert_eq(refc(big), 1);
    cr_assert_eq(H.bin_vheap, 0);
    cr_assert_not(gc_should_collect(&H));
    bin_store_release(big);
}

/* A handle an in-place append made (PROCBIN_GROWN) adds nothing to the
 * virtual binary heap: its store was counted when it was created, as OTP
 * counts a writable ProcBin once. A GC that keeps it, or a copy that takes
 * it to another heap (a message), counts it in full. */
Test(gc, grown_binary_handles_count_when_kept_or_copied)
{
    size_t n = 800;
    bin_store_t *b = bin_store_new(n);
    memset(b->data, 7, n);
    term_procbin_t *pb = (term_procbin_t *)A(PROCBIN_WORDS);
    *pb = (term_procbin_t){.header = hdr_make(PROCBIN_WORDS - 1, HDR_REFC_BIN), .size = n, .val = b,
                           .bytes = b->data, .flags = PROCBIN_GROWN};
    gc_link_offheap(&H, (term_offheap_hdr_t *)pb);
    set(0, term_from_boxed_ptr((term *)pb), bin_make(&REF, b->data, n, NULL));
    cr_assert_eq(H.bin_vheap, 0);
    gc_frag_t *f = gc_frag_new();
    term c = copy_term(&f->heap, pool[0]);
    gc_frag_attach(&H, f);
    set(1, c, bin_make(&REF, b->data, n, NULL));
    cr_assert_eq(H.bin_vheap, n / 8, "the copy counts in full");
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(H.bin_vheap, 2 * n / 8, "both handles kept, both counted");
    const char *e = gc_verify(&H, roots, 1);
    cr_assert_null(e, "gc_verify: %s", e ? e : "");
}

/* ---------------------------------------------------------------------
 * Fragments
 * ------------------------------------------------------------------- */
Test(gc, fragments_are_merged_and_freed)
{
    for (size_t i = 0; i < 20; i++) build_message(i, 10);
    build_map(20, 10);
    build_map(21, 50); /* HAMT */
    cr_assert(map_size(pool[21]) > MAP_SMALL_LIMIT || map_size(pool[21]) == map_size(rpool[21]));
    /* one unreachable fragment with a refc binary in it */
    gc_frag_t *f = gc_frag_new();
    uint8_t data[300] = {1};
    term dead = bin_make(&f->heap, data, sizeof data, NULL);
    bin_store_t *st = ((term_procbin_t *)term_boxed_ptr(dead))->val;
    bin_store_retain(st);
    gc_frag_attach(&H, f);
    cr_assert_gt(H.frag_words, 0);
    verify();
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    verify();
    cr_assert_null(H.frags);
    cr_assert_eq(H.frag_words, 0);
    cr_assert_eq(refc(st), 1, "refc binary of a dead fragment released");
    for (size_t i = 0; i < 22; i++) cr_assert(in_young(pool[i]), "slot %zu copied into the heap", i);
    compare_pool();
    /* maps still work after the move */
    map_iter_t it;
    term k, v;
    size_t n = 0;
    map_iter_init(&it, pool[21]);
    while (map_iter_next(&it, &k, &v)) {
        cr_assert(cmp_eq_exact(map_get(pool[21], k), v));
        n++;
    }
    cr_assert_eq(n, map_size(pool[21]));
    bin_store_release(st);
}

/* A minor GC with many fragments next to an old heap: the collector tests
 * a pointer against the fragments' bounding box and the old heap before
 * searching the fragments, so the old heap may lie inside that box. Old
 * objects referenced from fragments stay where they are, the fragments'
 * objects move into the young heap, the pointers between them follow. */
Test(gc, minor_gc_with_fragments_around_the_old_heap)
{
    for (size_t i = 0; i < 64; i++) build_float(i, (double)i);
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK); /* full sweep */
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK); /* minor: promotes */
    cr_assert(in_old(pool[0]) && in_old(pool[63]));
    term *olds[64];
    for (size_t i = 0; i < 64; i++) olds[i] = term_boxed_ptr(pool[i]);
    /* fragments allocated before and after a big block, so that some lie
     * below and some above whatever the old heap's address is */
    void *spacer = malloc(1 << 20);
    cr_assert_not_null(spacer);
    for (size_t i = 0; i < 64; i++) {
        if (i == 32) free(spacer);
        gc_frag_t *f = gc_frag_new();
        term e[2] = {pool[i], term_from_small((int64_t)i)};
        term t = heap_make_tuple(&f->heap, 2, e);
        term rt = heap_make_tuple(&REF, 2, (term[]){rpool[i], term_from_small((int64_t)i)});
        gc_frag_attach(&H, f);
        pool[64 + i] = t;
        rpool[64 + i] = rt;
        tsz[64 + i] = tsz[i] + 1;
    }
    verify();
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    verify();
    cr_assert_eq(H.total_fullsweeps, 1, "a minor GC");
    cr_assert_null(H.frags);
    for (size_t i = 0; i < 64; i++) {
        cr_assert_eq(term_boxed_ptr(pool[i]), olds[i], "old object %zu left in place", i);
        cr_assert(in_young(pool[64 + i]), "fragment tuple %zu copied into the young heap", i);
        cr_assert_eq(term_tuple_elems(pool[64 + i])[0], pool[i], "its pointer into the old heap kept");
    }
    compare_pool();
}

Test(gc, sub_binary_over_heap_binary_copies_both)
{
    build_heap_bin(0, 40);
    build_sub(1, 0);
    pool[0] = NIL;
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    verify();
    term orig = ((term_subbin_t *)term_boxed_ptr(pool[1]))->orig;
    cr_assert(in_young(orig));
    cr_assert_eq(hdr_subtag(term_boxed_header(orig)), HDR_HEAP_BIN);
    cr_assert(cmp_eq_exact(pool[1], rpool[1]));
}

/* ---------------------------------------------------------------------
 * Sizing
 * ------------------------------------------------------------------- */
Test(gc, heap_grows_along_the_table_and_shrinks)
{
    size_t last = gc_heap_size(&H);
    bool grew = false;
    /* a list that keeps growing: every GC must leave a table size with room */
    for (size_t i = 0; i < 60000; i++) {
        term *p = A(2);
        p[0] = term_from_small((int64_t)i);
        p[1] = pool[0];
        pool[0] = term_from_list_ptr(p);
        size_t sz = gc_heap_size(&H);
        if (sz != last) {
            cr_assert_eq(gc_next_heap_size(sz, 0), sz, "heap size %zu is not in OTP's table", sz);
            grew |= sz > last;
            last = sz;
        }
    }
    cr_assert(grew);
    cr_assert_eq(gc_collect_full(&H, 0, roots, 1), GC_OK);
    size_t live = (size_t)(H.htop - H.heap);
    cr_assert_eq(live, 120000);
    cr_assert_geq(gc_heap_size(&H), live);
    /* drop it all: the next full sweeps shrink to 2 * need_after, then to
     * the minimum */
    pool[0] = NIL;
    cr_assert_eq(gc_collect_full(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(gc_collect_full(&H, 0, roots, 1), GC_OK);
    verify();
    cr_assert_eq(gc_heap_size(&H), GC_MIN_HEAP_SIZE, "empty heap shrinks back to min_heap_size, is %zu", gc_heap_size(&H));
}

Test(gc, need_is_met_with_the_table_size)
{
    build_float(0, 3.0);
    bin_store_t *b = build_procbin(1, 500); /* the young chain must survive the resize */
    (void)b;
    size_t need = 100000;
    cr_assert_eq(gc_collect(&H, need, roots, 1), GC_OK);
    verify();
    cr_assert_geq((size_t)(H.stop - H.htop), need);
    size_t used = (size_t)(H.htop - H.heap) + gc_stack_size(&H);
    cr_assert_eq(gc_heap_size(&H), gc_next_heap_size(used + need, 0), "grown to the first table size that fits");
    compare_pool();
}

Test(gc, full_heap_grows_at_next_fullsweep)
{
    /* live data between 75% and 100% of the heap after a full sweep sets
     * HEAP_GROW: the next full sweep takes one size more. */
    H.fullsweep_after = 0;
    size_t target = 233 * 8 / 10 / 2; /* cons cells filling ~80% of 233 */
    for (size_t i = 0; i < target; i++) {
        term *p = A(2);
        p[0] = NIL;
        p[1] = pool[0];
        pool[0] = term_from_list_ptr(p);
    }
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(gc_heap_size(&H), 233);
    cr_assert(H.flags & GC_F_HEAP_GROW);
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(gc_heap_size(&H), 376);
    verify();
}

/* ---------------------------------------------------------------------
 * Limits
 * ------------------------------------------------------------------- */
Test(gc, max_heap_size_is_reported)
{
    for (size_t i = 0; i < 150; i++) build_float(i, (double)i); /* 300 live words */
    H.max_heap_size = 600;
    H.max_heap_kill = true;
    term *top = H.htop, *heap = H.heap;
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_MAX_HEAP_SIZE);
    cr_assert_eq(H.htop, top, "with kill nothing is collected");
    cr_assert_eq(H.heap, heap);
    term *p;
    cr_assert_eq(gc_alloc(&H, 1000, roots, 1, &p), GC_MAX_HEAP_SIZE);
    cr_assert_null(p);
    H.max_heap_kill = false;
    cr_assert_eq(gc_collect(&H, 50, roots, 1), GC_MAX_HEAP_SIZE);
    cr_assert_neq(H.heap, heap, "without kill the collection is done and reported");
    cr_assert_geq((size_t)(H.stop - H.htop), 50);
    verify();
    compare_pool();
    H.max_heap_size = 0;
    cr_assert_eq(gc_collect(&H, 0, roots, 1), GC_OK);
    cr_assert_eq(gc_collect(&H, (size_t)1 << 60, roots, 1), GC_SYSTEM_LIMIT);
    verify();
}
