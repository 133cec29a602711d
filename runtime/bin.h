/*
 * bin.h - binaries and bitstrings: heap binaries (<= HEAP_BIN_LIMIT bytes),
 * reference-counted off-heap storage behind a ProcBin, and sub binaries.
 */
#ifndef LASER_BIN_H
#define LASER_BIN_H

#include "heap.h"

/* Allocate refcounted storage of n bytes with refc 1. */
bin_store_t *bin_store_new(size_t n);
void bin_store_retain(bin_store_t *b);
void bin_store_release(bin_store_t *b);

/* As bin_store_new, but NULL when the memory is not there (sizes that
 * come from Erlang code: {error, enomem} rather than an abort). */
bin_store_t *bin_store_try_new(size_t n);
/* Cut b's storage to n bytes (realloc; b itself if it cannot). */
bin_store_t *bin_store_shrink(bin_store_t *b, size_t n);
/* Bytes of binary storage alive (erlang:memory(binary)). */
size_t bin_memory(void);
/* A refc binary of the n bytes at b->data + off, taking a new reference to
 * b (prim_file's reads and prim_buffer's chunks, without a copy). */
term bin_make_from_store(heap_t *h, bin_store_t *b, size_t off, size_t n);
/* A binary of n bytes copied from data (data may be NULL: zero-filled).
 * Heap binary if n <= HEAP_BIN_LIMIT, else refc. *bytes_out (if non-NULL)
 * receives the writable first byte. */
term bin_make(heap_t *h, const uint8_t *data, size_t n, uint8_t **bytes_out);
/* A bitstring of nbits bits (copied from data, MSB first). */
term bin_make_bits(heap_t *h, const uint8_t *data, uint64_t nbits);
/* Words bin_make needs (for callers that reserve space first). */
size_t bin_make_words(size_t n);

/* A view of any bitstring term. */
typedef struct {
    const uint8_t *base; /* first byte containing data */
    uint64_t bitoffs;    /* 0..7: first bit within base[0] */
    uint64_t bitsize;    /* total size in bits */
} bin_view_t;
void bin_view(term t, bin_view_t *v);
/* True if byte aligned and whole bytes: then base/size give the bytes. */
static inline bool bin_view_is_bytes(const bin_view_t *v) { return v->bitoffs == 0 && v->bitsize % 8 == 0; }
/* A sub binary of nbits bits of bitstring t starting at bit `from`
 * (caller checks the range). It points at t's underlying heap or refc
 * binary, so sub binaries never chain. */
term bin_make_sub(heap_t *h, term t, uint64_t from, uint64_t nbits);
/* Code point c (valid: <= 0x10FFFF, not a surrogate) as UTF-8 in out;
 * returns the byte count, 1..4. */
size_t bin_utf8_encode(uint32_t c, uint8_t out[4]);
/* Size in bits of a bitstring term. */
uint64_t bin_bit_size(term t);
/* Copy nbits bits starting at bit soffs of src into dst at bit doffs (MSB first). */
void bin_copy_bits(const uint8_t *src, uint64_t soffs, uint8_t *dst, uint64_t doffs, uint64_t nbits);

#endif
