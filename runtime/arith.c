/*
 * arith.c - Erlang arithmetic on integers (small and big) and floats, with
 * OTP 25's semantics and error reasons (see arith.h).
 *
 * Integers are handled as sign and magnitude (a "view" that needs no
 * allocation, also for smalls). Magnitudes are computed with GMP's mpn_*
 * functions into a scratch buffer (on the C stack when small) and then
 * copied to the heap by big_from_limbs, which strips leading zero limbs and
 * turns values in small range back into smalls: that keeps the
 * representation unique without each operation reasoning about it.
 *
 * Floats: mixed operations convert the integer with float/1's rounding
 * (big.c, Horner's rule like OTP) and fail with badarith when the integer
 * does not fit a double or the result is not finite, as erl does
 * (1.0e308 * 10.0 raises badarith).
 */
#include "arith.h"

#include <gmp.h>
#include <math.h>
#include <stdlib.h>

#include "atom.h"
#include "big.h"

/* Sign and magnitude of an integer term; n == 0 means zero. */
typedef struct {
    const uint64_t *d;
    size_t n;
    bool neg;
    uint64_t one; /* a small's magnitude lives here; d points at it */
} view_t;

static void view(term t, view_t *v)
{
    if (term_is_small(t)) {
        int64_t s = term_to_small(t);
        v->neg = s < 0;
        v->one = v->neg ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
        v->d = &v->one;
        v->n = v->one != 0;
    } else {
        v->neg = term_big_is_neg(t);
        v->d = term_big_digits(t);
        v->n = term_big_size(t);
    }
}

/* Scratch limbs for an intermediate magnitude: on the stack up to
 * SCRATCH_LOCAL limbs, malloc'd above. */
#define SCRATCH_LOCAL 40
typedef struct {
    uint64_t *p;
    uint64_t local[SCRATCH_LOCAL];
} scratch_t;

static uint64_t *scratch_get(scratch_t *s, size_t n)
{
    if (n <= SCRATCH_LOCAL) return s->p = s->local;
    s->p = malloc(n * sizeof *s->p);
    if (!s->p) laser_oom("bignum scratch", n * sizeof *s->p);
    return s->p;
}

static void scratch_put(scratch_t *s)
{
    if (s->p != s->local) free(s->p);
}

static term fail(term *reason, term why)
{
    *reason = why;
    return THE_NON_VALUE;
}

/* The integer with magnitude d[0..n) and the given sign, or system_limit if
 * it needs more limbs than erl allows. */
static term make_int(heap_t *h, const uint64_t *d, size_t n, bool neg, term *reason)
{
    while (n > 0 && d[n - 1] == 0) n--;
    if (n > ARITH_MAX_LIMBS) return fail(reason, ATOM(system_limit));
    return big_from_limbs(h, d, n, neg);
}

static term make_float(heap_t *h, double d, term *reason)
{
    if (!isfinite(d)) return fail(reason, ATOM(badarith));
    return heap_make_float(h, d);
}

term arith_float_result(heap_t *h, double d, term *reason) { return make_float(h, d, reason); }

term arith_float(heap_t *h, term a, term *reason)
{
    if (term_is_float(a)) return a;
    double d;
    if (!term_is_integer(a) || !int_to_double(a, &d)) return fail(reason, ATOM(badarg));
    return heap_make_float(h, d);
}

bool arith_to_double(term a, double *out)
{
    if (term_is_float(a)) {
        *out = term_float_val(a);
        return true;
    }
    return term_is_integer(a) && int_to_double(a, out);
}

/* Both operands as doubles for a mixed operation; badarith otherwise. */
static bool both_doubles(term a, term b, double *x, double *y, term *reason)
{
    if (!term_is_number(a) || !term_is_number(b) || !arith_to_double(a, x) || !arith_to_double(b, y)) {
        *reason = ATOM(badarith);
        return false;
    }
    return true;
}

/* ---- integer addition and subtraction ---- */

/* a + b for magnitudes with signs. */
static term addsub(heap_t *h, const uint64_t *ad, size_t an, bool aneg,
                   const uint64_t *bd, size_t bn, bool bneg, term *reason)
{
    if (bn == 0) return make_int(h, ad, an, aneg, reason);
    if (an == 0) return make_int(h, bd, bn, bneg, reason);
    scratch_t s;
    term r;
    if (aneg == bneg) {
        if (an < bn) { /* mpn_add wants the longer operand first */
            const uint64_t *td = ad; ad = bd; bd = td;
            size_t tn = an; an = bn; bn = tn;
        }
        uint64_t *rp = scratch_get(&s, an + 1);
        rp[an] = mpn_add(rp, ad, (mp_size_t)an, bd, (mp_size_t)bn);
        r = make_int(h, rp, an + 1, aneg, reason);
    } else {
        int c = an != bn ? (an < bn ? -1 : 1) : mpn_cmp(ad, bd, (mp_size_t)an);
        if (c == 0) return term_from_small(0);
        if (c < 0) { /* |a| < |b|: the result has b's sign */
            const uint64_t *td = ad; ad = bd; bd = td;
            size_t tn = an; an = bn; bn = tn;
            aneg = bneg;
        }
        uint64_t *rp = scratch_get(&s, an);
        mpn_sub(rp, ad, (mp_size_t)an, bd, (mp_size_t)bn);
        r = make_int(h, rp, an, aneg, reason);
    }
    scratch_put(&s);
    return r;
}

term arith_add(heap_t *h, term a, term b, term *reason)
{
    term r;
    if (arith_small_add(a, b, &r)) return r;
    if (term_is_integer(a) && term_is_integer(b)) {
        view_t x, y;
        view(a, &x);
        view(b, &y);
        return addsub(h, x.d, x.n, x.neg, y.d, y.n, y.neg, reason);
    }
    double fx, fy;
    if (!both_doubles(a, b, &fx, &fy, reason)) return THE_NON_VALUE;
    return make_float(h, fx + fy, reason);
}

term arith_sub(heap_t *h, term a, term b, term *reason)
{
    term r;
    if (arith_small_sub(a, b, &r)) return r;
    if (term_is_integer(a) && term_is_integer(b)) {
        view_t x, y;
        view(a, &x);
        view(b, &y);
        return addsub(h, x.d, x.n, x.neg, y.d, y.n, !y.neg, reason);
    }
    double fx, fy;
    if (!both_doubles(a, b, &fx, &fy, reason)) return THE_NON_VALUE;
    return make_float(h, fx - fy, reason);
}

/* ---- multiplication ---- */

static term mul_views(heap_t *h, const view_t *x, const view_t *y, term *reason)
{
    if (x->n == 0 || y->n == 0) return term_from_small(0);
    const view_t *l = x, *s = y;
    if (l->n < s->n) { l = y; s = x; }
    /* the product has at least an + bn - 1 limbs: refuse before computing
     * something erl would not build either */
    if (l->n + s->n - 1 > ARITH_MAX_LIMBS) return fail(reason, ATOM(system_limit));
    scratch_t sc;
    size_t rn = l->n + s->n;
    uint64_t *rp = scratch_get(&sc, rn);
    if (s->n == 1) rp[l->n] = mpn_mul_1(rp, l->d, (mp_size_t)l->n, s->d[0]);
    else mpn_mul(rp, l->d, (mp_size_t)l->n, s->d, (mp_size_t)s->n);
    term r = make_int(h, rp, rn, x->neg != y->neg, reason);
    scratch_put(&sc);
    return r;
}

term arith_mul(heap_t *h, term a, term b, term *reason)
{
    term r;
    if (arith_small_mul(a, b, &r)) return r;
    if (term_is_integer(a) && term_is_integer(b)) {
        if (term_is_small(a) && term_is_small(b)) {
            /* the product of two 60-bit values fits 128 bits */
            __int128 p = (__int128)term_to_small(a) * term_to_small(b);
            unsigned __int128 m = p < 0 ? -(unsigned __int128)p : (unsigned __int128)p;
            uint64_t limbs[2] = {(uint64_t)m, (uint64_t)(m >> 64)};
            return big_from_limbs(h, limbs, 2, p < 0);
        }
        view_t x, y;
        view(a, &x);
        view(b, &y);
        return mul_views(h, &x, &y, reason);
    }
    double fx, fy;
    if (!both_doubles(a, b, &fx, &fy, reason)) return THE_NON_VALUE;
    return make_float(h, fx * fy, reason);
}

term arith_fdiv(heap_t *h, term a, term b, term *reason)
{
    double fx, fy;
    if (!both_doubles(a, b, &fx, &fy, reason)) return THE_NON_VALUE;
    if (fy == 0.0) return fail(reason, ATOM(badarith));
    return make_float(h, fx / fy, reason);
}

/* ---- div and rem ---- */

/* Quotient (want_rem false) or remainder of truncating division. */
static term divrem(heap_t *h, term a, term b, bool want_rem, term *reason)
{
    if (!term_is_integer(a) || !term_is_integer(b)) return fail(reason, ATOM(badarith));
    if (b == term_from_small(0)) return fail(reason, ATOM(badarith));
    if (term_is_small(a) && term_is_small(b)) {
        int64_t x = term_to_small(a), y = term_to_small(b);
        /* C division truncates like Erlang's; MIN_SMALL div -1 = 2^59 is
         * the only quotient outside small range and int64 holds it */
        return want_rem ? term_from_small(x % y) : big_from_int64(h, x / y);
    }
    view_t x, y;
    view(a, &x);
    view(b, &y);
    if (x.n < y.n || (x.n == y.n && mpn_cmp(x.d, y.d, (mp_size_t)x.n) < 0))
        return want_rem ? a : term_from_small(0); /* |a| < |b| */
    scratch_t sq, sr;
    size_t qn = x.n - y.n + 1;
    uint64_t *qp = scratch_get(&sq, qn);
    uint64_t *rp = scratch_get(&sr, y.n);
    if (y.n == 1) rp[0] = mpn_divrem_1(qp, 0, x.d, (mp_size_t)x.n, y.d[0]);
    else mpn_tdiv_qr(qp, rp, 0, x.d, (mp_size_t)x.n, y.d, (mp_size_t)y.n);
    term r = want_rem ? make_int(h, rp, y.n, x.neg, reason) : make_int(h, qp, qn, x.neg != y.neg, reason);
    scratch_put(&sq);
    scratch_put(&sr);
    return r;
}

term arith_div(heap_t *h, term a, term b, term *reason) { return divrem(h, a, b, false, reason); }
term arith_rem(heap_t *h, term a, term b, term *reason) { return divrem(h, a, b, true, reason); }

/* ---- unary operators ---- */

term arith_neg(heap_t *h, term a, term *reason)
{
    if (term_is_small(a)) return big_from_int64(h, -term_to_small(a));
    if (term_is_big(a)) return big_from_limbs(h, term_big_digits(a), term_big_size(a), !term_big_is_neg(a));
    if (term_is_float(a)) return heap_make_float(h, -term_float_val(a));
    return fail(reason, ATOM(badarith));
}

term arith_plus(heap_t *h, term a, term *reason)
{
    if (term_is_integer(a)) return a;
    return arith_add(h, a, term_from_small(0), reason);
}

term arith_abs(heap_t *h, term a, term *reason)
{
    if (term_is_small(a)) {
        int64_t v = term_to_small(a);
        return v < 0 ? big_from_int64(h, -v) : a;
    }
    if (term_is_big(a)) return term_big_is_neg(a) ? big_from_limbs(h, term_big_digits(a), term_big_size(a), false) : a;
    if (term_is_float(a)) {
        /* erl tests f < 0.0, so -0.0 stays -0.0 (measured) */
        double f = term_float_val(a);
        return f < 0.0 ? heap_make_float(h, -f) : a;
    }
    return fail(reason, ATOM(badarith));
}

/* ---- bitwise operators ---- */

/* v in two's complement over n limbs (n > v->n, so the top limb holds the
 * sign extension). */
static void to_twos(const view_t *v, uint64_t *out, size_t n)
{
    memcpy(out, v->d, v->n * sizeof *out);
    memset(out + v->n, 0, (n - v->n) * sizeof *out);
    if (v->neg) mpn_neg(out, out, (mp_size_t)n);
}

enum bitop { OP_AND, OP_IOR, OP_XOR };

static term bitop(heap_t *h, term a, term b, enum bitop op, term *reason)
{
    if (!term_is_integer(a) || !term_is_integer(b)) return fail(reason, ATOM(badarith));
    if (term_is_small(a) && term_is_small(b)) {
        /* tagged words: the tag bits are all ones in both */
        switch (op) {
        case OP_AND: return a & b;
        case OP_IOR: return a | b;
        case OP_XOR: return (a ^ b) | TAG_IMMED1_SMALL;
        }
    }
    view_t x, y;
    view(a, &x);
    view(b, &y);
    size_t n = (x.n > y.n ? x.n : y.n) + 1;
    scratch_t sa, sb;
    uint64_t *pa = scratch_get(&sa, n), *pb = scratch_get(&sb, n);
    to_twos(&x, pa, n);
    to_twos(&y, pb, n);
    switch (op) {
    case OP_AND: mpn_and_n(pa, pa, pb, (mp_size_t)n); break;
    case OP_IOR: mpn_ior_n(pa, pa, pb, (mp_size_t)n); break;
    case OP_XOR: mpn_xor_n(pa, pa, pb, (mp_size_t)n); break;
    }
    bool neg = (pa[n - 1] >> 63) != 0;
    if (neg) mpn_neg(pa, pa, (mp_size_t)n);
    term r = make_int(h, pa, n, neg, reason);
    scratch_put(&sa);
    scratch_put(&sb);
    return r;
}

term arith_band(heap_t *h, term a, term b, term *reason) { return bitop(h, a, b, OP_AND, reason); }
term arith_bor(heap_t *h, term a, term b, term *reason) { return bitop(h, a, b, OP_IOR, reason); }
term arith_bxor(heap_t *h, term a, term b, term *reason) { return bitop(h, a, b, OP_XOR, reason); }

term arith_bnot(heap_t *h, term a, term *reason)
{
    if (term_is_small(a)) return term_from_small(~term_to_small(a)); /* ~v = -v-1 stays in range */
    if (!term_is_big(a)) return fail(reason, ATOM(badarith));
    /* bnot X = -X - 1 */
    view_t x;
    view(a, &x);
    const uint64_t one = 1;
    return addsub(h, x.d, x.n, !x.neg, &one, 1, true, reason);
}

/* ---- shifts ---- */

/* a shifted left by s bits (s < 0: right by -s, rounding to -infinity). */
static term shift(heap_t *h, term a, int64_t s, term *reason)
{
    if (s == 0) return a;
    if (term_is_small(a)) {
        int64_t v = term_to_small(a);
        if (v == 0) return a;
        if (s < 0) return term_from_small(s <= -63 ? (v < 0 ? -1 : 0) : v >> -s);
        if (s < 64) {
            __int128 r = (__int128)v * ((__int128)1 << s); /* at most 59 + 63 bits */
            if (r >= MIN_SMALL && r <= MAX_SMALL) return term_from_small((int64_t)r);
        }
    }
    view_t x;
    view(a, &x);
    scratch_t sc;
    term r;
    if (s > 0) {
        size_t limbs = (size_t)((uint64_t)s / 64);
        unsigned bits = (unsigned)((uint64_t)s % 64);
        if (limbs + x.n > ARITH_MAX_LIMBS) return fail(reason, ATOM(system_limit));
        size_t n = limbs + x.n + 1;
        uint64_t *rp = scratch_get(&sc, n);
        memset(rp, 0, limbs * sizeof *rp);
        if (bits) rp[n - 1] = mpn_lshift(rp + limbs, x.d, (mp_size_t)x.n, bits);
        else {
            memcpy(rp + limbs, x.d, x.n * sizeof *rp);
            rp[n - 1] = 0;
        }
        r = make_int(h, rp, n, x.neg, reason);
    } else {
        uint64_t count = (uint64_t)0 - (uint64_t)s;
        uint64_t limbs = count / 64;
        unsigned bits = (unsigned)(count % 64);
        if (limbs >= x.n) return term_from_small(x.neg ? -1 : 0);
        /* for a negative value, floor: add one to the magnitude when any
         * 1 bit is shifted out */
        bool lost = false;
        for (size_t i = 0; i < limbs && !lost; i++) lost = x.d[i] != 0;
        if (bits && (x.d[limbs] & ((UINT64_C(1) << bits) - 1))) lost = true;
        size_t n = x.n - (size_t)limbs;
        uint64_t *rp = scratch_get(&sc, n + 1);
        if (bits) mpn_rshift(rp, x.d + limbs, (mp_size_t)n, bits);
        else memcpy(rp, x.d + limbs, n * sizeof *rp);
        rp[n] = 0;
        if (x.neg && lost) mpn_add_1(rp, rp, (mp_size_t)(n + 1), 1);
        r = make_int(h, rp, n + 1, x.neg, reason);
    }
    scratch_put(&sc);
    return r;
}

/* A shift by a bignum count: out of any range, only the direction matters. */
static term huge_shift(term a, bool left, term *reason)
{
    bool zero = a == term_from_small(0);
    bool neg = term_is_small(a) ? term_to_small(a) < 0 : term_big_is_neg(a);
    if (left) return zero ? a : fail(reason, ATOM(system_limit));
    return term_from_small(neg ? -1 : 0);
}

term arith_bsl(heap_t *h, term a, term b, term *reason)
{
    if (!term_is_integer(a) || !term_is_integer(b)) return fail(reason, ATOM(badarith));
    if (term_is_big(b)) return huge_shift(a, !term_big_is_neg(b), reason);
    return shift(h, a, term_to_small(b), reason);
}

term arith_bsr(heap_t *h, term a, term b, term *reason)
{
    if (!term_is_integer(a) || !term_is_integer(b)) return fail(reason, ATOM(badarith));
    if (term_is_big(b)) return huge_shift(a, term_big_is_neg(b), reason);
    return shift(h, a, -term_to_small(b), reason); /* |MIN_SMALL| fits int64 */
}

/* ---- power ---- */

term arith_int_pow(heap_t *h, term base, term exp, term *reason)
{
    if (!term_is_integer(base) || !term_is_integer(exp)) return fail(reason, ATOM(badarith));
    view_t b, e;
    view(base, &b);
    view(exp, &e);
    if (e.neg) return fail(reason, ATOM(badarith));
    if (e.n == 0) return term_from_small(1);
    if (b.n == 0) return base;
    bool neg = b.neg && (e.d[0] & 1);
    if (b.n == 1 && b.d[0] == 1) return term_from_small(neg ? -1 : 1);
    /* |base| >= 2: the result has at least (bits(base) - 1) * exp + 1 bits */
    size_t bbits = b.n * 64 - (size_t)__builtin_clzll(b.d[b.n - 1]);
    if (e.n > 1 || e.d[0] > (uint64_t)ARITH_MAX_LIMBS * 64) return fail(reason, ATOM(system_limit));
    uint64_t ex = e.d[0];
    if ((bbits - 1) * ex + 1 > (uint64_t)ARITH_MAX_LIMBS * 64) return fail(reason, ATOM(system_limit));
    /* upper bound of the result size in limbs, plus one for the products */
    size_t cap = (size_t)((bbits * ex) / 64) + 2;
    scratch_t sr, st;
    uint64_t *rp = scratch_get(&sr, cap), *tp = scratch_get(&st, cap);
    size_t rn = 1;
    rp[0] = 1;
    /* left-to-right binary exponentiation: square, multiply by base */
    for (int bit = 63 - __builtin_clzll(ex); bit >= 0; bit--) {
        if (rn > 1 || rp[0] != 1) {
            mpn_sqr(tp, rp, (mp_size_t)rn);
            rn *= 2;
            while (rn > 1 && tp[rn - 1] == 0) rn--;
            uint64_t *t = rp; rp = tp; tp = t;
        }
        if ((ex >> bit) & 1) {
            if (rn >= b.n) mpn_mul(tp, rp, (mp_size_t)rn, b.d, (mp_size_t)b.n);
            else mpn_mul(tp, b.d, (mp_size_t)b.n, rp, (mp_size_t)rn);
            rn += b.n;
            while (rn > 1 && tp[rn - 1] == 0) rn--;
            uint64_t *t = rp; rp = tp; tp = t;
        }
    }
    term r = make_int(h, rp, rn, neg, reason);
    /* rp and tp were swapped back and forth; the scratch records still own
     * the two buffers */
    scratch_put(&sr);
    scratch_put(&st);
    return r;
}

/* ---- floats to integers ---- */

term arith_from_integral_double(heap_t *h, double d)
{
    if (fabs(d) < 9223372036854775808.0) return big_from_int64(h, (int64_t)d); /* exact below 2^63 */
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    unsigned shift = (unsigned)((bits >> 52) & 0x7FF) - 1075; /* >= 11 here */
    uint64_t limbs[18] = {0}; /* 2^1024 needs 17 limbs */
    limbs[shift / 64] = m << (shift % 64);
    if (shift % 64) limbs[shift / 64 + 1] = m >> (64 - shift % 64);
    return big_from_limbs(h, limbs, shift / 64 + 2, signbit(d));
}

static term float_to_int(heap_t *h, term a, double (*fn)(double), term *reason)
{
    if (term_is_integer(a)) return a;
    if (!term_is_float(a)) return fail(reason, ATOM(badarg));
    return arith_from_integral_double(h, fn(term_float_val(a)));
}

term arith_trunc(heap_t *h, term a, term *reason) { return float_to_int(h, a, trunc, reason); }
/* C's round() halves away from zero and is exact (no x + 0.5 rounding) */
term arith_round(heap_t *h, term a, term *reason) { return float_to_int(h, a, round, reason); }
term arith_floor(heap_t *h, term a, term *reason) { return float_to_int(h, a, floor, reason); }
term arith_ceil(heap_t *h, term a, term *reason) { return float_to_int(h, a, ceil, reason); }

/* ---- text ---- */

bool arith_list_to_integer(heap_t *h, term list, unsigned base, term *out)
{
    size_t n = 0, cap = 64;
    char local[64];
    char *buf = local;
    bool ok = true;
    for (term l = list; ok && term_is_list(l); l = term_cdr(l)) {
        term c = term_car(l);
        if (!term_is_small(c)) {
            ok = false;
            break;
        }
        int64_t v = term_to_small(c);
        /* a sign is only a sign when it is exactly '+' or '-': keep the
         * byte text unambiguous by turning a wide look-alike into a
         * character int_from_text rejects */
        char ch = (char)(uint8_t)v;
        if (n == 0 && (ch == '+' || ch == '-') && v != ch) ch = '#';
        if (n == cap) {
            char *nb = malloc(cap * 2);
            if (!nb) laser_oom("integer text", cap * 2);
            memcpy(nb, buf, n);
            if (buf != local) free(buf);
            buf = nb;
            cap *= 2;
        }
        buf[n++] = ch;
    }
    if (ok) {
        term l = list;
        while (term_is_list(l)) l = term_cdr(l);
        ok = term_is_nil(l) && int_from_text(h, buf, n, base, out);
    }
    if (buf != local) free(buf);
    return ok;
}

/* ---- comparison ---- */

int arith_compare(term a, term b)
{
    if (term_is_float(a)) {
        double x = term_float_val(a);
        if (term_is_float(b)) {
            double y = term_float_val(b);
            return (x > y) - (x < y);
        }
        return -int_float_compare(b, x);
    }
    if (term_is_float(b)) return int_float_compare(a, term_float_val(b));
    return int_compare(a, b);
}
