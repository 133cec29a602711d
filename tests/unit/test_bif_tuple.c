/*
 * test_bif_tuple.c - the tuple BIFs of runtime/bif/erlang_tuple.c against
 * erl (tests/data/bif_tuple.escript), and list_to_tuple past the limit.
 */
#include <criterion/criterion.h>

#include "bif.h"
#include "support/bif_oracle.h"

Test(bif_tuple, matches_erl, .timeout = 300)
{
    cr_assert_gt(bif_oracle_run("bif_tuple"), 1000);
}

/* A list one element longer than the largest tuple is badarg (too big to
 * pass through the oracle's case file). */
Test(bif_tuple, list_to_tuple_beyond_the_limit_is_badarg, .timeout = 300)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t h;
    heap_init(&h);
    size_t n = (size_t)1 << 24;
    term *cells = heap_alloc(&h, 2 * n);
    for (size_t i = 0; i < n; i++) {
        cells[2 * i] = term_from_small((int64_t)i);
        cells[2 * i + 1] = i + 1 < n ? term_from_list_ptr(&cells[2 * i + 2]) : NIL;
    }
    term arg = term_from_list_ptr(cells);
    cr_assert_not(term_is_value(bif_erlang_list_to_tuple_1(p, &arg)));
    cr_assert_eq(p->fvalue, ATOM(badarg));
    cells[2 * (n - 2) + 1] = NIL; /* 2^24 - 1 elements: the largest tuple */
    term t = bif_erlang_list_to_tuple_1(p, &arg);
    cr_assert(term_is_tuple(t));
    cr_assert_eq(term_tuple_arity(t), n - 1);
    cr_assert_eq(term_tuple_elems(t)[n - 2], term_from_small((int64_t)n - 2));
    proc_heap_close(p);
    proc_free(p);
    heap_free(&h);
}
