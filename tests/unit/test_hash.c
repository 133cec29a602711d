/*
 * test_hash.c - erlang:phash2/1,2, erlang:phash/2 and the internal map-key
 * hash (runtime/hash.c) against erl.
 *
 * tests/data/hash_terms.escript records, for a few hundred terms of every
 * class, what erl computes; the terms come back through etf_decode. Every
 * mismatch is counted and the first few are printed, so that one run shows
 * which classes of term are off.
 */
#include <criterion/criterion.h>
#include <stdio.h>

#include "atom.h"
#include "big.h"
#include "etf.h"
#include "hash.h"
#include "map.h"
#include "support/oracle.h"

static heap_t heap;

static void setup(void)
{
    atom_init();
    heap_init(&heap);
}

static void teardown(void) { heap_free(&heap); }

TestSuite(hash, .init = setup, .fini = teardown);

/* ranges() of hash_terms.escript */
static const uint64_t ranges[] = {1, 2, 7, 1000, UINT64_C(1) << 27, (UINT64_C(1) << 32) - 1, UINT64_C(1) << 32};
#define NRANGES (sizeof ranges / sizeof ranges[0])

static uint64_t to_u64(term t)
{
    int64_t v;
    cr_assert(int_to_int64(t, &v) && v >= 0, "oracle value is not a non-negative integer");
    return (uint64_t)v;
}

static term list_nth(term l, size_t n)
{
    while (n--) l = term_cdr(l);
    return term_car(l);
}

static void print_term_head(term t, const uint8_t *why)
{
    etf_buf_t b = {0};
    etf_encode(t, NULL, &b);
    fprintf(stderr, "  %s: term_to_binary starts", why);
    for (size_t i = 0; i < b.size && i < 24; i++) fprintf(stderr, " %u", b.data[i]);
    fprintf(stderr, "%s\n", b.size > 24 ? " ..." : "");
    etf_buf_free(&b);
}

Test(hash, oracle)
{
    size_t n, used;
    uint8_t *data = oracle_read("hash_terms", &n);
    term recs;
    cr_assert_eq(etf_decode(data, n, &heap, false, &recs, &used), ETF_OK);
    cr_assert_eq(used, n);
    size_t count = 0, bad_p2 = 0, bad_p2r = 0, bad_p1 = 0, bad_ih = 0, ih_checked = 0, shown = 0;
    for (term l = recs; term_is_list(l); l = term_cdr(l), count++) {
        term rec = term_car(l);
        cr_assert(term_is_tuple(rec) && term_tuple_arity(rec) == 5);
        const term *e = term_tuple_elems(rec);
        term t = e[0];
        bool bad = false;
        if (hash_phash2(t) != to_u64(e[1])) bad_p2++, bad = true;
        for (size_t k = 0; k < NRANGES; k++) {
            if (hash_phash2_range(t, ranges[k]) != to_u64(list_nth(e[2], k))) bad_p2r++, bad = true;
            if (hash_phash_range(t, ranges[k]) != to_u64(list_nth(e[3], k))) bad_p1++, bad = true;
        }
        if (e[4] != ATOM(undefined)) {
            ih_checked++;
            if (hash_internal(t, 0) != to_u64(e[4])) bad_ih++, bad = true;
        }
        if (bad && shown++ < 10) {
            fprintf(stderr, "hash mismatch, term %zu (phash2 %u want %lu)\n", count, hash_phash2(t),
                    (unsigned long)to_u64(e[1]));
            print_term_head(t, (const uint8_t *)"term");
        }
    }
    cr_assert_gt(count, 400);
    cr_assert_gt(ih_checked, 200);
    cr_assert(bad_p2 + bad_p2r + bad_p1 + bad_ih == 0,
              "of %zu terms: phash2 %zu wrong, phash2/2 %zu, phash/2 %zu, internal %zu (of %zu)", count, bad_p2,
              bad_p2r, bad_p1, bad_ih, ih_checked);
    free(data);
}

/* The internal hash decides HAMT slots, so HAMT order shows in
 * term_to_binary. The oracle file is erl's term_to_binary of the whole
 * record list (its large maps have integer and binary keys only, whose
 * order does not depend on the VM): encoding the decoded list must give
 * the file back byte for byte. */
Test(hash, hamt_order_reencode)
{
    size_t n, used;
    uint8_t *data = oracle_read("hash_terms", &n);
    term recs;
    cr_assert_eq(etf_decode(data, n, &heap, false, &recs, &used), ETF_OK);
    size_t hamts = 0;
    for (term l = recs; term_is_list(l); l = term_cdr(l)) {
        term t = term_tuple_elems(term_car(l))[0];
        if (term_is_map(t) && !map_is_flat(t)) hamts++;
    }
    cr_assert_geq(hamts, 3);
    etf_buf_t b = {0};
    cr_assert_eq(etf_encode(recs, NULL, &b), 0);
    size_t i = 0;
    while (i < n && i < b.size && data[i] == b.data[i]) i++;
    cr_assert(b.size == n && i == n, "re-encoding differs at byte %zu of %zu", i, n);
    etf_buf_free(&b);
    free(data);
}
