/*
 * test_dist.c - the distribution message frame (runtime/dist.c): 'p',
 * the control term and the payload, each in the external format, after a
 * 4-byte length. The expected bytes are erl's term_to_binary of the same
 * terms (OTP 25 on nonode@nohost); decoding must take them back, see a
 * pid of another node as external, and refuse every malformed frame
 * (truncated, trailing bytes, wrong tag, random byte flips) without
 * crashing: bad input from the network closes the connection.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "atom.h"
#include "bin.h"
#include "cmp.h"
#include "dist.h"
#include "node.h"

static heap_t heap;

static void setup(void)
{
    atom_init();
    heap_init(&heap);
}

static void teardown(void) { heap_free(&heap); }

TestSuite(dist, .init = setup, .fini = teardown);

/* term_to_binary({22, <0.5.0>, foo}) and ({hello, [1, 2.5], <<"bin">>}) */
static const uint8_t ctl_bytes[] = {131, 104, 3, 97, 22, 88, 100, 0, 13, 110, 111, 110, 111, 100, 101, 64, 110, 111,
                                    104, 111, 115, 116, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 3, 102, 111, 111};
static const uint8_t msg_bytes[] = {131, 104, 3, 100, 0, 5, 104, 101, 108, 108, 111, 108, 0, 0, 0, 2, 97, 1, 70, 64,
                                    4, 0, 0, 0, 0, 0, 0, 106, 109, 0, 0, 0, 3, 98, 105, 110};

static term ctl_term(void)
{
    return heap_make_tuple(&heap, 3, (term[]){term_from_small(22), term_make_pid(5, 0), atom_from_cstr("foo")});
}

static term msg_term(void)
{
    term l = heap_make_list(&heap, (term[]){term_from_small(1), heap_make_float(&heap, 2.5)}, 2, NIL);
    term bin = bin_make(&heap, (const uint8_t *)"bin", 3, NULL);
    return heap_make_tuple(&heap, 3, (term[]){atom_from_cstr("hello"), l, bin});
}

static size_t frame(uint8_t *out, bool with_msg)
{
    size_t n = 1 + sizeof ctl_bytes + (with_msg ? sizeof msg_bytes : 0);
    out[0] = 0, out[1] = 0, out[2] = (uint8_t)(n >> 8), out[3] = (uint8_t)n;
    out[4] = 'p';
    memcpy(out + 5, ctl_bytes, sizeof ctl_bytes);
    if (with_msg) memcpy(out + 5 + sizeof ctl_bytes, msg_bytes, sizeof msg_bytes);
    return n + 4;
}

Test(dist, encode_as_erl)
{
    uint8_t want[256];
    size_t wn = frame(want, true);
    etf_buf_t f = {0};
    cr_assert(dist_frame_encode(ctl_term(), msg_term(), &f));
    cr_assert_eq(f.size, wn);
    cr_assert_arr_eq(f.data, want, wn);
    etf_buf_free(&f);
    /* no payload: the control term alone */
    wn = frame(want, false);
    cr_assert(dist_frame_encode(ctl_term(), THE_NON_VALUE, &f));
    cr_assert_eq(f.size, wn);
    cr_assert_arr_eq(f.data, want, wn);
    etf_buf_free(&f);
}

Test(dist, decode_as_erl)
{
    uint8_t fr[256];
    size_t n = frame(fr, true);
    term ctl, msg;
    cr_assert(dist_frame_decode(fr + 4, n - 4, &heap, &ctl, &msg));
    cr_assert(cmp_eq_exact(ctl, ctl_term()));
    cr_assert(cmp_eq_exact(msg, msg_term()));
    cr_assert(term_is_local_pid(term_tuple_elems(ctl)[1]));
    n = frame(fr, false);
    cr_assert(dist_frame_decode(fr + 4, n - 4, &heap, &ctl, &msg));
    cr_assert(!term_is_value(msg));
}

Test(dist, remote_pid_is_external)
{
    /* {1, <a@b pid 7.2, creation 9>, ok} */
    static const uint8_t c[] = {131, 104, 3, 97, 1, 88, 100, 0, 3, 'a', '@', 'b', 0, 0, 0, 7, 0, 0, 0, 2, 0, 0, 0, 9,
                                100, 0, 2, 'o', 'k'};
    uint8_t fr[64];
    fr[0] = 'p';
    memcpy(fr + 1, c, sizeof c);
    term ctl, msg;
    cr_assert(dist_frame_decode(fr, 1 + sizeof c, &heap, &ctl, &msg));
    term pid = term_tuple_elems(ctl)[1];
    cr_assert(term_is_ext_pid(pid));
    const term_external_t *e = (const term_external_t *)term_boxed_ptr(pid);
    cr_assert_eq(e->node->name, atom_from_cstr("a@b"));
    cr_assert_eq(e->node->creation, 9u);
    /* interning gives one permanent copy per pid */
    term i1 = dist_intern_pid(pid), i2 = dist_intern_pid(pid);
    cr_assert_eq(i1, i2);
    cr_assert(cmp_eq_exact(i1, pid));
}

Test(dist, malformed_frames_refused)
{
    uint8_t fr[256];
    size_t n = frame(fr, true) - 4;
    uint8_t *d = fr + 4;
    term ctl, msg;
    /* every truncation but the two whole forms (control alone, both) */
    for (size_t k = 0; k < n; k++) {
        bool ok = dist_frame_decode(d, k, &heap, &ctl, &msg);
        cr_assert_eq(ok, k == 1 + sizeof ctl_bytes, "length %zu", k);
    }
    /* trailing bytes */
    d[n] = 0;
    cr_assert(!dist_frame_decode(d, n + 1, &heap, &ctl, &msg));
    /* not pass-through (the atom cache header is never negotiated) */
    d[0] = 131;
    cr_assert(!dist_frame_decode(d, n, &heap, &ctl, &msg));
    d[0] = 'p';
    /* random byte flips: refused or decoded, never a crash */
    srand(7);
    for (int round = 0; round < 2000; round++) {
        uint8_t x[256];
        memcpy(x, d, n);
        for (int k = 0; k < 3; k++) x[rand() % n] = (uint8_t)rand();
        heap_t h;
        heap_init(&h);
        (void)dist_frame_decode(x, n, &h, &ctl, &msg);
        heap_free(&h);
    }
}
