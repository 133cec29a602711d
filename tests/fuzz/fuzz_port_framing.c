/*
 * fuzz_port_framing.c - libFuzzer target: port.c's input framing
 * (pframe_feed/pframe_eof), which splits the bytes a port's program writes
 * into stream chunks, {packet, 1|2|4} packets or {line, N} lines before
 * they become messages. The read sizes of a pipe are arbitrary, so the
 * input also chooses where the byte stream is cut.
 *
 * Input: <<Mode, LineHi, LineLo, Cut, Flags, Bytes/binary>>
 *   Mode % 5: 0 stream, 1..3 {packet, 1|2|4}, 4 {line, N}, N = 1 + Line
 *   Cut: seeds the chunk sizes (1 .. 1 + Cut % 64, some empty feeds)
 *   Flags bit 0: end of input (pframe_eof) after the last chunk
 *
 * Checked: every chunk is fed from its own exact-size allocation (ASan
 * sees a read past it); the messages do not depend on the cuts (they
 * equal a byte-at-a-time model's, written here from erts' rules); stream
 * mode passes each non-empty chunk whole and in order; packets have the
 * length their header says and what is left over holds no whole packet;
 * lines are at most N bytes, never contain a newline, a noeol piece is
 * exactly N bytes except the one at end of input, and the lines with
 * their newlines (or CR LF) put back are the input. Leaks: pframe_free,
 * under libFuzzer's leak check.
 */
#include "port.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    pframe_kind_t kind;
    size_t off, len; /* into bytes */
} fp_msg_t;

typedef struct {
    fp_msg_t *msgs;
    size_t n, cap;
    uint8_t *bytes;
    size_t blen, bcap;
} fp_out_t;

static void fp_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return;
    size_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    *p = realloc(*p, c * elem);
    if (!*p) abort();
    *cap = c;
}

static void fp_emit(void *ctx, pframe_kind_t kind, const uint8_t *d, size_t n)
{
    fp_out_t *o = ctx;
    fp_grow((void **)&o->msgs, &o->cap, o->n + 1, sizeof *o->msgs);
    fp_grow((void **)&o->bytes, &o->bcap, o->blen + n + 1, 1);
    if (n) memcpy(o->bytes + o->blen, d, n); /* reads every byte: ASan checks d */
    o->msgs[o->n++] = (fp_msg_t){kind, o->blen, n};
    o->blen += n;
}

static void fp_free(fp_out_t *o)
{
    free(o->msgs);
    free(o->bytes);
}

static const uint8_t *fp_msg(const fp_out_t *o, size_t i) { return o->bytes + o->msgs[i].off; }

/* The model: erts' framing one byte at a time (packets: over the whole
 * input at once). */
static void model(uint8_t packet, uint32_t line, const uint8_t *d, size_t n, int eof, fp_out_t *o)
{
    if (packet) {
        size_t pos = 0;
        while (n - pos >= packet) {
            size_t len = 0;
            for (size_t i = 0; i < packet; i++) len = len << 8 | d[pos + i];
            if (n - pos - packet < len) break;
            fp_emit(o, PFR_DATA, d + pos + packet, len);
            pos += packet + len;
        }
        return;
    }
    size_t start = 0, len = 0; /* the line being collected: d[start..start+len) */
    for (size_t i = 0; i < n; i++) {
        if (len >= line && d[i] != '\n') {
            fp_emit(o, PFR_NOEOL, d + start, len);
            start = i, len = 0;
        }
        if (d[i] == '\n') {
            size_t l = len && d[start + len - 1] == '\r' ? len - 1 : len;
            fp_emit(o, PFR_EOL, d + start, l);
            start = i + 1, len = 0;
        } else {
            len++;
        }
    }
    if (eof && len) fp_emit(o, PFR_NOEOL, d + start, len);
}

static void check_lines(const fp_out_t *o, uint32_t line, const uint8_t *d, size_t n, int eof)
{
    size_t pos = 0;
    for (size_t i = 0; i < o->n; i++) {
        const fp_msg_t *m = &o->msgs[i];
        if (m->kind == PFR_DATA || m->len > line || memchr(fp_msg(o, i), '\n', m->len)) abort();
        if (m->kind == PFR_NOEOL && m->len != line && !(eof && i == o->n - 1)) abort();
        if (pos + m->len > n || memcmp(d + pos, fp_msg(o, i), m->len)) abort();
        pos += m->len;
        if (m->kind == PFR_EOL) {
            if (pos + 1 < n && d[pos] == '\r' && d[pos + 1] == '\n') pos++;
            if (pos >= n || d[pos] != '\n') abort();
            pos++;
        }
    }
    /* the rest is one unfinished line: no newline, shorter than N + 1 */
    if (eof ? pos != n : (memchr(d + pos, '\n', n - pos) || n - pos > line)) abort();
}

static void check_packets(const fp_out_t *o, uint8_t packet, const uint8_t *d, size_t n)
{
    size_t pos = 0;
    for (size_t i = 0; i < o->n; i++) {
        const fp_msg_t *m = &o->msgs[i];
        if (m->kind != PFR_DATA || n - pos < packet) abort();
        size_t len = 0;
        for (size_t k = 0; k < packet; k++) len = len << 8 | d[pos + k];
        if (len != m->len || n - pos - packet < len || memcmp(d + pos + packet, fp_msg(o, i), len)) abort();
        pos += packet + len;
    }
    if (n - pos >= packet) {
        size_t len = 0;
        for (size_t k = 0; k < packet; k++) len = len << 8 | d[pos + k];
        if (n - pos - packet >= len) abort(); /* a whole packet was kept back */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5) return 0;
    static const uint8_t packets[] = {0, 1, 2, 4, 0};
    uint8_t mode = data[0] % 5, packet = packets[mode];
    uint32_t line = mode == 4 ? 1 + ((uint32_t)data[1] << 8 | data[2]) : 0;
    uint32_t rnd = 0x9E3779B9u ^ data[3];
    size_t maxcut = 1 + data[3] % 64;
    int eof = data[4] & 1;
    const uint8_t *d = data + 5;
    size_t n = size - 5;

    pframe_t f = {.packet = packet, .line = line};
    fp_out_t got = {0};
    size_t pos = 0, chunks = 0;
    while (pos < n) {
        rnd ^= rnd << 13, rnd ^= rnd >> 17, rnd ^= rnd << 5;
        size_t k = rnd % 8 == 0 ? 0 : 1 + rnd / 8 % maxcut;
        if (k > n - pos) k = n - pos;
        uint8_t *chunk = malloc(k ? k : 1);
        if (!chunk) abort();
        memcpy(chunk, d + pos, k);
        size_t before = got.n;
        pframe_feed(&f, chunk, k, fp_emit, &got);
        free(chunk);
        if (!packet && !line) {
            /* stream: this chunk whole, or nothing for an empty feed */
            if (got.n != before + (k != 0)) abort();
            if (k && (got.msgs[before].kind != PFR_DATA || got.msgs[before].len != k)) abort();
            chunks += k != 0;
        }
        pos += k;
    }
    if (eof) pframe_eof(&f, fp_emit, &got);
    pframe_free(&f);

    if (!packet && !line) {
        if (got.n != chunks || got.blen != n || memcmp(got.bytes ? got.bytes : d, d, n)) abort();
    } else {
        fp_out_t want = {0};
        model(packet, line, d, n, eof, &want);
        if (want.n != got.n || want.blen != got.blen) abort();
        for (size_t i = 0; i < got.n; i++)
            if (want.msgs[i].kind != got.msgs[i].kind || want.msgs[i].len != got.msgs[i].len ||
                memcmp(fp_msg(&want, i), fp_msg(&got, i), got.msgs[i].len))
                abort();
        fp_free(&want);
        if (line)
            check_lines(&got, line, d, n, eof);
        else
            check_packets(&got, packet, d, n);
    }
    fp_free(&got);
    return 0;
}
