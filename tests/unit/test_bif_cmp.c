/*
 * test_bif_cmp.c - the comparison and boolean operator BIFs of
 * runtime/bif/erlang_cmp.c against erl (tests/data/bif_cmp.escript).
 */
#include <criterion/criterion.h>

#include "support/bif_oracle.h"

Test(bif_cmp, matches_erl)
{
    cr_assert_gt(bif_oracle_run("bif_cmp"), 100);
}
