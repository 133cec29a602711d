/*
 * test_bif_conv.c - the conversion BIFs of runtime/bif/erlang_conv.c
 * (integers, floats and atoms to text and back) against erl
 * (tests/data/bif_conv.escript).
 */
#include <criterion/criterion.h>

#include "support/bif_oracle.h"

Test(bif_conv, matches_erl, .timeout = 600)
{
    cr_assert_gt(bif_oracle_run("bif_conv"), 100);
}
