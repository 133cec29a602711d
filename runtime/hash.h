/*
 * hash.h - the hashes OTP makes observable, bit for bit:
 * erlang:phash2/1,2, erlang:phash/2, and the internal hash that orders the
 * nodes of large maps (HAMTs), which shows in maps:keys/1, map iteration,
 * printing and term_to_binary of maps over 32 keys.
 */
#ifndef LASER_HASH_H
#define LASER_HASH_H

#include <laser/term.h>

/* erlang:phash2(T) : 0..2^27-1 */
uint32_t hash_phash2(term t);
/* erlang:phash2(T, Range), 1 <= Range <= 2^32 */
uint32_t hash_phash2_range(term t, uint64_t range);
/* erlang:phash(T, Range) */
uint32_t hash_phash_range(term t, uint64_t range);
/* OTP's make_internal_hash(T, Salt): the hash of map keys. */
uint32_t hash_internal(term t, uint32_t salt);
/* The 32 hash bits that place key at HAMT depth `level`: bits 4*(level%8)..
 * of hash_internal(key, level div 8) (OTP 25's salted rehash once the 32
 * bits of a round are used up). */
uint32_t hash_map_key(term key, unsigned level);

#endif
