/*
 * map.h - maps, laid out as OTP 25 does: a flatmap (sorted keys tuple +
 * values) up to MAP_SMALL_LIMIT keys, a HAMT of bitmap/array nodes above,
 * keyed by hash_internal(). Layout details (header bits) are documented in
 * map.c; order of iteration is OTP's (key order for flatmaps, hash order for
 * HAMTs), so maps:to_list/1 and term_to_binary/1 match erl.
 */
#ifndef LASER_MAP_H
#define LASER_MAP_H

#include "heap.h"

#define MAP_SMALL_LIMIT 32

/* A map of n pairs; a key repeated keeps its last value (as maps:from_list). */
term map_from_pairs(heap_t *h, const term *keys, const term *vals, size_t n);
/* The empty map. */
term map_new(heap_t *h);
size_t map_size(term m);
/* Value of key, or THE_NON_VALUE. Key comparison is =:= */
term map_get(term m, term key);
/* A new map with key set to val / key removed. */
term map_put(heap_t *h, term m, term key, term val);
/* m with n pairs put in order (a repeated key: the last value wins). */
term map_put_many(heap_t *h, term m, const term *keys, const term *vals, size_t n);
term map_remove(heap_t *h, term m, term key);

/* Iteration in OTP's internal order, the order of maps:to_list/1,
 * maps:keys/1, term_to_binary/1 and printing: key order for flatmaps, hash
 * order for HAMTs. (maps:iterator/1 + maps:next/1 walk a HAMT the other way
 * round; a flatmap the same way.) The map must not be freed meanwhile. */
#define MAP_MAX_DEPTH 64 /* HAMT levels: 8 rehashes of 32 bits */
typedef struct {
    term map;
    size_t idx;                         /* flatmap position */
    unsigned depth;                     /* HAMT: nodes on the current path */
    const term *kids[MAP_MAX_DEPTH + 1]; /* their children arrays */
    uint8_t left[MAP_MAX_DEPTH + 1];     /* children not visited yet (from the last) */
} map_iter_t;
void map_iter_init(map_iter_t *it, term m);
bool map_iter_next(map_iter_t *it, term *key, term *val);

/* HAMT nodes, for erts_internal:map_next/3, whose iterator paths index
 * them: the children of a HAMT node (the map itself or an inner node) in
 * ascending slot order; each is a leaf cons [K|V] or an inner node. */
size_t map_node_kids(term node, const term **kids);

/* What a map object is: a flatmap, a HAMT head (the map itself), or an
 * inner HAMT node (erts_internal:map_hashmap_children/1 hands those out). */
typedef enum { MAP_OBJ_FLAT, MAP_OBJ_HEAD, MAP_OBJ_NODE } map_obj_t;
map_obj_t map_obj_kind(term m);

/* Flatmap accessors (valid only for flatmaps). */
bool map_is_flat(term m);
/* Keys (sorted in map-key order) and values of a flatmap, map_size(m) each. */
const term *map_flat_keys(term m);
const term *map_flat_vals(term m);

#endif
