/*
 * test_bif_math.c - the math module's BIFs of runtime/bif/math.c against erl
 * (tests/data/bif_math.escript).
 */
#include <criterion/criterion.h>

#include "support/bif_oracle.h"

Test(bif_math, matches_erl)
{
    cr_assert_gt(bif_oracle_run("bif_math"), 100);
}
