/*
 * flt.h - floats to text and back, as OTP 25 does it: float_to_list/1,2 and
 * float_to_binary/1,2 with all their options, the shortest round-trip form
 * that io_lib prints for ~p and ~w, and list_to_float / binary_to_float.
 *
 * Formats (the rules were measured against erl, see tests/unit/test_flt.c):
 *   default      "%.20e" of the exact value: 1.00000000000000000000e+00
 *   {scientific,N}  "%.Ne" (a negative N means 6, as C's printf)
 *   {decimals,N} fixed notation; compact drops trailing zeros. For
 *                |F| <= 2^53 and N <= 18 erl rounds with double arithmetic
 *                and halves away from zero (0.125 -> "0.13"), otherwise it
 *                is "%.Nf" of the exact value (ties to even).
 *   short        shortest digits that read back as the same double (Ryu's
 *                choice among equally short candidates), laid out as
 *                "0.1", "100.0", "1.0e3", "1.0e-5", "9.007199254740992e15".
 * A result of FLT_BUF_SIZE characters or more is badarg in erl (its buffer
 * is 256 bytes), so it is here. erlang:display/1 prints floats as "%e"
 * (1.000000e+00): flt_printf_e with precision 6.
 */
#ifndef LASER_FLT_H
#define LASER_FLT_H

#include "heap.h"

#define FLT_BUF_SIZE 256

typedef enum {
    FLT_FMT_LEGACY,     /* no option: %.20e, or {scientific, N} */
    FLT_FMT_SHORT,      /* short */
    FLT_FMT_DECIMALS,   /* {decimals, N} */
} flt_fmt_kind_t;

typedef struct {
    flt_fmt_kind_t kind;
    int digits;   /* decimals or scientific digits, already cut to a C int as erl does */
    bool compact; /* only used by FLT_FMT_DECIMALS */
} flt_fmt_t;

/* Parse float_to_list/2's option list (the last format option wins);
 * false on a bad option or an improper list (badarg). */
bool flt_parse_options(term opts, flt_fmt_t *out);
/* Format d (finite) into buf; returns the length (buf is NUL-terminated), or
 * -1 when erl gives badarg (a result of FLT_BUF_SIZE characters or more, a
 * negative number of decimals). */
int flt_format(double d, const flt_fmt_t *fmt, char buf[FLT_BUF_SIZE]);
/* The shortest round-trip text (float_to_list(F, [short]), ~p, ~w). At most
 * 25 characters plus the NUL. */
int flt_format_short(double d, char buf[32]);

/* Shortest decimal that reads back as d (finite, non-zero): |d| is read
 * back from *digits * 10^*exp10 (*digits has no trailing zeros). */
void flt_shortest(double d, uint64_t *digits, int *exp10);
/* C's "%.*e" and "%.*f" of the exact binary value of d, rounding ties to
 * even; prec < 0 means 6. Returns the length, or -1 if it would be cap
 * characters or more (nothing useful is then in buf). Results are limited
 * to FLT_PRINTF_MAX - 1 characters whatever cap says. */
#define FLT_PRINTF_MAX 1024
int flt_printf_e(double d, int prec, char *buf, size_t cap);
int flt_printf_f(double d, int prec, char *buf, size_t cap);

/* list_to_float's syntax: [+-]digits(.|,)digits([eE][+-]digits)?, nothing
 * else; a NUL byte ends the text as it ends erl's C string. Correctly
 * rounded; false (badarg) on bad syntax or overflow, underflow gives 0.0. */
bool flt_from_text(const char *s, size_t n, double *out);

/* Term-level helpers for the BIFs; THE_NON_VALUE means badarg. */
term flt_to_list(heap_t *h, term f, term opts);
term flt_to_binary(heap_t *h, term f, term opts);
term flt_list_to_float(heap_t *h, term list);
term flt_binary_to_float(heap_t *h, term bin);

#endif
