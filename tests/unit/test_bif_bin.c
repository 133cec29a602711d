/*
 * test_bif_bin.c - the binary, external term format and checksum BIFs of
 * runtime/bif/erlang_bin.c against erl (tests/data/bif_bin.escript), and
 * md5_init/0, whose context erl fills with garbage.
 */
#include <criterion/criterion.h>

#include "bif.h"
#include "bin.h"
#include "support/bif_oracle.h"

Test(bif_bin, matches_erl, .timeout = 600)
{
    cr_assert_gt(bif_oracle_run("bif_bin"), 3000);
}

static void bytes_of(term b, uint8_t *out, size_t n)
{
    bin_view_t v;
    bin_view(b, &v);
    cr_assert_eq(v.bitsize, 8 * n);
    bin_copy_bits(v.base, v.bitoffs, out, 0, v.bitsize);
}

/* md5_init's context is OTP's 88 bytes with the MD5 start state, and
 * init/update/final in pieces gives md5/1's digest. */
Test(bif_bin, md5_context_round_trip)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t *h = proc_heap(p);
    term ctx = bif_erlang_md5_init_0(p, NULL);
    uint8_t raw[88];
    bytes_of(ctx, raw, 88);
    static const uint8_t start[24] = {1, 35, 69, 103, 137, 171, 205, 239, 254, 220, 186, 152,
                                      118, 84, 50, 16, 0, 0, 0, 0, 0, 0, 0, 0};
    cr_assert_eq(memcmp(raw, start, sizeof start), 0);

    uint8_t data[300];
    for (size_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 7 + 1);
    size_t cuts[] = {0, 1, 63, 64, 65, 200, 300};
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
        term args[2] = {bif_erlang_md5_init_0(p, NULL), bin_make(h, data, cuts[c], NULL)};
        term c1 = bif_erlang_md5_update_2(p, args);
        args[0] = c1;
        args[1] = bin_make(h, data + cuts[c], sizeof data - cuts[c], NULL);
        term c2 = bif_erlang_md5_update_2(p, args);
        term d1 = bif_erlang_md5_final_1(p, &c2);
        term whole = bin_make(h, data, sizeof data, NULL);
        term d2 = bif_erlang_md5_1(p, &whole);
        uint8_t x[16], y[16];
        bytes_of(d1, x, 16);
        bytes_of(d2, y, 16);
        cr_assert_eq(memcmp(x, y, 16), 0, "split at %zu", cuts[c]);
    }
    proc_heap_close(p);
    proc_free(p);
}

/* term_to_iovec references aligned binaries of 65 bytes or more and copies
 * unaligned ones (erl: an 80-byte binary at bit offset 3 gives one 86-byte
 * chunk; the oracle's case file cannot carry unaligned arguments). */
Test(bif_bin, term_to_iovec_copies_unaligned_binaries)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t *h = proc_heap(p);
    uint8_t *bytes;
    term whole = bin_make(h, NULL, 200, &bytes);
    memset(bytes, 'y', 200);
    term_subbin_t *sb = (term_subbin_t *)heap_alloc(h, SUBBIN_WORDS);
    memset(sb, 0, sizeof *sb);
    sb->header = hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN);
    sb->size = 80;
    sb->bitoffs = 3;
    sb->orig = whole;
    term sub = term_from_boxed_ptr((term *)sb);
    term r = bif_erlang_term_to_iovec_1(p, &sub);
    cr_assert(term_is_list(r));
    cr_assert(term_is_nil(term_cdr(r)));
    cr_assert_eq(bin_bit_size(term_car(r)), 86 * 8);
    sb->bitoffs = 0; /* aligned: header chunk, then the binary itself */
    r = bif_erlang_term_to_iovec_1(p, &sub);
    cr_assert_eq(bin_bit_size(term_car(r)), 6 * 8);
    cr_assert_eq(term_car(term_cdr(r)), sub);
    cr_assert(term_is_nil(term_cdr(term_cdr(r))));
    proc_heap_close(p);
    proc_free(p);
}
