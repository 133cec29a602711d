/*
 * test_bif_conv.c - the conversion BIFs of runtime/bif/erlang_conv.c
 * (integers, floats and atoms to text and back) against erl
 * (tests/data/bif_conv.escript), plus what the oracle cannot carry: sub
 * binaries that do not start on a byte boundary (the external format
 * flattens them) and a full atom table.
 */
#include <criterion/criterion.h>
#include <stdio.h>

#include "bif.h"
#include "bin.h"
#include "support/bif_oracle.h"

Test(bif_conv, matches_erl)
{
    cr_assert_gt(bif_oracle_run("bif_conv"), 100);
}

/* A sub binary holding text, starting 4 bits into its underlying binary. */
static term unaligned(heap_t *h, const char *text)
{
    size_t n = strlen(text);
    uint8_t buf[80] = {0};
    cr_assert_lt(n + 1, sizeof buf);
    for (size_t i = 0; i < n; i++) {
        buf[i] |= (uint8_t)((uint8_t)text[i] >> 4);
        buf[i + 1] |= (uint8_t)((uint8_t)text[i] << 4);
    }
    term orig = bin_make(h, buf, n + 1, NULL);
    term_subbin_t *sb = (term_subbin_t *)heap_alloc(h, SUBBIN_WORDS);
    memset(sb, 0, sizeof *sb);
    sb->header = hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN);
    sb->size = n;
    sb->bitoffs = 4;
    sb->orig = orig;
    return term_from_boxed_ptr((term *)sb);
}

static bool is_text(term bin, const char *text)
{
    bin_view_t v;
    bin_view(bin, &v);
    return bin_view_is_bytes(&v) && v.bitsize / 8 == strlen(text) && memcmp(v.base, text, v.bitsize / 8) == 0;
}

Test(bif_conv, unaligned_sub_binaries_are_read_bit_exactly)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t h;
    heap_init(&h);
    term args[2];

    args[0] = unaligned(&h, "-12345678901234567890123");
    term big = bif_erlang_binary_to_integer_1(p, args);
    cr_assert(term_is_big(big) && term_big_is_neg(big));
    term back = bif_erlang_integer_to_binary_1(p, &big);
    cr_assert(is_text(back, "-12345678901234567890123"));

    args[0] = unaligned(&h, "zz");
    args[1] = term_from_small(36);
    cr_assert_eq(bif_erlang_binary_to_integer_2(p, args), term_from_small(35 * 36 + 35));

    args[0] = unaligned(&h, "unaligned_atom_\xC3\xA9");
    term a = bif_erlang_binary_to_atom_1(p, args);
    cr_assert(term_is_atom(a));
    cr_assert_eq(atom_chars(a), 16);
    cr_assert_eq(bif_erlang_binary_to_existing_atom_1(p, args), a);
    args[1] = ATOM(latin1);
    term l = bif_erlang_binary_to_atom_2(p, args);
    cr_assert_eq(atom_chars(l), 17, "latin1: the two UTF-8 bytes are two characters");

    args[0] = unaligned(&h, "2.5e3");
    term f = bif_erlang_binary_to_float_1(p, args);
    cr_assert(term_is_float(f) && term_float_val(f) == 2500.0);

    args[0] = unaligned(&h, "12x");
    cr_assert(!term_is_value(bif_erlang_binary_to_integer_1(p, args)));
    cr_assert_eq(p->fvalue, ATOM(badarg));

    proc_heap_close(p);
    heap_free(&h);
    proc_free(p);
}

/* With the atom table full (a small +t limit: atom_set_limit), known atoms
 * still convert and the _existing variants of a new one are badarg; only
 * creating one ends the VM (test_atom.c). */
Test(bif_conv, full_atom_table_existing_atoms)
{
    bif_init();
    char buf[32];
    uint64_t lim = atom_count() + ATOM_LIMIT_MIN;
    cr_assert(atom_set_limit(lim));
    for (size_t i = 0; atom_count() < lim; i++) {
        int n = snprintf(buf, sizeof buf, "conv_fill_%zu", i);
        term t;
        cr_assert_eq(atom_put_utf8((const uint8_t *)buf, (size_t)n, &t), ATOM_OK);
    }
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t h;
    heap_init(&h);
    const uint8_t fresh[] = "conv_not_there";
    term chars[sizeof fresh - 1];
    for (size_t i = 0; i < sizeof fresh - 1; i++) chars[i] = term_from_small(fresh[i]);
    term arg = heap_make_list(&h, chars, sizeof fresh - 1, NIL);
    cr_assert(!term_is_value(bif_erlang_list_to_existing_atom_1(p, &arg)));
    cr_assert_eq(p->fvalue, ATOM(badarg));
    arg = bin_make(&h, fresh, sizeof fresh - 1, NULL);
    cr_assert(!term_is_value(bif_erlang_binary_to_existing_atom_1(p, &arg)));
    cr_assert_eq(p->fvalue, ATOM(badarg));
    arg = bin_make(&h, (const uint8_t *)"conv_fill_7", 11, NULL);
    term a = bif_erlang_binary_to_atom_1(p, &arg);
    cr_assert(term_is_atom(a), "an existing atom needs no new entry");
    cr_assert_eq(bif_erlang_binary_to_existing_atom_1(p, &arg), a);
    cr_assert_eq(atom_count(), lim);
    heap_free(&h);
    proc_free(p);
}
