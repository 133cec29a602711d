/*
 * test_bif_binary.c - the binary module's BIFs (runtime/bif/binary.c)
 * against erl (tests/data/bif_binary.escript), and compiled patterns,
 * which the oracle cannot carry (erl's are magic references): each must
 * give the same answers as the plain pattern it was compiled from.
 */
#include <criterion/criterion.h>

#include "bif.h"
#include "bin.h"
#include "cmp.h"
#include "support/bif_oracle.h"

Test(bif_binary, matches_erl, .timeout = 300)
{
    cr_assert_gt(bif_oracle_run("bif_binary"), 3000);
}

static term bin(heap_t *h, const char *s) { return bin_make(h, (const uint8_t *)s, strlen(s), NULL); }

static term call(proc_t *p, term (*f)(proc_t *, const term *), term a, term b, term c)
{
    term args[3] = {a, b, c};
    term r = f(p, args);
    proc_heap_close(p);
    return r;
}

Test(bif_binary, compiled_patterns_behave_as_their_source)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t h;
    heap_init(&h);
    term subj = bin(&h, "one,two;;three,four;");
    term pats[4] = {bin(&h, ","), heap_make_list(&h, (term[]){bin(&h, ";")}, 1, NIL),
                    heap_make_list(&h, (term[]){bin(&h, ","), bin(&h, ";;"), bin(&h, ";")}, 3, NIL),
                    bin(&h, "absent")};
    term opts[3] = {NIL, heap_make_list(&h, (term[]){ATOM(global)}, 1, NIL),
                    heap_make_list(&h, (term[]){ATOM(global), ATOM(trim_all)}, 2, NIL)};
    for (int i = 0; i < 4; i++) {
        term cp = call(p, bif_binary_compile_pattern_1, pats[i], 0, 0);
        cr_assert(term_is_tuple(cp) && term_tuple_arity(cp) == 2);
        cr_assert_eq(term_tuple_elems(cp)[0], i == 2 ? ATOM(ac) : ATOM(bm), "pattern %d", i);
        cr_assert(cmp_eq_exact(call(p, bif_binary_match_2, subj, cp, 0), call(p, bif_binary_match_2, subj, pats[i], 0)));
        cr_assert(cmp_eq_exact(call(p, bif_binary_matches_2, subj, cp, 0), call(p, bif_binary_matches_2, subj, pats[i], 0)));
        for (int o = 0; o < 3; o++)
            cr_assert(cmp_eq_exact(call(p, bif_binary_split_3, subj, cp, opts[o]),
                                   call(p, bif_binary_split_3, subj, pats[i], opts[o])), "pattern %d opts %d", i, o);
    }
    /* a compiled pattern is not itself compilable, and a forged one is badarg */
    term cp = call(p, bif_binary_compile_pattern_1, pats[0], 0, 0);
    cr_assert(!term_is_value(call(p, bif_binary_compile_pattern_1, cp, 0, 0)));
    term forged[2] = {ATOM(bm), bin(&h, ",")};
    cr_assert(!term_is_value(call(p, bif_binary_match_2, subj, heap_make_tuple(&h, 2, forged), 0)));
    cr_assert_eq(p->fvalue, ATOM(badarg));
    /* bm with several patterns inside (an ac body) is rejected too */
    term ac = call(p, bif_binary_compile_pattern_1, pats[2], 0, 0);
    term swapped[2] = {ATOM(bm), term_tuple_elems(ac)[1]};
    cr_assert(!term_is_value(call(p, bif_binary_match_2, subj, heap_make_tuple(&h, 2, swapped), 0)));
    heap_free(&h);
    proc_free(p);
}

/* Sub binaries: part/3 and split/2 share the subject's storage, except
 * that whole-byte parts of at most 64 bytes are copied, as OTP 25's. */
Test(bif_binary, parts_reference_the_subject)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t h;
    heap_init(&h);
    uint8_t big[1000];
    memset(big, 'x', sizeof big);
    term subj = bin_make(&h, big, sizeof big, NULL);
    term part = call(p, bif_binary_part_3, subj, term_from_small(10), term_from_small(100));
    cr_assert_eq(bin_bit_size(part), 800);
    cr_assert_eq(call(p, bif_binary_referenced_byte_size_1, part, 0, 0), term_from_small(1000));
    term again = call(p, bif_binary_part_3, part, term_from_small(1), term_from_small(80));
    cr_assert_eq(call(p, bif_binary_referenced_byte_size_1, again, 0, 0), term_from_small(1000));
    term small = call(p, bif_binary_part_3, part, term_from_small(1), term_from_small(64));
    cr_assert_eq(call(p, bif_binary_referenced_byte_size_1, small, 0, 0), term_from_small(64));
    term copy = call(p, bif_binary_copy_1, part, 0, 0);
    cr_assert_eq(call(p, bif_binary_referenced_byte_size_1, copy, 0, 0), term_from_small(100));
    heap_free(&h);
    proc_free(p);
}

/* The leftmost-longest rule, naively: the reference for the automaton. */
static size_t naive_matches(const uint8_t *s, size_t n, uint8_t pats[][8], const size_t *plen, size_t np, size_t *out)
{
    size_t k = 0, at = 0;
    while (at < n) {
        size_t best_len = 0, pos;
        for (pos = at; pos < n && !best_len; pos++)
            for (size_t i = 0; i < np; i++)
                if (plen[i] <= n - pos && plen[i] > best_len && memcmp(s + pos, pats[i], plen[i]) == 0) best_len = plen[i];
        if (!best_len) break;
        pos--;
        out[2 * k] = pos;
        out[2 * k + 1] = best_len;
        k++;
        at = pos + best_len;
    }
    return k;
}

/* Large random inputs against the naive search, many pattern sets. */
Test(bif_binary, aho_corasick_agrees_with_naive_search, .timeout = 120)
{
    bif_init();
    srand(12345);
    enum { N = 20000 };
    static uint8_t s[N];
    static size_t want[2 * N];
    for (int round = 0; round < 40; round++) {
        proc_t *p = proc_new(term_make_pid(1, 0), 0);
        heap_t h;
        heap_init(&h);
        int alpha = 2 + round % 3;
        for (size_t i = 0; i < N; i++) s[i] = (uint8_t)('a' + rand() % alpha);
        uint8_t pats[12][8];
        size_t plen[12], np = 2 + (size_t)(rand() % 10);
        term list = NIL;
        for (size_t i = 0; i < np; i++) {
            plen[i] = 1 + (size_t)(rand() % 7);
            for (size_t j = 0; j < plen[i]; j++) pats[i][j] = (uint8_t)('a' + rand() % alpha);
            list = heap_make_cons(&h, bin_make(&h, pats[i], plen[i], NULL), list);
        }
        size_t nw = naive_matches(s, N, pats, plen, np, want);
        term r = call(p, bif_binary_matches_2, bin_make(&h, s, N, NULL), list, 0);
        size_t k = 0;
        for (; term_is_list(r); r = term_cdr(r), k++) {
            cr_assert_lt(k, nw, "round %d: more matches than the naive search", round);
            const term *e = term_tuple_elems(term_car(r));
            cr_assert_eq(term_to_small(e[0]), (int64_t)want[2 * k], "round %d match %zu", round, k);
            cr_assert_eq(term_to_small(e[1]), (int64_t)want[2 * k + 1], "round %d match %zu", round, k);
        }
        cr_assert_eq(k, nw, "round %d", round);
        heap_free(&h);
        proc_free(p);
    }
}
