/*
 * arith.h - the numeric core behind Erlang's arithmetic operators and BIFs:
 * + - * / div rem, unary - and abs, band bor bxor bnot bsl bsr, on any mix of
 * small integers, bignums and floats, with OTP 25's results and errors.
 *
 * Every function builds its result on the given heap and returns it. Errors
 * are returned, not raised (the exception machinery comes later): on failure
 * a function returns THE_NON_VALUE and stores the reason in *reason, the atom
 * badarith (bad operand, division by zero, a float result that is not
 * finite, an integer too large to convert to a float) or system_limit (an
 * integer result larger than ARITH_MAX_LIMBS limbs, as erl's
 * 1 bsl (1 bsl 40)).
 *
 * Integer results keep big.h's invariant: a value in small range is always a
 * small, never a bignum.
 */
#ifndef LASER_ARITH_H
#define LASER_ARITH_H

#include "heap.h"

/* OTP 25 on 64-bit: a bignum has at most BIG_ARITY_MAX = 2^19 - 1 digits of
 * 64 bits, so 1 bsl 33554367 is the largest power of two erl can build
 * (measured: 1 bsl 33554368 raises system_limit). */
#define ARITH_MAX_LIMBS ((size_t)(1u << 19) - 1)

term arith_add(heap_t *h, term a, term b, term *reason);
term arith_sub(heap_t *h, term a, term b, term *reason);
term arith_mul(heap_t *h, term a, term b, term *reason);
/* '/': always a float, badarith on a zero divisor. */
term arith_fdiv(heap_t *h, term a, term b, term *reason);
/* div and rem: integers only, truncating towards zero; rem has the sign of
 * the dividend. */
term arith_div(heap_t *h, term a, term b, term *reason);
term arith_rem(heap_t *h, term a, term b, term *reason);
/* Unary minus and plus, abs/1. As measured in erl: -(0.0) is -0.0,
 * abs(-0.0) stays -0.0, and unary plus is A + 0 (erl's stack trace shows
 * '+'(A, 0)), so +(-0.0) is 0.0. */
term arith_neg(heap_t *h, term a, term *reason);
term arith_plus(heap_t *h, term a, term *reason);
term arith_abs(heap_t *h, term a, term *reason);
/* Bitwise operators on integers with two's complement semantics. */
term arith_band(heap_t *h, term a, term b, term *reason);
term arith_bor(heap_t *h, term a, term b, term *reason);
term arith_bxor(heap_t *h, term a, term b, term *reason);
term arith_bnot(heap_t *h, term a, term *reason);
/* Shifts; a negative count shifts the other way, bsr rounds towards minus
 * infinity (-1 bsr 1000 = -1). */
term arith_bsl(heap_t *h, term a, term b, term *reason);
term arith_bsr(heap_t *h, term a, term b, term *reason);
/* Integer power Base^Exp for Exp >= 0 (math:pow is a float function; this
 * is for integer_pow-style helpers and constant folding). badarith on a
 * negative exponent or a non-integer. */
term arith_int_pow(heap_t *h, term base, term exp, term *reason);

/* trunc/1, round/1, floor/1, ceil/1: integers pass through, floats become
 * the exact integer (a bignum beyond small range); round halves away from
 * zero (round(-2.5) = -3, round(0.49999999999999994) = 0). Anything else is
 * badarg, as these are BIFs rather than operators. */
term arith_trunc(heap_t *h, term a, term *reason);
term arith_round(heap_t *h, term a, term *reason);
term arith_floor(heap_t *h, term a, term *reason);
term arith_ceil(heap_t *h, term a, term *reason);
/* The integer value of an integral finite double. */
term arith_from_integral_double(heap_t *h, double d);

/* list_to_integer/1,2 on a list term (base 2..36): false means badarg.
 * Measured erl quirks it keeps: a leading '+' or '-' must be exactly that
 * character, but every other element may be any small integer of which only
 * the low byte counts (list_to_integer([16#661, 16#662], 16) is 16#AB,
 * [-208] is 0); a non-small element or an improper list is badarg. */
bool arith_list_to_integer(heap_t *h, term list, unsigned base, term *out);

/* float/1: a float is returned as is, an integer converted with OTP's
 * rounding; badarg for anything else or an integer beyond the doubles. */
term arith_float(heap_t *h, term a, term *reason);
/* A float result of a float function (math:*, the JIT's unboxed float
 * operations): badarith unless it is finite, as erl checks every float
 * operation. */
term arith_float_result(heap_t *h, double d, term *reason);

/* Numeric order of two numbers (integers and floats mixed), -1/0/1, as
 * == and < compare them: 1 == 1.0. Both must be numbers. */
int arith_compare(term a, term b);
/* A number as a double the way mixed arithmetic converts it (bignums by
 * float/1's rounding); false if it is too large (badarith). */
bool arith_to_double(term a, double *out);

/* Fast paths on tagged smalls for the interpreter and the JIT: they never
 * allocate and return false when an operand is not a small or the result
 * leaves small range, in which case the general function above is called. */
static inline bool arith_small_add(term a, term b, term *out)
{
    int64_t r;
    if (!term_is_small(a) || !term_is_small(b)) return false;
    /* (va<<4 | 15) - 15 + (vb<<4 | 15) = (va+vb)<<4 | 15, and the 64-bit
     * addition overflows exactly when va+vb leaves the 60-bit range */
    if (__builtin_add_overflow((int64_t)(a - TAG_IMMED1_SMALL), (int64_t)b, &r)) return false;
    *out = (term)r;
    return true;
}

static inline bool arith_small_sub(term a, term b, term *out)
{
    int64_t r;
    if (!term_is_small(a) || !term_is_small(b)) return false;
    if (__builtin_sub_overflow((int64_t)a, (int64_t)(b - TAG_IMMED1_SMALL), &r)) return false;
    *out = (term)r;
    return true;
}

static inline bool arith_small_mul(term a, term b, term *out)
{
    int64_t r;
    if (!term_is_small(a) || !term_is_small(b)) return false;
    /* va * (vb<<4) overflows 64 bits exactly when va*vb leaves 60 bits */
    if (__builtin_mul_overflow(term_to_small(a), (int64_t)(b - TAG_IMMED1_SMALL), &r)) return false;
    *out = (term)r | TAG_IMMED1_SMALL;
    return true;
}

#endif
