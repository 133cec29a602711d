/*
 * test_map.c - maps (runtime/map.c): flatmaps, HAMTs and the switch
 * between them, checked against erl.
 *
 * tests/data/map_order.escript builds maps with maps:from_list, maps:put
 * and maps:remove (sizes crossing 32 both ways, up to 100,000 keys) and
 * records maps:keys/1 and term_to_binary/1 of each. Here the same maps are
 * built with map_from_pairs / map_put / map_remove and must iterate in the
 * same order, encode to the same bytes, and find every key.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "atom.h"
#include "big.h"
#include "bin.h"
#include "cmp.h"
#include "etf.h"
#include "map.h"
#include "support/oracle.h"

static heap_t heap;

static void setup(void)
{
    atom_init();
    heap_init(&heap);
}

static void teardown(void) { heap_free(&heap); }

TestSuite(map, .init = setup, .fini = teardown);

/* An assertion for hot loops: Criterion reports every passing cr_assert to
 * its runner, which hundreds of thousands of checks make slow. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) cr_assert_fail(__VA_ARGS__);                                                  \
    } while (0)

static size_t list_len(term l)
{
    size_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) n++;
    return n;
}

/* Build the map the way the record says erl built it. */
static term build(term how)
{
    const term *e = term_tuple_elems(how);
    if (e[0] == atom_from_cstr("from_list")) {
        size_t n = list_len(e[1]), i = 0;
        term *ks = malloc((n + 1) * sizeof *ks), *vs = malloc((n + 1) * sizeof *vs);
        for (term l = e[1]; term_is_list(l); l = term_cdr(l), i++) {
            ks[i] = term_tuple_elems(term_car(l))[0];
            vs[i] = term_tuple_elems(term_car(l))[1];
        }
        term m = map_from_pairs(&heap, ks, vs, n);
        free(ks);
        free(vs);
        return m;
    }
    CHECK((e[0]) == (atom_from_cstr("ops")), "line %d", __LINE__);
    term put = atom_from_cstr("put"), m = map_new(&heap);
    for (term l = e[1]; term_is_list(l); l = term_cdr(l)) {
        const term *op = term_tuple_elems(term_car(l));
        size_t before = map_size(m);
        bool had = term_is_value(map_get(m, op[1]));
        if (op[0] == put) {
            m = map_put(&heap, m, op[1], op[2]);
            CHECK((map_size(m)) == (before + !had), "line %d", __LINE__);
            CHECK(cmp_eq_exact(map_get(m, op[1]), op[2]), "line %d", __LINE__);
        } else {
            m = map_remove(&heap, m, op[1]);
            CHECK((map_size(m)) == (before - had), "line %d", __LINE__);
            CHECK(!(term_is_value(map_get(m, op[1]))), "line %d", __LINE__);
        }
        CHECK((map_is_flat(m)) == (map_size(m) <= MAP_SMALL_LIMIT), "line %d", __LINE__);
    }
    return m;
}

Test(map, oracle_order)
{
    size_t n, used;
    uint8_t *data = oracle_read("map_order", &n);
    term recs;
    CHECK((etf_decode(data, n, &heap, false, &recs, &used)) == (ETF_OK), "line %d", __LINE__);
    etf_buf_t buf = {0};
    size_t count = 0, hamts = 0;
    for (term l = recs; term_is_list(l); l = term_cdr(l), count++) {
        const term *r = term_tuple_elems(term_car(l));
        term m = build(r[0]);
        int64_t size;
        CHECK(int_to_int64(r[2], &size), "line %d", __LINE__);
        CHECK((map_size(m)) == ((size_t)size), "record %zu: size %zu, erl %ld", count, map_size(m), (long)size);
        if (!map_is_flat(m)) hamts++;
        /* iteration order = maps:keys/1 */
        map_iter_t it;
        term k, v, keys = r[1];
        size_t i = 0;
        map_iter_init(&it, m);
        while (map_iter_next(&it, &k, &v)) {
            CHECK(term_is_list(keys), "record %zu: more keys than erl's", count);
            CHECK(cmp_eq_exact(k, term_car(keys)), "record %zu: key %zu out of erl's order", count, i);
            CHECK(cmp_eq_exact(map_get(m, k), v), "line %d", __LINE__);
            keys = term_cdr(keys);
            i++;
        }
        CHECK(term_is_nil(keys), "record %zu: fewer keys than erl's", count);
        /* term_to_binary */
        bin_view_t bv;
        bin_view(r[3], &bv);
        CHECK((etf_encode(m, NULL, &buf)) == (0), "line %d", __LINE__);
        CHECK(buf.size == bv.bitsize / 8 && memcmp(buf.data, bv.base, buf.size) == 0,
                  "record %zu: term_to_binary differs", count, "line %d", __LINE__);
        /* and erl's map decodes to an equal map */
        term dm;
        CHECK((etf_decode(bv.base, buf.size, &heap, false, &dm, &used)) == (ETF_OK), "line %d", __LINE__);
        CHECK(cmp_eq_exact(dm, m), "line %d", __LINE__);
    }
    cr_assert_gt(count, 30);
    cr_assert_gt(hamts, 15);
    etf_buf_free(&buf);
    free(data);
}

/* The trie is canonical: however a set of pairs was put together (in any
 * order of puts, with removes of keys that come back), the map has the
 * same structure and encoding as map_from_pairs makes. */
Test(map, canonical)
{
    enum { N = 3000 };
    term *ks = malloc(N * sizeof *ks), *vs = malloc(N * sizeof *vs);
    uint64_t seed = 12345;
    for (int i = 0; i < N; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        /* integers, floats, bignums and tuples */
        switch (i % 4) {
        case 0: ks[i] = big_from_int64(&heap, (int64_t)(seed >> 20)); break;
        case 1: ks[i] = heap_make_float(&heap, (double)(seed >> 40) / 7.0); break;
        case 2: {
            uint64_t limbs[2] = {seed, 1 + (seed >> 60)};
            ks[i] = big_from_limbs(&heap, limbs, 2, seed & 1);
            break;
        }
        default: ks[i] = heap_make_tuple(&heap, 2, (term[]){term_from_small(i), heap_make_float(&heap, 0.5)});
        }
        vs[i] = term_from_small(i);
    }
    etf_buf_t a = {0}, b = {0};
    for (size_t n = 0; n <= N; n += (n < 70 ? 1 : 397)) {
        term ref = map_from_pairs(&heap, ks, vs, n);
        cr_assert_eq(map_size(ref), n);
        /* puts in reverse order, with a detour through removals */
        term m = map_new(&heap);
        for (size_t i = n; i-- > 0;) m = map_put(&heap, m, ks[i], term_from_small(-1));
        for (size_t i = 0; i < n; i += 3) m = map_remove(&heap, m, ks[i]);
        for (size_t i = 0; i < n; i++) m = map_put(&heap, m, ks[i], vs[i]);
        cr_assert(cmp_eq_exact(m, ref), "n = %zu", n);
        cr_assert_eq(etf_encode(ref, NULL, &a), 0);
        cr_assert_eq(etf_encode(m, NULL, &b), 0);
        cr_assert(a.size == b.size && memcmp(a.data, b.data, a.size) == 0, "n = %zu: structure differs", n);
        /* removing everything comes back to the empty flatmap */
        for (size_t i = 0; i < n; i++) m = map_remove(&heap, m, ks[i]);
        cr_assert_eq(map_size(m), 0);
        cr_assert(map_is_flat(m));
    }
    /* a missing key: remove is a no-op, get fails */
    term m = map_from_pairs(&heap, ks, vs, 100);
    term absent = heap_make_float(&heap, -1.25);
    cr_assert_eq(map_remove(&heap, m, absent), m);
    cr_assert_not(term_is_value(map_get(m, absent)));
    /* 1 and 1.0 are different keys */
    term one = term_from_small(1), onef = heap_make_float(&heap, 1.0);
    m = map_put(&heap, m, one, one);
    m = map_put(&heap, m, onef, onef);
    cr_assert_eq(map_get(m, one), one);
    cr_assert_eq(map_get(m, onef), onef);
    cr_assert_eq(map_size(m), 102);
    etf_buf_free(&a);
    etf_buf_free(&b);
    free(ks);
    free(vs);
}

/* map_put_many is a sequence of map_put: the same map, the same structure
 * (flat and HAMT, new and existing keys, a key repeated in the batch, 1
 * beside 1.0), the keys tuple shared when no key is new, m itself when
 * nothing changes. */
Test(map, put_many)
{
    enum { NK = 48 };
    term ks[NK], vs[NK];
    for (int i = 0; i < NK; i++) {
        ks[i] = i % 3 == 0 ? heap_make_float(&heap, i / 3) : i % 3 == 1 ? term_from_small(i / 3) : atom_from_cstr((char[]){'a' + i % 26, 'a' + i / 26, 0});
        vs[i] = term_from_small(1000 + i);
    }
    etf_buf_t a = {0}, b = {0};
    uint64_t seed = 99;
    for (int round = 0; round < 3000; round++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        size_t base = (seed >> 33) % 40, n = 1 + (seed >> 45) % 12;
        term m = map_new(&heap);
        for (size_t i = 0; i < base; i++) m = map_put(&heap, m, ks[(i * 7 + round) % NK], vs[i]);
        term bk[12], bv[12];
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            bk[i] = ks[(seed >> 35) % NK];
            bv[i] = term_from_small((int64_t)(seed >> 50));
        }
        term ref = m;
        for (size_t i = 0; i < n; i++) ref = map_put(&heap, ref, bk[i], bv[i]);
        term got = map_put_many(&heap, m, bk, bv, n);
        CHECK(cmp_eq_exact(got, ref), "round %d", round);
        CHECK(etf_encode(ref, NULL, &a) == 0 && etf_encode(got, NULL, &b) == 0, "encode");
        CHECK(a.size == b.size && memcmp(a.data, b.data, a.size) == 0, "round %d: structure differs", round);
        a.size = b.size = 0;
    }
    /* existing keys only: the keys tuple is shared; same values: m itself */
    term m = map_from_pairs(&heap, ks, vs, 10);
    term nv[2] = {term_from_small(-1), term_from_small(-2)};
    term k2[2] = {ks[3], ks[7]};
    term u = map_put_many(&heap, m, k2, nv, 2);
    cr_assert(map_is_flat(u));
    cr_assert_eq(term_boxed_ptr(u)[2], term_boxed_ptr(m)[2]);
    cr_assert_eq(map_get(u, ks[7]), nv[1]);
    term same[2] = {map_get(m, ks[3]), map_get(m, ks[7])};
    cr_assert_eq(map_put_many(&heap, m, k2, same, 2), m);
    /* the same for immediate keys only (found by word equality) */
    term k3[3] = {ks[2], ks[4], ks[2]}, v3[3] = {nv[0], nv[1], same[0]};
    u = map_put_many(&heap, m, k3, v3, 3);
    cr_assert_eq(term_boxed_ptr(u)[2], term_boxed_ptr(m)[2]);
    cr_assert_eq(map_get(u, ks[2]), same[0]);
    cr_assert_eq(map_get(u, ks[4]), nv[1]);
    cr_assert_eq(map_size(u), 10);
    term v4[3] = {map_get(m, ks[2]), map_get(m, ks[4]), map_get(m, ks[2])};
    cr_assert_eq(map_put_many(&heap, m, k3, v4, 3), m);
    etf_buf_free(&a);
    etf_buf_free(&b);
}
