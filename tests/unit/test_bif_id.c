/*
 * test_bif_id.c - the BIFs of runtime/bif/erlang_id.c, erlang_timeunit.c
 * and std_text.c against erl (tests/data/bif_id.escript), and the round
 * trips of identifiers laser makes itself.
 */
#include <criterion/criterion.h>

#include "bif.h"
#include "support/bif_oracle.h"

#include <string.h>

Test(bif_id, matches_erl, .timeout = 120)
{
    cr_assert_gt(bif_oracle_run("bif_id"), 300);
}

Test(bif_id, own_identifiers_round_trip)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(4711, 21), 0);
    term pid = bif_erlang_self_0(p, NULL);
    term text = bif_erlang_pid_to_list_1(p, &pid);
    cr_assert(term_is_list(text));
    cr_assert_eq(bif_erlang_list_to_pid_1(p, &text), pid);
    proc_heap_close(p);
    for (int i = 0; i < 1000; i++) {
        term ref = bif_erlang_make_ref_0(p, NULL);
        term rt = bif_erlang_ref_to_list_1(p, &ref);
        term back = bif_erlang_list_to_ref_1(p, &rt);
        cr_assert(term_is_value(back), "list_to_ref of ref_to_list failed at %d", i);
        cr_assert(term_is_local_ref(back));
        cr_assert_eq(memcmp(term_ref_numbers(back), term_ref_numbers(ref), REF_NUMBERS * sizeof(uint32_t)), 0);
        proc_heap_close(p);
    }
    proc_free(p);
}
