/*
 * erlang_conv.c - erlang BIFs converting between numbers, atoms and text:
 * integer_to_list/binary and back, float_to_list/binary and back (flt.h),
 * atom_to_list/binary, list_to_atom, binary_to_atom and their _existing_
 * variants.
 *
 * The atom builders follow OTP's order of checks, which decides between
 * badarg and system_limit for text that is both too long and malformed:
 * a list is cut off at 256 elements before its elements are looked at
 * ([255 x $a, -1] is system_limit), a UTF-8 binary longer than 4 * 255
 * bytes is too long whatever it holds, and a shorter one is decoded only up
 * to its 255th character (so junk after it is system_limit too). The
 * _existing_ variants turn every failure into badarg.
 */
#include "arith.h"
#include "bif.h"
#include "big.h"
#include "bin.h"
#include "flt.h"

#include <stdlib.h>

/* Longest UTF-8 text of an atom: 255 characters of 4 bytes. */
#define ATOM_MAX_BYTES (4 * ATOM_MAX_CHARS)

/* The list of the n bytes of s, built with one allocation. */
static term byte_list(heap_t *h, const uint8_t *s, size_t n)
{
    if (n == 0) return NIL;
    term *c = heap_alloc(h, 2 * n);
    for (size_t i = 0; i < n; i++) {
        c[2 * i] = term_from_small(s[i]);
        c[2 * i + 1] = i + 1 < n ? term_from_list_ptr(c + 2 * i + 2) : NIL;
    }
    return term_from_list_ptr(c);
}

/* A base argument: a small integer 2..36. */
static bool base_arg(term t, unsigned *base)
{
    if (!term_is_small(t) || term_to_small(t) < 2 || term_to_small(t) > 36) return false;
    *base = (unsigned)term_to_small(t);
    return true;
}

/* The bytes of a binary (a bitstring of whole bytes). A sub binary that does
 * not start on a byte boundary is gathered into *copy, which the caller
 * frees. false if t is not a binary. */
static bool binary_bytes(term t, const uint8_t **data, size_t *n, uint8_t **copy)
{
    *copy = NULL;
    if (!term_is_bitstring(t)) return false;
    bin_view_t v;
    bin_view(t, &v);
    if (v.bitsize % 8 != 0) return false;
    *n = (size_t)(v.bitsize / 8);
    if (v.bitoffs == 0) {
        *data = v.base;
        return true;
    }
    *copy = malloc(*n ? *n : 1);
    if (!*copy) laser_oom("binary bytes", *n);
    bin_copy_bits(v.base, v.bitoffs, *copy, 0, v.bitsize);
    *data = *copy;
    return true;
}

/* ---- integers ---- */

static term integer_to_text(proc_t *p, term i, term base_t, bool binary)
{
    unsigned base = 10;
    if (!term_is_integer(i) || (term_is_value(base_t) && !base_arg(base_t, &base))) BIF_BADARG(p);
    char *s = int_to_text(i, base);
    size_t n = strlen(s);
    term r = binary ? bin_make(proc_heap(p), (const uint8_t *)s, n, NULL)
                    : byte_list(proc_heap(p), (const uint8_t *)s, n);
    free(s);
    return r;
}

term bif_erlang_integer_to_list_1(proc_t *p, const term *args) { return integer_to_text(p, args[0], THE_NON_VALUE, false); }
term bif_erlang_integer_to_list_2(proc_t *p, const term *args) { return integer_to_text(p, args[0], args[1], false); }
term bif_erlang_integer_to_binary_1(proc_t *p, const term *args) { return integer_to_text(p, args[0], THE_NON_VALUE, true); }
term bif_erlang_integer_to_binary_2(proc_t *p, const term *args) { return integer_to_text(p, args[0], args[1], true); }

/* No size limit: OTP builds a bignum of whatever length the text has. */
static term list_to_int(proc_t *p, term list, unsigned base)
{
    term r;
    if (!arith_list_to_integer(proc_heap(p), list, base, &r)) BIF_BADARG(p);
    return r;
}

term bif_erlang_list_to_integer_1(proc_t *p, const term *args) { return list_to_int(p, args[0], 10); }

term bif_erlang_list_to_integer_2(proc_t *p, const term *args)
{
    unsigned base;
    if (!base_arg(args[1], &base)) BIF_BADARG(p);
    return list_to_int(p, args[0], base);
}

/* Same syntax as list_to_integer: a sign, then digits of the base in either
 * case; no white space, no underscores, and a NUL byte is just a bad digit. */
static term binary_to_int(proc_t *p, term bin, unsigned base)
{
    const uint8_t *s;
    size_t n;
    uint8_t *copy;
    if (!binary_bytes(bin, &s, &n, &copy)) BIF_BADARG(p);
    term r;
    bool ok = int_from_text(proc_heap(p), (const char *)s, n, base, &r);
    free(copy);
    if (!ok) BIF_BADARG(p);
    return r;
}

term bif_erlang_binary_to_integer_1(proc_t *p, const term *args) { return binary_to_int(p, args[0], 10); }

term bif_erlang_binary_to_integer_2(proc_t *p, const term *args)
{
    unsigned base;
    if (!base_arg(args[1], &base)) BIF_BADARG(p);
    return binary_to_int(p, args[0], base);
}

/* ---- floats (formats and syntax are flt.h's) ---- */

static term or_badarg(proc_t *p, term r)
{
    if (!term_is_value(r)) BIF_BADARG(p);
    return r;
}

term bif_erlang_float_to_list_1(proc_t *p, const term *args) { return or_badarg(p, flt_to_list(proc_heap(p), args[0], NIL)); }
term bif_erlang_float_to_list_2(proc_t *p, const term *args) { return or_badarg(p, flt_to_list(proc_heap(p), args[0], args[1])); }
term bif_erlang_float_to_binary_1(proc_t *p, const term *args) { return or_badarg(p, flt_to_binary(proc_heap(p), args[0], NIL)); }
term bif_erlang_float_to_binary_2(proc_t *p, const term *args) { return or_badarg(p, flt_to_binary(proc_heap(p), args[0], args[1])); }
term bif_erlang_list_to_float_1(proc_t *p, const term *args) { return or_badarg(p, flt_list_to_float(proc_heap(p), args[0])); }
term bif_erlang_binary_to_float_1(proc_t *p, const term *args) { return or_badarg(p, flt_binary_to_float(proc_heap(p), args[0])); }

/* ---- atoms to text ---- */

/* Decode one character of valid UTF-8 (atom texts are validated when
 * interned); returns its length. */
static size_t utf8_decode(const uint8_t *s, uint32_t *cp)
{
    if (s[0] < 0x80) { *cp = s[0]; return 1; }
    if (s[0] < 0xE0) { *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F); return 2; }
    if (s[0] < 0xF0) { *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F); return 3; }
    *cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 | (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    return 4;
}

term bif_erlang_atom_to_list_1(proc_t *p, const term *args)
{
    term a = args[0];
    if (!term_is_atom(a)) BIF_BADARG(p);
    size_t len, nchars = atom_chars(a);
    const uint8_t *s = atom_text(a, &len);
    if (nchars == 0) return NIL;
    term *c = heap_alloc(proc_heap(p), 2 * nchars);
    size_t i = 0;
    for (size_t k = 0; k < nchars; k++) {
        uint32_t cp;
        i += utf8_decode(s + i, &cp);
        c[2 * k] = term_from_small(cp);
        c[2 * k + 1] = k + 1 < nchars ? term_from_list_ptr(c + 2 * k + 2) : NIL;
    }
    return term_from_list_ptr(c);
}

/* atom_to_binary(Atom, latin1 | unicode | utf8): latin1 only for atoms whose
 * characters are all below 256. */
static term atom_to_bin(proc_t *p, term a, term enc)
{
    if (!term_is_atom(a)) BIF_BADARG(p);
    size_t len;
    const uint8_t *s = atom_text(a, &len);
    if (enc == ATOM(utf8) || enc == ATOM(unicode)) return bin_make(proc_heap(p), s, len, NULL);
    if (enc != ATOM(latin1) || !atom_is_latin1(a)) BIF_BADARG(p);
    uint8_t buf[ATOM_MAX_CHARS];
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(s + i, &cp);
        buf[n++] = (uint8_t)cp;
    }
    return bin_make(proc_heap(p), buf, n, NULL);
}

term bif_erlang_atom_to_binary_1(proc_t *p, const term *args) { return atom_to_bin(p, args[0], ATOM(utf8)); }
term bif_erlang_atom_to_binary_2(proc_t *p, const term *args) { return atom_to_bin(p, args[0], args[1]); }

/* ---- text to atoms ---- */

/* Raise for a failed atom lookup or insertion. */
static term atom_fail(proc_t *p, atom_err_t e, bool must_exist)
{
    if (!must_exist && e == ATOM_ERR_TOO_LONG) BIF_ERROR(p, ATOM(system_limit));
    BIF_BADARG(p);
}

/* The UTF-8 text of a list of code points. The 256th element is too many
 * whatever it is; before that, an element that is not a code point (a
 * surrogate included) or an improper tail is bad. */
static atom_err_t list_text(term l, uint8_t buf[ATOM_MAX_BYTES], size_t *n)
{
    size_t count = 0, len = 0;
    for (; term_is_list(l); l = term_cdr(l)) {
        if (count++ == ATOM_MAX_CHARS) return ATOM_ERR_TOO_LONG;
        term c = term_car(l);
        if (!term_is_small(c)) return ATOM_ERR_BAD_UTF8;
        int64_t v = term_to_small(c);
        if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return ATOM_ERR_BAD_UTF8;
        len += bin_utf8_encode((uint32_t)v, buf + len);
    }
    if (!term_is_nil(l)) return ATOM_ERR_BAD_UTF8;
    *n = len;
    return ATOM_OK;
}

static term list_to_atom(proc_t *p, term list, bool must_exist)
{
    uint8_t buf[ATOM_MAX_BYTES];
    size_t n;
    term a;
    atom_err_t e = list_text(list, buf, &n);
    if (e == ATOM_OK) e = must_exist ? atom_get_utf8(buf, n, &a) : atom_put_utf8(buf, n, &a);
    return e == ATOM_OK ? a : atom_fail(p, e, must_exist);
}

term bif_erlang_list_to_atom_1(proc_t *p, const term *args) { return list_to_atom(p, args[0], false); }
term bif_erlang_list_to_existing_atom_1(proc_t *p, const term *args) { return list_to_atom(p, args[0], true); }

/* Length of the valid UTF-8 character at s (n bytes left), 0 if invalid or
 * incomplete: no overlong forms, no surrogates, nothing above 10FFFF. */
static size_t utf8_valid(const uint8_t *s, size_t n)
{
    uint8_t c = s[0];
    size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (k == 0 || k > n) return 0;
    for (size_t j = 1; j < k; j++)
        if ((s[j] & 0xC0) != 0x80) return 0;
    if (k == 1) return 1;
    uint32_t cp;
    utf8_decode(s, &cp);
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return k;
}

/* Check UTF-8 atom text the way OTP does before interning it: more than
 * ATOM_MAX_BYTES bytes is too long at once; otherwise characters are
 * decoded until the 255th, a bad one before that is bad, and any byte
 * after it makes the text too long. */
static atom_err_t check_utf8_atom(const uint8_t *s, size_t n)
{
    if (n > ATOM_MAX_BYTES) return ATOM_ERR_TOO_LONG;
    size_t chars = 0;
    for (size_t i = 0; i < n;) {
        if (chars == ATOM_MAX_CHARS) return ATOM_ERR_TOO_LONG;
        size_t k = utf8_valid(s + i, n - i);
        if (k == 0) return ATOM_ERR_BAD_UTF8;
        i += k;
        chars++;
    }
    return ATOM_OK;
}

static term binary_to_atom(proc_t *p, term bin, term enc, bool must_exist)
{
    const uint8_t *s;
    size_t n;
    uint8_t *copy;
    if (!binary_bytes(bin, &s, &n, &copy)) BIF_BADARG(p);
    term a;
    atom_err_t e;
    if (enc == ATOM(latin1)) {
        e = must_exist ? atom_get_latin1(s, n, &a) : atom_put_latin1(s, n, &a);
        /* atom_get_latin1 says not found for a long text: either way badarg */
    } else if (enc == ATOM(utf8) || enc == ATOM(unicode)) {
        e = check_utf8_atom(s, n);
        if (e == ATOM_OK) e = must_exist ? atom_get_utf8(s, n, &a) : atom_put_utf8(s, n, &a);
    } else {
        e = ATOM_ERR_BAD_UTF8;
    }
    free(copy);
    return e == ATOM_OK ? a : atom_fail(p, e, must_exist);
}

term bif_erlang_binary_to_atom_1(proc_t *p, const term *args) { return binary_to_atom(p, args[0], ATOM(utf8), false); }
term bif_erlang_binary_to_atom_2(proc_t *p, const term *args) { return binary_to_atom(p, args[0], args[1], false); }
term bif_erlang_binary_to_existing_atom_1(proc_t *p, const term *args) { return binary_to_atom(p, args[0], ATOM(utf8), true); }
term bif_erlang_binary_to_existing_atom_2(proc_t *p, const term *args) { return binary_to_atom(p, args[0], args[1], true); }
