/*
 * test_beam.c - the .beam container reader and the compact term decoder
 * (src/beam.c): every length form of the compact encoding, signed and big
 * integers, truncation at every byte, and the IFF chunk table (padding,
 * duplicates, unknown chunks, sizes that lie).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/beam.h"

TestSuite(beam);

static beam_compact_t decode_ok(const uint8_t *b, size_t n)
{
    beam_rd_t r;
    beam_compact_t c;
    beam_rd_init(&r, b, n);
    cr_assert(beam_read_compact(&r, &c), "decoding failed");
    cr_assert_eq(beam_rd_left(&r), 0, "%zu bytes left over", beam_rd_left(&r));
    return c;
}

Test(beam, compact_small_forms)
{
    /* 4-bit values: tag in bits 0..2, value in 4..7 */
    for (unsigned v = 0; v < 16; v++)
        for (unsigned tag = 0; tag < 8; tag++) {
            uint8_t b = (uint8_t)(v << 4 | tag);
            beam_compact_t c = decode_ok(&b, 1);
            cr_assert_eq(c.tag, tag);
            cr_assert_eq(c.val, v);
            cr_assert(!c.big);
        }
    /* 11-bit values: bit 3 set, high 3 bits in 5..7, low byte follows */
    uint8_t b2[] = {(uint8_t)(7u << 5 | 0x08 | BEAM_TAG_U), 0xFF};
    beam_compact_t c = decode_ok(b2, 2);
    cr_assert_eq(c.tag, BEAM_TAG_U);
    cr_assert_eq(c.val, 2047);
}

Test(beam, compact_byte_forms)
{
    /* 2..8 bytes: bits 3,4 set, (n - 2) in bits 5..7 */
    uint8_t u3[] = {(uint8_t)(1u << 5 | 0x18 | BEAM_TAG_U), 0x01, 0x00, 0x00};
    cr_assert_eq(decode_ok(u3, 4).val, 65536);
    /* negative integers are two's complement, tag i only */
    uint8_t m1[] = {(uint8_t)(0u << 5 | 0x18 | BEAM_TAG_I), 0xFF, 0xFF};
    cr_assert_eq(decode_ok(m1, 3).val, -1);
    uint8_t m300[] = {(uint8_t)(0u << 5 | 0x18 | BEAM_TAG_I), 0xFE, 0xD4};
    cr_assert_eq(decode_ok(m300, 3).val, -300);
    uint8_t i8[] = {(uint8_t)(6u << 5 | 0x18 | BEAM_TAG_I), 0x80, 0, 0, 0, 0, 0, 0, 0};
    beam_compact_t c = decode_ok(i8, 9);
    cr_assert(!c.big);
    cr_assert_eq(c.val, INT64_MIN);
    /* a top bit set in another tag is not a valid (non-negative) value */
    uint8_t neg_u[] = {(uint8_t)(0u << 5 | 0x18 | BEAM_TAG_U), 0x80, 0x00};
    cr_assert(decode_ok(neg_u, 3).big);
}

Test(beam, compact_nested_length_form)
{
    /* n >= 9 bytes: bits 5..7 all set, then a compact u of n - 9 */
    uint8_t b[2 + 12];
    b[0] = 0xF8 | BEAM_TAG_I;
    b[1] = (uint8_t)(3u << 4 | BEAM_TAG_U); /* 3 + 9 = 12 bytes */
    memset(b + 2, 0, 12);
    b[2] = 0x7F;
    beam_compact_t c = decode_ok(b, sizeof b);
    cr_assert(c.big);
    cr_assert_eq(c.nbytes, 12);
    cr_assert_eq(c.bytes, b + 2);
    /* the nested length may not itself use the nested form */
    uint8_t nested[] = {0xF8 | BEAM_TAG_I, 0xF8 | BEAM_TAG_U, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    beam_rd_t r;
    beam_rd_init(&r, nested, sizeof nested);
    beam_compact_t d;
    cr_assert(!beam_read_compact(&r, &d));
    /* nor claim more bytes than there are */
    uint8_t lie[] = {0xF8 | BEAM_TAG_I, (uint8_t)(15u << 4 | BEAM_TAG_U), 1, 2, 3};
    beam_rd_init(&r, lie, sizeof lie);
    cr_assert(!beam_read_compact(&r, &d));
}

Test(beam, compact_truncated_at_every_byte)
{
    uint8_t forms[][11] = {
        {(uint8_t)(7u << 5 | 0x08 | BEAM_TAG_U), 0xFF},
        {(uint8_t)(6u << 5 | 0x18 | BEAM_TAG_I), 1, 2, 3, 4, 5, 6, 7, 8},
        {0xF8 | BEAM_TAG_I, BEAM_TAG_U, 1, 2, 3, 4, 5, 6, 7, 8, 9}, /* 0 + 9 bytes */
    };
    size_t lens[] = {2, 9, 11};
    for (size_t f = 0; f < 3; f++) {
        decode_ok(forms[f], lens[f]);
        for (size_t cut = 0; cut < lens[f]; cut++) {
            uint8_t *copy = malloc(cut ? cut : 1);
            memcpy(copy, forms[f], cut);
            beam_rd_t r;
            beam_compact_t c;
            beam_rd_init(&r, copy, cut);
            cr_assert(!beam_read_compact(&r, &c), "form %zu cut at %zu decoded", f, cut);
            free(copy);
        }
    }
}

/* ---- the container ---- */

typedef struct {
    uint8_t d[512];
    size_t n;
} img_t;

static void put(img_t *im, const void *p, size_t n)
{
    cr_assert_leq(im->n + n, sizeof im->d);
    memcpy(im->d + im->n, p, n);
    im->n += n;
}
static void put_u32(img_t *im, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    put(im, b, 4);
}
static void chunk(img_t *im, const char *id, const char *data, size_t n)
{
    put(im, id, 4);
    put_u32(im, (uint32_t)n);
    put(im, data, n);
    put(im, "\0\0\0", (4 - n % 4) % 4);
}
static void finish(img_t *im)
{
    uint32_t form = (uint32_t)(im->n - 8);
    im->d[4] = (uint8_t)(form >> 24), im->d[5] = (uint8_t)(form >> 16);
    im->d[6] = (uint8_t)(form >> 8), im->d[7] = (uint8_t)form;
}
static void start(img_t *im)
{
    im->n = 0;
    put(im, "FOR1\0\0\0\0BEAM", 12);
}

Test(beam, chunks_padding_duplicates_unknown)
{
    img_t im;
    start(&im);
    chunk(&im, "Code", "abc", 3);
    chunk(&im, "Xyzw", "12345", 5);
    chunk(&im, "Code", "defgh", 5); /* the last one counts */
    chunk(&im, "Dbgi", "", 0);
    finish(&im);
    put(&im, "trailing", 8); /* bytes after the form are ignored */
    beam_file_t bf;
    char err[256];
    cr_assert_eq(beam_parse(im.d, im.n, &bf, err, sizeof err), 0, "%s", err);
    cr_assert(bf.known[BEAM_CODE].present);
    cr_assert_eq(bf.known[BEAM_CODE].size, 5);
    cr_assert_eq(memcmp(bf.known[BEAM_CODE].data, "defgh", 5), 0);
    cr_assert(!bf.known[BEAM_ATU8].present);
    cr_assert_eq(bf.num_other, 2);
    cr_assert_str_eq(bf.other[0].id, "Xyzw");
    cr_assert_eq(bf.other[0].span.size, 5);
    cr_assert_str_eq(bf.other[1].id, "Dbgi");
    cr_assert_eq(bf.other[1].span.size, 0);
}

Test(beam, container_errors)
{
    img_t im;
    beam_file_t bf;
    char err[256];
    start(&im);
    chunk(&im, "Code", "abcd", 4);
    finish(&im);
    /* every truncation fails */
    for (size_t cut = 0; cut < im.n; cut++) {
        uint8_t *copy = malloc(cut ? cut : 1);
        memcpy(copy, im.d, cut);
        cr_assert_eq(beam_parse(copy, cut, &bf, err, sizeof err), -1, "cut at %zu parsed", cut);
        free(copy);
    }
    /* not FOR1, not BEAM */
    img_t bad = im;
    bad.d[0] = 'X';
    cr_assert_eq(beam_parse(bad.d, bad.n, &bf, err, sizeof err), -1);
    cr_assert(strstr(err, "FOR1"), "%s", err);
    bad = im;
    bad.d[8] = 'X';
    cr_assert_eq(beam_parse(bad.d, bad.n, &bf, err, sizeof err), -1);
    cr_assert(strstr(err, "BEAM"), "%s", err);
    /* a chunk larger than the form */
    bad = im;
    bad.d[19] = 9;
    cr_assert_eq(beam_parse(bad.d, bad.n, &bf, err, sizeof err), -1);
    cr_assert(strstr(err, "exceeds"), "%s", err);
    /* too many distinct unknown chunks */
    start(&bad);
    char id[5];
    for (int i = 0; i <= BEAM_MAX_OTHER; i++) {
        snprintf(id, sizeof id, "U%03d", i);
        chunk(&bad, id, "", 0);
    }
    finish(&bad);
    cr_assert_eq(beam_parse(bad.d, bad.n, &bf, err, sizeof err), -1);
    cr_assert(strstr(err, "unknown chunks"), "%s", err);
}
