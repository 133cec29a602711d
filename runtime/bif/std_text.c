/*
 * std_text.c - BIFs of stdlib text modules (std_text.def).
 *
 * string:list_to_integer/1 and string:list_to_float/1 are OTP 25's
 * erts BIFs behind string:to_integer/1 and to_float/1: they read the
 * longest number at the head of a list of characters and return
 * {Number, Rest} (Rest the untouched tail, improper or not), or
 * {error, no_integer | no_float}, or {error, not_a_list}. Measured on
 * erl: integers are [+-]digits; floats are [+-]digits(.|,)digits with an
 * optional exponent [eE][+-]digits (an incomplete exponent is left in
 * Rest); a float that overflows is no_float, one that underflows is 0.0.
 *
 * io:printable_range/0 is erl's +pc setting (settings.h), latin1 by default.
 */
#include "bif.h"
#include "big.h"
#include "settings.h"

#include <math.h>
#include <stdlib.h>

/* The character at the head of l, or -1 if l is not a cons of a small. */
static int head_char(term l)
{
    if (!term_is_list(l)) return -1;
    term c = term_car(l);
    if (!term_is_small(c) || term_to_small(c) < 0 || term_to_small(c) > 255) return -1;
    return (int)term_to_small(c);
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* A growable byte buffer for the digits read. */
typedef struct {
    char *s;
    size_t n, cap;
} tbuf_t;

static void tb_put(tbuf_t *b, char c)
{
    if (b->n + 1 >= b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        char *ns = realloc(b->s, b->cap);
        if (!ns) laser_oom("parsing a number", b->cap);
        b->s = ns;
    }
    b->s[b->n++] = c;
    b->s[b->n] = 0;
}

/* Append the digits at the head of *l to b, advancing *l; how many. */
static size_t take_digits(term *l, tbuf_t *b)
{
    size_t k = 0;
    for (int c; is_digit(c = head_char(*l)); *l = term_cdr(*l), k++) tb_put(b, (char)c);
    return k;
}

static term error_tuple(proc_t *p, term reason)
{
    return heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(error), reason});
}

static term ok_pair(proc_t *p, term v, term rest) { return heap_make_tuple(proc_heap(p), 2, (term[]){v, rest}); }

term bif_string_list_to_integer_1(proc_t *p, const term *args)
{
    term l = args[0];
    if (!term_is_list(l) && !term_is_nil(l)) return error_tuple(p, ATOM(not_a_list));
    tbuf_t b = {0};
    int c = head_char(l);
    if (c == '+' || c == '-') {
        tb_put(&b, (char)c);
        l = term_cdr(l);
    }
    term r = THE_NON_VALUE;
    if (take_digits(&l, &b) > 0) {
        term v;
        if (!int_from_text(proc_heap(p), b.s, b.n, 10, &v)) laser_oom("string:list_to_integer", b.n);
        r = ok_pair(p, v, l);
    }
    free(b.s);
    return term_is_value(r) ? r : error_tuple(p, ATOM(no_integer));
}

term bif_string_list_to_float_1(proc_t *p, const term *args)
{
    term l = args[0];
    if (!term_is_list(l) && !term_is_nil(l)) return error_tuple(p, ATOM(not_a_list));
    tbuf_t b = {0};
    term r = THE_NON_VALUE;
    int c = head_char(l);
    if (c == '+' || c == '-') {
        tb_put(&b, (char)c);
        l = term_cdr(l);
    }
    if (take_digits(&l, &b) == 0) goto done;
    c = head_char(l);
    if (c != '.' && c != ',') goto done;
    term after_point = term_cdr(l);
    if (!is_digit(head_char(after_point))) goto done;
    tb_put(&b, '.');
    l = after_point;
    take_digits(&l, &b);
    c = head_char(l);
    if (c == 'e' || c == 'E') {
        term e = term_cdr(l);
        size_t mark = b.n;
        tb_put(&b, 'e');
        int s = head_char(e);
        if (s == '+' || s == '-') {
            tb_put(&b, (char)s);
            e = term_cdr(e);
        }
        if (take_digits(&e, &b) > 0) l = e;
        else b.s[b.n = mark] = 0; /* incomplete exponent: stays in Rest */
    }
    double d = strtod(b.s, NULL);
    if (isfinite(d)) r = ok_pair(p, heap_make_float(proc_heap(p), d), l);
done:
    free(b.s);
    return term_is_value(r) ? r : error_tuple(p, ATOM(no_float));
}

term bif_io_printable_range_0(proc_t *p, const term *args)
{
    (void)p;
    (void)args;
    return vm_settings.printable_unicode ? atom_from_cstr("unicode") : ATOM(latin1);
}
