/*
 * erlang_bin.c - erlang BIFs on binaries (sizes, splitting,
 * iolist_to_iovec), the external term format (term_to_binary,
 * term_to_iovec, binary_to_term, external_size, on etf.c),
 * and the checksums OTP exposes (md5 with its incremental context, zlib's
 * crc32 and adler32 and their combine functions).
 *
 * Parts of a binary are sub binaries onto the same storage, never copies.
 * Checksums take iodata and walk it with bif_iolist_bytes (erlang_list.h).
 */
#include "bif.h"
#include "big.h"
#include "bin.h"
#include "erlang_list.h"
#include "cmp.h"
#include "etf.h"
#include "gc.h"
#include "scheduler.h"
#include "map.h"
#include "../src/md5.h"

#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

term bif_erlang_byte_size_1(proc_t *p, const term *args)
{
    if (!term_is_bitstring(args[0])) BIF_BADARG(p);
    return term_from_small((int64_t)((bin_bit_size(args[0]) + 7) / 8));
}

term bif_erlang_bit_size_1(proc_t *p, const term *args)
{
    if (!term_is_bitstring(args[0])) BIF_BADARG(p);
    return term_from_small((int64_t)bin_bit_size(args[0]));
}

/* split_binary(B, Pos): Pos counts whole bytes (0..byte part of B); the
 * second half keeps any trailing bits. */
term bif_erlang_split_binary_2(proc_t *p, const term *args)
{
    if (!term_is_bitstring(args[0]) || !term_is_small(args[1])) BIF_BADARG(p);
    uint64_t bits = bin_bit_size(args[0]);
    int64_t pos = term_to_small(args[1]);
    if (pos < 0 || (uint64_t)pos > bits / 8) BIF_BADARG(p);
    heap_t *h = proc_heap(p);
    term e[2];
    e[0] = bin_make_sub(h, args[0], 0, (uint64_t)pos * 8);
    e[1] = bin_make_sub(h, args[0], (uint64_t)pos * 8, bits - (uint64_t)pos * 8);
    return heap_make_tuple(h, 2, e);
}

/* binary_part(B, Pos, Len): a negative Len counts backwards from Pos; the
 * part must lie within B's whole bytes (B may be a bitstring). */
static term binary_part(proc_t *p, term b, term tpos, term tlen)
{
    if (!term_is_bitstring(b) || !term_is_small(tpos) || !term_is_small(tlen)) BIF_BADARG(p);
    int64_t pos = term_to_small(tpos), len = term_to_small(tlen);
    int64_t size = (int64_t)(bin_bit_size(b) / 8);
    if (len < 0) {
        pos += len;
        len = -len;
    }
    if (pos < 0 || pos > size || len > size - pos) BIF_BADARG(p);
    return bin_make_sub(proc_heap(p), b, (uint64_t)pos * 8, (uint64_t)len * 8);
}

term bif_erlang_binary_part_3(proc_t *p, const term *args) { return binary_part(p, args[0], args[1], args[2]); }

term bif_erlang_binary_part_2(proc_t *p, const term *args)
{
    if (!term_is_tuple(args[1]) || term_tuple_arity(args[1]) != 2) BIF_BADARG(p);
    const term *e = term_tuple_elems(args[1]);
    return binary_part(p, args[0], e[0], e[1]);
}

/* ---------------------------------------------------------------------
 * iolist_to_iovec/1
 *
 * The result's chunking is observable, so it follows OTP 25's
 * erl_io_queue.c exactly: bytes and small binaries (< 256 bytes) are
 * gathered in an accumulator that starts at max(need, 256) bytes and
 * doubles, except that once it holds 8192 bytes or more it is emitted
 * instead of grown; a large binary is passed through as it is, or, when a
 * small accumulator plus the binary make 512 bytes or more, topped up to
 * 256 bytes from the binary, with the rest passed on as a sub binary.
 * (OTP also cuts byte runs where its reductions run out, 500000 bytes
 * into a time slice at the earliest; laser does not.)
 * ------------------------------------------------------------------- */

#define IOV_SMALL 256
#define IOV_REALLOC_LIMIT (IOV_SMALL * 32)

typedef struct {
    heap_t *h;
    term head, *tail;     /* the result list, built in order */
    uint8_t *acc;         /* accumulator (malloc'd), acc_alloc bytes as OTP sizes it */
    size_t acc_size, acc_alloc;
} iov_t;

static void iov_emit(iov_t *v, term bin)
{
    term cell = heap_make_cons(v->h, bin, NIL);
    *v->tail = cell;
    v->tail = &term_list_ptr(cell)[1];
}

static void iov_promote(iov_t *v)
{
    iov_emit(v, bin_make(v->h, v->acc, v->acc_size, NULL));
    free(v->acc);
    v->acc = NULL;
    v->acc_size = v->acc_alloc = 0;
}

/* Room for `extra` more bytes, growing as OTP's accumulator does. */
static void iov_expand(iov_t *v, size_t extra)
{
    size_t need = v->acc_size + extra, cap;
    if (!v->acc) {
        cap = need > IOV_SMALL ? need : IOV_SMALL;
    } else if (need > v->acc_alloc) {
        if (v->acc_alloc >= IOV_REALLOC_LIMIT) {
            iov_promote(v);
            iov_expand(v, extra);
            return;
        }
        cap = need > 2 * v->acc_alloc ? need : 2 * v->acc_alloc;
    } else {
        return;
    }
    uint8_t *n = realloc(v->acc, cap);
    if (!n) laser_oom("iolist_to_iovec", cap);
    v->acc = n;
    v->acc_alloc = cap;
}

static void iov_copy(iov_t *v, const bin_view_t *bv, uint64_t from, size_t n)
{
    bin_copy_bits(bv->base, bv->bitoffs + 8 * from, v->acc, 8 * (uint64_t)v->acc_size, 8 * (uint64_t)n);
    v->acc_size += n;
}

static bool iov_binary(iov_t *v, term b)
{
    bin_view_t bv;
    bin_view(b, &bv);
    if (bv.bitsize % 8 != 0) return false;
    size_t size = (size_t)(bv.bitsize / 8);
    if (size == 0) return true;
    bool acc_small = v->acc_size < IOV_SMALL, bin_small = size < IOV_SMALL;
    if (!bin_small && (v->acc_size == 0 || !acc_small)) {
        if (v->acc_size) iov_promote(v);
        iov_emit(v, b);
    } else if (bin_small || size + v->acc_size < 2 * IOV_SMALL) {
        iov_expand(v, size);
        iov_copy(v, &bv, 0, size);
    } else {
        size_t spill = IOV_SMALL - v->acc_size;
        iov_expand(v, spill);
        iov_copy(v, &bv, 0, spill);
        iov_promote(v);
        iov_emit(v, bin_make_sub(v->h, b, 8 * (uint64_t)spill, 8 * (uint64_t)(size - spill)));
    }
    return true;
}

/* A run of byte elements starting at cell l; *end gets the first cell
 * after it. False if one is not 0..255. */
static bool iov_bytes(iov_t *v, term l, term *end)
{
    size_t n = 0;
    term e = l;
    for (; term_is_list(e) && term_is_small(term_car(e)); e = term_cdr(e)) n++;
    iov_expand(v, n);
    for (term c = l; c != e; c = term_cdr(c)) {
        int64_t x = term_to_small(term_car(c));
        if (x < 0 || x > 255) return false;
        v->acc[v->acc_size++] = (uint8_t)x;
    }
    *end = e;
    return true;
}

static bool iov_walk(iov_t *v, term t)
{
    term *stack = NULL;
    size_t depth = 0, cap = 0;
    bool ok = true;
    term cur = t;
    for (;;) {
        while (term_is_list(cur)) {
            term h = term_car(cur);
            if (term_is_bitstring(h)) {
                if (!iov_binary(v, h)) { ok = false; goto done; }
                cur = term_cdr(cur);
            } else if (term_is_small(h)) {
                if (!iov_bytes(v, cur, &cur)) { ok = false; goto done; }
            } else if (term_is_list(h) || term_is_nil(h)) {
                term tail = term_cdr(cur);
                if (!term_is_nil(tail)) {
                    if (depth == cap) {
                        cap = cap ? 2 * cap : 32;
                        term *ns = realloc(stack, cap * sizeof(term));
                        if (!ns) laser_oom("iolist_to_iovec", cap * sizeof(term));
                        stack = ns;
                    }
                    stack[depth++] = tail;
                }
                cur = h;
            } else {
                ok = false;
                goto done;
            }
        }
        if (term_is_bitstring(cur)) {
            if (!iov_binary(v, cur)) { ok = false; goto done; }
        } else if (!term_is_nil(cur)) {
            ok = false;
            goto done;
        }
        if (depth == 0) break;
        cur = stack[--depth];
    }
    if (v->acc_size) iov_promote(v);
done:
    free(stack);
    free(v->acc);
    v->acc = NULL;
    return ok;
}

term bif_erlang_iolist_to_iovec_1(proc_t *p, const term *args)
{
    term t = args[0];
    heap_t *h = proc_heap(p);
    if (term_is_bitstring(t)) {
        uint64_t bits = bin_bit_size(t);
        if (bits % 8 != 0) BIF_BADARG(p);
        return bits ? heap_make_cons(h, t, NIL) : NIL;
    }
    if (!term_is_list(t) && !term_is_nil(t)) BIF_BADARG(p);
    iov_t v = {.h = h, .head = NIL, .acc = NULL, .acc_size = 0, .acc_alloc = 0};
    v.tail = &v.head;
    if (!iov_walk(&v, t)) BIF_BADARG(p);
    return v.head;
}

/* ---------------------------------------------------------------------
 * External term format
 * ------------------------------------------------------------------- */

/* term_to_binary of a term with more words of structure than this runs on
 * a dirty CPU thread (scheduler.h's long BIFs; erts traps instead). */
#define T2B_DIRTY_WORDS ((size_t)1 << 18)

/* Whether t has more than limit words of lists, tuples and other boxed
 * objects (a walk that stops once it knows). */
static bool term_larger_than(term t, size_t limit)
{
    size_t words = 0, n = 0, cap = 64;
    term *stack = malloc(cap * sizeof *stack);
    if (!stack) laser_oom("term_to_binary", cap * sizeof *stack);
    stack[n++] = t;
    while (n && words <= limit) {
        t = stack[--n];
        while (words <= limit) {
            const term *obj;
            size_t first = 0, k = 0;
            if (term_is_list(t)) {
                obj = term_list_ptr(t), k = 2, words += 2;
            } else if (term_is_boxed(t)) {
                obj = term_boxed_ptr(t);
                words += 1 + hdr_arity(obj[0]);
                k = gc_obj_terms(obj, &first);
            } else {
                break;
            }
            if (!k) break;
            /* the last term continues the loop (a list's tail), the others wait */
            if (n + k > cap) {
                cap = 2 * (n + k);
                term *s = realloc(stack, cap * sizeof *stack);
                if (!s) laser_oom("term_to_binary", cap * sizeof *stack);
                stack = s;
            }
            for (size_t i = 0; i + 1 < k; i++) stack[n++] = obj[first + i];
            t = obj[first + k - 1];
        }
    }
    free(stack);
    return words > limit;
}

static term encode_to_binary(proc_t *p, term t, const etf_enc_opts_t *o)
{
    if (sched_can_go_dirty(p) && term_larger_than(t, T2B_DIRTY_WORDS)) return sched_go_dirty(p);
    etf_buf_t buf = {0};
    if (etf_encode(t, o, &buf) != 0) {
        etf_buf_free(&buf);
        BIF_BADARG(p);
    }
    term bin = bin_make(proc_heap(p), buf.data, buf.size, NULL);
    etf_buf_free(&buf);
    return bin;
}

/* A small integer option value in lo..hi. */
static bool small_in(term t, int64_t lo, int64_t hi, int *out)
{
    if (!term_is_small(t) || term_to_small(t) < lo || term_to_small(t) > hi) return false;
    *out = (int)term_to_small(t);
    return true;
}

/* term_to_binary/2 options (OTP 25): compressed, {compressed, 0..9},
 * {minor_version, 0..2}, deterministic; a proper list, else badarg. */
static bool t2b_opts(term l, etf_enc_opts_t *o)
{
    etf_enc_opts_default(o);
    for (; term_is_list(l); l = term_cdr(l)) {
        term opt = term_car(l);
        if (opt == ATOM(compressed)) {
            o->compressed = 6;
        } else if (opt == ATOM(deterministic)) {
            o->deterministic = true;
        } else if (term_is_tuple(opt) && term_tuple_arity(opt) == 2) {
            const term *e = term_tuple_elems(opt);
            if (e[0] == ATOM(compressed)) {
                if (!small_in(e[1], 0, 9, &o->compressed)) return false;
            } else if (e[0] == ATOM(minor_version)) {
                if (!small_in(e[1], 0, 2, &o->minor_version)) return false;
            } else {
                return false;
            }
        } else {
            return false;
        }
    }
    return term_is_nil(l);
}

term bif_erlang_term_to_binary_1(proc_t *p, const term *args) { return encode_to_binary(p, args[0], NULL); }

term bif_erlang_term_to_binary_2(proc_t *p, const term *args)
{
    etf_enc_opts_t o;
    if (!t2b_opts(args[1], &o)) BIF_BADARG(p);
    return encode_to_binary(p, args[0], &o);
}

/* ---------------------------------------------------------------------
 * term_to_iovec/1,2: term_to_binary's bytes as a list of binaries in which
 * every byte-aligned binary with more than 64 whole bytes (a refc binary
 * or a window onto one, in OTP as here) stands for itself instead of being
 * copied; the encoding around them is cut into copied chunks. A
 * bitstring's trailing bits go with the chunk after it. With compression
 * OTP 25 returns one plain binary, not a list.
 *
 * etf.c writes one flat buffer; the referenced binaries are found by
 * walking the term in the encoder's order (maps as etf.c's map_pairs: key
 * order for flatmaps and deterministic HAMTs, iteration order otherwise)
 * and the buffer in step, which meet the binaries in the same order.
 * ------------------------------------------------------------------- */

#define IOVEC_REF_MIN 65 /* whole bytes a binary needs to be referenced */

typedef struct {
    term *items;
    size_t n, cap;
} tvec_t;

static void tvec_push(tvec_t *v, term t)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 64;
        term *ni = realloc(v->items, v->cap * sizeof(term));
        if (!ni) laser_oom("term_to_iovec", v->cap * sizeof(term));
        v->items = ni;
    }
    v->items[v->n++] = t;
}

static int key_cmp_exact(const void *a, const void *b)
{
    return cmp_terms_exact(((const term *)a)[0], ((const term *)b)[0]);
}

/* Every bitstring in t in encoding order, appended to out. */
static void binaries_in_order(term t, bool deterministic, tvec_t *out)
{
    tvec_t st = {0};
    tvec_push(&st, t);
    while (st.n > 0) {
        term x = st.items[--st.n];
        if (term_is_list(x)) {
            tvec_push(&st, term_cdr(x));
            tvec_push(&st, term_car(x));
        } else if (term_is_tuple(x)) {
            const term *e = term_tuple_elems(x);
            for (uint64_t i = term_tuple_arity(x); i-- > 0;) tvec_push(&st, e[i]);
        } else if (term_is_map(x)) {
            size_t n = map_size(x), i = 0;
            term *kv = malloc((2 * n + 1) * sizeof(term));
            if (!kv) laser_oom("term_to_iovec", 2 * n * sizeof(term));
            map_iter_t it;
            term k, v;
            map_iter_init(&it, x);
            while (map_iter_next(&it, &k, &v)) kv[i++] = k, kv[i++] = v;
            if (deterministic && !map_is_flat(x)) qsort(kv, n, 2 * sizeof(term), key_cmp_exact);
            for (size_t j = 2 * n; j-- > 0;) tvec_push(&st, kv[j]);
            free(kv);
        } else if (term_is_fun(x)) {
            const term_fun_t *f = (const term_fun_t *)term_boxed_ptr(x);
            for (uint32_t i = f->num_free; i-- > 0;) tvec_push(&st, f->env[i]);
        } else if (term_is_bitstring(x)) {
            tvec_push(out, x);
        }
    }
    free(st.items);
}

static uint32_t rd_be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint32_t rd_be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }

/* Skip the atom at *pos (a node name). */
static bool skip_atom(const uint8_t *d, size_t n, size_t *pos)
{
    if (*pos >= n) return false;
    uint8_t tag = d[(*pos)++];
    if (tag == 100 || tag == 118) {
        if (*pos + 2 > n) return false;
        *pos += 2 + rd_be16(d + *pos);
    } else if (tag == 115 || tag == 119) {
        if (*pos + 1 > n) return false;
        *pos += 1 + d[*pos];
    } else {
        return false;
    }
    return *pos <= n;
}

/* The payload offsets of the binaries in encoding d[0..n) (version byte
 * first), in order, into offs (room for max). Returns how many, or -1 if
 * the encoding is not understood. */
static long binary_payloads(const uint8_t *d, size_t n, size_t *offs, size_t max)
{
    size_t pos = 1, found = 0;
    uint64_t pending = 1;
    while (pending > 0) {
        pending--;
        if (pos >= n) return -1;
        uint8_t tag = d[pos++];
        size_t need = 0; /* fixed bytes that follow */
        switch (tag) {
        case 97: need = 1; break;                  /* SMALL_INTEGER */
        case 98: need = 4; break;                  /* INTEGER */
        case 70: need = 8; break;                  /* NEW_FLOAT */
        case 99: need = 31; break;                 /* FLOAT */
        case 106: break;                           /* NIL */
        case 100: case 118: case 115: case 119:    /* atoms */
            pos--;
            if (!skip_atom(d, n, &pos)) return -1;
            break;
        case 104: /* SMALL_TUPLE */
            if (pos + 1 > n) return -1;
            pending += d[pos];
            need = 1;
            break;
        case 105: /* LARGE_TUPLE */
            if (pos + 4 > n) return -1;
            pending += rd_be32(d + pos);
            need = 4;
            break;
        case 107: /* STRING */
            if (pos + 2 > n) return -1;
            need = 2 + rd_be16(d + pos);
            break;
        case 108: /* LIST: elements and tail */
            if (pos + 4 > n) return -1;
            pending += (uint64_t)rd_be32(d + pos) + 1;
            need = 4;
            break;
        case 116: /* MAP */
            if (pos + 4 > n) return -1;
            pending += 2 * (uint64_t)rd_be32(d + pos);
            need = 4;
            break;
        case 109: /* BINARY */
        case 77:  /* BIT_BINARY */
            if (pos + 4 > n || found == max) return -1;
            offs[found++] = pos + (tag == 109 ? 4 : 5);
            need = (tag == 109 ? 4 : 5) + rd_be32(d + pos);
            break;
        case 110: /* SMALL_BIG */
            if (pos + 1 > n) return -1;
            need = 2 + d[pos];
            break;
        case 111: /* LARGE_BIG */
            if (pos + 4 > n) return -1;
            need = 5 + (size_t)rd_be32(d + pos);
            break;
        case 88: case 103: case 101: case 102: case 89: case 120: /* pids, ports, old refs */
            if (!skip_atom(d, n, &pos)) return -1;
            need = tag == 88 ? 12 : tag == 103 ? 9 : tag == 101 ? 5 : tag == 102 ? 5 : tag == 89 ? 8 : 12;
            break;
        case 90: case 114: { /* NEWER_REF, NEW_REF */
            if (pos + 2 > n) return -1;
            size_t words = rd_be16(d + pos);
            pos += 2;
            if (!skip_atom(d, n, &pos)) return -1;
            need = (tag == 90 ? 4 : 1) + 4 * words;
            break;
        }
        case 113: pending += 3; break; /* EXPORT: module, function, arity */
        case 112: /* NEW_FUN: size, arity, uniq, index, numfree; then
                     module, old index, old uniq, pid and the free variables */
            if (pos + 29 > n) return -1;
            pending += 4 + (uint64_t)rd_be32(d + pos + 25);
            need = 29;
            break;
        default:
            return -1;
        }
        pos += need;
        if (pos > n) return -1;
    }
    return (long)found;
}

static term encode_to_iovec(proc_t *p, term t, const etf_enc_opts_t *o)
{
    if (o->compressed > 0) return encode_to_binary(p, t, o);
    etf_buf_t buf = {0};
    if (etf_encode(t, o, &buf) != 0) {
        etf_buf_free(&buf);
        BIF_BADARG(p);
    }
    tvec_t bins = {0};
    binaries_in_order(t, o->deterministic, &bins);
    size_t *offs = malloc((bins.n + 1) * sizeof(size_t));
    if (!offs) laser_oom("term_to_iovec", bins.n * sizeof(size_t));
    long found = binary_payloads(buf.data, buf.size, offs, bins.n);
    if (found != (long)bins.n) {
        fprintf(stderr, "laser: term_to_iovec: etf.c's encoding and the term disagree\n");
        abort();
    }
    heap_t *h = proc_heap(p);
    term head = NIL, *tail = &head;
    size_t from = 0;
    for (size_t i = 0; i < bins.n; i++) {
        bin_view_t v;
        bin_view(bins.items[i], &v);
        uint64_t bytes = v.bitsize / 8;
        if (v.bitoffs != 0 || bytes < IOVEC_REF_MIN) continue;
        term chunk = bin_make(h, buf.data + from, offs[i] - from, NULL);
        term ref = v.bitsize % 8 ? bin_make_sub(h, bins.items[i], 0, bytes * 8) : bins.items[i];
        term c1 = heap_make_cons(h, chunk, NIL);
        *tail = c1;
        term c2 = heap_make_cons(h, ref, NIL);
        term_list_ptr(c1)[1] = c2;
        tail = &term_list_ptr(c2)[1];
        from = offs[i] + (size_t)bytes;
    }
    if (from < buf.size) *tail = heap_make_cons(h, bin_make(h, buf.data + from, buf.size - from, NULL), NIL);
    free(offs);
    free(bins.items);
    etf_buf_free(&buf);
    return head;
}

term bif_erlang_term_to_iovec_1(proc_t *p, const term *args)
{
    etf_enc_opts_t o;
    etf_enc_opts_default(&o);
    return encode_to_iovec(p, args[0], &o);
}

term bif_erlang_term_to_iovec_2(proc_t *p, const term *args)
{
    etf_enc_opts_t o;
    if (!t2b_opts(args[1], &o)) BIF_BADARG(p);
    return encode_to_iovec(p, args[0], &o);
}

/* external_size/2 takes only {minor_version, 0 | 1} (OTP 25's
 * external_size_2; 2, compressed and deterministic are badarg). The size is
 * that of the uncompressed encoding with its version byte. */
static term external_size(proc_t *p, term t, const etf_enc_opts_t *o)
{
    etf_buf_t buf = {0};
    if (etf_encode(t, o, &buf) != 0) {
        etf_buf_free(&buf);
        BIF_BADARG(p);
    }
    size_t n = buf.size;
    etf_buf_free(&buf);
    return term_from_small((int64_t)n);
}

term bif_erlang_external_size_1(proc_t *p, const term *args) { return external_size(p, args[0], NULL); }

term bif_erlang_external_size_2(proc_t *p, const term *args)
{
    etf_enc_opts_t o;
    etf_enc_opts_default(&o);
    term l = args[1];
    for (; term_is_list(l); l = term_cdr(l)) {
        term opt = term_car(l);
        if (!term_is_tuple(opt) || term_tuple_arity(opt) != 2 || term_tuple_elems(opt)[0] != ATOM(minor_version) ||
            !small_in(term_tuple_elems(opt)[1], 0, 1, &o.minor_version))
            BIF_BADARG(p);
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    return external_size(p, args[0], &o);
}

/* Decode binary b; with `used`, {Term, BytesUsed}. Bytes after the term
 * are ignored, as in OTP. */
static term decode(proc_t *p, term b, bool safe, bool want_used)
{
    if (!term_is_bitstring(b)) BIF_BADARG(p);
    bin_view_t v;
    bin_view(b, &v);
    if (v.bitsize % 8 != 0) BIF_BADARG(p);
    size_t n = (size_t)(v.bitsize / 8);
    const uint8_t *data = v.base;
    uint8_t *copy = NULL;
    if (v.bitoffs != 0) {
        copy = malloc(n ? n : 1);
        if (!copy) laser_oom("binary_to_term", n);
        bin_copy_bits(v.base, v.bitoffs, copy, 0, v.bitsize);
        data = copy;
    }
    term res;
    size_t used = 0;
    etf_err_t err = etf_decode(data, n, proc_heap(p), safe, &res, &used);
    free(copy);
    if (err != ETF_OK) BIF_BADARG(p);
    if (!want_used) return res;
    term e[2] = {res, term_from_small((int64_t)used)};
    return heap_make_tuple(proc_heap(p), 2, e);
}

term bif_erlang_binary_to_term_1(proc_t *p, const term *args) { return decode(p, args[0], false, false); }

term bif_erlang_binary_to_term_2(proc_t *p, const term *args)
{
    bool safe = false, used = false;
    term l = args[1];
    for (; term_is_list(l); l = term_cdr(l)) {
        term opt = term_car(l);
        if (opt == ATOM(safe)) safe = true;
        else if (opt == ATOM(used)) used = true;
        else BIF_BADARG(p);
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    return decode(p, args[0], safe, used);
}

/* ---------------------------------------------------------------------
 * MD5
 *
 * The context is a binary laid out as OTP's (RSA reference) MD5_CTX, 88
 * bytes: uint32 state[4], uint32 count[2] (bits hashed, low word first),
 * uint8 buffer[64], words in native (little-endian) order. Bytes of the
 * buffer beyond the pending input are carried along unchanged, as OTP
 * does, so md5_update of one of OTP's contexts gives OTP's bytes.
 * ------------------------------------------------------------------- */

#define MD5_CTX_BYTES 88

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void ctx_store(const md5_ctx_t *c, uint8_t *out)
{
    put_le32(out, c->a);
    put_le32(out + 4, c->b);
    put_le32(out + 8, c->c);
    put_le32(out + 12, c->d);
    uint64_t bits = c->len * 8;
    put_le32(out + 16, (uint32_t)bits);
    put_le32(out + 20, (uint32_t)(bits >> 32));
    memcpy(out + 24, c->buf, 64);
}

/* A context binary, or false if t is not one. */
static bool ctx_load(term t, md5_ctx_t *c)
{
    if (!term_is_bitstring(t)) return false;
    bin_view_t v;
    bin_view(t, &v);
    if (v.bitsize != MD5_CTX_BYTES * 8) return false;
    uint8_t raw[MD5_CTX_BYTES];
    bin_copy_bits(v.base, v.bitoffs, raw, 0, v.bitsize);
    c->a = get_le32(raw);
    c->b = get_le32(raw + 4);
    c->c = get_le32(raw + 8);
    c->d = get_le32(raw + 12);
    uint64_t bits = (uint64_t)get_le32(raw + 16) | (uint64_t)get_le32(raw + 20) << 32;
    c->len = bits / 8;
    memcpy(c->buf, raw + 24, 64);
    return true;
}

/* OTP hashes at most 100 bytes per call of its md5 BIFs and traps for the
 * rest, so its MD5Update calls end at every 100th byte of the input as well
 * as at the ends of binaries and byte runs. The digest does not care, but
 * the buffer bytes a context carries do: md5_update feeds the same way. */
#define MD5_OTP_CHUNK 100

typedef struct {
    md5_ctx_t c;
    uint64_t fed;
} md5_feed_t;

static void md5_feed(void *ctx, const uint8_t *bytes, size_t n)
{
    md5_feed_t *f = ctx;
    do {
        size_t room = MD5_OTP_CHUNK - (size_t)(f->fed % MD5_OTP_CHUNK);
        size_t k = n < room ? n : room;
        /* RSA's MD5Update (OTP's) passes a first whole block through the
         * buffer even when nothing is pending; md5.c hashes it in place */
        if (f->c.len % 64 == 0 && k >= 64) memcpy(f->c.buf, bytes, 64);
        md5_update(&f->c, bytes, k);
        f->fed += k;
        bytes += k;
        n -= k;
    } while (n > 0);
}

term bif_erlang_md5_1(proc_t *p, const term *args)
{
    md5_feed_t f = {.fed = 0};
    md5_init(&f.c);
    if (!bif_iolist_bytes(args[0], md5_feed, &f)) BIF_BADARG(p);
    uint8_t d[16];
    md5_final(&f.c, d);
    return bin_make(proc_heap(p), d, 16, NULL);
}

term bif_erlang_md5_init_0(proc_t *p, const term *args)
{
    (void)args;
    md5_ctx_t c;
    memset(&c, 0, sizeof c); /* OTP leaves the unused buffer uninitialised; ours is zero */
    md5_init(&c);
    uint8_t *out;
    term bin = bin_make(proc_heap(p), NULL, MD5_CTX_BYTES, &out);
    ctx_store(&c, out);
    return bin;
}

term bif_erlang_md5_update_2(proc_t *p, const term *args)
{
    md5_feed_t f = {.fed = 0};
    if (!ctx_load(args[0], &f.c)) BIF_BADARG(p);
    if (!bif_iolist_bytes(args[1], md5_feed, &f)) BIF_BADARG(p);
    uint8_t *out;
    term bin = bin_make(proc_heap(p), NULL, MD5_CTX_BYTES, &out);
    ctx_store(&f.c, out);
    return bin;
}

term bif_erlang_md5_final_1(proc_t *p, const term *args)
{
    md5_ctx_t c;
    if (!ctx_load(args[0], &c)) BIF_BADARG(p);
    uint8_t d[16];
    md5_final(&c, d);
    return bin_make(proc_heap(p), d, 16, NULL);
}

/* ---------------------------------------------------------------------
 * crc32 and adler32 (zlib). Checksums, previous values and lengths are
 * integers in 0..2^32-1 (OTP reads them as Uint32: a longer Len2 is
 * badarg).
 * ------------------------------------------------------------------- */

static bool u32_arg(term t, uint32_t *out)
{
    if (!term_is_small(t) || term_to_small(t) < 0 || term_to_small(t) > (int64_t)UINT32_MAX) return false;
    *out = (uint32_t)term_to_small(t);
    return true;
}

/* zlib takes uInt lengths: feed big runs in pieces. */
static void crc_feed(void *ctx, const uint8_t *bytes, size_t n)
{
    uLong *c = ctx;
    while (n > 0) {
        uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
        *c = crc32(*c, bytes, k);
        bytes += k;
        n -= k;
    }
}

static void adler_feed(void *ctx, const uint8_t *bytes, size_t n)
{
    uLong *c = ctx;
    do { /* even for n = 0: that normalises an old checksum, as in OTP */
        uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
        *c = adler32(*c, bytes, k);
        bytes += k;
        n -= k;
    } while (n > 0);
}

static term checksum(proc_t *p, uLong start, term data, bif_iol_bytes_fn feed)
{
    uLong c = start;
    if (!bif_iolist_bytes(data, feed, &c)) BIF_BADARG(p);
    return term_from_small((int64_t)(c & 0xFFFFFFFFu));
}

term bif_erlang_crc32_1(proc_t *p, const term *args) { return checksum(p, crc32(0, NULL, 0), args[0], crc_feed); }

term bif_erlang_crc32_2(proc_t *p, const term *args)
{
    uint32_t old;
    if (!u32_arg(args[0], &old)) BIF_BADARG(p);
    return checksum(p, old, args[1], crc_feed);
}

term bif_erlang_adler32_1(proc_t *p, const term *args) { return checksum(p, adler32(0, NULL, 0), args[0], adler_feed); }

term bif_erlang_adler32_2(proc_t *p, const term *args)
{
    uint32_t old;
    if (!u32_arg(args[0], &old)) BIF_BADARG(p);
    return checksum(p, old, args[1], adler_feed);
}

term bif_erlang_crc32_combine_3(proc_t *p, const term *args)
{
    uint32_t a, b, len;
    if (!u32_arg(args[0], &a) || !u32_arg(args[1], &b) || !u32_arg(args[2], &len)) BIF_BADARG(p);
    return term_from_small((int64_t)(crc32_combine(a, b, (z_off_t)len) & 0xFFFFFFFFu));
}

term bif_erlang_adler32_combine_3(proc_t *p, const term *args)
{
    uint32_t a, b, len;
    if (!u32_arg(args[0], &a) || !u32_arg(args[1], &b) || !u32_arg(args[2], &len)) BIF_BADARG(p);
    /* OTP answers A1 for Len2 = 0 (zlib's own result differs) */
    if (len == 0) return term_from_small(a);
    return term_from_small((int64_t)(adler32_combine(a, b, (z_off_t)len) & 0xFFFFFFFFu));
}
