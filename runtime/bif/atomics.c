/*
 * atomics.c - arrays of 64-bit atomics (atomics.def): OTP's atomics module
 * and the erts_internal:counters_* BIFs behind counters' write_concurrency
 * arrays (counters' default arrays are atomics, as in counters.erl).
 *
 * An array is a resource (res.h): the handle is a magic ref as OTP's,
 * tied to no process, freed when the last term naming it is collected;
 * its size counts in its holders' virtual binary heaps. Values wrap at 64 bits;
 * a signed array reads them as int64, an unsigned one as uint64.
 * counters arrays are one plain array here (OTP keeps one per scheduler
 * for write concurrency; info's memory follows OTP's layout).
 */
#include "bif.h"
#include "big.h"
#include "map.h"
#include "res.h"
#include "scheduler.h"

#include <stdatomic.h>
#include <stdlib.h>

typedef struct {
    res_t res;
    bool is_signed;
    bool counters; /* made by erts_internal:counters_new/1 */
    uint64_t n;
    _Atomic uint64_t v[];
} atomics_t;

static void at_dtor(res_t *r) { free(r); }

static const res_type_t at_type = {"atomics", at_dtor, NULL, false};

#define AT_MAX ((uint64_t)1 << 40) /* elements: more is system_limit */

static term at_new(proc_t *p, term size, bool is_signed, bool counters)
{
    if (!term_is_integer(size) || (term_is_small(size) && term_to_small(size) < 1) ||
        (term_is_big(size) && term_big_is_neg(size)))
        BIF_BADARG(p);
    if (!term_is_small(size) || (uint64_t)term_to_small(size) > AT_MAX) BIF_ERROR(p, ATOM(system_limit));
    uint64_t n = (uint64_t)term_to_small(size);
    atomics_t *a = calloc(1, sizeof *a + n * sizeof(uint64_t));
    if (!a) BIF_ERROR(p, ATOM(system_limit));
    a->is_signed = is_signed;
    a->counters = counters;
    a->n = n;
    term h = res_register(proc_heap(p), &a->res, &at_type, p->id);
    res_set_size(&a->res, sizeof *a + n * sizeof(uint64_t));
    return h;
}

/* The array of t and the 0-based index of ix, with a reference held. */
static bool at_get(term t, term ix, bool counters, atomics_t **out, uint64_t *i)
{
    res_t *r;
    if (res_lookup(t, &at_type, &r) != RES_OK) return false;
    atomics_t *a = (atomics_t *)r;
    if (a->counters != counters || !term_is_small(ix) || term_to_small(ix) < 1 ||
        (uint64_t)term_to_small(ix) > a->n) {
        res_unref(r);
        return false;
    }
    *out = a, *i = (uint64_t)term_to_small(ix) - 1;
    return true;
}

/* An integer that fits 64 bits signed or unsigned, as its bit pattern. */
static bool as_word(term t, int64_t lo_min, bool allow_high, uint64_t *out)
{
    int64_t v;
    if (term_is_integer(t) && int_to_int64(t, &v)) {
        if (v < lo_min) return false;
        *out = (uint64_t)v;
        return true;
    }
    if (allow_high && term_is_big(t) && !term_big_is_neg(t) && term_big_size(t) == 1) {
        *out = term_big_digits(t)[0];
        return true;
    }
    return false;
}

/* A value to store: within the array's range. */
static bool value_in(const atomics_t *a, term t, uint64_t *out)
{
    return a->is_signed ? as_word(t, INT64_MIN, false, out) : as_word(t, 0, true, out);
}

/* An increment: any 64-bit pattern, signed or unsigned. */
static bool incr_in(term t, uint64_t *out) { return as_word(t, INT64_MIN, true, out); }

static term word_term(proc_t *p, const atomics_t *a, uint64_t w)
{
    return a->is_signed ? big_from_int64(proc_heap(p), (int64_t)w) : big_from_uint64(proc_heap(p), w);
}

static term done(atomics_t *a, term r)
{
    res_unref(&a->res);
    return r;
}

static term done_badarg(proc_t *p, atomics_t *a)
{
    res_unref(&a->res);
    BIF_BADARG(p);
}

#define ARRAY(p, t, ix, counters, a, i)                                                                               \
    atomics_t *a;                                                                                                      \
    uint64_t i;                                                                                                        \
    if (!at_get((t), (ix), (counters), &a, &i)) BIF_BADARG(p)

term bif_erts_internal_atomics_new_2(proc_t *p, const term *args)
{
    if (!term_is_small(args[1])) BIF_BADARG(p);
    return at_new(p, args[0], (term_to_small(args[1]) & 1) != 0, false);
}

static term put(proc_t *p, const term *args, bool counters)
{
    ARRAY(p, args[0], args[1], counters, a, i);
    uint64_t w;
    if (!value_in(a, args[2], &w)) return done_badarg(p, a);
    atomic_store(&a->v[i], w);
    return done(a, ATOM(ok));
}

static term get(proc_t *p, const term *args, bool counters)
{
    ARRAY(p, args[0], args[1], counters, a, i);
    return done(a, word_term(p, a, atomic_load(&a->v[i])));
}

static term add(proc_t *p, const term *args, bool counters, bool result)
{
    ARRAY(p, args[0], args[1], counters, a, i);
    uint64_t w;
    if (!incr_in(args[2], &w)) return done_badarg(p, a);
    uint64_t old = atomic_fetch_add(&a->v[i], w);
    return done(a, result ? word_term(p, a, old + w) : ATOM(ok));
}

term bif_atomics_put_3(proc_t *p, const term *args) { return put(p, args, false); }
term bif_atomics_get_2(proc_t *p, const term *args) { return get(p, args, false); }
term bif_atomics_add_3(proc_t *p, const term *args) { return add(p, args, false, false); }
term bif_atomics_add_get_3(proc_t *p, const term *args) { return add(p, args, false, true); }

term bif_atomics_exchange_3(proc_t *p, const term *args)
{
    ARRAY(p, args[0], args[1], false, a, i);
    uint64_t w;
    if (!value_in(a, args[2], &w)) return done_badarg(p, a);
    return done(a, word_term(p, a, atomic_exchange(&a->v[i], w)));
}

term bif_atomics_compare_exchange_4(proc_t *p, const term *args)
{
    ARRAY(p, args[0], args[1], false, a, i);
    uint64_t expected, desired;
    if (!value_in(a, args[2], &expected) || !value_in(a, args[3], &desired)) return done_badarg(p, a);
    if (atomic_compare_exchange_strong(&a->v[i], &expected, desired)) return done(a, ATOM(ok));
    return done(a, word_term(p, a, expected));
}

static term info_map(proc_t *p, atomics_t *a, bool with_range, uint64_t memory)
{
    heap_t *h = proc_heap(p);
    term keys[4], vals[4];
    size_t n = 0;
    if (with_range) {
        keys[n] = atom_from_cstr("max");
        vals[n++] = a->is_signed ? big_from_int64(h, INT64_MAX) : big_from_uint64(h, UINT64_MAX);
    }
    keys[n] = atom_from_cstr("memory"), vals[n++] = big_from_uint64(h, memory);
    if (with_range) keys[n] = atom_from_cstr("min"), vals[n++] = a->is_signed ? big_from_int64(h, INT64_MIN) : term_from_small(0);
    keys[n] = atom_from_cstr("size"), vals[n++] = big_from_uint64(h, a->n);
    return done(a, map_from_pairs(h, keys, vals, n));
}

term bif_atomics_info_1(proc_t *p, const term *args)
{
    res_t *r;
    if (res_lookup(args[0], &at_type, &r) != RES_OK) BIF_BADARG(p);
    atomics_t *a = (atomics_t *)r;
    if (a->counters) return done_badarg(p, a);
    /* OTP: a 40-byte header, then the values */
    return info_map(p, a, true, 40 + 8 * a->n);
}

/* ---- erts_internal's counters (counters.erl's write_concurrency) ---- */

term bif_erts_internal_counters_new_1(proc_t *p, const term *args) { return at_new(p, args[0], true, true); }
term bif_erts_internal_counters_get_2(proc_t *p, const term *args) { return get(p, args, true); }
term bif_erts_internal_counters_add_3(proc_t *p, const term *args) { return add(p, args, true, false); }
term bif_erts_internal_counters_put_3(proc_t *p, const term *args) { return put(p, args, true); }

term bif_erts_internal_counters_info_1(proc_t *p, const term *args)
{
    res_t *r;
    if (res_lookup(args[0], &at_type, &r) != RES_OK) BIF_BADARG(p);
    atomics_t *a = (atomics_t *)r;
    if (!a->counters) return done_badarg(p, a);
    /* OTP: a 32-byte header and one cache-line-padded copy of the values per
     * scheduler plus one */
    uint64_t line = (8 * a->n + 63) / 64 * 64;
    return info_map(p, a, false, 32 + (uint64_t)(sched_nthreads + 1) * line);
}
