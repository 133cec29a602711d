/*
 * zlib.c - the NIFs behind OTP 25's zlib.erl (erts/emulator/nifs/common/
 * zlib_nif.c in OTP), as BIFs on the system zlib. zlib.erl itself runs
 * unchanged from the OTP install; it calls these for every stream
 * operation and loops over deflate_nif/inflate_nif chunk by chunk.
 *
 * How zlib.erl reaches them: its stubs (open_nif/0, ...) are local,
 * unexported functions that start with `nif_start` and are called with
 * local `call`s and a local fun (fun deflate_nif/4), so the export binding
 * that lets a BIF win over a module's export does not reach them. OTP's
 * erlang:load_nif/2 (zlib's on_load) patches each such function; laser's
 * loader does the same for a function whose MFA has a BIF here
 * (src/vm.c turns `nif_start` into `i_bif_stub <bif>`).
 *
 * The handle. OTP's stream is a NIF resource, which a process sees as a
 * magic reference (zlib.erl tests is_reference(Z)). Ours is a res.h
 * resource, freed when the last term naming it is collected; zlib:close
 * ends the zlib state and frees the input (ST_CLOSED), and the stream
 * answers as OTP's closed one until it is collected.
 *
 * Ownership: the resource's owner is the controlling process (open_nif's
 * caller, moved by set_controller_nif). Every call checks it before the
 * stream is touched (not_on_controlling_process), so only the owner ever
 * uses a stream, and a process runs on one thread at a time: the stream
 * needs no lock. The caller's term keeps it alive during the call
 * (res_peek). A stream whose owner exited keeps answering
 * not_on_controlling_process, as OTP's.
 *
 * Not reproduced: enif_consume_timeslice in the codec loop (OTP may stop
 * a chunk early when the process's time slice is used up; we consume up to
 * the input chunk size every time), so the iolist structure of a deflate
 * or inflate of many small input binaries can differ from erl's; the bytes
 * are the same.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <zlib.h>

#include "bif.h"
#include "big.h"
#include "bin.h"
#include "erlang_list.h"
#include "etf.h"
#include "res.h"

/* For tests (test_zlib.c declares it): streams not closed. */
size_t zs_open_streams(void);

#define ZS_DEFAULT_BUFSIZE 4000
#define ZS_INFL_DICT_SZ 32768
#define ZS_IOVEC_MAX 256

typedef enum { ST_NONE = 0, ST_DEFLATE, ST_INFLATE, ST_CLOSED } zs_state_t;
typedef enum { EOS_ERROR = 0, EOS_RESET = 1, EOS_CUT = 2 } zs_eos_t;

/* One queued input binary (a private copy). */
typedef struct {
    uint8_t *data;
    size_t len;
} zs_chunk_t;

typedef struct {
    res_t res; /* its owner is the controlling process */
    z_stream s;
    zs_state_t state;
    zs_eos_t eos_behavior;
    /* plaintext CRCs for the deprecated zlib:crc32/1 */
    uLong input_crc, output_crc;
    bool want_input_crc, want_output_crc;
    bool is_raw_stream;
    bool eos_seen;
    int bufsize; /* inflateChunk's output size (deprecated API) */

    /* input queue: chunks[head..n), the first with `skip` bytes consumed */
    zs_chunk_t *chunks;
    size_t head, n, cap, skip, queued;

    /* the stash: one term kept across calls, as external format */
    uint8_t *stash;
    size_t stash_len;
    bool has_stash;
} zs_t;

/* Streams not closed (for tests). */
static _Atomic size_t zs_live;

static term am_not_on_controlling_process, am_not_initialized, am_already_initialized, am_continue, am_finished,
    am_not_supported, am_need_dictionary, am_empty, am_stream_end, am_stream_error, am_data_error, am_mem_error,
    am_buf_error, am_version_error, am_unknown_error;
static pthread_once_t atoms_once = PTHREAD_ONCE_INIT;

static void init_atoms(void)
{
    am_not_on_controlling_process = atom_from_cstr("not_on_controlling_process");
    am_not_initialized = atom_from_cstr("not_initialized");
    am_already_initialized = atom_from_cstr("already_initialized");
    am_continue = atom_from_cstr("continue");
    am_finished = atom_from_cstr("finished");
    am_not_supported = atom_from_cstr("not_supported");
    am_need_dictionary = atom_from_cstr("need_dictionary");
    am_empty = atom_from_cstr("empty");
    am_stream_end = atom_from_cstr("stream_end");
    am_stream_error = atom_from_cstr("stream_error");
    am_data_error = atom_from_cstr("data_error");
    am_mem_error = atom_from_cstr("mem_error");
    am_buf_error = atom_from_cstr("buf_error");
    am_version_error = atom_from_cstr("version_error");
    am_unknown_error = atom_from_cstr("unknown_error");
}

/* ---- the input queue (OTP's ErlNifIOQueue, as far as the codec uses it) ---- */

static bool queue_push(zs_t *z, const uint8_t *data, size_t len)
{
    if (len == 0) return true;
    if (z->n == z->cap) {
        if (z->head > 0) {
            memmove(z->chunks, z->chunks + z->head, (z->n - z->head) * sizeof *z->chunks);
            z->n -= z->head;
            z->head = 0;
        }
        if (z->n == z->cap) {
            size_t nc = z->cap ? z->cap * 2 : 8;
            zs_chunk_t *c = realloc(z->chunks, nc * sizeof *c);
            if (!c) return false;
            z->chunks = c;
            z->cap = nc;
        }
    }
    uint8_t *copy = malloc(len);
    if (!copy) return false;
    memcpy(copy, data, len);
    z->chunks[z->n++] = (zs_chunk_t){copy, len};
    z->queued += len;
    return true;
}

/* Drop n bytes from the front; false if fewer are queued. */
static bool queue_deq(zs_t *z, size_t n)
{
    if (n > z->queued) return false;
    z->queued -= n;
    while (n > 0) {
        zs_chunk_t *c = &z->chunks[z->head];
        size_t left = c->len - z->skip;
        if (n < left) {
            z->skip += n;
            break;
        }
        n -= left;
        free(c->data);
        z->head++;
        z->skip = 0;
    }
    if (z->head == z->n) z->head = z->n = 0;
    return true;
}

static void queue_clear(zs_t *z)
{
    for (size_t i = z->head; i < z->n; i++) free(z->chunks[i].data);
    free(z->chunks);
    z->chunks = NULL;
    z->head = z->n = z->cap = z->skip = z->queued = 0;
}

static void stash_clear(zs_t *z)
{
    free(z->stash);
    z->stash = NULL;
    z->stash_len = 0;
    z->has_stash = false;
}

/* OTP's zlib_reset_input: a fresh queue and no stash. */
static void reset_input(zs_t *z)
{
    queue_clear(z);
    stash_clear(z);
}

/* OTP's zlib_internal_close, plus freeing what ST_CLOSED no longer needs. */
static void zs_close(zs_t *z)
{
    if (z->state == ST_DEFLATE)
        deflateEnd(&z->s);
    else if (z->state == ST_INFLATE)
        inflateEnd(&z->s);
    if (z->state != ST_CLOSED) atomic_fetch_sub(&zs_live, 1);
    z->state = ST_CLOSED;
    reset_input(z);
}

static void zs_dtor(res_t *r)
{
    zs_t *z = (zs_t *)r;
    zs_close(z);
    stash_clear(z);
    free(z);
}

static const res_type_t zs_type = {"zlib", zs_dtor, NULL, false};

typedef enum { LK_OK, LK_BADARG, LK_NOT_OWNER } lookup_t;

/* The stream behind handle t, if the caller controls it. */
static lookup_t zs_lookup(proc_t *p, term t, zs_t **out)
{
    res_status_t st;
    *out = (zs_t *)res_peek(t, &zs_type, &st);
    if (!*out) return LK_BADARG;
    return res_owner(&(*out)->res) == p->id ? LK_OK : LK_NOT_OWNER;
}

/* The stream behind handle t: `lk` tells whether it exists (badarg if not)
 * and whether the caller owns it. OTP checks the handle and every argument
 * (badarg) before the owner, so callers do: LOOKUP, argument checks with
 * `|| lk == LK_BADARG`, then CHECK_OWNER. */
#define LOOKUP(p, t, z, lk)                                                                                            \
    zs_t *z;                                                                                                           \
    lookup_t lk;                                                                                                       \
    do {                                                                                                               \
        pthread_once(&atoms_once, init_atoms);                                                                         \
        lk = zs_lookup((p), (t), &(z));                                                                                \
    } while (0)
#define CHECK_OWNER(p, lk)                                                                                             \
    do {                                                                                                               \
        if ((lk) == LK_BADARG) BIF_BADARG(p);                                                                          \
        if ((lk) == LK_NOT_OWNER) BIF_ERROR((p), am_not_on_controlling_process);                                       \
    } while (0)

size_t zs_open_streams(void) { return atomic_load(&zs_live); }

/* ---- helpers ---- */

static void *zs_alloc(void *opaque, unsigned items, unsigned size)
{
    (void)opaque;
    return calloc(items, size);
}

static void zs_free_fn(void *opaque, void *addr)
{
    (void)opaque;
    free(addr);
}

/* enif_get_int */
static bool get_int(term t, int *out)
{
    int64_t v;
    if (!term_is_integer(t) || !int_to_int64(t, &v) || v < INT32_MIN || v > INT32_MAX) return false;
    *out = (int)v;
    return true;
}

/* OTP 25 returns the dictionary's Adler-32 (deflateSetDictionary and
 * need_dictionary) with enif_make_int: above 2^31 it is negative. */
static term make_int(uLong v) { return term_from_small((int32_t)(uint32_t)v); }

static term make_ulong(proc_t *p, uLong v) { return big_from_uint64(proc_heap(p), (uint64_t)v); }

/* OTP's zlib_return: some codes raise, the others are returned as atoms. */
static term zs_return(proc_t *p, int code)
{
    switch (code) {
    case Z_OK: return ATOM(ok);
    case Z_STREAM_END: return am_stream_end;
    case Z_ERRNO: return term_from_small(errno);
    case Z_STREAM_ERROR: BIF_ERROR(p, am_stream_error);
    case Z_DATA_ERROR: BIF_ERROR(p, am_data_error);
    case Z_MEM_ERROR: return am_mem_error;
    case Z_BUF_ERROR: return am_buf_error;
    case Z_VERSION_ERROR: return am_version_error;
    default: return am_unknown_error;
    }
}

/* iodata as one flat malloc'd buffer (enif_inspect_iolist_as_binary). */
typedef struct {
    uint8_t *data;
    size_t len, cap;
    bool oom;
} flat_t;

static void flat_add(void *ctx, const uint8_t *bytes, size_t n)
{
    flat_t *f = ctx;
    if (f->oom || n == 0) return;
    if (f->len + n > f->cap) {
        size_t nc = f->cap ? f->cap : 256;
        while (nc < f->len + n) nc *= 2;
        uint8_t *d = realloc(f->data, nc);
        if (!d) {
            f->oom = true;
            return;
        }
        f->data = d;
        f->cap = nc;
    }
    memcpy(f->data + f->len, bytes, n);
    f->len += n;
}

/* The bytes of a binary (not a bitstring) term: a pointer into it, or a
 * copy in *copy for an unaligned one. */
static bool binary_bytes(term t, const uint8_t **data, size_t *len, uint8_t **copy)
{
    *copy = NULL;
    if (!term_is_bitstring(t)) return false;
    bin_view_t v;
    bin_view(t, &v);
    if (v.bitsize % 8) return false;
    *len = v.bitsize / 8;
    if (v.bitoffs == 0) {
        *data = v.base;
        return true;
    }
    *copy = malloc(*len ? *len : 1);
    if (!*copy) return false;
    bin_copy_bits(v.base, v.bitoffs, *copy, 0, v.bitsize);
    *data = *copy;
    return true;
}

/* ---- the codec (OTP's zlib_flush_queue and zlib_codec) ---- */

static int flush_queue(int (*codec)(z_streamp, int), zs_t *z, size_t input_limit, uint8_t *out, size_t out_size,
                       int flush, size_t *produced, size_t *consumed, size_t *remaining)
{
    int res = Z_OK;
    *produced = *consumed = 0;
    z->s.avail_out = (uInt)out_size;
    z->s.next_out = out;

    for (size_t i = z->head; res == Z_OK && i < z->n && *consumed < input_limit; i++) {
        zs_chunk_t *c = &z->chunks[i];
        const uint8_t *base = c->data + (i == z->head ? z->skip : 0);
        size_t avail = c->len - (i == z->head ? z->skip : 0);
        size_t block = avail < input_limit ? avail : input_limit;
        z->s.next_in = (Bytef *)base;
        z->s.avail_in = (uInt)block;
        res = codec(&z->s, Z_NO_FLUSH);
        size_t used = block - z->s.avail_in;
        *consumed += used;
        if (z->want_input_crc) z->input_crc = crc32(z->input_crc, base, (uInt)used);
    }

    if (!queue_deq(z, *consumed)) {
        *remaining = 0;
        res = Z_BUF_ERROR;
    } else {
        *remaining = z->queued;
    }

    if (res == Z_OK && *remaining == 0 && z->s.avail_out > 0) {
        /* end of input: let zlib flush (a no-op when there is nothing) */
        z->s.next_in = NULL;
        z->s.avail_in = 0;
        res = codec(&z->s, flush);
    }
    *produced = out_size - z->s.avail_out;
    return res;
}

static term zs_codec(proc_t *p, int (*codec)(z_streamp, int), zs_t *z, int input_chunk_size, int output_chunk_size,
                     int flush)
{
    if (output_chunk_size < 0) return zs_return(p, Z_MEM_ERROR); /* enif_alloc_binary of SIZE_MAX */
    size_t out_size = (size_t)output_chunk_size;
    uint8_t *out = malloc(out_size ? out_size : 1);
    if (!out) return zs_return(p, Z_MEM_ERROR);

    size_t produced, consumed, remaining;
    int res = flush_queue(codec, z, (size_t)(int64_t)input_chunk_size, out, out_size, flush, &produced, &consumed,
                          &remaining);
    if (res < 0 && res != Z_BUF_ERROR) {
        free(out);
        return zs_return(p, res);
    }
    if (res == Z_STREAM_END) z->eos_seen = true;
    if (z->want_output_crc) z->output_crc = crc32(z->output_crc, out, (uInt)produced);

    if (consumed == 0 && produced == 0 && remaining != 0) {
        /* no progress at all: malformed input */
        free(out);
        return zs_return(p, Z_DATA_ERROR);
    }
    heap_t *h = proc_heap(p);
    term output = NIL;
    if (produced > 0) output = heap_make_cons(h, bin_make(h, out, produced, NULL), NIL);
    free(out);

    if (remaining == 0 && produced < out_size) {
        term e[2] = {am_finished, output};
        return heap_make_tuple(h, 2, e);
    }
    if (res != Z_NEED_DICT) {
        term e[2] = {am_continue, output};
        return heap_make_tuple(h, 2, e);
    }
    term e[3] = {am_need_dictionary, make_int(z->s.adler), output};
    return heap_make_tuple(h, 3, e);
}

/* ---- the NIFs ---- */

term bif_zlib_open_nif_0(proc_t *p, const term *args)
{
    (void)args;
    pthread_once(&atoms_once, init_atoms);
    zs_t *z = calloc(1, sizeof *z);
    if (!z) laser_oom("zlib stream", sizeof *z);
    z->s.zalloc = zs_alloc;
    z->s.zfree = zs_free_fn;
    z->s.opaque = z;
    z->s.data_type = Z_BINARY;
    z->eos_behavior = EOS_CUT;
    z->state = ST_NONE;
    z->output_crc = z->input_crc = crc32(0L, Z_NULL, 0);
    z->bufsize = ZS_DEFAULT_BUFSIZE;
    atomic_fetch_add(&zs_live, 1);
    return res_register(proc_heap(p), &z->res, &zs_type, p->id);
}

term bif_zlib_close_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (z->state == ST_CLOSED) BIF_ERROR(p, am_not_initialized);
    zs_close(z);
    return ATOM(ok);
}

term bif_zlib_set_controller_nif_2(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    if (!term_is_local_pid(args[1])) lk = LK_BADARG;
    CHECK_OWNER(p, lk);
    res_set_owner(&z->res, args[1]);
    return ATOM(ok);
}

/* ---- deflate ---- */

term bif_zlib_deflateInit_nif_6(proc_t *p, const term *args)
{
    int level, method, wbits, memlevel, strategy;
    LOOKUP(p, args[0], z, lk);
    if (!get_int(args[1], &level) || !get_int(args[2], &method) || !get_int(args[3], &wbits) ||
        !get_int(args[4], &memlevel) || !get_int(args[5], &strategy))
        lk = LK_BADARG;
    CHECK_OWNER(p, lk);
    if (z->state != ST_NONE) BIF_ERROR(p, am_already_initialized);
    int res = deflateInit2(&z->s, level, method, wbits, memlevel, strategy);
    if (res == Z_OK) {
        z->state = ST_DEFLATE;
        z->eos_seen = false;
        z->is_raw_stream = wbits < 0;
        z->want_output_crc = false;
        z->want_input_crc = z->is_raw_stream;
        z->output_crc = z->input_crc = crc32(0L, Z_NULL, 0);
    }
    return zs_return(p, res);
}

/* iodata flattened (enif_inspect_iolist_as_binary); false: not iodata. */
static bool flatten(term t, flat_t *f)
{
    *f = (flat_t){0};
    if (bif_iolist_bytes(t, flat_add, f) && !f->oom) return true;
    free(f->data);
    f->data = NULL;
    return false;
}

term bif_zlib_deflateSetDictionary_nif_2(proc_t *p, const term *args)
{
    flat_t f;
    LOOKUP(p, args[0], z, lk);
    if (lk != LK_BADARG && !flatten(args[1], &f)) lk = LK_BADARG;
    if (lk == LK_BADARG) BIF_BADARG(p);
    if (lk == LK_NOT_OWNER || z->state != ST_DEFLATE) {
        free(f.data);
        CHECK_OWNER(p, lk);
        BIF_ERROR(p, am_not_initialized);
    }
    int res = deflateSetDictionary(&z->s, f.data, (uInt)f.len);
    term r;
    if (res == Z_OK) {
        uLong sum = z->s.adler;
        /* raw deflate does not update adler: computed here, as OTP does */
        if (z->is_raw_stream) sum = adler32(0, f.data, (uInt)f.len);
        r = make_int(sum);
    } else {
        r = zs_return(p, res);
    }
    free(f.data);
    return r;
}

term bif_zlib_deflateReset_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (z->state != ST_DEFLATE) BIF_ERROR(p, am_not_initialized);
    int res = deflateReset(&z->s);
    z->input_crc = crc32(0L, Z_NULL, 0);
    z->eos_seen = false;
    reset_input(z);
    return zs_return(p, res);
}

term bif_zlib_deflateEnd_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (z->state != ST_DEFLATE) BIF_ERROR(p, am_not_initialized);
    int res = deflateEnd(&z->s);
    if (res == Z_OK && z->queued > 0) res = Z_DATA_ERROR;
    reset_input(z);
    z->state = ST_NONE;
    return zs_return(p, res);
}

term bif_zlib_deflateParams_nif_3(proc_t *p, const term *args)
{
    int level, strategy;
    LOOKUP(p, args[0], z, lk);
    if (!get_int(args[1], &level) || !get_int(args[2], &strategy)) lk = LK_BADARG;
    CHECK_OWNER(p, lk);
    if (z->state != ST_DEFLATE) BIF_ERROR(p, am_not_initialized);
    /* zlib.erl has flushed with sync before this call, so nothing should be
     * pending; a one-byte buffer detects it if something is (OTP's way,
     * which also keeps zlib 1.2.11 from answering Z_BUF_ERROR) */
    Bytef dummy;
    z->s.next_out = &dummy;
    z->s.avail_out = 1;
    int res = deflateParams(&z->s, level, strategy);
    if (z->s.avail_out == 0) return zs_return(p, Z_STREAM_ERROR);
    return zs_return(p, res);
}

/* deflate_nif and inflate_nif: (Z, InputChunkSize, OutputChunkSize, Flush) */
static bool codec_args(const term *args, int *in, int *out, int *flush)
{
    return get_int(args[1], in) && get_int(args[2], out) && get_int(args[3], flush);
}

term bif_zlib_deflate_nif_4(proc_t *p, const term *args)
{
    int in, out, flush;
    LOOKUP(p, args[0], z, lk);
    if (!codec_args(args, &in, &out, &flush)) lk = LK_BADARG;
    CHECK_OWNER(p, lk);
    if (z->state != ST_DEFLATE) BIF_ERROR(p, am_not_initialized);
    return zs_codec(p, deflate, z, in, out, flush);
}

/* ---- inflate ---- */

term bif_zlib_inflateInit_nif_3(proc_t *p, const term *args)
{
    int wbits, eos;
    LOOKUP(p, args[0], z, lk);
    if (!get_int(args[1], &wbits) || !get_int(args[2], &eos)) lk = LK_BADARG;
    CHECK_OWNER(p, lk);
    if (z->state != ST_NONE) BIF_ERROR(p, am_already_initialized);
    int res = inflateInit2(&z->s, wbits);
    if (res == Z_OK) {
        z->state = ST_INFLATE;
        z->eos_behavior = (zs_eos_t)eos;
        z->eos_seen = false;
        z->is_raw_stream = wbits < 0;
        z->want_output_crc = z->is_raw_stream;
        z->want_input_crc = false;
        z->output_crc = z->input_crc = crc32(0L, Z_NULL, 0);
    }
    return zs_return(p, res);
}

term bif_zlib_inflateSetDictionary_nif_2(proc_t *p, const term *args)
{
    flat_t f;
    LOOKUP(p, args[0], z, lk);
    if (lk != LK_BADARG && !flatten(args[1], &f)) lk = LK_BADARG;
    if (lk == LK_BADARG) BIF_BADARG(p);
    if (lk == LK_NOT_OWNER || z->state != ST_INFLATE) {
        free(f.data);
        CHECK_OWNER(p, lk);
        BIF_ERROR(p, am_not_initialized);
    }
    int res = inflateSetDictionary(&z->s, f.data, (uInt)f.len);
    free(f.data);
    return zs_return(p, res);
}

term bif_zlib_inflateGetDictionary_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (z->state != ST_INFLATE) BIF_ERROR(p, am_not_initialized);
    uint8_t *buf = malloc(ZS_INFL_DICT_SZ);
    if (!buf) laser_oom("zlib dictionary", ZS_INFL_DICT_SZ);
    uInt len = 0;
    int res = inflateGetDictionary(&z->s, buf, &len);
    term r = res < 0 ? zs_return(p, res) : bin_make(proc_heap(p), buf, len, NULL);
    free(buf);
    return r;
}

term bif_zlib_inflateReset_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (z->state != ST_INFLATE) BIF_ERROR(p, am_not_initialized);
    int res = inflateReset(&z->s);
    z->output_crc = crc32(0L, Z_NULL, 0);
    z->eos_seen = false;
    reset_input(z);
    return zs_return(p, res);
}

term bif_zlib_inflateEnd_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (z->state != ST_INFLATE) BIF_ERROR(p, am_not_initialized);
    int res = inflateEnd(&z->s);
    if (res == Z_OK && (!z->eos_seen || z->queued > 0)) res = Z_DATA_ERROR;
    reset_input(z);
    z->state = ST_NONE;
    return zs_return(p, res);
}

term bif_zlib_inflate_nif_4(proc_t *p, const term *args)
{
    int in, out, flush;
    LOOKUP(p, args[0], z, lk);
    if (!codec_args(args, &in, &out, &flush)) lk = LK_BADARG;
    CHECK_OWNER(p, lk);
    if (z->state != ST_INFLATE) BIF_ERROR(p, am_not_initialized);
    if (z->eos_seen && z->queued > 0) {
        /* input after the end of the stream */
        switch (z->eos_behavior) {
        case EOS_ERROR: return zs_return(p, Z_DATA_ERROR);
        case EOS_RESET: {
            int res = inflateReset(&z->s);
            if (res != Z_OK) return zs_return(p, res);
            z->eos_seen = false;
            break;
        }
        case EOS_CUT: reset_input(z); break;
        }
    }
    return zs_codec(p, inflate, z, in, out, flush);
}

/* ---- checksum, stash, buffer size, input ---- */

term bif_zlib_crc32_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (z->state == ST_DEFLATE) return make_ulong(p, z->input_crc);
    if (z->state == ST_INFLATE) return make_ulong(p, z->output_crc);
    BIF_ERROR(p, am_not_initialized);
}

term bif_zlib_getStash_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (!z->has_stash) return am_empty;
    term t;
    heap_t *h = proc_heap(p);
    if (etf_decode(z->stash, z->stash_len, h, false, &t, NULL) != ETF_OK) laser_oom("zlib stash", z->stash_len);
    term e[2] = {ATOM(ok), t};
    return heap_make_tuple(h, 2, e);
}

term bif_zlib_clearStash_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (!z->has_stash) BIF_ERROR(p, ATOM(error));
    stash_clear(z);
    return ATOM(ok);
}

/* The stashed term is kept as its external format (a copy that outlives
 * the process heap it came from, as OTP's stash env). */
term bif_zlib_setStash_nif_2(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (z->has_stash) BIF_ERROR(p, ATOM(error));
    etf_buf_t b = {0};
    if (etf_encode(args[1], NULL, &b) != 0) {
        etf_buf_free(&b);
        BIF_BADARG(p);
    }
    z->stash = b.data;
    z->stash_len = b.size;
    z->has_stash = true;
    return ATOM(ok);
}

term bif_zlib_getBufSize_nif_1(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    return term_from_small(z->bufsize);
}

term bif_zlib_setBufSize_nif_2(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    int size;
    if (!get_int(args[1], &size)) BIF_BADARG(p);
    z->bufsize = size;
    return ATOM(ok);
}

/* enqueue_nif(Z, IOVec): IOVec a list of binaries (erlang:iolist_to_iovec);
 * at most 256 of them per call, {continue, Rest} when more remain. */
term bif_zlib_enqueue_nif_2(proc_t *p, const term *args)
{
    LOOKUP(p, args[0], z, lk);
    CHECK_OWNER(p, lk);
    if (z->state != ST_DEFLATE && z->state != ST_INFLATE) BIF_ERROR(p, am_not_initialized);
    /* validate first: nothing is queued unless all of this call is */
    term l = args[1];
    size_t n = 0;
    for (; term_is_list(l) && n < ZS_IOVEC_MAX; l = term_cdr(l), n++) {
        term b = term_car(l);
        if (!term_is_bitstring(b) || bin_bit_size(b) % 8) BIF_BADARG(p);
    }
    if (n < ZS_IOVEC_MAX && !term_is_nil(l)) BIF_BADARG(p);
    term tail = l;
    for (l = args[1]; l != tail; l = term_cdr(l)) {
        const uint8_t *data;
        size_t len;
        uint8_t *copy;
        if (!binary_bytes(term_car(l), &data, &len, &copy)) laser_oom("zlib input", 0);
        bool ok = queue_push(z, data, len);
        free(copy);
        if (!ok) laser_oom("zlib input", len);
    }
    if (!term_is_nil(tail)) {
        term e[2] = {am_continue, tail};
        return heap_make_tuple(proc_heap(p), 2, e);
    }
    return ATOM(ok);
}
