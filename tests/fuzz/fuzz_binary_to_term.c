/*
 * fuzz_binary_to_term.c - libFuzzer target: erlang:binary_to_term/2 as a
 * BIF (through the BIF table, on a process heap), with the option list
 * chosen by the first byte: [], [safe], [used], [safe, used], or garbage
 * (an improper list, an unknown option, a non-list). fuzz_etf covers the
 * decoder in C; this covers the BIF around it: option parsing, the process
 * heap window and its spill into fragments, sub-binaries as input (the
 * external term starts at a fuzzed byte offset of a larger binary, or has
 * a bit tail).
 *
 * Checks beyond "no crash": with [used] the result is {Term, Used} with
 * Used <= the input's size; [] and binary_to_term/1 agree; a decoded term
 * survives term_to_binary/1 + binary_to_term/1 unchanged (exactly equal).
 */
#include "atom.h"
#include "bin.h"
#include "cmp.h"
#include "fuzz_util.h"

#include <string.h>

static term opts_of(heap_t *h, uint8_t sel, bool *safe, bool *used)
{
    term safe_a = atom_from_cstr("safe"), used_a = atom_from_cstr("used");
    *safe = *used = false;
    switch (sel % 9) {
    case 0: return NIL;
    case 1: *safe = true; return heap_make_cons(h, safe_a, NIL);
    case 2: *used = true; return heap_make_cons(h, used_a, NIL);
    case 3: *safe = *used = true; return heap_make_cons(h, used_a, heap_make_cons(h, safe_a, NIL));
    case 4: return heap_make_cons(h, safe_a, atom_from_cstr("x")); /* improper */
    case 5: return heap_make_cons(h, atom_from_cstr("unknown"), NIL);
    case 6: return heap_make_cons(h, term_from_small(1), NIL);
    case 7: return safe_a; /* not a list */
    default: {
        term e[1] = {safe_a};
        return heap_make_cons(h, heap_make_tuple(h, 1, e), NIL);
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const bif_info_t *b2t1, *b2t2, *t2b1, *part3;
    if (!b2t1) {
        bif_init();
        b2t1 = fz_bif("erlang", "binary_to_term", 1);
        b2t2 = fz_bif("erlang", "binary_to_term", 2);
        t2b1 = fz_bif("erlang", "term_to_binary", 1);
        part3 = fz_bif("binary", "part", 3);
    }
    if (size < 2) return 0;
    uint8_t sel = data[0], shape = data[1];
    data += 2;
    size -= 2;

    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t *h = proc_heap(p);
    bool safe, used;
    term opts = opts_of(h, sel, &safe, &used);
    term in;
    size_t in_size = size;
    switch (shape % 4) {
    case 0:
    case 1: in = bin_make(h, data, size, NULL); break;
    case 2: { /* a sub-binary: the term follows `pre` junk bytes */
        size_t pre = (shape >> 2) % 8;
        uint8_t *buf = malloc(size + pre + 1);
        memset(buf, 0x83, pre);
        if (size) memcpy(buf + pre, data, size);
        in = bin_make(h, buf, size + pre, NULL);
        free(buf);
        proc_heap_close(p);
        term a[3] = {in, term_from_small((int64_t)pre), term_from_small((int64_t)size)};
        in = fz_call(p, part3, a);
        if (!term_is_value(in)) abort();
        h = proc_heap(p);
        break;
    }
    default: /* a bitstring (bits dropped from the end): badarg unless empty */
        in = bin_make_bits(h, data, (uint64_t)size * 8 - (size ? 1 + (shape >> 2) % 7 : 0));
        break;
    }
    proc_heap_close(p);

    term a2[2] = {in, opts};
    term r = fz_call(p, b2t2, a2);
    if (term_is_value(r)) {
        term t = r;
        if (used) {
            if (!term_is_tuple(r) || term_tuple_arity(r) != 2) abort();
            term u = term_tuple_elems(r)[1];
            if (!term_is_small(u) || term_to_small(u) < 0 || (size_t)term_to_small(u) > in_size) {
                fprintf(stderr, "used out of range\n");
                abort();
            }
            t = term_tuple_elems(r)[0];
        }
        if (!safe && !used) {
            term r1 = fz_call(p, b2t1, &in);
            if (!term_is_value(r1) || !cmp_eq_exact(r1, t)) {
                fprintf(stderr, "binary_to_term/1 and /2 with [] differ\n");
                abort();
            }
        }
        term enc = fz_call(p, t2b1, &t);
        if (!term_is_value(enc)) {
            fprintf(stderr, "decoded term does not encode\n");
            abort();
        }
        term back = fz_call(p, b2t1, &enc);
        if (!term_is_value(back) || !cmp_eq_exact(back, t)) {
            fprintf(stderr, "term_to_binary round trip differs\n");
            abort();
        }
    } else if (p->fclass != EXC_ERROR) {
        fprintf(stderr, "binary_to_term raised a non-error\n");
        abort();
    }
    proc_free(p);
    return 0;
}
