/*
 * test_bif_arith.c - the arithmetic BIFs of runtime/bif/erlang_arith.c (the
 * operators as functions, float/trunc/round/floor/ceil/abs, min/max) against
 * erl (tests/data/bif_arith.escript).
 */
#include <criterion/criterion.h>

#include "support/bif_oracle.h"

Test(bif_arith, matches_erl)
{
    cr_assert_gt(bif_oracle_run("bif_arith"), 100);
}
