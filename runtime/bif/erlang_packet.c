/*
 * erlang_packet.c - erlang:decode_packet/3: the packet at the start of a
 * binary by one of the inet driver's packet types (runtime/packet.c), as
 * erts' decode_packet_3: {ok, Packet, Rest}, {more, Length | undefined}
 * or {error, invalid}. A bitstring's bits past its last whole byte stay
 * in Rest.
 */
#include "bif.h"
#include "bin.h"
#include "packet.h"

#include <stdlib.h>
#include <string.h>

static bool packet_type(term t, pkt_type_t *out)
{
    static const struct {
        const char *name;
        pkt_type_t type;
    } names[] = {
        {"raw", PKT_RAW},     {"asn1", PKT_ASN1},   {"sunrm", PKT_RM},        {"cdr", PKT_CDR},
        {"fcgi", PKT_FCGI},   {"line", PKT_LINE},   {"tpkt", PKT_TPKT},       {"http", PKT_HTTP},
        {"httph", PKT_HTTPH}, {"http_bin", PKT_HTTP_BIN}, {"httph_bin", PKT_HTTPH_BIN}, {"ssl_tls", PKT_SSL_TLS},
    };
    if (term_is_small(t)) {
        switch (term_to_small(t)) {
        case 0: *out = PKT_RAW; return true;
        case 1: *out = PKT_1; return true;
        case 2: *out = PKT_2; return true;
        case 4: *out = PKT_4; return true;
        default: return false;
        }
    }
    if (!term_is_atom(t)) return false;
    size_t n;
    const uint8_t *s = atom_text(t, &n);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == n && !memcmp(names[i].name, s, n)) {
            *out = names[i].type;
            return true;
        }
    return false;
}

/* [{packet_size, N} | {line_length, N}], N < 2^32 (erts; its improper
 * list is undefined behaviour there, badarg here). */
static bool packet_options(term l, uint32_t *max_plen, uint32_t *trunc_len)
{
    for (; term_is_list(l); l = term_cdr(l)) {
        term o = term_car(l);
        if (!term_is_tuple(o) || term_tuple_arity(o) != 2) return false;
        term k = term_tuple_elems(o)[0], v = term_tuple_elems(o)[1];
        if (!term_is_small(v) || term_to_small(v) < 0 || term_to_small(v) > (int64_t)UINT32_MAX) return false;
        if (k == atom_from_cstr("packet_size")) *max_plen = (uint32_t)term_to_small(v);
        else if (k == atom_from_cstr("line_length")) *trunc_len = (uint32_t)term_to_small(v);
        else return false;
    }
    return term_is_nil(l);
}

term bif_erlang_decode_packet_3(proc_t *p, const term *args)
{
    pkt_type_t type;
    if (!packet_type(args[0], &type)) {
        proc_raise(p, EXC_ERROR, ATOM(badarg));
        p->finfo = atom_from_cstr("badopt");
        return THE_NON_VALUE;
    }
    uint32_t max_plen = 0, trunc_len = 0;
    if (!term_is_bitstring(args[1]) || !packet_options(args[2], &max_plen, &trunc_len)) BIF_BADARG(p);
    bin_view_t v;
    bin_view(args[1], &v);
    size_t n = (size_t)(v.bitsize / 8);
    const uint8_t *d = v.base;
    uint8_t *copy = NULL;
    if (v.bitoffs) {
        copy = malloc(n ? n : 1);
        if (!copy) laser_oom("decode_packet", n);
        bin_copy_bits(v.base, v.bitoffs, copy, 0, (uint64_t)n * 8);
        d = copy;
    }
    heap_t *h = proc_heap(p);
    int state = 0;
    int64_t len = pkt_length(type, d, n, max_plen, trunc_len, '\n', &state);
    term r;
    if (len < 0) {
        r = heap_make_tuple(h, 2, (term[]){ATOM(error), atom_from_cstr("invalid")});
    } else if (len == 0 || (uint64_t)len > n) {
        term need = len ? term_from_small(len) : ATOM(undefined);
        r = heap_make_tuple(h, 2, (term[]){atom_from_cstr("more"), need});
    } else {
        term packet;
        if (pkt_parsed(type)) {
            packet = pkt_parse_term(h, type, d, (size_t)len, &state);
        } else {
            const uint8_t *body = d;
            size_t blen = (size_t)len;
            pkt_body(type, &body, &blen);
            packet = bin_make_sub(h, args[1], (uint64_t)(body - d) * 8, (uint64_t)blen * 8);
        }
        term rest = bin_make_sub(h, args[1], (uint64_t)len * 8, v.bitsize - (uint64_t)len * 8);
        r = heap_make_tuple(h, 3, (term[]){ATOM(ok), packet, rest});
    }
    free(copy);
    return r;
}
