/*
 * test_etf.c - the external term format (runtime/etf.c).
 *
 * The oracle test decodes what erl's term_to_binary/2 wrote for a few
 * hundred terms under nine option sets (tests/data/etf_terms.escript),
 * re-encodes each with the same options and wants the same bytes; every
 * decoding of one term must be =:= to the others, and the first terms to
 * what C builds here. The rest attacks the decoder: truncations, random
 * byte flips, absurd sizes, very deep nesting, `safe`, `used`, and the
 * corner cases where OTP 25 accepts or refuses something surprising.
 *
 * No test here sets a Criterion .timeout: two timed tests running at once
 * make Criterion 2.4's runner leak 48 bytes, which fails the ASan build
 * (ctest's TIMEOUT still bounds the whole run).
 */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "atom.h"
#include "big.h"
#include "bin.h"
#include "cmp.h"
#include "etf.h"
#include "map.h"
#include "../src/export.h"
#include "support/oracle.h"

static heap_t heap;

static void setup(void)
{
    atom_init();
    heap_init(&heap);
}

static void teardown(void) { heap_free(&heap); }

TestSuite(etf, .init = setup, .fini = teardown);

/* An assertion for hot loops: Criterion reports every passing cr_assert to
 * its runner, which millions of checks make slow (and its runner leaks). */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) cr_assert_fail(__VA_ARGS__);                                                  \
    } while (0)

/* ---- the oracle file ---- */

typedef struct {
    etf_enc_opts_t o;
} optset_t;

typedef struct {
    size_t nopts, nterms;
    optset_t *opts;
    const uint8_t **enc; /* nterms * nopts */
    size_t *len;
    bool *portable; /* HAMT orders are OTP's own (see the escript) */
    uint8_t *raw;
} oracle_t;

static void load_oracle(oracle_t *or)
{
    size_t n;
    or->raw = oracle_read("etf_terms", &n);
    const uint8_t *p = or->raw, *end = or->raw + n;
    or->nopts = get_u32(&p);
    or->opts = calloc(or->nopts, sizeof *or->opts);
    for (size_t i = 0; i < or->nopts; i++) {
        etf_enc_opts_default(&or->opts[i].o);
        or->opts[i].o.compressed = p[0] == 255 ? -1 : p[0];
        or->opts[i].o.minor_version = p[1];
        or->opts[i].o.deterministic = p[2] != 0;
        p += 3;
    }
    or->nterms = get_u32(&p);
    or->enc = calloc(or->nterms * or->nopts, sizeof *or->enc);
    or->len = calloc(or->nterms * or->nopts, sizeof *or->len);
    or->portable = calloc(or->nterms, sizeof *or->portable);
    for (size_t t = 0; t < or->nterms; t++) {
        or->portable[t] = *p++ != 0;
        for (size_t j = 0; j < or->nopts; j++) {
            size_t i = t * or->nopts + j;
            or->len[i] = get_u32(&p);
            or->enc[i] = p;
            p += or->len[i];
            cr_assert(p <= end, "oracle file truncated");
        }
    }
    cr_assert_eq(p, end);
}

static void free_oracle(oracle_t *or)
{
    free(or->opts);
    free(or->enc);
    free(or->len);
    free(or->portable);
    free(or->raw);
}

/* ---- builders for the expected terms ---- */

static term I(int64_t v) { return big_from_int64(&heap, v); }
static term F(double d) { return heap_make_float(&heap, d); }
static term A(const char *s) { return atom_from_cstr(s); }

static term pow2(unsigned e, bool neg, int64_t add)
{
    uint64_t limbs[4] = {0};
    limbs[e / 64] = UINT64_C(1) << (e % 64);
    term t = big_from_limbs(&heap, limbs, e / 64 + 1, neg);
    if (add == 0) return t;
    /* only 2^64 - 1 is needed: build it directly */
    uint64_t m = UINT64_MAX;
    return big_from_limbs(&heap, &m, 1, false);
}

/* The terms of expected() in etf_terms.escript. */
static size_t build_expected(term *out)
{
    size_t n = 0;
    out[n++] = I(0);
    out[n++] = I(255);
    out[n++] = I(256);
    out[n++] = I(-1);
    out[n++] = I(INT32_MAX);
    out[n++] = I(INT32_MIN);
    out[n++] = I((int64_t)INT32_MAX + 1);
    out[n++] = I((int64_t)INT32_MIN - 1);
    out[n++] = I((INT64_C(1) << 59) - 1);
    out[n++] = I(-(INT64_C(1) << 59));
    out[n++] = I(INT64_C(1) << 59);
    out[n++] = I(-(INT64_C(1) << 59) - 1);
    out[n++] = I(INT64_C(1) << 60);
    out[n++] = I(-(INT64_C(1) << 60));
    out[n++] = pow2(64, false, -1);
    out[n++] = pow2(64, false, 0);
    out[n++] = pow2(64, true, 0);
    out[n++] = F(1.5);
    out[n++] = F(-0.0);
    out[n++] = F(0.0);
    out[n++] = F(5e-324);
    out[n++] = F(DBL_MAX);
    out[n++] = A("abc");
    out[n++] = A("");
    out[n++] = A("hello world");
    out[n++] = A("λ");
    out[n++] = A("é");
    out[n++] = NIL;
    term abc[3] = {I('a'), I('b'), I('c')};
    out[n++] = heap_make_list(&heap, abc, 3, NIL);
    term l12[2] = {I(1), I(2)};
    out[n++] = heap_make_list(&heap, l12, 2, I(3));
    out[n++] = heap_make_tuple(&heap, 0, NULL);
    out[n++] = heap_make_tuple(&heap, 2, (term[]){A("a"), I(1)});
    out[n++] = bin_make(&heap, NULL, 0, NULL);
    out[n++] = bin_make(&heap, (const uint8_t[]){1, 2, 3}, 3, NULL);
    out[n++] = bin_make_bits(&heap, (const uint8_t[]){5 << 5}, 3);
    out[n++] = map_new(&heap);
    out[n++] = map_from_pairs(&heap, (term[]){A("a"), I(1)}, (term[]){I(1), A("a")}, 2);
    return n;
}

static size_t first_diff(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    size_t i = 0;
    while (i < an && i < bn && a[i] == b[i]) i++;
    return i;
}

Test(etf, oracle_roundtrip)
{
    oracle_t or;
    load_oracle(&or);
    cr_assert_geq(or.nterms, 300);
    term exp[64];
    size_t nexp = build_expected(exp);
    etf_buf_t buf = {0};
    size_t identical = 0, nonportable = 0;
    for (size_t i = 0; i < or.nterms; i++) {
        heap_t h;
        heap_init(&h);
        term first = NIL;
        for (size_t j = 0; j < or.nopts; j++) {
            const uint8_t *e = or.enc[i * or.nopts + j];
            size_t n = or.len[i * or.nopts + j];
            term t;
            size_t used = 0;
            etf_err_t r = etf_decode(e, n, &h, false, &t, &used);
            CHECK((r) == (ETF_OK), "term %zu opts %zu: decode failed (%d)", i, j, (int)r);
            CHECK((used) == (n), "term %zu opts %zu: used %zu of %zu", i, j, used, n);
            CHECK((etf_encode(t, &or.opts[j].o, &buf)) == (0), "term %zu opts %zu: encode failed", i, j);
            if (!or.portable[i] && !or.opts[j].o.deterministic) {
                /* erl's HAMT order here depends on its atom table: check
                 * that our bytes decode to the same term instead */
                heap_t h2;
                heap_init(&h2);
                term back;
                CHECK((etf_decode(buf.data, buf.size, &h2, false, &back, &used)) == (ETF_OK), "line %d", __LINE__);
                CHECK(cmp_eq_exact(back, t), "term %zu opts %zu: own encoding decodes differently", i, j);
                heap_free(&h2);
                nonportable++;
            } else {
                size_t d = first_diff(buf.data, buf.size, e, n);
            CHECK(buf.size == n && d == n,
                      "term %zu opts %zu: re-encoding differs at byte %zu (ours %zu bytes, erl %zu; ours %02x erl %02x)",
                      i, j, d, buf.size, n, d < buf.size ? buf.data[d] : 0, d < n ? e[d] : 0);
                identical++;
            }
            if (j == 0)
                first = t;
            else
                CHECK(cmp_eq_exact(first, t), "term %zu opts %zu: decodes differently", i, j);
        }
        if (i < nexp) CHECK(cmp_eq_exact(first, exp[i]), "term %zu is not the expected term", i);
        heap_free(&h);
    }
    /* most comparisons must be byte for byte */
    cr_assert_gt(identical, 8 * nonportable, "%zu identical, %zu order-dependent", identical, nonportable);
    etf_buf_free(&buf);
    free_oracle(&or);
}

/* Encodings of C-built terms are decoded back to =:= terms (covers terms
 * erl cannot print, such as sub binaries at odd bit offsets). */
Test(etf, c_terms_roundtrip)
{
    term exp[64];
    size_t n = build_expected(exp);
    /* a sub binary at bit offset 3 */
    uint8_t src[100];
    for (int i = 0; i < 100; i++) src[i] = (uint8_t)(i * 37 + 11);
    term orig = bin_make(&heap, src, 100, NULL);
    term_subbin_t *sb = (term_subbin_t *)heap_alloc(&heap, SUBBIN_WORDS);
    memset(sb, 0, sizeof *sb);
    sb->header = hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN);
    sb->size = 70;
    sb->bitsize = 5;
    sb->offs = 2;
    sb->bitoffs = 3;
    sb->orig = orig;
    exp[n++] = term_from_boxed_ptr((term *)sb);
    etf_buf_t buf = {0};
    for (size_t i = 0; i < n; i++) {
        for (int minor = 0; minor <= 2; minor++) {
            etf_enc_opts_t o;
            etf_enc_opts_default(&o);
            o.minor_version = minor;
            cr_assert_eq(etf_encode(exp[i], &o, &buf), 0);
            term t;
            size_t used;
            cr_assert_eq(etf_decode(buf.data, buf.size, &heap, false, &t, &used), ETF_OK, "term %zu", i);
            cr_assert_eq(used, buf.size);
            cr_assert(cmp_eq_exact(t, exp[i]), "term %zu minor %d", i, minor);
        }
    }
    etf_buf_free(&buf);
}

/* ---- hostile input ---- */

static etf_err_t dec(const uint8_t *b, size_t n, term *t)
{
    size_t used;
    return etf_decode(b, n, &heap, false, t, &used);
}

#define DEC_FAILS(...)                                                                             \
    do {                                                                                           \
        const uint8_t b_[] = {__VA_ARGS__};                                                        \
        term t_;                                                                                   \
        cr_assert_neq(dec(b_, sizeof b_, &t_), ETF_OK, "line %d: decoded", __LINE__);              \
    } while (0)

#define DEC_OK(...)                                                                                \
    ({                                                                                             \
        const uint8_t b_[] = {__VA_ARGS__};                                                        \
        term t_ = NIL;                                                                             \
        cr_assert_eq(dec(b_, sizeof b_, &t_), ETF_OK, "line %d: refused", __LINE__);               \
        t_;                                                                                        \
    })

/* Every proper prefix of a valid encoding is refused, and a refused
 * decode leaves the heap untouched. */
Test(etf, truncations)
{
    oracle_t or;
    load_oracle(&or);
    size_t checked = 0;
    for (size_t i = 0; i < or.nterms * or.nopts; i++) {
        size_t n = or.len[i];
        if (n > 700) continue;
        for (size_t k = 0; k < n; k++) {
            /* a copy of exactly k bytes, so ASan sees any overread */
            uint8_t *c = malloc(k ? k : 1);
            memcpy(c, or.enc[i], k);
            size_t words = heap.words;
            term t;
            size_t used;
            etf_err_t r = etf_decode(c, k, &heap, false, &t, &used);
            CHECK((r) == (ETF_ERR_BADARG), "encoding %zu cut to %zu of %zu bytes: %d", i, k, n, (int)r);
            CHECK((heap.words) == (words), "line %d", __LINE__);
            CHECK((heap.blocks) == NULL, "line %d", __LINE__);
            free(c);
        }
        checked++;
    }
    cr_assert_gt(checked, 500);
    free_oracle(&or);
}

/* Random corruption never crashes; whatever decodes also encodes. */
Test(etf, byte_flips)
{
    oracle_t or;
    load_oracle(&or);
    uint64_t seed = 0x9E3779B97F4A7C15u;
    etf_buf_t buf = {0};
    size_t decoded = 0, tried = 0;
    for (size_t i = 0; i < or.nterms * or.nopts; i++) {
        size_t n = or.len[i];
        if (n > 4000) continue;
        for (int rep = 0; rep < 40; rep++) {
            uint8_t *c = malloc(n);
            memcpy(c, or.enc[i], n);
            int flips = 1 + rep % 3;
            for (int f = 0; f < flips; f++) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                size_t at = (size_t)(seed % n);
                /* mostly small changes to lengths and tags, sometimes any byte */
                c[at] = (rep & 4) ? (uint8_t)(seed >> 32) : (uint8_t)(c[at] ^ (1u << ((seed >> 40) % 8)));
            }
            heap_t h;
            heap_init(&h);
            term t;
            size_t used;
            tried++;
            if (etf_decode(c, n, &h, rep & 1, &t, &used) == ETF_OK) {
                decoded++;
                CHECK((used) <= (n), "line %d", __LINE__);
                CHECK((etf_encode(t, NULL, &buf)) == (0), "line %d", __LINE__);
            }
            heap_free(&h);
            free(c);
        }
    }
    cr_assert_gt(tried, 10000);
    cr_assert_gt(decoded, 0);
    etf_buf_free(&buf);
    free_oracle(&or);
}

/* Claimed sizes far beyond the input fail at once. */
Test(etf, huge_claims)
{
    DEC_FAILS(131, 111, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 2, 3);        /* LARGE_BIG_EXT 2^32-1 bytes */
    DEC_FAILS(131, 108, 0xFF, 0xFF, 0xFF, 0xFF, 97, 1, 106);         /* list of 2^32-1 */
    DEC_FAILS(131, 108, 0x80, 0, 0, 0, 97, 1, 97, 1, 106);           /* list of 2^31 */
    DEC_FAILS(131, 105, 0xFF, 0xFF, 0xFF, 0xFF, 106);                /* tuple */
    DEC_FAILS(131, 116, 0xFF, 0xFF, 0xFF, 0xFF, 106, 106);           /* map */
    DEC_FAILS(131, 116, 0x80, 0, 0, 0, 106, 106);                    /* map: 2n overflows 32 bits */
    DEC_FAILS(131, 109, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3);            /* binary */
    DEC_FAILS(131, 77, 0xFF, 0xFF, 0xFF, 0xFF, 3, 1, 2, 3);          /* bitstring */
    DEC_FAILS(131, 107, 0xFF, 0xFF, 1, 2, 3);                         /* string */
    DEC_FAILS(131, 100, 0xFF, 0xFF, 'a');                             /* atom */
    DEC_FAILS(131, 90, 0xFF, 0xFF, 119, 1, 'a', 0, 0, 0, 0);         /* ref with 65535 numbers */
    DEC_FAILS(131, 80, 0xFF, 0xFF, 0xFF, 0xFF, 0x78, 0x9c, 0x03, 0); /* compressed, 4 GB claimed */
    /* a fun claiming 2^32-1 free variables */
    DEC_FAILS(131, 112, 0, 0, 0, 60, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0xFF, 0xFF,
              0xFF, 0xFF, 119, 1, 'm', 97, 0, 97, 0, 88, 119, 1, 'n', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 106);
    /* nested claims: each level fits, the total does not */
    DEC_FAILS(131, 108, 0, 0, 0, 3, 108, 0, 0, 0, 3, 108, 0, 0, 0, 3, 106, 106, 106, 106);
}

static size_t depth_of(term t)
{
    size_t d = 0;
    while (term_is_list(t) || (term_is_tuple(t) && term_tuple_arity(t) > 0)) {
        t = term_is_list(t) ? term_car(t) : term_tuple_elems(t)[0];
        d++;
    }
    return d;
}

/* 100,000 levels, built without recursion and written back the same. */
Test(etf, deep_nesting)
{
    enum { N = 100000 };
    uint8_t *b = malloc(1 + 6 * N + 1 + N + 8);
    etf_buf_t buf = {0};
    /* lists: [[[...]]] as LIST_EXT 1 + element + NIL tail */
    size_t k = 0;
    b[k++] = 131;
    for (int i = 0; i < N; i++) {
        b[k++] = 108;
        b[k++] = 0, b[k++] = 0, b[k++] = 0, b[k++] = 1;
    }
    b[k++] = 106;
    for (int i = 0; i < N; i++) b[k++] = 106;
    term t;
    size_t used;
    cr_assert_eq(etf_decode(b, k, &heap, false, &t, &used), ETF_OK);
    cr_assert_eq(used, k);
    cr_assert_eq(depth_of(t), N);
    cr_assert_eq(etf_encode(t, NULL, &buf), 0);
    cr_assert(buf.size == k && memcmp(buf.data, b, k) == 0);
    /* tuples: {{{...}}} */
    k = 0;
    b[k++] = 131;
    for (int i = 0; i < N; i++) b[k++] = 104, b[k++] = 1;
    b[k++] = 104;
    b[k++] = 0;
    cr_assert_eq(etf_decode(b, k, &heap, false, &t, &used), ETF_OK);
    cr_assert_eq(depth_of(t), N);
    cr_assert_eq(etf_encode(t, NULL, &buf), 0);
    cr_assert(buf.size == k && memcmp(buf.data, b, k) == 0);
    /* maps: #{k => #{k => ...}} */
    k = 0;
    b[k++] = 131;
    for (int i = 0; i < N; i++) b[k++] = 116, b[k++] = 0, b[k++] = 0, b[k++] = 0, b[k++] = 1, b[k++] = 106;
    b[k++] = 106;
    cr_assert_eq(etf_decode(b, k, &heap, false, &t, &used), ETF_OK);
    cr_assert_eq(etf_encode(t, NULL, &buf), 0);
    cr_assert(buf.size == k && memcmp(buf.data, b, k) == 0);
    /* cut short at the innermost level: refused, heap untouched */
    size_t words = heap.words;
    cr_assert_eq(etf_decode(b, k - 1, &heap, false, &t, &used), ETF_ERR_BADARG);
    cr_assert_eq(heap.words, words);
    free(b);
    etf_buf_free(&buf);
}

Test(etf, safe)
{
    term t;
    size_t used;
    /* an atom nobody has made */
    const uint8_t unknown[] = {131, 119, 12, 'n', 'o', '_', 's', 'u', 'c', 'h', '_', 'a', 't', 'o', 'm'};
    cr_assert_eq(etf_decode(unknown, sizeof unknown, &heap, true, &t, &used), ETF_ERR_UNSAFE);
    term probe;
    cr_assert_eq(atom_get_utf8(unknown + 3, 12, &probe), ATOM_ERR_NOT_FOUND, "safe created the atom");
    /* inside a structure and as a node name */
    const uint8_t nested[] = {131, 104, 2, 97, 1, 100, 0, 3, 'z', 'q', 'x'};
    cr_assert_eq(etf_decode(nested, sizeof nested, &heap, true, &t, &used), ETF_ERR_UNSAFE);
    const uint8_t pid[] = {131, 88, 119, 5, 'q', '@', 'z', 'z', 'z', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
    cr_assert_eq(etf_decode(pid, sizeof pid, &heap, true, &t, &used), ETF_ERR_UNSAFE);
    /* known atoms decode */
    const uint8_t known[] = {131, 104, 2, 100, 0, 2, 'o', 'k', 119, 4, 't', 'r', 'u', 'e'};
    cr_assert_eq(etf_decode(known, sizeof known, &heap, true, &t, &used), ETF_OK);
    cr_assert_eq(term_tuple_elems(t)[0], ATOM(ok));
    /* without safe the atom is made */
    cr_assert_eq(etf_decode(unknown, sizeof unknown, &heap, false, &t, &used), ETF_OK);
    cr_assert_eq(atom_get_utf8(unknown + 3, 12, &probe), ATOM_OK);
    cr_assert_eq(probe, t);
    /* an export of code that is not loaded is not created under safe */
    const uint8_t exp[] = {131, 113, 119, 3, 'z', 'z', 'q', 119, 2, 'o', 'k', 97, 2};
    term zzq = atom_from_cstr("zzq");
    cr_assert_eq(etf_decode(exp, sizeof exp, &heap, true, &t, &used), ETF_ERR_UNSAFE);
    cr_assert_null(export_get(zzq, ATOM(ok), 2));
    cr_assert_eq(etf_decode(exp, sizeof exp, &heap, false, &t, &used), ETF_OK);
    cr_assert(term_is_export(t));
    cr_assert_not_null(export_get(zzq, ATOM(ok), 2));
}

Test(etf, used_and_trailing)
{
    const uint8_t b[] = {131, 97, 1, 0, 0};
    term t;
    size_t used = 0;
    cr_assert_eq(etf_decode(b, sizeof b, &heap, false, &t, &used), ETF_OK);
    cr_assert_eq(used, 3);
    cr_assert_eq(t, term_from_small(1));
    /* compressed: header and the zlib stream, not what follows */
    etf_enc_opts_t o;
    etf_enc_opts_default(&o);
    o.compressed = 6;
    term l[200];
    for (int i = 0; i < 200; i++) l[i] = term_from_small(i % 3);
    term list = heap_make_list(&heap, l, 200, NIL);
    etf_buf_t buf = {0};
    cr_assert_eq(etf_encode(list, &o, &buf), 0);
    cr_assert_eq(buf.data[1], 80);
    size_t n = buf.size;
    uint8_t *c = malloc(n + 7);
    memcpy(c, buf.data, n);
    memset(c + n, 0xAB, 7);
    cr_assert_eq(etf_decode(c, n + 7, &heap, false, &t, &used), ETF_OK);
    cr_assert_eq(used, n);
    cr_assert(cmp_eq_exact(t, list));
    /* compression that does not pay is not used */
    cr_assert_eq(etf_encode(term_from_small(1), &o, &buf), 0);
    cr_assert_eq(buf.size, 3);
    cr_assert_eq(buf.data[1], 97);
    free(c);
    etf_buf_free(&buf);
}

/* What OTP 25 refuses or accepts (each case checked against erl). */
Test(etf, otp_corner_cases)
{
    term t;
    DEC_FAILS(131);
    DEC_FAILS(130, 106);
    DEC_FAILS(131, 82, 0);                                       /* ATOM_CACHE_REF */
    DEC_FAILS(131, 117, 0, 0, 0, 0, 100, 0, 1, 'a', 97, 1, 97, 2, 97, 3, 97, 4, 97, 5); /* FUN_EXT */
    DEC_FAILS(131, 70, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0);            /* infinity */
    DEC_FAILS(131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 98, 0, 0, 0, 1, 97, 2); /* duplicate key 1 */
    t = DEC_OK(131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 70, 63, 240, 0, 0, 0, 0, 0, 0, 97, 2); /* 1 and 1.0 */
    cr_assert_eq(map_size(t), 2);
    /* bit binaries: 1..8 bits in the last byte, or nothing at all */
    DEC_FAILS(131, 77, 0, 0, 0, 1, 0, 32);
    DEC_FAILS(131, 77, 0, 0, 0, 0, 1);
    DEC_FAILS(131, 77, 0, 0, 0, 1, 9, 32);
    t = DEC_OK(131, 77, 0, 0, 0, 1, 8, 32);
    cr_assert_eq(bin_bit_size(t), 8);
    t = DEC_OK(131, 77, 0, 0, 0, 0, 0);
    cr_assert_eq(bin_bit_size(t), 0);
    t = DEC_OK(131, 77, 0, 0, 0, 1, 3, 255); /* unused bits are dropped */
    cr_assert(cmp_eq_exact(t, bin_make_bits(&heap, (const uint8_t[]){0xE0}, 3)));
    /* a list of no elements is its tail */
    t = DEC_OK(131, 108, 0, 0, 0, 0, 97, 1);
    cr_assert_eq(t, term_from_small(1));
    t = DEC_OK(131, 107, 0, 0);
    cr_assert_eq(t, NIL);
    /* bignums: any length, leading zeros, smalls when they fit */
    cr_assert_eq(DEC_OK(131, 110, 0, 0), term_from_small(0));
    cr_assert_eq(DEC_OK(131, 110, 0, 1), term_from_small(0));
    cr_assert_eq(DEC_OK(131, 110, 2, 0, 0, 1), term_from_small(256));
    cr_assert_eq(DEC_OK(131, 111, 0, 0, 0, 1, 0, 7), term_from_small(7));
    cr_assert_eq(DEC_OK(131, 110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 8), term_from_small(MIN_SMALL));
    t = DEC_OK(131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0);
    cr_assert(term_is_big(t));
    /* FLOAT_EXT text */
    t = DEC_OK(131, 99, '1', '.', '0', 0, 'x', 'y', 'z', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0, 0, 0, 0, 0, 0);
    cr_assert_eq(term_float_val(t), 1.0);
    t = DEC_OK(131, 99, '1', '.', '0', 'e', '-', '4', '0', '0', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0, 0, 0, 0, 0, 0);
    cr_assert_eq(term_float_val(t), 0.0);
    DEC_FAILS(131, 99, '1', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    DEC_FAILS(131, 99, ' ', '1', '.', '0', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
              0, 0, 0);
    DEC_FAILS(131, 99, '1', '.', '5', 'e', '9', '9', '9', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
              0, 0, 0, 0, 0);
    /* atoms: Latin-1 bytes, at most 255 characters, valid UTF-8 */
    t = DEC_OK(131, 115, 1, 255);
    cr_assert(atom_is_latin1(t) && atom_chars(t) == 1);
    DEC_FAILS(131, 118, 0, 1, 255);
    /* local identifiers and their limits; old creations are 2 bits */
#define NN 119, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's', 't'
    t = DEC_OK(131, 88, NN, 0, 0, 0x7F, 0xFF, 0, 0, 0x1F, 0xFF, 0, 0, 0, 0);
    cr_assert(term_is_local_pid(t));
    cr_assert_eq(pid_number(t), 32767);
    cr_assert_eq(pid_serial(t), 8191);
    DEC_FAILS(131, 88, NN, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    DEC_FAILS(131, 88, NN, 0, 0, 0, 1, 0, 0, 0x20, 0, 0, 0, 0, 0);
    t = DEC_OK(131, 88, NN, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 1); /* creation 1: not us */
    cr_assert(term_is_ext_pid(t));
    t = DEC_OK(131, 103, NN, 0, 0, 0, 5, 0, 0, 0, 3, 0);
    cr_assert(term_is_local_pid(t));
    DEC_FAILS(131, 103, 119, 3, 'x', '@', 'y', 0, 0, 0, 5, 0, 0, 0, 3, 4);
    t = DEC_OK(131, 103, 119, 3, 'x', '@', 'y', 0, 0, 0, 5, 0, 0, 0, 3, 3);
    cr_assert(term_is_ext_pid(t));
    t = DEC_OK(131, 89, NN, 0x0F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0);
    cr_assert(term_is_local_port(t));
    DEC_FAILS(131, 89, NN, 0x10, 0, 0, 0, 0, 0, 0, 0);
    t = DEC_OK(131, 120, 119, 3, 'x', '@', 'y', 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    cr_assert(term_is_ext_port(t));
    t = DEC_OK(131, 90, 0, 1, NN, 0, 0, 0, 0, 0, 0, 0, 5); /* padded to 3 numbers */
    cr_assert(term_is_local_ref(t));
    cr_assert_eq(term_ref_numbers(t)[0], 5);
    cr_assert_eq(term_ref_numbers(t)[2], 0);
    DEC_FAILS(131, 90, 0, 0, NN, 0, 0, 0, 0);
    DEC_FAILS(131, 90, 0, 4, NN, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0, 0);
    DEC_FAILS(131, 90, 0, 3, NN, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 6, 0, 0, 0, 7);
    t = DEC_OK(131, 90, 0, 0, 119, 3, 'x', '@', 'y', 0, 0, 0, 0);
    cr_assert(term_is_ext_ref(t));
    DEC_FAILS(131, 90, 0, 6, 119, 3, 'x', '@', 'y', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0,
              0, 5, 0, 0, 0, 6);
#undef NN
    /* export funs: arity as any small integer encoding */
    t = DEC_OK(131, 113, 100, 0, 5, 'l', 'i', 's', 't', 's', 100, 0, 3, 'm', 'a', 'p', 98, 0, 0, 1, 0);
    cr_assert(term_is_export(t));
    DEC_FAILS(131, 113, 100, 0, 5, 'l', 'i', 's', 't', 's', 100, 0, 3, 'm', 'a', 'p', 98, 0xFF, 0xFF, 0xFF, 0xFF);
    /* compressed: the size must be exact */
    const uint8_t z[] = {131, 80, 0, 0, 0, 4, 120, 156, 75, 100, 100, 98, 6, 0, 1, 146, 0, 104};
    term c;
    size_t used;
    cr_assert_eq(etf_decode(z, sizeof z, &heap, false, &c, &used), ETF_OK); /* 97,1 + 2 bytes ignored */
    cr_assert_eq(c, term_from_small(1));
    cr_assert_eq(used, sizeof z);
    uint8_t z2[sizeof z];
    memcpy(z2, z, sizeof z);
    z2[5] = 3;
    cr_assert_eq(etf_decode(z2, sizeof z2, &heap, false, &c, &used), ETF_ERR_BADARG);
    z2[5] = 5;
    cr_assert_eq(etf_decode(z2, sizeof z2, &heap, false, &c, &used), ETF_ERR_BADARG);
}
