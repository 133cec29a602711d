/*
 * big.c - integers: construction of normalised bignums on a heap_t,
 * conversions (int64, double, text), and comparison of integers with each
 * other and with floats (see big.h).
 *
 * A bignum is a boxed header (HDR_POS_BIG / HDR_NEG_BIG, arity = number of
 * limbs) followed by the magnitude as 64-bit GMP limbs, least significant
 * first. Invariants every function here keeps and relies on:
 *   - the most significant limb is non-zero;
 *   - the value is outside small range (MIN_SMALL..MAX_SMALL), so an
 *     integer has exactly one representation and =:= can compare words.
 * Arithmetic on limbs goes through GMP's mpn_* layer only: mpn functions
 * work on caller-provided memory, so nothing here mallocs per number except
 * the temporary buffers of the text conversions.
 */
#include "big.h"

#include <gmp.h>
#include <math.h>
#include <stdlib.h>

_Static_assert(sizeof(mp_limb_t) == sizeof(uint64_t) && GMP_NUMB_BITS == 64,
               "bignum limbs are stored as 64-bit GMP limbs without nails");

/* Sign and magnitude of any integer term, without allocating: a small's
 * magnitude lives in the view itself. n == 0 means zero. */
typedef struct {
    const uint64_t *d;
    size_t n;
    bool neg;
    uint64_t one; /* storage for a small's magnitude */
} int_view_t;

static void int_view(term t, int_view_t *v)
{
    if (term_is_small(t)) {
        int64_t s = term_to_small(t);
        v->neg = s < 0;
        /* |MIN_SMALL| = 2^59 fits easily; no overflow on negation */
        v->one = v->neg ? (uint64_t)(-s) : (uint64_t)s;
        v->d = &v->one;
        v->n = v->one != 0;
    } else {
        v->neg = term_big_is_neg(t);
        v->d = term_big_digits(t);
        v->n = term_big_size(t);
    }
}

/* True if the magnitude m with the given sign is a small. */
static bool mag_fits_small(uint64_t m, bool neg)
{
    return neg ? m <= (uint64_t)MAX_SMALL + 1 : m <= (uint64_t)MAX_SMALL;
}

static term small_from_mag(uint64_t m, bool neg)
{
    return term_from_small(neg ? -(int64_t)m : (int64_t)m);
}

/* Allocate a bignum of n limbs (n >= 1, caller fills the limbs and
 * guarantees normalisation). */
static uint64_t *big_alloc(heap_t *h, size_t n, bool neg, term *out)
{
    term *p = heap_alloc(h, big_words(n));
    p[0] = hdr_make(n, neg ? HDR_NEG_BIG : HDR_POS_BIG);
    *out = term_from_boxed_ptr(p);
    return (uint64_t *)(p + 1);
}

term big_from_limbs(heap_t *h, const uint64_t *limbs, size_t n, bool neg)
{
    while (n > 0 && limbs[n - 1] == 0) n--;
    if (n == 0) return term_from_small(0);
    if (n == 1 && mag_fits_small(limbs[0], neg)) return small_from_mag(limbs[0], neg);
    term t;
    uint64_t *d = big_alloc(h, n, neg, &t);
    memcpy(d, limbs, n * sizeof *d);
    return t;
}

term big_from_uint64(heap_t *h, uint64_t v) { return big_from_limbs(h, &v, 1, false); }

term big_from_int64(heap_t *h, int64_t v)
{
    if (small_fits(v)) return term_from_small(v);
    /* unsigned negation is defined for INT64_MIN too */
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
    return big_from_limbs(h, &m, 1, v < 0);
}

term big_from_bytes_le(heap_t *h, const uint8_t *bytes, size_t n, bool neg)
{
    while (n > 0 && bytes[n - 1] == 0) n--;
    size_t nl = (n + 7) / 8;
    if (nl <= 1) {
        uint64_t m = 0;
        for (size_t i = 0; i < n; i++) m |= (uint64_t)bytes[i] << (8 * i);
        return big_from_limbs(h, &m, 1, neg);
    }
    /* two or more limbs with a non-zero top byte: never in small range */
    term t;
    uint64_t *d = big_alloc(h, nl, neg, &t);
    memset(d, 0, nl * sizeof *d);
    for (size_t i = 0; i < n; i++) d[i / 8] |= (uint64_t)bytes[i] << (8 * (i % 8));
    return t;
}

bool int_to_int64(term t, int64_t *out)
{
    if (term_is_small(t)) {
        *out = term_to_small(t);
        return true;
    }
    if (!term_is_big(t) || term_big_size(t) != 1) return false;
    uint64_t m = term_big_digits(t)[0];
    if (term_big_is_neg(t)) {
        if (m > (uint64_t)INT64_MAX + 1) return false;
        *out = (int64_t)(0 - m); /* wraps to INT64_MIN for 2^63, as intended */
        return true;
    }
    if (m > (uint64_t)INT64_MAX) return false;
    *out = (int64_t)m;
    return true;
}

/*
 * OTP's float/1 on a bignum (big_to_double in big.c) is Horner's rule in
 * doubles, most significant limb first: d = d * 2^64 + (double)limb. Each
 * step rounds, so the result is not always the correctly rounded value
 * (float(2^64 + 2^63 + 2^11 + 1) rounds down in erl), and we must round the
 * same way to print the same floats. Overflow to infinity at any step is
 * badarg. The multiplication by 2^64 is exact, so contraction to an FMA
 * could not change the result either.
 */
bool int_to_double(term t, double *out)
{
    if (term_is_small(t)) {
        *out = (double)term_to_small(t);
        return true;
    }
    if (!term_is_big(t)) return false;
    const uint64_t *d = term_big_digits(t);
    size_t n = term_big_size(t);
    double r = 0.0;
    while (n-- > 0) {
        r = r * 18446744073709551616.0 + (double)d[n];
        if (!isfinite(r)) return false;
    }
    *out = term_big_is_neg(t) ? -r : r;
    return true;
}

/* Compare magnitudes. */
static int mag_compare(const uint64_t *a, size_t an, const uint64_t *b, size_t bn)
{
    if (an != bn) return an < bn ? -1 : 1;
    if (an == 0) return 0;
    int c = mpn_cmp((mp_srcptr)a, (mp_srcptr)b, (mp_size_t)an);
    return (c > 0) - (c < 0);
}

int int_compare(term a, term b)
{
    if (term_is_small(a) && term_is_small(b)) {
        int64_t x = term_to_small(a), y = term_to_small(b);
        return (x > y) - (x < y);
    }
    int_view_t x, y;
    int_view(a, &x);
    int_view(b, &y);
    int sx = x.n == 0 ? 0 : x.neg ? -1 : 1;
    int sy = y.n == 0 ? 0 : y.neg ? -1 : 1;
    if (sx != sy) return sx < sy ? -1 : 1;
    int c = mag_compare(x.d, x.n, y.d, y.n);
    return x.neg ? -c : c;
}

/*
 * OTP's term order compares an integer with a float exactly (mixed_types in
 * erts_cmp_compound: small vs float within 2^53 by conversion, beyond that
 * through the integer value of the float or by bignum size), so we compute
 * the exact mathematical comparison: 2^53 + 1 > 9007199254740992.0.
 * Erlang floats are always finite; an infinity still orders correctly and a
 * NaN compares as greater than every integer rather than crashing.
 */
int int_float_compare(term i, double f)
{
    if (isnan(f)) return -1;
    int_view_t v;
    int_view(i, &v);
    int si = v.n == 0 ? 0 : v.neg ? -1 : 1;
    int sf = f > 0.0 ? 1 : f < 0.0 ? -1 : 0;
    if (si != sf) return si < sf ? -1 : 1;
    if (si == 0) return 0;
    double af = fabs(f);
    if (isinf(af)) return -si;
    /* compare magnitudes |i| and af, then apply the common sign */
    int c;
    int ex;
    double fr = frexp(af, &ex); /* af = fr * 2^ex, 0.5 <= fr < 1 */
    size_t ibits = v.n * 64 - (size_t)__builtin_clzll(v.d[v.n - 1]);
    if (ex <= 0) {
        c = 1; /* af < 1 <= |i| */
    } else if ((size_t)ex != ibits) {
        c = ibits < (size_t)ex ? -1 : 1;
    } else if (ex <= 64) {
        /* both fit in one limb; af may have a fraction when ex < 53 */
        uint64_t ip = (uint64_t)af; /* truncation, exact for af < 2^64 */
        uint64_t m = v.d[0];
        if (m != ip) c = m < ip ? -1 : 1;
        else c = af > (double)ip ? -1 : 0; /* (double)ip is exact: ip has <= 53 significant bits */
    } else {
        /* ex > 64: af is an integer; build it as limbs: mantissa << (ex - 53) */
        uint64_t mant = (uint64_t)ldexp(fr, 53);
        unsigned shift = (unsigned)ex - 53;
        uint64_t fl[17] = {0}; /* finite doubles have ex <= 1024: at most 17 limbs */
        size_t fn = (size_t)ex / 64 + 1;
        if (fn > 17) fn = 17;
        fl[shift / 64] = mant << (shift % 64);
        if (shift % 64 != 0 && shift / 64 + 1 < 17) fl[shift / 64 + 1] = mant >> (64 - shift % 64);
        while (fn > 0 && fl[fn - 1] == 0) fn--;
        c = mag_compare(v.d, v.n, fl, fn);
    }
    return si < 0 ? -c : c;
}

static const char digit_chars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

char *int_to_text(term t, unsigned base)
{
    if (base < 2 || base > 36 || !term_is_integer(t)) return NULL;
    int_view_t v;
    int_view(t, &v);
    if (v.n <= 1) {
        uint64_t m = v.n ? v.d[0] : 0;
        char buf[66];
        size_t pos = sizeof buf;
        buf[--pos] = '\0';
        do {
            buf[--pos] = digit_chars[m % base];
            m /= base;
        } while (m != 0);
        if (v.neg) buf[--pos] = '-';
        size_t len = sizeof buf - pos;
        char *s = malloc(len);
        if (!s) laser_oom("integer text", len);
        memcpy(s, buf + pos, len);
        return s;
    }
    /* mpn_get_str clobbers its input (for bases that are not powers of 2)
     * and needs room for the largest n-limb number plus one character:
     * 64 * n digits in base 2 is the worst case. */
    size_t cap = v.n * 64 + 1;
    mp_limb_t *tmp = malloc((v.n + 1) * sizeof *tmp);
    unsigned char *raw = malloc(cap);
    char *s = malloc(cap + 2);
    if (!tmp || !raw || !s) laser_oom("integer text", cap);
    memcpy(tmp, v.d, v.n * sizeof *tmp);
    size_t len = mpn_get_str(raw, (int)base, tmp, (mp_size_t)v.n);
    size_t skip = 0;
    while (skip + 1 < len && raw[skip] == 0) skip++; /* mpn_get_str may emit leading zeros */
    size_t pos = 0;
    if (v.neg) s[pos++] = '-';
    for (size_t i = skip; i < len; i++) s[pos++] = digit_chars[raw[i]];
    s[pos] = '\0';
    free(tmp);
    free(raw);
    return s;
}

static int digit_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* list_to_integer/2: an optional sign, then one or more digits of the base
 * (either case); nothing else, not even white space. */
bool int_from_text(heap_t *h, const char *s, size_t n, unsigned base, term *out)
{
    if (base < 2 || base > 36) return false;
    size_t i = 0;
    bool neg = false;
    if (n > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == n) return false;
    for (size_t k = i; k < n; k++)
        if (digit_value((unsigned char)s[k]) >= (int)base) return false;
    while (i < n && s[i] == '0') i++; /* mpn_set_str wants a non-zero first digit */
    size_t nd = n - i;
    /* fast path: accumulate in 64 bits while it cannot overflow */
    uint64_t acc = 0;
    size_t k = i;
    for (; k < n; k++) {
        uint64_t next;
        if (__builtin_mul_overflow(acc, (uint64_t)base, &next) ||
            __builtin_add_overflow(next, (uint64_t)digit_value((unsigned char)s[k]), &next))
            break;
        acc = next;
    }
    if (k == n) {
        *out = big_from_limbs(h, &acc, 1, neg);
        return true;
    }
    /* ceil(log2(36)) = 6 bits per digit bound the size; GMP's own callers
     * reserve two extra limbs */
    size_t rn_max = nd * 6 / 64 + 2;
    unsigned char *dig = malloc(nd);
    mp_limb_t *rp = malloc(rn_max * sizeof *rp);
    if (!dig || !rp) laser_oom("integer from text", nd);
    for (size_t j = 0; j < nd; j++) dig[j] = (unsigned char)digit_value((unsigned char)s[i + j]);
    mp_size_t rn = mpn_set_str(rp, dig, nd, (int)base);
    *out = big_from_limbs(h, (const uint64_t *)rp, (size_t)rn, neg);
    free(dig);
    free(rp);
    return true;
}
