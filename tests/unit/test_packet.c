/*
 * test_packet.c - packet lengths and HTTP parsing (runtime/packet.c):
 * the lengths a stream's packets have whole, cut short and fed byte by
 * byte (as the inet driver sees them), limits, and the terms of HTTP
 * lines. decode_packet/3 itself is compared with erl by the conformance
 * program packet_decode.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "atom.h"
#include "bif.h"
#include "packet.h"
#include "print.h"

static int64_t len(pkt_type_t t, const char *s, size_t n, uint32_t max, uint32_t trunc)
{
    int state = 0;
    return pkt_length(t, (const uint8_t *)s, n, max, trunc, '\n', &state);
}

Test(packet, header_lengths)
{
    cr_assert_eq(len(PKT_RAW, "abc", 3, 0, 0), 3);
    cr_assert_eq(len(PKT_RAW, "", 0, 0, 0), 0);
    cr_assert_eq(len(PKT_1, "\x03" "ab", 3, 0, 0), 4);
    cr_assert_eq(len(PKT_1, "", 0, 0, 0), 0);
    cr_assert_eq(len(PKT_2, "\x01\x00", 2, 0, 0), 258);
    cr_assert_eq(len(PKT_2, "\x01", 1, 0, 0), 0);
    cr_assert_eq(len(PKT_2, "\x01\x00", 2, 100, 0), -1); /* over packet_size */
    cr_assert_eq(len(PKT_4, "\x00\x00\x00\x05", 4, 0, 0), 9);
    cr_assert_eq(len(PKT_4, "\x7f\xff\xff\xff", 4, 0, 0), -1); /* past INT_MAX */
    cr_assert_eq(len(PKT_RM, "\x80\x00\x00\x02", 4, 0, 0), 6);
    cr_assert_eq(len(PKT_TPKT, "\x03\x00\x00\x06", 4, 0, 0), 6);
    cr_assert_eq(len(PKT_TPKT, "\x04\x00\x00\x06", 4, 0, 0), -1);
    cr_assert_eq(len(PKT_ASN1, "\x30\x81\x03", 3, 0, 0), 6);
    cr_assert_eq(len(PKT_ASN1, "\x30\x85\x00\x00\x00\x00\x01", 7, 0, 0), -1);
    cr_assert_eq(len(PKT_FCGI, "\x01\x01\x00\x01\x00\x02\x01\x00", 8, 0, 0), 11);
    cr_assert_eq(len(PKT_CDR, "GIOP\x01\x02\x01\x00\x02\x00\x00\x00", 12, 0, 0), 14);
}

Test(packet, lines)
{
    cr_assert_eq(len(PKT_LINE, "ab\ncd", 5, 0, 0), 3);
    cr_assert_eq(len(PKT_LINE, "abcd", 4, 0, 0), 0);
    cr_assert_eq(len(PKT_LINE, "abcd", 4, 0, 2), 2);  /* line_length cuts */
    cr_assert_eq(len(PKT_LINE, "abcd", 4, 3, 0), -1); /* packet_size */
    cr_assert_eq(len(PKT_LINE, "ab\n", 3, 3, 0), 3);
}

/* A stream fed one byte at a time: the length is 0 until the packet is
 * whole (or its length is known from its header), then stays the same. */
Test(packet, byte_by_byte)
{
    static const struct {
        pkt_type_t t;
        const char *s;
        size_t n;
    } cases[] = {
        {PKT_2, "\x00\x03" "abc", 5},
        {PKT_LINE, "hello\n", 6},
        {PKT_HTTP, "GET / HTTP/1.1\r\n", 16},
        {PKT_HTTPH, "A: b\r\n c\r\nX", 11},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int64_t whole = len(cases[c].t, cases[c].s, cases[c].n, 0, 0);
        cr_assert_gt(whole, 0);
        bool known = false;
        for (size_t i = 0; i <= cases[c].n; i++) {
            int64_t l = len(cases[c].t, cases[c].s, i, 0, 0);
            if (known) cr_assert_eq(l, whole, "case %zu at %zu", c, i);
            else if (l) {
                cr_assert_eq(l, whole, "case %zu at %zu", c, i);
                known = true;
            }
        }
        cr_assert(known);
    }
}

static const char *parse(pkt_type_t t, const char *s, int *state)
{
    static char out[512];
    heap_t h;
    heap_init(&h);
    term r = pkt_parse_term(&h, t, (const uint8_t *)s, strlen(s), state);
    print_buf_t b = {0};
    print_term(&b, r);
    snprintf(out, sizeof out, "%s", print_cstr(&b));
    print_buf_free(&b);
    heap_free(&h);
    return out;
}

Test(packet, http_terms)
{
    bif_init();
    int st = 0;
    cr_assert_str_eq(parse(PKT_HTTP, "GET /x HTTP/1.1\r\n", &st), "{http_request,'GET',{abs_path,\"/x\"},{1,1}}");
    cr_assert_eq(st, 1);
    cr_assert_str_eq(parse(PKT_HTTP, "content-length: 3\r\n", &st), "{http_header,38,'Content-Length',\"content-length\",\"3\"}");
    cr_assert_str_eq(parse(PKT_HTTP, "\r\n", &st), "http_eoh");
    cr_assert_eq(st, 0);
    cr_assert_str_eq(parse(PKT_HTTP_BIN, "HTTP/1.0 404 Gone\r\n", &st), "{http_response,{1,0},404,<<\"Gone\">>}");
    st = 0;
    cr_assert_str_eq(parse(PKT_HTTP_BIN, "bad:line", &st), "{http_error,<<\"bad:line\">>}");
}
