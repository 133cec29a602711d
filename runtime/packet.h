/*
 * packet.h - the packet types of erlang:decode_packet/3 and of the inet
 * driver's {packet, T} option: where a packet ends in a byte stream, its
 * body, and the parsing of HTTP lines into the terms OTP gives
 * ({http_request, ...}, {http_header, ...}, http_eoh, ...).
 *
 * Semantics are erts' packet_parser.c as OTP 25 has it (lengths checked
 * against packet_size, line_length truncating lines, an HTTP header line
 * continued by a line starting with a space or tab, ...). Pure functions
 * over bytes except pkt_http_term, which builds on a heap.
 */
#ifndef LASER_PACKET_H
#define LASER_PACKET_H

#include "heap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The numbers of inet_drv's TCP_PB_* (INET_LOPT_PACKET's values). */
typedef enum {
    PKT_RAW = 0,
    PKT_1 = 1,
    PKT_2 = 2,
    PKT_4 = 3,
    PKT_ASN1 = 4,
    PKT_RM = 5, /* sunrm */
    PKT_CDR = 6,
    PKT_FCGI = 7,
    PKT_LINE = 8,
    PKT_TPKT = 9,
    PKT_HTTP = 10,
    PKT_HTTPH = 11,
    PKT_SSL_TLS = 12,
    PKT_HTTP_BIN = 13,
    PKT_HTTPH_BIN = 14,
    PKT_NTYPES
} pkt_type_t;

/* The length of the packet at the start of p[0..n): > 0 the whole
 * packet's length (may be more than n), 0 unknown yet (more bytes
 * needed), < 0 invalid. max_plen: packet_size (0 no limit); trunc_len:
 * line_length (lines longer are cut there; 0 no limit); delim: the line
 * delimiter. *state is the HTTP state (0: a request or status line is
 * next, 1: headers); httph sets it. */
int64_t pkt_length(pkt_type_t t, const uint8_t *p, size_t n, uint32_t max_plen, uint32_t trunc_len, uint8_t delim,
                   int *state);

/* The body of a whole packet of length *len at *p (header and padding
 * dropped). */
void pkt_body(pkt_type_t t, const uint8_t **p, size_t *len);

/* True for the types whose packets are parsed into terms (HTTP,
 * ssl_tls), not delivered as bytes. */
bool pkt_parsed(pkt_type_t t);

/* A whole packet of a parsed type as its term: {http_request, ...},
 * {http_response, ...}, {http_header, ...}, http_eoh, {http_error, Line},
 * {ssl_tls, [], Type, {Maj, Min}, Data}; strings are binaries for
 * http_bin/httph_bin, else lists. *state moves on (1 after a start line,
 * 0 after the end of the headers). */
term pkt_parse_term(heap_t *h, pkt_type_t t, const uint8_t *p, size_t len, int *state);

#endif
