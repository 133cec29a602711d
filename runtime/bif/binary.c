/*
 * binary.c - the BIFs of OTP 25's `binary` module (erl_bif_binary.c).
 *
 * binary:bin_to_list/1,2,3, replace/3,4, encode_hex/1 and decode_hex/1 are
 * plain Erlang in binary.erl (erlang:is_builtin/3 is false), so they run
 * from the .beam; everything else of the module is here.
 *
 * Searching. binary:match and binary:matches report the leftmost match
 * and, among those starting there, the longest; matches and split then
 * continue after it (no overlaps), as OTP does. A single pattern is found
 * with memmem (glibc's two-way algorithm: linear, no preprocessing to
 * keep). A few short patterns (at most 32 bytes in all: string's
 * separators) are tried at each position (find_few); more go through an
 * Aho-Corasick automaton built per call (sparse child lists, so a large
 * pattern set stays small) in one pass over the subject (find_many).
 *
 * Compiled patterns. OTP returns {bm, MagicRef} or {ac, MagicRef}; laser
 * returns {bm, Bin} or {ac, Bin} where Bin is a binary holding a magic
 * prefix and the patterns (layout above pat_decode). The tuple round-trips
 * through term_to_binary as OTP's does on one node, and a tuple whose
 * binary is not such an encoding is badarg, as a non-magic ref is in OTP.
 * Unlike OTP, element 2 is a binary, not a reference (is_reference/1 on it
 * differs); the automaton is rebuilt per call, which costs time linear in
 * the patterns' size.
 *
 * Results that are parts of the subject (part/2,3, split/2,3) are sub
 * binaries of it (bin_make_sub: copies when at most 64 whole bytes, as
 * OTP 25), so binary:referenced_byte_size/1 sees what OTP's does.
 */
#define _GNU_SOURCE /* memmem */
#include "bif.h"
#include "big.h"
#include "bin.h"
#include "scheduler.h"

#include <stdlib.h>
#include <string.h>

/* ---- byte access ---- */

/* The bytes of a bitstring whose size is whole bytes. Unaligned sub
 * binaries are copied into an owned buffer that bytes_done frees. */
typedef struct {
    const uint8_t *p;
    size_t n;
    uint8_t *owned;
} bytes_t;

static bool get_bytes(term t, bytes_t *b)
{
    b->owned = NULL;
    if (!term_is_bitstring(t)) return false;
    bin_view_t v;
    bin_view(t, &v);
    if (v.bitsize % 8 != 0) return false;
    b->n = (size_t)(v.bitsize / 8);
    if (v.bitoffs == 0) {
        b->p = v.base;
        return true;
    }
    b->owned = malloc(b->n ? b->n : 1);
    if (!b->owned) laser_oom("binary bytes", b->n);
    memset(b->owned, 0, b->n ? b->n : 1);
    bin_copy_bits(v.base, v.bitoffs, b->owned, 0, v.bitsize);
    b->p = b->owned;
    return true;
}

static void bytes_done(bytes_t *b)
{
    free(b->owned);
    b->owned = NULL;
}

/* The whole bytes [off, off+len) of bitstring t, sharing its storage. */
static term make_sub(heap_t *h, term t, size_t off, size_t len)
{
    return bin_make_sub(h, t, (uint64_t)off * 8, (uint64_t)len * 8);
}

/* An integer argument as int64 (bignums out of range: false). */
static bool get_int(term t, int64_t *v) { return term_is_integer(t) && int_to_int64(t, v); }

/* ---- at, first, last, part ---- */

term bif_binary_at_2(proc_t *p, const term *args)
{
    bytes_t b;
    int64_t pos;
    if (!get_int(args[1], &pos) || !get_bytes(args[0], &b)) BIF_BADARG(p);
    term r = THE_NON_VALUE;
    if (pos >= 0 && (uint64_t)pos < b.n) r = term_from_small(b.p[pos]);
    bytes_done(&b);
    if (!term_is_value(r)) BIF_BADARG(p);
    return r;
}

static term first_last(proc_t *p, term t, bool last)
{
    bytes_t b;
    if (!get_bytes(t, &b) || b.n == 0) {
        if (b.owned) bytes_done(&b);
        BIF_BADARG(p);
    }
    term r = term_from_small(last ? b.p[b.n - 1] : b.p[0]);
    bytes_done(&b);
    return r;
}

term bif_binary_first_1(proc_t *p, const term *args) { return first_last(p, args[0], false); }
term bif_binary_last_1(proc_t *p, const term *args) { return first_last(p, args[0], true); }

/* Pos and Len (Len may be negative: the part then ends at Pos) against a
 * subject of n bytes; false if out of range. */
static bool norm_range(term tpos, term tlen, size_t n, size_t *off, size_t *len)
{
    int64_t pos, l;
    if (!get_int(tpos, &pos) || !get_int(tlen, &l) || pos < 0) return false;
    if (l < 0) {
        if (l < -pos) return false; /* also keeps -l from overflowing */
        pos += l;
        l = -l;
    }
    if ((uint64_t)pos > n || (uint64_t)l > n - (uint64_t)pos) return false;
    *off = (size_t)pos;
    *len = (size_t)l;
    return true;
}

/* binary:part works on any bitstring: whole bytes only are addressable. */
static term part(proc_t *p, term bin, term tpos, term tlen)
{
    if (!term_is_bitstring(bin)) BIF_BADARG(p);
    size_t n = (size_t)(bin_bit_size(bin) / 8), off, len;
    if (!norm_range(tpos, tlen, n, &off, &len)) BIF_BADARG(p);
    return make_sub(proc_heap(p), bin, off, len);
}

term bif_binary_part_2(proc_t *p, const term *args)
{
    if (!term_is_tuple(args[1]) || term_tuple_arity(args[1]) != 2) BIF_BADARG(p);
    const term *e = term_tuple_elems(args[1]);
    return part(p, args[0], e[0], e[1]);
}

term bif_binary_part_3(proc_t *p, const term *args) { return part(p, args[0], args[1], args[2]); }

/* ---- copy ---- */

/* OTP allocates whatever size is asked for and aborts the VM when that
 * fails; laser raises system_limit above this many bytes instead. */
#define COPY_LIMIT ((uint64_t)1 << 40)

static term copy(proc_t *p, term bin, uint64_t times)
{
    bytes_t b;
    /* OTP: zero copies of any bitstring is <<>>, even of one that is not
     * whole bytes (which is badarg for any other count) */
    if (times == 0 && term_is_bitstring(bin)) return bin_make(proc_heap(p), NULL, 0, NULL);
    if (!get_bytes(bin, &b)) BIF_BADARG(p);
    if (b.n != 0 && times > COPY_LIMIT / b.n) {
        bytes_done(&b);
        BIF_ERROR(p, ATOM(system_limit));
    }
    size_t total = b.n * (size_t)times;
    uint8_t *dst;
    term r = bin_make(proc_heap(p), NULL, total, &dst);
    for (uint64_t i = 0; i < times && b.n; i++) memcpy(dst + i * b.n, b.p, b.n);
    bytes_done(&b);
    return r;
}

term bif_binary_copy_1(proc_t *p, const term *args) { return copy(p, args[0], 1); }

/* The count is an unsigned word in OTP (term_to_Uint): bignums up to
 * 2^64 - 1 are accepted, which only matters for an empty subject. */
term bif_binary_copy_2(proc_t *p, const term *args)
{
    term t = args[1];
    uint64_t times;
    if (term_is_small(t)) {
        if (term_to_small(t) < 0) BIF_BADARG(p);
        times = (uint64_t)term_to_small(t);
    } else if (term_is_big(t) && !term_big_is_neg(t) && term_big_size(t) == 1) {
        times = term_big_digits(t)[0];
    } else {
        BIF_BADARG(p);
    }
    return copy(p, args[0], times);
}

/* ---- decode_unsigned, encode_unsigned ---- */

static bool endianness(term t, bool *little)
{
    if (t == ATOM(big)) *little = false;
    else if (t == ATOM(little)) *little = true;
    else return false;
    return true;
}

static term decode_unsigned(proc_t *p, term bin, term endian)
{
    bool little;
    bytes_t b;
    if (!endianness(endian, &little) || !get_bytes(bin, &b)) BIF_BADARG(p);
    uint8_t *le = malloc(b.n ? b.n : 1);
    if (!le) laser_oom("decode_unsigned", b.n);
    for (size_t i = 0; i < b.n; i++) le[i] = little ? b.p[i] : b.p[b.n - 1 - i];
    term r = big_from_bytes_le(proc_heap(p), le, b.n, false);
    free(le);
    bytes_done(&b);
    return r;
}

term bif_binary_decode_unsigned_1(proc_t *p, const term *args)
{
    return decode_unsigned(p, args[0], ATOM(big));
}

term bif_binary_decode_unsigned_2(proc_t *p, const term *args) { return decode_unsigned(p, args[0], args[1]); }

static term encode_unsigned(proc_t *p, term t, term endian)
{
    bool little;
    if (!endianness(endian, &little) || !term_is_integer(t)) BIF_BADARG(p);
    const uint64_t *limbs;
    uint64_t one;
    size_t nlimbs;
    if (term_is_small(t)) {
        if (term_to_small(t) < 0) BIF_BADARG(p);
        one = (uint64_t)term_to_small(t);
        limbs = &one;
        nlimbs = 1;
    } else {
        if (term_big_is_neg(t)) BIF_BADARG(p);
        limbs = term_big_digits(t);
        nlimbs = term_big_size(t);
    }
    /* minimal number of bytes, at least one (0 is <<0>>) */
    size_t nbytes = nlimbs * 8;
    while (nbytes > 1 && ((limbs[(nbytes - 1) / 8] >> ((nbytes - 1) % 8 * 8)) & 0xFF) == 0) nbytes--;
    uint8_t *dst;
    term r = bin_make(proc_heap(p), NULL, nbytes, &dst);
    for (size_t i = 0; i < nbytes; i++) {
        uint8_t byte = (uint8_t)(limbs[i / 8] >> (i % 8 * 8));
        dst[little ? i : nbytes - 1 - i] = byte;
    }
    return r;
}

term bif_binary_encode_unsigned_1(proc_t *p, const term *args)
{
    return encode_unsigned(p, args[0], ATOM(big));
}

term bif_binary_encode_unsigned_2(proc_t *p, const term *args) { return encode_unsigned(p, args[0], args[1]); }

/* ---- list_to_bin ---- */

/* Walk an iolist (bytes, binaries, nested lists; a binary or [] as a
 * tail), calling emit for each run of bytes. The pending tails of nested
 * lists are kept on a malloc'd stack, so depth is not limited by C's. */
typedef void (*emit_fn)(void *ctx, const uint8_t *p, size_t n);

static bool iolist_walk(term t, emit_fn emit, void *ctx)
{
    size_t cap = 16, sp = 0;
    term *stack = malloc(cap * sizeof *stack);
    if (!stack) laser_oom("iolist", cap * sizeof *stack);
    bool ok = true;
    for (;;) {
        if (term_is_list(t)) {
            term h = term_car(t);
            if (term_is_small(h)) {
                int64_t v = term_to_small(h);
                if (v < 0 || v > 255) { ok = false; break; }
                uint8_t byte = (uint8_t)v;
                emit(ctx, &byte, 1);
                t = term_cdr(t);
            } else if (term_is_list(h) || term_is_nil(h)) {
                if (sp == cap) {
                    cap *= 2;
                    term *ns = realloc(stack, cap * sizeof *stack);
                    if (!ns) laser_oom("iolist", cap * sizeof *stack);
                    stack = ns;
                }
                stack[sp++] = term_cdr(t);
                t = h;
            } else if (term_is_bitstring(h)) {
                bytes_t b;
                if (!get_bytes(h, &b)) { ok = false; break; }
                emit(ctx, b.p, b.n);
                bytes_done(&b);
                t = term_cdr(t);
            } else {
                ok = false;
                break;
            }
        } else {
            if (term_is_bitstring(t)) {
                bytes_t b;
                if (!get_bytes(t, &b)) { ok = false; break; }
                emit(ctx, b.p, b.n);
                bytes_done(&b);
            } else if (!term_is_nil(t)) {
                ok = false;
                break;
            }
            if (sp == 0) break;
            t = stack[--sp];
        }
    }
    free(stack);
    return ok;
}

static void count_bytes(void *ctx, const uint8_t *p, size_t n)
{
    (void)p;
    *(size_t *)ctx += n;
}

static void copy_bytes(void *ctx, const uint8_t *p, size_t n)
{
    uint8_t **dst = ctx;
    memcpy(*dst, p, n);
    *dst += n;
}

term bif_binary_list_to_bin_1(proc_t *p, const term *args)
{
    size_t n = 0;
    if (!term_is_list(args[0]) && !term_is_nil(args[0])) BIF_BADARG(p);
    if (!iolist_walk(args[0], count_bytes, &n)) BIF_BADARG(p);
    uint8_t *dst;
    term r = bin_make(proc_heap(p), NULL, n, &dst);
    iolist_walk(args[0], copy_bytes, &dst);
    return r;
}

/* ---- referenced_byte_size ---- */

term bif_binary_referenced_byte_size_1(proc_t *p, const term *args)
{
    term t = args[0];
    if (!term_is_bitstring(t)) BIF_BADARG(p);
    term *hp = term_boxed_ptr(t);
    if (hdr_subtag(hp[0]) == HDR_SUB_BIN) hp = term_boxed_ptr(((term_subbin_t *)hp)->orig);
    uint64_t n;
    if (hdr_subtag(hp[0]) == HDR_HEAP_BIN) n = hp[1];
    else n = ((term_procbin_t *)hp)->val->orig_size;
    return n <= (uint64_t)MAX_SMALL ? term_from_small((int64_t)n) : big_from_uint64(proc_heap(p), n);
}

/* ---- longest_common_prefix / suffix ---- */

static term longest_common(proc_t *p, term list, bool suffix)
{
    size_t n = 0;
    term l = list;
    for (; term_is_list(l); l = term_cdr(l)) n++;
    if (!term_is_nil(l) || n == 0) BIF_BADARG(p);
    bytes_t *bs = malloc(n * sizeof *bs);
    if (!bs) laser_oom("longest_common", n * sizeof *bs);
    size_t got = 0;
    bool ok = true;
    for (l = list; term_is_list(l); l = term_cdr(l)) {
        if (!get_bytes(term_car(l), &bs[got])) { ok = false; break; }
        got++;
    }
    size_t common = 0;
    if (ok) {
        common = bs[0].n;
        for (size_t i = 1; i < n; i++) {
            size_t m = common < bs[i].n ? common : bs[i].n, k = 0;
            if (suffix) {
                while (k < m && bs[0].p[bs[0].n - 1 - k] == bs[i].p[bs[i].n - 1 - k]) k++;
            } else {
                while (k < m && bs[0].p[k] == bs[i].p[k]) k++;
            }
            common = k;
        }
    }
    for (size_t i = 0; i < got; i++) bytes_done(&bs[i]);
    free(bs);
    if (!ok) BIF_BADARG(p);
    return term_from_small((int64_t)common);
}

term bif_binary_longest_common_prefix_1(proc_t *p, const term *args) { return longest_common(p, args[0], false); }
term bif_binary_longest_common_suffix_1(proc_t *p, const term *args) { return longest_common(p, args[0], true); }

/* ---- patterns ---- */

typedef struct {
    size_t count;
    bytes_t *pats; /* non-empty byte strings */
    size_t maxlen;
    uint8_t *enc_copy; /* set when pats point into a copy of a decoded compiled pattern */
    bytes_t local[4];  /* pats of a few patterns (string's separators): no malloc */
} patset_t;

static void pats_alloc(patset_t *ps, size_t n)
{
    if (n <= sizeof ps->local / sizeof ps->local[0]) {
        memset(ps->local, 0, sizeof ps->local);
        ps->pats = ps->local;
        return;
    }
    ps->pats = calloc(n, sizeof *ps->pats);
    if (!ps->pats) laser_oom("patterns", n * sizeof *ps->pats);
}

static void patset_free(patset_t *ps)
{
    for (size_t i = 0; i < ps->count; i++) bytes_done(&ps->pats[i]);
    if (ps->pats != ps->local) free(ps->pats);
    free(ps->enc_copy);
    memset(ps, 0, sizeof *ps);
}

/* The compiled form: "\0LSRPAT" (8 bytes), a u32 count, then per pattern a
 * u32 length and the bytes; all integers big-endian. */
static const uint8_t PAT_MAGIC[8] = {0, 'L', 'S', 'R', 'P', 'A', 'T', 1};

static uint32_t rd32(const uint8_t *q) { return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3]; }
static void wr32(uint8_t *q, uint32_t v)
{
    q[0] = (uint8_t)(v >> 24);
    q[1] = (uint8_t)(v >> 16);
    q[2] = (uint8_t)(v >> 8);
    q[3] = (uint8_t)v;
}

/* Decode a compiled pattern's binary; false if it is not one. */
static bool pat_decode(term bin, bool multi, patset_t *ps)
{
    bytes_t b;
    if (!get_bytes(bin, &b)) return false;
    /* the patterns point into the binary (alive for the call), or into
     * the copy of an unaligned one (freed with the set) */
    const uint8_t *d = b.p;
    size_t n = b.n;
    if (n < 12 || memcmp(d, PAT_MAGIC, 8) != 0) { bytes_done(&b); return false; }
    uint32_t count = rd32(d + 8);
    if (count == 0 || (count > 1) != multi || count > (n - 12) / 5) { bytes_done(&b); return false; }
    pats_alloc(ps, count);
    ps->enc_copy = b.owned;
    size_t q = 12;
    for (uint32_t i = 0; i < count; i++) {
        if (n - q < 4) { patset_free(ps); return false; }
        uint32_t len = rd32(d + q);
        q += 4;
        if (len == 0 || len > n - q) { patset_free(ps); return false; }
        ps->pats[i].p = d + q;
        ps->pats[i].n = len;
        ps->count++;
        if (len > ps->maxlen) ps->maxlen = len;
        q += len;
    }
    if (q != n) { patset_free(ps); return false; }
    return true;
}

/* A pattern argument: a non-empty binary, a non-empty proper list of
 * non-empty binaries, or a compiled pattern. */
static bool get_patterns(term t, patset_t *ps)
{
    memset(ps, 0, sizeof *ps);
    if (term_is_tuple(t) && term_tuple_arity(t) == 2) {
        const term *e = term_tuple_elems(t);
        if (e[0] == ATOM(bm)) return pat_decode(e[1], false, ps);
        if (e[0] == ATOM(ac)) return pat_decode(e[1], true, ps);
        return false;
    }
    size_t n = 0;
    if (term_is_bitstring(t)) {
        n = 1;
    } else {
        term l = t;
        for (; term_is_list(l); l = term_cdr(l)) n++;
        if (!term_is_nil(l) || n == 0) return false;
    }
    pats_alloc(ps, n);
    term l = t;
    for (size_t i = 0; i < n; i++) {
        term b = term_is_bitstring(t) ? t : term_car(l);
        if (!term_is_bitstring(t)) l = term_cdr(l);
        if (!get_bytes(b, &ps->pats[i])) { patset_free(ps); return false; }
        ps->count++;
        if (ps->pats[i].n == 0) { patset_free(ps); return false; }
        if (ps->pats[i].n > ps->maxlen) ps->maxlen = ps->pats[i].n;
    }
    return true;
}

term bif_binary_compile_pattern_1(proc_t *p, const term *args)
{
    patset_t ps;
    if (!get_patterns(args[0], &ps) || term_is_tuple(args[0])) {
        if (ps.pats) patset_free(&ps);
        BIF_BADARG(p);
    }
    size_t total = 12;
    for (size_t i = 0; i < ps.count; i++) total += 4 + ps.pats[i].n;
    uint8_t *d;
    term bin = bin_make(proc_heap(p), NULL, total, &d);
    memcpy(d, PAT_MAGIC, 8);
    wr32(d + 8, (uint32_t)ps.count);
    size_t q = 12;
    for (size_t i = 0; i < ps.count; i++) {
        wr32(d + q, (uint32_t)ps.pats[i].n);
        memcpy(d + q + 4, ps.pats[i].p, ps.pats[i].n);
        q += 4 + ps.pats[i].n;
    }
    /* OTP: a list of one pattern is compiled as a single (bm) pattern */
    term tag = ps.count == 1 ? ATOM(bm) : ATOM(ac);
    patset_free(&ps);
    term el[2] = {tag, bin};
    return heap_make_tuple(proc_heap(p), 2, el);
}

/* ---- Aho-Corasick ---- */

typedef struct {
    uint32_t child;   /* first child, 0 = none (node 0 is the root) */
    uint32_t sibling; /* next sibling, 0 = none */
    uint32_t fail;    /* longest proper suffix that is a trie node */
    uint32_t out;     /* nearest node on the fail chain (self included) that ends a pattern, 0 = none */
    uint32_t depth;
    uint32_t plen;    /* length of the pattern ending here, 0 = none */
    uint8_t byte;
} ac_node_t;

typedef struct {
    ac_node_t *n;
    size_t count, cap;
} ac_t;

static uint32_t ac_child(const ac_t *ac, uint32_t s, uint8_t c)
{
    for (uint32_t k = ac->n[s].child; k; k = ac->n[k].sibling)
        if (ac->n[k].byte == c) return k;
    return 0;
}

static uint32_t ac_new(ac_t *ac, uint32_t parent, uint8_t c)
{
    if (ac->count == ac->cap) {
        ac->cap = ac->cap ? ac->cap * 2 : 64;
        ac_node_t *nn = realloc(ac->n, ac->cap * sizeof *nn);
        if (!nn) laser_oom("Aho-Corasick automaton", ac->cap * sizeof *nn);
        ac->n = nn;
    }
    uint32_t k = (uint32_t)ac->count++;
    memset(&ac->n[k], 0, sizeof ac->n[k]);
    ac->n[k].byte = c;
    ac->n[k].depth = ac->n[parent].depth + 1;
    ac->n[k].sibling = ac->n[parent].child;
    ac->n[parent].child = k;
    return k;
}

static void ac_build(ac_t *ac, const patset_t *ps)
{
    memset(ac, 0, sizeof *ac);
    ac->cap = 64;
    ac->n = calloc(ac->cap, sizeof *ac->n);
    if (!ac->n) laser_oom("Aho-Corasick automaton", ac->cap * sizeof *ac->n);
    ac->count = 1;
    for (size_t i = 0; i < ps->count; i++) {
        uint32_t s = 0;
        for (size_t j = 0; j < ps->pats[i].n; j++) {
            uint32_t k = ac_child(ac, s, ps->pats[i].p[j]);
            s = k ? k : ac_new(ac, s, ps->pats[i].p[j]);
        }
        ac->n[s].plen = (uint32_t)ps->pats[i].n;
    }
    /* breadth-first: fail and out links */
    uint32_t *queue = malloc(ac->count * sizeof *queue);
    if (!queue) laser_oom("Aho-Corasick automaton", ac->count * sizeof *queue);
    size_t qh = 0, qt = 0;
    for (uint32_t k = ac->n[0].child; k; k = ac->n[k].sibling) {
        ac->n[k].fail = 0;
        ac->n[k].out = ac->n[k].plen ? k : 0;
        queue[qt++] = k;
    }
    while (qh < qt) {
        uint32_t s = queue[qh++];
        for (uint32_t k = ac->n[s].child; k; k = ac->n[k].sibling) {
            uint32_t f = ac->n[s].fail, g;
            while ((g = ac_child(ac, f, ac->n[k].byte)) == 0 && f != 0) f = ac->n[f].fail;
            ac->n[k].fail = g;
            ac->n[k].out = ac->n[k].plen ? k : ac->n[g].out;
            queue[qt++] = k;
        }
    }
    free(queue);
}

static uint32_t ac_step(const ac_t *ac, uint32_t s, uint8_t c)
{
    for (;;) {
        uint32_t k = ac_child(ac, s, c);
        if (k) return k;
        if (s == 0) return 0;
        s = ac->n[s].fail;
    }
}

/* ---- searching ---- */

/* Found matches: pos/len pairs, growable. */
typedef struct {
    size_t *v;
    size_t n, cap;
} hits_t;

static void hit(hits_t *h, size_t pos, size_t len)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 16;
        size_t *nv = realloc(h->v, h->cap * 2 * sizeof *nv);
        if (!nv) laser_oom("matches", h->cap * 2 * sizeof *nv);
        h->v = nv;
    }
    h->v[2 * h->n] = pos;
    h->v[2 * h->n + 1] = len;
    h->n++;
}

/* One pattern: memmem from the end of the previous match. */
static void find_one(const uint8_t *subj, const bytes_t *pat, size_t from, size_t end, bool global, hits_t *out)
{
    size_t at = from;
    while (end - at >= pat->n) {
        const uint8_t *q = memmem(subj + at, end - at, pat->p, pat->n);
        if (!q) break;
        size_t pos = (size_t)(q - subj);
        hit(out, pos, pat->n);
        at = pos + pat->n;
        if (!global) break;
    }
}

/* A few short patterns (string:lexemes/split/replace's separators): each
 * tried at each position, first bytes filtered by a table; building an
 * automaton costs more than that scan at these sizes. Same leftmost-longest
 * result, no allocation. */
#define FEW_PATTERN_BYTES 32
static void find_few(const uint8_t *subj, const patset_t *ps, size_t from, size_t end, bool global, hits_t *out)
{
    uint8_t first[256] = {0};
    for (size_t k = 0; k < ps->count; k++) first[ps->pats[k].p[0]] = 1;
    for (size_t j = from; j < end;) {
        size_t best = 0;
        if (first[subj[j]])
            for (size_t k = 0; k < ps->count; k++) {
                const bytes_t *q = &ps->pats[k];
                if (q->n > best && q->n <= end - j && memcmp(subj + j, q->p, q->n) == 0) best = q->n;
            }
        if (!best) {
            j++;
            continue;
        }
        hit(out, j, best);
        if (!global) return;
        j += best;
    }
}

/* Several patterns: one Aho-Corasick pass over [from, end) sees every
 * occurrence. ring[s % maxlen] keeps the longest one starting at s; once
 * the scan is maxlen - 1 bytes past s no other can start there, and s is
 * decided: taken if something starts there and s is not inside the last
 * match taken. So the work is linear in the subject (plus occurrences),
 * however long the patterns and however often they nearly match. */
static void find_many(const uint8_t *subj, const patset_t *ps, size_t from, size_t end, bool global, hits_t *out)
{
    if (ps->count * ps->maxlen <= FEW_PATTERN_BYTES) {
        find_few(subj, ps, from, end, global, out);
        return;
    }
    ac_t ac;
    ac_build(&ac, ps);
    size_t m = ps->maxlen, at = from;
    uint32_t *ring = calloc(m, sizeof *ring);
    if (!ring) laser_oom("matches", m * sizeof *ring);
    bool done = false;
    uint32_t st = 0;
#define DECIDE(s)                                                                                                      \
    do {                                                                                                               \
        size_t s_ = (s), l_ = ring[s_ % m];                                                                            \
        ring[s_ % m] = 0;                                                                                              \
        if (l_ && s_ >= at) {                                                                                          \
            hit(out, s_, l_);                                                                                          \
            at = s_ + l_;                                                                                              \
            done = !global;                                                                                            \
        }                                                                                                              \
    } while (0)
    for (size_t j = from; j < end && !done; j++) {
        st = ac_step(&ac, st, subj[j]);
        for (uint32_t o = ac.n[st].out; o; o = ac.n[ac.n[o].fail].out) {
            uint32_t l = ac.n[o].plen;
            size_t s = j + 1 - l;
            if (l > ring[s % m]) ring[s % m] = l;
        }
        if (j + 1 >= from + m) DECIDE(j + 1 - m);
    }
    for (size_t s = end >= from + m ? end + 1 - m : from; s < end && !done; s++) DECIDE(s);
#undef DECIDE
    free(ring);
    free(ac.n);
}

/* The leftmost-longest matches in [from, end), each after the previous
 * (only the first unless global). */
static void find_all(const bytes_t *subj, const patset_t *ps, size_t from, size_t end, bool global, hits_t *out)
{
    memset(out, 0, sizeof *out);
    if (ps->count == 1) find_one(subj->p, &ps->pats[0], from, end, global, out);
    else find_many(subj->p, ps, from, end, global, out);
}

/* ---- options ---- */

enum { OPT_GLOBAL = 1, OPT_TRIM = 2, OPT_TRIM_ALL = 4 };

/* Parse match/matches (split: allow_split) options against a subject of n
 * bytes: the search range [*from, *end) and flags. As OTP, an improper tail
 * of the option list is ignored and the last scope wins. */
static bool parse_opts(term opts, size_t n, bool allow_split, size_t *from, size_t *end, unsigned *flags)
{
    *from = 0;
    *end = n;
    *flags = 0;
    if (!term_is_list(opts) && !term_is_nil(opts)) return false;
    for (term l = opts; term_is_list(l); l = term_cdr(l)) {
        term o = term_car(l);
        if (allow_split && o == ATOM(global)) *flags |= OPT_GLOBAL;
        else if (allow_split && o == ATOM(trim)) *flags |= OPT_TRIM;
        else if (allow_split && o == ATOM(trim_all)) *flags |= OPT_TRIM_ALL;
        else if (term_is_tuple(o) && term_tuple_arity(o) == 2 && term_tuple_elems(o)[0] == ATOM(scope)) {
            term sc = term_tuple_elems(o)[1];
            size_t off, len;
            if (!term_is_tuple(sc) || term_tuple_arity(sc) != 2) return false;
            if (!norm_range(term_tuple_elems(sc)[0], term_tuple_elems(sc)[1], n, &off, &len)) return false;
            *from = off;
            *end = off + len;
        } else {
            return false;
        }
    }
    return true;
}

/* Everything match/matches/split check before searching. */
typedef struct {
    bytes_t subj;
    patset_t ps;
    size_t from, end;
    unsigned flags;
} search_args_t;

static bool search_args(term subj, term pat, term opts, bool split, search_args_t *a)
{
    memset(a, 0, sizeof *a);
    if (!term_is_bitstring(subj) || !get_bytes(subj, &a->subj)) return false;
    if (!get_patterns(pat, &a->ps)) {
        bytes_done(&a->subj);
        return false;
    }
    if (!parse_opts(opts, a->subj.n, split, &a->from, &a->end, &a->flags)) {
        bytes_done(&a->subj);
        patset_free(&a->ps);
        return false;
    }
    return true;
}

static void search_args_free(search_args_t *a)
{
    bytes_done(&a->subj);
    patset_free(&a->ps);
}

static term pos_len(heap_t *h, size_t pos, size_t len)
{
    term el[2] = {term_from_small((int64_t)pos), term_from_small((int64_t)len)};
    return heap_make_tuple(h, 2, el);
}

/* Subjects longer than this are searched on a dirty CPU thread. */
#define BINARY_DIRTY_BYTES ((size_t)1 << 20)

static term match(proc_t *p, term subj, term pat, term opts)
{
    search_args_t a;
    if (!search_args(subj, pat, opts, false, &a)) BIF_BADARG(p);
    if (a.end - a.from > BINARY_DIRTY_BYTES && sched_can_go_dirty(p)) {
        search_args_free(&a); /* a long scan: on a dirty CPU thread (scheduler.h) */
        return sched_go_dirty(p);
    }
    hits_t hs;
    find_all(&a.subj, &a.ps, a.from, a.end, false, &hs);
    term r = hs.n ? pos_len(proc_heap(p), hs.v[0], hs.v[1]) : ATOM(nomatch);
    free(hs.v);
    search_args_free(&a);
    return r;
}

term bif_binary_match_2(proc_t *p, const term *args) { return match(p, args[0], args[1], NIL); }
term bif_binary_match_3(proc_t *p, const term *args) { return match(p, args[0], args[1], args[2]); }

static term matches(proc_t *p, term subj, term pat, term opts)
{
    search_args_t a;
    if (!search_args(subj, pat, opts, false, &a)) BIF_BADARG(p);
    if (a.end - a.from > BINARY_DIRTY_BYTES && sched_can_go_dirty(p)) {
        search_args_free(&a); /* a long scan: on a dirty CPU thread (scheduler.h) */
        return sched_go_dirty(p);
    }
    hits_t hs;
    find_all(&a.subj, &a.ps, a.from, a.end, true, &hs);
    heap_t *h = proc_heap(p);
    term r = NIL;
    for (size_t i = hs.n; i-- > 0;) r = heap_make_cons(h, pos_len(h, hs.v[2 * i], hs.v[2 * i + 1]), r);
    free(hs.v);
    search_args_free(&a);
    return r;
}

term bif_binary_matches_2(proc_t *p, const term *args) { return matches(p, args[0], args[1], NIL); }
term bif_binary_matches_3(proc_t *p, const term *args) { return matches(p, args[0], args[1], args[2]); }

static term split(proc_t *p, term subj, term pat, term opts)
{
    search_args_t a;
    if (!search_args(subj, pat, opts, true, &a)) BIF_BADARG(p);
    hits_t hs;
    find_all(&a.subj, &a.ps, a.from, a.end, (a.flags & OPT_GLOBAL) != 0, &hs);
    size_t *v = hs.v, n = hs.n;
    /* the parts: before each match, and after the last */
    size_t nparts = n + 1;
    size_t *start = malloc(nparts * 2 * sizeof *start);
    if (!start) laser_oom("split", nparts * 2 * sizeof *start);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        start[2 * i] = at;
        start[2 * i + 1] = v[2 * i] - at;
        at = v[2 * i] + v[2 * i + 1];
    }
    start[2 * n] = at;
    start[2 * n + 1] = a.subj.n - at;
    /* trim_all drops every empty part and wins over trim, which drops
     * the trailing empty ones */
    size_t last = nparts;
    if (a.flags & (OPT_TRIM | OPT_TRIM_ALL))
        while (last > 0 && start[2 * (last - 1) + 1] == 0) last--;
    heap_t *h = proc_heap(p);
    term r = NIL;
    for (size_t i = last; i-- > 0;) {
        if ((a.flags & OPT_TRIM_ALL) && start[2 * i + 1] == 0) continue;
        r = heap_make_cons(h, make_sub(h, subj, start[2 * i], start[2 * i + 1]), r);
    }
    free(start);
    free(v);
    search_args_free(&a);
    return r;
}

term bif_binary_split_2(proc_t *p, const term *args) { return split(p, args[0], args[1], NIL); }
term bif_binary_split_3(proc_t *p, const term *args) { return split(p, args[0], args[1], args[2]); }
