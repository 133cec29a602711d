/*
 * erlang_list.h - the iolist walker that erlang_list.c's conversions and
 * erlang_bin.c's checksums (crc32, adler32, md5 of iodata) share.
 */
#ifndef LASER_BIF_ERLANG_LIST_H
#define LASER_BIF_ERLANG_LIST_H

#include <laser/term.h>

/* A run of nbits bits starting at bit `bitoffs` of base (MSB first). */
typedef void (*bif_iol_fn)(void *ctx, const uint8_t *base, uint64_t bitoffs, uint64_t nbits);

/* Walk iodata t (a binary, or a possibly deep, possibly improper list of
 * bytes 0..255 and binaries whose tails are [] or binaries) in order,
 * without recursing on the C stack. allow_bits admits bitstrings of any
 * length wherever a binary may stand (list_to_bitstring/1). Returns false
 * if t is not valid; fn may have seen a prefix by then. */
bool bif_iolist_walk(term t, bool allow_bits, bif_iol_fn fn, void *ctx);

/* The same for byte consumers: every run is whole, byte-aligned bytes
 * (unaligned binaries go through a bounce buffer). Bitstrings are invalid. */
typedef void (*bif_iol_bytes_fn)(void *ctx, const uint8_t *bytes, size_t n);
bool bif_iolist_bytes(term t, bif_iol_bytes_fn fn, void *ctx);

#endif
