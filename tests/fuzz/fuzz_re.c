/*
 * fuzz_re.c - libFuzzer target: the re BIFs (re:compile/2, re:run/2,3,
 * re:inspect/2) through the BIF table, with the pattern, the subject and
 * both option lists decoded from the input. Options are drawn from every
 * option re accepts, with valid and invalid arguments, plus garbage
 * (wrong types, bignums, improper tails), so the argument checking is
 * exercised as much as the matcher. Any result or exception is fine; a
 * crash, a leak, a sanitizer report or a hang is a finding.
 *
 * Bounds keep one input fast: pattern <= 256 bytes, subject <= 1 KiB,
 * every fuzzed match_limit is reduced below 20,000, and a final
 * {match_limit, 20000} / {match_limit_recursion, 2000} is appended to every
 * proper run option list (so even `global` over the whole subject stays
 * well under a second).
 */
#include "atom.h"
#include "big.h"
#include "bin.h"
#include "fuzz_util.h"

#include <string.h>

#define MAX_PATTERN 256
#define MAX_SUBJECT 1024
#define FUZZ_MATCH_LIMIT 20000
#define FUZZ_DEPTH_LIMIT 2000

static const char *const plain_opts[] = {
    "unicode", "anchored", "caseless", "dollar_endonly", "dotall", "extended", "firstline", "multiline",
    "no_auto_capture", "dupnames", "ungreedy", "ucp", "never_utf", "bsr_anycrlf", "bsr_unicode",
    "no_start_optimize", "notempty", "notempty_atstart", "notbol", "noteol", "global", "report_errors",
    "compile", "binary", "list", "index", "match", "nomatch", "x_unknown_option",
};
static const char *const newlines[] = {"cr", "crlf", "lf", "anycrlf", "any", "nul", "x"};
static const char *const cap_atoms[] = {"all", "all_but_first", "first", "none", "all_names", "x"};
static const char *const cap_types[] = {"index", "list", "binary", "x"};

static term atom_of(const char *s) { return atom_from_cstr(s); }

#define PICK(r, arr) (arr[fz_byte(r) % (sizeof(arr) / sizeof(arr[0]))])

/* An integer option argument: mostly small, sometimes negative, huge or
 * a bignum, sometimes not an integer at all. */
static term int_arg(fz_reader_t *r, heap_t *h, uint32_t cap)
{
    switch (fz_byte(r) % 8) {
    case 0: return term_from_small(-(int64_t)fz_byte(r));
    case 1: return big_from_uint64(h, (uint64_t)fz_u32(r) << 40 | 1);
    case 2: return term_from_small((int64_t)fz_u32(r) << 8);
    case 3: return atom_of("x");
    default: return term_from_small(fz_u32(r) % cap);
    }
}

/* A capture spec: a list of group numbers and names, or an atom. */
static term cap_spec(fz_reader_t *r, heap_t *h)
{
    if (fz_byte(r) & 1) return atom_of(PICK(r, cap_atoms));
    unsigned n = fz_byte(r) % 5;
    term l = NIL;
    for (unsigned i = 0; i < n; i++) {
        term e;
        switch (fz_byte(r) % 4) {
        case 0: e = term_from_small(fz_byte(r) % 12); break;
        case 1: { /* a group name as a binary */
            const uint8_t *s;
            size_t k = fz_take(r, fz_byte(r) % 6, &s);
            e = bin_make(h, s, k, NULL);
            break;
        }
        case 2: { /* ... as a string */
            uint8_t c = fz_byte(r);
            e = heap_make_cons(h, term_from_small(c), NIL);
            break;
        }
        default: e = atom_of(PICK(r, newlines)); break;
        }
        l = heap_make_cons(h, e, l);
    }
    return l;
}

static term tuple2(heap_t *h, term a, term b)
{
    term e[2] = {a, b};
    return heap_make_tuple(h, 2, e);
}

static term option(fz_reader_t *r, heap_t *h)
{
    switch (fz_byte(r) % 12) {
    case 0:
    case 1:
    case 2: return atom_of(PICK(r, plain_opts));
    case 3: return tuple2(h, atom_of("capture"), cap_spec(r, h));
    case 4: {
        term e[3] = {atom_of("capture"), cap_spec(r, h), atom_of(PICK(r, cap_types))};
        return heap_make_tuple(h, 3, e);
    }
    case 5: return tuple2(h, atom_of("offset"), int_arg(r, h, MAX_SUBJECT + 8));
    case 6: return tuple2(h, atom_of("newline"), atom_of(PICK(r, newlines)));
    case 7: return tuple2(h, atom_of("match_limit"), int_arg(r, h, FUZZ_MATCH_LIMIT));
    case 8: return tuple2(h, atom_of("match_limit_recursion"), int_arg(r, h, FUZZ_DEPTH_LIMIT));
    case 9: { /* {report_errors}/{global, x}: wrong tuple shapes */
        term e[1] = {atom_of(PICK(r, plain_opts))};
        return fz_byte(r) & 1 ? heap_make_tuple(h, 1, e) : tuple2(h, e[0], term_from_small(1));
    }
    case 10: return term_from_small(fz_byte(r));
    default: return bin_make(h, (const uint8_t *)"global", 6, NULL);
    }
}

/* An option list of up to 7 options; `limits` appends the match limits.
 * Rarely improper (a badarg for every BIF). */
static term options(fz_reader_t *r, heap_t *h, bool limits)
{
    uint8_t c = fz_byte(r);
    unsigned n = c % 8;
    term opts[10];
    for (unsigned i = 0; i < n; i++) opts[i] = option(r, h);
    if (limits) {
        opts[n++] = tuple2(h, atom_of("match_limit"), term_from_small(FUZZ_MATCH_LIMIT));
        opts[n++] = tuple2(h, atom_of("match_limit_recursion"), term_from_small(FUZZ_DEPTH_LIMIT));
    }
    return heap_make_list(h, opts, n, (c & 0xf8) == 0xf8 ? atom_of("tail") : NIL);
}

/* Text as iodata/chardata in one of several shapes: a binary, a list of
 * bytes, a list of code points (two bytes each, so > 255 and invalid ones
 * occur), a nested iolist of pieces, or a binary with a bit tail. */
static term text(heap_t *h, uint8_t shape, const uint8_t *s, size_t n)
{
    switch (shape % 6) {
    case 0:
    case 1: return bin_make(h, s, n, NULL);
    case 2: {
        term l = NIL;
        for (size_t i = n; i-- > 0;) l = heap_make_cons(h, term_from_small(s[i]), l);
        return l;
    }
    case 3: {
        term l = NIL;
        for (size_t i = n / 2; i-- > 0;)
            l = heap_make_cons(h, term_from_small((int64_t)s[2 * i] << 8 | s[2 * i + 1]), l);
        return l;
    }
    case 4: { /* [Bin1, [Byte | Bin2]] */
        size_t a = n / 3, b = n > 0 ? a + 1 : 0;
        if (b > n) b = n;
        term rest = bin_make(h, s + b, n - b, NULL);
        term mid = b > a ? heap_make_cons(h, term_from_small(s[a]), rest) : rest;
        return heap_make_cons(h, bin_make(h, s, a, NULL), heap_make_cons(h, mid, NIL));
    }
    default: return bin_make_bits(h, s, (uint64_t)n * 8 - (n ? 3 : 0)); /* drop 3 bits: a bitstring */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const bif_info_t *compile2, *run2, *run3, *inspect2;
    if (!compile2) {
        bif_init();
        compile2 = fz_bif("re", "compile", 2);
        run2 = fz_bif("re", "run", 2);
        run3 = fz_bif("re", "run", 3);
        inspect2 = fz_bif("re", "inspect", 2);
    }
    fz_reader_t r = {data, size};
    uint8_t mode = fz_byte(&r), pshape = fz_byte(&r), sshape = fz_byte(&r);
    const uint8_t *pat, *subj;
    size_t plen = fz_take(&r, fz_byte(&r) % (MAX_PATTERN + 1), &pat);
    size_t slen_max = (size_t)fz_byte(&r) << 2 | (fz_byte(&r) & 3);
    size_t slen = fz_take(&r, slen_max < MAX_SUBJECT ? slen_max : MAX_SUBJECT, &subj);

    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    heap_t *h = proc_heap(p);
    term pattern = text(h, pshape, pat, plen);
    term subject = text(h, sshape, subj, slen);
    term copts = options(&r, h, false);
    term ropts = options(&r, h, true);
    proc_heap_close(p);

    term re = pattern;
    if (mode & 1) { /* compile first, then run with the MP */
        term a[2] = {pattern, copts};
        term c = fz_call(p, compile2, a);
        if (term_is_value(c) && term_is_tuple(c) && term_tuple_elems(c)[0] == atom_of("ok")) {
            re = term_tuple_elems(c)[1];
            if (mode & 2) {
                term ia[2] = {re, atom_of("namelist")};
                fz_call(p, inspect2, ia);
            }
            if ((mode & 4) && term_is_tuple(re) && term_tuple_arity(re) == 5) {
                /* a damaged MP: one byte of its binary changed, as a
                 * hostile or stale MP from elsewhere would be */
                term *e = term_tuple_elems(re);
                bin_view_t v = {0};
                if (term_is_bitstring(e[4])) bin_view(e[4], &v);
                size_t n = term_is_bitstring(e[4]) && bin_view_is_bytes(&v) ? v.bitsize / 8 : 0;
                const uint8_t *b = n ? v.base : NULL;
                if (b) {
                    uint8_t *copy = malloc(n);
                    memcpy(copy, b, n);
                    copy[fz_byte(&r) % n] ^= (uint8_t)(fz_byte(&r) | 1);
                    h = proc_heap(p);
                    term ne[5] = {e[0], e[1], e[2], e[3], bin_make(h, copy, n, NULL)};
                    re = heap_make_tuple(h, 5, ne);
                    proc_heap_close(p);
                    free(copy);
                }
            }
        }
    }
    if ((mode & 8) && slen <= 32) { /* run/2 has the default limit (10M units): short subjects only */
        term a[2] = {subject, re};
        fz_call(p, run2, a);
    } else {
        term a[3] = {subject, re, ropts};
        fz_call(p, run3, a);
    }
    proc_free(p);
    return 0;
}
