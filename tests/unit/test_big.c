/*
 * test_big.c - integers and bignums (runtime/big.c): normalisation of the
 * constructors, conversions to int64/double/text and back, and integer
 * order, against values erl computes (tests/data/big_*.escript).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "arith.h"
#include "atom.h"
#include "big.h"
#include "support/oracle.h"

static heap_t heap;

static void setup(void)
{
    atom_init();
    heap_init(&heap);
}

static void teardown(void) { heap_free(&heap); }

TestSuite(big, .init = setup, .fini = teardown);

/* An integer's external format (what term_to_binary(I) gives), decoded here
 * independently of etf.c so that this test only depends on big.c. */
static term decode_int(const uint8_t *e, size_t len)
{
    cr_assert(len >= 2 && e[0] == 131, "not an external term");
    switch (e[1]) {
    case 97: return term_from_small(e[2]);
    case 98: return term_from_small((int32_t)((uint32_t)e[2] << 24 | (uint32_t)e[3] << 16 | (uint32_t)e[4] << 8 | e[5]));
    case 110: return big_from_bytes_le(&heap, e + 4, e[2], e[3] != 0);
    case 111: {
        const uint8_t *p = e + 2;
        uint32_t n = get_u32(&p);
        return big_from_bytes_le(&heap, e + 7, n, e[6] != 0);
    }
    default: cr_assert_fail("unexpected tag %d", e[1]); return NIL;
    }
}

/* A bignum must be outside small range with a non-zero top limb. */
static void assert_normal(term t)
{
    if (term_is_small(t)) return;
    cr_assert(term_is_big(t));
    size_t n = term_big_size(t);
    cr_assert(n >= 1 && term_big_digits(t)[n - 1] != 0, "leading zero limb");
    if (n == 1) {
        uint64_t m = term_big_digits(t)[0];
        if (term_big_is_neg(t)) cr_assert(m > (uint64_t)MAX_SMALL + 1, "negative bignum in small range");
        else cr_assert(m > (uint64_t)MAX_SMALL, "bignum in small range");
    }
}

/* Same value, same representation (what =:= relies on). */
static void assert_same_int(term a, term b)
{
    cr_assert_eq(int_compare(a, b), 0);
    if (term_is_small(a) || term_is_small(b)) {
        cr_assert_eq(a, b);
        return;
    }
    cr_assert_eq(term_boxed_header(a), term_boxed_header(b));
    cr_assert(memcmp(term_big_digits(a), term_big_digits(b), term_big_size(a) * 8) == 0);
}

Test(big, int64_edges)
{
    cr_assert(term_is_small(big_from_int64(&heap, MAX_SMALL)));
    cr_assert(term_is_small(big_from_int64(&heap, MIN_SMALL)));
    term p = big_from_int64(&heap, MAX_SMALL + 1);
    term n = big_from_int64(&heap, MIN_SMALL - 1);
    term lo = big_from_int64(&heap, INT64_MIN);
    term hi = big_from_int64(&heap, INT64_MAX);
    cr_assert(term_is_big(p) && !term_big_is_neg(p) && term_big_digits(p)[0] == (uint64_t)MAX_SMALL + 1);
    cr_assert(term_is_big(n) && term_big_is_neg(n) && term_big_digits(n)[0] == (uint64_t)MAX_SMALL + 2);
    cr_assert(term_is_big(lo) && term_big_is_neg(lo) && term_big_digits(lo)[0] == UINT64_C(1) << 63);
    int64_t v;
    const int64_t vals[] = {0, 1, -1, MAX_SMALL, MIN_SMALL, MAX_SMALL + 1, MIN_SMALL - 1, INT64_MIN, INT64_MAX};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        term t = big_from_int64(&heap, vals[i]);
        assert_normal(t);
        cr_assert(int_to_int64(t, &v));
        cr_assert_eq(v, vals[i]);
    }
    cr_assert(int_compare(lo, n) < 0 && int_compare(n, p) < 0 && int_compare(p, hi) < 0);
    term u = big_from_uint64(&heap, UINT64_MAX);
    cr_assert(term_is_big(u) && !term_big_is_neg(u));
    cr_assert_not(int_to_int64(u, &v));
    cr_assert(int_compare(hi, u) < 0);
    uint64_t m = (uint64_t)INT64_MAX + 2; /* -(2^63 + 1) is out of int64 range */
    cr_assert_not(int_to_int64(big_from_limbs(&heap, &m, 1, true), &v));
    cr_assert_not(int_to_int64(NIL, &v));
}

Test(big, limbs_normalised)
{
    uint64_t z[3] = {0, 0, 0};
    cr_assert_eq(big_from_limbs(&heap, z, 3, false), term_from_small(0));
    cr_assert_eq(big_from_limbs(&heap, z, 3, true), term_from_small(0)); /* no negative zero */
    cr_assert_eq(big_from_limbs(&heap, z, 0, true), term_from_small(0));
    uint64_t five[3] = {5, 0, 0};
    cr_assert_eq(big_from_limbs(&heap, five, 3, true), term_from_small(-5));
    uint64_t two[3] = {1, 2, 0};
    term t = big_from_limbs(&heap, two, 3, false);
    cr_assert(term_is_big(t) && term_big_size(t) == 2);
    uint64_t edge = (uint64_t)MAX_SMALL + 1; /* 2^59: big when positive, small when negative */
    cr_assert(term_is_big(big_from_limbs(&heap, &edge, 1, false)));
    cr_assert_eq(big_from_limbs(&heap, &edge, 1, true), term_from_small(MIN_SMALL));
    uint8_t bytes[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0};
    t = big_from_bytes_le(&heap, bytes, 12, true);
    assert_normal(t);
    cr_assert(term_is_big(t) && term_big_is_neg(t) && term_big_size(t) == 2);
    cr_assert_eq(term_big_digits(t)[0], UINT64_C(0x0807060504030201));
    cr_assert_eq(term_big_digits(t)[1], 9);
    cr_assert_eq(big_from_bytes_le(&heap, bytes, 0, true), term_from_small(0));
    cr_assert_eq(big_from_bytes_le(&heap, bytes, 3, true), term_from_small(-0x030201));
    uint8_t small8[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x07}; /* 2^59 - 1 */
    cr_assert_eq(big_from_bytes_le(&heap, small8, 8, false), term_from_small(MAX_SMALL));
}

Test(big, text_invalid)
{
    term t;
    const char *bad[] = {"", "+", "-", "--1", "+-1", " 1", "1 ", "1_0", "1.0", "0x10", "١"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_not(int_from_text(&heap, bad[i], strlen(bad[i]), 10, &t), "accepted \"%s\"", bad[i]);
    cr_assert_not(int_from_text(&heap, "g", 1, 16, &t));
    cr_assert_not(int_from_text(&heap, "2", 1, 2, &t));
    cr_assert_not(int_from_text(&heap, "1", 1, 1, &t));
    cr_assert_not(int_from_text(&heap, "1", 1, 37, &t));
    cr_assert(int_from_text(&heap, "12", 1, 10, &t) && t == term_from_small(1)); /* length is respected */
    cr_assert(int_from_text(&heap, "+1", 2, 10, &t) && t == term_from_small(1));
    cr_assert(int_from_text(&heap, "-0", 2, 10, &t) && t == term_from_small(0));
    cr_assert(int_from_text(&heap, "007", 3, 10, &t) && t == term_from_small(7));
    cr_assert(int_from_text(&heap, "-fF", 3, 16, &t) && t == term_from_small(-255));
    cr_assert(int_from_text(&heap, "z", 1, 36, &t) && t == term_from_small(35));
    cr_assert_null(int_to_text(term_from_small(1), 1));
    cr_assert_null(int_to_text(term_from_small(1), 37));
    cr_assert_null(int_to_text(NIL, 10));
    char *s = int_to_text(term_from_small(MIN_SMALL), 16);
    cr_assert_str_eq(s, "-800000000000000");
    free(s);
}

/* Every integer of big_text.escript in every base, both directions. */
Test(big, text_oracle)
{
    size_t len;
    uint8_t *data = oracle_read("big_text", &len);
    const uint8_t *p = data, *end = data + len;
    uint32_t count = get_u32(&p);
    cr_assert(count > 100);
    term *ints = calloc(count, sizeof *ints);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t elen = get_u32(&p);
        term v = decode_int(p, elen);
        p += elen;
        assert_normal(v);
        ints[i] = v;
        bool fits = *p++ != 0;
        int64_t i64;
        cr_assert_eq(int_to_int64(v, &i64), fits, "int_to_int64 range, integer #%u", i);
        for (unsigned base = 2; base <= 36; base++) {
            uint32_t tlen = get_u32(&p);
            const char *txt = (const char *)p;
            p += tlen;
            cr_assert(p <= end);
            char *mine = int_to_text(v, base);
            cr_assert(strlen(mine) == tlen && memcmp(mine, txt, tlen) == 0,
                      "integer_to_list(#%u, %u): erl %.*s, laser %s", i, base, (int)tlen, txt, mine);
            free(mine);
            term back;
            cr_assert(int_from_text(&heap, txt, tlen, base, &back), "list_to_integer(%.*s, %u)", (int)tlen, txt, base);
            assert_normal(back);
            assert_same_int(back, v);
            /* lower case digits parse to the same value */
            char *lower = malloc(tlen + 2);
            for (uint32_t k = 0; k < tlen; k++) lower[k] = (char)((txt[k] >= 'A' && txt[k] <= 'Z') ? txt[k] + 32 : txt[k]);
            cr_assert(int_from_text(&heap, lower, tlen, base, &back));
            assert_same_int(back, v);
            free(lower);
            if (fits && base == 10) {
                char buf[32];
                snprintf(buf, sizeof buf, "%lld", (long long)i64);
                cr_assert(strlen(buf) == tlen && memcmp(buf, txt, tlen) == 0);
            }
        }
    }
    cr_assert_eq(p, end);
    /* erl sorted the integers (lists:usort): index order is value order */
    for (uint32_t i = 0; i < count; i++)
        for (uint32_t j = 0; j < count; j++) {
            int c = int_compare(ints[i], ints[j]);
            int want = (i > j) - (i < j);
            cr_assert_eq(c, want, "int_compare(#%u, #%u) = %d", i, j, c);
        }
    free(ints);
    free(data);
}

static double get_double(const uint8_t **p)
{
    uint64_t bits = 0;
    for (int k = 0; k < 8; k++) bits = bits << 8 | (*p)[k];
    *p += 8;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* float/1 and integer-vs-float order, against erl. */
Test(big, float_oracle)
{
    size_t len;
    uint8_t *data = oracle_read("big_float", &len);
    const uint8_t *p = data, *end = data + len;
    uint32_t count = get_u32(&p);
    cr_assert(count > 100);
    unsigned probes_checked = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t elen = get_u32(&p);
        term v = decode_int(p, elen);
        p += elen;
        bool ok = *p++ != 0;
        double want = get_double(&p);
        double got = 0;
        bool mine = int_to_double(v, &got);
        char *txt = int_to_text(v, 10);
        cr_assert_eq(mine, ok, "float(%s) overflow: erl %d", txt, ok);
        if (ok) cr_assert(memcmp(&got, &want, sizeof got) == 0, "float(%s): erl %a, laser %a", txt, want, got);
        unsigned np = *p++;
        for (unsigned k = 0; k < np; k++) {
            double f = get_double(&p);
            int c = *p++ - 1;
            cr_assert_eq(int_float_compare(v, f), c, "compare %s with %a: erl %d", txt, f, c);
            probes_checked++;
        }
        free(txt);
        cr_assert(p <= end);
    }
    cr_assert_eq(p, end);
    cr_assert(probes_checked > 1000);
    free(data);
}

/* Horner's rule, not correct rounding, is what erl does (see big.c). */
Test(big, float_rounding_is_otps)
{
    uint64_t limbs[2] = {(UINT64_C(1) << 63) + (1u << 11) + 1, 1};
    double d;
    cr_assert(int_to_double(big_from_limbs(&heap, limbs, 2, false), &d));
    cr_assert_eq(d, 0x1.8p64); /* correctly rounded would be 0x1.8000000000001p64 */
    cr_assert(int_to_double(big_from_limbs(&heap, limbs, 2, true), &d));
    cr_assert_eq(d, -0x1.8p64);
}

/* Lines of a text oracle, split in place. */
static size_t text_lines(char *data, size_t len, char ***out)
{
    size_t cap = 1024, n = 0;
    char **lines = malloc(cap * sizeof *lines);
    for (char *p = data, *end = data + len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        *nl = '\0';
        if (n == cap) lines = realloc(lines, (cap *= 2) * sizeof *lines);
        lines[n++] = p;
        p = nl + 1;
    }
    *out = lines;
    return n;
}

/* list_to_integer/2 on signs, junk, NULs and random text in random bases,
 * and a 100,000-digit integer in six bases (big_text_edge.escript). The
 * huge conversions go through mpn_get_str/mpn_set_str, which are
 * subquadratic; the timeout catches a quadratic fallback. */
Test(big, text_edge_oracle, .timeout = 30)
{
    size_t len;
    char *data = (char *)oracle_read("big_text_edge", &len);
    char **lines;
    size_t nl = text_lines(data, len, &lines);
    size_t texts = 0, rejected = 0, huge = 0, lists = 0;
    term x = NIL;
    char *txt = malloc(len + 1);
    for (size_t k = 0; k < nl; k++) {
        char *s = lines[k];
        if (s[0] == 'T') {
            unsigned base = (unsigned)strtoul(s + 2, &s, 10);
            char *hex = strtok(s, " "), *want = strtok(NULL, " ");
            size_t n = 0;
            if (strcmp(hex, "-") != 0)
                for (; hex[2 * n]; n++) {
                    char b[3] = {hex[2 * n], hex[2 * n + 1], 0};
                    txt[n] = (char)strtoul(b, NULL, 16);
                }
            term t;
            bool ok = int_from_text(&heap, txt, n, base, &t);
            if (want[0] == '!') {
                cr_assert_not(ok, "list_to_integer(\"%.*s\", %u): erl badarg", (int)n, txt, base);
                rejected++;
            } else {
                cr_assert(ok, "list_to_integer(\"%.*s\", %u): erl %s", (int)n, txt, base, want);
                assert_normal(t);
                char *mine = int_to_text(t, 16);
                cr_assert_str_eq(mine, want, "list_to_integer(\"%.*s\", %u)", (int)n, txt, base);
                free(mine);
            }
            texts++;
        } else if (s[0] == 'X') {
            cr_assert(int_from_text(&heap, s + 2, strlen(s + 2), 16, &x));
        } else if (s[0] == 'M') {
            /* list_to_integer on a list term (arith.c), with erl's quirks */
            unsigned base = (unsigned)strtoul(s + 2, &s, 10);
            char *elems = strtok(s, " "), *want = strtok(NULL, " ");
            term items[8];
            size_t n = 0;
            term tail = NIL;
            for (char *e = strtok(elems, ","); e; e = strtok(NULL, ",")) {
                if (!strcmp(e, "tail")) tail = atom_from_cstr("tail");
                else if (!strcmp(e, "atom")) items[n++] = atom_from_cstr("atom");
                else if (!strcmp(e, "float")) items[n++] = heap_make_float(&heap, 1.0);
                else cr_assert(int_from_text(&heap, e, strlen(e), 10, &items[n++]));
            }
            term t;
            bool ok = arith_list_to_integer(&heap, heap_make_list(&heap, items, n, tail), base, &t);
            if (want[0] == '!') {
                cr_assert_not(ok, "list_to_integer(M line %zu, %u): erl badarg", k, base);
            } else {
                cr_assert(ok, "list_to_integer(M line %zu, %u): erl %s", k, base, want);
                char *mine = int_to_text(t, 16);
                cr_assert_str_eq(mine, want, "list_to_integer(M line %zu, %u)", k, base);
                free(mine);
            }
            lists++;
        }
    }
    /* the H lines: parse in every base, print back, compare with erl */
    term first = NIL;
    for (size_t k = 0; k < nl; k++) {
        char *s = lines[k];
        if (s[0] != 'H') continue;
        unsigned base = (unsigned)strtoul(s + 2, &s, 10);
        s++;
        size_t n = strlen(s);
        term t;
        cr_assert(int_from_text(&heap, s, n, base, &t), "huge integer in base %u", base);
        assert_normal(t);
        if (first == NIL) first = t;
        assert_same_int(t, first);
        char *mine = int_to_text(t, base);
        cr_assert(strlen(mine) == n && memcmp(mine, s, n) == 0, "huge integer_to_list in base %u", base);
        free(mine);
        huge++;
    }
    cr_assert(term_is_big(x) && term_big_size(x) > 5000);
    assert_same_int(first, x);
    cr_assert(texts > 500 && rejected > 100 && rejected < texts && huge == 6 && lists > 50);
    free(txt);
    free(lines);
    free(data);
}
