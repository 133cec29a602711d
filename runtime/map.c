/*
 * map.c - Erlang maps as OTP 25 builds them: a flatmap up to
 * MAP_SMALL_LIMIT (32) keys, a hash array mapped trie (HAMT) above.
 *
 * Layout. Every map object is a boxed object whose header is
 * hdr_make(W, HDR_MAP), W = the words that follow, and every one of those
 * words is a valid term (the info and size words are small integers). So
 * code that only copies or scans heaps (GC, copy, size) treats a map node
 * exactly like a tuple; only this file knows what the words mean.
 *
 *   word 1, info = small((payload << 2) | kind):
 *     kind 3  flatmap       payload = number of keys n
 *     kind 2  HAMT head     payload = bitmap of the 16 slots
 *     kind 1  HAMT head whose 16 slots are all used (OTP's "head array";
 *             payload 0xFFFF all the same)
 *     kind 0  HAMT inner node, payload = bitmap
 *
 *   flatmap    [hdr 2+n][info][keys tuple {K1..Kn}][V1..Vn]
 *              keys strictly ascending in map-key order (cmp_terms_exact);
 *              a value update shares the keys tuple, as OTP does.
 *   HAMT head  [hdr 2+c][info][small(total keys)][child 1..c]
 *   HAMT node  [hdr 1+c][info][child 1..c]
 *     A child is a leaf, the cons [K|V], or a boxed inner node. Children sit
 *     in ascending slot order; c = popcount(bitmap).
 *
 * A key sits at depth L in slot (H >> 4*(L%8)) & 15, where H is
 * hash_map_key(key, L): OTP's make_internal_hash of the key with salt
 * L div 8 (OTP 25 rehashes instead of keeping collision
 * nodes; distinct keys part ways after at most a few rehashes). The trie is
 * kept canonical: a leaf sits at the shallowest depth where no other key
 * shares its slot path, so an inner node always holds two keys or more.
 *
 * Order. maps:to_list/1 (and term_to_binary, printing, maps:keys) visits a
 * HAMT depth first, children from slot 15 down to slot 0; map_iter_* does
 * the same. A map shrinking to 32 keys becomes a flatmap again, as in OTP.
 */
#include "map.h"

#include "cmp.h"
#include "hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIND_NODE 0u
#define KIND_HEAD_ARRAY 1u
#define KIND_HEAD_BITMAP 2u
#define KIND_FLAT 3u

static inline term make_info(uint64_t payload, unsigned kind) { return term_from_small((int64_t)((payload << 2) | kind)); }
static inline unsigned info_kind(const term *p) { return (unsigned)(term_to_small(p[1]) & 3); }
static inline uint64_t info_payload(const term *p) { return (uint64_t)term_to_small(p[1]) >> 2; }
static inline bool kind_is_head(unsigned k) { return k == KIND_HEAD_ARRAY || k == KIND_HEAD_BITMAP; }

/* SWAR: without -mpopcnt (the build targets baseline x86-64),
 * __builtin_popcount is a call into libgcc on every HAMT step. */
static inline unsigned popcount16(uint32_t x)
{
    x &= 0xFFFFu;
    x -= (x >> 1) & 0x5555u;
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    return (x + (x >> 8)) & 0x1Fu;
}

/* Children array and bitmap of a HAMT node (head or inner). */
static inline const term *node_kids(const term *p) { return p + (kind_is_head(info_kind(p)) ? 3 : 2); }
static inline uint32_t node_bitmap(const term *p) { return (uint32_t)info_payload(p) & 0xFFFFu; }

_Noreturn static void map_fatal(const char *what)
{
    fprintf(stderr, "laser: map.c: %s\n", what);
    abort();
}

/* ---------------------------------------------------------------------
 * Basics
 * ------------------------------------------------------------------- */

bool map_is_flat(term m) { return info_kind(term_boxed_ptr(m)) == KIND_FLAT; }

map_obj_t map_obj_kind(term m)
{
    unsigned k = info_kind(term_boxed_ptr(m));
    return k == KIND_FLAT ? MAP_OBJ_FLAT : kind_is_head(k) ? MAP_OBJ_HEAD : MAP_OBJ_NODE;
}

size_t map_size(term m)
{
    const term *p = term_boxed_ptr(m);
    if (info_kind(p) == KIND_FLAT) return (size_t)info_payload(p);
    return (size_t)term_to_small(p[2]);
}

size_t map_node_kids(term node, const term **kids)
{
    const term *p = term_boxed_ptr(node);
    *kids = node_kids(p);
    return popcount16(node_bitmap(p));
}

const term *map_flat_keys(term m) { return term_tuple_elems(term_boxed_ptr(m)[2]); }
const term *map_flat_vals(term m) { return term_boxed_ptr(m) + 3; }

/* A flatmap of n pairs; keys must be sorted and distinct. keys_tuple may
 * be an existing tuple holding exactly those keys (shared), or NIL. */
static term make_flat(heap_t *h, term keys_tuple, const term *keys, const term *vals, size_t n)
{
    if (keys_tuple == NIL) keys_tuple = heap_make_tuple(h, n, keys);
    term *p = heap_alloc(h, 3 + n);
    p[0] = hdr_make(2 + n, HDR_MAP);
    p[1] = make_info(n, KIND_FLAT);
    p[2] = keys_tuple;
    if (n) memcpy(p + 3, vals, n * sizeof(term));
    return term_from_boxed_ptr(p);
}

term map_new(heap_t *h) { return make_flat(h, NIL, NULL, NULL, 0); }

/* A HAMT node with c children; head nodes also carry the total size. */
static term make_node(heap_t *h, bool head, uint32_t bitmap, const term *kids, size_t size)
{
    unsigned c = popcount16(bitmap);
    size_t fixed = head ? 3 : 2;
    term *p = heap_alloc(h, fixed + c);
    p[0] = hdr_make(fixed - 1 + c, HDR_MAP);
    if (head)
        p[1] = make_info(bitmap, bitmap == 0xFFFFu ? KIND_HEAD_ARRAY : KIND_HEAD_BITMAP);
    else
        p[1] = make_info(bitmap, KIND_NODE);
    if (head) p[2] = term_from_small((int64_t)size);
    memcpy(p + fixed, kids, c * sizeof(term));
    return term_from_boxed_ptr(p);
}

/* A key with the hash of the 8-level group (grp = level div 8) last asked
 * for, so that walking down the trie hashes each group once. */
typedef struct {
    term key;
    unsigned grp;
    uint32_t h;
} keyhash_t;

static void kh_init(keyhash_t *k, term key)
{
    k->key = key;
    k->grp = 0;
    k->h = hash_map_key(key, 0);
}

static unsigned kh_slot(keyhash_t *k, unsigned level)
{
    if (level >> 3 != k->grp) {
        k->grp = level >> 3;
        k->h = hash_map_key(k->key, level);
    }
    return (k->h >> (4 * (level & 7))) & 15u;
}

/* ---------------------------------------------------------------------
 * Lookup
 * ------------------------------------------------------------------- */

/* Index of key in the sorted flat keys, or -(insertion point) - 1. */
static long flat_find(const term *ks, size_t n, term key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = ks[mid] == key ? 0 : cmp_terms_exact(ks[mid], key);
        if (c == 0) return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -(long)lo - 1;
}

static inline bool key_eq(term a, term b) { return a == b || cmp_eq_exact(a, b); }

/* Index of an immediate key in a flatmap's keys by word equality (exact
 * for immediates, and no term comparison: atoms compare by name), or -1. */
static long flat_find_immed(const term *ks, size_t n, term key)
{
    for (size_t i = 0; i < n; i++)
        if (ks[i] == key) return (long)i;
    return -1;
}

term map_get(term m, term key)
{
    const term *p = term_boxed_ptr(m);
    if (info_kind(p) == KIND_FLAT) {
        size_t n = (size_t)info_payload(p);
        long i = term_is_immed(key) ? flat_find_immed(map_flat_keys(m), n, key) : flat_find(map_flat_keys(m), n, key);
        return i >= 0 ? p[3 + i] : THE_NON_VALUE;
    }
    keyhash_t kh;
    kh_init(&kh, key);
    for (unsigned level = 0; level <= MAP_MAX_DEPTH; level++) {
        uint32_t bm = node_bitmap(p);
        unsigned slot = kh_slot(&kh, level);
        if (!(bm & (1u << slot))) return THE_NON_VALUE;
        term c = node_kids(p)[popcount16(bm & ((1u << slot) - 1))];
        if (term_is_list(c)) return key_eq(term_car(c), key) ? term_cdr(c) : THE_NON_VALUE;
        p = term_boxed_ptr(c);
    }
    return THE_NON_VALUE;
}

/* ---------------------------------------------------------------------
 * Building a HAMT from distinct pairs in one go.
 * ------------------------------------------------------------------- */
typedef struct {
    term key, val;
    uint32_t h0;
} entry_t;

/* Nibble-reversed hash: comparing these compares slot paths level by level. */
static uint32_t nibble_rev(uint32_t h)
{
    uint32_t r = 0;
    for (int i = 0; i < 8; i++, h >>= 4) r = (r << 4) | (h & 15u);
    return r;
}

static int path_cmp(const entry_t *a, const entry_t *b)
{
    uint32_t ra = nibble_rev(a->h0), rb = nibble_rev(b->h0);
    if (ra != rb) return ra < rb ? -1 : 1;
    /* the same 32 bits: the rehashed levels decide */
    for (unsigned lvl = 8; lvl < MAP_MAX_DEPTH; lvl += 8) {
        ra = nibble_rev(hash_map_key(a->key, lvl));
        rb = nibble_rev(hash_map_key(b->key, lvl));
        if (ra != rb) return ra < rb ? -1 : 1;
    }
    map_fatal("distinct keys whose hashes never part");
}

/* Stable merge sort of n items of size sz with a context-free comparator;
 * the runs are small arrays of entries or indices. */
typedef int (*cmp_fn)(const void *a, const void *b, const void *ctx);

static void merge_sort(void *base, size_t n, size_t sz, cmp_fn cmp, const void *ctx)
{
    if (n < 2) return;
    uint8_t *a = base;
    uint8_t *tmp = malloc(n * sz);
    if (!tmp) laser_oom("map sort", n * sz);
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (cmp(a + j * sz, a + i * sz, ctx) < 0)
                    memcpy(tmp + (k++) * sz, a + (j++) * sz, sz);
                else
                    memcpy(tmp + (k++) * sz, a + (i++) * sz, sz);
            }
            if (i < mid) memcpy(tmp + k * sz, a + i * sz, (mid - i) * sz), k += mid - i;
            if (j < hi) memcpy(tmp + k * sz, a + j * sz, (hi - j) * sz);
        }
        memcpy(a, tmp, n * sz);
    }
    free(tmp);
}

static int entry_path_cmp(const void *a, const void *b, const void *ctx)
{
    (void)ctx;
    return path_cmp(a, b);
}

static unsigned entry_slot(const entry_t *e, unsigned level)
{
    uint32_t h = level < 8 ? e->h0 : hash_map_key(e->key, level);
    return (h >> (4 * (level & 7))) & 15u;
}

/* The node for entries e[0..n), n >= 2, sorted by path, all sharing the
 * slots of the levels above `level`. Recursion depth is bounded by
 * MAP_MAX_DEPTH (hash length), not by the terms. */
static term build_node(heap_t *h, entry_t *e, size_t n, unsigned level, bool head, size_t total)
{
    if (level > MAP_MAX_DEPTH) map_fatal("HAMT deeper than its hashes");
    term kids[16];
    uint32_t bitmap = 0;
    unsigned c = 0;
    size_t i = 0;
    while (i < n) {
        unsigned slot = entry_slot(&e[i], level);
        size_t j = i + 1;
        while (j < n && entry_slot(&e[j], level) == slot) j++;
        bitmap |= 1u << slot;
        if (j - i == 1)
            kids[c++] = heap_make_cons(h, e[i].key, e[i].val);
        else
            kids[c++] = build_node(h, e + i, j - i, level + 1, false, 0);
        i = j;
    }
    return make_node(h, head, bitmap, kids, total);
}

/* A HAMT of n > MAP_SMALL_LIMIT distinct pairs (e is reordered). */
static term build_hamt(heap_t *h, entry_t *e, size_t n)
{
    for (size_t i = 0; i < n; i++) e[i].h0 = hash_map_key(e[i].key, 0);
    merge_sort(e, n, sizeof *e, entry_path_cmp, NULL);
    return build_node(h, e, n, 0, true, n);
}

/* ---------------------------------------------------------------------
 * map_from_pairs
 * ------------------------------------------------------------------- */
typedef struct {
    const term *keys;
} keyctx_t;

static int index_key_cmp(const void *a, const void *b, const void *ctx)
{
    const term *keys = ((const keyctx_t *)ctx)->keys;
    term ka = keys[*(const size_t *)a], kb = keys[*(const size_t *)b];
    return ka == kb ? 0 : cmp_terms_exact(ka, kb);
}

term map_from_pairs(heap_t *h, const term *keys, const term *vals, size_t n)
{
    if (n == 0) return map_new(h);
    /* Sort positions by key (stably), keep the last of each run of equal
     * keys: a repeated key keeps its last value. */
    size_t *ix = malloc(n * sizeof *ix);
    if (!ix) laser_oom("map_from_pairs", n * sizeof *ix);
    for (size_t i = 0; i < n; i++) ix[i] = i;
    keyctx_t ctx = {keys};
    merge_sort(ix, n, sizeof *ix, index_key_cmp, &ctx);
    size_t u = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && index_key_cmp(&ix[i], &ix[i + 1], &ctx) == 0) continue;
        ix[u++] = ix[i];
    }
    term m;
    if (u <= MAP_SMALL_LIMIT) {
        term ks[MAP_SMALL_LIMIT], vs[MAP_SMALL_LIMIT];
        for (size_t i = 0; i < u; i++) ks[i] = keys[ix[i]], vs[i] = vals[ix[i]];
        m = make_flat(h, NIL, ks, vs, u);
    } else {
        entry_t *e = malloc(u * sizeof *e);
        if (!e) laser_oom("map_from_pairs", u * sizeof *e);
        for (size_t i = 0; i < u; i++) e[i].key = keys[ix[i]], e[i].val = vals[ix[i]];
        m = build_hamt(h, e, u);
        free(e);
    }
    free(ix);
    return m;
}

/* All pairs of a map into a malloc'd entry array (in iteration order),
 * leaving out `skip` if it is a value. */
static entry_t *collect(term m, term skip, size_t *count)
{
    size_t n = map_size(m);
    entry_t *e = malloc((n ? n : 1) * sizeof *e);
    if (!e) laser_oom("map pairs", n * sizeof *e);
    map_iter_t it;
    term k, v;
    size_t c = 0;
    map_iter_init(&it, m);
    while (map_iter_next(&it, &k, &v)) {
        if (term_is_value(skip) && key_eq(k, skip)) continue;
        e[c].key = k;
        e[c].val = v;
        c++;
    }
    *count = c;
    return e;
}

/* ---------------------------------------------------------------------
 * map_put
 * ------------------------------------------------------------------- */

/* A copy of node p with child at index i replaced (replace), or inserted
 * at index i for slot `slot` (!replace). Heads get size `size`. */
static term node_with(heap_t *h, const term *p, unsigned i, term child, bool replace, unsigned slot, size_t size)
{
    bool head = kind_is_head(info_kind(p));
    uint32_t bm = node_bitmap(p);
    unsigned c = popcount16(bm);
    const term *k = node_kids(p);
    term kids[16];
    if (replace) {
        memcpy(kids, k, c * sizeof(term));
        kids[i] = child;
    } else {
        memcpy(kids, k, i * sizeof(term));
        kids[i] = child;
        memcpy(kids + i + 1, k + i, (c - i) * sizeof(term));
        bm |= 1u << slot;
    }
    return make_node(h, head, bm, kids, size);
}

/* A subtree at `level` holding two leaves whose keys differ. */
static term pair_subtree(heap_t *h, keyhash_t *ka, term leaf_a, keyhash_t *kb, term leaf_b, unsigned level)
{
    if (level > MAP_MAX_DEPTH) map_fatal("distinct keys whose hashes never part");
    unsigned sa = kh_slot(ka, level), sb = kh_slot(kb, level);
    term kids[2];
    if (sa == sb) {
        kids[0] = pair_subtree(h, ka, leaf_a, kb, leaf_b, level + 1);
        return make_node(h, false, 1u << sa, kids, 0);
    }
    kids[sa < sb ? 0 : 1] = leaf_a;
    kids[sa < sb ? 1 : 0] = leaf_b;
    return make_node(h, false, (1u << sa) | (1u << sb), kids, 0);
}

/* Insert into the node at `level`; *added tells whether the key is new.
 * Returns the new node, or the same term if nothing changed. */
static term hamt_put(heap_t *h, term node, unsigned level, keyhash_t *kh, term val, size_t size, bool *added)
{
    if (level > MAP_MAX_DEPTH) map_fatal("HAMT deeper than its hashes");
    const term *p = term_boxed_ptr(node);
    uint32_t bm = node_bitmap(p);
    unsigned slot = kh_slot(kh, level);
    unsigned i = popcount16(bm & ((1u << slot) - 1));
    if (!(bm & (1u << slot))) {
        *added = true;
        return node_with(h, p, i, heap_make_cons(h, kh->key, val), false, slot, size + 1);
    }
    term c = node_kids(p)[i];
    if (term_is_list(c)) {
        if (key_eq(term_car(c), kh->key)) {
            *added = false;
            if (term_cdr(c) == val) return node;
            return node_with(h, p, i, heap_make_cons(h, term_car(c), val), true, slot, size);
        }
        *added = true;
        keyhash_t other;
        kh_init(&other, term_car(c));
        term sub = pair_subtree(h, &other, c, kh, heap_make_cons(h, kh->key, val), level + 1);
        return node_with(h, p, i, sub, true, slot, size + 1);
    }
    term sub = hamt_put(h, c, level + 1, kh, val, 0, added);
    if (sub == c) return node;
    return node_with(h, p, i, sub, true, slot, *added ? size + 1 : size);
}

term map_put(heap_t *h, term m, term key, term val)
{
    const term *p = term_boxed_ptr(m);
    if (info_kind(p) == KIND_FLAT) {
        size_t n = (size_t)info_payload(p);
        const term *ks = map_flat_keys(m);
        long i = flat_find(ks, n, key);
        if (i >= 0) {
            if (p[3 + i] == val) return m;
            term vs[MAP_SMALL_LIMIT];
            memcpy(vs, p + 3, n * sizeof(term));
            vs[i] = val;
            return make_flat(h, p[2], ks, vs, n); /* keys unchanged: share them */
        }
        size_t at = (size_t)(-i - 1);
        if (n < MAP_SMALL_LIMIT) {
            term nk[MAP_SMALL_LIMIT], nv[MAP_SMALL_LIMIT];
            memcpy(nk, ks, at * sizeof(term));
            memcpy(nv, p + 3, at * sizeof(term));
            nk[at] = key;
            nv[at] = val;
            memcpy(nk + at + 1, ks + at, (n - at) * sizeof(term));
            memcpy(nv + at + 1, p + 3 + at, (n - at) * sizeof(term));
            return make_flat(h, NIL, nk, nv, n + 1);
        }
        /* the 33rd key: the map becomes a HAMT */
        entry_t e[MAP_SMALL_LIMIT + 1];
        for (size_t j = 0; j < n; j++) e[j].key = ks[j], e[j].val = p[3 + j];
        e[n].key = key;
        e[n].val = val;
        return build_hamt(h, e, n + 1);
    }
    keyhash_t kh;
    kh_init(&kh, key);
    bool added = false;
    return hamt_put(h, m, 0, &kh, val, map_size(m), &added);
}

/* Several pairs at once (put_map_assoc/exact): into a flatmap that stays
 * one, a single merge of the sorted new keys with the old (one new map,
 * the keys tuple shared when no key is new, m itself when nothing
 * changes), as OTP's update_map_assoc; otherwise one map_put per pair. */
term map_put_many(heap_t *h, term m, const term *keys, const term *vals, size_t n)
{
    const term *p = term_boxed_ptr(m);
    size_t mn = (size_t)info_payload(p);
    if (info_kind(p) != KIND_FLAT || n > MAP_SMALL_LIMIT || n == 0) goto one_by_one;
    const term *ks = map_flat_keys(m), *vs = p + 3;
    {
        /* an update of existing immediate keys (the common M#{a := V}):
         * found by word equality, the keys tuple shared */
        term nv[MAP_SMALL_LIMIT];
        size_t i = 0;
        memcpy(nv, vs, mn * sizeof(term));
        for (; i < n; i++) {
            long at = term_is_immed(keys[i]) ? flat_find_immed(ks, mn, keys[i]) : -1;
            if (at < 0) break;
            nv[at] = vals[i];
        }
        if (i == n) return memcmp(nv, vs, mn * sizeof(term)) ? make_flat(h, p[2], ks, nv, mn) : m;
    }
    /* the new keys' positions sorted, a repeated key keeping its last value */
    size_t ix[MAP_SMALL_LIMIT], u = 0;
    for (size_t i = 0; i < n; i++) {
        size_t at = u;
        int c = 1;
        while (at > 0 && (c = keys[ix[at - 1]] == keys[i] ? 0 : cmp_terms_exact(keys[ix[at - 1]], keys[i])) > 0) at--;
        if (at > 0 && c == 0) {
            ix[at - 1] = i;
            continue;
        }
        memmove(ix + at + 1, ix + at, (u - at) * sizeof *ix);
        ix[at] = i;
        u++;
    }
    term nk[MAP_SMALL_LIMIT], nv[MAP_SMALL_LIMIT];
    size_t i = 0, j = 0, t = 0;
    bool added = false, changed = false;
    while (i < mn || j < u) {
        if (t == MAP_SMALL_LIMIT) goto one_by_one;
        int c = i == mn ? 1 : j == u ? -1 : ks[i] == keys[ix[j]] ? 0 : cmp_terms_exact(ks[i], keys[ix[j]]);
        if (c < 0) {
            nk[t] = ks[i], nv[t++] = vs[i++];
        } else {
            changed |= c > 0 || vs[i] != vals[ix[j]];
            added |= c > 0;
            nk[t] = c > 0 ? keys[ix[j]] : ks[i];
            nv[t++] = vals[ix[j++]];
            i += c == 0;
        }
    }
    if (!changed) return m;
    return make_flat(h, added ? NIL : p[2], nk, nv, t);
one_by_one:
    for (size_t k = 0; k < n; k++) m = map_put(h, m, keys[k], vals[k]);
    return m;
}

/* ---------------------------------------------------------------------
 * map_remove
 * ------------------------------------------------------------------- */

/* Remove the key (known to be present) below node at `level`. Returns the
 * replacement for the node: a new node, or the single leaf left in an
 * inner node (so the trie stays canonical). */
static term hamt_remove(heap_t *h, term node, unsigned level, keyhash_t *kh, size_t size)
{
    if (level > MAP_MAX_DEPTH) map_fatal("HAMT deeper than its hashes");
    const term *p = term_boxed_ptr(node);
    bool head = kind_is_head(info_kind(p));
    uint32_t bm = node_bitmap(p);
    unsigned slot = kh_slot(kh, level);
    unsigned i = popcount16(bm & ((1u << slot) - 1));
    unsigned c = popcount16(bm);
    const term *k = node_kids(p);
    term kids[16];
    memcpy(kids, k, c * sizeof(term));
    if (term_is_list(k[i])) {
        memmove(kids + i, kids + i + 1, (c - i - 1) * sizeof(term));
        bm &= ~(1u << slot);
        c--;
    } else {
        kids[i] = hamt_remove(h, k[i], level + 1, kh, 0);
    }
    if (!head && c == 1 && term_is_list(kids[0])) return kids[0];
    return make_node(h, head, bm, kids, head ? size - 1 : 0);
}

static int entry_key_cmp(const void *a, const void *b, const void *ctx)
{
    (void)ctx;
    term ka = ((const entry_t *)a)->key, kb = ((const entry_t *)b)->key;
    return ka == kb ? 0 : cmp_terms_exact(ka, kb);
}

term map_remove(heap_t *h, term m, term key)
{
    const term *p = term_boxed_ptr(m);
    if (info_kind(p) == KIND_FLAT) {
        size_t n = (size_t)info_payload(p);
        const term *ks = map_flat_keys(m);
        long i = flat_find(ks, n, key);
        if (i < 0) return m;
        term nk[MAP_SMALL_LIMIT], nv[MAP_SMALL_LIMIT];
        memcpy(nk, ks, (size_t)i * sizeof(term));
        memcpy(nv, p + 3, (size_t)i * sizeof(term));
        memcpy(nk + i, ks + i + 1, (n - (size_t)i - 1) * sizeof(term));
        memcpy(nv + i, p + 3 + i + 1, (n - (size_t)i - 1) * sizeof(term));
        return make_flat(h, NIL, nk, nv, n - 1);
    }
    if (!term_is_value(map_get(m, key))) return m;
    size_t n = map_size(m);
    if (n - 1 <= MAP_SMALL_LIMIT) {
        /* back to a flatmap, as OTP does */
        size_t c;
        entry_t *e = collect(m, key, &c);
        merge_sort(e, c, sizeof *e, entry_key_cmp, NULL);
        term nk[MAP_SMALL_LIMIT], nv[MAP_SMALL_LIMIT];
        for (size_t j = 0; j < c; j++) nk[j] = e[j].key, nv[j] = e[j].val;
        free(e);
        return make_flat(h, NIL, nk, nv, c);
    }
    keyhash_t kh;
    kh_init(&kh, key);
    return hamt_remove(h, m, 0, &kh, n);
}

/* ---------------------------------------------------------------------
 * Iteration
 * ------------------------------------------------------------------- */

void map_iter_init(map_iter_t *it, term m)
{
    const term *p = term_boxed_ptr(m);
    it->map = m;
    it->idx = 0;
    it->depth = 0;
    if (info_kind(p) != KIND_FLAT) {
        it->kids[0] = node_kids(p);
        it->left[0] = (uint8_t)popcount16(node_bitmap(p));
        it->depth = 1;
    }
}

bool map_iter_next(map_iter_t *it, term *key, term *val)
{
    const term *p = term_boxed_ptr(it->map);
    if (info_kind(p) == KIND_FLAT) {
        size_t n = (size_t)info_payload(p);
        if (it->idx >= n) return false;
        *key = map_flat_keys(it->map)[it->idx];
        *val = p[3 + it->idx];
        it->idx++;
        return true;
    }
    while (it->depth > 0) {
        unsigned d = it->depth - 1;
        if (it->left[d] == 0) {
            it->depth--;
            continue;
        }
        term c = it->kids[d][--it->left[d]];
        if (term_is_list(c)) {
            *key = term_car(c);
            *val = term_cdr(c);
            return true;
        }
        if (it->depth > MAP_MAX_DEPTH) map_fatal("HAMT deeper than its hashes");
        const term *q = term_boxed_ptr(c);
        it->kids[it->depth] = node_kids(q);
        it->left[it->depth] = (uint8_t)popcount16(node_bitmap(q));
        it->depth++;
    }
    return false;
}
