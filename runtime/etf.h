/*
 * etf.h - the external term format (term_to_binary/binary_to_term), byte
 * identical to OTP 25, safe on hostile input: decoding validates the whole
 * input and computes the heap space first, so a bad binary fails with an
 * error and allocates nothing.
 */
#ifndef LASER_ETF_H
#define LASER_ETF_H

#include "heap.h"

typedef struct {
    int compressed;     /* -1 or 0 = off, 1..9 = zlib level (`compressed` = 6) */
    int minor_version;  /* 0, 1 (OTP 25's default) or 2; see etf.c */
    bool deterministic; /* maps in key order (exact term order) */
} etf_enc_opts_t;
void etf_enc_opts_default(etf_enc_opts_t *o);

typedef struct {
    uint8_t *data;
    size_t size, cap;
} etf_buf_t;
void etf_buf_free(etf_buf_t *b);

/* Encode t with the version byte 131 into out (replacing its contents; out
 * may start zeroed). o may be NULL for the defaults. Returns 0, or -1 if t
 * cannot be encoded (not a valid term). */
int etf_encode(term t, const etf_enc_opts_t *o, etf_buf_t *out);

typedef enum {
    ETF_OK = 0,
    ETF_ERR_BADARG,   /* malformed input */
    ETF_ERR_UNSAFE,   /* [safe] and the input would create an atom or an
                         export of a function that does not exist */
} etf_err_t;

/* Decode one term from data[0..len) (starting with 131). *used (may be
 * NULL) receives the bytes consumed (for binary_to_term(B, [used])); for a
 * compressed term that is the header and the zlib stream. Trailing bytes
 * are not an error here. Allocates on h only on success. */
etf_err_t etf_decode(const uint8_t *data, size_t len, heap_t *h, bool safe, term *out, size_t *used);

#endif
