/*
 * beam.h - reading the .beam container: the IFF form ("FOR1", size, "BEAM",
 * then chunks of id, size, data padded to 4 bytes), a bounds-checked byte
 * reader, and the compact term encoding of the Code and Line chunks.
 *
 * Nothing here allocates or trusts the input: every read is checked against
 * the end of its span, so a truncated or lying file gives an error.
 */
#ifndef LASER_BEAM_H
#define LASER_BEAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *data;
    size_t size;
    bool present;
} beam_span_t;

/* The chunks OTP 25 knows, by fixed slot; anything else goes to `other`. */
enum {
    BEAM_ATU8, BEAM_ATOM, BEAM_CODE, BEAM_STRT, BEAM_IMPT, BEAM_EXPT, BEAM_FUNT, BEAM_LITT,
    BEAM_LOCT, BEAM_ATTR, BEAM_CINF, BEAM_LINE, BEAM_TYPE, BEAM_META, BEAM_NKNOWN
};
extern const char beam_chunk_ids[BEAM_NKNOWN][5];

#define BEAM_MAX_OTHER 32
typedef struct {
    beam_span_t known[BEAM_NKNOWN];
    struct {
        char id[5];
        beam_span_t span;
    } other[BEAM_MAX_OTHER];
    unsigned num_other;
} beam_file_t;

/* Split a file into chunks. A chunk appearing twice: the last one counts,
 * as in OTP. Returns 0, or -1 with a reason in err. */
int beam_parse(const uint8_t *data, size_t len, beam_file_t *bf, char *err, size_t errlen);

/* ---- bounds-checked reading ---- */
typedef struct {
    const uint8_t *p, *end;
} beam_rd_t;

static inline void beam_rd_init(beam_rd_t *r, const uint8_t *data, size_t n)
{
    r->p = data;
    r->end = data + n;
}
static inline size_t beam_rd_left(const beam_rd_t *r) { return (size_t)(r->end - r->p); }
static inline bool beam_rd_u8(beam_rd_t *r, uint8_t *v)
{
    if (r->p >= r->end) return false;
    *v = *r->p++;
    return true;
}
static inline bool beam_rd_u16(beam_rd_t *r, uint16_t *v)
{
    if (beam_rd_left(r) < 2) return false;
    *v = (uint16_t)(r->p[0] << 8 | r->p[1]);
    r->p += 2;
    return true;
}
static inline bool beam_rd_u32(beam_rd_t *r, uint32_t *v)
{
    if (beam_rd_left(r) < 4) return false;
    *v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
    r->p += 4;
    return true;
}
static inline bool beam_rd_bytes(beam_rd_t *r, size_t n, const uint8_t **out)
{
    if (beam_rd_left(r) < n) return false;
    *out = r->p;
    r->p += n;
    return true;
}

/* ---- compact terms ---- */
enum { BEAM_TAG_U, BEAM_TAG_I, BEAM_TAG_A, BEAM_TAG_X, BEAM_TAG_Y, BEAM_TAG_F, BEAM_TAG_H, BEAM_TAG_Z };

typedef struct {
    uint8_t tag;          /* BEAM_TAG_* */
    bool big;             /* value needs more than 64 bits (or, for a tag
                           * other than i, is negative): see bytes */
    int64_t val;          /* the value when !big; tag i is sign-extended */
    const uint8_t *bytes; /* big: big-endian two's complement digits */
    size_t nbytes;
} beam_compact_t;

/* Read one compact term (the tag and its number; extended tags z are
 * returned with val = the extension kind, their payload is read by the
 * caller). False on truncated or malformed input. */
bool beam_read_compact(beam_rd_t *r, beam_compact_t *out);

#endif
