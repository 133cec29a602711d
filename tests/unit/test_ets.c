/*
 * test_ets.c - ETS storage (runtime/ets.c): the ordered_set skiplist keeps
 * term order under random inserts and deletes, hash tables grow and shrink
 * and keep every object, bags keep their runs, fixation keeps deleted
 * objects' places, and the registry finds tables by id and name.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "atom.h"
#include "cmp.h"
#include "ets.h"

static heap_t heap;

static void setup(void)
{
    atom_init();
    heap_init(&heap);
}

static void teardown(void) { heap_free(&heap); }

TestSuite(ets, .init = setup, .fini = teardown);

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) cr_assert_fail(__VA_ARGS__);                                                  \
    } while (0)

static ets_tab_t *mk(ets_type_t type, term wc)
{
    ets_opts_t o = {type, ETS_PUBLIC, false, false, false, false, wc, 1, ATOM(none), NIL};
    ets_tab_t *t = ets_new(atom_from_cstr("t"), term_make_pid(1, 0), &o);
    cr_assert(t);
    return t;
}

static term obj2(int64_t k, int64_t v)
{
    term e[2] = {term_from_small(k), term_from_small(v)};
    return heap_make_tuple(&heap, 2, e);
}

static void put(ets_tab_t *t, term tuple)
{
    ets_obj_t *o = ets_obj_for(t, tuple);
    uint32_t h = o->hash;
    ets_lock_key(t, ets_obj_key(t, o), h, true);
    ets_insert_obj(t, o, false);
    ets_unlock_key(t, h, true);
    ets_maybe_resize(t);
}

static size_t del(ets_tab_t *t, term key)
{
    uint32_t h = ets_hash_key(key);
    ets_lock_key(t, key, h, true);
    size_t n = ets_delete_key(t, key, h);
    ets_unlock_key(t, h, true);
    ets_maybe_resize(t);
    return n;
}

Test(ets, skiplist_order)
{
    ets_tab_t *t = mk(ETS_ORDERED_SET, ATOM(false));
    enum { N = 5000 };
    static bool in[N];
    srand(7);
    for (int i = 0; i < 20000; i++) {
        int k = rand() % N;
        if (rand() % 3) put(t, obj2(k, i)), in[k] = true;
        else {
            size_t n = del(t, term_from_small(k));
            CHECK(n == (in[k] ? 1u : 0u), "delete %d", k);
            in[k] = false;
        }
    }
    size_t count = 0;
    for (int k = 0; k < N; k++) count += in[k];
    cr_assert_eq(atomic_load(&t->size), count);
    /* forwards in order, every present key, and next/prev of absent keys */
    term prev = THE_NON_VALUE;
    size_t seen = 0;
    for (ets_obj_t *o = ets_first(t); o; o = o->fwd[0], seen++) {
        term k = ets_obj_key(t, o);
        CHECK(in[term_to_small(k)], "stray key");
        if (term_is_value(prev)) CHECK(cmp_terms(prev, k) < 0, "order");
        prev = k;
    }
    cr_assert_eq(seen, count);
    bool missing;
    for (int k = 0; k < N; k++) {
        ets_obj_t *n = ets_next(t, term_from_small(k), &missing);
        int j = k + 1;
        while (j < N && !in[j]) j++;
        CHECK(j == N ? !n : n && term_to_small(ets_obj_key(t, n)) == j, "next of %d", k);
        ets_obj_t *p = ets_prev(t, term_from_small(k), &missing);
        j = k - 1;
        while (j >= 0 && !in[j]) j--;
        CHECK(j < 0 ? !p : p && term_to_small(ets_obj_key(t, p)) == j, "prev of %d", k);
    }
    /* 1.0 is the key 1 in an ordered_set */
    put(t, obj2(1, 42));
    ets_obj_t *o = ets_find(t, heap_make_float(&heap, 1.0), 0);
    cr_assert(o && term_to_small(term_tuple_elems(o->val)[1]) == 42);
    ets_delete_table(t);
}

Test(ets, hash_grow_shrink)
{
    ets_tab_t *t = mk(ETS_SET, ATOM(true));
    cr_assert_eq(ets_nslots(t), 256u);
    enum { N = 100000 };
    for (int i = 0; i < N; i++) put(t, obj2(i, i * 2));
    cr_assert_eq(atomic_load(&t->size), (uint64_t)N);
    cr_assert_eq(ets_nslots(t), (size_t)N, "grew to %zu", ets_nslots(t)); /* one slot per object */
    for (int i = 0; i < N; i += 7) {
        ets_obj_t *o = ets_find(t, term_from_small(i), ets_hash_key(term_from_small(i)));
        CHECK(o && term_to_small(term_tuple_elems(o->val)[1]) == i * 2, "find %d", i);
    }
    /* 1.0 is not the key 1 in a set */
    cr_assert_null(ets_find(t, heap_make_float(&heap, 1.0), ets_hash_key(heap_make_float(&heap, 1.0))));
    for (int i = 0; i < N - 10; i++) CHECK(del(t, term_from_small(i)) == 1, "del %d", i);
    cr_assert_eq(atomic_load(&t->size), 10u);
    /* erts keeps two segments (2304 slots) once they exist */
    cr_assert_eq(ets_nslots(t), 2304u, "shrank to %zu", ets_nslots(t));
    size_t b = 0, n = 0;
    for (ets_obj_t *o = ets_iter(t, NULL, &b); o; o = ets_iter(t, o, &b)) n++;
    cr_assert_eq(n, 10u);
    ets_delete_table(t);
}

Test(ets, fixed_delete_keeps_place)
{
    ets_tab_t *t = mk(ETS_SET, ATOM(false));
    for (int i = 0; i < 1000; i++) put(t, obj2(i, i));
    term pid = term_make_pid(1, 0);
    ets_fix(t, pid, true);
    /* delete everything while walking: next of each deleted key works */
    size_t walked = 0;
    bool missing = false;
    ets_obj_t *o = ets_first(t);
    while (o) {
        term k = ets_obj_key(t, o);
        del(t, k);
        walked++;
        o = ets_next(t, k, &missing);
        CHECK(!missing, "lost place");
    }
    cr_assert_eq(walked, 1000u);
    cr_assert_eq(atomic_load(&t->size), 0u);
    cr_assert_eq(atomic_load(&t->ndead), 1000u);
    ets_fix(t, pid, false);
    cr_assert_eq(atomic_load(&t->ndead), 0u);
    ets_next(t, term_from_small(5), &missing);
    cr_assert(missing);
    ets_delete_table(t);
}

Test(ets, bag_runs)
{
    ets_tab_t *t = mk(ETS_BAG, ATOM(false));
    for (int i = 0; i < 3; i++) put(t, obj2(1, i));
    put(t, obj2(1, 1)); /* an equal object: no change */
    put(t, obj2(2, 9));
    ets_obj_t *o = ets_find(t, term_from_small(1), ets_hash_key(term_from_small(1)));
    int n = 0;
    for (; o; o = ets_same_next(t, o)) n++;
    cr_assert_eq(n, 3);
    cr_assert_eq(atomic_load(&t->size), 4u);
    term full = obj2(1, 2);
    cr_assert_eq(ets_delete_matching(t, full, ets_hash_key(term_from_small(1))), 1u);
    cr_assert_eq(atomic_load(&t->size), 3u);
    ets_delete_table(t);
}

Test(ets, registry)
{
    ets_opts_t o = {ETS_SET, ETS_PUBLIC, true, false, false, false, ATOM(false), 1, ATOM(none), NIL};
    term name = atom_from_cstr("ets_unit_named");
    ets_tab_t *t = ets_new(name, term_make_pid(1, 0), &o);
    cr_assert(t);
    cr_assert_null(ets_new(name, term_make_pid(1, 0), &o), "name taken");
    ets_tab_t *g = ets_get(name);
    cr_assert_eq(g, t);
    ets_put(g);
    term ref = ets_ref(&heap, t);
    g = ets_get(ref);
    cr_assert_eq(g, t);
    cr_assert(ets_delete_table(t));
    cr_assert_null(ets_get(name));
    cr_assert_null(ets_get(ref));
    ets_put(g); /* the last reference frees it */
}

/* An ordered_set with write_concurrency splits a contended key range; the
 * ranges together keep term order for every traversal. */
Test(ets, ordered_ranges_split)
{
    ets_tab_t *t = mk(ETS_ORDERED_SET, ATOM(true));
    enum { N = 3000 };
    for (int i = 0; i < N; i++) put(t, obj2(i * 2, i));
    for (int round = 0; round < 5; round++) {
        /* as if every range's lock had been contended */
        for (uint32_t i = 0; i < t->nparts; i++) atomic_store(&t->parts[i]->waits, 100);
        atomic_store(&t->split_due, true);
        ets_maybe_resize(t);
    }
    cr_assert_eq(t->nparts, 32u, "ranges %u", t->nparts);
    for (int i = 0; i < 40; i += 2) del(t, term_from_small(i * 37 % (2 * N)));
    put(t, obj2(-1, 0));
    put(t, obj2(2 * N + 1, 0));
    size_t n = 0;
    term prev = THE_NON_VALUE;
    for (ets_obj_t *o = ets_first(t); o; o = ets_succ(t, o), n++) {
        if (term_is_value(prev)) CHECK(cmp_terms(prev, ets_obj_key(t, o)) < 0, "order");
        prev = ets_obj_key(t, o);
    }
    cr_assert_eq(n, atomic_load(&t->size));
    bool missing;
    size_t back = 0;
    for (ets_obj_t *o = ets_last(t); o; o = ets_prev(t, ets_obj_key(t, o), &missing)) back++;
    cr_assert_eq(back, n);
    for (int k = -2; k < 2 * N + 3; k++) {
        ets_obj_t *x = ets_next(t, term_from_small(k), &missing);
        int64_t want = k + 1;
        while (want <= 2 * N + 1 && !ets_find(t, term_from_small(want), 0)) want++;
        CHECK(want > 2 * N + 1 ? !x : x && term_to_small(ets_obj_key(t, x)) == want, "next of %d", k);
    }
    ets_delete_table(t);
}
