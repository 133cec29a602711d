/*
 * test_bif_maps.c - the map BIFs of runtime/bif/maps.c against erl
 * (tests/data/bif_maps.escript), and whole walks of erts_internal:map_next/3
 * (erl's chunk sizes depend on reductions, so only single calls are cases).
 */
#include <criterion/criterion.h>

#include "bif.h"
#include "cmp.h"
#include "map.h"
#include "support/bif_oracle.h"

Test(bif_maps, matches_erl, .timeout = 600)
{
    cr_assert_gt(bif_oracle_run("bif_maps"), 3000);
}

/* Iterating a map through map_next (iterator format) visits every pair
 * once, in maps:keys/1's order for a flatmap and the reverse for a HAMT
 * (OTP's to_list reads the HAMT the other way round), and the list format
 * gives maps:keys/1's order. */
Test(bif_maps, map_next_walks_the_whole_map, .timeout = 120)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    size_t sizes[] = {0, 1, 32, 33, 100, 1000, 5000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        heap_t *h = proc_heap(p);
        term *ks = malloc((n + 1) * sizeof(term));
        for (size_t i = 0; i < n; i++) ks[i] = term_from_small((int64_t)(i * 7919 % 100003));
        term m = map_from_pairs(h, ks, ks, n);
        term keys = bif_maps_keys_1(p, &m);

        term seen = NIL; /* keys in iteration order, consed: ends up reversed */
        size_t count = 0;
        term args[3] = {term_from_small(0), m, ATOM(iterator)};
        for (;;) {
            term r = bif_erts_internal_map_next_3(p, args);
            cr_assert(term_is_value(r));
            while (term_is_tuple(r)) {
                const term *e = term_tuple_elems(r);
                cr_assert_eq(e[0], e[1]);
                seen = heap_make_cons(proc_heap(p), e[0], seen);
                count++;
                r = e[2];
            }
            if (r == ATOM(none)) break;
            cr_assert(term_is_list(r));
            args[0] = term_car(r);
            cr_assert_eq(term_cdr(r), m);
        }
        cr_assert_eq(count, n, "size %zu", n);
        /* a HAMT is iterated in the reverse of maps:keys order, a flatmap
         * in the same order */
        if (n <= 32) {
            term args1[2] = {seen, NIL};
            seen = bif_lists_reverse_2(p, args1);
        }
        for (term a = seen, b = keys; term_is_list(a) || term_is_list(b); a = term_cdr(a), b = term_cdr(b)) {
            cr_assert(term_is_list(a) && term_is_list(b));
            cr_assert_eq(term_car(a), term_car(b));
        }

        /* list format: [Path, Map | Pairs] chunks, pairs accumulate reversed */
        term acc = NIL;
        term largs[3] = {term_from_small(0), m, NIL};
        for (;;) {
            term r = bif_erts_internal_map_next_3(p, largs);
            cr_assert(term_is_value(r));
            if (term_is_list(r) && term_is_integer(term_car(r))) {
                largs[0] = term_car(r);
                largs[2] = term_cdr(term_cdr(r));
                continue;
            }
            acc = r;
            break;
        }
        size_t lc = 0;
        for (term a = acc, b = keys; term_is_list(a); a = term_cdr(a), b = term_cdr(b), lc++)
            cr_assert_eq(term_tuple_elems(term_car(a))[0], term_car(b));
        cr_assert_eq(lc, n);
        free(ks);
    }
    proc_heap_close(p);
    proc_free(p);
}
