/*
 * big.h - integers: small (immediate) and bignums stored on a heap as GMP
 * limbs (the mpn_* layer; no mpz objects, no malloc per number).
 *
 * Every constructor returns a small when the value fits, so a bignum term is
 * never in small range (OTP's invariant; equality depends on it).
 */
#ifndef LASER_BIG_H
#define LASER_BIG_H

#include "heap.h"

/* Words needed for a bignum of n limbs (header + limbs). */
static inline size_t big_words(size_t nlimbs) { return 1 + nlimbs; }

term big_from_int64(heap_t *h, int64_t v);
term big_from_uint64(heap_t *h, uint64_t v);
/* From n little-endian limbs and a sign; strips leading zero limbs and
 * returns a small if it fits. */
term big_from_limbs(heap_t *h, const uint64_t *limbs, size_t n, bool neg);
/* From little-endian bytes (ETF SMALL_BIG_EXT/LARGE_BIG_EXT payload). */
term big_from_bytes_le(heap_t *h, const uint8_t *bytes, size_t n, bool neg);

/* Integer term (small or big) to int64; false if out of range. */
bool int_to_int64(term t, int64_t *out);
/* Integer term to double as OTP does (float/1); false on overflow (badarg). */
bool int_to_double(term t, double *out);
/* Compare two integer terms: -1, 0, 1. */
int int_compare(term a, term b);
/* Compare an integer and a float the way OTP's term order does. */
int int_float_compare(term i, double f);
/* Integer term to text in the given base (2..36), upper-case digits as
 * integer_to_list/2; returns a malloc'd NUL-terminated string. */
char *int_to_text(term t, unsigned base);
/* Parse text (optional sign, digits in base) into an integer term; false if
 * the text is not a valid integer. */
bool int_from_text(heap_t *h, const char *s, size_t n, unsigned base, term *out);

#endif
