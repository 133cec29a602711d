/*
 * beam.c - the .beam container (IFF form and chunk table) and the compact
 * term encoding; see beam.h.
 *
 * Compact term: the low 3 bits of the first byte are the tag. Then
 *   bit 3 = 0:              value = byte >> 4                  (0..15)
 *   bit 3 = 1, bit 4 = 0:   value = (byte >> 5) << 8 | next    (11 bits)
 *   bits 3,4 = 1:           n = (byte >> 5) + 2 bytes follow if byte >> 5 < 7,
 *                           else n = (a nested compact u) + 9 bytes follow;
 *                           the bytes are big-endian two's complement.
 * Only tag i may be negative or wider than 64 bits.
 */
#include "beam.h"

#include <stdio.h>
#include <string.h>

const char beam_chunk_ids[BEAM_NKNOWN][5] = {
    [BEAM_ATU8] = "AtU8", [BEAM_ATOM] = "Atom", [BEAM_CODE] = "Code", [BEAM_STRT] = "StrT",
    [BEAM_IMPT] = "ImpT", [BEAM_EXPT] = "ExpT", [BEAM_FUNT] = "FunT", [BEAM_LITT] = "LitT",
    [BEAM_LOCT] = "LocT", [BEAM_ATTR] = "Attr", [BEAM_CINF] = "CInf", [BEAM_LINE] = "Line",
    [BEAM_TYPE] = "Type", [BEAM_META] = "Meta",
};

int beam_parse(const uint8_t *data, size_t len, beam_file_t *bf, char *err, size_t errlen)
{
    memset(bf, 0, sizeof *bf);
    beam_rd_t r;
    beam_rd_init(&r, data, len);
    const uint8_t *id;
    uint32_t form_size = 0;
    if (!beam_rd_bytes(&r, 4, &id) || memcmp(id, "FOR1", 4) != 0) {
        snprintf(err, errlen, "not a BEAM file: no IFF 'FOR1' header");
        return -1;
    }
    if (!beam_rd_u32(&r, &form_size) || form_size > beam_rd_left(&r)) {
        snprintf(err, errlen, "truncated file: IFF form size %u, %zu bytes follow", form_size, beam_rd_left(&r));
        return -1;
    }
    r.end = r.p + form_size; /* bytes after the form are ignored, as by OTP */
    if (!beam_rd_bytes(&r, 4, &id) || memcmp(id, "BEAM", 4) != 0) {
        snprintf(err, errlen, "not a BEAM file: IFF form type is not 'BEAM'");
        return -1;
    }
    while (beam_rd_left(&r) > 0) {
        uint32_t size;
        const uint8_t *cdata = NULL;
        size_t off = (size_t)(r.p - data);
        if (!beam_rd_bytes(&r, 4, &id) || !beam_rd_u32(&r, &size)) {
            snprintf(err, errlen, "truncated chunk header at offset %zu", off);
            return -1;
        }
        uint64_t storage = ((uint64_t)size + 3) & ~(uint64_t)3;
        if (storage > beam_rd_left(&r)) {
            snprintf(err, errlen, "chunk '%.4s' at offset %zu: size %u exceeds the form", (const char *)id, off, size);
            return -1;
        }
        beam_rd_bytes(&r, size, &cdata);
        r.p += storage - size;
        int slot = -1;
        for (int i = 0; i < BEAM_NKNOWN; i++)
            if (memcmp(id, beam_chunk_ids[i], 4) == 0) slot = i;
        if (slot >= 0) {
            bf->known[slot] = (beam_span_t){cdata, size, true};
            continue;
        }
        unsigned j = 0;
        while (j < bf->num_other && memcmp(bf->other[j].id, id, 4) != 0) j++;
        if (j == bf->num_other) {
            if (bf->num_other == BEAM_MAX_OTHER) {
                snprintf(err, errlen, "more than %d unknown chunks", BEAM_MAX_OTHER);
                return -1;
            }
            bf->num_other++;
        }
        memcpy(bf->other[j].id, id, 4);
        bf->other[j].id[4] = 0;
        bf->other[j].span = (beam_span_t){cdata, size, true};
    }
    return 0;
}

static bool read_compact(beam_rd_t *r, beam_compact_t *out, bool nested);

bool beam_read_compact(beam_rd_t *r, beam_compact_t *out) { return read_compact(r, out, false); }

/* `nested`: reading the length of a long integer, which may not itself use
 * the nested-length form (that would let a hostile file recurse without
 * bound; OTP's lengths fit in the 2..8-byte forms). */
static bool read_compact(beam_rd_t *r, beam_compact_t *out, bool nested)
{
    uint8_t b;
    if (!beam_rd_u8(r, &b)) return false;
    out->tag = b & 7;
    out->big = false;
    out->bytes = NULL;
    out->nbytes = 0;
    if (!(b & 0x08)) {
        out->val = b >> 4;
        return true;
    }
    if (!(b & 0x10)) {
        uint8_t lo;
        if (!beam_rd_u8(r, &lo)) return false;
        out->val = (int64_t)((b >> 5) << 8 | lo);
        return true;
    }
    size_t n = (size_t)(b >> 5);
    if (n < 7) {
        n += 2;
    } else if (nested) {
        return false;
    } else {
        beam_compact_t len;
        /* the nested length is itself small: a huge one cannot fit the input */
        if (!read_compact(r, &len, true) || len.tag != BEAM_TAG_U || len.big || len.val < 0 ||
            (uint64_t)len.val > beam_rd_left(r))
            return false;
        n = (size_t)len.val + 9;
    }
    const uint8_t *d;
    if (!beam_rd_bytes(r, n, &d)) return false;
    out->bytes = d;
    out->nbytes = n;
    if (n <= 8) {
        uint64_t u = 0;
        for (size_t i = 0; i < n; i++) u = u << 8 | d[i];
        if (out->tag == BEAM_TAG_I) {
            unsigned shift = (unsigned)(64 - 8 * n);
            out->val = shift == 64 ? 0 : (int64_t)(u << shift) >> shift;
            if (n == 8) out->val = (int64_t)u;
            return true;
        }
        if ((int64_t)u >= 0 && !(d[0] & 0x80)) {
            out->val = (int64_t)u;
            return true;
        }
    }
    out->big = true;
    out->val = 0;
    return true;
}
