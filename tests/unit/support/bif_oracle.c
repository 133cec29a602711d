/* bif_oracle.c - replay erl-computed BIF cases (see bif_oracle.h). */
#include "bif_oracle.h"

#include "oracle.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "bif.h"
#include "bin.h"
#include "cmp.h"
#include "etf.h"

/* Hex of a term's external encoding (truncated) for failure messages. */
static const char *hex_of(term t, char *buf, size_t cap)
{
    etf_buf_t x = {0};
    if (etf_encode(t, NULL, &x) != 0) return "(not encodable)";
    size_t k = 0;
    for (size_t i = 0; i < x.size && k + 3 < cap; i++) k += (size_t)snprintf(buf + k, cap - k, "%02x", x.data[i]);
    etf_buf_free(&x);
    return buf;
}

static bool same_encoding(term a, term b)
{
    etf_buf_t x = {0}, y = {0};
    bool same = etf_encode(a, NULL, &x) == 0 && etf_encode(b, NULL, &y) == 0 && x.size == y.size &&
                memcmp(x.data, y.data, x.size) == 0;
    etf_buf_free(&x);
    etf_buf_free(&y);
    return same && cmp_eq_exact(a, b);
}

static term class_atom(exc_class_t c)
{
    switch (c) {
    case EXC_ERROR: return ATOM(error);
    case EXC_EXIT: return ATOM(exit);
    case EXC_THROW: return ATOM(throw);
    default: return ATOM(undefined);
    }
}

/* One case; NULL if it passed, else what went wrong (static buffer). */
static const char *run_case(term rec)
{
    static char why[256];
    const term *r = term_tuple_elems(rec);
    term mod = r[0], fun = r[1], args = r[2], outcome = r[3];
    term argv[256];
    unsigned arity = 0;
    for (term l = args; term_is_list(l); l = term_cdr(l)) argv[arity++] = term_car(l);
    const bif_info_t *b = bif_lookup(mod, fun, arity);
    if (!b) return "no such BIF in bifs.def";

    proc_t *p = proc_new(term_make_pid(42, 0), 0);
    term res = b->fn(p, argv);
    proc_heap_close(p);
    const char *fail = NULL;
    const term *o = term_tuple_elems(outcome);
    if (term_is_value(res)) {
        if (o[0] != ATOM(ok)) fail = "returned a value, erl raised";
        else if (!same_encoding(res, o[1])) {
            char g[100], w[100];
            snprintf(why, sizeof why, "wrong result: got %s, erl %s", hex_of(res, g, sizeof g), hex_of(o[1], w, sizeof w));
            fail = why;
        }
    } else {
        if (o[0] == ATOM(ok)) fail = "raised, erl returned a value";
        else if (class_atom(p->fclass) != o[0]) fail = "wrong exception class";
        else if (!same_encoding(p->fvalue, o[1])) fail = "wrong exception reason";
        res = p->fvalue;
    }
    if (!fail && term_is_value(res)) {
        /* the result must survive a collection intact */
        gc_root_t root = {&res, 1};
        const char *bad = gc_verify(&p->mem, &root, 1);
        if (!bad && gc_collect_full(&p->mem, 0, &root, 1) != GC_OK) bad = "gc_collect failed";
        if (!bad) bad = gc_verify(&p->mem, &root, 1);
        if (bad) {
            snprintf(why, sizeof why, "heap broken after the call: %s", bad);
            fail = why;
        } else if (!same_encoding(res, term_is_value(o[1]) ? o[1] : res)) {
            fail = "result changed by garbage collection";
        }
    }
    proc_free(p);
    return fail;
}

size_t bif_oracle_run(const char *name)
{
    bif_init();
    size_t len;
    uint8_t *data = oracle_read(name, &len);
    const uint8_t *q = data;
    uint32_t n = get_u32(&q);
    heap_t h;
    heap_init(&h);
    size_t failures = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t sz = get_u32(&q);
        term rec;
        cr_assert_eq(etf_decode(q, sz, &h, false, &rec, NULL), ETF_OK, "%s: case %u does not decode", name, i);
        q += sz;
        const char *fail = run_case(rec);
        if (fail) {
            size_t tl;
            term text = term_tuple_elems(rec)[4];
            bin_view_t v;
            bin_view(text, &v);
            tl = (size_t)(v.bitsize / 8);
            if (failures++ < 40) cr_log_error("%s case %u: %.*s: %s", name, i, (int)tl, (const char *)v.base, fail);
        }
    }
    heap_free(&h);
    free(data);
    cr_expect_eq(failures, 0, "%s: %zu of %u cases failed", name, failures, n);
    return n;
}
