/*
 * test_print.c - runtime/print.c against erl's erlang:display/1
 * (tests/data/print_display.escript), and the cases erl cannot share:
 * identifiers of other nodes, unaligned bitstrings, deep terms, and the
 * \r\n that print_write adds as OTP's stdout does. Also the BIFs of
 * runtime/bif/erlang_io.c, whose stderr output erl recorded
 * (tests/data/print_io.escript).
 */
#include <criterion/criterion.h>

#include "atom.h"
#include "bif.h"
#include "bin.h"
#include "cmp.h"
#include "etf.h"
#include "node.h"
#include "print.h"
#include "support/oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *show(term t, print_buf_t *b)
{
    b->size = 0;
    print_term(b, t);
    return print_cstr(b);
}

Test(print, matches_erl_display, .timeout = 300)
{
    atom_init();
    size_t len;
    uint8_t *data = oracle_read("print_display", &len);
    const uint8_t *q = data;
    uint32_t n = get_u32(&q);
    heap_t h;
    heap_init(&h);
    print_buf_t b = {0};
    size_t failures = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t sz = get_u32(&q);
        term rec;
        cr_assert_eq(etf_decode(q, sz, &h, false, &rec, NULL), ETF_OK, "case %u does not decode", i);
        q += sz;
        term t = term_tuple_elems(rec)[0], text = term_tuple_elems(rec)[1];
        bin_view_t v;
        bin_view(text, &v);
        size_t tl = (size_t)(v.bitsize / 8);
        show(t, &b);
        if (b.size != tl || memcmp(b.data, v.base, tl) != 0) {
            if (failures++ < 30)
                cr_log_error("case %u: erl %.*s\n   laser %.*s", i, (int)(tl > 400 ? 400 : tl), (const char *)v.base,
                             (int)(b.size > 400 ? 400 : b.size), b.data);
        }
    }
    cr_expect_eq(failures, 0, "%zu of %u terms printed differently", failures, n);
    cr_assert_gt(n, 250);
    print_buf_free(&b);
    heap_free(&h);
    free(data);
}

/* The first number of a remote identifier is its node atom's index. */
Test(print, remote_identifiers_show_the_node_atom)
{
    atom_init();
    heap_t h;
    heap_init(&h);
    print_buf_t b = {0};
    /* NEW_PID_EXT foo@bar 5 6 creation 1, NEWER_REFERENCE_EXT with 3 numbers, V4_PORT_EXT */
    static const uint8_t pid[] = {131, 88, 100, 0, 7, 'f', 'o', 'o', '@', 'b', 'a', 'r', 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 1};
    static const uint8_t ref[] = {131, 90, 0, 3, 100, 0, 7, 'f', 'o', 'o', '@', 'b', 'a', 'r', 0, 0, 0, 1,
                                  0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0, 9};
    static const uint8_t port[] = {131, 120, 100, 0, 7, 'f', 'o', 'o', '@', 'b', 'a', 'r',
                                   0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1};
    term foo = atom_from_cstr("foo@bar"), t;
    char want[64];
    cr_assert_eq(etf_decode(pid, sizeof pid, &h, false, &t, NULL), ETF_OK);
    snprintf(want, sizeof want, "<%u.5.6>", term_atom_index(foo));
    cr_assert_str_eq(show(t, &b), want);
    cr_assert_eq(etf_decode(ref, sizeof ref, &h, false, &t, NULL), ETF_OK);
    snprintf(want, sizeof want, "#Ref<%u.9.8.7>", term_atom_index(foo));
    cr_assert_str_eq(show(t, &b), want);
    cr_assert_eq(etf_decode(port, sizeof port, &h, false, &t, NULL), ETF_OK);
    snprintf(want, sizeof want, "#Port<%u.4294967298>", term_atom_index(foo));
    cr_assert_str_eq(show(t, &b), want);
    print_buf_free(&b);
    heap_free(&h);
}

/* A sub binary starting mid-byte prints its own bits. */
Test(print, unaligned_bitstrings)
{
    atom_init();
    heap_t h;
    heap_init(&h);
    print_buf_t b = {0};
    static const uint8_t bytes[] = {0x0A, 0x62, 0x63, 0xFF}; /* bits 4.. are "&6" then 0xF */
    term whole = bin_make(&h, bytes, sizeof bytes, NULL);
    term_subbin_t *sb = (term_subbin_t *)heap_alloc(&h, SUBBIN_WORDS);
    memset(sb, 0, sizeof *sb);
    sb->header = hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN);
    sb->orig = whole;
    sb->bitoffs = 4;
    sb->size = 2;
    sb->bitsize = 3;
    term t = term_from_boxed_ptr((term *)sb);
    /* bits from offset 4: 1010 0110 | 0010 0110 | 0011 ... */
    cr_assert_str_eq(show(t, &b), "<<166,38,1:3>>");
    sb->bitsize = 0;
    sb->offs = 1;
    sb->bitoffs = 4; /* 0x26, 0x3F: "&?" */
    cr_assert_str_eq(show(t, &b), "<<\"&?\">>");
    print_buf_free(&b);
    heap_free(&h);
}

/* Nesting a million deep needs no C stack. */
Test(print, deep_terms)
{
    atom_init();
    heap_t h;
    heap_init(&h);
    print_buf_t b = {0};
    term l = NIL, tup = NIL;
    for (int i = 0; i < 1000000; i++) {
        l = heap_make_cons(&h, l, NIL);
        tup = heap_make_tuple(&h, 1, &tup);
    }
    show(l, &b);
    cr_assert_eq(b.size, 2000000 + 2);
    cr_assert_eq(memcmp(b.data + 999999, "[[]]", 4), 0);
    show(tup, &b);
    cr_assert_eq(b.size, 2000000 + 2);
    print_buf_free(&b);
    heap_free(&h);
}

Test(print, write_adds_carriage_returns)
{
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    print_write(f, "a\nb\n\nc", 6);
    fclose(f);
    cr_assert_eq(n, 9);
    cr_assert_eq(memcmp(out, "a\r\nb\r\n\r\nc", 9), 0);
    free(out);
}

/* Run f with file descriptor fd (1 or 2) sent to a temporary file; the
 * bytes written (malloc'd) in *out. */
static size_t capture(int fd, void (*f)(void *), void *ctx, uint8_t **out)
{
    FILE *std = fd == 1 ? stdout : stderr;
    fflush(std);
    FILE *tmp = tmpfile();
    cr_assert_not_null(tmp);
    int saved = dup(fd);
    dup2(fileno(tmp), fd);
    f(ctx);
    fflush(std);
    dup2(saved, fd);
    close(saved);
    long n = ftell(tmp);
    if (n < 0) n = 0;
    uint8_t *d = malloc((size_t)n + 1);
    rewind(tmp);
    cr_assert_eq(fread(d, 1, (size_t)n, tmp), (size_t)n);
    fclose(tmp);
    *out = d;
    return (size_t)n;
}

typedef struct {
    term arg;
    term res;
    proc_t *p;
} io_call_t;

static void call_io(void *ctx)
{
    io_call_t *c = ctx;
    term args[1] = {c->arg};
    c->res = c->arg == atom_from_cstr("nl") ? bif_erlang_display_nl_0(c->p, args)
                                            : bif_erlang_display_string_1(c->p, args);
}

Test(print, display_string_and_display_nl_match_erl, .timeout = 120)
{
    bif_init();
    size_t len;
    uint8_t *data = oracle_read("print_io", &len);
    const uint8_t *q = data;
    uint32_t n = get_u32(&q);
    heap_t h;
    heap_init(&h);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t sz = get_u32(&q);
        term rec;
        cr_assert_eq(etf_decode(q, sz, &h, false, &rec, NULL), ETF_OK);
        q += sz;
        const term *r = term_tuple_elems(rec);
        const term *outcome = term_tuple_elems(r[1]);
        io_call_t c = {.arg = r[0], .p = proc_new(term_make_pid(1, 0), 0)};
        uint8_t *got;
        size_t gn = capture(2, call_io, &c, &got);
        if (outcome[0] == ATOM(ok)) {
            cr_expect(term_is_value(c.res) && c.res == outcome[1], "case %u: erl returned a value", i);
        } else {
            cr_expect(!term_is_value(c.res) && c.p->fclass == EXC_ERROR && cmp_eq_exact(c.p->fvalue, outcome[1]),
                      "case %u: erl raised", i);
        }
        bin_view_t v;
        bin_view(r[2], &v);
        size_t wn = (size_t)(v.bitsize / 8);
        cr_expect(gn == wn && memcmp(got, v.base, wn) == 0, "case %u: stderr differs (%zu bytes, erl %zu)", i, gn, wn);
        free(got);
        proc_free(c.p);
    }
    cr_assert_gt(n, 20);
    heap_free(&h);
    free(data);
}

static void call_display(void *ctx) { print_display(*(term *)ctx); }

/* print_display writes the text and \r\n to stdout. */
Test(print, display_writes_a_line_to_stdout)
{
    atom_init();
    heap_t h;
    heap_init(&h);
    term t = heap_make_list(&h, (term[]){atom_from_cstr("A b"), term_from_small(-7)}, 2, NIL);
    uint8_t *got;
    size_t n = capture(1, call_display, &t, &got);
    cr_assert_eq(n, 12);
    cr_assert_eq(memcmp(got, "['A b',-7]\r\n", 12), 0);
    free(got);
    heap_free(&h);
}
