/*
 * test_bif_re.c - the re BIFs of runtime/bif/re.c: re:run and
 * re:internal_run against erl (tests/data/bif_re.escript), and what the
 * oracle cannot check because an MP's bytes differ between erl and laser:
 * compile -> run with our MPs, inspect, rejecting foreign MP binaries
 * (against erl's MPs as tests/data/bif_re_mp.escript describes them).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bif.h"
#include "bin.h"
#include "cmp.h"
#include "etf.h"
#include "support/bif_oracle.h"
#include "support/oracle.h"

Test(bif_re, run_matches_erl)
{
    cr_assert_gt(bif_oracle_run("bif_re"), 10000);
}

/* ---- helpers: build terms on a scratch heap and call BIFs directly ---- */

static heap_t th;
static proc_t *tp;

static void setup(void)
{
    bif_init();
    heap_init(&th);
    tp = proc_new(term_make_pid(7, 0), 0);
}

static void teardown(void)
{
    proc_free(tp);
    heap_free(&th);
}

static term str(const char *s)
{
    term l = NIL;
    for (size_t i = strlen(s); i-- > 0;) l = heap_make_cons(&th, term_from_small((uint8_t)s[i]), l);
    return l;
}

static term bin(const char *s) { return bin_make(&th, (const uint8_t *)s, strlen(s), NULL); }

static term list(size_t n, const term *e) { return heap_make_list(&th, e, n, NIL); }

static term tup(size_t n, const term *e) { return heap_make_tuple(&th, n, e); }

static term call(term (*f)(proc_t *, const term *), size_t n, const term *args)
{
    tp->fclass = EXC_NONE;
    term r = f(tp, args);
    proc_heap_close(tp);
    return r;
}

static bool raised_badarg(term r) { return !term_is_value(r) && tp->fclass == EXC_ERROR && tp->fvalue == ATOM(badarg); }

/* {ok, MP} = re:compile(P, Opts) */
static term compile_ok(term pattern, term opts)
{
    term a[2] = {pattern, opts};
    term r = call(bif_re_compile_2, 2, a);
    cr_assert(term_is_value(r) && term_is_tuple(r) && term_tuple_elems(r)[0] == ATOM(ok), "compile failed");
    return term_tuple_elems(r)[1];
}

/* {match, [{Start, Len}]} with one pair */
static void assert_match1(term r, int64_t start, int64_t len)
{
    cr_assert(term_is_value(r) && term_is_tuple(r) && term_tuple_elems(r)[0] == ATOM(match));
    term l = term_tuple_elems(r)[1];
    cr_assert(term_is_list(l) && term_is_nil(term_cdr(l)));
    const term *pr = term_tuple_elems(term_car(l));
    cr_assert_eq(term_to_small(pr[0]), start);
    cr_assert_eq(term_to_small(pr[1]), len);
}

TestSuite(bif_re_mp, .init = setup, .fini = teardown);

Test(bif_re_mp, compiled_pattern_has_otp_shape_and_runs)
{
    term opts[1] = {ATOM(caseless)};
    term mp = compile_ok(str("(b+)(?<x>c)?"), list(1, opts));
    const term *e = term_tuple_elems(mp);
    cr_assert_eq(term_tuple_arity(mp), 5);
    cr_assert_eq(e[0], ATOM(re_pattern));
    cr_assert_eq(e[1], term_from_small(2)); /* groups */
    cr_assert_eq(e[2], term_from_small(0)); /* not unicode */
    cr_assert_eq(e[3], term_from_small(0)); /* newline LF */
    cr_assert(term_is_bitstring(e[4]));

    term a[2] = {str("aBBd"), mp};
    term r = call(bif_re_run_2, 2, a);
    cr_assert(term_is_value(r));
    /* {match, [{1,2},{1,2}]}: the unset trailing group is left out */
    term l = term_tuple_elems(r)[1];
    cr_assert_eq(term_to_small(term_tuple_elems(term_car(l))[1]), 2);
    cr_assert(term_is_nil(term_cdr(term_cdr(l))));

    /* a compile option with an MP is badarg; run options are fine */
    term o1[1] = {ATOM(caseless)};
    term a3[3] = {str("abb"), mp, list(1, o1)};
    cr_assert(raised_badarg(call(bif_re_run_3, 3, a3)));
    term o2[1] = {ATOM(notbol)};
    term a4[3] = {bin("xbbb"), mp, list(1, o2)};
    term r4 = call(bif_re_run_3, 3, a4);
    cr_assert(term_is_value(r4) && term_tuple_elems(r4)[0] == ATOM(match));
}

/* An MP is plain data: a copy of its binary (another node, term_to_binary,
 * a VM restart) works like the original. */
Test(bif_re_mp, copied_mp_runs)
{
    term mp = compile_ok(str("b+"), NIL);
    const term *e = term_tuple_elems(mp);
    bin_view_t v;
    bin_view(e[4], &v);
    term copy[5] = {e[0], e[1], e[2], e[3], bin_make(&th, v.base, (size_t)(v.bitsize / 8), NULL)};
    term a[2] = {str("abbc"), tup(5, copy)};
    assert_match1(call(bif_re_run_2, 2, a), 1, 2);
}

/* PCRE1 took {newline, NL} at match time too: an MP compiled for LF runs
 * with CRLF conventions when asked. */
Test(bif_re_mp, run_newline_overrides_compiled)
{
    term mp = compile_ok(str("a$"), NIL);
    term a[2] = {str("a\r\n"), mp};
    cr_assert_eq(call(bif_re_run_2, 2, a), ATOM(nomatch));
    term nl[2] = {ATOM(newline), ATOM(crlf)};
    term o[1] = {tup(2, nl)};
    term a3[3] = {str("a\r\n"), mp, list(1, o)};
    assert_match1(call(bif_re_run_3, 3, a3), 0, 1);
}

Test(bif_re_mp, flags_of_the_mp)
{
    term u[1] = {ATOM(unicode)};
    term mp = compile_ok(str("."), list(1, u));
    cr_assert_eq(term_tuple_elems(mp)[2], term_from_small(1));
    /* a unicode MP takes chardata subjects */
    term s[2] = {term_from_small(0x100), term_from_small('a')};
    term a[2] = {list(2, s), mp};
    assert_match1(call(bif_re_run_2, 2, a), 0, 2);

    term nl[2] = {ATOM(newline), ATOM(crlf)};
    term o[1] = {tup(2, nl)};
    cr_assert_eq(term_tuple_elems(compile_ok(str("a"), list(1, o)))[3], term_from_small(1));
    cr_assert_eq(term_tuple_elems(compile_ok(str("(*CRLF)a"), NIL))[3], term_from_small(1));
    cr_assert_eq(term_tuple_elems(compile_ok(str("(*CR)a"), NIL))[3], term_from_small(0));
}

Test(bif_re_mp, compile_errors)
{
    term a[1] = {str("(a")};
    term r = call(bif_re_compile_1, 1, a);
    term want_s[2] = {str("missing )"), term_from_small(2)};
    term want_i[2] = {ATOM(error), tup(2, want_s)};
    cr_assert(cmp_eq_exact(r, tup(2, want_i)));
    /* run options are badarg for compile, as are bad patterns */
    term g[1] = {ATOM(global)};
    term a2[2] = {str("a"), list(1, g)};
    cr_assert(raised_badarg(call(bif_re_compile_2, 2, a2)));
    term big[1] = {term_from_small(256)};
    term a3[1] = {list(1, big)};
    cr_assert(raised_badarg(call(bif_re_compile_1, 1, a3)));
}

Test(bif_re_mp, inspect_namelist)
{
    term nl = ATOM(namelist);
    term a[2] = {compile_ok(str("(?<b>x)(?<a>y)(z)"), NIL), nl};
    term r = call(bif_re_inspect_2, 2, a);
    term names[2] = {bin("a"), bin("b")};
    term want[2] = {ATOM(namelist), list(2, names)};
    cr_assert(cmp_eq_exact(r, tup(2, want)));

    term d[1] = {ATOM(dupnames)};
    term a2[2] = {compile_ok(str("(?<n>x)|(?<n>y)|(?<m>z)"), list(1, d)), nl};
    term names2[2] = {bin("m"), bin("n")};
    term want2[2] = {ATOM(namelist), list(2, names2)};
    cr_assert(cmp_eq_exact(call(bif_re_inspect_2, 2, a2), tup(2, want2)));

    term a3[2] = {compile_ok(str("x"), NIL), nl};
    term want3[2] = {ATOM(namelist), NIL};
    cr_assert(cmp_eq_exact(call(bif_re_inspect_2, 2, a3), tup(2, want3)));

    term a4[2] = {compile_ok(str("x"), NIL), ATOM(badarg)};
    cr_assert(raised_badarg(call(bif_re_inspect_2, 2, a4)));
    term a5[2] = {str("x"), nl};
    cr_assert(raised_badarg(call(bif_re_inspect_2, 2, a5)));
}

/* MPs we did not write: badarg from run and inspect, never a crash. */
Test(bif_re_mp, foreign_and_hostile_mps_are_badarg)
{
    /* the start of the MP erl 25 gives for "b" */
    static const uint8_t otp[] = {69, 82, 67, 80, 73, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 255, 255, 255, 255, 255, 255,
                                  255, 255, 98, 0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 131, 0, 5, 29, 98, 120, 0, 5, 0};
    term ours = term_tuple_elems(compile_ok(str("b"), NIL))[4];
    bin_view_t v;
    bin_view(ours, &v);
    uint8_t good[64];
    size_t n = (size_t)(v.bitsize / 8);
    cr_assert_lt(n, sizeof good);
    memcpy(good, v.base, n);

    uint8_t bad_opts[64], bad_src[64], bad_nl[64], nul_src[64];
    memcpy(bad_opts, good, n);
    bad_opts[8] |= 0x02; /* PCRE2_ALT_BSUX: an option we never set */
    memcpy(bad_nl, good, n);
    bad_nl[5] = 9;
    memcpy(bad_src, good, n);
    bad_src[n - 1] = '('; /* "(": does not compile */
    memcpy(nul_src, good, n);
    nul_src[n - 1] = 0;

    struct {
        const uint8_t *b;
        size_t n;
    } bins[] = {{otp, sizeof otp}, {good, 4}, {good, 11}, {bad_opts, n}, {bad_nl, n}, {bad_src, n}, {nul_src, n},
                {(const uint8_t *)"garbage garbage garbage", 23}, {good, 0}};
    for (size_t i = 0; i < sizeof bins / sizeof bins[0]; i++) {
        term e[5] = {ATOM(re_pattern), term_from_small(0), term_from_small(0), term_from_small(0),
                     bin_make(&th, bins[i].b, bins[i].n, NULL)};
        term mp = tup(5, e);
        term a[2] = {str("abc"), mp};
        cr_assert(raised_badarg(call(bif_re_run_2, 2, a)), "MP binary %zu accepted by run", i);
        term a2[2] = {mp, ATOM(namelist)};
        cr_assert(raised_badarg(call(bif_re_inspect_2, 2, a2)), "MP binary %zu accepted by inspect", i);
    }
    /* wrong shapes around a good binary */
    term gb = bin_make(&th, good, n, NULL);
    term shapes[][5] = {{ATOM(re_pattern), term_from_small(0), term_from_small(0), term_from_small(0), str("x")},
                        {ATOM(error), term_from_small(0), term_from_small(0), term_from_small(0), gb},
                        {ATOM(re_pattern), ATOM(ok), term_from_small(0), term_from_small(0), gb}};
    for (size_t i = 0; i < 3; i++) {
        term a[2] = {str("abc"), tup(5, shapes[i])};
        cr_assert(raised_badarg(call(bif_re_run_2, 2, a)), "shape %zu accepted", i);
    }
    /* the unmodified copy still works */
    term e[5] = {ATOM(re_pattern), term_from_small(0), term_from_small(0), term_from_small(0), gb};
    term a[2] = {str("abc"), tup(5, e)};
    assert_match1(call(bif_re_run_2, 2, a), 1, 1);
}

Test(bif_re_mp, version_is_pcre2s)
{
    term r = call(bif_re_version_0, 0, NULL);
    cr_assert(term_is_bitstring(r));
    bin_view_t v;
    bin_view(r, &v);
    cr_assert_gt(v.bitsize, 8 * 5);
    cr_assert_eq(memcmp(v.base, "10.", 3), 0);
}

/* More distinct patterns than the cache has slots: evicted MPs recompile. */
Test(bif_re_mp, cache_eviction_keeps_mps_working)
{
    enum { N = 700 };
    static term mps[N];
    char pat[32];
    for (int i = 0; i < N; i++) {
        snprintf(pat, sizeof pat, "x%dy", i);
        mps[i] = compile_ok(str(pat), NIL);
    }
    for (int i = 0; i < N; i++) {
        char subj[40];
        snprintf(subj, sizeof subj, "--x%dy", i);
        term a[2] = {str(subj), mps[i]};
        assert_match1(call(bif_re_run_2, 2, a), 2, (int64_t)strlen(subj) - 2);
    }
}

/* Schedulers share the cache: threads running and compiling at once, with
 * more patterns than slots so that entries are replaced under their users. */
enum { THREADS = 4, ROUNDS = 400, SHARED = 300 };
static term shared_mps[SHARED];

static void *runner(void *arg)
{
    int id = (int)(intptr_t)arg;
    proc_t *p = proc_new(term_make_pid(100 + (uint32_t)id, 0), 0);
    heap_t h;
    heap_init(&h);
    long bad = 0;
    for (int r = 0; r < ROUNDS; r++) {
        int i = (r * 7 + id * 13) % SHARED;
        char subj[40];
        snprintf(subj, sizeof subj, "--x%dy", i);
        term args[2] = {bin_make(&h, (const uint8_t *)subj, strlen(subj), NULL), shared_mps[i]};
        term res = bif_re_run_2(p, args);
        proc_heap_close(p);
        if (!term_is_value(res) || !term_is_tuple(res) || term_tuple_elems(res)[0] != ATOM(match)) bad++;
        /* a text pattern of this thread's own: compiled and cached too */
        char pat[32];
        snprintf(pat, sizeof pat, "t%d_%d|y", id, r);
        term a2[2] = {args[0], bin_make(&h, (const uint8_t *)pat, strlen(pat), NULL)};
        res = bif_re_run_2(p, a2);
        proc_heap_close(p);
        if (!term_is_value(res) || !term_is_tuple(res)) bad++;
    }
    heap_free(&h);
    proc_free(p);
    return (void *)(intptr_t)bad;
}

Test(bif_re_mp, concurrent_runs_share_the_cache)
{
    char pat[32];
    for (int i = 0; i < SHARED; i++) {
        snprintf(pat, sizeof pat, "x%dy", i);
        shared_mps[i] = compile_ok(bin(pat), NIL);
    }
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, runner, (void *)(intptr_t)i);
    for (int i = 0; i < THREADS; i++) {
        void *bad;
        pthread_join(t[i], &bad);
        cr_assert_eq((intptr_t)bad, 0, "thread %d had %ld wrong results", i, (long)(intptr_t)bad);
    }
}

/* erl's MPs, described by what is observable of them (bif_re_mp.escript):
 * ours must have the same flags, names, and give the same re:run outcomes. */
Test(bif_re_mp, mps_behave_like_erls)
{
    size_t len;
    uint8_t *data = oracle_read("bif_re_mp", &len);
    const uint8_t *q = data;
    uint32_t n = get_u32(&q);
    cr_assert_gt(n, 1000);
    size_t failures = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t sz = get_u32(&q);
        term rec;
        cr_assert_eq(etf_decode(q, sz, &th, false, &rec, NULL), ETF_OK, "record %u does not decode", i);
        q += sz;
        const term *r = term_tuple_elems(rec);
        term pat = r[0], copts = r[1], subj = r[2], ropts = r[3], flags = r[4], names = r[5], outcome = r[6];
        const char *fail = NULL;

        term ca[2] = {pat, copts};
        term c = call(bif_re_compile_2, 2, ca);
        if (!term_is_value(c) || term_tuple_elems(c)[0] != ATOM(ok)) {
            fail = "compile failed";
        } else {
            term mp = term_tuple_elems(c)[1];
            const term *m = term_tuple_elems(mp), *f = term_tuple_elems(flags);
            term ia[2] = {mp, ATOM(namelist)};
            term nl = call(bif_re_inspect_2, 2, ia);
            term ra[3] = {subj, mp, ropts};
            term res = call(bif_re_run_3, 3, ra);
            const term *o = term_tuple_elems(outcome);
            if (m[1] != f[0] || m[2] != f[1] || m[3] != f[2]) fail = "NumGroups/Unicode/UseCRLF differ";
            else if (!term_is_value(nl) || !cmp_eq_exact(term_tuple_elems(nl)[1], names)) fail = "namelist differs";
            else if (term_is_value(res) != (o[0] == ATOM(ok))) fail = "run: value vs exception";
            else if (term_is_value(res) && !cmp_eq_exact(res, o[1])) fail = "run: wrong result";
            else if (!term_is_value(res) && !cmp_eq_exact(tp->fvalue, o[1])) fail = "run: wrong exception";
        }
        if (fail && failures++ < 30) cr_log_error("bif_re_mp record %u: %s", i, fail);
    }
    free(data);
    cr_expect_eq(failures, 0, "%zu of %u MP records failed", failures, n);
}

/* {error, {compile, _}} */
static bool is_compile_error(term t)
{
    return term_is_value(t) && term_is_tuple(t) && term_tuple_arity(t) == 2 && term_tuple_elems(t)[0] == ATOM(error) &&
           term_is_tuple(term_tuple_elems(t)[1]) && term_tuple_elems(term_tuple_elems(t)[1])[0] == ATOM(compile);
}

/* Random pattern syntax (bif_re_syntax.escript): laser must agree with erl
 * on which patterns compile and on what those match; of the compile errors,
 * 98% must be reported with PCRE 8.44's exact message and offset. */
Test(bif_re_mp, random_syntax_agrees_with_erl)
{
    size_t len;
    uint8_t *data = oracle_read("bif_re_syntax", &len);
    const uint8_t *q = data;
    uint32_t n = get_u32(&q);
    size_t errors = 0, exact = 0, disagree = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t sz = get_u32(&q);
        term rec;
        cr_assert_eq(etf_decode(q, sz, &th, false, &rec, NULL), ETF_OK);
        q += sz;
        const term *r = term_tuple_elems(rec);
        term argv[3];
        unsigned k = 0;
        for (term l = r[2]; term_is_list(l); l = term_cdr(l)) argv[k++] = term_car(l);
        term res = call(bif_re_run_3, 3, argv);
        const term *o = term_tuple_elems(r[3]);
        cr_assert_eq(o[0], ATOM(ok), "erl raised for case %u", i);
        if (is_compile_error(o[1])) {
            errors++;
            if (!is_compile_error(res)) {
                if (disagree++ < 20) {
                    bin_view_t v;
                    bin_view(r[4], &v);
                    cr_log_error("syntax case %u: %.*s: erl rejects the pattern, laser does not", i,
                                 (int)(v.bitsize / 8), (const char *)v.base);
                }
            } else if (cmp_eq_exact(res, o[1])) {
                exact++;
            }
        } else if (!term_is_value(res) || !cmp_eq_exact(res, o[1])) {
            if (disagree++ < 20) {
                bin_view_t v;
                bin_view(r[4], &v);
                cr_log_error("syntax case %u: %.*s: different outcome", i, (int)(v.bitsize / 8), (const char *)v.base);
            }
        }
    }
    free(data);
    cr_log_info("bif_re_syntax: %u cases, %zu compile errors, %zu with erl's exact message and offset, %zu disagree",
                n, errors, exact, disagree);
    fprintf(stderr, "bif_re_syntax: %u cases, %zu compile errors, %zu exact, %zu disagree\n", n, errors, exact,
            disagree);
    cr_expect_eq(disagree, 0);
    cr_expect_geq(exact * 100, errors * 98, "only %zu of %zu compile errors exactly as erl", exact, errors);
}
