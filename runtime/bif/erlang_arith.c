/*
 * erlang_arith.c - erlang BIFs on numbers. The operators reach these when
 * applied (erlang:'+'(A, B), apply/3, a fun erlang:'+'/2) and from the
 * interpreter's gc_bif instructions; all numeric work is arith.h's, this file
 * only turns its error reasons into exceptions.
 */
#include "arith.h"
#include "bif.h"
#include "cmp.h"

/* arith.h reports failure as THE_NON_VALUE plus a reason; raise it. */
static term ret(proc_t *p, term r, term reason)
{
    if (term_is_value(r)) return r;
    return proc_raise(p, EXC_ERROR, reason);
}

#define BINOP(cname, fn)                                                 \
    term cname(proc_t *p, const term *args)                              \
    {                                                                    \
        term reason = THE_NON_VALUE;                                     \
        term r = fn(proc_heap(p), args[0], args[1], &reason);            \
        return ret(p, r, reason);                                        \
    }

#define UNOP(cname, fn)                                                  \
    term cname(proc_t *p, const term *args)                              \
    {                                                                    \
        term reason = THE_NON_VALUE;                                     \
        term r = fn(proc_heap(p), args[0], &reason);                     \
        return ret(p, r, reason);                                        \
    }

BINOP(bif_erlang_plus_2, arith_add)
BINOP(bif_erlang_minus_2, arith_sub)
BINOP(bif_erlang_times_2, arith_mul)
BINOP(bif_erlang_div_2, arith_fdiv)
BINOP(bif_erlang_intdiv_2, arith_div)
BINOP(bif_erlang_rem_2, arith_rem)
BINOP(bif_erlang_band_2, arith_band)
BINOP(bif_erlang_bor_2, arith_bor)
BINOP(bif_erlang_bxor_2, arith_bxor)
BINOP(bif_erlang_bsl_2, arith_bsl)
BINOP(bif_erlang_bsr_2, arith_bsr)

UNOP(bif_erlang_minus_1, arith_neg)
UNOP(bif_erlang_bnot_1, arith_bnot)
UNOP(bif_erlang_float_1, arith_float)
UNOP(bif_erlang_trunc_1, arith_trunc)
UNOP(bif_erlang_round_1, arith_round)
UNOP(bif_erlang_floor_1, arith_floor)
UNOP(bif_erlang_ceil_1, arith_ceil)

/* abs/1 is a guard BIF, not an operator: a non-number is badarg, where
 * arith_abs (shared with the compiler's view of abs as arithmetic) says
 * badarith. */
term bif_erlang_abs_1(proc_t *p, const term *args)
{
    if (!term_is_number(args[0])) BIF_BADARG(p);
    term reason = THE_NON_VALUE;
    return ret(p, arith_abs(proc_heap(p), args[0], &reason), reason);
}

/* The BIF erlang:'+'/1 returns any number unchanged, -0.0 included
 * (measured: apply(erlang, '+', [-0.0]) is -0.0). Compiled `+X` is a
 * gc_bif '+'/1 instruction that OTP's loader turns into X + 0, so there
 * +(-0.0) is 0.0 (measured); that is arith_plus, and the loader must bind
 * gc_bif '+'/1 to it rather than to this function. */
term bif_erlang_plus_1(proc_t *p, const term *args)
{
    if (!term_is_number(args[0])) BIF_ERROR(p, ATOM(badarith));
    return args[0];
}

/* OTP 25's erlang.erl: min(A, B) when A > B -> B; min(A, _) -> A. So of two
 * equal numbers (1 and 1.0) the first is returned, by either function. */
term bif_erlang_min_2(proc_t *p, const term *args)
{
    (void)p;
    return cmp_terms(args[0], args[1]) > 0 ? args[1] : args[0];
}

/* max(A, B) when A < B -> B; max(A, _) -> A. */
term bif_erlang_max_2(proc_t *p, const term *args)
{
    (void)p;
    return cmp_terms(args[0], args[1]) < 0 ? args[1] : args[0];
}
