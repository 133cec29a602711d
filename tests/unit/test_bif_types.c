/*
 * test_bif_types.c - the type-test BIFs of runtime/bif/erlang_types.c
 * against erl (tests/data/bif_types.escript).
 */
#include <criterion/criterion.h>

#include "support/bif_oracle.h"

Test(bif_types, matches_erl, .timeout = 600)
{
    cr_assert_gt(bif_oracle_run("bif_types"), 100);
}
