/*
 * prim_buffer.c - the NIFs of OTP 25's prim_buffer.erl (erts/emulator/
 * nifs/common/prim_buffer_nif.c in OTP): a byte queue that prim_file's
 * read-ahead and read_line and kernel's raw_file_io_delayed use.
 *
 * A buffer is a resource (res.h), freed as OTP's when no term names it. Its
 * bytes live in chunks of refcounted binary storage: a write copies into
 * the last chunk while it has room (OTP's accumulator of small writes),
 * peek_head hands out the first chunk's bytes as a refc binary without a
 * copy (read_iovec's fast path). Bytes a binary was given are never written
 * again: a chunk only grows at its end.
 *
 * OTP leaves exclusion to the callers (try_lock/unlock); a mutex per
 * buffer keeps misuse from two processes memory-safe here.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "bif.h"
#include "big.h"
#include "bin.h"
#include "res.h"

/* The buffer resource type's objects, for tests. */
size_t pb_buffers(void);

#define PB_CHUNK 16384 /* room of a chunk made for small writes */

typedef struct {
    bin_store_t *b;
    size_t off, len; /* live bytes: b->data[off .. off + len) */
} pb_chunk_t;

typedef struct {
    res_t res;
    pthread_mutex_t lock;
    _Atomic int external_lock; /* try_lock/unlock */
    pb_chunk_t *chunks;        /* live ones: [head, n) */
    size_t head, n, cap;
    size_t size;               /* total live bytes */
} pb_t;

static void pb_dtor(res_t *r)
{
    pb_t *q = (pb_t *)r;
    for (size_t i = q->head; i < q->n; i++) bin_store_release(q->chunks[i].b);
    free(q->chunks);
    pthread_mutex_destroy(&q->lock);
    free(q);
}

static const res_type_t pb_type = {"gc_buffer", pb_dtor, NULL, false};

size_t pb_buffers(void) { return res_count(&pb_type); }

static term am_acquired, am_busy, am_not_found, am_lock_order_violation;
static pthread_once_t atoms_once = PTHREAD_ONCE_INIT;

static void init_atoms(void)
{
    am_acquired = atom_from_cstr("acquired");
    am_busy = atom_from_cstr("busy");
    am_not_found = atom_from_cstr("not_found");
    am_lock_order_violation = atom_from_cstr("lock_order_violation");
}

/* The buffer of t, locked, as `q`; badarg if t is none. */
#define BUFFER(p, t, q)                                                                                                \
    pb_t *q;                                                                                                           \
    do {                                                                                                               \
        pthread_once(&atoms_once, init_atoms);                                                                         \
        res_t *r_;                                                                                                     \
        if (res_lookup((t), &pb_type, &r_) != RES_OK) BIF_BADARG(p);                                                   \
        q = (pb_t *)r_;                                                                                                \
        pthread_mutex_lock(&q->lock);                                                                                  \
    } while (0)

static term done(pb_t *q, term r)
{
    pthread_mutex_unlock(&q->lock);
    res_unref(&q->res);
    return r;
}

static term done_badarg(proc_t *p, pb_t *q)
{
    done(q, ATOM(ok));
    BIF_BADARG(p);
}

term bif_prim_buffer_new_0(proc_t *p, const term *args)
{
    (void)args;
    pb_t *q = calloc(1, sizeof *q);
    if (!q) laser_oom("a prim_buffer", sizeof *q);
    pthread_mutex_init(&q->lock, NULL);
    atomic_init(&q->external_lock, 0);
    return res_register(proc_heap(p), &q->res, &pb_type, p->id);
}

term bif_prim_buffer_size_1(proc_t *p, const term *args)
{
    BUFFER(p, args[0], q);
    return done(q, big_from_uint64(proc_heap(p), q->size));
}

/* Append n bytes, filling the last chunk's room first. */
static void pb_append(pb_t *q, const uint8_t *s, size_t n)
{
    if (n == 0) return;
    if (q->n > q->head) {
        pb_chunk_t *c = &q->chunks[q->n - 1];
        size_t room = c->b->orig_size - c->off - c->len;
        size_t k = room < n ? room : n;
        memcpy(c->b->data + c->off + c->len, s, k);
        c->len += k;
        q->size += k;
        s += k;
        n -= k;
        if (n == 0) return;
    }
    if (q->n == q->cap) {
        if (q->head > 0) {
            memmove(q->chunks, q->chunks + q->head, (q->n - q->head) * sizeof *q->chunks);
            q->n -= q->head;
            q->head = 0;
        }
        if (q->n == q->cap) {
            size_t nc = q->cap ? q->cap * 2 : 8;
            pb_chunk_t *c = realloc(q->chunks, nc * sizeof *c);
            if (!c) laser_oom("a prim_buffer", nc * sizeof *c);
            q->chunks = c;
            q->cap = nc;
        }
    }
    bin_store_t *b = bin_store_new(n < PB_CHUNK ? PB_CHUNK : n);
    memcpy(b->data, s, n);
    q->chunks[q->n++] = (pb_chunk_t){b, 0, n};
    q->size += n;
}

/* Drop n <= size bytes from the front. */
static void pb_skip(pb_t *q, size_t n)
{
    q->size -= n;
    while (n > 0) {
        pb_chunk_t *c = &q->chunks[q->head];
        if (n < c->len) {
            c->off += n;
            c->len -= n;
            return;
        }
        n -= c->len;
        bin_store_release(c->b);
        q->head++;
    }
    if (q->head == q->n) q->head = q->n = 0;
}

/* write(Buffer, IOVec): IOVec is a list of binaries (bitstrings count
 * their whole bytes). */
term bif_prim_buffer_write_2(proc_t *p, const term *args)
{
    BUFFER(p, args[0], q);
    term l = args[1];
    for (; term_is_list(l) && term_is_bitstring(term_car(l)); l = term_cdr(l)) {}
    if (!term_is_nil(l)) return done_badarg(p, q);
    for (l = args[1]; term_is_list(l); l = term_cdr(l)) {
        bin_view_t v;
        bin_view(term_car(l), &v);
        size_t n = v.bitsize / 8; /* a bitstring's whole bytes, as enif_inspect_iovec */
        if (v.bitoffs == 0) {
            pb_append(q, v.base, n);
            continue;
        }
        uint8_t *c = malloc(n);
        if (!c) laser_oom("a prim_buffer write", n);
        bin_copy_bits(v.base, v.bitoffs, c, 0, n * 8);
        pb_append(q, c, n);
        free(c);
    }
    return done(q, ATOM(ok));
}

static bool get_size(term t, uint64_t *out)
{
    if (term_is_small(t)) {
        if (term_to_small(t) < 0) return false;
        *out = (uint64_t)term_to_small(t);
        return true;
    }
    int64_t v;
    if (!term_is_integer(t) || !int_to_int64(t, &v) || v < 0) return false;
    *out = (uint64_t)v;
    return true;
}

term bif_prim_buffer_copying_read_2(proc_t *p, const term *args)
{
    BUFFER(p, args[0], q);
    uint64_t n;
    if (!get_size(args[1], &n) || n > q->size) return done_badarg(p, q);
    uint8_t *out;
    term r = bin_make(proc_heap(p), NULL, n, &out);
    size_t got = 0;
    for (size_t i = q->head; got < n; i++) {
        size_t k = q->chunks[i].len < n - got ? q->chunks[i].len : n - got;
        memcpy(out + got, q->chunks[i].b->data + q->chunks[i].off, k);
        got += k;
    }
    pb_skip(q, n);
    return done(q, r);
}

term bif_prim_buffer_skip_2(proc_t *p, const term *args)
{
    BUFFER(p, args[0], q);
    uint64_t n;
    if (!get_size(args[1], &n) || n > q->size) return done_badarg(p, q);
    pb_skip(q, n);
    return done(q, ATOM(ok));
}

/* The first chunk's bytes, shared (badarg when empty, as OTP's). */
term bif_prim_buffer_peek_head_1(proc_t *p, const term *args)
{
    BUFFER(p, args[0], q);
    if (q->size == 0) return done_badarg(p, q);
    pb_chunk_t *c = &q->chunks[q->head];
    term r = c->len <= HEAP_BIN_LIMIT ? bin_make(proc_heap(p), c->b->data + c->off, c->len, NULL)
                                      : bin_make_from_store(proc_heap(p), c->b, c->off, c->len);
    return done(q, r);
}

term bif_prim_buffer_find_byte_index_2(proc_t *p, const term *args)
{
    BUFFER(p, args[0], q);
    term t = args[1];
    if (!term_is_small(t) || term_to_small(t) < 0 || term_to_small(t) > 255) return done_badarg(p, q);
    int needle = (int)term_to_small(t);
    size_t base = 0;
    for (size_t i = q->head; i < q->n; i++) {
        const uint8_t *s = q->chunks[i].b->data + q->chunks[i].off;
        const uint8_t *hit = memchr(s, needle, q->chunks[i].len);
        if (hit) {
            term idx = big_from_uint64(proc_heap(p), base + (size_t)(hit - s));
            return done(q, heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(ok), idx}));
        }
        base += q->chunks[i].len;
    }
    return done(q, am_not_found);
}

term bif_prim_buffer_try_lock_1(proc_t *p, const term *args)
{
    BUFFER(p, args[0], q);
    int free_ = 0;
    bool got = atomic_compare_exchange_strong(&q->external_lock, &free_, 1);
    return done(q, got ? am_acquired : am_busy);
}

term bif_prim_buffer_unlock_1(proc_t *p, const term *args)
{
    BUFFER(p, args[0], q);
    int held = 1;
    bool was = atomic_compare_exchange_strong(&q->external_lock, &held, 0);
    done(q, ATOM(ok));
    if (!was) BIF_ERROR(p, am_lock_order_violation);
    return ATOM(ok);
}
