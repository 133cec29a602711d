/*
 * pdict.c - the process dictionary (see pdict.h).
 *
 * Buckets double when there are more keys than buckets and halve when
 * fewer than a quarter are used (down to PD_MIN), so a lookup reads about
 * one pair. Rehashing builds the new buckets' lists on the process heap,
 * as OTP's does; the old ones become garbage.
 */
#include "pdict.h"

#include "cmp.h"
#include "copy.h"
#include "hash.h"

#include <stdlib.h>

#define PD_MIN 8

/* Any hash that agrees with =:= will do (the table's order is not OTP's
 * anyway): immediates and tuples of up to 8 immediates (the common keys)
 * by their words, the rest by OTP's internal hash. Equal terms of those
 * shapes have equal words (terms of this node are never external ones:
 * binary_to_term makes them local). */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xFF51AFD7ED558CCD);
    return h ^ (h >> 33);
}

static uint32_t slot_of(term key, uint32_t nb)
{
    if (term_is_immed(key)) return (uint32_t)mix(key) & (nb - 1);
    if (term_is_tuple(key) && term_tuple_arity(key) <= 8) {
        const term *e = term_tuple_elems(key);
        uint64_t n = term_tuple_arity(key), h = n;
        for (uint64_t i = 0; i < n; i++) {
            if (!term_is_immed(e[i])) return hash_internal(key, 0) & (nb - 1);
            h = (h ^ e[i]) * UINT64_C(0x9E3779B97F4A7C15);
        }
        return (uint32_t)mix(h) & (nb - 1);
    }
    return hash_internal(key, 0) & (nb - 1);
}

static bool key_is(term kv, term key)
{
    term k = term_tuple_elems(kv)[0];
    return k == key || cmp_eq_exact(k, key);
}

term pdict_get(const pdict_t *d, term key)
{
    if (!d->n) return THE_NON_VALUE;
    term b = d->b[slot_of(key, d->nb)];
    if (term_is_tuple(b)) return key_is(b, key) ? term_tuple_elems(b)[1] : THE_NON_VALUE;
    for (; term_is_list(b); b = term_cdr(b))
        if (key_is(term_car(b), key)) return term_tuple_elems(term_car(b))[1];
    return THE_NON_VALUE;
}

/* Add pair kv (its key not in the bucket) to bucket *b. */
static void bucket_add(heap_t *h, term *b, term kv)
{
    if (*b == NIL) *b = kv;
    else if (term_is_tuple(*b)) *b = heap_make_cons(h, kv, heap_make_cons(h, *b, NIL));
    else *b = heap_make_cons(h, kv, *b);
}

static void resize(pdict_t *d, heap_t *h, uint32_t nb)
{
    term *nbk = malloc(nb * sizeof *nbk);
    if (!nbk) laser_oom("process dictionary", nb * sizeof *nbk);
    for (uint32_t i = 0; i < nb; i++) nbk[i] = NIL;
    for (uint32_t i = 0; i < d->nb; i++) {
        term b = d->b[i];
        if (term_is_tuple(b)) {
            bucket_add(h, &nbk[slot_of(term_tuple_elems(b)[0], nb)], b);
        } else {
            for (; term_is_list(b); b = term_cdr(b))
                bucket_add(h, &nbk[slot_of(term_tuple_elems(term_car(b))[0], nb)], term_car(b));
        }
    }
    free(d->b);
    d->b = nbk;
    d->nb = nb;
}

/* The list l without its cell `at` (rebuilt up to it, the rest shared). */
static term remove_cell(heap_t *h, term l, term at)
{
    if (l == at) return term_cdr(l);
    return heap_make_cons(h, term_car(l), remove_cell(h, term_cdr(l), at));
}

/* The bucket's cell holding key (a list bucket), or NIL. */
static term find_cell(term b, term key)
{
    for (; term_is_list(b); b = term_cdr(b))
        if (key_is(term_car(b), key)) return b;
    return NIL;
}

static void new_table(pdict_t *d)
{
    d->b = malloc(PD_MIN * sizeof *d->b);
    if (!d->b) laser_oom("process dictionary", PD_MIN * sizeof *d->b);
    for (uint32_t i = 0; i < PD_MIN; i++) d->b[i] = NIL;
    d->nb = PD_MIN;
}

term pdict_put(pdict_t *d, heap_t *h, term key, term val)
{
    if (!d->nb) new_table(d);
    term kv = heap_make_tuple(h, 2, (term[]){key, val});
    term *b = &d->b[slot_of(key, d->nb)];
    if (term_is_tuple(*b) && key_is(*b, key)) {
        term old = term_tuple_elems(*b)[1];
        *b = kv;
        return old;
    }
    term cell = find_cell(*b, key);
    if (cell != NIL) {
        /* a list bucket holds two pairs or more: some stay with the new one */
        term old = term_tuple_elems(term_car(cell))[1];
        *b = heap_make_cons(h, kv, remove_cell(h, *b, cell));
        return old;
    }
    bucket_add(h, b, kv);
    if (++d->n > d->nb) resize(d, h, 2 * d->nb);
    return THE_NON_VALUE;
}

term pdict_erase(pdict_t *d, heap_t *h, term key)
{
    if (!d->n) return THE_NON_VALUE;
    term *b = &d->b[slot_of(key, d->nb)];
    term old;
    if (term_is_tuple(*b)) {
        if (!key_is(*b, key)) return THE_NON_VALUE;
        old = term_tuple_elems(*b)[1];
        *b = NIL;
    } else {
        term cell = find_cell(*b, key);
        if (cell == NIL) return THE_NON_VALUE;
        old = term_tuple_elems(term_car(cell))[1];
        term rest = remove_cell(h, *b, cell);
        *b = term_cdr(rest) == NIL ? term_car(rest) : rest; /* one pair left: the tuple itself */
    }
    if (--d->n < d->nb / 4 && d->nb > PD_MIN) resize(d, h, d->nb / 2);
    return old;
}

/* Cons pair kv onto r if its value is v (or v is THE_NON_VALUE): the pair
 * (copied when copy) or its key (keys). */
static term visit(heap_t *h, term kv, term v, bool keys, bool copy, term r)
{
    const term *e = term_tuple_elems(kv);
    if (term_is_value(v) && !cmp_eq_exact(e[1], v)) return r;
    return heap_make_cons(h, keys ? e[0] : copy ? copy_term(h, kv) : kv, r);
}

static term collect(const pdict_t *d, heap_t *h, term v, bool keys, bool copy)
{
    term r = NIL;
    for (uint32_t i = d->nb; i-- > 0;) {
        term b = d->b[i];
        if (term_is_tuple(b)) r = visit(h, b, v, keys, copy, r);
        for (; term_is_list(b); b = term_cdr(b)) r = visit(h, term_car(b), v, keys, copy, r);
    }
    return r;
}

term pdict_list(const pdict_t *d, heap_t *h, bool copy) { return collect(d, h, THE_NON_VALUE, false, copy); }

term pdict_keys(const pdict_t *d, heap_t *h, term v) { return collect(d, h, v, true, false); }

term pdict_clear(pdict_t *d, heap_t *h)
{
    term r = collect(d, h, THE_NON_VALUE, false, false);
    pdict_free(d);
    return r;
}

void pdict_free(pdict_t *d)
{
    free(d->b);
    d->b = NULL;
    d->nb = d->n = 0;
}
