/*
 * fuzz_etf.c - libFuzzer target: binary_to_term on arbitrary bytes, with
 * and without `safe` (chosen by the first byte). A term that decodes must
 * encode again, and that encoding must decode to an exactly equal term.
 */
#include "atom.h"
#include "cmp.h"
#include "etf.h"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    atom_init();
    bool safe = data[0] & 1;
    heap_t h;
    heap_init(&h);
    term t;
    size_t used = 0;
    if (etf_decode(data + 1, size - 1, &h, safe, &t, &used) == ETF_OK) {
        if (used > size - 1) abort();
        etf_enc_opts_t o;
        etf_enc_opts_default(&o);
        etf_buf_t b = {0};
        if (etf_encode(t, &o, &b) != 0) {
            fprintf(stderr, "decoded term does not encode\n");
            abort();
        }
        term t2;
        size_t used2 = 0;
        if (etf_decode(b.data, b.size, &h, false, &t2, &used2) != ETF_OK || used2 != b.size ||
            !cmp_eq_exact(t, t2)) {
            etf_buf_t b2 = {0};
            fprintf(stderr, "encode/decode round trip differs\nfirst encoding: ");
            for (size_t i = 0; i < b.size; i++) fprintf(stderr, "%02x", b.data[i]);
            if (etf_encode(t2, &o, &b2) == 0) {
                fprintf(stderr, "\nre-encoded:     ");
                for (size_t i = 0; i < b2.size; i++) fprintf(stderr, "%02x", b2.data[i]);
            }
            fprintf(stderr, "\n");
            abort();
        }
        etf_buf_free(&b);
    }
    heap_free(&h);
    return 0;
}
