/* bin.c - binary storage and views (see bin.h). */
#include "bin.h"

#include <stdatomic.h>
#include <stdlib.h>

/* Bytes of binary storage alive (erlang:memory(binary)). */
static _Atomic size_t bin_bytes;

size_t bin_memory(void) { return atomic_load_explicit(&bin_bytes, memory_order_relaxed); }

bin_store_t *bin_store_shrink(bin_store_t *b, size_t n)
{
    if (n >= b->orig_size) return b;
    size_t old = b->orig_size;
    bin_store_t *nb = realloc(b, sizeof *b + n);
    if (!nb) return b;
    nb->orig_size = n;
    atomic_fetch_sub_explicit(&bin_bytes, old - n, memory_order_relaxed);
    return nb;
}

bin_store_t *bin_store_try_new(size_t n)
{
    /* beyond 2^40 bytes no allocation succeeds here, and ASan aborts on
     * such a request instead of returning NULL */
    if (n > ((size_t)1 << 40) - 4096) return NULL;
    bin_store_t *b = malloc(sizeof *b + (n ? n : 1));
    if (!b) return NULL;
    atomic_fetch_add_explicit(&bin_bytes, sizeof *b + n, memory_order_relaxed);
    atomic_init(&b->refc, 1);
    b->orig_size = n;
    b->flags = 0;
    return b;
}

bin_store_t *bin_store_new(size_t n)
{
    bin_store_t *b = bin_store_try_new(n);
    if (!b) laser_oom("a binary", n);
    return b;
}

term bin_make_from_store(heap_t *h, bin_store_t *b, size_t off, size_t n)
{
    term_procbin_t *pb = (term_procbin_t *)heap_alloc(h, PROCBIN_WORDS);
    pb->header = hdr_make(PROCBIN_WORDS - 1, HDR_REFC_BIN);
    pb->size = n;
    pb->val = b;
    pb->bytes = b->data + off;
    pb->flags = 0;
    bin_store_retain(b);
    heap_link_offheap(h, (term_offheap_hdr_t *)pb);
    return term_from_boxed_ptr((term *)pb);
}

void bin_store_retain(bin_store_t *b) { atomic_fetch_add_explicit(&b->refc, 1, memory_order_relaxed); }

void bin_store_release(bin_store_t *b)
{
    if (atomic_fetch_sub_explicit(&b->refc, 1, memory_order_acq_rel) == 1) {
        atomic_fetch_sub_explicit(&bin_bytes, sizeof *b + b->orig_size, memory_order_relaxed);
        free(b);
    }
}

size_t bin_make_words(size_t n) { return n <= HEAP_BIN_LIMIT ? heap_bin_words(n) : PROCBIN_WORDS; }

term bin_make(heap_t *h, const uint8_t *data, size_t n, uint8_t **bytes_out)
{
    uint8_t *bytes;
    term t;
    if (n <= HEAP_BIN_LIMIT) {
        size_t w = heap_bin_words(n);
        term *p = heap_alloc(h, w);
        p[0] = hdr_make(w - 1, HDR_HEAP_BIN);
        p[1] = n;
        p[w - 1] = 0; /* padding is zero: hashing and equality may read words */
        bytes = (uint8_t *)&p[2];
        t = term_from_boxed_ptr(p);
    } else {
        term_procbin_t *pb = (term_procbin_t *)heap_alloc(h, PROCBIN_WORDS);
        pb->header = hdr_make(PROCBIN_WORDS - 1, HDR_REFC_BIN);
        pb->size = n;
        pb->val = bin_store_new(n);
        pb->bytes = pb->val->data;
        pb->flags = 0;
        heap_link_offheap(h, (term_offheap_hdr_t *)pb);
        bytes = pb->bytes;
        t = term_from_boxed_ptr((term *)pb);
    }
    if (data) memcpy(bytes, data, n);
    else memset(bytes, 0, n);
    if (bytes_out) *bytes_out = bytes;
    return t;
}

term bin_make_bits(heap_t *h, const uint8_t *data, uint64_t nbits)
{
    uint64_t nbytes = (nbits + 7) / 8;
    uint8_t *bytes;
    term whole = bin_make(h, data, nbytes, &bytes);
    if (nbits % 8 == 0) return whole;
    bytes[nbytes - 1] &= (uint8_t)(0xFF << (8 - nbits % 8));
return bin_make_sub(h, whole, 0, nbits);
}

static const uint8_t *bin_bytes_of(term orig)
{
    term *p = term_boxed_ptr(orig);
    if (hdr_subtag(p[0]) == HDR_HEAP_BIN) return (const uint8_t *)&p[2];
    return ((term_procbin_t *)p)->bytes;
}

void bin_view(term t, bin_view_t *v)
{
    term *p = term_boxed_ptr(t);
    switch (hdr_subtag(p[0])) {
    case HDR_HEAP_BIN:
        v->base = (const uint8_t *)&p[2];
        v->bitoffs = 0;
        v->bitsize = p[1] * 8;
        break;
    case HDR_REFC_BIN:
        v->base = ((term_procbin_t *)p)->bytes;
        v->bitoffs = 0;
        v->bitsize = ((term_procbin_t *)p)->size * 8;
        break;
    default: {
        term_subbin_t *sb = (term_subbin_t *)p;
        v->base = bin_bytes_of(sb->orig) + sb->offs;
        v->bitoffs = sb->bitoffs;
        v->bitsize = sb->size * 8 + sb->bitsize;
        break;
    }
    }
}

uint64_t bin_bit_size(term t)
{
    bin_view_t v;
    bin_view(t, &v);
    return v.bitsize;
}

/* Eight bits of src starting at bit s (MSB first); reads src[s / 8 + 1]
 * only when the bits span it. */
static inline unsigned get8(const uint8_t *src, uint64_t s, uint64_t left)
{
    const uint8_t *p = src + s / 8;
    unsigned o = (unsigned)(s % 8);
    unsigned v = (unsigned)p[0] << 8;
    if (o && o + (left < 8 ? left : 8) > 8) v |= p[1];
    return (v >> (8 - o)) & 0xFF;
}

/* Write the top k (1..8) bits of the byte v at bit d of dst, keeping the
 * other bits. */
static inline void put_bits(uint8_t *dst, uint64_t d, unsigned v, unsigned k)
{
    uint8_t *p = dst + d / 8;
    unsigned o = (unsigned)(d % 8);
    unsigned m = (0xFF00u >> k) & 0xFF; /* top k bits of a byte */
    unsigned m16 = m << (8 - o), v16 = (v & m) << (8 - o);
    p[0] = (uint8_t)((p[0] & ~(m16 >> 8)) | (v16 >> 8));
    if (o + k > 8) p[1] = (uint8_t)((p[1] & ~m16) | (v16 & 0xFF));
}

void bin_copy_bits(const uint8_t *src, uint64_t soffs, uint8_t *dst, uint64_t doffs, uint64_t nbits)
{
    if (soffs % 8 == 0 && doffs % 8 == 0) {
        memmove(dst + doffs / 8, src + soffs / 8, nbits / 8);
        soffs += nbits / 8 * 8;
        doffs += nbits / 8 * 8;
        nbits %= 8;
    }
    /* a byte at a time, front to back, as the bit-by-bit copy it replaces */
    while (nbits) {
        unsigned k = nbits < 8 ? (unsigned)nbits : 8;
        put_bits(dst, doffs, get8(src, soffs, nbits), k);
        soffs += k, doffs += k, nbits -= k;
    }
}

term bin_make_sub(heap_t *h, term t, uint64_t from, uint64_t nbits)
{
    term *tp = term_boxed_ptr(t);
    term orig = t;
    uint64_t base = 0;
    if (hdr_subtag(tp[0]) == HDR_SUB_BIN) {
        const term_subbin_t *s = (const term_subbin_t *)tp;
        orig = s->orig;
        base = s->offs * 8 + s->bitoffs;
    }
    uint64_t at = base + from;
    /* OTP 25 copies a whole-byte extract that fits a heap binary instead of
     * referencing the original (binary:referenced_byte_size/1 shows it) */
    if (nbits % 8 == 0 && nbits / 8 <= HEAP_BIN_LIMIT) {
        bin_view_t v;
        bin_view(orig, &v);
        /* byte-aligned (the common case): one copy, no zeroing first */
        if ((v.bitoffs + at) % 8 == 0) return bin_make(h, v.base + (v.bitoffs + at) / 8, nbits / 8, NULL);
        uint8_t *dst;
        term hb = bin_make(h, NULL, nbits / 8, &dst);
        bin_copy_bits(v.base, v.bitoffs + at, dst, 0, nbits);
        return hb;
    }
    term_subbin_t *sb = (term_subbin_t *)heap_alloc(h, SUBBIN_WORDS);
    memset(sb, 0, sizeof *sb);
    sb->header = hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN);
    sb->size = nbits / 8;
    sb->bitsize = (uint8_t)(nbits % 8);
    sb->offs = at / 8;
    sb->bitoffs = (uint8_t)(at % 8);
    sb->orig = orig;
    return term_from_boxed_ptr((term *)sb);
}

size_t bin_utf8_encode(uint32_t c, uint8_t out[4])
{
    if (c < 0x80) {
        out[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (uint8_t)(0xC0 | c >> 6);
        out[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (uint8_t)(0xE0 | c >> 12);
        out[1] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
        out[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | c >> 18);
    out[1] = (uint8_t)(0x80 | (c >> 12 & 0x3F));
    out[2] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
    out[3] = (uint8_t)(0x80 | (c & 0x3F));
    return 4;
}
