/*
 * math.c - the math module's BIFs: C's libm on doubles, with OTP's argument
 * and result checks (erl_math.c):
 *   - an argument that is not a number is badarg; an integer is converted
 *     as mixed arithmetic converts it, and one too large for a double is
 *     badarith. Arguments are converted left to right, so
 *     math:pow(1 bsl 1100, a) is badarith but math:pow(a, 1 bsl 1100) badarg.
 *   - a result that is not finite (log(0), sqrt(-1), exp(1000), fmod(1, 0))
 *     is badarith, as for every float operation in erl.
 * The result is always a float, for integer arguments too (math:floor(1) is
 * 1.0). Everything else, -0.0 included, is libm's.
 */
#include "arith.h"
#include "bif.h"

#include <math.h>

/* An argument as a double, or the exception and false. */
static bool arg(proc_t *p, term t, double *d)
{
    if (!term_is_number(t)) {
        proc_raise(p, EXC_ERROR, ATOM(badarg));
        return false;
    }
    if (!arith_to_double(t, d)) {
        proc_raise(p, EXC_ERROR, ATOM(badarith));
        return false;
    }
    return true;
}

static term result(proc_t *p, double r)
{
    term reason = THE_NON_VALUE;
    term t = arith_float_result(proc_heap(p), r, &reason);
    if (!term_is_value(t)) BIF_ERROR(p, reason);
    return t;
}

static term call1(proc_t *p, const term *args, double (*f)(double))
{
    double x;
    if (!arg(p, args[0], &x)) return THE_NON_VALUE;
    return result(p, f(x));
}

static term call2(proc_t *p, const term *args, double (*f)(double, double))
{
    double x, y;
    if (!arg(p, args[0], &x) || !arg(p, args[1], &y)) return THE_NON_VALUE;
    return result(p, f(x, y));
}

#define MATH1(name) \
    term bif_math_##name##_1(proc_t *p, const term *args) { return call1(p, args, name); }
#define MATH2(name) \
    term bif_math_##name##_2(proc_t *p, const term *args) { return call2(p, args, name); }

MATH1(sin)
MATH1(cos)
MATH1(tan)
MATH1(asin)
MATH1(acos)
MATH1(atan)
MATH1(sinh)
MATH1(cosh)
MATH1(tanh)
MATH1(asinh)
MATH1(acosh)
MATH1(atanh)
MATH1(exp)
MATH1(log)
MATH1(log2)
MATH1(log10)
MATH1(sqrt)
MATH1(erf)
MATH1(erfc)
MATH1(ceil)
MATH1(floor)
MATH2(atan2)
MATH2(pow)
MATH2(fmod)
