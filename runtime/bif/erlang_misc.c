/* erlang_misc.c - erlang BIFs on process identity and hashing. */
#include "bif.h"
#include "big.h"
#include "hash.h"

term bif_erlang_self_0(proc_t *p, const term *args)
{
    (void)args;
    return p->id;
}

/* A hash range argument: an integer 1..2^32 (OTP: badarg otherwise). */
static bool hash_range(term t, uint64_t *out)
{
    int64_t v;
    if (!term_is_integer(t) || !int_to_int64(t, &v) || v < 1 || v > (INT64_C(1) << 32)) return false;
    *out = (uint64_t)v;
    return true;
}

/* Hash values reach 2^32 - 1, which is a small on 64-bit: never allocates. */
term bif_erlang_phash_2(proc_t *p, const term *args)
{
    uint64_t range;
    if (!hash_range(args[1], &range)) BIF_BADARG(p);
    return term_from_small(hash_phash_range(args[0], range));
}

term bif_erlang_phash2_1(proc_t *p, const term *args)
{
    (void)p;
    return term_from_small(hash_phash2(args[0]));
}

term bif_erlang_phash2_2(proc_t *p, const term *args)
{
    uint64_t range;
    if (!hash_range(args[1], &range)) BIF_BADARG(p);
    return term_from_small(hash_phash2_range(args[0], range));
}
