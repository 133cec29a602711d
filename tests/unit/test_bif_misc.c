/*
 * test_bif_misc.c - the BIFs of runtime/bif/erlang_misc.c against erl
 * (tests/data/bif_misc.escript), and the BIF table itself.
 */
#include <criterion/criterion.h>

#include "bif.h"
#include "../src/export.h"
#include "support/bif_oracle.h"

Test(bif_table, every_bif_is_bound_to_its_export_entry)
{
    bif_init();
    cr_assert_gt(bif_count, 0);
    for (size_t i = 0; i < bif_count; i++) {
        const bif_info_t *b = &bif_table[i];
        export_entry_t *e = export_get(b->module, b->name, b->arity);
        cr_assert_not_null(e, "%s:%s/%u has no export entry", b->module_text, b->name_text, b->arity);
        cr_assert_eq(e->bif_index, i + 1);
        cr_assert_eq(bif_lookup(b->module, b->name, b->arity), b);
    }
    cr_assert_null(bif_lookup(ATOM(erlang), atom_from_cstr("no_such_bif"), 1));
}

Test(bif_misc, self_is_the_process_pid)
{
    bif_init();
    proc_t *p = proc_new(term_make_pid(77, 3), 0);
    cr_assert_eq(bif_erlang_self_0(p, NULL), term_make_pid(77, 3));
    proc_free(p);
}

Test(bif_misc, hashing_matches_erl, .timeout = 120)
{
    cr_assert_gt(bif_oracle_run("bif_misc"), 100);
}
