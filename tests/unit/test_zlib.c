/*
 * test_zlib.c - the zlib NIF BIFs (runtime/bif/zlib.c) driven from C the
 * way OTP 25's zlib.erl drives them (enqueue_nif, then deflate_nif or
 * inflate_nif until {finished, _}), checked against the system zlib called
 * directly, plus the handle table: errors, ownership, closing, reuse.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bif.h"
#include "bin.h"
#include "scheduler.h"

size_t zs_open_streams(void);

static proc_t *P;

static void setup(void)
{
    bif_init();
    P = proc_new(term_make_pid(40, 0), 0);
}

static void teardown(void)
{
    proc_free(P); /* frees the streams its heap names */
}

TestSuite(zlib, .init = setup, .fini = teardown);

static term call(const char *name, unsigned arity, const term *args)
{
    const bif_info_t *b = bif_lookup(atom_from_cstr("zlib"), atom_from_cstr(name), arity);
    cr_assert_not_null(b, "zlib:%s/%u is not a BIF", name, arity);
    P->fclass = EXC_NONE;
    term r = b->fn(P, args);
    proc_heap_close(P);
    return r;
}

static term call1(const char *name, term a) { return call(name, 1, &a); }
static term call2(const char *name, term a, term b)
{
    term args[2] = {a, b};
    return call(name, 2, args);
}

static term bin(const uint8_t *d, size_t n) { return bin_make(proc_heap(P), d, n, NULL); }
static term atom(const char *s) { return atom_from_cstr(s); }
static term small(int64_t v) { return term_from_small(v); }

static void assert_raised(term r, const char *reason)
{
    cr_assert_eq(r, THE_NON_VALUE, "expected %s to be raised", reason);
    cr_assert_eq(P->fclass, EXC_ERROR);
    cr_assert_eq(P->fvalue, atom(reason), "raised something else than %s", reason);
}

/* A byte buffer that grows. */
typedef struct {
    uint8_t *d;
    size_t n;
} buf_t;

static void buf_add_bin(buf_t *b, term t)
{
    bin_view_t v;
    bin_view(t, &v);
    cr_assert(bin_view_is_bytes(&v));
    b->d = realloc(b->d, b->n + v.bitsize / 8 + 1);
    memcpy(b->d + b->n, v.base, v.bitsize / 8);
    b->n += v.bitsize / 8;
}

/* zlib.erl's enqueue_input + dequeue_all_chunks: feed data (split into
 * `pieces` binaries), run the codec until finished; returns the output, or
 * sets *need_dict to the adler of a need_dictionary result. */
static buf_t run_codec(term z, const char *nif, const uint8_t *data, size_t n, int pieces, int in_chunk,
                       int out_chunk, int flush, int64_t *need_dict, size_t *calls)
{
    term list = NIL;
    for (int i = pieces - 1; i >= 0; i--) {
        size_t lo = n * (size_t)i / (size_t)pieces, hi = n * (size_t)(i + 1) / (size_t)pieces;
        if (hi > lo) list = heap_make_cons(proc_heap(P), bin(data + lo, hi - lo), list);
    }
    proc_heap_close(P);
    while (list != NIL) {
        term r = call2("enqueue_nif", z, list);
        if (r == ATOM(ok)) break;
        cr_assert(term_is_tuple(r) && term_tuple_elems(r)[0] == atom("continue"));
        list = term_tuple_elems(r)[1];
    }
    buf_t out = {0};
    if (need_dict) *need_dict = -1;
    for (size_t k = 0;; k++) {
        term args[4] = {z, small(in_chunk), small(out_chunk), small(flush)};
        term r = call(nif, 4, args);
        cr_assert_neq(r, THE_NON_VALUE, "%s raised", nif);
        cr_assert(term_is_tuple(r));
        term *e = term_tuple_elems(r);
        term output = e[term_tuple_arity(r) - 1];
        for (term l = output; l != NIL; l = term_cdr(l)) {
            size_t before = out.n;
            buf_add_bin(&out, term_car(l));
            cr_assert_leq(out.n - before, (size_t)out_chunk, "a chunk larger than the output chunk size");
        }
        if (calls) *calls = k + 1;
        if (e[0] == atom("finished")) break;
        if (e[0] == atom("need_dictionary")) {
            cr_assert(need_dict);
            *need_dict = term_to_small(e[1]);
            break;
        }
        cr_assert_eq(e[0], atom("continue"));
    }
    return out;
}

static uint8_t *sample(size_t n, unsigned seed)
{
    uint8_t *d = malloc(n ? n : 1);
    uint32_t x = seed;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        /* compressible: words from a small alphabet, some noise */
        d[i] = (x >> 16) % 7 == 0 ? (uint8_t)(x >> 8) : (uint8_t)("abcdefgh "[(x >> 20) % 9]);
    }
    return d;
}

static term open_deflate(int level, int wbits)
{
    term z = call("open_nif", 0, NULL);
    cr_assert(term_is_ref(z));
    term args[6] = {z, small(level), small(8), small(wbits), small(8), small(0)};
    cr_assert_eq(call("deflateInit_nif", 6, args), ATOM(ok));
    return z;
}

static term open_inflate(int wbits, int eos)
{
    term z = call("open_nif", 0, NULL);
    term args[3] = {z, small(wbits), small(eos)};
    cr_assert_eq(call("inflateInit_nif", 3, args), ATOM(ok));
    return z;
}

/* deflate with the system zlib in one go: what OTP's NIF produces */
static buf_t reference_deflate(const uint8_t *d, size_t n, int level, int wbits)
{
    z_stream s = {0};
    cr_assert_eq(deflateInit2(&s, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    buf_t out = {malloc(deflateBound(&s, n) + 64), 0};
    s.next_in = (Bytef *)d;
    s.avail_in = (uInt)n;
    s.next_out = out.d;
    s.avail_out = (uInt)(deflateBound(&s, n) + 64);
    cr_assert_eq(deflate(&s, Z_FINISH), Z_STREAM_END);
    out.n = s.total_out;
    deflateEnd(&s);
    return out;
}

Test(zlib, deflate_matches_system_zlib_and_round_trips, .timeout = 60)
{
    static const size_t sizes[] = {0, 1, 100, 8191, 8192, 8193, 70000, 1 << 20};
    static const int wbits[] = {15, -15, 31};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        for (size_t wi = 0; wi < 3; wi++) {
            uint8_t *d = sample(sizes[si], (unsigned)si);
            term z = open_deflate(-1, wbits[wi]);
            buf_t c = run_codec(z, "deflate_nif", d, sizes[si], 1 + (int)si, 8192, 8192, Z_FINISH, NULL, NULL);
            buf_t ref = reference_deflate(d, sizes[si], -1, wbits[wi]);
            cr_assert_eq(c.n, ref.n, "size %zu wbits %d: %zu bytes, zlib %zu", sizes[si], wbits[wi], c.n, ref.n);
            cr_assert_arr_eq(c.d, ref.d, c.n);
            cr_assert_eq(call1("deflateEnd_nif", z), ATOM(ok));
            cr_assert_eq(call1("close_nif", z), ATOM(ok));

            term u = open_inflate(wbits[wi], 2);
            size_t calls;
            buf_t back = run_codec(u, "inflate_nif", c.d, c.n, 3, 8192, 16384, Z_NO_FLUSH, NULL, &calls);
            cr_assert_eq(back.n, sizes[si]);
            if (sizes[si]) cr_assert_arr_eq(back.d, d, sizes[si]);
            cr_assert_geq(calls, sizes[si] / 16384, "inflate output was not chunked");
            cr_assert_eq(call1("inflateEnd_nif", u), ATOM(ok));
            cr_assert_eq(call1("close_nif", u), ATOM(ok));
            free(c.d), free(ref.d), free(back.d), free(d);
        }
    }
    cr_assert_eq(zs_open_streams(), 0);
}

Test(zlib, corrupt_input_is_a_data_error)
{
    uint8_t *d = sample(5000, 7);
    buf_t ref = reference_deflate(d, 5000, 6, 15);
    ref.d[ref.n / 2] ^= 0x55;
    ref.d[ref.n / 2 + 1] ^= 0xAA;
    ref.d[2] = 0xFF; /* an invalid block type right after the header */
    term u = open_inflate(15, 2);
    term list = heap_make_cons(proc_heap(P), bin(ref.d, ref.n), NIL);
    proc_heap_close(P);
    cr_assert_eq(call2("enqueue_nif", u, list), ATOM(ok));
    term args[4] = {u, small(8192), small(16384), small(0)};
    assert_raised(call("inflate_nif", 4, args), "data_error");
    /* an unfinished stream cannot end cleanly either */
    assert_raised(call1("inflateEnd_nif", u), "data_error");
    cr_assert_eq(call1("close_nif", u), ATOM(ok));
    free(ref.d), free(d);
}

Test(zlib, states_and_use_after_close)
{
    term z = call("open_nif", 0, NULL);
    term args[4] = {z, small(8192), small(8192), small(4)};
    assert_raised(call("deflate_nif", 4, args), "not_initialized");
    assert_raised(call1("deflateEnd_nif", z), "not_initialized");
    assert_raised(call1("inflateReset_nif", z), "not_initialized");
    assert_raised(call1("crc32_nif", z), "not_initialized");
    assert_raised(call2("enqueue_nif", z, NIL), "not_initialized");
    term ia[3] = {z, small(15), small(2)};
    cr_assert_eq(call("inflateInit_nif", 3, ia), ATOM(ok));
    assert_raised(call("inflateInit_nif", 3, ia), "already_initialized");
    assert_raised(call("deflate_nif", 4, args), "not_initialized");
    cr_assert_eq(call1("getBufSize_nif", z), small(4000));
    cr_assert_eq(call2("setBufSize_nif", z, small(1234)), ATOM(ok));
    cr_assert_eq(call1("getBufSize_nif", z), small(1234));
    cr_assert_eq(zs_open_streams(), 1);
    cr_assert_eq(call1("close_nif", z), ATOM(ok));
    cr_assert_eq(zs_open_streams(), 0);
    /* a closed stream: as OTP's ST_CLOSED resource */
    assert_raised(call1("close_nif", z), "not_initialized");
    assert_raised(call("inflate_nif", 4, args), "not_initialized");
    assert_raised(call("inflateInit_nif", 3, ia), "already_initialized");
    cr_assert_eq(call1("getStash_nif", z), atom("empty"));
    /* a new stream; the old handle stays closed */
    term z2 = call("open_nif", 0, NULL);
    cr_assert_eq(zs_open_streams(), 1);
    assert_raised(call1("close_nif", z), "not_initialized");
    cr_assert_eq(call("inflateInit_nif", 3, (term[]){z2, small(15), small(2)}), ATOM(ok));
    cr_assert_eq(call1("close_nif", z2), ATOM(ok));
}

Test(zlib, bad_handles_and_arguments_are_badarg)
{
    const bif_info_t *mr = bif_lookup(ATOM(erlang), atom_from_cstr("make_ref"), 0);
    cr_assert_not_null(mr);
    term ref = mr->fn(P, NULL);
    proc_heap_close(P);
    assert_raised(call1("close_nif", ref), "badarg");
    assert_raised(call1("close_nif", small(3)), "badarg");
    assert_raised(call1("getBufSize_nif", atom("x")), "badarg");
    term z = call("open_nif", 0, NULL);
    term args[6] = {z, atom("default"), small(8), small(15), small(8), small(0)};
    assert_raised(call("deflateInit_nif", 6, args), "badarg");
    args[1] = small(-1);
    args[3] = small(99); /* zlib refuses: raised as stream_error, as OTP */
    assert_raised(call("deflateInit_nif", 6, args), "stream_error");
    args[3] = small(15);
    cr_assert_eq(call("deflateInit_nif", 6, args), ATOM(ok));
    assert_raised(call2("enqueue_nif", z, atom("x")), "badarg");
    assert_raised(call2("enqueue_nif", z, heap_make_cons(proc_heap(P), small(1), NIL)), "badarg");
    uint8_t bits = 0xF0;
    assert_raised(call2("enqueue_nif", z, heap_make_cons(proc_heap(P), bin_make_bits(proc_heap(P), &bits, 4), NIL)),
                  "badarg");
    assert_raised(call2("deflateSetDictionary_nif", z, small(1)), "badarg");
    assert_raised(call2("setBufSize_nif", z, atom("big")), "badarg");
    /* an ordinary ref with the stream's numbers is no stream */
    assert_raised(call1("getBufSize_nif", sched_make_ref(proc_heap(P), term_ref_numbers(z))), "badarg");
    cr_assert_eq(call1("close_nif", z), ATOM(ok));
}

Test(zlib, only_the_controlling_process_may_use_a_stream)
{
    term z = call("open_nif", 0, NULL);
    proc_t *owner = P, *other = proc_new(term_make_pid(41, 0), 0);
    P = other;
    assert_raised(call1("getBufSize_nif", z), "not_on_controlling_process");
    assert_raised(call1("close_nif", z), "not_on_controlling_process");
    assert_raised(call2("set_controller_nif", z, other->id), "not_on_controlling_process");
    P = owner;
    assert_raised(call2("set_controller_nif", z, small(1)), "badarg");
    cr_assert_eq(call2("set_controller_nif", z, other->id), ATOM(ok));
    assert_raised(call1("getBufSize_nif", z), "not_on_controlling_process");
    P = other;
    cr_assert_eq(call1("getBufSize_nif", z), small(4000));
    cr_assert_eq(call1("close_nif", z), ATOM(ok));
    P = owner;
    proc_free(other);
}

Test(zlib, stash_keeps_a_term_across_calls)
{
    term z = call("open_nif", 0, NULL);
    cr_assert_eq(call1("getStash_nif", z), atom("empty"));
    assert_raised(call1("clearStash_nif", z), "error");
    uint8_t data[300];
    for (int i = 0; i < 300; i++) data[i] = (uint8_t)i;
    term elems[2] = {atom("deflate"), heap_make_cons(proc_heap(P), bin(data, 300), NIL)};
    term t = heap_make_tuple(proc_heap(P), 2, elems);
    cr_assert_eq(call2("setStash_nif", z, t), ATOM(ok));
    assert_raised(call2("setStash_nif", z, t), "error");
    term r = call1("getStash_nif", z);
    cr_assert(term_is_tuple(r) && term_tuple_elems(r)[0] == ATOM(ok));
    term got = term_tuple_elems(r)[1];
    cr_assert_eq(term_tuple_elems(got)[0], atom("deflate"));
    bin_view_t v;
    bin_view(term_car(term_tuple_elems(got)[1]), &v);
    cr_assert_eq(v.bitsize, 300 * 8);
    cr_assert_arr_eq(v.base, data, 300);
    cr_assert_eq(call1("clearStash_nif", z), ATOM(ok));
    cr_assert_eq(call1("getStash_nif", z), atom("empty"));
    cr_assert_eq(call1("close_nif", z), ATOM(ok));
}

Test(zlib, dictionaries)
{
    static const char dict[] = "the quick brown fox jumps over the lazy dog";
    static const char text[] = "the lazy dog jumps over the quick brown fox, the quick brown fox";
    term z = open_deflate(-1, 15);
    term dt = bin((const uint8_t *)dict, sizeof dict - 1);
    term adler = call2("deflateSetDictionary_nif", z, dt);
    cr_assert_eq(adler, small((int32_t)adler32(adler32(0, NULL, 0), (const Bytef *)dict, sizeof dict - 1)));
    buf_t c = run_codec(z, "deflate_nif", (const uint8_t *)text, sizeof text - 1, 1, 8192, 8192, Z_FINISH, NULL,
                        NULL);
    cr_assert_eq(call1("close_nif", z), ATOM(ok));

    term u = open_inflate(15, 2);
    int64_t need;
    buf_t part = run_codec(u, "inflate_nif", c.d, c.n, 1, 8192, 16384, 0, &need, NULL);
    cr_assert_eq(need, term_to_small(adler));
    cr_assert_eq(part.n, 0);
    cr_assert_eq(call2("inflateSetDictionary_nif", u, bin((const uint8_t *)dict, sizeof dict - 1)), ATOM(ok));
    buf_t back = run_codec(u, "inflate_nif", NULL, 0, 1, 8192, 16384, 0, NULL, NULL);
    cr_assert_eq(back.n, sizeof text - 1);
    cr_assert_arr_eq(back.d, text, back.n);
    term gd = call1("inflateGetDictionary_nif", u);
    cr_assert(term_is_bitstring(gd));
    cr_assert_eq(call1("inflateEnd_nif", u), ATOM(ok));
    cr_assert_eq(call1("close_nif", u), ATOM(ok));
    free(c.d), free(part.d), free(back.d);
}

Test(zlib, concatenated_streams_follow_the_eos_behaviour)
{
    static const char a[] = "first stream", b[] = "second stream";
    buf_t ca = reference_deflate((const uint8_t *)a, sizeof a - 1, 6, 31);
    buf_t cb = reference_deflate((const uint8_t *)b, sizeof b - 1, 6, 31);
    uint8_t *both = malloc(ca.n + cb.n);
    memcpy(both, ca.d, ca.n);
    memcpy(both + ca.n, cb.d, cb.n);
    for (int eos = 0; eos < 3; eos++) {
        term u = open_inflate(31, eos);
        term list = heap_make_cons(proc_heap(P), bin(both, ca.n + cb.n), NIL);
        proc_heap_close(P);
        cr_assert_eq(call2("enqueue_nif", u, list), ATOM(ok));
        buf_t out = {0};
        term args[4] = {u, small(8192), small(16384), small(0)};
        term r;
        for (;;) {
            r = call("inflate_nif", 4, args);
            if (r == THE_NON_VALUE) break;
            for (term l = term_tuple_elems(r)[1]; l != NIL; l = term_cdr(l)) buf_add_bin(&out, term_car(l));
            if (term_tuple_elems(r)[0] == atom("finished")) break;
        }
        if (eos == 0) { /* error */
            assert_raised(r, "data_error");
        } else if (eos == 1) { /* reset: both streams */
            cr_assert_eq(out.n, sizeof a - 1 + sizeof b - 1);
            cr_assert_arr_eq(out.d + sizeof a - 1, b, sizeof b - 1);
        } else { /* cut: the first only */
            cr_assert_eq(out.n, sizeof a - 1);
            cr_assert_arr_eq(out.d, a, sizeof a - 1);
        }
        cr_assert_eq(call1("close_nif", u), ATOM(ok));
        free(out.d);
    }
    free(both), free(ca.d), free(cb.d);
}

Test(zlib, enqueue_takes_256_binaries_per_call)
{
    term z = open_deflate(-1, 15);
    uint8_t byte = 'x';
    term list = NIL;
    for (int i = 0; i < 600; i++) list = heap_make_cons(proc_heap(P), bin(&byte, 1), list);
    proc_heap_close(P);
    int calls = 0;
    for (;;) {
        term r = call2("enqueue_nif", z, list);
        calls++;
        if (r == ATOM(ok)) break;
        list = term_tuple_elems(r)[1];
    }
    cr_assert_eq(calls, 3);
    /* raw deflate tracks the input CRC (zlib:crc32/1) */
    buf_t c = run_codec(z, "deflate_nif", NULL, 0, 1, 8192, 8192, Z_FINISH, NULL, NULL);
    uint8_t xs[600];
    memset(xs, 'x', sizeof xs);
    buf_t ref = reference_deflate(xs, sizeof xs, -1, 15);
    cr_assert_eq(c.n, ref.n);
    cr_assert_arr_eq(c.d, ref.d, c.n);
    cr_assert_eq(call1("close_nif", z), ATOM(ok));
    free(c.d), free(ref.d);
}
