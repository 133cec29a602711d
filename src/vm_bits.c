/*
 * vm_bits.c - the bit syntax behind the bs_* instructions of both tiers
 * (the interpreter's handlers and native code's vm_abi_bs.c):
 * match states, extracting integers/floats/binaries/UTF code points, and
 * building bitstrings for bs_create_bin.
 *
 * Match state (boxed, subtag HDR_MATCHSTATE, arity 3; every word a term so
 * the GC scans it like a tuple):
 *   [1] orig   the heap or refc binary matched (never a sub binary: a sub
 *              binary is unwrapped into orig + offset when matching starts)
 *   [2] pos    small integer: current absolute bit offset into orig's bytes
 *   [3] end    small integer: absolute bit offset of the end
 * Everything is built on the heap_t given (the BIF window, or native
 * code's free heap): no GC here.
 */
#include "vm_bits.h"

#include "big.h"
#include "bin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const uint8_t *vm_bin_base(term orig)
{
    term *p = term_boxed_ptr(orig);
    if (hdr_subtag(p[0]) == HDR_HEAP_BIN) return (const uint8_t *)&p[2];
    return ((term_procbin_t *)p)->bytes;
}

term vm_ms_new(heap_t *h, term bin)
{
    term *b = term_boxed_ptr(bin);
    term orig = bin;
    uint64_t start = 0, bits;
    if (hdr_subtag(b[0]) == HDR_SUB_BIN) {
        term_subbin_t *sb = (term_subbin_t *)b;
        orig = sb->orig;
        start = sb->offs * 8 + sb->bitoffs;
        bits = sb->size * 8 + sb->bitsize;
    } else {
        bits = bin_bit_size(bin);
    }
    term *ms = heap_alloc(h, 4);
    ms[0] = hdr_make(3, HDR_MATCHSTATE);
    ms[1] = orig;
    ms[2] = term_from_small((int64_t)start);
    ms[3] = term_from_small((int64_t)(start + bits));
    return term_from_boxed_ptr(ms);
}

/* The nbits (1..64) bits at bit pos of base, MSB first, right-aligned;
 * reads only the bytes they touch. */
static uint64_t get_u64(const uint8_t *base, uint64_t pos, unsigned nbits)
{
    const uint8_t *p = base + pos / 8;
    unsigned o = (unsigned)(pos % 8), need = o + nbits, n = need > 64 ? 8 : (need + 7) / 8;
    uint64_t acc = 0;
    for (unsigned i = 0; i < n; i++) acc = acc << 8 | p[i];
    if (need > 64) /* o > 0: the ninth byte's top bits */
        return (acc << o | (uint64_t)p[8] >> (8 - o)) >> (64 - nbits);
    acc >>= n * 8 - need;
    return nbits == 64 ? acc : acc & ((UINT64_C(1) << nbits) - 1);
}

/* Write the low nbits (1..64) bits of v at bit pos of buf, MSB first,
 * keeping the bits around them. */
static void put_u64(uint8_t *buf, uint64_t pos, uint64_t v, unsigned nbits)
{
    uint8_t *p = buf + pos / 8;
    unsigned o = (unsigned)(pos % 8);
    while (nbits) {
        unsigned room = 8 - o, k = nbits < room ? nbits : room, shift = room - k;
        unsigned m = ((1u << k) - 1) << shift;
        *p = (uint8_t)((*p & ~m) | ((unsigned)(v >> (nbits - k)) << shift & m));
        nbits -= k, o = 0, p++;
    }
}

/* A sub binary of nbits bits at absolute bit offset pos of orig. */
term vm_sub_binary(heap_t *h, term orig, uint64_t pos, uint64_t nbits)
{
    return bin_make_sub(h, orig, pos, nbits);
}

/* A size operand times the unit, in bits; false if not a non-negative
 * integer (or too large). */
bool vm_bs_size(term size, uint64_t unit, uint64_t *bits)
{
    if (!term_is_small(size) || term_to_small(size) < 0) return false;
    uint64_t s = (uint64_t)term_to_small(size);
    if (unit && s > UINT64_MAX / 8 / unit) return false;
    *bits = s * unit;
    return true;
}

/* Big-endian two's complement bytes of integer v, nbytes long. */
static bool int_bytes_be(term v, uint8_t *out, size_t nbytes)
{
    if (term_is_small(v)) {
        int64_t x = term_to_small(v);
        for (size_t k = 0; k < nbytes; k++) {
            uint8_t byte = k < 8 ? (uint8_t)((uint64_t)x >> (8 * k)) : (x < 0 ? 0xFF : 0);
            out[nbytes - 1 - k] = byte;
        }
        return true;
    }
    if (!term_is_big(v)) return false;
    const uint64_t *d = term_big_digits(v);
    size_t nl = term_big_size(v);
    bool neg = term_big_is_neg(v);
    unsigned carry = 1;
    for (size_t k = 0; k < nbytes; k++) {
        size_t li = k / 8;
        uint8_t byte = li < nl ? (uint8_t)(d[li] >> (8 * (k % 8))) : 0;
        if (neg) {
            unsigned s = (uint8_t)~byte + carry;
            byte = (uint8_t)s;
            carry = s >> 8;
        }
        out[nbytes - 1 - k] = byte;
    }
    return true;
}

term vm_bs_get_integer(proc_t *p, term ms, uint64_t nbits, unsigned flags)
{
    term *m = term_boxed_ptr(ms);
    uint64_t pos = (uint64_t)term_to_small(m[2]), end = (uint64_t)term_to_small(m[3]);
    if (nbits > end - pos) return THE_NON_VALUE;
    size_t nbytes = (size_t)((nbits + 7) / 8);
    uint8_t small[16], *buf = nbytes <= sizeof small ? small : malloc(nbytes);
    if (!buf) laser_oom("bit syntax", nbytes);
    memset(buf, 0, nbytes);
    if (flags & VM_BSF_LITTLE) {
        /* OTP's little-endian layout: the whole low bytes first, least
         * significant first, then the nbits % 8 high bits. Read them
         * left-aligned, reverse the bytes, and shift the (now first)
         * partial byte down: the result is right-aligned big-endian. */
        bin_copy_bits(vm_bin_base(m[1]), pos, buf, 0, nbits);
        for (size_t i = 0; i < nbytes / 2; i++) {
            uint8_t t = buf[i];
            buf[i] = buf[nbytes - 1 - i];
            buf[nbytes - 1 - i] = t;
        }
        if (nbits % 8) buf[0] >>= 8 - nbits % 8;
    } else {
        /* right-align the nbits bits in nbytes big-endian bytes */
        bin_copy_bits(vm_bin_base(m[1]), pos, buf, nbytes * 8 - nbits, nbits);
    }
    bool neg = false;
    if ((flags & VM_BSF_SIGNED) && nbits > 0) {
        unsigned pad = (unsigned)(nbytes * 8 - nbits);
        neg = (buf[0] >> (7 - pad)) & 1;
        if (neg && pad) buf[0] |= (uint8_t)(0xFF << (8 - pad));
    }
    term r;
    if (nbytes <= 8) {
        uint64_t u = 0;
        for (size_t i = 0; i < nbytes; i++) u = (u << 8) | buf[i];
        if (neg && nbytes < 8) u |= ~UINT64_C(0) << (8 * nbytes);
        r = neg ? big_from_int64(proc_heap(p), (int64_t)u) : big_from_uint64(proc_heap(p), u);
    } else {
        /* to little-endian magnitude */
        uint8_t *le = malloc(nbytes);
        if (!le) laser_oom("bit syntax", nbytes);
        unsigned carry = 1;
        for (size_t k = 0; k < nbytes; k++) {
            uint8_t byte = buf[nbytes - 1 - k];
            if (neg) {
                unsigned s = (uint8_t)~byte + carry;
                byte = (uint8_t)s;
                carry = s >> 8;
            }
            le[k] = byte;
        }
        r = big_from_bytes_le(proc_heap(p), le, nbytes, neg);
        free(le);
    }
    if (buf != small) free(buf);
    m[2] = term_from_small((int64_t)(pos + nbits));
    return r;
}

/* IEEE binary16 from a double, rounded to nearest even (OTP's 16-bit
 * float segments; out of range gives infinity as in OTP). */
static uint16_t half_from_double(double d)
{
    uint16_t sign = signbit(d) ? 0x8000 : 0;
    double a = fabs(d);
    if (isnan(d)) return sign | 0x7E00;
    if (a >= 65520.0) return sign | 0x7C00; /* 65520 is halfway past 65504: even is inf */
    if (a < 0x1p-14) return sign | (uint16_t)nearbyint(a * 0x1p24); /* subnormal (1024: smallest normal) */
    int e;
    double f = frexp(a, &e); /* a = f * 2^e, f in [0.5, 1) */
    uint32_t m = (uint32_t)nearbyint((f * 2 - 1) * 1024), E = (uint32_t)(e - 1 + 15);
    if (m == 1024) m = 0, E++;
    if (E >= 31) return sign | 0x7C00;
    return (uint16_t)(sign | E << 10 | m);
}

static double half_to_double(uint16_t h)
{
    unsigned E = h >> 10 & 31, m = h & 1023;
    double v = E == 0 ? ldexp(m, -24) : E == 31 ? (m ? NAN : INFINITY) : ldexp(1024 + m, (int)E - 25);
    return (h & 0x8000) ? -v : v;
}

term vm_bs_get_float(heap_t *h, term ms, uint64_t nbits, unsigned flags)
{
    term *m = term_boxed_ptr(ms);
    uint64_t pos = (uint64_t)term_to_small(m[2]), end = (uint64_t)term_to_small(m[3]);
    if ((nbits != 16 && nbits != 32 && nbits != 64) || nbits > end - pos) return THE_NON_VALUE;
    uint8_t b[8];
    bin_copy_bits(vm_bin_base(m[1]), pos, b, 0, nbits);
    size_t n = nbits / 8;
    if (flags & VM_BSF_LITTLE)
        for (size_t i = 0; i < n / 2; i++) {
            uint8_t t = b[i];
            b[i] = b[n - 1 - i];
            b[n - 1 - i] = t;
        }
    double d;
    if (n == 2) {
        d = half_to_double((uint16_t)(b[0] << 8 | b[1]));
    } else if (n == 8) {
        uint64_t u = 0;
        for (size_t i = 0; i < 8; i++) u = (u << 8) | b[i];
        memcpy(&d, &u, 8);
    } else {
        uint32_t u = 0;
        for (size_t i = 0; i < 4; i++) u = (u << 8) | b[i];
        float f;
        memcpy(&f, &u, 4);
        d = f;
    }
    if (!isfinite(d)) return THE_NON_VALUE;
    m[2] = term_from_small((int64_t)(pos + nbits));
    return heap_make_float(h, d);
}

/* Decode one code point at bit offset pos; returns its bit length or 0. */
static unsigned get_utf(const uint8_t *base, uint64_t pos, uint64_t avail, int kind, unsigned flags, uint32_t *cp)
{
    uint8_t b[4];
    if (kind == 8 && pos % 8 == 0 && avail >= 8 && base[pos / 8] < 0x80) {
        /* ASCII at a byte boundary: most text, no copying */
        *cp = base[pos / 8];
        return 8;
    }
    if (kind == 8) {
        if (avail < 8) return 0;
        /* at a byte boundary the bytes are read in place */
        const uint8_t *s = pos % 8 ? b : base + pos / 8;
        if (pos % 8) bin_copy_bits(base, pos, b, 0, 8);
        unsigned n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
        if (!n || avail < 8u * n) return 0;
        if (pos % 8) bin_copy_bits(base, pos, b, 0, 8 * n);
        else memcpy(b, s, n);
        uint32_t c = n == 1 ? b[0] : n == 2 ? b[0] & 31u : n == 3 ? b[0] & 15u : b[0] & 7u;
        for (unsigned i = 1; i < n; i++) {
            if ((b[i] & 0xC0) != 0x80) return 0;
            c = (c << 6) | (b[i] & 63u);
        }
        static const uint32_t minv[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (c < minv[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
        *cp = c;
        return 8 * n;
    }
    if (kind == 16) {
        if (avail < 16) return 0;
        bin_copy_bits(base, pos, b, 0, 16);
        uint32_t w1 = (flags & VM_BSF_LITTLE) ? (uint32_t)(b[1] << 8 | b[0]) : (uint32_t)(b[0] << 8 | b[1]);
        if (w1 < 0xD800 || w1 > 0xDFFF) {
            *cp = w1;
            return 16;
        }
        if (w1 > 0xDBFF || avail < 32) return 0;
        bin_copy_bits(base, pos + 16, b + 2, 0, 16);
        uint32_t w2 = (flags & VM_BSF_LITTLE) ? (uint32_t)(b[3] << 8 | b[2]) : (uint32_t)(b[2] << 8 | b[3]);
        if (w2 < 0xDC00 || w2 > 0xDFFF) return 0;
        *cp = 0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00);
        return 32;
    }
    if (avail < 32) return 0;
    bin_copy_bits(base, pos, b, 0, 32);
    uint32_t c = (flags & VM_BSF_LITTLE) ? (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0]
                                         : (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return 32;
}

term vm_bs_get_utf(term ms, int kind, unsigned flags, bool skip)
{
    term *m = term_boxed_ptr(ms);
    uint64_t pos = (uint64_t)term_to_small(m[2]), end = (uint64_t)term_to_small(m[3]);
    uint32_t cp;
    unsigned n = get_utf(vm_bin_base(m[1]), pos, end - pos, kind, flags, &cp);
    if (!n) return THE_NON_VALUE;
    m[2] = term_from_small((int64_t)(pos + n));
    return skip ? ATOM_true : term_from_small(cp);
}

/* ---- the matching instructions, shared by the interpreter (vm.c) and
 * native code (vm_abi_bs.c): THE_NON_VALUE / false = no match (the fail
 * label); the match state's position moves only on a match ---- */

term vm_bs_start_match(heap_t *h, term t)
{
    if (vm_is_ms(t)) return t;
    if (!term_is_bitstring(t)) return THE_NON_VALUE;
    return vm_ms_new(h, t);
}

term vm_bs_get_integer2(proc_t *p, term ms, term size, uint64_t unit, unsigned flags)
{
    uint64_t bits;
    if (!vm_bs_size(size, unit, &bits)) return THE_NON_VALUE;
    uint64_t pos = vm_ms_pos(ms);
    if (bits <= 59 && (!(flags & VM_BSF_LITTLE) || bits % 8 == 0) && bits <= vm_ms_end(ms) - pos) {
        /* a field that fits a small (little-endian: whole bytes, at most
         * 7 of them, as 59 bits is not a whole byte count) */
        if (!bits) return term_from_small(0);
        uint64_t v = get_u64(vm_bin_base(vm_ms_orig(ms)), pos, (unsigned)bits);
        if (flags & VM_BSF_LITTLE) v = __builtin_bswap64(v) >> (64 - bits);
        int64_t sv = (int64_t)v;
        if ((flags & VM_BSF_SIGNED) && (v >> (bits - 1)) & 1) sv = (int64_t)(v | (~UINT64_C(0) << bits));
        vm_ms_set_pos(ms, pos + bits);
        return term_from_small(sv);
    }
    return vm_bs_get_integer(p, ms, bits, flags);
}

term vm_bs_get_float2(heap_t *h, term ms, term size, uint64_t unit, unsigned flags)
{
    uint64_t bits;
    if (!vm_bs_size(size, unit, &bits)) return THE_NON_VALUE;
    return vm_bs_get_float(h, ms, bits, flags);
}

/* The bits a bs_get_binary2/bs_skip_bits2 size operand takes (`all`: the
 * rest, a multiple of unit); false if they are not there. */
static bool take_bits(term ms, term size, uint64_t unit, uint64_t *bits)
{
    uint64_t avail = vm_ms_end(ms) - vm_ms_pos(ms);
    if (size == ATOM(all)) {
        *bits = avail;
        return unit <= 1 || avail % unit == 0;
    }
    return vm_bs_size(size, unit, bits) && *bits <= avail;
}

term vm_bs_get_binary2(heap_t *h, term ms, term size, uint64_t unit)
{
    uint64_t bits, pos = vm_ms_pos(ms);
    if (!take_bits(ms, size, unit, &bits)) return THE_NON_VALUE;
    term r = vm_sub_binary(h, vm_ms_orig(ms), pos, bits);
    vm_ms_set_pos(ms, pos + bits);
    return r;
}

bool vm_bs_skip_bits2(term ms, term size, uint64_t unit)
{
    uint64_t bits;
    if (!take_bits(ms, size, unit, &bits)) return false;
    vm_ms_set_pos(ms, vm_ms_pos(ms) + bits);
    return true;
}

bool vm_bs_match_string(term ms, uint64_t bits, const uint8_t *str)
{
    uint64_t pos = vm_ms_pos(ms);
    if (bits > vm_ms_end(ms) - pos) return false;
    const uint8_t *base = vm_bin_base(vm_ms_orig(ms));
    if (pos % 8 == 0 && bits % 8 == 0) {
        if (memcmp(base + pos / 8, str, (size_t)(bits / 8))) return false;
        vm_ms_set_pos(ms, pos + bits);
        return true;
    }
    if (bits && bits <= 64) {
        if (get_u64(base, pos, (unsigned)bits) != get_u64(str, 0, (unsigned)bits)) return false;
        vm_ms_set_pos(ms, pos + bits);
        return true;
    }
    uint8_t buf[256], want[256];
    for (uint64_t done = 0; done < bits;) {
        uint64_t n = bits - done > 8 * sizeof buf ? 8 * sizeof buf : bits - done;
        memset(buf, 0, sizeof buf);
        memset(want, 0, sizeof want);
        bin_copy_bits(base, pos + done, buf, 0, n);
        bin_copy_bits(str, done, want, 0, n);
        if (memcmp(buf, want, (size_t)((n + 7) / 8))) return false;
        done += n;
    }
    vm_ms_set_pos(ms, pos + bits);
    return true;
}

term vm_bs_get_tail(heap_t *h, term ms)
{
    uint64_t pos = vm_ms_pos(ms);
    return vm_sub_binary(h, vm_ms_orig(ms), pos, vm_ms_end(ms) - pos);
}

/* ---- construction ---- */

typedef vm_bw_t bw_t;

static void bw_put(bw_t *w, const uint8_t *src, uint64_t soffs, uint64_t nbits)
{
    bin_copy_bits(src, soffs, w->buf, w->pos, nbits);
    w->pos += nbits;
}

static bool put_integer(bw_t *w, term v, uint64_t nbits, unsigned flags)
{
    if (term_is_small(v) && nbits && nbits <= 64 && (!(flags & VM_BSF_LITTLE) || nbits % 8 == 0)) {
        /* the low nbits of the two's complement (little-endian: whole
         * bytes, reversed) */
        uint64_t u = (uint64_t)term_to_small(v);
        if (flags & VM_BSF_LITTLE) u = __builtin_bswap64(u) >> (64 - nbits);
        unsigned o = (unsigned)(w->pos % 8);
        if (o + nbits <= 64 && w->pos / 8 + 8 <= (w->cap + 7) / 8) {
            /* one big-endian read-modify-write of the 8 bytes from pos / 8,
             * all inside the binary */
            unsigned shift = 64 - o - (unsigned)nbits;
            uint64_t m = (nbits == 64 ? ~UINT64_C(0) : (UINT64_C(1) << nbits) - 1) << shift, x;
            memcpy(&x, w->buf + w->pos / 8, 8);
            x = __builtin_bswap64((__builtin_bswap64(x) & ~m) | (u << shift & m));
            memcpy(w->buf + w->pos / 8, &x, 8);
        } else {
            put_u64(w->buf, w->pos, u, (unsigned)nbits);
        }
        w->pos += nbits;
        return true;
    }
    if (!term_is_integer(v)) return false;
    size_t nbytes = (size_t)((nbits + 7) / 8);
    uint8_t small[16], *b = nbytes <= sizeof small ? small : malloc(nbytes);
    if (!b) laser_oom("bit syntax", nbytes);
    int_bytes_be(v, b, nbytes);
    if (flags & VM_BSF_LITTLE) {
        /* OTP's little-endian layout: the whole low bytes first, then the
         * nbits % 8 high bits (the low bits of the big-endian first byte) */
        for (size_t i = 0; i < nbytes / 2; i++) {
            uint8_t t = b[i];
            b[i] = b[nbytes - 1 - i];
            b[nbytes - 1 - i] = t;
        }
        if (nbits % 8) b[nbytes - 1] = (uint8_t)(b[nbytes - 1] << (8 - nbits % 8));
        bw_put(w, b, 0, nbits);
    } else {
        bw_put(w, b, nbytes * 8 - nbits, nbits);
    }
    if (b != small) free(b);
    return true;
}

static bool put_float(bw_t *w, term v, uint64_t nbits, unsigned flags)
{
    double d;
    if (term_is_float(v)) d = term_float_val(v);
    else if (term_is_small(v)) d = (double)term_to_small(v);
    else if (!term_is_big(v) || !int_to_double(v, &d)) return false;
    uint8_t b[8];
    size_t n;
    if (nbits == 64) {
        uint64_t u;
        memcpy(&u, &d, 8);
        for (int i = 0; i < 8; i++) b[i] = (uint8_t)(u >> (56 - 8 * i));
        n = 8;
    } else if (nbits == 32) {
        /* a double beyond float range becomes infinity, as OTP writes it */
        float f = (float)d;
        uint32_t u;
        memcpy(&u, &f, 4);
        for (int i = 0; i < 4; i++) b[i] = (uint8_t)(u >> (24 - 8 * i));
        n = 4;
    } else if (nbits == 16) {
        uint16_t u = half_from_double(d);
        b[0] = (uint8_t)(u >> 8), b[1] = (uint8_t)u;
        n = 2;
    } else {
        return false;
    }
    if (flags & VM_BSF_LITTLE)
        for (size_t i = 0; i < n / 2; i++) {
            uint8_t t = b[i];
            b[i] = b[n - 1 - i];
            b[n - 1 - i] = t;
        }
    bw_put(w, b, 0, nbits);
    return true;
}

static int utf_encode(uint32_t c, int kind, unsigned flags, uint8_t *b)
{
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    if (kind == 8) return (int)bin_utf8_encode(c, b);
    uint32_t units[2];
    int n = 1;
    if (kind == 32) {
        for (int i = 0; i < 4; i++) b[i] = (uint8_t)(c >> (24 - 8 * i));
        if (flags & VM_BSF_LITTLE)
            for (int i = 0; i < 2; i++) {
                uint8_t t = b[i];
                b[i] = b[3 - i];
                b[3 - i] = t;
            }
        return 4;
    }
    if (c >= 0x10000) {
        units[0] = 0xD800 + ((c - 0x10000) >> 10);
        units[1] = 0xDC00 + ((c - 0x10000) & 0x3FF);
        n = 2;
    } else {
        units[0] = c;
    }
    for (int i = 0; i < n; i++) {
        uint8_t hi = (uint8_t)(units[i] >> 8), lo = (uint8_t)units[i];
        b[2 * i] = (flags & VM_BSF_LITTLE) ? lo : hi;
        b[2 * i + 1] = (flags & VM_BSF_LITTLE) ? hi : lo;
    }
    return 2 * n;
}

unsigned vm_bs_seg_flags(term f)
{
    if (term_is_small(f)) return (unsigned)term_to_small(f);
    unsigned r = 0;
    for (; term_is_list(f); f = term_cdr(f)) {
        size_t n;
        const uint8_t *s = term_is_atom(term_car(f)) ? atom_text(term_car(f), &n) : NULL;
        if (!s) continue;
        if (n == 6 && !memcmp(s, "little", 6)) r |= VM_BSF_LITTLE;
        else if (n == 6 && !memcmp(s, "signed", 6)) r |= VM_BSF_SIGNED;
        else if (n == 6 && !memcmp(s, "native", 6)) r |= VM_BSF_LITTLE; /* x86-64 */
    }
    return r;
}

/* Write segments [from, nseg) at w's position (sizes checked by pass 1). */
static bool write_segments(bw_t *w, const term *seg, size_t from, size_t nseg)
{
    bool ok = true;
    for (size_t i = from; i < nseg && ok; i++) {
        const term *s = seg + 6 * i;
        term type = s[0], val = s[4], size = s[5];
        unsigned flags = vm_bs_seg_flags(s[3]);
        uint64_t unit = term_is_small(s[2]) ? (uint64_t)term_to_small(s[2]) : 1, bits = 0;
        if (type == ATOM(integer)) {
            vm_bs_size(size, unit, &bits);
            ok = put_integer(w, val, bits, flags);
        } else if (type == ATOM(float)) {
            if (!term_is_value(size)) bits = 64;
            else vm_bs_size(size, unit, &bits);
            ok = put_float(w, val, bits, flags);
        } else if (type == ATOM(string)) {
            vm_bs_size(size, 8, &bits);
            /* threading made the string table offset a tagged pointer */
            bw_put(w, (const uint8_t *)(uintptr_t)(val >> 2), 0, bits);
        } else if (type == ATOM(utf8) || type == ATOM(utf16) || type == ATOM(utf32)) {
            uint8_t b[4];
            int kind = type == ATOM(utf8) ? 8 : type == ATOM(utf16) ? 16 : 32;
            int n = utf_encode((uint32_t)term_to_small(val), kind, flags, b);
            bw_put(w, b, 0, 8u * (unsigned)n);
        } else {
            bin_view_t v;
            bin_view(val, &v);
            if (size == ATOM(all) || type != ATOM(binary)) bits = v.bitsize;
            else vm_bs_size(size, unit, &bits);
            bw_put(w, v.base, v.bitoffs, bits);
        }
    }
    return ok;
}

/* Appendable refc binaries (OTP's writable binaries): a store made by an
 * append has spare capacity and one ProcBin, and store->flags = used bytes
 * << 1 | 1. Each append returns a sub binary of the ProcBin covering the
 * used bytes (5 heap words; no reference count or off-heap link per
 * append, as OTP's writable ProcBin and its sub binaries). Appending to a
 * handle that covers every used byte writes past them in place; any other
 * handle sees only its own bytes, which never change, and is copied.
 * Sending the binary (copy.c) clears the flag. The ProcBin keeps the size
 * it was made with (what the virtual binary heap counted): it is only ever
 * reached through the sub binaries and match states, which carry their
 * own sizes. */
#define APPENDABLE 1u

/* The appendable store under `base` if base covers all of its used bytes
 * and it has room for nbytes (*pbt: its ProcBin), else NULL. */
static bin_store_t *appendable_in_place(term base, uint64_t nbytes, term *pbt)
{
    term *bp = term_boxed_ptr(base);
    term orig = base;
    uint64_t size;
    if (hdr_subtag(bp[0]) == HDR_SUB_BIN) {
        const term_subbin_t *sb = (const term_subbin_t *)bp;
        if (sb->offs || sb->bitoffs || sb->bitsize) return NULL;
        orig = sb->orig;
        bp = term_boxed_ptr(orig);
        size = sb->size;
    } else {
        size = ((const term_procbin_t *)bp)->size;
    }
    if (hdr_subtag(bp[0]) != HDR_REFC_BIN) return NULL;
    const term_procbin_t *pb = (const term_procbin_t *)bp;
    bin_store_t *st = pb->val;
    if (!(st->flags & APPENDABLE) || pb->bytes != st->data || size != st->flags >> 1 || nbytes > st->orig_size)
        return NULL;
    *pbt = orig;
    return st;
}

/* A sub binary of the first nbytes of ProcBin pbt (an append's result). */
static term appended(heap_t *h, term pbt, uint64_t nbytes)
{
    term_subbin_t *sb = (term_subbin_t *)heap_alloc(h, SUBBIN_WORDS);
    sb->header = hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN);
    sb->size = nbytes;
    sb->offs = 0;
    memset(&sb->bitsize, 0, 8); /* bitsize, bitoffs, is_writable, pad */
    sb->is_writable = 1;
    sb->orig = pbt;
    return term_from_boxed_ptr((term *)sb);
}

/* bin followed by room for addbits more bits (have + addbits whole bytes,
 * have = bin's bits): in place when bin is appendable, else a new store
 * with spare room (twice the size, at least 256 bytes: amortised O(1)
 * growth as OTP's), bin copied into it; *w is set to write the rest, its
 * capacity the store's (the compiler sized the segments; the spare room
 * lets native code write a field as one 8-byte word). At most
 * APPEND_WORDS heap words. */
#define APPEND_WORDS (PROCBIN_WORDS + SUBBIN_WORDS)
term vm_bs_append_in_place(heap_t *h, term bin, uint64_t total, vm_bw_t *w)
{
    uint64_t nbytes = total / 8;
    term pbt;
    bin_store_t *st = total % 8 ? NULL : appendable_in_place(bin, nbytes, &pbt);
    if (!st) return THE_NON_VALUE;
    *w = (vm_bw_t){st->data, (st->flags >> 1) * 8, st->orig_size * 8};
    st->flags = nbytes << 1 | APPENDABLE;
    return appended(h, pbt, nbytes);
}

static term append_bytes(heap_t *h, term bin, uint64_t have, uint64_t total, vm_bw_t *w)
{
    uint64_t nbytes = total / 8;
    term r = vm_bs_append_in_place(h, bin, total, w);
    if (term_is_value(r)) return r;
    bin_store_t *st;
    size_t cap = nbytes < 128 ? 256 : (size_t)nbytes * 2;
    st = nbytes < ((size_t)1 << 38) ? bin_store_try_new(cap) : NULL;
    if (!st) st = bin_store_new((size_t)nbytes); /* no room to spare */
    bin_view_t v;
    bin_view(bin, &v);
    bin_copy_bits(v.base, v.bitoffs, st->data, 0, have);
    memset(st->data + have / 8, 0, st->orig_size - have / 8);
    st->flags = nbytes << 1 | APPENDABLE;
    *w = (vm_bw_t){st->data, have, st->orig_size * 8};
    term_procbin_t *pb = (term_procbin_t *)heap_alloc(h, PROCBIN_WORDS);
    pb->header = hdr_make(PROCBIN_WORDS - 1, HDR_REFC_BIN);
    pb->size = nbytes;
    pb->val = st;
    pb->bytes = st->data;
    pb->flags = 0;
    heap_link_offheap(h, (term_offheap_hdr_t *)pb);
    return appended(h, term_from_boxed_ptr((term *)pb), nbytes);
}

static term append(proc_t *p, const term *seg, size_t nseg, uint64_t total, bool *ok)
{
    term base = seg[4];
    bw_t w;
    term r = append_bytes(proc_heap(p), base, bin_bit_size(base), total, &w);
    *ok = write_segments(&w, seg, 1, nseg);
    return *ok ? r : THE_NON_VALUE;
}

/* The error_info cause of a failed segment: {SegNo, Type, Error, Value};
 * OTP names an appended segment binary and shows a bad float size in bits. */
static term seg_fail(proc_t *p, const term *s, const char *err, term *cause)
{
    term el[4] = {s[1], s[0], atom_from_cstr(err), s[4]};
    if (s[0] == ATOM(append) || s[0] == ATOM(private_append)) el[1] = ATOM(binary);
    if (!strcmp(err, "size")) el[3] = s[5];
    if (!strcmp(err, "invalid")) {
        uint64_t bits = 0;
        vm_bs_size(s[5], term_is_small(s[2]) ? (uint64_t)term_to_small(s[2]) : 1, &bits);
        el[3] = term_from_small((int64_t)bits);
    }
    *cause = heap_make_tuple(proc_heap(p), 4, el);
    return THE_NON_VALUE;
}

/* A size OTP refuses with system_limit rather than badarg: a positive
 * bignum, or more bits than a binary can have (UINT64_MAX / 8, so that
 * the total never wraps and no allocation is tried). */
#define BS_MAX_BITS (UINT64_MAX / 8)
static bool too_large(term size, uint64_t unit)
{
    if (term_is_big(size)) return !term_big_is_neg(size);
    return term_is_small(size) && term_to_small(size) >= 0 && unit &&
           (uint64_t)term_to_small(size) > BS_MAX_BITS / unit;
}

static term system_limit(term *cause)
{
    *cause = ATOM(system_limit);
    return THE_NON_VALUE;
}

term vm_bs_create_bin(proc_t *p, const term *seg, size_t nseg, term *cause)
{
    /* pass 1: sizes */
    uint64_t total = 0;
    for (size_t i = 0; i < nseg; i++) {
        const term *s = seg + 6 * i;
        term type = s[0], val = s[4], size = s[5];
        uint64_t unit = term_is_small(s[2]) ? (uint64_t)term_to_small(s[2]) : 1, bits = 0;
        if (type == ATOM(integer) || type == ATOM(float)) {
            if (type == ATOM(integer) ? !term_is_integer(val) : !term_is_number(val))
                return seg_fail(p, s, "type", cause);
            if (type == ATOM(float) && !term_is_value(size)) bits = 64;
            else if (!vm_bs_size(size, unit, &bits))
                return too_large(size, unit) ? system_limit(cause) : seg_fail(p, s, "size", cause);
            if (type == ATOM(float) && bits != 16 && bits != 32 && bits != 64) return seg_fail(p, s, "invalid", cause);
        } else if (type == ATOM(binary) || type == ATOM(append) || type == ATOM(private_append)) {
            if (!term_is_bitstring(val)) return seg_fail(p, s, "type", cause);
            uint64_t have = bin_bit_size(val);
            if (size == ATOM(all) || type == ATOM(append) || type == ATOM(private_append)) {
                bits = have;
                if (unit > 1 && bits % unit) return seg_fail(p, s, "unit", cause);
            } else if (!vm_bs_size(size, unit, &bits)) {
                return too_large(size, unit) ? system_limit(cause) : seg_fail(p, s, "size", cause);
            } else if (bits > have) {
                return seg_fail(p, s, "short", cause);
            }
        } else if (type == ATOM(string)) {
            if (!vm_bs_size(size, 8, &bits)) return THE_NON_VALUE;
        } else if (type == ATOM(utf8) || type == ATOM(utf16) || type == ATOM(utf32)) {
            uint8_t b[4];
            int kind = type == ATOM(utf8) ? 8 : type == ATOM(utf16) ? 16 : 32;
            if (!term_is_small(val) || term_to_small(val) < 0) return seg_fail(p, s, "type", cause);
            int n = utf_encode((uint32_t)term_to_small(val), kind, 0, b);
            if (!n) return seg_fail(p, s, "type", cause);
            bits = 8u * (unsigned)n;
        } else {
            return THE_NON_VALUE;
        }
        if (bits > BS_MAX_BITS - total) return system_limit(cause);
        total += bits;
    }
    if (total % 8 == 0 && (seg[0] == ATOM(append) || seg[0] == ATOM(private_append)) &&
        bin_bit_size(seg[4]) % 8 == 0) {
        bool ok;
        term r = append(p, seg, nseg, total, &ok);
        if (!ok) *cause = NIL;
        return r;
    }
    /* written straight into the result (zero-filled; a failed write
     * leaves it as garbage) */
    heap_t *h = proc_heap(p);
    bw_t w = {NULL, 0, total};
    term whole = bin_make(h, NULL, (size_t)((total + 7) / 8), &w.buf);
    if (!write_segments(&w, seg, 0, nseg)) {
        *cause = NIL;
        return THE_NON_VALUE;
    }
    return total % 8 ? bin_make_sub(h, whole, 0, total) : whole;
}

/* ---- pre-OTP-25 construction: bs_init2, bs_put_X, bs_append ----
 * OTP keeps "the binary under construction" (erts_current_bin and a bit
 * offset) in the process; here it is abi_state_t.bw of vm_run, which
 * native code shares. The binary is created at its final size by bs_init* or
 * bs_append and the bs_put_* instructions that follow fill it in place.
 * The compiler never puts anything that can collect between them, so the
 * write pointer stays valid (OTP relies on the same). */

term vm_bs_init(heap_t *h, uint64_t nbits, vm_bw_t *w)
{
    uint64_t nbytes = (nbits + 7) / 8;
    uint8_t *bytes;
    term whole = bin_make(h, NULL, (size_t)nbytes, &bytes);
    *w = (vm_bw_t){bytes, 0, nbits};
    if (nbits % 8 == 0) return whole;
    return vm_sub_binary(h, whole, 0, nbits);
}

term vm_bs_append(heap_t *h, term bin, uint64_t addbits, vm_bw_t *w)
{
    uint64_t have = bin_bit_size(bin), total = have + addbits;
    if (have % 8 == 0 && total % 8 == 0) return append_bytes(h, bin, have, total, w);
    /* a bitstring: a fresh copy (OTP also copies unaligned appends) */
    term r = vm_bs_init(h, total, w);
    bin_view_t v;
    bin_view(bin, &v);
    bin_copy_bits(v.base, v.bitoffs, w->buf, 0, have);
    w->pos = have;
    return r;
}

bool vm_bs_put_integer(vm_bw_t *w, term v, uint64_t nbits, unsigned flags)
{
    if (nbits > w->cap - w->pos) return false;
    return put_integer(w, v, nbits, flags);
}

bool vm_bs_put_float(vm_bw_t *w, term v, uint64_t nbits, unsigned flags)
{
    if (nbits > w->cap - w->pos) return false;
    return put_float(w, v, nbits, flags);
}

bool vm_bs_put_bits(vm_bw_t *w, term bin, term size, uint64_t unit)
{
    if (!term_is_bitstring(bin)) return false;
    uint64_t have = bin_bit_size(bin), bits;
    if (size == ATOM(all)) {
        bits = have;
        if (unit > 1 && bits % unit) return false;
    } else if (!vm_bs_size(size, unit, &bits) || bits > have) {
        return false;
    }
    if (bits > w->cap - w->pos) return false;
    bin_view_t v;
    bin_view(bin, &v);
    bw_put(w, v.base, v.bitoffs, bits);
    return true;
}

void vm_bs_put_bytes(vm_bw_t *w, const uint8_t *s, uint64_t nbytes)
{
    uint64_t bits = nbytes * 8 > w->cap - w->pos ? w->cap - w->pos : nbytes * 8;
    bw_put(w, s, 0, bits);
}

bool vm_bs_put_utf(vm_bw_t *w, term v, int kind, unsigned flags)
{
    if (!term_is_small(v) || term_to_small(v) < 0 || term_to_small(v) > 0x10FFFF) return false;
    uint8_t b[4];
    int n = utf_encode((uint32_t)term_to_small(v), kind, flags, b);
    if (!n || 8u * (unsigned)n > w->cap - w->pos) return false;
    bw_put(w, b, 0, 8u * (unsigned)n);
    return true;
}

/* The checks of the old construction instructions, shared by both tiers:
 * NIL when the operands are good, else the reason to raise (OTP: a size
 * that is no non-negative integer is badarg, one too large to represent
 * is system_limit). */
term vm_bs_init_check(term sz, bool bits, uint64_t *nbits)
{
    if (!term_is_integer(sz) || (term_is_small(sz) ? term_to_small(sz) < 0 : term_big_is_neg(sz))) return ATOM(badarg);
    if (!term_is_small(sz) || (!bits && (uint64_t)term_to_small(sz) > UINT64_MAX / 8)) return ATOM(system_limit);
    *nbits = bits ? (uint64_t)term_to_small(sz) : (uint64_t)term_to_small(sz) * 8;
    return NIL;
}

term vm_bs_append_check(term sz, term bin, uint64_t unit, uint64_t *add)
{
    if (!term_is_integer(sz) || (term_is_small(sz) ? term_to_small(sz) < 0 : term_big_is_neg(sz))) return ATOM(badarg);
    if (!term_is_small(sz)) return ATOM(system_limit);
    *add = (uint64_t)term_to_small(sz);
    if (!term_is_bitstring(bin) || (unit > 1 && bin_bit_size(bin) % unit)) return ATOM(badarg);
    if (*add > (uint64_t)MAX_SMALL - bin_bit_size(bin)) return ATOM(system_limit);
    return NIL;
}

size_t vm_bs_init_words(uint64_t nbits) { return bin_make_words((size_t)((nbits + 7) / 8)) + SUBBIN_WORDS; }

size_t vm_bs_append_words(term bin, uint64_t add)
{
    uint64_t have = bin_bit_size(bin);
    if (have % 8 == 0 && add % 8 == 0) return APPEND_WORDS;
    return bin_make_words((size_t)((have + add + 7) / 8)) + SUBBIN_WORDS;
}

/* bs_put_integer/bs_put_float with the size operand times unit. */
bool vm_bs_put_integer2(vm_bw_t *w, term v, term size, uint64_t unit, unsigned flags)
{
    uint64_t bits;
    return vm_bs_size(size, unit, &bits) && vm_bs_put_integer(w, v, bits, flags);
}

bool vm_bs_put_float2(vm_bw_t *w, term v, term size, uint64_t unit, unsigned flags)
{
    uint64_t bits;
    return vm_bs_size(size, unit, &bits) && vm_bs_put_float(w, v, bits, flags);
}
