/*
 * test_flt.c - float text (runtime/flt.c) against erl: float_to_list/1,2
 * with every kind of option, ~p and ~w, over tens of thousands of doubles
 * (tests/data/flt_format.escript), and list_to_float / binary_to_float on
 * valid, invalid and borderline text (flt_parse.escript). Plus properties
 * erl cannot be asked about in bulk: every shortest form reads back to the
 * same double and no shorter decimal does.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "atom.h"
#include "bin.h"
#include "flt.h"
#include "support/oracle.h"

static heap_t heap;

static void setup(void)
{
    atom_init();
    heap_init(&heap);
}

static void teardown(void) { heap_free(&heap); }

static void recycle(void)
{
    heap_free(&heap);
    heap_init(&heap);
}

TestSuite(flt, .init = setup, .fini = teardown);

static size_t split_lines(char *data, size_t len, char ***out)
{
    size_t cap = 1024, n = 0;
    char **lines = malloc(cap * sizeof *lines);
    char *p = data, *end = data + len;
    while (p < end) {
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

static char *field(char **s)
{
    char *p = *s;
    while (*p == ' ') p++;
    char *q = p;
    while (*q && *q != ' ') q++;
    if (*q) *q++ = '\0';
    *s = q;
    return p;
}

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint64_t to_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

/* Build float_to_list's option list from the escript's encoding. */
static term build_options(char *enc)
{
    term elems[8];
    size_t n = 0;
    term tail = NIL;
    for (char *tok = strtok(enc, ","); tok; tok = strtok(NULL, ",")) {
        if (!strcmp(tok, "none")) continue;
        if (!strcmp(tok, "short")) elems[n++] = ATOM(short);
        else if (!strcmp(tok, "compact")) elems[n++] = ATOM(compact);
        else if (!strcmp(tok, "foo")) elems[n++] = atom_from_cstr("foo");
        else if (!strcmp(tok, "improper")) tail = atom_from_cstr("foo");
        else {
            cr_assert(tok[1] == ':', "bad option %s", tok);
            term t[2] = {tok[0] == 'd' ? ATOM(decimals) : ATOM(scientific), term_from_small(atoll(tok + 2))};
            elems[n++] = heap_make_tuple(&heap, 2, t);
        }
    }
    return heap_make_list(&heap, elems, n, tail);
}

/* The characters of a list term into buf (ASCII only). */
static void list_text(term l, char *buf, size_t cap)
{
    size_t n = 0;
    for (; term_is_list(l) && n + 1 < cap; l = term_cdr(l)) buf[n++] = (char)term_to_small(term_car(l));
    buf[n] = '\0';
}

static void check(const char *got_txt, int got_len, const char *want, const char *what, double d)
{
    if (!strcmp(want, "!badarg")) {
        cr_assert(got_len < 0, "%s of %a (%.17g): erl badarg, laser %s", what, d, d, got_txt);
        return;
    }
    cr_assert(got_len >= 0, "%s of %a (%.17g): erl %s, laser badarg", what, d, d, want);
    cr_assert_eq((size_t)got_len, strlen(got_txt));
    cr_assert_str_eq(got_txt, want, "%s of %a (%.17g): erl %s, laser %s", what, d, d, want, got_txt);
}

Test(flt, format_oracle, .timeout = 120)
{
    size_t len;
    char *data = (char *)oracle_read("flt_format", &len);
    char **lines;
    size_t nl = split_lines(data, len, &lines);
    double d = 0;
    size_t floats = 0, shorts = 0, legacy = 0, decimals = 0, sci = 0, opts = 0, fast = 0;
    char buf[FLT_BUF_SIZE], what[64];
    for (size_t k = 0; k < nl; k++) {
        char *s = lines[k];
        char *tag = field(&s);
        if (!strcmp(tag, "F")) {
            d = from_bits(strtoull(field(&s), NULL, 16));
            char *want_short = field(&s), *want_p = field(&s), *want_legacy = field(&s);
            char sb[32];
            int n = flt_format_short(d, sb);
            check(sb, n, want_short, "short", d);
            /* ~p and ~w print floats as short does in OTP 25 */
            cr_assert_str_eq(want_p, "=", "~p/~w of %a differ from short: %s", d, want_p);
            flt_fmt_t fmt = {FLT_FMT_LEGACY, 20, false};
            n = flt_format(d, &fmt, buf);
            check(buf, n, want_legacy, "float_to_list/1", d);
            floats++;
            shorts++;
            legacy++;
        } else if (!strcmp(tag, "D")) {
            int nd = atoi(field(&s));
            bool compact = atoi(field(&s)) != 0;
            flt_fmt_t fmt = {FLT_FMT_DECIMALS, nd, compact};
            int n = flt_format(d, &fmt, buf);
            snprintf(what, sizeof what, "{decimals, %d}%s", nd, compact ? ", compact" : "");
            check(buf, n, field(&s), what, d);
            if (fabs(d) <= 9007199254740992.0 && nd < 19) fast++;
            decimals++;
        } else if (!strcmp(tag, "E")) {
            int nd = atoi(field(&s));
            flt_fmt_t fmt = {FLT_FMT_LEGACY, nd, false};
            int n = flt_format(d, &fmt, buf);
            snprintf(what, sizeof what, "{scientific, %d}", nd);
            check(buf, n, field(&s), what, d);
            sci++;
        } else if (!strcmp(tag, "O")) {
            char *enc = field(&s);
            char copy[128];
            snprintf(copy, sizeof copy, "%s", enc);
            const char *want = field(&s);
            term f = heap_make_float(&heap, d);
            term l = flt_to_list(&heap, f, build_options(enc));
            term b = flt_to_binary(&heap, f, build_options(copy));
            if (!strcmp(want, "!badarg")) {
                cr_assert(!term_is_value(l) && !term_is_value(b), "options %s on %a: erl badarg", copy, d);
            } else {
                cr_assert(term_is_value(l) && term_is_value(b), "options %s on %a: laser badarg, erl %s", copy, d, want);
                list_text(l, buf, sizeof buf);
                cr_assert_str_eq(buf, want, "float_to_list(%a, %s)", d, copy);
                bin_view_t v;
                bin_view(b, &v);
                cr_assert(v.bitsize == 8 * strlen(want) && memcmp(v.base, want, strlen(want)) == 0,
                          "float_to_binary(%a, %s)", d, copy);
            }
            opts++;
        } else if (tag[0]) {
            cr_assert_fail("bad record %s", tag);
        }
        if (k % 1024 == 0) recycle();
    }
    /* only floats are formatted: float_to_list(1, []) is badarg */
    cr_assert(!term_is_value(flt_to_list(&heap, term_from_small(1), NIL)));
    cr_assert(!term_is_value(flt_to_binary(&heap, ATOM(ok), NIL)));
    cr_assert(floats > 20000 && decimals > 4 * 20000 && sci > 2 * 20000 && opts > 100 && fast > 20000);
    cr_log_info("flt_format: %zu floats, %zu short/~p/~w, %zu float_to_list/1, %zu decimals (%zu on erl's fast path), "
                "%zu scientific, %zu option lists",
                floats, shorts, legacy, decimals, fast, sci, opts);
    free(lines);
    free(data);
}

static size_t unhex(const char *h, char *out)
{
    if (!strcmp(h, "-")) return 0;
    size_t n = strlen(h) / 2;
    for (size_t i = 0; i < n; i++) {
        char b[3] = {h[2 * i], h[2 * i + 1], 0};
        out[i] = (char)strtoul(b, NULL, 16);
    }
    return n;
}

static void check_parse(term r, const char *want, const char *what, const char *txt)
{
    if (!strcmp(want, "!badarg")) {
        cr_assert(!term_is_value(r), "%s(\"%s\"): erl badarg, laser %a", what, txt,
                  term_is_value(r) ? term_float_val(r) : 0.0);
        return;
    }
    cr_assert(term_is_value(r) && term_is_float(r), "%s(\"%s\"): erl %s, laser badarg", what, txt, want);
    cr_assert_eq(to_bits(term_float_val(r)), strtoull(want, NULL, 16), "%s(\"%s\"): erl %s, laser %016llx", what,
                 txt, want, (unsigned long long)to_bits(term_float_val(r)));
}

Test(flt, parse_oracle)
{
    size_t len;
    char *data = (char *)oracle_read("flt_parse", &len);
    char **lines;
    size_t nl = split_lines(data, len, &lines);
    size_t count = 0, bad = 0, odd = 0;
    char *txt = malloc(len + 1);
    for (size_t k = 0; k < nl; k++) {
        char *s = lines[k];
        char *tag = field(&s);
        if (!tag[0]) continue;
        if (!strcmp(tag, "L")) { /* odd lists: characters beyond a byte, improper tails */
            char *elems = field(&s), *want = field(&s);
            term items[8], tail = NIL;
            size_t n = 0;
            for (char *e = strtok(elems, ","); e && *e; e = strtok(NULL, ",")) {
                if (!strcmp(e, "tail")) tail = atom_from_cstr("tail");
                else if (!strcmp(e, "atom")) items[n++] = atom_from_cstr("atom");
                else if (strcmp(e, "none") != 0) items[n++] = term_from_small(atoll(e));
            }
            check_parse(flt_list_to_float(&heap, heap_make_list(&heap, items, n, tail)), want, "list_to_float",
                        "(odd list)");
            odd++;
            continue;
        }
        cr_assert_str_eq(tag, "S");
        size_t n = unhex(field(&s), txt);
        txt[n] = '\0';
        const char *want_list = field(&s), *want_bin = field(&s);
        term elems[1500];
        cr_assert(n < 1500);
        for (size_t i = 0; i < n; i++) elems[i] = term_from_small((unsigned char)txt[i]);
        check_parse(flt_list_to_float(&heap, heap_make_list(&heap, elems, n, NIL)), want_list, "list_to_float", txt);
        check_parse(flt_binary_to_float(&heap, bin_make(&heap, (const uint8_t *)txt, n, NULL)), want_bin,
                    "binary_to_float", txt);
        count++;
        bad += want_list[0] == '!';
        if (k % 1024 == 0) recycle();
    }
    cr_assert(count > 5000 && bad > 500 && bad < count && odd >= 10);
    cr_log_info("flt_parse: %zu strings, %zu of them badarg", count, bad);
    cr_assert(!term_is_value(flt_list_to_float(&heap, ATOM(ok))));
    cr_assert(!term_is_value(flt_binary_to_float(&heap, NIL)));
    free(txt);
    free(lines);
    free(data);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Shortest output reads back exactly, and dropping its last digit (rounded
 * either way) never does: it is the shortest. */
Test(flt, shortest_properties)
{
    for (int i = 0; i < 30000; i++) {
        uint64_t b = rng();
        if (((b >> 52) & 0x7FF) == 0x7FF) continue;
        double d = from_bits(b);
        if (d == 0.0) continue;
        uint64_t dig;
        int e;
        flt_shortest(d, &dig, &e);
        cr_assert(dig != 0 && dig % 10 != 0 && dig < UINT64_C(100000000000000000));
        char txt[64];
        snprintf(txt, sizeof txt, "%llue%d", (unsigned long long)dig, e);
        cr_assert_eq(strtod(txt, NULL), fabs(d), "%s does not read back as %a", txt, d);
        if (dig >= 10) {
            for (uint64_t c = dig / 10; c <= dig / 10 + 1; c++) {
                snprintf(txt, sizeof txt, "%llue%d", (unsigned long long)c, e + 1);
                cr_assert_neq(strtod(txt, NULL), fabs(d), "%s is shorter than the shortest of %a", txt, d);
            }
        }
        /* what float_to_list prints, list_to_float reads back exactly */
        char sb[32], lb[FLT_BUF_SIZE];
        int n = flt_format_short(d, sb);
        cr_assert(n > 0 && n < 26);
        double back;
        cr_assert(flt_from_text(sb, (size_t)n, &back) && to_bits(back) == b, "short text %s of %a", sb, d);
        flt_fmt_t sci17 = {FLT_FMT_LEGACY, 16, false};
        n = flt_format(d, &sci17, lb);
        cr_assert(flt_from_text(lb, (size_t)n, &back) && to_bits(back) == b, "{scientific, 16} text %s of %a", lb, d);
    }
}

/* "%.*e" and "%.*f" against the C library, which rounds the exact value as
 * erl's printf does, beyond what the oracle covers (every precision up to
 * 40 on random doubles). */
Test(flt, printf_matches_libc)
{
    char mine[FLT_BUF_SIZE], libc[2048];
    for (int i = 0; i < 3000; i++) {
        uint64_t b = rng();
        if (((b >> 52) & 0x7FF) == 0x7FF) continue;
        double d = from_bits(b);
        if (i % 2) d = ldexp(d, -(int)((b >> 52) & 0x7FF) + 1023 + (int)(rng() % 80) - 40); /* near 1 */
        int prec = (int)(rng() % 41);
        int n = flt_printf_e(d, prec, mine, sizeof mine);
        snprintf(libc, sizeof libc, "%.*e", prec, d);
        cr_assert(n >= 0);
        cr_assert_str_eq(mine, libc, "%%.%de of %a", prec, d);
        int m = snprintf(libc, sizeof libc, "%.*f", prec, d);
        n = flt_printf_f(d, prec, mine, sizeof mine);
        if (m >= (int)sizeof mine) cr_assert_eq(n, -1);
        else cr_assert_str_eq(mine, libc, "%%.%df of %a", prec, d);
    }
    /* long expansions: every digit of subnormals and huge values */
    char big[FLT_PRINTF_MAX], ref[4096];
    for (int i = 0; i < 400; i++) {
        uint64_t b = rng();
        if (((b >> 52) & 0x7FF) == 0x7FF) continue;
        if (i % 3 == 0) b &= (UINT64_C(1) << 52) - 1; /* subnormal */
        double d = from_bits(b);
        int prec = (int)(rng() % 1100);
        int m = snprintf(ref, sizeof ref, "%.*e", prec, d);
        int n = flt_printf_e(d, prec, big, sizeof big);
        if (m >= FLT_PRINTF_MAX) cr_assert_eq(n, -1);
        else cr_assert_str_eq(big, ref, "%%.%de of %a", prec, d);
        m = snprintf(ref, sizeof ref, "%.*f", prec, d);
        n = flt_printf_f(d, prec, big, sizeof big);
        if (m >= FLT_PRINTF_MAX) cr_assert_eq(n, -1);
        else cr_assert_str_eq(big, ref, "%%.%df of %a", prec, d);
    }
}
