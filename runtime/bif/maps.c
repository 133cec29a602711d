/*
 * maps.c - the maps module's BIFs, erlang:map_size/map_get/is_map_key, and
 * erts_internal:map_next/3, the engine of maps:iterator/next and
 * maps:to_list, on the map representation of map.c.
 *
 * Errors as OTP 25: a non-map is {badmap, M} everywhere except
 * from_list/from_keys (badarg: no map argument) and map_next (badarg); a
 * missing key for get/update/map_get is {badkey, K}. (These error terms are
 * built on the process heap; they are allocations too, hence BIF_F_ALLOC.)
 */
#include "bif.h"
#include "big.h"
#include "map.h"

#include <stdlib.h>

/* Raise error:{Tag, T}. */
static term raise_tagged(proc_t *p, term tag, term t)
{
    term e[2] = {tag, t};
    return proc_raise(p, EXC_ERROR, heap_make_tuple(proc_heap(p), 2, e));
}

#define CHECK_MAP(p, m)                                                                                                \
    do {                                                                                                               \
        if (!term_is_map(m)) return raise_tagged((p), ATOM(badmap), (m));                                             \
    } while (0)

static term tuple2(proc_t *p, term a, term b)
{
    term e[2] = {a, b};
    return heap_make_tuple(proc_heap(p), 2, e);
}

term bif_maps_find_2(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[1]);
    term v = map_get(args[1], args[0]);
    return term_is_value(v) ? tuple2(p, ATOM(ok), v) : ATOM(error);
}

term bif_maps_get_2(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[1]);
    term v = map_get(args[1], args[0]);
    if (!term_is_value(v)) return raise_tagged(p, ATOM(badkey), args[0]);
    return v;
}

term bif_erlang_map_get_2(proc_t *p, const term *args) { return bif_maps_get_2(p, args); }

term bif_maps_is_key_2(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[1]);
    return term_is_value(map_get(args[1], args[0])) ? ATOM(true) : ATOM(false);
}

term bif_erlang_is_map_key_2(proc_t *p, const term *args) { return bif_maps_is_key_2(p, args); }

term bif_erlang_map_size_1(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[0]);
    return term_from_small((int64_t)map_size(args[0]));
}

term bif_maps_put_3(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[2]);
    return map_put(proc_heap(p), args[2], args[0], args[1]);
}

term bif_maps_update_3(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[2]);
    if (!term_is_value(map_get(args[2], args[0]))) return raise_tagged(p, ATOM(badkey), args[0]);
    return map_put(proc_heap(p), args[2], args[0], args[1]);
}

term bif_maps_remove_2(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[1]);
    return map_remove(proc_heap(p), args[1], args[0]);
}

term bif_maps_take_2(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[1]);
    term v = map_get(args[1], args[0]);
    if (!term_is_value(v)) return ATOM(error);
    return tuple2(p, v, map_remove(proc_heap(p), args[1], args[0]));
}

/* maps:keys/1 and values/1 list in the map's internal order (map.h), the
 * order OTP's hashmap_keys/values use too. */
static term keys_or_values(proc_t *p, term m, bool keys)
{
    size_t n = map_size(m);
    if (n == 0) return NIL;
    term *c = heap_alloc(proc_heap(p), 2 * n);
    map_iter_t it;
    map_iter_init(&it, m);
    term k, v;
    size_t i = 0;
    while (map_iter_next(&it, &k, &v)) {
        c[2 * i] = keys ? k : v;
        c[2 * i + 1] = i + 1 < n ? term_from_list_ptr(&c[2 * i + 2]) : NIL;
        i++;
    }
    return term_from_list_ptr(c);
}

term bif_maps_keys_1(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[0]);
    return keys_or_values(p, args[0], true);
}

term bif_maps_values_1(proc_t *p, const term *args)
{
    CHECK_MAP(p, args[0]);
    return keys_or_values(p, args[0], false);
}

/* Arrays of n keys and values, malloc'd together. */
static term *pairs_alloc(size_t n)
{
    term *kv = malloc((2 * n + 1) * sizeof(term));
    if (!kv) laser_oom("maps", (2 * n + 1) * sizeof(term));
    return kv;
}

/* maps:from_list([{K, V}]): a proper list of 2-tuples; a repeated key keeps
 * its last value. */
term bif_maps_from_list_1(proc_t *p, const term *args)
{
    size_t n = 0;
    term l = args[0];
    for (; term_is_list(l); l = term_cdr(l)) {
        term t = term_car(l);
        if (!term_is_tuple(t) || term_tuple_arity(t) != 2) BIF_BADARG(p);
        n++;
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    term *kv = pairs_alloc(n);
    size_t i = 0;
    for (l = args[0]; term_is_list(l); l = term_cdr(l), i++) {
        const term *e = term_tuple_elems(term_car(l));
        kv[i] = e[0];
        kv[n + i] = e[1];
    }
    term m = map_from_pairs(proc_heap(p), kv, kv + n, n);
    free(kv);
    return m;
}

term bif_maps_from_keys_2(proc_t *p, const term *args)
{
    size_t n = 0;
    term l = args[0];
    for (; term_is_list(l); l = term_cdr(l)) n++;
    if (!term_is_nil(l)) BIF_BADARG(p);
    term *kv = pairs_alloc(n);
    size_t i = 0;
    for (l = args[0]; term_is_list(l); l = term_cdr(l), i++) {
        kv[i] = term_car(l);
        kv[n + i] = args[1];
    }
    term m = map_from_pairs(proc_heap(p), kv, kv + n, n);
    free(kv);
    return m;
}

/* Merges with a side this small are done by single puts; larger ones
 * rebuild the map once from all pairs. */
#define MERGE_PUT_MAX 8

/* maps:merge(A, B): B's values win. The first non-map argument is the one
 * in {badmap, _}. */
term bif_maps_merge_2(proc_t *p, const term *args)
{
    term a = args[0], b = args[1];
    CHECK_MAP(p, a);
    CHECK_MAP(p, b);
    size_t na = map_size(a), nb = map_size(b);
    if (nb == 0) return a;
    if (na == 0) return b;
    heap_t *h = proc_heap(p);
    map_iter_t it;
    term k, v;
    if (nb <= MERGE_PUT_MAX) {
        term m = a;
        map_iter_init(&it, b);
        while (map_iter_next(&it, &k, &v)) m = map_put(h, m, k, v);
        return m;
    }
    if (na <= MERGE_PUT_MAX) {
        term m = b;
        map_iter_init(&it, a);
        while (map_iter_next(&it, &k, &v))
            if (!term_is_value(map_get(b, k))) m = map_put(h, m, k, v);
        return m;
    }
    size_t n = na + nb, i = 0;
    term *kv = pairs_alloc(n);
    map_iter_init(&it, a);
    while (map_iter_next(&it, &k, &v)) kv[i] = k, kv[n + i] = v, i++;
    map_iter_init(&it, b);
    while (map_iter_next(&it, &k, &v)) kv[i] = k, kv[n + i] = v, i++;
    term m = map_from_pairs(h, kv, kv + n, n);
    free(kv);
    return m;
}

/* ---------------------------------------------------------------------
 * erts_internal:map_next(Path, Map, iterator | Acc)
 *
 * OTP 25's iterator is [Path | Map]. For a flatmap, Path only has to be a
 * small in 0..size and every pair is returned. For a HAMT, Path names the
 * next leaf: 4 bits per level, the root's child index in the lowest bits
 * (a bignum when the path is longer than a word); where it runs out, or
 * stops at an inner node, the walk continues down first children. Pairs
 * come depth first, children in ascending slot order.
 *
 *   iterator: {K1, V1, {K2, V2, ... none | [NextPath | Map]}}
 *   Acc list: [NextPath, Map, {Kn, Vn}, ..., {K1, V1} | Acc], or without
 *             the first two when the map is exhausted (maps:to_list/1
 *             reverses nothing: it reads the HAMT in the opposite order).
 *
 * How many pairs one call returns: OTP returns at most 32 for Path 0 and
 * otherwise as many as a quarter of the reductions left allow (1000 with a
 * fresh time slice). Laser has no reduction budget in BIFs yet and takes
 * the fresh-slice figure, so the pairs and paths match OTP's whenever OTP
 * had the reductions.
 * ------------------------------------------------------------------- */

#define MAP_NEXT_FIRST 32
#define MAP_NEXT_CHUNK 1000
#define PATH_ELEMS_PER_DIGIT 16 /* 4-bit elements in a 64-bit digit */

typedef struct {
    const uint64_t *digits; /* the path's digits, least significant first */
    size_t ndigits;
} path_t;

static unsigned path_elem(const path_t *pa, unsigned level)
{
    size_t d = level / PATH_ELEMS_PER_DIGIT;
    if (d >= pa->ndigits) return 0;
    return (unsigned)(pa->digits[d] >> (4 * (level % PATH_ELEMS_PER_DIGIT))) & 15u;
}

/* Output builder shared by both result formats. */
typedef struct {
    heap_t *h;
    bool iter;
    term res;   /* list mode: the list so far; iterator mode: the first tuple */
    term *hole; /* iterator mode: where the next tuple or the tail goes */
} out_t;

static void out_pair(out_t *o, term leaf)
{
    term k = term_car(leaf), v = term_cdr(leaf);
    if (o->iter) {
        term e[3] = {k, v, NIL};
        term t = heap_make_tuple(o->h, 3, e);
        if (o->hole) *o->hole = t;
        else o->res = t;
        o->hole = &term_tuple_elems(t)[2];
    } else {
        term e[2] = {k, v};
        o->res = heap_make_cons(o->h, heap_make_tuple(o->h, 2, e), o->res);
    }
}

static term map_next_flat(proc_t *p, term path, term m, term acc, bool iter)
{
    size_t n = map_size(m);
    /* OTP compares the path as an unsigned word: a negative small is huge */
    if (!term_is_small(path) || ((uint64_t)path >> 4) > n) BIF_BADARG(p);
    heap_t *h = proc_heap(p);
    const term *ks = map_flat_keys(m), *vs = map_flat_vals(m);
    term res = iter ? ATOM(none) : acc;
    for (size_t i = n; i-- > 0;) {
        if (iter) {
            term e[3] = {ks[i], vs[i], res};
            res = heap_make_tuple(h, 3, e);
        } else {
            res = heap_make_cons(h, tuple2(p, ks[i], vs[i]), res);
        }
    }
    return res;
}

term bif_erts_internal_map_next_3(proc_t *p, const term *args)
{
    term path = args[0], m = args[1], acc = args[2];
    if (!term_is_map(m)) BIF_BADARG(p);
    bool iter;
    if (acc == ATOM(iterator)) iter = true;
    else if (term_is_nil(acc) || term_is_list(acc)) iter = false;
    else BIF_BADARG(p);
    if (map_is_flat(m)) return map_next_flat(p, path, m, acc, iter);

    uint64_t small_digit;
    path_t pa;
    if (term_is_small(path)) {
        small_digit = (uint64_t)path >> 4; /* OTP's unsigned_val */
        pa.digits = &small_digit;
        pa.ndigits = 1;
    } else if (term_is_big(path) && !term_big_is_neg(path)) {
        pa.digits = term_big_digits(path);
        pa.ndigits = term_big_size(path);
    } else {
        BIF_BADARG(p);
    }
    size_t size = map_size(m);
    size_t elems = (term_is_small(path) && small_digit == 0) ? MAP_NEXT_FIRST : MAP_NEXT_CHUNK;
    if (elems > size) elems = size;

    /* The walk's stack: per level the children, their count, and the next
     * child to visit. */
    const term *kids[MAP_MAX_DEPTH + 2];
    unsigned cnt[MAP_MAX_DEPTH + 2], next[MAP_MAX_DEPTH + 2];
    unsigned depth = 0;
    out_t o = {proc_heap(p), iter, iter ? NIL : acc, NULL};

    /* Find the starting leaf along the path. */
    term node = m;
    for (unsigned level = 0;; level++) {
        if (level > MAP_MAX_DEPTH) BIF_BADARG(p);
        const term *k;
        unsigned c = (unsigned)map_node_kids(node, &k);
        unsigned e = path_elem(&pa, level);
        if (e >= c) BIF_BADARG(p);
        kids[depth] = k;
        cnt[depth] = c;
        next[depth] = e + 1;
        depth++;
        if (term_is_list(k[e])) {
            out_pair(&o, k[e]);
            elems--;
            break;
        }
        node = k[e];
    }

    /* Continue depth first until `elems` pairs are out or the map is done. */
    while (depth > 0 && elems > 0) {
        unsigned d = depth - 1;
        if (next[d] >= cnt[d]) {
            depth--;
            continue;
        }
        term child = kids[d][next[d]++];
        if (term_is_list(child)) {
            out_pair(&o, child);
            elems--;
        } else {
            const term *k;
            unsigned c = (unsigned)map_node_kids(child, &k);
            kids[depth] = k;
            cnt[depth] = c;
            next[depth] = 0;
            depth++;
        }
    }
    /* Drop exhausted levels: what is left on the stack leads to the next leaf. */
    while (depth > 0 && next[depth - 1] >= cnt[depth - 1]) depth--;

    heap_t *h = proc_heap(p);
    if (depth == 0) {
        if (iter) *o.hole = ATOM(none);
        return o.res;
    }
    /* The path of the next leaf: level L's child index in bits 4L.. */
    uint64_t digits[(MAP_MAX_DEPTH + 2 + PATH_ELEMS_PER_DIGIT - 1) / PATH_ELEMS_PER_DIGIT] = {0};
    for (unsigned l = 0; l < depth; l++) {
        uint64_t idx = l + 1 < depth ? next[l] - 1 : next[l];
        digits[l / PATH_ELEMS_PER_DIGIT] |= idx << (4 * (l % PATH_ELEMS_PER_DIGIT));
    }
    term npath = big_from_limbs(h, digits, (depth + PATH_ELEMS_PER_DIGIT - 1) / PATH_ELEMS_PER_DIGIT, false);
    if (iter) {
        *o.hole = heap_make_cons(h, npath, m);
        return o.res;
    }
    return heap_make_cons(h, npath, heap_make_cons(h, m, o.res));
}
