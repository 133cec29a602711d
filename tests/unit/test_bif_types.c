/*
 * test_bif_types.c - the type-test BIFs of runtime/bif/erlang_types.c
 * against erl (tests/data/bif_types.escript), and is_binary on an unaligned
 * sub binary.
 */
#include <criterion/criterion.h>

#include "bif.h"
#include "bin.h"
#include "support/bif_oracle.h"

Test(bif_types, matches_erl)
{
    cr_assert_gt(bif_oracle_run("bif_types"), 100);
}

/* The oracle's terms go through the external format, which has no sub
 * binaries; an unaligned one of whole bytes is still a binary. */
Test(bif_types, unaligned_sub_binary_is_a_binary)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t h;
    heap_init(&h);
    const uint8_t bytes[3] = {1, 2, 3};
    term orig = bin_make(&h, bytes, 3, NULL);
    for (unsigned bits = 0; bits < 2; bits++) {
        term_subbin_t *sb = (term_subbin_t *)heap_alloc(&h, SUBBIN_WORDS);
        memset(sb, 0, sizeof *sb);
        sb->header = hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN);
        sb->size = 2;
        sb->bitoffs = 3;
        sb->bitsize = (uint8_t)bits;
        sb->orig = orig;
        term t = term_from_boxed_ptr((term *)sb);
        cr_assert_eq(bif_erlang_is_bitstring_1(p, &t), ATOM_true);
        cr_assert_eq(bif_erlang_is_binary_1(p, &t), bits == 0 ? ATOM_true : ATOM_false);
    }
    heap_free(&h);
    proc_free(p);
}
