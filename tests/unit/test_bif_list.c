/*
 * test_bif_list.c - the list and iolist BIFs of runtime/bif/erlang_list.c
 * against erl (tests/data/bif_list.escript), and the lengths the C stack
 * would not survive.
 */
#include <criterion/criterion.h>

#include "bif.h"
#include "support/bif_oracle.h"

Test(bif_list, matches_erl, .timeout = 600)
{
    cr_assert_gt(bif_oracle_run("bif_list"), 2000);
}

/* An iolist nested a million deep, and a million-element list through
 * ++, --, reverse and length: no recursion on the C stack. */
Test(bif_list, deep_and_long_lists, .timeout = 300)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t h;
    heap_init(&h);
    size_t n = 1000000;
    term deep = NIL;
    for (size_t i = 0; i < n; i++) deep = heap_make_cons(&h, deep, heap_make_cons(&h, term_from_small(7), NIL));
    term r = bif_erlang_iolist_size_1(p, &deep);
    cr_assert_eq(r, term_from_small((int64_t)n));
    term long_list = NIL;
    for (size_t i = 0; i < n; i++) long_list = heap_make_cons(&h, term_from_small((int64_t)i), long_list);
    term args[2] = {long_list, long_list};
    cr_assert_eq(bif_erlang_subtract_2(p, args), NIL);
    term app = bif_erlang_append_2(p, args);
    cr_assert_eq(bif_erlang_length_1(p, &app), term_from_small(2 * (int64_t)n));
    args[1] = NIL;
    term rev = bif_lists_reverse_2(p, args);
    cr_assert_eq(term_car(rev), term_from_small(0));
    proc_heap_close(p);
    proc_free(p);
    heap_free(&h);
}
