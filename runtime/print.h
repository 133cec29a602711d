/*
 * print.h - terms as text, exactly as erlang:display/1 writes them (OTP's
 * erl_printf_term.c, the %T of erts_printf): the C printer behind
 * erlang:display/1, crash messages and debugging output.
 *
 * This is not io_lib's ~p/~w. Measured on OTP 25 (tests/unit/test_print.c):
 *  - atoms are quoted unless they start with a Latin-1 lower-case letter
 *    and go on with Latin-1 letters, digits and _ ('A', 'a b', '\001');
 *  - a non-empty proper list of bytes that are all printable Latin-1 or
 *    \t \n \r is a string: "ab", with only " and newline escaped, other
 *    bytes raw (Latin-1, not UTF-8);
 *  - floats are "%.6e": 1.000000e+00;
 *  - a binary of printable ASCII is <<"text">>, any other <<1,2,3>>, a
 *    bitstring <<1,2:3>>;
 *  - flatmaps #{k=>v} in key order; larger (HAMT) maps show their nodes:
 *    #<bitmap>{<bitmap>{...},[K|V],...} with leaves as cons cells;
 *  - #Fun<m.OldIndex.OldUniq>, fun m:f/1, <0.80.0>, #Ref<0.1.2.3>,
 *    #Port<0.5>; an external identifier's first number is the atom index
 *    of its node name, as in OTP.
 */
#ifndef LASER_PRINT_H
#define LASER_PRINT_H

#include <laser/term.h>
#include <stdio.h>

/* A growable text buffer; start it zeroed. Not NUL-terminated unless
 * print_cstr is called. */
typedef struct {
    char *data;
    size_t size, cap;
} print_buf_t;

void print_buf_free(print_buf_t *b);
/* Append raw bytes / a C string. */
void print_bytes(print_buf_t *b, const void *p, size_t n);
void print_str(print_buf_t *b, const char *s);
/* NUL-terminate (not counted in size) and return the text. */
const char *print_cstr(print_buf_t *b);

/* Append the display form of t. Deep terms use a heap stack, not C
 * recursion. */
void print_term(print_buf_t *b, term t);

/* Write text to f as erts_printf does on OTP 25's stdout and stderr: each
 * newline becomes \r\n (measured: erl does so whatever the descriptor is).
 * Flushes f. */
void print_write(FILE *f, const char *text, size_t n);

/* erlang:display/1: the display form of t and a newline on stdout. */
void print_display(term t);

#endif
