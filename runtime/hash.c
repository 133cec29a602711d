/*
 * hash.c - the term hashes OTP 25 makes observable, bit for bit:
 *
 *   hash_phash2*   erlang:phash2/1,2   (OTP's make_hash2: Jenkins' 96-bit mix,
 *                                       portable between VMs)
 *   hash_phash*    erlang:phash/2      (OTP's make_hash: multiplicative,
 *                                       byte-wise, also portable)
 *   hash_internal  OTP's make_internal_hash: not portable (immediates hash
 *                  by their raw word, so atoms hash by table index, and
 *                  externals/exports by pointer), but it decides the shape
 *                  and so the iteration order of maps over 32 keys.
 *
 * All three walk terms with an explicit stack (never C recursion), so a
 * deep list or tuple nest cannot overflow the C stack. Markers pushed on
 * that stack are header words with the ref subtag: a header word is never a
 * term, so a marker can never be mistaken for one.
 *
 * The order in which sub-terms are visited and the constants mixed in at
 * each step are OTP's; the hashes are only right if both are.
 */
#include "hash.h"

#include "atom.h"
#include "bin.h"
#include "map.h"

#include <laser/term.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "funtab.h"
#include "heap.h"

/* ---------------------------------------------------------------------
 * An explicit stack of words. Starts in a small local array; grows on the
 * C heap.
 * ------------------------------------------------------------------- */
#define WSTACK_LOCAL 64

typedef struct {
    uint64_t *base;
    size_t sp, cap;
    uint64_t local[WSTACK_LOCAL];
} wstack_t;

static void ws_init(wstack_t *s)
{
    s->base = s->local;
    s->sp = 0;
    s->cap = WSTACK_LOCAL;
}

static void ws_free(wstack_t *s)
{
    if (s->base != s->local) free(s->base);
}

static void ws_grow(wstack_t *s, size_t need)
{
    size_t ncap = s->cap * 2;
    while (ncap < s->sp + need) ncap *= 2;
    uint64_t *n = malloc(ncap * sizeof *n);
    if (!n) laser_oom("hash stack", ncap * sizeof *n);
    memcpy(n, s->base, s->sp * sizeof *n);
    if (s->base != s->local) free(s->base);
    s->base = n;
    s->cap = ncap;
}

static inline void ws_push(wstack_t *s, uint64_t w)
{
    if (s->sp == s->cap) ws_grow(s, 1);
    s->base[s->sp++] = w;
}

static inline uint64_t ws_pop(wstack_t *s) { return s->base[--s->sp]; }
static inline bool ws_empty(const wstack_t *s) { return s->sp == 0; }

/* ---------------------------------------------------------------------
 * Atom hash: OTP keeps, per atom, the hashpjw of its text with a twist
 * (from R16, when atoms became UTF-8): a two-byte UTF-8 sequence for a
 * character 0x80..0xFF is folded back to that Latin-1 byte, so atoms that
 * existed in Latin-1 days kept their hash.
 * ------------------------------------------------------------------- */
static uint32_t atom_hvalue(term a)
{
    size_t len;
    const uint8_t *p = atom_text(a, &len);
    uint32_t h = 0, g;
    while (len--) {
        uint32_t v = *p++;
        if (len && (v & 0xFE) == 0xC2 && (*p & 0xC0) == 0x80) {
            v = ((v << 6) | (*p & 0x3F)) & 0xFF;
            p++;
            len--;
        }
        h = (h << 4) + v;
        if ((g = h & 0xf0000000u)) {
            h ^= (g >> 24);
            h ^= g;
        }
    }
    return h;
}

/* ---------------------------------------------------------------------
 * Shared term facts.
 * ------------------------------------------------------------------- */

/* A small integer that fits in a byte, as OTP's is_byte: the string
 * shortcut of every hash applies to such list elements. */
static inline bool is_byte(term t) { return term_is_small(t) && (uint64_t)term_to_small(t) < 256; }

static inline uint64_t port_number(term t) { return term_port_data(t); }

/* Double bits, with -0.0 made +0.0 (OTP 25 treats them as the same key). */
static void float_words(term t, uint32_t *lo, uint32_t *hi)
{
    double d = term_float_val(t);
    if (d == 0.0) d = 0.0;
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    *lo = (uint32_t)u;
    *hi = (uint32_t)(u >> 32);
}

/* The bytes of a bitstring, byte aligned: either its own storage or a
 * copy in *tmp (which the caller frees). */
static const uint8_t *bits_aligned(term t, uint64_t *nbytes, unsigned *extra, uint8_t **tmp)
{
    bin_view_t v;
    bin_view(t, &v);
    *nbytes = v.bitsize / 8;
    *extra = (unsigned)(v.bitsize % 8);
    *tmp = NULL;
    if (v.bitoffs == 0) return v.base;
    size_t n = (size_t)*nbytes + (*extra != 0);
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf) laser_oom("hash bitstring copy", n);
    memset(buf, 0, n ? n : 1);
    bin_copy_bits(v.base, v.bitoffs, buf, 0, v.bitsize);
    *tmp = buf;
    return buf;
}

static uint32_t ext_pid_number(term t)
{
    const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
    return e->data[0];
}

static uint64_t ext_port_number(term t)
{
    const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
    return (uint64_t)e->data[0] | (uint64_t)e->data[1] << 32;
}

/* Number of 32-bit ref numbers of an external ref. */
static size_t ext_ref_count(term t)
{
    uint64_t words = hdr_arity(term_boxed_header(t)); /* words after the header */
    size_t fixed = (sizeof(term_external_t) - sizeof(term)) / sizeof(term);
    return words > fixed ? (size_t)(words - fixed) * 2 : 0;
}

static const uint32_t *ref_numbers(term t)
{
    if (term_is_local_ref(t)) return term_ref_numbers(t);
    return ((const term_external_t *)term_boxed_ptr(t))->data;
}

/* ---------------------------------------------------------------------
 * Bob Jenkins' mix and block hash (lookup2), as OTP uses them.
 * ------------------------------------------------------------------- */
#define MIX(a, b, c)                                                                               \
    do {                                                                                           \
        a -= b; a -= c; a ^= (c >> 13);                                                            \
        b -= c; b -= a; b ^= (a << 8);                                                             \
        c -= a; c -= b; c ^= (b >> 13);                                                            \
        a -= b; a -= c; a ^= (c >> 12);                                                            \
        b -= c; b -= a; b ^= (a << 16);                                                            \
        c -= a; c -= b; c ^= (b >> 5);                                                             \
        a -= b; a -= c; a ^= (c >> 3);                                                             \
        b -= c; b -= a; b ^= (a << 10);                                                            \
        c -= a; c -= b; c ^= (b >> 15);                                                            \
    } while (0)

#define HCONST 0x9e3779b9u /* the golden ratio */
/* HCONST * k mod 2^32: one constant per kind of thing mixed in */
#define HCONST_2 0x3c6ef372u
#define HCONST_3 0xdaa66d2bu
#define HCONST_4 0x78dde6e4u
#define HCONST_5 0x1715609du
#define HCONST_6 0xb54cda56u
#define HCONST_7 0x5384540fu
#define HCONST_8 0xf1bbcdc8u
#define HCONST_9 0x8ff34781u
#define HCONST_10 0x2e2ac13au
#define HCONST_11 0xcc623af3u
#define HCONST_12 0x6a99b4acu
#define HCONST_13 0x08d12e65u
#define HCONST_14 0xa708a81eu
#define HCONST_15 0x454021d7u
#define HCONST_16 0xe3779b90u
#define HCONST_17 0x81af1549u
#define HCONST_18 0x1fe68f02u
#define HCONST_19 0xbe1e08bbu
#define HCONST_20 0x5c558274u
#define HCONST_21 0xfa8cfc2du
#define HCONST_22 0x98c475e6u

static uint32_t block_hash(const uint8_t *k, uint64_t length64, uint32_t initval)
{
    /* OTP passes the length as a 32-bit unsigned */
    uint32_t length = (uint32_t)length64;
    uint32_t a = HCONST, b = HCONST, c = initval;
    uint32_t len = length;
    while (len >= 12) {
        a += k[0] + ((uint32_t)k[1] << 8) + ((uint32_t)k[2] << 16) + ((uint32_t)k[3] << 24);
        b += k[4] + ((uint32_t)k[5] << 8) + ((uint32_t)k[6] << 16) + ((uint32_t)k[7] << 24);
        c += k[8] + ((uint32_t)k[9] << 8) + ((uint32_t)k[10] << 16) + ((uint32_t)k[11] << 24);
        MIX(a, b, c);
        k += 12;
        len -= 12;
    }
    c += length;
    switch (len) { /* every case falls through */
    case 11: c += (uint32_t)k[10] << 24; /* fall through */
    case 10: c += (uint32_t)k[9] << 16;  /* fall through */
    case 9: c += (uint32_t)k[8] << 8;    /* fall through */
    case 8: b += (uint32_t)k[7] << 24;   /* fall through */
    case 7: b += (uint32_t)k[6] << 16;   /* fall through */
    case 6: b += (uint32_t)k[5] << 8;    /* fall through */
    case 5: b += k[4];                   /* fall through */
    case 4: a += (uint32_t)k[3] << 24;   /* fall through */
    case 3: a += (uint32_t)k[2] << 16;   /* fall through */
    case 2: a += (uint32_t)k[1] << 8;    /* fall through */
    case 1: a += k[0];                   /* fall through */
    default: break;
    }
    MIX(a, b, c);
    return c;
}

static inline uint32_t mix2(uint32_t hash, uint32_t x, uint32_t y, uint32_t k)
{
    uint32_t a = k + x, b = k + y;
    MIX(a, b, hash);
    return hash;
}
static inline uint32_t mix1(uint32_t hash, uint32_t x, uint32_t k) { return mix2(hash, x, 0, k); }

/* Light mixing of a constant (type information) in the internal hash. */
static inline uint32_t const_hash(uint32_t hash, uint32_t k)
{
    hash ^= k;
    return (hash << 17) ^ (hash >> 15);
}

/* Bignum digits, 64-bit: each digit mixes as (low half, high half). */
static uint32_t hash_big_digits(uint32_t hash, const uint64_t *d, size_t n, bool neg)
{
    uint32_t con = neg ? HCONST_10 : HCONST_11;
    for (size_t i = 0; i < n; i++) hash = mix2(hash, (uint32_t)d[i], (uint32_t)(d[i] >> 32), con);
    return hash;
}

static uint32_t hash_bits(uint32_t hash, term t)
{
    uint64_t sz;
    unsigned extra;
    uint8_t *tmp;
    const uint8_t *p = bits_aligned(t, &sz, &extra, &tmp);
    uint32_t con = HCONST_13 + hash;
    if (sz == 0 && extra == 0) {
        hash = con;
    } else {
        hash = block_hash(p, sz, con);
        if (extra > 0) hash = mix2(hash, extra, (uint32_t)(p[sz] >> (8 - extra)), HCONST_15);
    }
    free(tmp);
    return hash;
}

/* Markers on the hash stacks. */
#define MARK_MAP_TAIL hdr_make(1, HDR_REF)
#define MARK_MAP_PAIR hdr_make(2, HDR_REF)
#define MARK_CDR hdr_make(3, HDR_REF)

/* Push, for every pair of map m, what the map hashing wants before it:
 * `seed` (when with_seed), then the pair marker, the value and the key, so
 * the key is hashed first. The order of pairs is irrelevant: their hashes
 * are combined by xor. */
static void push_map_pairs(wstack_t *s, term m, bool with_seed, uint32_t seed)
{
    map_iter_t it;
    term k, v;
    map_iter_init(&it, m);
    while (map_iter_next(&it, &k, &v)) {
        if (with_seed) ws_push(s, seed);
        ws_push(s, MARK_MAP_PAIR);
        ws_push(s, v);
        ws_push(s, k);
    }
}

/* ---------------------------------------------------------------------
 * make_hash2: erlang:phash2
 * ------------------------------------------------------------------- */

/* Small integers of more than 28 bits hash as the bignum they would be on a
 * 32-bit machine; this is that bignum's single 64-bit digit. */
static inline bool fits_28(int64_t x) { return x >= -(INT64_C(1) << 27) && x < (INT64_C(1) << 27); }

static uint32_t hash2_sint32(uint32_t hash, int32_t y)
{
    if (y < 0) hash = mix1(hash, (uint32_t)-(int64_t)y, HCONST); /* negatives mix twice */
    return mix1(hash, (uint32_t)y, HCONST);
}

static uint32_t make_hash2(term t)
{
    /* fast paths, exactly as OTP's (they differ from the general case) */
    if (term_is_atom(t)) return atom_hvalue(t);
    if (term_is_small(t) && fits_28(term_to_small(t))) return hash2_sint32(0, (int32_t)term_to_small(t));

    wstack_t s;
    ws_init(&s);
    uint32_t hash = 0, xor_pairs = 0;

    for (;;) {
        switch (t & TAG_PRIMARY_MASK) {
        case TAG_PRIMARY_LIST: {
            unsigned c = 0;
            uint32_t sh = 0;
            const term *p = term_list_ptr(t);
            while (is_byte(p[0])) {
                sh = (sh << 8) + (uint32_t)term_to_small(p[0]);
                if (c == 3) {
                    hash = mix1(hash, sh, HCONST_4);
                    c = 0;
                    sh = 0;
                } else {
                    c++;
                }
                t = p[1];
                if (!term_is_list(t)) break;
                p = term_list_ptr(t);
            }
            if (c > 0) hash = mix1(hash, sh, HCONST_4);
            if (term_is_list(t)) {
                ws_push(&s, p[1]);
                t = p[0];
            }
            continue; /* hash t: the element, or the tail after a byte run */
        }
        case TAG_PRIMARY_BOXED: {
            term hdr = term_boxed_header(t);
            switch (hdr_subtag(hdr)) {
            case HDR_TUPLE: {
                uint64_t arity = hdr_arity(hdr);
                const term *e = term_tuple_elems(t);
                hash = mix1(hash, (uint32_t)arity, HCONST_9);
                if (arity == 0) goto pop;
                for (uint64_t i = arity - 1; i >= 1; i--) ws_push(&s, e[i]);
                t = e[0];
                continue;
            }
            case HDR_MAP: {
                size_t n = map_size(t);
                hash = mix1(hash, (uint32_t)n, HCONST_16);
                if (n == 0) goto pop;
                ws_push(&s, xor_pairs);
                ws_push(&s, hash);
                ws_push(&s, MARK_MAP_TAIL);
                hash = 0;
                xor_pairs = 0;
                push_map_pairs(&s, t, false, 0);
                goto pop;
            }
            case HDR_EXPORT: {
                const export_entry_t *ep = ((const term_export_t *)term_boxed_ptr(t))->ep;
                hash = mix2(hash, ep->arity, atom_hvalue(ep->module), HCONST);
                hash = mix1(hash, atom_hvalue(ep->function), HCONST_14);
                goto pop;
            }
            case HDR_FUN: {
                const term_fun_t *f = (const term_fun_t *)term_boxed_ptr(t);
                hash = mix2(hash, f->num_free, atom_hvalue(f->entry->module), HCONST);
                hash = mix2(hash, f->entry->old_index, f->entry->old_uniq, HCONST);
                if (f->num_free == 0) goto pop;
                for (uint32_t i = f->num_free - 1; i >= 1; i--) ws_push(&s, f->env[i]);
                t = f->env[0];
                continue;
            }
            case HDR_REFC_BIN:
            case HDR_HEAP_BIN:
            case HDR_SUB_BIN:
                hash = hash_bits(hash, t);
                goto pop;
            case HDR_POS_BIG:
            case HDR_NEG_BIG:
                hash = hash_big_digits(hash, term_big_digits(t), term_big_size(t), term_big_is_neg(t));
                goto pop;
            case HDR_REF:
            case HDR_EXT_REF:
                hash = mix1(hash, ref_numbers(t)[0], HCONST_7);
                goto pop;
            case HDR_EXT_PID:
                hash = mix1(hash, ext_pid_number(t), HCONST_5);
                goto pop;
            case HDR_EXT_PORT:
                hash = mix1(hash, (uint32_t)ext_port_number(t), HCONST_6);
                goto pop;
            case HDR_FLOAT: {
                uint32_t lo, hi;
                float_words(t, &lo, &hi);
                hash = mix2(hash, hi, lo, HCONST_12);
                goto pop;
            }
            default:
                goto pop; /* not a term a program can hold: contributes nothing */
            }
        }
        case TAG_PRIMARY_IMMED1:
            if (term_is_local_pid(t)) {
                hash = mix1(hash, pid_number(t), HCONST_5);
            } else if (term_is_local_port(t)) {
                hash = mix1(hash, (uint32_t)port_number(t), HCONST_6);
            } else if (term_is_atom(t)) {
                hash = hash == 0 ? atom_hvalue(t) : mix1(hash, atom_hvalue(t), HCONST_3);
            } else if (term_is_nil(t)) {
                /* 3468870702 is what the general case below would give for
                 * [] alone; OTP hard-codes it. NIL_DEF is 2 in erl_term.h. */
                hash = hash == 0 ? 3468870702u : mix1(hash, 2, HCONST_2);
            } else if (term_is_small(t)) {
                int64_t x = term_to_small(t);
                if (fits_28(x)) {
                    hash = hash2_sint32(hash, (int32_t)x);
                } else {
                    uint64_t mag = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
                    hash = hash_big_digits(hash, &mag, 1, x < 0);
                }
            }
            goto pop;
        default:
            goto pop; /* a header word is no term */
        }
    pop:
        /* hash holds the hash of everything visited so far */
        for (;;) {
            if (ws_empty(&s)) {
                ws_free(&s);
                return hash;
            }
            t = ws_pop(&s);
            if (t == MARK_MAP_TAIL) {
                hash = (uint32_t)ws_pop(&s);
                hash = mix1(hash, xor_pairs, HCONST_19);
                xor_pairs = (uint32_t)ws_pop(&s);
            } else if (t == MARK_MAP_PAIR) {
                xor_pairs ^= hash;
                hash = 0;
            } else {
                break;
            }
        }
    }
}

uint32_t hash_phash2(term t) { return make_hash2(t) & ((UINT32_C(1) << 27) - 1); }

uint32_t hash_phash2_range(term t, uint64_t range)
{
    uint32_t h = make_hash2(t);
    /* range 2^32 wraps to 0 in OTP's 32-bit arithmetic: the whole hash */
    if (range == 0 || range >= (UINT64_C(1) << 32)) return h;
    return h % (uint32_t)range;
}

/* ---------------------------------------------------------------------
 * make_hash: erlang:phash/2, the old multiplicative hash.
 * ------------------------------------------------------------------- */
#define FUNNY_NUMBER1 268440163u
#define FUNNY_NUMBER2 268439161u
#define FUNNY_NUMBER3 268435459u
#define FUNNY_NUMBER4 268436141u
#define FUNNY_NUMBER5 268438633u
#define FUNNY_NUMBER6 268437017u
#define FUNNY_NUMBER7 268438039u
#define FUNNY_NUMBER8 268437511u
#define FUNNY_NUMBER9 268439627u
#define FUNNY_NUMBER10 268440479u
#define FUNNY_NUMBER11 268440577u
#define FUNNY_NUMBER12 268440581u
#define FUNNY_NUMBER13 268440593u
#define FUNNY_NUMBER14 268440611u

static inline uint32_t u32_step(uint32_t hash, uint32_t x, uint32_t p)
{
    hash = hash * p + (x & 0xFF);
    hash = hash * p + ((x >> 8) & 0xFF);
    hash = hash * p + ((x >> 16) & 0xFF);
    return hash * p + (x >> 24);
}

/* Markers of make_hash's stack: after them come the words they need. */
#define OP_TUPLE hdr_make(1, HDR_REF)   /* [arity, ptr, left] below it */
#define OP_ARRAY hdr_make(2, HDR_REF)   /* [ptr, left] below it */
#define OP_CDR_PRE hdr_make(3, HDR_REF) /* [cdr] below it */
#define OP_CDR_POST hdr_make(4, HDR_REF)

static uint32_t make_hash(term t)
{
    wstack_t s;
    ws_init(&s);
    uint32_t hash = 0;

    for (;;) {
        /* hash one term t; may push work and continue with another */
        switch (t & TAG_PRIMARY_MASK) {
        case TAG_PRIMARY_LIST: {
        list_case:;
            const term *p = term_list_ptr(t);
            while (is_byte(p[0])) {
                hash = hash * FUNNY_NUMBER2 + (uint32_t)term_to_small(p[0]);
                if (!term_is_list(p[1])) {
                    ws_push(&s, OP_CDR_POST);
                    t = p[1];
                    goto next_term;
                }
                p = term_list_ptr(p[1]);
            }
            ws_push(&s, p[1]);
            ws_push(&s, OP_CDR_PRE);
            t = p[0];
            goto next_term;
        }
        case TAG_PRIMARY_BOXED: {
            term hdr = term_boxed_header(t);
            switch (hdr_subtag(hdr)) {
            case HDR_TUPLE: {
                uint64_t arity = hdr_arity(hdr);
                ws_push(&s, arity);
                ws_push(&s, (uint64_t)(uintptr_t)term_tuple_elems(t));
                ws_push(&s, arity);
                ws_push(&s, OP_TUPLE);
                break;
            }
            case HDR_MAP:
                hash = hash * FUNNY_NUMBER13 + FUNNY_NUMBER14 + make_hash2(t);
                break;
            case HDR_EXPORT: {
                const export_entry_t *ep = ((const term_export_t *)term_boxed_ptr(t))->ep;
                hash = hash * FUNNY_NUMBER11 + ep->arity;
                hash = hash * FUNNY_NUMBER1 + atom_hvalue(ep->module);
                hash = hash * FUNNY_NUMBER1 + atom_hvalue(ep->function);
                break;
            }
            case HDR_FUN: {
                const term_fun_t *f = (const term_fun_t *)term_boxed_ptr(t);
                hash = hash * FUNNY_NUMBER10 + f->num_free;
                hash = hash * FUNNY_NUMBER1 + atom_hvalue(f->entry->module);
                hash = hash * FUNNY_NUMBER2 + f->entry->old_index;
                hash = hash * FUNNY_NUMBER2 + f->entry->old_uniq;
                if (f->num_free > 0) {
                    ws_push(&s, (uint64_t)(uintptr_t)f->env);
                    ws_push(&s, f->num_free);
                    ws_push(&s, OP_ARRAY);
                }
                break;
            }
            case HDR_REFC_BIN:
            case HDR_HEAP_BIN:
            case HDR_SUB_BIN: {
                uint64_t sz;
                unsigned extra;
                uint8_t *tmp;
                const uint8_t *p = bits_aligned(t, &sz, &extra, &tmp);
                for (uint64_t i = 0; i < sz; i++) hash = hash * FUNNY_NUMBER1 + p[i];
                if (extra > 0) {
                    uint32_t b = (uint32_t)(p[sz] >> (8 - extra));
                    hash = (hash * FUNNY_NUMBER1 + b) * FUNNY_NUMBER12 + extra;
                }
                free(tmp);
                hash = hash * FUNNY_NUMBER4 + (uint32_t)sz;
                break;
            }
            case HDR_POS_BIG:
            case HDR_NEG_BIG: {
                const uint64_t *d = term_big_digits(t);
                size_t n = (size_t)term_big_size(t);
                for (size_t i = 0; i + 1 < n; i++) {
                    uint64_t x = d[i];
                    for (int j = 0; j < 8; j++, x >>= 8) hash = hash * FUNNY_NUMBER2 + (uint32_t)(x & 0xff);
                }
                /* the top digit counts as 4 bytes when it fits 32 bits, so
                 * the hash is the one a 32-bit machine computes */
                uint64_t x = d[n - 1];
                int k = (x >> 32) ? 8 : 4;
                for (int j = 0; j < k; j++, x >>= 8) hash = hash * FUNNY_NUMBER2 + (uint32_t)(x & 0xff);
                hash *= term_big_is_neg(t) ? FUNNY_NUMBER4 : FUNNY_NUMBER3;
                break;
            }
            case HDR_REF:
            case HDR_EXT_REF:
                hash = u32_step(hash, ref_numbers(t)[0], FUNNY_NUMBER9) * FUNNY_NUMBER10;
                break;
            case HDR_EXT_PID:
                hash = u32_step(hash, ext_pid_number(t), FUNNY_NUMBER5) * FUNNY_NUMBER6;
                break;
            case HDR_EXT_PORT:
                hash = u32_step(hash, (uint32_t)ext_port_number(t), FUNNY_NUMBER9) * FUNNY_NUMBER10;
                break;
            case HDR_FLOAT: {
                uint32_t lo, hi;
                float_words(t, &lo, &hi);
                hash = hash * FUNNY_NUMBER6 + (lo ^ hi);
                break;
            }
            default:
                break;
            }
            break;
        }
        case TAG_PRIMARY_IMMED1:
            if (term_is_small(t)) {
                int64_t y1 = term_to_small(t);
                uint64_t y2 = y1 < 0 ? (uint64_t)0 - (uint64_t)y1 : (uint64_t)y1;
                hash = u32_step(hash, (uint32_t)y2, FUNNY_NUMBER2);
                if (y2 >> 32) hash = u32_step(hash, (uint32_t)(y2 >> 32), FUNNY_NUMBER2);
                hash *= y1 < 0 ? FUNNY_NUMBER4 : FUNNY_NUMBER3;
            } else if (term_is_atom(t)) {
                hash = hash * FUNNY_NUMBER1 + atom_hvalue(t);
            } else if (term_is_nil(t)) {
                hash = hash * FUNNY_NUMBER3 + 1;
            } else if (term_is_local_pid(t)) {
                hash = u32_step(hash, pid_number(t), FUNNY_NUMBER5) * FUNNY_NUMBER6;
            } else if (term_is_local_port(t)) {
                hash = u32_step(hash, (uint32_t)port_number(t), FUNNY_NUMBER9) * FUNNY_NUMBER10;
            }
            break;
        default:
            break;
        }

        /* take the next piece of work */
        for (;;) {
            if (ws_empty(&s)) {
                ws_free(&s);
                return hash;
            }
            uint64_t op = ws_pop(&s);
            if (op == OP_CDR_POST) {
                hash *= FUNNY_NUMBER8;
            } else if (op == OP_CDR_PRE) {
                t = ws_pop(&s);
                if (term_is_list(t)) goto list_case;
                ws_push(&s, OP_CDR_POST);
                goto next_term;
            } else if (op == OP_TUPLE || op == OP_ARRAY) {
                uint64_t left = ws_pop(&s);
                const term *p = (const term *)(uintptr_t)ws_pop(&s);
                if (left != 0) {
                    ws_push(&s, (uint64_t)(uintptr_t)(p + 1));
                    ws_push(&s, left - 1);
                    ws_push(&s, op);
                    t = p[0];
                    goto next_term;
                }
                if (op == OP_TUPLE) hash = hash * FUNNY_NUMBER9 + (uint32_t)ws_pop(&s);
            }
        }
    next_term:;
    }
}

uint32_t hash_phash_range(term t, uint64_t range)
{
    uint32_t h = make_hash(t);
    if (range == 0 || range >= (UINT64_C(1) << 32)) {
        /* range 2^32: 1 + hash, except where that wraps */
        uint32_t f = h + 1;
        return f == 0 ? h : f;
    }
    return 1 + h % (uint32_t)range;
}

/* ---------------------------------------------------------------------
 * make_internal_hash: the hash of map keys.
 * ------------------------------------------------------------------- */
static inline uint32_t pointer_hash(uint32_t hash, const void *p, uint32_t k)
{
    uint64_t w = (uint64_t)(uintptr_t)p;
    return mix2(hash, (uint32_t)w, (uint32_t)(w >> 32), k);
}

/* Push the pairs of a HAMT node as OTP's make_internal_hash does: each
 * child in slot order, a leaf as its value then its key. OTP pushes an
 * inner node whole and expands it when popped; expanding it in place gives
 * the same order. Recursion is bounded by the trie depth, not the term. */
static void push_hamt_node(wstack_t *s, term node, unsigned depth)
{
    if (depth > MAP_MAX_DEPTH) {
        fprintf(stderr, "laser: hash.c: HAMT deeper than its hashes\n");
        abort();
    }
    const term *kids;
    size_t c = map_node_kids(node, &kids);
    for (size_t i = 0; i < c; i++) {
        if (term_is_list(kids[i])) {
            ws_push(s, term_cdr(kids[i]));
            ws_push(s, term_car(kids[i]));
        } else {
            push_hamt_node(s, kids[i], depth + 1);
        }
    }
}

/* OTP starts the internal hash from a fixed prime so that it differs from
 * phash2 (which would otherwise hash ETS tables spread by phash2 badly). */
#define INTERNAL_HASH_SALT 3432918353u

uint32_t hash_internal(term t, uint32_t salt)
{
    uint32_t hash = salt ^ INTERNAL_HASH_SALT;
    if (term_is_immed(t)) return mix2(hash, (uint32_t)t, (uint32_t)(t >> 32), HCONST);

    wstack_t s;
    ws_init(&s);

    for (;;) {
        switch (t & TAG_PRIMARY_MASK) {
        case TAG_PRIMARY_LIST: {
            unsigned c = 0;
            uint32_t sh = 0;
            const term *p = term_list_ptr(t);
            while (is_byte(p[0])) {
                sh = (sh << 8) + (uint32_t)term_to_small(p[0]);
                if (c == 3) {
                    hash = mix1(hash, sh, HCONST_4);
                    c = 0;
                    sh = 0;
                } else {
                    c++;
                }
                t = p[1];
                if (!term_is_list(t)) break;
                p = term_list_ptr(t);
            }
            if (c > 0) hash = mix2(hash, sh, c, HCONST_22);
            if (term_is_list(t)) {
                term tail = p[1];
                hash = const_hash(hash, HCONST_17); /* a car follows */
                ws_push(&s, tail);
                if (!term_is_list(tail)) ws_push(&s, MARK_CDR);
                t = p[0];
            }
            continue;
        }
        case TAG_PRIMARY_BOXED: {
            term hdr = term_boxed_header(t);
            switch (hdr_subtag(hdr)) {
            case HDR_TUPLE: {
                uint64_t arity = hdr_arity(hdr);
                const term *e = term_tuple_elems(t);
                hash = mix1(hash, (uint32_t)arity, HCONST_9);
                if (arity == 0) goto pop;
                for (uint64_t i = arity - 1; i >= 1; i--) ws_push(&s, e[i]);
                t = e[0];
                continue;
            }
            case HDR_MAP: {
                /* OTP 25 hashes a map's pairs in its internal order (not
                 * order-independent as phash2): a flatmap's keys and values
                 * in key order; a HAMT's size, then its nodes as they lie,
                 * the children of each node last slot first. */
                if (map_is_flat(t)) {
                    size_t n = map_size(t);
                    hash = mix1(hash, (uint32_t)n, HCONST_16);
                    const term *ks = map_flat_keys(t), *vs = map_flat_vals(t);
                    for (size_t i = n; i-- > 0;) {
                        ws_push(&s, vs[i]);
                        ws_push(&s, ks[i]);
                    }
                    goto pop;
                }
                hash = mix1(hash, (uint32_t)map_size(t), HCONST_16);
                push_hamt_node(&s, t, 0);
                goto pop;
            }
            case HDR_EXPORT:
                /* export entries never move */
                hash = pointer_hash(hash, ((const term_export_t *)term_boxed_ptr(t))->ep, HCONST_14);
                goto pop;
            case HDR_FUN: {
                const term_fun_t *f = (const term_fun_t *)term_boxed_ptr(t);
                hash = mix2(hash, f->num_free, (uint32_t)f->entry->module, HCONST_20);
                /* index, not old_index: map keys compare funs by index,
                 * and a decoded fun may carry different ones */
                hash = mix2(hash, f->entry->index, f->entry->old_uniq, HCONST_21);
                if (f->num_free == 0) goto pop;
                for (uint32_t i = f->num_free - 1; i >= 1; i--) ws_push(&s, f->env[i]);
                t = f->env[0];
                continue;
            }
            case HDR_REFC_BIN:
            case HDR_HEAP_BIN:
            case HDR_SUB_BIN:
                hash = hash_bits(hash, t);
                goto pop;
            case HDR_POS_BIG:
            case HDR_NEG_BIG:
                hash = hash_big_digits(hash, term_big_digits(t), term_big_size(t), term_big_is_neg(t));
                goto pop;
            case HDR_REF: {
                const uint32_t *r = term_ref_numbers(t);
                hash = mix1(hash, r[0], HCONST_7);
                hash = mix2(hash, r[1], r[2], HCONST_8);
                goto pop;
            }
            case HDR_EXT_REF: {
                const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
                size_t cnt = ext_ref_count(t);
                hash = pointer_hash(hash, e->node, HCONST_7);
                hash = mix1(hash, cnt > 0 ? e->data[0] : 0, HCONST_7);
                hash = mix2(hash, cnt > 1 ? e->data[1] : 0, cnt > 2 ? e->data[2] : 0, HCONST_8);
                /* OTP hashes three numbers only, so refs differing further
                 * up collide at every salt (erl 25 crashes on such map
                 * keys). The rehashed levels (salt > 0) also mix the
                 * non-zero extra numbers, which compare looks at, keeping
                 * the first level's hash, and so the order, erl's. */
                if (salt > 0)
                    for (size_t i = 3; i < cnt; i++)
                        if (e->data[i]) hash = mix2(hash, (uint32_t)i, e->data[i], HCONST_8);
                goto pop;
            }
            case HDR_EXT_PID: {
                const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
                hash = pointer_hash(hash, e->node, HCONST_5);
                hash = mix2(hash, e->data[0], e->data[1], HCONST_5);
                goto pop;
            }
            case HDR_EXT_PORT: {
                const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
                hash = pointer_hash(hash, e->node, HCONST_6);
                hash = mix2(hash, e->data[0], e->data[1], HCONST_6);
                goto pop;
            }
            case HDR_FLOAT: {
                uint32_t lo, hi;
                float_words(t, &lo, &hi);
                hash = mix2(hash, lo, hi, HCONST_12);
                goto pop;
            }
            default:
                goto pop;
            }
        }
        case TAG_PRIMARY_IMMED1:
            hash = mix2(hash, (uint32_t)t, (uint32_t)(t >> 32), HCONST);
            goto pop;
        default:
            goto pop;
        }
    pop:
        for (;;) {
            if (ws_empty(&s)) {
                ws_free(&s);
                return hash;
            }
            t = ws_pop(&s);
            if (t == MARK_CDR) {
                hash = const_hash(hash, HCONST_18); /* a non-list tail follows */
            } else {
                break;
            }
        }
    }
}

uint32_t hash_map_key(term key, unsigned level)
{
    /* Below level 8 the 32 bits are used up: OTP 25 rehashes the key with
     * the salt level div 8 (make_internal_hash(Key, Lvl >> 3)). Checked on
     * erl: 40660 and 59671 share all 32 bits at salt 0, and maps:keys/1
     * puts them in the order of their salt-1 nibbles. */
    return hash_internal(key, level >> 3);
}
