/*
 * test_pdict.c - the process dictionary's hash table (runtime/pdict.c):
 * keys that differ only by type, many keys sharing buckets while the table
 * doubles and halves, overwrite and erase inside a collision list, and the
 * lists get/0, get_keys/1 and erase/0 build.
 */
#include <criterion/criterion.h>

#include "atom.h"
#include "big.h"
#include "cmp.h"
#include "pdict.h"

static heap_t heap;
static pdict_t d;

static void setup(void)
{
    atom_init();
    heap_init(&heap);
}
static void teardown(void)
{
    pdict_free(&d);
    heap_free(&heap);
}
TestSuite(pdict, .init = setup, .fini = teardown);

static term tup(term a, term b) { return heap_make_tuple(&heap, 2, (term[]){a, b}); }
static term sm(int64_t i) { return term_from_small(i); }

static size_t len(term l)
{
    size_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) n++;
    return n;
}

Test(pdict, exact_keys)
{
    term one = sm(1), onef = heap_make_float(&heap, 1.0), t1 = tup(ATOM(ok), sm(1)), t1b = tup(ATOM(ok), sm(1));
    cr_assert(!term_is_value(pdict_get(&d, one)), "empty");
    cr_assert(!term_is_value(pdict_put(&d, &heap, one, sm(10))));
    cr_assert(!term_is_value(pdict_put(&d, &heap, onef, sm(11))), "1.0 is not the key 1");
    cr_assert(!term_is_value(pdict_put(&d, &heap, t1, sm(12))));
    cr_assert_eq(pdict_put(&d, &heap, t1b, sm(13)), sm(12), "an equal tuple elsewhere is the same key");
    cr_assert_eq(pdict_get(&d, one), sm(10));
    cr_assert_eq(pdict_get(&d, onef), sm(11));
    cr_assert_eq(pdict_get(&d, t1), sm(13));
    cr_assert_eq(d.n, 3u);
    cr_assert_eq(pdict_erase(&d, &heap, onef), sm(11));
    cr_assert(!term_is_value(pdict_erase(&d, &heap, onef)));
    cr_assert_eq(pdict_get(&d, one), sm(10));
    cr_assert_eq(len(pdict_list(&d, &heap, false)), 2u);
}

Test(pdict, grow_shrink_collide)
{
    enum { N = 3000 };
    for (int i = 0; i < N; i++) cr_assert(!term_is_value(pdict_put(&d, &heap, sm(i), sm(i * 2))));
    cr_assert_eq(d.n, (uint32_t)N);
    cr_assert_geq(d.nb, (uint32_t)N, "at most one key per bucket on average");
    /* buckets with several pairs exist at this load: overwrite and erase
     * every key, the ones inside collision lists included */
    for (int i = 0; i < N; i += 3) cr_assert_eq(pdict_put(&d, &heap, sm(i), sm(-i)), sm(i * 2));
    for (int i = 0; i < N; i++) cr_assert_eq(pdict_get(&d, sm(i)), sm(i % 3 ? i * 2 : -i), "key %d", i);
    cr_assert_eq(len(pdict_keys(&d, &heap, sm(-3))), 1u);
    for (int i = 0; i < N; i++)
        if (i % 10) cr_assert_eq(pdict_erase(&d, &heap, sm(i)), sm(i % 3 ? i * 2 : -i));
    cr_assert_eq(d.n, (uint32_t)N / 10);
    cr_assert_leq(d.nb, (uint32_t)N / 10 * 4, "the table halved as keys left");
    for (int i = 0; i < N; i++) cr_assert_eq(term_is_value(pdict_get(&d, sm(i))), i % 10 == 0);
    term all = pdict_clear(&d, &heap);
    cr_assert_eq(len(all), (size_t)N / 10);
    cr_assert_eq(d.n, 0u);
    cr_assert(!term_is_value(pdict_get(&d, sm(0))));
    cr_assert(!term_is_value(pdict_put(&d, &heap, sm(0), ATOM(ok))), "usable after clear");
}

Test(pdict, boxed_keys_share_buckets)
{
    /* tuples and bignums hash by content: equal copies find the pair */
    enum { N = 500 };
    for (int i = 0; i < N; i++) pdict_put(&d, &heap, tup(atom_from_cstr("k"), sm(i)), sm(i));
    for (int i = 0; i < N; i++) cr_assert_eq(pdict_get(&d, tup(atom_from_cstr("k"), sm(i))), sm(i));
    term keys = pdict_keys(&d, &heap, THE_NON_VALUE);
    cr_assert_eq(len(keys), (size_t)N);
    for (term l = keys; term_is_list(l); l = term_cdr(l)) cr_assert(term_is_tuple(term_car(l)));
}
