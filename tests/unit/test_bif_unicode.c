/*
 * test_bif_unicode.c - the unicode module's BIFs (runtime/bif/unicode.c)
 * against erl (tests/data/bif_unicode.escript): conversions in every
 * encoding, and the exact shape of {error, _, Rest} / {incomplete, _, Rest}.
 */
#include <criterion/criterion.h>

#include "bif.h"
#include "bin.h"
#include "support/bif_oracle.h"

Test(bif_unicode, matches_erl, .timeout = 300)
{
    cr_assert_gt(bif_oracle_run("bif_unicode"), 2000);
}

/* A binary that needs no conversion is returned as it is (no copy). */
Test(bif_unicode, valid_binary_is_returned_unchanged)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t h;
    heap_init(&h);
    term b = bin_make(&h, (const uint8_t *)"h\xc3\xa9llo", 6, NULL);
    term args[2] = {b, ATOM(unicode)};
    cr_assert_eq(bif_unicode_characters_to_binary_2(p, args), b);
    term one = heap_make_cons(&h, b, NIL);
    args[0] = one;
    cr_assert_eq(bif_unicode_characters_to_binary_2(p, args), b);
    args[0] = b;
    args[1] = ATOM(latin1); /* bytes above 127 must be re-encoded */
    term r = bif_unicode_characters_to_binary_2(p, args);
    cr_assert_neq(r, b);
    cr_assert_eq(bin_bit_size(r), 8 * 8);
    proc_heap_close(p);
    heap_free(&h);
    proc_free(p);
}
