/*
 * etf.c - the external term format: term_to_binary/1,2 and
 * binary_to_term/1,2, byte for byte as OTP 25 (ERTS 13.1) writes and reads
 * it (see etf.h).
 *
 * Encoding walks the term with an explicit stack (no C recursion), writing
 * into a growing buffer; compression is applied to the finished body, as
 * OTP does, and only kept if it makes the result smaller.
 *
 * Decoding runs the same walker twice over the input. The first run (scan)
 * only reads: it checks every length against the bytes left, rejects
 * unknown tags, and adds up the heap words the term will need. Because
 * every term takes at least one byte, the number of terms still expected
 * can never exceed the bytes left; checking that as soon as a count is read
 * makes absurd claims (a list of 2^32 elements in ten bytes) fail at once.
 * The second run (build) fills a private heap sized by the scan; the few
 * errors only visible on built terms (duplicate map keys, atoms that are
 * not valid UTF-8) free that heap, so the caller's heap is only touched on
 * success, when the private heap is merged into it.
 *
 * Facts about OTP 25's format that are easy to get wrong (checked against
 * erl on this machine):
 *   - default minor_version is 1: latin1 atoms as ATOM_EXT (100, 2-byte
 *     length, never SMALL_ATOM_EXT), others as SMALL_ATOM_UTF8_EXT/
 *     ATOM_UTF8_EXT; minor_version 2 writes every atom as UTF-8; minor
 *     version 0 differs from 1 only in writing floats as FLOAT_EXT.
 *   - pids are always NEW_PID_EXT; ports NEW_PORT_EXT unless the number
 *     needs more than 28 bits (then V4_PORT_EXT, even if it would fit the
 *     32 bits of NEW_PORT_EXT); refs NEWER_REFERENCE_EXT.
 *     The local node is 'nonode@nohost' with creation 0.
 *   - decoding a pid/port/ref of the local node checks OTP's limits for
 *     local identifiers: pid number < 2^15 and serial < 2^13, port number
 *     < 2^28, ref of 1..3 numbers whose first is < 2^18.
 *   - old 8-bit creations (PID_EXT, PORT_EXT, REFERENCE_EXT,
 *     NEW_REFERENCE_EXT) must be 0..3.
 *   - FUN_EXT (117) and ATOM_CACHE_REF (82) are refused.
 *   - LIST_EXT with 0 elements decodes to its tail; bignums may carry
 *     leading zero bytes and decode to smalls when they fit.
 *   - a compressed term may contain trailing bytes after the term; `used`
 *     counts the compressed bytes consumed.
 */
#include "etf.h"

#include "atom.h"
#include "big.h"
#include "bin.h"
#include "cmp.h"
#include "map.h"
#include "node.h"
#include "res.h"
#include "../src/export.h"
#include "../src/funtab.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum {
    VERSION_MAGIC = 131,
    NEW_FLOAT_EXT = 70,
    BIT_BINARY_EXT = 77,
    COMPRESSED = 80,
    NEW_PID_EXT = 88,
    NEW_PORT_EXT = 89,
    NEWER_REFERENCE_EXT = 90,
    SMALL_INTEGER_EXT = 97,
    INTEGER_EXT = 98,
    FLOAT_EXT = 99,
    ATOM_EXT = 100,
    REFERENCE_EXT = 101,
    PORT_EXT = 102,
    PID_EXT = 103,
    SMALL_TUPLE_EXT = 104,
    LARGE_TUPLE_EXT = 105,
    NIL_EXT = 106,
    STRING_EXT = 107,
    LIST_EXT = 108,
    BINARY_EXT = 109,
    SMALL_BIG_EXT = 110,
    LARGE_BIG_EXT = 111,
    NEW_FUN_EXT = 112,
    EXPORT_EXT = 113,
    NEW_REFERENCE_EXT = 114,
    SMALL_ATOM_EXT = 115,
    MAP_EXT = 116,
    ATOM_UTF8_EXT = 118,
    SMALL_ATOM_UTF8_EXT = 119,
    V4_PORT_EXT = 120,
};

/* OTP 25's limits for identifiers of the local node (64-bit emulator). */
#define LOCAL_PID_NUMBER_MAX 0x7FFFu   /* 15 bits */
#define LOCAL_PID_SERIAL_MAX 0x1FFFu   /* 13 bits */
#define LOCAL_PORT_NUMBER_MAX 0xFFFFFFFu /* 28 bits */
#define LOCAL_REF_FIRST_MAX 0x3FFFFu  /* 18 bits */
#define EXT_REF_NUMBERS_MAX 5
/* zlib cannot expand more than about 1032:1; a larger claimed size is a lie
 * that must not make us allocate. */
#define ZLIB_MAX_RATIO 1040u

/* =====================================================================
 * Output buffer
 * =================================================================== */

void etf_buf_free(etf_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->size = b->cap = 0;
}

static uint8_t *buf_room(etf_buf_t *b, size_t n)
{
    if (b->cap - b->size < n) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->size < n) {
            if (cap > SIZE_MAX / 2) laser_oom("term_to_binary buffer", n);
            cap *= 2;
        }
        uint8_t *d = realloc(b->data, cap);
        if (!d) laser_oom("term_to_binary buffer", cap);
        b->data = d;
        b->cap = cap;
    }
    uint8_t *p = b->data + b->size;
    b->size += n;
    return p;
}

static void put8(etf_buf_t *b, unsigned v) { *buf_room(b, 1) = (uint8_t)v; }
static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}
static void put16(etf_buf_t *b, uint32_t v) { put_be(buf_room(b, 2), v, 2); }
static void put32(etf_buf_t *b, uint32_t v) { put_be(buf_room(b, 4), v, 4); }
static void put64(etf_buf_t *b, uint64_t v) { put_be(buf_room(b, 8), v, 8); }
static void put_bytes(etf_buf_t *b, const void *s, size_t n)
{
    if (n) memcpy(buf_room(b, n), s, n);
}

/* =====================================================================
 * Encoding
 * =================================================================== */

void etf_enc_opts_default(etf_enc_opts_t *o)
{
    o->compressed = -1;
    o->minor_version = 1;
    o->deterministic = false;
}

static void enc_atom(etf_buf_t *b, term a, int minor)
{
    size_t len;
    const uint8_t *s = atom_text(a, &len);
    if (minor < 2 && atom_is_latin1(a)) {
        /* ATOM_EXT holds Latin-1: fold the UTF-8 back to bytes */
        put8(b, ATOM_EXT);
        put16(b, (uint32_t)atom_chars(a));
        for (size_t i = 0; i < len; i++) {
            if (s[i] < 0x80) {
                put8(b, s[i]);
            } else {
                put8(b, (unsigned)(((s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F)));
                i++;
            }
        }
        return;
    }
    if (len <= 255) {
        put8(b, SMALL_ATOM_UTF8_EXT);
        put8(b, (unsigned)len);
    } else {
        put8(b, ATOM_UTF8_EXT);
        put16(b, (uint32_t)len);
    }
    put_bytes(b, s, len);
}

/* An integer given as sign and magnitude limbs. */
static void enc_big_mag(etf_buf_t *b, const uint64_t *d, size_t n, bool neg)
{
    size_t top = 8;
    while (top > 1 && !(d[n - 1] >> (8 * (top - 1)))) top--;
    size_t nbytes = (n - 1) * 8 + top;
    if (nbytes < 256) {
        put8(b, SMALL_BIG_EXT);
        put8(b, (unsigned)nbytes);
    } else {
        put8(b, LARGE_BIG_EXT);
        put32(b, (uint32_t)nbytes);
    }
    put8(b, neg);
    uint8_t *p = buf_room(b, nbytes);
    for (size_t i = 0; i < nbytes; i++) p[i] = (uint8_t)(d[i / 8] >> (8 * (i % 8)));
}

static void enc_int64(etf_buf_t *b, int64_t v)
{
    if (v >= 0 && v < 256) {
        put8(b, SMALL_INTEGER_EXT);
        put8(b, (unsigned)v);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        put8(b, INTEGER_EXT);
        put32(b, (uint32_t)(int32_t)v);
    } else {
        uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
        enc_big_mag(b, &m, 1, v < 0);
    }
}

static void enc_float(etf_buf_t *b, double d, int minor)
{
    if (minor >= 1) {
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        put8(b, NEW_FLOAT_EXT);
        put64(b, bits);
        return;
    }
    /* OTP's sys_double_to_chars: "%.20e", zero-padded to 31 bytes */
    char txt[64];
    int n = snprintf(txt, sizeof txt, "%.20e", d);
    if (n < 0 || n > 31) n = 31;
    put8(b, FLOAT_EXT);
    uint8_t *p = buf_room(b, 31);
    memset(p, 0, 31);
    memcpy(p, txt, (size_t)n);
}

static void enc_node(const term_node_t *node, term *name, uint32_t *creation)
{
    if (node) {
        *name = node->name;
        *creation = node->creation;
    } else {
        *name = node_local_name();
        *creation = node_local_creation();
    }
}

static void enc_pid(etf_buf_t *b, term t, int minor)
{
    term name;
    uint32_t cre, num, ser;
    if (term_is_local_pid(t)) {
        enc_node(NULL, &name, &cre);
        num = pid_number(t);
        ser = pid_serial(t);
    } else {
        const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
        enc_node(e->node, &name, &cre);
        num = e->data[0];
        ser = e->data[1];
    }
    put8(b, NEW_PID_EXT);
    enc_atom(b, name, minor);
    put32(b, num);
    put32(b, ser);
    put32(b, cre);
}

static void enc_port(etf_buf_t *b, term t, int minor)
{
    term name;
    uint32_t cre;
    uint64_t num;
    if (term_is_local_port(t)) {
        enc_node(NULL, &name, &cre);
        num = term_port_data(t);
    } else {
        const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
        enc_node(e->node, &name, &cre);
        num = (uint64_t)e->data[0] | (uint64_t)e->data[1] << 32;
    }
    /* OTP 25 keeps NEW_PORT_EXT for what an old node can hold: 28 bits */
    if (num > LOCAL_PORT_NUMBER_MAX) {
        put8(b, V4_PORT_EXT);
        enc_atom(b, name, minor);
        put64(b, num);
    } else {
        put8(b, NEW_PORT_EXT);
        enc_atom(b, name, minor);
        put32(b, (uint32_t)num);
    }
    put32(b, cre);
}

/* Number of 32-bit numbers of an external ref. The layout keeps only the
 * word count, so an odd count is recovered from the zero padding of the
 * last word (a ref with an even count whose last number is 0 comes back
 * one shorter; OTP never creates those). */
static size_t ext_ref_numbers(const term_external_t *e)
{
    size_t dw = (size_t)hdr_arity(e->header) - 2;
    size_t n = dw * 2;
    if (n > 0 && e->data[n - 1] == 0) n--;
    return n;
}

static void enc_ref(etf_buf_t *b, term t, int minor)
{
    term name;
    uint32_t cre;
    const uint32_t *nums;
    size_t n;
    if (term_is_local_ref(t)) {
        enc_node(NULL, &name, &cre);
        nums = term_ref_numbers(t);
        n = REF_NUMBERS;
    } else {
        const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
        enc_node(e->node, &name, &cre);
        nums = e->data;
        n = ext_ref_numbers(e);
    }
    put8(b, NEWER_REFERENCE_EXT);
    put16(b, (uint32_t)n);
    enc_atom(b, name, minor);
    put32(b, cre);
    for (size_t i = 0; i < n; i++) put32(b, nums[i]);
}

static void enc_bits(etf_buf_t *b, term t)
{
    bin_view_t v;
    bin_view(t, &v);
    uint64_t nbytes = (v.bitsize + 7) / 8;
    unsigned tail = (unsigned)(v.bitsize % 8);
    if (tail == 0) {
        put8(b, BINARY_EXT);
        put32(b, (uint32_t)nbytes);
    } else {
        put8(b, BIT_BINARY_EXT);
        put32(b, (uint32_t)nbytes);
        put8(b, tail);
    }
    uint8_t *p = buf_room(b, nbytes);
    if (v.bitoffs == 0) {
        memcpy(p, v.base, v.bitsize / 8);
        if (tail) p[nbytes - 1] = (uint8_t)(v.base[nbytes - 1] & (0xFF << (8 - tail)));
    } else {
        /* unused bits of the last byte must be zero, as OTP clears them */
        memset(p, 0, nbytes);
        bin_copy_bits(v.base, v.bitoffs, p, 0, v.bitsize);
    }
}

/* Proper list of at most 65535 bytes (0..255): STRING_EXT. */
static bool is_string(term l, size_t *len)
{
    size_t n = 0;
    while (term_is_list(l)) {
        term h = term_car(l);
        if (!term_is_small(h) || (uint64_t)term_to_small(h) > 255 || ++n > 65535) return false;
        l = term_cdr(l);
    }
    *len = n;
    return term_is_nil(l);
}

typedef enum { E_TERM, E_ELEMS, E_CONS, E_PAIRS, E_PATCH } ekind_t;
typedef struct {
    ekind_t kind;
    term t;         /* E_TERM: the term; E_CONS: the cons */
    const term *p;  /* E_ELEMS/E_PAIRS: next element */
    size_t n;       /* elements left; E_PATCH: position of the size field */
    term *owned;    /* E_PAIRS: malloc'd pair array, freed after its last element */
} eitem_t;

typedef struct {
    eitem_t *s;
    size_t sp, cap;
} estack_t;

static void epush(estack_t *st, eitem_t it)
{
    if (st->sp == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        eitem_t *s = realloc(st->s, cap * sizeof *s);
        if (!s) laser_oom("term_to_binary stack", cap * sizeof *s);
        st->s = s;
        st->cap = cap;
    }
    st->s[st->sp++] = it;
}

static int pair_key_cmp(const void *a, const void *b)
{
    return cmp_terms_exact(((const term *)a)[0], ((const term *)b)[0]);
}

/* Pairs k1,v1,k2,v2... of a map in the order term_to_binary writes them. */
static term *map_pairs(term m, bool deterministic)
{
    size_t n = map_size(m);
    term *a = malloc((2 * n + 1) * sizeof *a);
    if (!a) laser_oom("term_to_binary map", 2 * n * sizeof *a);
    map_iter_t it;
    term k, v;
    size_t i = 0;
    map_iter_init(&it, m);
    while (map_iter_next(&it, &k, &v)) {
        a[i++] = k;
        a[i++] = v;
    }
    /* flatmaps are already in key order; HAMTs are sorted by the exact term
     * order, as OTP's `deterministic` does (keys are distinct, so the sort
     * does not need to be stable) */
    if (deterministic && !map_is_flat(m)) qsort(a, n, 2 * sizeof *a, pair_key_cmp);
    return a;
}

/* Encode one term; children go on the stack. Returns false for something
 * that is not a term. */
static bool enc_one(etf_buf_t *b, estack_t *st, term t, const etf_enc_opts_t *o)
{
    int minor = o->minor_version;
    switch (t & TAG_PRIMARY_MASK) {
    case TAG_PRIMARY_IMMED1:
        if (term_is_small(t)) {
            enc_int64(b, term_to_small(t));
        } else if (term_is_atom(t)) {
            enc_atom(b, t, minor);
        } else if (term_is_nil(t)) {
            put8(b, NIL_EXT);
        } else if (term_is_local_pid(t)) {
            enc_pid(b, t, minor);
        } else if (term_is_local_port(t)) {
            enc_port(b, t, minor);
        } else {
            return false;
        }
        return true;
    case TAG_PRIMARY_LIST: {
        size_t len;
        if (is_string(t, &len)) {
            put8(b, STRING_EXT);
            put16(b, (uint32_t)len);
            uint8_t *p = buf_room(b, len);
            for (term l = t; term_is_list(l); l = term_cdr(l)) *p++ = (uint8_t)term_to_small(term_car(l));
            return true;
        }
        size_t n = 0;
        for (term l = t; term_is_list(l); l = term_cdr(l)) n++;
        put8(b, LIST_EXT);
        put32(b, (uint32_t)n);
        epush(st, (eitem_t){.kind = E_CONS, .t = t});
        return true;
    }
    case TAG_PRIMARY_BOXED:
        break;
    default:
        return false;
    }
    const term *p = term_boxed_ptr(t);
    term h = p[0];
    switch (hdr_subtag(h)) {
    case HDR_TUPLE: {
        uint64_t n = hdr_arity(h);
        if (n <= 255) {
            put8(b, SMALL_TUPLE_EXT);
            put8(b, (unsigned)n);
        } else {
            put8(b, LARGE_TUPLE_EXT);
            put32(b, (uint32_t)n);
        }
        if (n) epush(st, (eitem_t){.kind = E_ELEMS, .p = p + 1, .n = n});
        return true;
    }
    case HDR_POS_BIG:
    case HDR_NEG_BIG:
        enc_big_mag(b, term_big_digits(t), term_big_size(t), term_big_is_neg(t));
        return true;
    case HDR_FLOAT:
        enc_float(b, term_float_val(t), minor);
        return true;
    case HDR_REF:
    case HDR_EXT_REF:
        enc_ref(b, t, minor);
        return true;
    case HDR_EXT_PID:
        enc_pid(b, t, minor);
        return true;
    case HDR_EXT_PORT:
        enc_port(b, t, minor);
        return true;
    case HDR_REFC_BIN:
    case HDR_HEAP_BIN:
    case HDR_SUB_BIN:
        enc_bits(b, t);
        return true;
    case HDR_MAP: {
        size_t n = map_size(t);
        put8(b, MAP_EXT);
        put32(b, (uint32_t)n);
        if (n) {
            term *pairs = map_pairs(t, o->deterministic);
            epush(st, (eitem_t){.kind = E_PAIRS, .p = pairs, .n = 2 * n, .owned = pairs});
        }
        return true;
    }
    case HDR_EXPORT: {
        const export_entry_t *e = ((const term_export_t *)p)->ep;
        put8(b, EXPORT_EXT);
        enc_atom(b, e->module, minor);
        enc_atom(b, e->function, minor);
        enc_int64(b, e->arity);
        return true;
    }
    case HDR_FUN: {
        const term_fun_t *f = (const term_fun_t *)p;
        const fun_entry_t *fe = f->entry;
        put8(b, NEW_FUN_EXT);
        size_t size_at = b->size;
        put32(b, 0); /* patched when the free variables are written */
        put8(b, f->arity);
        put_bytes(b, fe->uniq, 16);
        put32(b, fe->index);
        put32(b, f->num_free);
        enc_atom(b, fe->module, minor);
        enc_int64(b, (int32_t)fe->old_index); /* both are signed 32-bit in OTP */
        enc_int64(b, (int32_t)fe->old_uniq);
        enc_pid(b, f->creator, minor);
        epush(st, (eitem_t){.kind = E_PATCH, .n = size_at});
        if (f->num_free) epush(st, (eitem_t){.kind = E_ELEMS, .p = f->env, .n = f->num_free});
        return true;
    }
    default:
        return false;
    }
}

static bool enc_body(term t, const etf_enc_opts_t *o, etf_buf_t *b)
{
    estack_t st = {0};
    bool ok = true;
    epush(&st, (eitem_t){.kind = E_TERM, .t = t});
    while (st.sp > 0) {
        eitem_t it = st.s[--st.sp];
        term x;
        switch (it.kind) {
        case E_TERM:
            x = it.t;
            break;
        case E_ELEMS:
            if (it.n > 1) epush(&st, (eitem_t){.kind = E_ELEMS, .p = it.p + 1, .n = it.n - 1});
            x = it.p[0];
            break;
        case E_PAIRS:
            x = it.p[0];
            if (it.n > 1)
                epush(&st, (eitem_t){.kind = E_PAIRS, .p = it.p + 1, .n = it.n - 1, .owned = it.owned});
            else
                free(it.owned);
            break;
        case E_CONS: {
            term tl = term_cdr(it.t);
            epush(&st, (eitem_t){.kind = term_is_list(tl) ? E_CONS : E_TERM, .t = tl});
            x = term_car(it.t);
            break;
        }
        case E_PATCH:
            put_be(b->data + it.n, b->size - it.n, 4);
            continue;
        default:
            continue;
        }
        if (!enc_one(b, &st, x, o)) {
            ok = false;
            break;
        }
    }
    /* on failure, free the pair arrays still on the stack (at most one item
     * refers to each array at any time) */
    for (size_t i = 0; i < st.sp; i++)
        if (st.s[i].kind == E_PAIRS) free(st.s[i].owned);
    free(st.s);
    return ok;
}

int etf_encode(term t, const etf_enc_opts_t *o, etf_buf_t *out)
{
    etf_enc_opts_t def;
    if (!o) {
        etf_enc_opts_default(&def);
        o = &def;
    }
    out->size = 0;
    put8(out, VERSION_MAGIC);
    if (!enc_body(t, o, out)) {
        out->size = 0;
        return -1;
    }
    if (o->compressed <= 0) return 0;
    /* As OTP: give zlib no more room than the plain body minus the 5 bytes
     * the COMPRESSED header costs; if it does not fit, keep the plain term. */
    size_t real = out->size - 1;
    uLongf dest_len = real < 5 ? 0 : (uLongf)(real - 5);
    uint8_t *z = malloc(dest_len + 6);
    if (!z) laser_oom("term_to_binary compression", dest_len + 6);
    if (compress2(z + 6, &dest_len, out->data + 1, (uLong)real, o->compressed) == Z_OK) {
        z[0] = VERSION_MAGIC;
        z[1] = COMPRESSED;
        put_be(z + 2, real, 4);
        out->size = 0;
        put_bytes(out, z, dest_len + 6);
    }
    free(z);
    return 0;
}

/* =====================================================================
 * Decoding
 * =================================================================== */

typedef enum { FR_SEQ, FR_PAIRS, FR_MAP } fkind_t;
typedef struct {
    fkind_t kind;
    unsigned stride; /* FR_SEQ: distance between destination slots */
    uint64_t left;   /* terms still to decode into this frame */
    uint64_t done;   /* FR_PAIRS: terms decoded so far */
    uint64_t n;      /* FR_PAIRS/FR_MAP: number of pairs */
    term *dst;       /* FR_SEQ: next slot; FR_PAIRS/FR_MAP: keys[n] then vals[n] */
    term *mdst;      /* FR_MAP: where the map goes */
} frame_t;

typedef struct {
    const uint8_t *p, *end;
    bool build;   /* false: scan (validate, count words); true: build */
    bool safe;
    heap_t *h;    /* build: the private heap */
    uint64_t words;   /* scan: heap words needed */
    uint64_t pending; /* scan: terms announced but not yet read */
    etf_err_t err;
    frame_t *fs;
    size_t sp, cap;
} dec_t;

#define FAIL(d, e) return ((d)->err = (e), false)
#define NEED(d, k)                                                                                 \
    do {                                                                                           \
        if ((size_t)((d)->end - (d)->p) < (size_t)(k)) FAIL(d, ETF_ERR_BADARG);                    \
    } while (0)

static inline uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static inline uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint64_t be64(const uint8_t *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

/* Announce k more terms to read: each needs at least a byte. */
static bool announce(dec_t *d, uint64_t k)
{
    uint64_t left = (uint64_t)(d->end - d->p);
    if (k > left || d->pending > left - k) FAIL(d, ETF_ERR_BADARG);
    d->pending += k;
    return true;
}

static bool push_frame(dec_t *d, frame_t f)
{
    if (d->sp == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        frame_t *s = realloc(d->fs, cap * sizeof *s);
        if (!s) laser_oom("binary_to_term stack", cap * sizeof *s);
        d->fs = s;
        d->cap = cap;
    }
    d->fs[d->sp++] = f;
    return true;
}

static term *alloc_words(dec_t *d, uint64_t n)
{
    if (!d->build) {
        d->words += n;
        return NULL;
    }
    return heap_alloc(d->h, (size_t)n);
}

/* An atom in any of the atom encodings. */
static bool dec_atom(dec_t *d, term *out)
{
    NEED(d, 1);
    unsigned tag = *d->p++;
    size_t len;
    bool utf8;
    switch (tag) {
    case ATOM_EXT: NEED(d, 2); len = be16(d->p); d->p += 2; utf8 = false; break;
    case SMALL_ATOM_EXT: NEED(d, 1); len = *d->p++; utf8 = false; break;
    case ATOM_UTF8_EXT: NEED(d, 2); len = be16(d->p); d->p += 2; utf8 = true; break;
    case SMALL_ATOM_UTF8_EXT: NEED(d, 1); len = *d->p++; utf8 = true; break;
    default: FAIL(d, ETF_ERR_BADARG);
    }
    NEED(d, len);
    const uint8_t *s = d->p;
    d->p += len;
    if (!utf8 && len > ATOM_MAX_CHARS) FAIL(d, ETF_ERR_BADARG);
    if (utf8 && len > 4 * ATOM_MAX_CHARS) FAIL(d, ETF_ERR_BADARG);
    /* the scan creates nothing; with `safe` it already checks existence */
    if (!d->build && !d->safe) return true;
    term a = NIL;
    atom_err_t r;
    if (d->safe)
        r = utf8 ? atom_get_utf8(s, len, &a) : atom_get_latin1(s, len, &a);
    else
        r = utf8 ? atom_put_utf8(s, len, &a) : atom_put_latin1(s, len, &a);
    if (r == ATOM_ERR_NOT_FOUND) FAIL(d, ETF_ERR_UNSAFE);
    if (r != ATOM_OK) FAIL(d, ETF_ERR_BADARG);
    if (out) *out = a;
    return true;
}

/* An external pid/port/ref: 3 fixed words and the data words. */
static term make_external(dec_t *d, unsigned subtag, term name, uint32_t cre, const uint32_t *data, size_t n32)
{
    size_t dw = (n32 + 1) / 2;
    term *p = alloc_words(d, 3 + dw);
    if (!d->build) return NIL;
    term_external_t *e = (term_external_t *)p;
    e->header = hdr_make(2 + dw, subtag);
    e->node = node_get(name, cre);
    memset(e->data, 0, dw * sizeof(term));
    memcpy(e->data, data, n32 * sizeof(uint32_t));
    heap_link_offheap(d->h, (term_offheap_hdr_t *)e);
    return term_from_boxed_ptr(p);
}

/* In the scan (without `safe`) node names are not interned, so whether an
 * identifier is local is not known yet: words are reserved for the
 * external form, the larger one. */
static bool dec_pid_body(dec_t *d, unsigned tag, term *out)
{
    term name = NIL;
    uint32_t cre;
    bool local;
    if (!dec_atom(d, &name)) return false;
    NEED(d, 8);
    uint32_t num = be32(d->p), ser = be32(d->p + 4);
    d->p += 8;
    if (tag == PID_EXT) {
        NEED(d, 1);
        cre = *d->p++;
        if (cre > 3) FAIL(d, ETF_ERR_BADARG);
    } else {
        NEED(d, 4);
        cre = be32(d->p);
        d->p += 4;
    }
    local = (d->build || d->safe) && name == node_local_name() && cre == node_local_creation();
    if (local) {
        if (num > LOCAL_PID_NUMBER_MAX || ser > LOCAL_PID_SERIAL_MAX) FAIL(d, ETF_ERR_BADARG);
        if (out) *out = term_make_pid(num, ser);
        return true;
    }
    uint32_t data[2] = {num, ser};
    term t = make_external(d, HDR_EXT_PID, name, cre, data, 2);
    if (out) *out = t;
    return true;
}

static bool dec_port_body(dec_t *d, unsigned tag, term *out)
{
    term name = NIL;
    uint32_t cre;
    uint64_t num;
    if (!dec_atom(d, &name)) return false;
    if (tag == V4_PORT_EXT) {
        NEED(d, 8);
        num = be64(d->p);
        d->p += 8;
    } else {
        NEED(d, 4);
        num = be32(d->p);
        d->p += 4;
    }
    if (tag == PORT_EXT) {
        NEED(d, 1);
        cre = *d->p++;
        if (cre > 3) FAIL(d, ETF_ERR_BADARG);
    } else {
        NEED(d, 4);
        cre = be32(d->p);
        d->p += 4;
    }
    bool local = (d->build || d->safe) && name == node_local_name() && cre == node_local_creation();
    if (local) {
        if (num > LOCAL_PORT_NUMBER_MAX) FAIL(d, ETF_ERR_BADARG);
        *out = term_make_local_port(num);
        return true;
    }
    uint32_t data[2] = {(uint32_t)num, (uint32_t)(num >> 32)};
    *out = make_external(d, HDR_EXT_PORT, name, cre, data, 2);
    return true;
}

static bool dec_ref_body(dec_t *d, unsigned tag, term *out)
{
    term name = NIL;
    uint32_t cre, n = 1, nums[EXT_REF_NUMBERS_MAX] = {0};
    if (tag != REFERENCE_EXT) {
        NEED(d, 2);
        n = be16(d->p);
        d->p += 2;
        if (n > EXT_REF_NUMBERS_MAX) FAIL(d, ETF_ERR_BADARG);
    }
    if (!dec_atom(d, &name)) return false;
    if (tag == NEWER_REFERENCE_EXT) {
        NEED(d, 4);
        cre = be32(d->p);
        d->p += 4;
    } else {
        NEED(d, 1);
        cre = *d->p++;
        if (cre > 3) FAIL(d, ETF_ERR_BADARG);
    }
    NEED(d, 4 * (size_t)n);
    for (uint32_t i = 0; i < n; i++) nums[i] = be32(d->p + 4 * i);
    d->p += 4 * (size_t)n;
    bool local = (d->build || d->safe) && name == node_local_name() && cre == node_local_creation();
    if (local) {
        /* OTP keeps 3 numbers for a local ref (more would be a pid-ref of a
         * live process), and the first must fit the 18 bits its magic-ref
         * table uses */
        if (n == 0 || n > REF_NUMBERS || nums[0] > LOCAL_REF_FIRST_MAX) FAIL(d, ETF_ERR_BADARG);
    }
    if (!d->build) {
        /* reserve for the larger of the two forms */
        d->words += 3 + (EXT_REF_NUMBERS_MAX + 1) / 2;
        return true;
    }
    if (local) {
        /* a live resource's numbers: its magic reference again, as erts'
         * magic ref table finds the binary */
        _Static_assert(3 + (EXT_REF_NUMBERS_MAX + 1) / 2 >= MREF_WORDS, "the reservation above fits a magic ref");
        *out = res_revive(d->h, nums);
        if (term_is_value(*out)) return true;
        term *p = heap_alloc(d->h, 3);
        p[0] = hdr_make(2, HDR_REF);
        uint32_t *num = (uint32_t *)(p + 1);
        num[0] = nums[0];
        num[1] = nums[1];
        num[2] = nums[2];
        num[3] = 0;
        *out = term_from_boxed_ptr(p);
        return true;
    }
    *out = make_external(d, HDR_EXT_REF, name, cre, nums, n);
    return true;
}

/* SMALL_INTEGER_EXT or INTEGER_EXT (fields of funs and exports). */
static bool dec_small_int(dec_t *d, int64_t *v)
{
    NEED(d, 1);
    unsigned tag = *d->p++;
    if (tag == SMALL_INTEGER_EXT) {
        NEED(d, 1);
        *v = *d->p++;
    } else if (tag == INTEGER_EXT) {
        NEED(d, 4);
        *v = (int32_t)be32(d->p);
        d->p += 4;
    } else {
        FAIL(d, ETF_ERR_BADARG);
    }
    return true;
}

/* The textual FLOAT_EXT, as OTP's sys_chars_to_double accepts it:
 * [+-]digits[.,]digits[(e|E)[+-]digits], ended by NUL or the 31 bytes. */
static bool parse_float_text(const uint8_t *s, double *out)
{
    char buf[32];
    size_t n = 0;
    while (n < 31 && s[n]) n++;
    memcpy(buf, s, n);
    buf[n] = 0;
    size_t i = 0;
    if (buf[i] == '+' || buf[i] == '-') i++;
    if (!(buf[i] >= '0' && buf[i] <= '9')) return false;
    while (buf[i] >= '0' && buf[i] <= '9') i++;
    if (buf[i] != '.' && buf[i] != ',') return false;
    buf[i++] = '.';
    if (!(buf[i] >= '0' && buf[i] <= '9')) return false;
    while (buf[i] >= '0' && buf[i] <= '9') i++;
    if (buf[i] == 'e' || buf[i] == 'E') {
        i++;
        if (buf[i] == '+' || buf[i] == '-') i++;
        if (!(buf[i] >= '0' && buf[i] <= '9')) return false;
        while (buf[i] >= '0' && buf[i] <= '9') i++;
    }
    if (buf[i]) return false;
    double v = strtod(buf, NULL);
    if (!isfinite(v)) return false;
    *out = v;
    return true;
}

static void put_slot(dec_t *d, term *slot, term t)
{
    if (d->build) *slot = t;
}

/* Decode one term whose destination is slot (NULL in the scan). */
static bool dec_one(dec_t *d, term *slot)
{
    NEED(d, 1);
    unsigned tag = *d->p;
    term t = NIL;
    switch (tag) {
    case SMALL_INTEGER_EXT:
        NEED(d, 2);
        put_slot(d, slot, term_from_small(d->p[1]));
        d->p += 2;
        return true;
    case INTEGER_EXT:
        NEED(d, 5);
        put_slot(d, slot, term_from_small((int32_t)be32(d->p + 1)));
        d->p += 5;
        return true;
    case SMALL_BIG_EXT:
    case LARGE_BIG_EXT: {
        size_t n;
        if (tag == SMALL_BIG_EXT) {
            NEED(d, 3);
            n = d->p[1];
            d->p += 2;
        } else {
            NEED(d, 6);
            n = be32(d->p + 1);
            d->p += 5;
        }
        bool neg = *d->p++ != 0;
        NEED(d, n);
        if (d->build)
            *slot = big_from_bytes_le(d->h, d->p, n, neg);
        else
            d->words += big_words((n + 7) / 8);
        d->p += n;
        return true;
    }
    case NEW_FLOAT_EXT: {
        NEED(d, 9);
        uint64_t bits = be64(d->p + 1);
        double f;
        memcpy(&f, &bits, sizeof f);
        if (!isfinite(f)) FAIL(d, ETF_ERR_BADARG);
        d->p += 9;
        if (d->build) *slot = heap_make_float(d->h, f);
        else d->words += 2;
        return true;
    }
    case FLOAT_EXT: {
        NEED(d, 32);
        double f;
        if (!parse_float_text(d->p + 1, &f)) FAIL(d, ETF_ERR_BADARG);
        d->p += 32;
        if (d->build) *slot = heap_make_float(d->h, f);
        else d->words += 2;
        return true;
    }
    case ATOM_EXT:
    case SMALL_ATOM_EXT:
    case ATOM_UTF8_EXT:
    case SMALL_ATOM_UTF8_EXT:
        if (!dec_atom(d, &t)) return false;
        put_slot(d, slot, t);
        return true;
    case NIL_EXT:
        d->p++;
        put_slot(d, slot, NIL);
        return true;
    case PID_EXT:
    case NEW_PID_EXT:
        d->p++;
        if (!dec_pid_body(d, tag, &t)) return false;
        put_slot(d, slot, t);
        return true;
    case PORT_EXT:
    case NEW_PORT_EXT:
    case V4_PORT_EXT:
        d->p++;
        if (!dec_port_body(d, tag, &t)) return false;
        put_slot(d, slot, t);
        return true;
    case REFERENCE_EXT:
    case NEW_REFERENCE_EXT:
    case NEWER_REFERENCE_EXT:
        d->p++;
        if (!dec_ref_body(d, tag, &t)) return false;
        put_slot(d, slot, t);
        return true;
    case SMALL_TUPLE_EXT:
    case LARGE_TUPLE_EXT: {
        uint64_t n;
        if (tag == SMALL_TUPLE_EXT) {
            NEED(d, 2);
            n = d->p[1];
            d->p += 2;
        } else {
            NEED(d, 5);
            n = be32(d->p + 1);
            d->p += 5;
        }
        if (!d->build) {
            if (!announce(d, n)) return false;
            d->words += 1 + n;
            return push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 1, .left = n});
        }
        term *p = heap_alloc(d->h, 1 + n);
        p[0] = hdr_make(n, HDR_TUPLE);
        for (uint64_t i = 0; i < n; i++) p[1 + i] = NIL;
        *slot = term_from_boxed_ptr(p);
        return push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 1, .left = n, .dst = p + 1});
    }
    case STRING_EXT: {
        NEED(d, 3);
        size_t n = be16(d->p + 1);
        d->p += 3;
        NEED(d, n);
        if (d->build) {
            term *p = n ? heap_alloc(d->h, 2 * n) : NULL;
            for (size_t i = 0; i < n; i++) {
                p[2 * i] = term_from_small(d->p[i]);
                p[2 * i + 1] = i + 1 < n ? term_from_list_ptr(p + 2 * i + 2) : NIL;
            }
            *slot = n ? term_from_list_ptr(p) : NIL;
        } else {
            d->words += 2 * (uint64_t)n;
        }
        d->p += n;
        return true;
    }
    case LIST_EXT: {
        NEED(d, 5);
        uint64_t n = be32(d->p + 1);
        d->p += 5;
        if (!d->build) {
            if (!announce(d, n + 1)) return false;
            d->words += 2 * n;
            /* elements, then the tail */
            return push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 1, .left = n + 1});
        }
        if (n == 0) /* the list is its tail */
            return push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 1, .left = 1, .dst = slot});
        term *p = heap_alloc(d->h, 2 * n);
        for (uint64_t i = 0; i < n; i++) {
            p[2 * i] = NIL;
            p[2 * i + 1] = i + 1 < n ? term_from_list_ptr(p + 2 * i + 2) : NIL;
        }
        *slot = term_from_list_ptr(p);
        /* the tail last (pushed first), the heads at stride 2 */
        if (!push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 1, .left = 1, .dst = p + 2 * n - 1})) return false;
        return push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 2, .left = n, .dst = p});
    }
    case BINARY_EXT:
    case BIT_BINARY_EXT: {
        size_t n;
        unsigned bits = 8;
        if (tag == BINARY_EXT) {
            NEED(d, 5);
            n = be32(d->p + 1);
            d->p += 5;
        } else {
            NEED(d, 6);
            n = be32(d->p + 1);
            bits = d->p[5];
            d->p += 6;
            /* OTP: 1..8 bits in the last byte, or nothing at all */
            if (n == 0 ? bits != 0 : (bits == 0 || bits > 8)) FAIL(d, ETF_ERR_BADARG);
            if (n == 0) bits = 8;
        }
        NEED(d, n);
        if (d->build) {
            if (bits == 8)
                *slot = bin_make(d->h, d->p, n, NULL);
            else
                *slot = bin_make_bits(d->h, d->p, (uint64_t)(n - 1) * 8 + bits);
        } else {
            d->words += bin_make_words(n) + (bits == 8 ? 0 : SUBBIN_WORDS);
        }
        d->p += n;
        return true;
    }
    case MAP_EXT: {
        NEED(d, 5);
        uint64_t n = be32(d->p + 1);
        d->p += 5;
        if (!d->build) {
            if (!announce(d, 2 * n)) return false;
            /* the pairs array, then the map: a flatmap is keys tuple + map;
             * a HAMT a cons per key and fewer than one node per key in
             * practice (map_from_pairs allocates more if it must) */
            d->words += 2 * n + (n <= MAP_SMALL_LIMIT ? 4 + 2 * n : 4 * n);
            return push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 1, .left = 2 * n});
        }
        term *kv = n ? heap_alloc(d->h, 2 * n) : NULL;
        for (uint64_t i = 0; i < 2 * n; i++) kv[i] = NIL;
        if (!push_frame(d, (frame_t){.kind = FR_MAP, .n = n, .dst = kv, .mdst = slot})) return false;
        return push_frame(d, (frame_t){.kind = FR_PAIRS, .left = 2 * n, .n = n, .dst = kv});
    }
    case EXPORT_EXT: {
        d->p++;
        term m = NIL, f = NIL;
        int64_t a;
        if (!dec_atom(d, &m) || !dec_atom(d, &f) || !dec_small_int(d, &a)) return false;
        if (a < 0) FAIL(d, ETF_ERR_BADARG);
        if (!d->build) return true;
        export_entry_t *e;
        if (d->safe) {
            /* `safe` creates no export entries and, as OTP, accepts only
             * functions that exist (loaded code or a BIF) */
            e = export_get(m, f, (uint32_t)a);
            if (!e || (!atomic_load(&e->address) && !e->bif_index)) FAIL(d, ETF_ERR_UNSAFE);
        } else {
            e = export_put(m, f, (uint32_t)a);
        }
        *slot = export_fun_term(e);
        return true;
    }
    case NEW_FUN_EXT: {
        NEED(d, 1 + 4 + 1 + 16 + 4 + 4);
        const uint8_t *q = d->p + 1;
        uint32_t size = be32(q);
        if (size > (size_t)(d->end - q)) FAIL(d, ETF_ERR_BADARG);
        unsigned arity = q[4];
        const uint8_t *uniq = q + 5;
        uint32_t index = be32(q + 21), nfree = be32(q + 25);
        d->p = q + 29;
        term mod = NIL, creator = NIL;
        int64_t old_index, old_uniq;
        if (!dec_atom(d, &mod) || !dec_small_int(d, &old_index) || !dec_small_int(d, &old_uniq)) return false;
        NEED(d, 1);
        unsigned ptag = *d->p++;
        if (ptag != PID_EXT && ptag != NEW_PID_EXT) FAIL(d, ETF_ERR_BADARG);
        if (!dec_pid_body(d, ptag, &creator)) return false;
        if (!d->build) {
            if (!announce(d, nfree)) return false;
            d->words += FUN_WORDS + (uint64_t)nfree;
            return push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 1, .left = nfree});
        }
        term *p = heap_alloc(d->h, FUN_WORDS + nfree);
        term_fun_t *fn = (term_fun_t *)p;
        fn->header = hdr_make(FUN_WORDS - 1 + nfree, HDR_FUN);
        fn->entry = funtab_get(mod, index, uniq, (uint32_t)old_index, (uint32_t)old_uniq, arity + nfree, nfree);
        fn->arity = arity;
        fn->num_free = nfree;
        fn->creator = creator;
        for (uint32_t i = 0; i < nfree; i++) fn->env[i] = NIL;
        heap_link_offheap(d->h, (term_offheap_hdr_t *)fn);
        *slot = term_from_boxed_ptr(p);
        return push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 1, .left = nfree, .dst = fn->env});
    }
    default:
        /* ATOM_CACHE_REF (82) needs a distribution header, FUN_EXT (117)
         * is gone since OTP 23, COMPRESSED only at the top */
        FAIL(d, ETF_ERR_BADARG);
    }
}

/* Build a map from the decoded pairs; duplicate keys are an error. */
static bool finish_map(dec_t *d, frame_t *f)
{
    term *keys = f->dst, *vals = f->dst ? f->dst + f->n : NULL;
    term m = map_from_pairs(d->h, keys, vals, (size_t)f->n);
    if (map_size(m) != f->n) FAIL(d, ETF_ERR_BADARG);
    *f->mdst = m;
    return true;
}

/* Decode the term at d->p into *out, walking children with the frame
 * stack. */
static bool dec_run(dec_t *d, term *out)
{
    d->sp = 0;
    if (!d->build && !announce(d, 1)) return false;
    if (!push_frame(d, (frame_t){.kind = FR_SEQ, .stride = 1, .left = 1, .dst = out})) return false;
    while (d->sp > 0) {
        frame_t *f = &d->fs[d->sp - 1];
        if (f->kind == FR_MAP) {
            frame_t fm = *f;
            d->sp--;
            if (!finish_map(d, &fm)) return false;
            continue;
        }
        if (f->left == 0) {
            d->sp--;
            continue;
        }
        term *slot = NULL;
        f->left--;
        if (d->build) {
            if (f->kind == FR_SEQ) {
                slot = f->dst;
                f->dst += f->stride;
            } else {
                uint64_t j = f->done++;
                slot = (j & 1) ? f->dst + f->n + j / 2 : f->dst + j / 2;
            }
        } else {
            d->pending--;
        }
        if (!dec_one(d, slot)) return false; /* may push frames: f is stale now */
    }
    return true;
}

static etf_err_t dec_body(const uint8_t *p, size_t len, heap_t *h, bool safe, term *out, size_t *used)
{
    dec_t d = {.p = p, .end = p + len, .safe = safe, .err = ETF_OK};
    bool ok = dec_run(&d, NULL);
    if (!ok) {
        free(d.fs);
        return d.err ? d.err : ETF_ERR_BADARG;
    }
    size_t consumed = (size_t)(d.p - p);
    /* build into a private heap of the scanned size */
    heap_t tmp;
    heap_init(&tmp);
    if (d.words) {
        term *region = heap_alloc(&tmp, (size_t)d.words);
        tmp.top = region;
        tmp.words -= (size_t)d.words;
    }
    d.p = p;
    d.build = true;
    d.h = &tmp;
    d.err = ETF_OK;
    term result = NIL;
    ok = dec_run(&d, &result);
    free(d.fs);
    if (!ok) {
        heap_free(&tmp);
        return d.err ? d.err : ETF_ERR_BADARG;
    }
    heap_absorb(h, &tmp);
    *out = result;
    if (used) *used = consumed;
    return ETF_OK;
}

etf_err_t etf_decode(const uint8_t *data, size_t len, heap_t *h, bool safe, term *out, size_t *used)
{
    if (len < 2 || data[0] != VERSION_MAGIC) return ETF_ERR_BADARG;
    if (data[1] != COMPRESSED) {
        size_t u = 0;
        etf_err_t r = dec_body(data + 1, len - 1, h, safe, out, &u);
        if (r == ETF_OK && used) *used = u + 1;
        return r;
    }
    if (len < 6) return ETF_ERR_BADARG;
    uint32_t size = be32(data + 2);
    size_t zlen = len - 6;
    if (size == 0 || (uint64_t)size > (uint64_t)zlen * ZLIB_MAX_RATIO + 64) return ETF_ERR_BADARG;
    uint8_t *buf = malloc(size);
    if (!buf) laser_oom("binary_to_term inflate", size);
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit(&zs) != Z_OK) {
        free(buf);
        return ETF_ERR_BADARG;
    }
    zs.next_in = (Bytef *)(data + 6);
    zs.next_out = buf;
    zs.avail_out = size;
    /* feed in chunks: avail_in is a uInt */
    size_t left = zlen;
    int zr = Z_OK;
    while (zr == Z_OK) {
        if (zs.avail_in == 0) {
            uInt chunk = left > (1u << 30) ? (1u << 30) : (uInt)left;
            if (chunk == 0) break;
            zs.avail_in = chunk;
            left -= chunk;
        }
        zr = inflate(&zs, Z_NO_FLUSH);
    }
    /* exactly `size` bytes, and the zlib stream must end there */
    bool good = zr == Z_STREAM_END && zs.total_out == size;
    size_t zused = (size_t)zs.total_in;
    inflateEnd(&zs);
    etf_err_t r = ETF_ERR_BADARG;
    if (good) r = dec_body(buf, size, h, safe, out, NULL);
    free(buf);
    if (r == ETF_OK && used) *used = 6 + zused;
    return r;
}
