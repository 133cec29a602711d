/*
 * flt.c - float formatting and parsing with OTP 25's exact output (flt.h).
 *
 * Everything that prints digits works from exact values, computed with
 * GMP's mpn layer on small fixed arrays: a finite double is M * 2^E, and its
 * decimal expansion is finite (at most 767 significant digits), so rounding
 * at any position, ties included, is decided exactly.
 *
 *   flt_shortest   Ryu's specification evaluated exactly: the candidates
 *                  are the decimals inside the rounding interval of d; digits
 *                  are removed while the interval still holds a shorter
 *                  decimal, and the last one is rounded half-even. Ryu gets
 *                  the same answer with 128-bit tables; we scale with
 *                  bignums instead, which is slower but easy to trust.
 *   flt_printf_e/f the "%.*e" / "%.*f" that erl takes from the C library
 *                  (glibc rounds the exact value, ties to even).
 *   decimals       erl's own fixed-point code for small values, which rounds
 *                  in double arithmetic (see fixed_fast).
 */
#define _GNU_SOURCE /* strtod_l */
#include "flt.h"

#include <gmp.h>
#include <locale.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "atom.h"
#include "bin.h"

/* Limbs enough for any scaled value here: 5^1100 * 2^64 is under 2700 bits,
 * 2^1100 * 2^64 likewise. */
#define NL 48

/* ---- small exact arithmetic on fixed limb arrays ---- */

typedef struct {
    mp_limb_t d[NL];
    mp_size_t n; /* significant limbs; 0 for zero */
} num_t;

static void num_set(num_t *x, uint64_t v)
{
    x->d[0] = v;
    x->n = v != 0;
}

static void num_mul_1(num_t *x, uint64_t m)
{
    if (x->n == 0) return;
    mp_limb_t c = mpn_mul_1(x->d, x->d, x->n, m);
    if (c) x->d[x->n++] = c;
}

/* x *= 5^k */
static void num_mul_pow5(num_t *x, unsigned k)
{
    static const uint64_t pow5_27 = UINT64_C(7450580596923828125); /* 5^27 < 2^64 */
    for (; k >= 27; k -= 27) num_mul_1(x, pow5_27);
    uint64_t m = 1;
    while (k--) m *= 5;
    num_mul_1(x, m);
}

/* x <<= k */
static void num_shl(num_t *x, unsigned k)
{
    if (x->n == 0) return;
    unsigned limbs = k / 64, bits = k % 64;
    mp_limb_t top = 0;
    if (bits) top = mpn_lshift(x->d, x->d, x->n, bits);
    if (limbs) {
        memmove(x->d + limbs, x->d, (size_t)x->n * sizeof x->d[0]);
        memset(x->d, 0, limbs * sizeof x->d[0]);
    }
    x->n += limbs;
    if (top) x->d[x->n++] = top;
}

/*
 * floor(X * 2^p2 * 5^p5) for a 64-bit X, and whether it is exact; UINT64_MAX
 * when it does not fit 64 bits (the caller then picks a coarser scale).
 */
static uint64_t scaled_floor(uint64_t x, int p2, int p5, bool *exact)
{
    num_t num, den;
    num_set(&num, x);
    num_set(&den, 1);
    if (p5 >= 0) num_mul_pow5(&num, (unsigned)p5);
    else num_mul_pow5(&den, (unsigned)-p5);
    if (p2 >= 0) num_shl(&num, (unsigned)p2);
    else num_shl(&den, (unsigned)-p2);
    if (num.n < den.n) {
        *exact = num.n == 0;
        return 0;
    }
    mp_limb_t q[NL + 1], r[NL];
    mpn_tdiv_qr(q, r, 0, num.d, num.n, den.d, den.n);
    mp_size_t qn = num.n - den.n + 1;
    while (qn > 0 && q[qn - 1] == 0) qn--;
    *exact = mpn_zero_p(r, den.n);
    if (qn > 1) return UINT64_MAX;
    return qn ? q[0] : 0;
}

static unsigned decimal_length(uint64_t v)
{
    unsigned n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

/* ---- shortest round trip ---- */

void flt_shortest(double d, uint64_t *digits, int *exp10)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    uint64_t ieee_m = bits & ((UINT64_C(1) << 52) - 1);
    unsigned ieee_e = (unsigned)(bits >> 52) & 0x7FF;
    uint64_t m2;
    int e2;
    if (ieee_e == 0) {
        m2 = ieee_m;
        e2 = 1 - 1075;
    } else {
        m2 = ieee_m | (UINT64_C(1) << 52);
        e2 = (int)ieee_e - 1075;
    }
    /* The rounding interval, in units of 2^(e2-2): [mm, mp] around mv. It is
     * symmetric except just above a power of two, where the double below is
     * closer (Ryu's mmShift). Its ends belong to it when m2 is even (reading
     * back rounds ties to even). */
    bool accept = (m2 & 1) == 0;
    uint64_t mv = 4 * m2, mp = 4 * m2 + 2;
    uint64_t mm = 4 * m2 - 1 - (ieee_m != 0 || ieee_e <= 1);
    int e = e2 - 2;
    /* Pick the decimal scale q so that floor(mp * 2^e / 10^q) has 18 or 19
     * digits: then the interval spans at least ~40 units of the scale (it is
     * wider than 2^-54 of the value), so the first step below always removes
     * a digit and the rounding sees every digit of the exact value. */
    int bl = 64 - __builtin_clzll(mp);
    int q = (int)floor((double)(bl - 1 + e) * 0.30102999566398120) - 18;
    uint64_t vr, vp, vm;
    bool vr_exact, vp_exact, vm_exact;
    for (;;) {
        vp = scaled_floor(mp, e - q, -q, &vp_exact);
        if (vp >= UINT64_C(10000000000000000000)) { /* 10^19 (or too big): estimate one too low */
            q++;
            continue;
        }
        if (vp < UINT64_C(100000000000000000)) { /* 10^17 */
            q--;
            continue;
        }
        break;
    }
    vr = scaled_floor(mv, e - q, -q, &vr_exact);
    vm = scaled_floor(mm, e - q, -q, &vm_exact);
    if (!accept && vp_exact) vp--; /* the upper end itself is excluded */
    bool vm_zeros = accept && vm_exact; /* vm is exactly the (included) lower end */
    bool vr_zeros = vr_exact;           /* no non-zero digit below vr so far */
    unsigned last = 0;                  /* the last digit removed from vr */
    int removed = 0;
    /* remove digits while a shorter decimal still lies in [vm, vp] */
    while (vp / 10 > vm / 10) {
        vm_zeros &= vm % 10 == 0;
        vr_zeros &= last == 0;
        last = (unsigned)(vr % 10);
        vr /= 10;
        vp /= 10;
        vm /= 10;
        removed++;
    }
    /* the lower end is itself a shorter decimal: keep shortening on it */
    if (vm_zeros) {
        while (vm % 10 == 0) {
            vr_zeros &= last == 0;
            last = (unsigned)(vr % 10);
            vr /= 10;
            vp /= 10;
            vm /= 10;
            removed++;
        }
    }
    /* exactly half way: round to even */
    if (vr_zeros && last == 5 && vr % 2 == 0) last = 4;
    uint64_t out = vr + ((vr == vm && (!accept || !vm_zeros)) || last >= 5);
    /* no trailing zero is possible here: a multiple of ten inside the
     * interval would have let the loops above remove another digit */
    *digits = out;
    *exp10 = q + removed;
}

/*
 * OTP 25's layout of the shortest digits D (n of them) times 10^E (its Ryu
 * to_chars, changed for Erlang): fixed notation when E is in a window,
 * with ".0" after integers; otherwise d.ddde[-]X with at least one digit
 * after the point and no '+' in the exponent. The window, measured against
 * erl on 31,000 doubles (test_flt.c):
 *   n == 1:                 -4 <= E <= 2   (0.0001 and 100.0; 1.0e-5, 1.0e3)
 *   n > 1, exponent < 10:   -(n+2) <= E <= 1   (0.001234, 12340.0; 1.234e-4, 1.234e5)
 *   n > 1, exponent >= 10:  -(n+2) <= E <= 2   (123456789012.0)
 * where the exponent is that of scientific notation, E + n - 1; and no
 * integer of 2^53 or more is printed in fixed notation (9.007199254740992e15).
 */
int flt_format_short(double d, char buf[32])
{
    char *p = buf;
    if (signbit(d)) *p++ = '-';
    if (d == 0.0) {
        memcpy(p, "0.0", 4);
        return (int)(p - buf) + 3;
    }
    uint64_t out;
    int e;
    flt_shortest(d, &out, &e);
    int olen = (int)decimal_length(out);
    int sci = e + olen - 1;
    int lower, upper;
    if (olen == 1) {
        lower = -4;
        upper = 2;
    } else {
        lower = -(olen + 2);
        upper = sci >= 10 ? 2 : 1;
    }
    bool fixed = lower <= e && e <= upper;
    /* integers of 2^53 and beyond are printed in scientific notation */
    if (fixed && ((e == 0 && out >= (UINT64_C(1) << 53)) || (e == 1 && out > (UINT64_C(1) << 52) / 5) ||
                  (e == 2 && out > (UINT64_C(1) << 51) / 25)))
        fixed = false;
    char dig[24];
    snprintf(dig, sizeof dig, "%llu", (unsigned long long)out);
    if (fixed) {
        if (e >= 0) { /* 17290.0 */
            memcpy(p, dig, (size_t)olen);
            p += olen;
            memset(p, '0', (size_t)e);
            p += e;
            memcpy(p, ".0", 2);
            p += 2;
        } else if (olen + e > 0) { /* 17.29 */
            int whole = olen + e;
            memcpy(p, dig, (size_t)whole);
            p += whole;
            *p++ = '.';
            memcpy(p, dig + whole, (size_t)(olen - whole));
            p += olen - whole;
        } else { /* 0.001729 */
            *p++ = '0';
            *p++ = '.';
            memset(p, '0', (size_t)-(olen + e));
            p += -(olen + e);
            memcpy(p, dig, (size_t)olen);
            p += olen;
        }
    } else {
        *p++ = dig[0];
        *p++ = '.';
        if (olen > 1) {
            memcpy(p, dig + 1, (size_t)(olen - 1));
            p += olen - 1;
        } else {
            *p++ = '0';
        }
        p += sprintf(p, "e%d", sci);
    }
    *p = '\0';
    return (int)(p - buf);
}

/* ---- exact decimal expansion ---- */

/* |d| = 0.dig[0]dig[1]...dig[n-1] * 10^point, digits as 0..9, no trailing
 * zeros; n == 0 for zero. At most 767 significant digits. */
typedef struct {
    unsigned char dig[800];
    int n;
    int point;
} expansion_t;

static void expand(double d, expansion_t *x)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
    unsigned ieee_e = (unsigned)(bits >> 52) & 0x7FF;
    int e;
    if (ieee_e == 0) e = 1 - 1075;
    else {
        m |= UINT64_C(1) << 52;
        e = (int)ieee_e - 1075;
    }
    x->n = 0;
    x->point = 0;
    if (m == 0) return;
    /* drop factors of two so that the integer below is as small as can be */
    int tz = __builtin_ctzll(m);
    m >>= tz;
    e += tz;
    num_t v;
    num_set(&v, m);
    int frac = 0; /* decimal digits after the point */
    if (e >= 0) num_shl(&v, (unsigned)e);
    else {
        num_mul_pow5(&v, (unsigned)-e); /* m / 2^k = m * 5^k / 10^k */
        frac = -e;
    }
    mp_limb_t tmp[NL + 1];
    memcpy(tmp, v.d, (size_t)v.n * sizeof tmp[0]);
    size_t len = mpn_get_str(x->dig, 10, tmp, v.n);
    size_t skip = 0;
    while (skip < len && x->dig[skip] == 0) skip++;
    memmove(x->dig, x->dig + skip, len - skip);
    len -= skip;
    while (len > 0 && x->dig[len - 1] == 0) {
        len--;
        frac--;
    }
    x->n = (int)len;
    x->point = (int)len - frac;
}

/*
 * Round x to its first k digits (k may be 0 or negative: then the value is
 * rounded at a position left of its first digit), ties to even, and write
 * the kept digits to out (kept = max(k, 0) digits, padded with zeros).
 * Returns how much the decimal point moved (1 when 99.9 became 100).
 */
static int round_at(const expansion_t *x, int k, unsigned char *out)
{
    int kept = k > 0 ? k : 0;
    for (int i = 0; i < kept; i++) out[i] = i < x->n ? x->dig[i] : 0;
    if (k >= x->n) return 0; /* nothing dropped */
    bool up;
    if (k < 0) up = false; /* below half a unit of that position */
    else {
        unsigned first = x->dig[k];
        if (first != 5) up = first > 5;
        else {
            bool rest = k + 1 < x->n; /* digits are trimmed: any digit after is non-zero */
            unsigned prev = k > 0 ? out[k - 1] : 0;
            up = rest || (prev & 1);
        }
    }
    if (!up) return 0;
    int i = kept - 1;
    while (i >= 0 && out[i] == 9) out[i--] = 0;
    if (i >= 0) {
        out[i]++;
        return 0;
    }
    /* carried out of the first digit: 1 followed by zeros, one place left */
    if (kept > 0) {
        out[0] = 1;
        for (int j = 1; j < kept; j++) out[j] = 0;
    }
    return 1;
}

int flt_printf_e(double d, int prec, char *buf, size_t cap)
{
    if (cap > FLT_PRINTF_MAX) cap = FLT_PRINTF_MAX;
    if (prec < 0) prec = 6;
    /* sign, digit, point, digits, "e+XX" or "e+XXX" */
    size_t need = (signbit(d) ? 1u : 0u) + 1 + (prec > 0 ? 1 + (size_t)prec : 0) + 4;
    if (need >= cap) return -1;
    expansion_t x;
    expand(d, &x);
    unsigned char dig[FLT_PRINTF_MAX];
    int ex = 0;
    if (x.n == 0) memset(dig, 0, (size_t)prec + 1);
    else {
        int moved = round_at(&x, prec + 1, dig);
        ex = x.point - 1 + moved;
    }
    int aex = ex < 0 ? -ex : ex;
    if (aex >= 100) need++;
    if (need >= cap) return -1;
    char *p = buf;
    if (signbit(d)) *p++ = '-';
    *p++ = (char)('0' + dig[0]);
    if (prec > 0) {
        *p++ = '.';
        for (int i = 1; i <= prec; i++) *p++ = (char)('0' + dig[i]);
    }
    p += sprintf(p, "e%c%02d", ex < 0 ? '-' : '+', aex);
    return (int)(p - buf);
}

int flt_printf_f(double d, int prec, char *buf, size_t cap)
{
    if (cap > FLT_PRINTF_MAX) cap = FLT_PRINTF_MAX;
    if (prec < 0) prec = 6;
    if ((size_t)prec + 2 >= cap) return -1; /* "0." and the decimals alone do not fit */
    expansion_t x;
    expand(d, &x);
    /* keep the digits down to 10^-prec: point + prec of them */
    int k = x.n == 0 ? 0 : x.point + prec;
    unsigned char dig[FLT_PRINTF_MAX + 400]; /* k <= 309 integer digits + prec */
    int moved = 0;
    if (x.n != 0) moved = round_at(&x, k, dig);
    int point = x.point + moved;
    int kept = k > 0 ? k : 0;
    /* a carry from k <= 0 makes the value 10^-prec: "0.0...1" */
    bool tiny_up = x.n != 0 && k <= 0 && moved;
    int intdigits = point > 0 && !tiny_up ? point : 1;
    size_t need = (signbit(d) ? 1u : 0u) + (size_t)intdigits + (prec > 0 ? 1 + (size_t)prec : 0);
    if (need >= cap) return -1;
    char *p = buf;
    if (signbit(d)) *p++ = '-';
    /* digit at decimal position j (10^(point-1-j) place) */
    if (tiny_up) {
        *p++ = prec == 0 ? '1' : '0';
        if (prec > 0) {
            *p++ = '.';
            for (int i = 1; i < prec; i++) *p++ = '0';
            *p++ = '1';
        }
        *p = '\0';
        return (int)(p - buf);
    }
    for (int i = 0; i < intdigits; i++) {
        int j = i - (intdigits - point); /* index into dig */
        *p++ = (char)('0' + (j >= 0 && j < kept ? dig[j] : 0));
    }
    if (prec > 0) {
        *p++ = '.';
        for (int i = 0; i < prec; i++) {
            int j = point + i;
            *p++ = (char)('0' + (j >= 0 && j < kept ? dig[j] : 0));
        }
    }
    *p = '\0';
    return (int)(p - buf);
}

/* ---- float_to_list/2 ---- */

/* erl strips zeros from the end of its fixed output, then gives one back if
 * it reached the point ("1.0"); without a point it strips integer zeros
 * (float_to_list(1.0e16, [{decimals, 0}, compact]) is "1"). */
static int strip_zeros(char *buf, int len)
{
    char *p = buf + len;
    while (p > buf && p[-1] == '0') p--;
    if (p > buf && p[-1] == '.') p++;
    *p = '\0';
    return (int)(p - buf);
}

/*
 * erl's fixed notation for |d| <= 2^53 and up to 18 decimals: the integer
 * part is floor(|d|), the fraction round(frac * 10^decimals) in doubles
 * (halves away from zero, after the product's own rounding), so it differs
 * from "%.*f" on ties and near-ties (0.125 -> "0.13"). The sign is printed
 * for any negative zero or value that rounds to zero ("-0.00").
 */
static int fixed_fast(double d, int decimals, bool compact, char *buf)
{
    static const double pow10[19] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
                                     1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    double af = fabs(d);
    uint64_t ip, fp = 0;
    if (decimals > 0) {
        double int_f = floor(af);
        double frac_f = round((af - int_f) * pow10[decimals]);
        ip = (uint64_t)int_f;
        fp = (uint64_t)frac_f;
        if (frac_f >= pow10[decimals]) { /* the fraction rounded up to 1 */
            ip++;
            fp = 0;
        }
    } else {
        ip = (uint64_t)llround(af);
    }
    char *p = buf;
    if (signbit(d)) *p++ = '-';
    p += sprintf(p, "%llu", (unsigned long long)ip);
    if (decimals > 0) {
        *p++ = '.';
        p += sprintf(p, "%0*llu", decimals, (unsigned long long)fp);
    }
    int len = (int)(p - buf);
    if (compact && decimals > 0) len = strip_zeros(buf, len);
    return len;
}

int flt_format(double d, const flt_fmt_t *fmt, char buf[FLT_BUF_SIZE])
{
    switch (fmt->kind) {
    case FLT_FMT_SHORT: return flt_format_short(d, buf);
    case FLT_FMT_LEGACY: return flt_printf_e(d, fmt->digits, buf, FLT_BUF_SIZE);
    case FLT_FMT_DECIMALS:
        if (fmt->digits < 0) return -1;
        if (fabs(d) <= 9007199254740992.0 && fmt->digits < 19) return fixed_fast(d, fmt->digits, fmt->compact, buf);
        int len = flt_printf_f(d, fmt->digits, buf, FLT_BUF_SIZE);
        if (len < 0) return -1;
        return fmt->compact ? strip_zeros(buf, len) : len;
    }
    return -1;
}

bool flt_parse_options(term opts, flt_fmt_t *out)
{
    out->kind = FLT_FMT_LEGACY;
    out->digits = 20;
    out->compact = false;
    for (; term_is_list(opts); opts = term_cdr(opts)) {
        term o = term_car(opts);
        if (o == ATOM(compact)) out->compact = true;
        else if (o == ATOM(short)) out->kind = FLT_FMT_SHORT;
        else if (term_is_tuple(o) && term_tuple_arity(o) == 2 && term_is_small(term_tuple_elems(o)[1]) &&
                 (term_tuple_elems(o)[0] == ATOM(decimals) || term_tuple_elems(o)[0] == ATOM(scientific))) {
            /* erl keeps the number in a C int: only the low 32 bits count,
             * so {scientific, 1 bsl 40} means 0 digits */
            out->digits = (int)(uint32_t)(uint64_t)term_to_small(term_tuple_elems(o)[1]);
            out->kind = term_tuple_elems(o)[0] == ATOM(decimals) ? FLT_FMT_DECIMALS : FLT_FMT_LEGACY;
        } else
            return false;
    }
    return term_is_nil(opts);
}

static int format_term(term f, term opts, char buf[FLT_BUF_SIZE])
{
    flt_fmt_t fmt;
    if (!term_is_float(f) || !flt_parse_options(opts, &fmt)) return -1;
    return flt_format(term_float_val(f), &fmt, buf);
}

term flt_to_list(heap_t *h, term f, term opts)
{
    char buf[FLT_BUF_SIZE];
    int len = format_term(f, opts, buf);
    if (len <= 0) return THE_NON_VALUE;
    term elems[FLT_BUF_SIZE];
    for (int i = 0; i < len; i++) elems[i] = term_from_small((unsigned char)buf[i]);
    return heap_make_list(h, elems, (size_t)len, NIL);
}

term flt_to_binary(heap_t *h, term f, term opts)
{
    char buf[FLT_BUF_SIZE];
    int len = format_term(f, opts, buf);
    if (len <= 0) return THE_NON_VALUE;
    return bin_make(h, (const uint8_t *)buf, (size_t)len, NULL);
}

/* ---- parsing ---- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static void make_c_locale(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

bool flt_from_text(const char *s, size_t n, double *out)
{
    const char *z = memchr(s, '\0', n);
    if (z) n = (size_t)(z - s);
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    if (i == n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) i++;
    if (i == n || (s[i] != '.' && s[i] != ',')) return false;
    size_t dot = i++;
    if (i == n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) i++;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i == n || !is_digit(s[i])) return false;
        while (i < n && is_digit(s[i])) i++;
    }
    if (i != n) return false;
    /* The syntax is a subset of strtod's. erl also accepts ',' as the point
     * (it retries strtod with the other character); we always hand strtod a
     * '.' in the C locale, whatever the process locale is. */
    pthread_once(&c_locale_once, make_c_locale);
    char local[128];
    char *copy = n < sizeof local ? local : malloc(n + 1);
    if (!copy) laser_oom("float text", n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    copy[dot] = '.';
    double v = c_locale ? strtod_l(copy, NULL, c_locale) : strtod(copy, NULL);
    if (copy != local) free(copy);
    /* overflow is badarg; underflow to zero or a subnormal is accepted */
    if (!isfinite(v)) return false;
    *out = v;
    return true;
}

term flt_list_to_float(heap_t *h, term list)
{
    /* erl copies the characters (each 0..255) into a C string first */
    size_t n = 0, cap = 64;
    char *buf = malloc(cap);
    if (!buf) laser_oom("float text", cap);
    for (; term_is_list(list); list = term_cdr(list)) {
        term c = term_car(list);
        if (!term_is_small(c) || term_to_small(c) < 0 || term_to_small(c) > 255) {
            free(buf);
            return THE_NON_VALUE;
        }
        if (n == cap && !(buf = realloc(buf, cap *= 2))) laser_oom("float text", cap);
        buf[n++] = (char)term_to_small(c);
    }
    double d;
    bool ok = term_is_nil(list) && flt_from_text(buf, n, &d);
    free(buf);
    return ok ? heap_make_float(h, d) : THE_NON_VALUE;
}

term flt_binary_to_float(heap_t *h, term bin)
{
    if (!term_is_bitstring(bin)) return THE_NON_VALUE;
    bin_view_t v;
    bin_view(bin, &v);
    if (v.bitsize == 0 || v.bitsize % 8 != 0) return THE_NON_VALUE;
    size_t n = v.bitsize / 8;
    const char *text = (const char *)v.base;
    char *copy = NULL;
    if (v.bitoffs != 0) { /* unaligned sub binary: gather the bytes */
        copy = malloc(n);
        if (!copy) laser_oom("float text", n);
        bin_copy_bits(v.base, v.bitoffs, (uint8_t *)copy, 0, v.bitsize);
        text = copy;
    }
    double d;
    bool ok = flt_from_text(text, n, &d);
    free(copy);
    return ok ? heap_make_float(h, d) : THE_NON_VALUE;
}
