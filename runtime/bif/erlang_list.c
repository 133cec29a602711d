/*
 * erlang_list.c - BIFs on lists (length, hd, tl, ++, --, the lists module's
 * reverse/member/key* BIFs) and on iolists (list_to_binary and friends).
 *
 * Lists may be arbitrarily long and deep, so every walk here is a loop: a
 * proper-list check counts first, then the result is allocated once and
 * filled. Deep iolists use an explicit, malloc'd stack of pending tails.
 */
#include "erlang_list.h"

#include "bif.h"
#include "bin.h"
#include "cmp.h"
#include "scheduler.h"

#include <stdlib.h>
#include <string.h>

/* The length of a proper list, or -1 if l is not one. */
static int64_t proper_length(term l)
{
    int64_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) n++;
    return term_is_nil(l) ? n : -1;
}

/* =:= with the cheap cases first: equal words are equal, and two words that
 * differ are unequal unless one of them is boxed or a list. */
static inline bool eq_exact(term a, term b)
{
    if (a == b) return true;
    if (term_is_immed(a) || term_is_immed(b)) return false;
    return cmp_eq_exact(a, b);
}

static inline bool eq_arith(term a, term b)
{
    if (a == b) return true;
    if (term_is_immed(a) && term_is_immed(b)) return false;
    return cmp_eq(a, b);
}

term bif_erlang_length_1(proc_t *p, const term *args)
{
    int64_t n = proper_length(args[0]);
    if (n < 0) BIF_BADARG(p);
    return term_from_small(n);
}

term bif_erlang_hd_1(proc_t *p, const term *args)
{
    if (!term_is_list(args[0])) BIF_BADARG(p);
    return term_car(args[0]);
}

term bif_erlang_tl_1(proc_t *p, const term *args)
{
    if (!term_is_list(args[0])) BIF_BADARG(p);
    return term_cdr(args[0]);
}

/* A copy of the n cells of proper list l ending in tail. */
static term copy_list(proc_t *p, term l, size_t n, term tail)
{
    if (n == 0) return tail;
    term *c = heap_alloc(proc_heap(p), 2 * n);
    term res = term_from_list_ptr(c);
    for (size_t i = 0; i < n; i++, l = term_cdr(l)) {
        c[2 * i] = term_car(l);
        c[2 * i + 1] = i + 1 < n ? term_from_list_ptr(&c[2 * i + 2]) : tail;
    }
    return res;
}

/* A ++ B: A must be proper, B is anything (it becomes the tail). */
term bif_erlang_append_2(proc_t *p, const term *args)
{
    int64_t n = proper_length(args[0]);
    if (n < 0) BIF_BADARG(p);
    return copy_list(p, args[0], (size_t)n, args[1]);
}

static int cmp_exact_qsort(const void *a, const void *b)
{
    term x = *(const term *)a, y = *(const term *)b;
    return x == y ? 0 : cmp_terms_exact(x, y);
}

/* Right-hand sides up to this length are searched linearly. */
#define SUBTRACT_LINEAR_MAX 16

/*
 * A -- B: for each element of B, the first remaining =:= occurrence in A is
 * removed. Equivalently each value occurring k times in B removes its
 * first k occurrences in A, which is what the large case computes: B
 * sorted into a multiset (value, count), A walked once with a binary search
 * per element, O((|A| + |B|) log |B|) as OTP's tree-based version.
 */
term bif_erlang_subtract_2(proc_t *p, const term *args)
{
    int64_t na = proper_length(args[0]), nb = proper_length(args[1]);
    if (na < 0 || nb < 0) BIF_BADARG(p);
    if (na == 0 || nb == 0) return args[0];

    term *a = malloc((size_t)na * sizeof(term));
    bool *keep = malloc((size_t)na);
    if (!a || !keep) laser_oom("--", (size_t)na * (sizeof(term) + 1));
    size_t i = 0;
    for (term l = args[0]; term_is_list(l); l = term_cdr(l), i++) a[i] = term_car(l), keep[i] = true;
    size_t kept = (size_t)na;

    if (nb <= SUBTRACT_LINEAR_MAX) {
        for (term l = args[1]; term_is_list(l) && kept > 0; l = term_cdr(l)) {
            term x = term_car(l);
            for (size_t j = 0; j < (size_t)na; j++)
                if (keep[j] && eq_exact(a[j], x)) {
                    keep[j] = false;
                    kept--;
                    break;
                }
        }
    } else {
        term *b = malloc((size_t)nb * sizeof(term));
        size_t *cnt = malloc((size_t)nb * sizeof(size_t));
        if (!b || !cnt) laser_oom("--", (size_t)nb * 16);
        size_t m = 0;
        for (term l = args[1]; term_is_list(l); l = term_cdr(l)) b[m++] = term_car(l);
        qsort(b, m, sizeof(term), cmp_exact_qsort);
        size_t u = 0; /* unique values b[0..u) with their counts */
        for (size_t j = 0; j < m; j++) {
            if (u > 0 && cmp_exact_qsort(&b[u - 1], &b[j]) == 0) {
                cnt[u - 1]++;
            } else {
                b[u] = b[j];
                cnt[u++] = 1;
            }
        }
        for (size_t j = 0; j < (size_t)na; j++) {
            term *hit = bsearch(&a[j], b, u, sizeof(term), cmp_exact_qsort);
            if (hit && cnt[hit - b] > 0) {
                cnt[hit - b]--;
                keep[j] = false;
                kept--;
            }
        }
        free(b);
        free(cnt);
    }

    term res = NIL;
    if (kept > 0) {
        term *c = heap_alloc(proc_heap(p), 2 * kept);
        term *prev = NULL;
        for (size_t j = 0; j < (size_t)na; j++) {
            if (!keep[j]) continue;
            c[0] = a[j];
            c[1] = NIL;
            if (prev) prev[1] = term_from_list_ptr(c);
            else res = term_from_list_ptr(c);
            prev = c;
            c += 2;
        }
    }
    free(a);
    free(keep);
    return res;
}

/* Long BIF calls go to a dirty CPU thread (sched_go_dirty): lists longer
 * than LIST_DIRTY_LEN elements, binaries longer than LIST_DIRTY_BYTES. */
#define LIST_DIRTY_LEN 100000
#define LIST_DIRTY_BYTES ((size_t)1 << 18)

/* An iolist with more than LIST_DIRTY_LEN list cells in its first two
 * levels (a bounded walk, no recursion): a long conversion. */
static bool long_list(term l)
{
    int64_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) {
        if (++n > LIST_DIRTY_LEN) return true;
        for (term e = term_car(l); term_is_list(e); e = term_cdr(e))
            if (++n > LIST_DIRTY_LEN) return true;
    }
    return false;
}

term bif_lists_reverse_2(proc_t *p, const term *args)
{
    int64_t n = proper_length(args[0]);
    if (n < 0) BIF_BADARG(p);
    if (n == 0) return args[1];
    if (n > LIST_DIRTY_LEN && sched_can_go_dirty(p)) return sched_go_dirty(p); /* long: scheduler.h */
    term *c = heap_alloc(proc_heap(p), 2 * (size_t)n);
    term acc = args[1];
    for (term l = args[0]; term_is_list(l); l = term_cdr(l), c += 2) {
        c[0] = term_car(l);
        c[1] = acc;
        acc = term_from_list_ptr(c);
    }
    return acc;
}

/* lists:member/2 compares with =:= and answers as soon as it finds the
 * element, so [b | c] contains b; reaching an improper tail is badarg. */
term bif_lists_member_2(proc_t *p, const term *args)
{
    term l = args[1];
    for (; term_is_list(l); l = term_cdr(l))
        if (eq_exact(term_car(l), args[0])) return ATOM(true);
    if (!term_is_nil(l)) BIF_BADARG(p);
    return ATOM(false);
}

/* The first tuple in list args[2] whose element args[1] is == args[0]
 * (arithmetic equality: keyfind(1.0, 1, [{1, a}]) finds it, as in OTP),
 * NIL if none, THE_NON_VALUE (exception set) on a bad argument. */
static term keyfind(proc_t *p, const term *args)
{
    if (!term_is_small(args[1]) || term_to_small(args[1]) < 1) BIF_BADARG(p);
    uint64_t pos = (uint64_t)term_to_small(args[1]);
    term key = args[0];
    term l = args[2];
    for (; term_is_list(l); l = term_cdr(l)) {
        term t = term_car(l);
        if (term_is_tuple(t) && term_tuple_arity(t) >= pos && eq_arith(term_tuple_elems(t)[pos - 1], key)) return t;
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    return NIL;
}

term bif_lists_keyfind_3(proc_t *p, const term *args)
{
    term t = keyfind(p, args);
    return term_is_nil(t) ? ATOM(false) : t;
}

term bif_lists_keymember_3(proc_t *p, const term *args)
{
    term t = keyfind(p, args);
    if (!term_is_value(t)) return t;
    return term_is_nil(t) ? ATOM(false) : ATOM(true);
}

term bif_lists_keysearch_3(proc_t *p, const term *args)
{
    term t = keyfind(p, args);
    if (!term_is_value(t)) return t;
    if (term_is_nil(t)) return ATOM(false);
    term e[2] = {ATOM(value), t};
    return heap_make_tuple(proc_heap(p), 2, e);
}

/* ---------------------------------------------------------------------
 * iolists
 * ------------------------------------------------------------------- */

/* One walk serves every iolist consumer, specialised per caller (it is
 * inlined with a constant mode):
 *   IOL_FLAT  iolist_size and iolist_to_binary's two passes: the size in
 *             bits and, with a destination, the bits written there;
 *   IOL_RUNS  bif_iolist_walk's callback: consecutive bytes of one flat
 *             list level are handed over as one run, as OTP's checksum
 *             walker does (md5_update's context shows how its input was
 *             split), binaries one by one, even empty ones (adler32 of
 *             an empty binary normalises the old checksum in OTP). The
 *             run buffer starts on the C stack and moves to malloc'd
 *             memory when a run outgrows it.
 * Deep lists use an explicit stack of pending tails (on the C stack up to
 * 64 levels, then malloc'd), never C recursion. */
typedef enum { IOL_FLAT, IOL_RUNS } iol_mode_t;

typedef struct {
    /* IOL_FLAT */
    uint8_t *dst; /* NULL: count only */
    uint64_t at;  /* bits so far */
    /* IOL_RUNS */
    bif_iol_fn fn;
    void *ctx;
    uint8_t *buf;
    size_t n, cap;
    uint8_t local[256];
} iol_out_t;

static void run_flush(iol_out_t *o)
{
    if (o->n) o->fn(o->ctx, o->buf, 0, (uint64_t)o->n * 8);
    o->n = 0;
}

static void run_grow(iol_out_t *o)
{
    size_t cap = 2 * o->cap;
    uint8_t *nb = o->buf == o->local ? malloc(cap) : realloc(o->buf, cap);
    if (!nb) laser_oom("iolist walk", cap);
    if (o->buf == o->local) memcpy(nb, o->local, o->n);
    o->buf = nb;
    o->cap = cap;
}

static inline __attribute__((always_inline)) void out_byte(iol_mode_t mode, iol_out_t *o, uint8_t b)
{
    if (mode == IOL_RUNS) {
        if (o->n == o->cap) run_grow(o);
        o->buf[o->n++] = b;
        return;
    }
    if (o->dst) {
        if (o->at % 8 == 0) {
            o->dst[o->at / 8] = b;
        } else {
            uint8_t one = b; /* only this path takes an address */
            bin_copy_bits(&one, 0, o->dst, o->at, 8);
        }
    }
    o->at += 8;
}

/* A bitstring where a binary may stand; false if it is not allowed. */
static inline __attribute__((always_inline)) bool out_bits(iol_mode_t mode, iol_out_t *o, term t, bool allow_bits)
{
    bin_view_t v;
    bin_view(t, &v);
    if (!allow_bits && v.bitsize % 8) return false;
    if (mode == IOL_RUNS) {
        run_flush(o);
        o->fn(o->ctx, v.base, v.bitoffs, v.bitsize);
        return true;
    }
    if (o->dst) bin_copy_bits(v.base, v.bitoffs, o->dst, o->at, v.bitsize);
    o->at += v.bitsize;
    return true;
}

static inline __attribute__((always_inline)) bool iol_walk(term t, bool allow_bits, iol_mode_t mode, iol_out_t *o)
{
    term local[64], *stack = local; /* tails still to walk, innermost last */
    size_t depth = 0, cap = 64;
    term cur = t;
    for (;;) {
        while (term_is_list(cur)) {
            term h = term_car(cur);
            cur = term_cdr(cur);
            if (term_is_small(h)) {
                uint64_t v = (uint64_t)term_to_small(h); /* negative: huge */
                if (v > 255) goto bad;
                out_byte(mode, o, (uint8_t)v);
            } else if (term_is_list(h)) {
                if (mode == IOL_RUNS) run_flush(o);
                if (depth == cap) {
                    cap *= 2;
                    term *ns = stack == local ? malloc(cap * sizeof(term)) : realloc(stack, cap * sizeof(term));
                    if (!ns) laser_oom("iolist walk", cap * sizeof(term));
                    if (stack == local) memcpy(ns, local, sizeof local);
                    stack = ns;
                }
                stack[depth++] = cur;
                cur = h;
            } else if (term_is_bitstring(h)) {
                if (!out_bits(mode, o, h, allow_bits)) goto bad;
            } else if (term_is_nil(h)) {
                if (mode == IOL_RUNS) run_flush(o);
            } else {
                goto bad;
            }
        }
        if (mode == IOL_RUNS) run_flush(o); /* end of a flat level */
        if (term_is_bitstring(cur)) {
            if (!out_bits(mode, o, cur, allow_bits)) goto bad;
        } else if (!term_is_nil(cur)) {
            goto bad;
        }
        if (depth == 0) break;
        cur = stack[--depth];
    }
    if (stack != local) free(stack);
    return true;
bad:
    if (stack != local) free(stack);
    return false;
}

bool bif_iolist_walk(term t, bool allow_bits, bif_iol_fn fn, void *ctx)
{
    iol_out_t o;
    o.fn = fn;
    o.ctx = ctx;
    o.buf = o.local;
    o.n = 0;
    o.cap = sizeof o.local;
    bool ok = iol_walk(t, allow_bits, IOL_RUNS, &o);
    if (o.buf != o.local) free(o.buf);
    return ok;
}

typedef struct {
    bif_iol_bytes_fn fn;
    void *ctx;
} bytes_adapter_t;

/* Unaligned binaries are copied whole, so that a consumer sees the same
 * runs as for an aligned one. */
static void to_bytes(void *vctx, const uint8_t *base, uint64_t bitoffs, uint64_t nbits)
{
    bytes_adapter_t *a = vctx;
    if (bitoffs == 0) {
        a->fn(a->ctx, base, (size_t)(nbits / 8));
        return;
    }
    size_t n = (size_t)(nbits / 8);
    uint8_t *copy = malloc(n ? n : 1);
    if (!copy) laser_oom("iolist walk", n);
    bin_copy_bits(base, bitoffs, copy, 0, nbits);
    a->fn(a->ctx, copy, n);
    free(copy);
}

bool bif_iolist_bytes(term t, bif_iol_bytes_fn fn, void *ctx)
{
    bytes_adapter_t a = {fn, ctx};
    return bif_iolist_walk(t, false, to_bytes, &a);
}

/* iolist_size's walk and iolist_to_binary's two passes: the size in bits
 * in *nbits (false: not an iolist, or a bitstring where allow_bits is
 * false), and with dst (the second pass, of a validated iolist) the bits
 * written there. */
static bool iol_flat(term t, bool allow_bits, uint8_t *dst, uint64_t *nbits)
{
    iol_out_t o;
    o.dst = dst;
    o.at = 0;
    if (!iol_walk(t, allow_bits, IOL_FLAT, &o)) return false;
    *nbits = o.at;
    return true;
}

/* The bitstring made of iolist t (validated by the size walk), or
 * THE_NON_VALUE with badarg set. */
static term iolist_to_bits(proc_t *p, term t, bool allow_bits)
{
    uint64_t nbits = 0;
    if (!iol_flat(t, allow_bits, NULL, &nbits)) BIF_BADARG(p);
    uint64_t nbytes = (nbits + 7) / 8;
    if (nbits % 8 == 0) {
        uint8_t *bytes;
        term bin = bin_make(proc_heap(p), NULL, (size_t)nbytes, &bytes);
        iol_flat(t, allow_bits, bytes, &nbits);
        return bin;
    }
    /* a bitstring: built in a scratch buffer, which bin_make_bits copies */
    uint8_t *tmp = calloc((size_t)nbytes, 1);
    if (!tmp) laser_oom("list_to_bitstring", (size_t)nbytes);
    iol_flat(t, allow_bits, tmp, &nbits);
    term bin = bin_make_bits(proc_heap(p), tmp, nbits);
    free(tmp);
    return bin;
}

/* list_to_binary/1 wants a list at the top (a binary there is badarg);
 * iolist_to_binary/1 also takes a binary. */
term bif_erlang_list_to_binary_1(proc_t *p, const term *args)
{
    if (!term_is_list(args[0]) && !term_is_nil(args[0])) BIF_BADARG(p);
    if (long_list(args[0]) && sched_can_go_dirty(p)) return sched_go_dirty(p);
    return iolist_to_bits(p, args[0], false);
}

term bif_erlang_iolist_to_binary_1(proc_t *p, const term *args)
{
    if (term_is_bitstring(args[0])) {
        if (bin_bit_size(args[0]) % 8 != 0) BIF_BADARG(p);
        return args[0];
    }
    if (!term_is_list(args[0]) && !term_is_nil(args[0])) BIF_BADARG(p);
    if (long_list(args[0]) && sched_can_go_dirty(p)) return sched_go_dirty(p);
    return iolist_to_bits(p, args[0], false);
}

term bif_erlang_list_to_bitstring_1(proc_t *p, const term *args)
{
    if (!term_is_list(args[0]) && !term_is_nil(args[0])) BIF_BADARG(p);
    return iolist_to_bits(p, args[0], true);
}

term bif_erlang_iolist_size_1(proc_t *p, const term *args)
{
    uint64_t nbits = 0;
    if (!iol_flat(args[0], false, NULL, &nbits)) BIF_BADARG(p);
    uint64_t n = nbits / 8;
    /* beyond a small only in theory: 2^59 bytes of memory */
    return term_from_small((int64_t)n);
}

/* The list of the n bytes (whole bytes at bit offset bitoffs of base),
 * ending in tail. */
static term bytes_to_list(proc_t *p, const uint8_t *base, uint64_t bitoffs, size_t n, term tail)
{
    if (n == 0) return tail;
    term *c = heap_alloc(proc_heap(p), 2 * n);
    for (size_t i = 0; i < n; i++) {
        uint8_t byte;
        if (bitoffs == 0) byte = base[i];
        else bin_copy_bits(base, bitoffs + 8 * (uint64_t)i, &byte, 0, 8);
        c[2 * i] = term_from_small(byte);
        c[2 * i + 1] = i + 1 < n ? term_from_list_ptr(&c[2 * i + 2]) : tail;
    }
    return term_from_list_ptr(c);
}

term bif_erlang_binary_to_list_1(proc_t *p, const term *args)
{
    if (!term_is_bitstring(args[0])) BIF_BADARG(p);
    bin_view_t v;
    bin_view(args[0], &v);
    if (v.bitsize % 8 != 0) BIF_BADARG(p);
    if ((size_t)(v.bitsize / 8) > LIST_DIRTY_BYTES && sched_can_go_dirty(p)) return sched_go_dirty(p);
    return bytes_to_list(p, v.base, v.bitoffs, (size_t)(v.bitsize / 8), NIL);
}

/* binary_to_list(B, Start, Stop): 1 <= Start <= Stop <= byte_size, counted
 * in the whole bytes of B (a bitstring's trailing bits are out of reach). */
term bif_erlang_binary_to_list_3(proc_t *p, const term *args)
{
    if (!term_is_bitstring(args[0]) || !term_is_small(args[1]) || !term_is_small(args[2])) BIF_BADARG(p);
    bin_view_t v;
    bin_view(args[0], &v);
    int64_t size = (int64_t)(v.bitsize / 8), start = term_to_small(args[1]), stop = term_to_small(args[2]);
    if (start < 1 || stop > size || start > stop) BIF_BADARG(p);
    return bytes_to_list(p, v.base + (start - 1), v.bitoffs, (size_t)(stop - start + 1), NIL);
}

/* The bytes, then the trailing bits (if any) as a final bitstring. */
term bif_erlang_bitstring_to_list_1(proc_t *p, const term *args)
{
    if (!term_is_bitstring(args[0])) BIF_BADARG(p);
    bin_view_t v;
    bin_view(args[0], &v);
    size_t n = (size_t)(v.bitsize / 8);
    term tail = NIL;
    if (v.bitsize % 8) {
        uint8_t last = 0;
        bin_copy_bits(v.base, v.bitoffs + 8 * (uint64_t)n, &last, 0, v.bitsize % 8);
        term t = bin_make_bits(proc_heap(p), &last, v.bitsize % 8);
        tail = heap_make_cons(proc_heap(p), t, NIL);
    }
    return bytes_to_list(p, v.base, v.bitoffs, n, tail);
}
