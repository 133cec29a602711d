/*
 * md5.h - MD5 (RFC 1321), for module checksums (module_info(md5), the uniq
 * of funs) and later erlang:md5/1.
 */
#ifndef LASER_MD5_H
#define LASER_MD5_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t a, b, c, d;
    uint64_t len;      /* bytes hashed so far */
    uint8_t buf[64];   /* pending partial block */
} md5_ctx_t;

void md5_init(md5_ctx_t *c);
void md5_update(md5_ctx_t *c, const void *data, size_t n);
void md5_final(md5_ctx_t *c, uint8_t out[16]);

#endif
