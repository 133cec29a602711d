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

/* make_ref's numbers as OTP lays them out (erts_set_ref_numbers): a
 * counter split 18/14/32 bits with the thread id in the low bits of the
 * middle word, so list_to_ref, which checks that id against the scheduler
 * count, takes back every ref (laser once put counter bits there: refs
 * stopped round-tripping after 786,432 of them). */
Test(bif_id, make_ref_layout)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(4711, 21), 0);
    uint64_t prev = 0;
    for (int i = 0; i < 800000; i++) {
        term ref = bif_erlang_make_ref_0(p, NULL);
        const uint32_t *n = term_ref_numbers(ref);
        cr_assert_eq(n[1] & 0x3FFFF, 1, "thread id bits of %08x", n[1]);
        cr_assert_eq(n[2] >> 31, 0);
        uint64_t v = (uint64_t)n[2] << 32 | (n[1] & 0xFFFC0000u) | n[0];
        if (i) cr_assert_eq(v, prev + 1, "values %llx after %llx", (unsigned long long)v, (unsigned long long)prev);
        prev = v;
        if (i % 1000 == 0 || i > 786000) {
            term rt = bif_erlang_ref_to_list_1(p, &ref);
            term back = bif_erlang_list_to_ref_1(p, &rt);
            cr_assert(term_is_value(back), "list_to_ref of ref_to_list failed at %d", i);
            cr_assert_eq(memcmp(term_ref_numbers(back), n, REF_NUMBERS * sizeof(uint32_t)), 0);
        }
        proc_heap_close(p);
    }
    proc_free(p);
}
