/*
 * unicode.c - the BIFs of OTP 25's `unicode` module: characters_to_binary/2,
 * characters_to_list/2 and bin_is_7bit/1 (the other exports are Erlang in
 * unicode.erl and wrap these).
 *
 * OTP computes these in two different ways, and the shape of the Rest in
 * {error, Converted, Rest} / {incomplete, Converted, Rest} depends on which,
 * so both are reproduced here:
 *
 *  - latin1, unicode and utf8 input is converted in C (erl_unicode.c): a
 *    first walk sizes the output and raises badarg on anything that is not
 *    chardata (it stops at a bignum, which the conversion then reports as
 *    an error); the conversion carries an incomplete UTF-8 sequence across
 *    binaries ("leftovers"), and an error's Rest is the unconverted part:
 *    the rest of the current binary or list, consed onto the tails of the
 *    enclosing lists, with the leftover bytes in front.
 *
 *  - utf16 and utf32 (either endianness) are handed by OTP to Erlang code,
 *    unicode:characters_to_binary_int/2 and its ml_map/3, which splits
 *    binaries over 8192 bytes, joins incomplete code units with the bytes
 *    that follow, and wraps the Rest in its own way ([[Int] | T] for a bad
 *    integer, [Incomplete | Whole] for an integer after an incomplete unit).
 *    ml_map below follows those clauses one by one.
 *
 * OTP's C conversion yields after a slice of about 40000 characters and
 * resumes on what is left, which changes the Rest of an error found after
 * that point; laser converts in one go, so such a Rest (only) can differ on
 * inputs of that size.
 */
#include "bif.h"
#include "bin.h"

#include <stdlib.h>
#include <string.h>

/* ---- growable byte buffer ---- */

/* Starts in its own array (no malloc for the short strings most calls
 * convert); buf_free releases what it grew into. */
typedef struct {
    uint8_t *d;
    size_t n, cap;
    uint8_t local[256];
} buf_t;

static void buf_init(buf_t *b)
{
    b->d = b->local;
    b->n = 0;
    b->cap = sizeof b->local;
}

static void buf_free(buf_t *b)
{
    if (b->d != b->local) free(b->d);
    buf_init(b);
}

static void buf_grow(buf_t *b, size_t more)
{
    size_t c = b->cap;
    while (c < b->n + more) c *= 2;
    uint8_t *nd = b->d == b->local ? malloc(c) : realloc(b->d, c);
    if (!nd) laser_oom("unicode conversion", c);
    if (b->d == b->local) memcpy(nd, b->local, b->n);
    b->d = nd;
    b->cap = c;
}

static void buf_put(buf_t *b, const uint8_t *p, size_t n)
{
    if (b->n + n > b->cap) buf_grow(b, n);
    memcpy(b->d + b->n, p, n);
    b->n += n;
}

/* Append code point c (valid) as UTF-8. */
static void buf_utf8(buf_t *b, uint32_t c)
{
    if (b->n + 4 > b->cap) buf_grow(b, 4);
    if (c < 0x80) b->d[b->n++] = (uint8_t)c;
    else b->n += bin_utf8_encode(c, b->d + b->n);
}

/* A stack of terms (pending list tails), malloc'd so that nesting depth is
 * not limited by the C stack. */
typedef struct {
    term *t;
    size_t n, cap;
} tstack_t;

static void ts_push(tstack_t *s, term t)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        term *nt = realloc(s->t, s->cap * sizeof *nt);
        if (!nt) laser_oom("unicode conversion", s->cap * sizeof *nt);
        s->t = nt;
    }
    s->t[s->n++] = t;
}

/* ---- binaries ---- */

/* A binary (whole bytes) as aligned bytes; an unaligned sub binary is
 * copied into *owned (freed by the caller). */
static bool bin_bytes(term t, const uint8_t **p, size_t *n, uint8_t **owned)
{
    *owned = NULL;
    if (!term_is_bitstring(t)) return false;
    bin_view_t v;
    bin_view(t, &v);
    if (v.bitsize % 8) return false;
    *n = (size_t)(v.bitsize / 8);
    if (v.bitoffs == 0) {
        *p = v.base;
        return true;
    }
    *owned = calloc(*n ? *n : 1, 1);
    if (!*owned) laser_oom("unicode conversion", *n);
    bin_copy_bits(v.base, v.bitoffs, *owned, 0, v.bitsize);
    *p = *owned;
    return true;
}

static bool is_binary(term t) { return term_is_bitstring(t) && bin_bit_size(t) % 8 == 0; }
static size_t byte_size(term t) { return (size_t)(bin_bit_size(t) / 8); }

/* The bytes [off, off+len) of binary t as a sub binary. */
static term sub_bin(heap_t *h, term t, size_t off, size_t len)
{
    return bin_make_sub(h, t, (uint64_t)off * 8, (uint64_t)len * 8);
}

static term tuple3(heap_t *h, term a, term b, term c)
{
    term e[3] = {a, b, c};
    return heap_make_tuple(h, 3, e);
}

/* The list of code points of valid UTF-8 text. */
static term utf8_to_list(heap_t *h, const uint8_t *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) count += (s[i] & 0xC0) != 0x80;
    if (count == 0) return NIL;
    term *cells = heap_alloc(h, 2 * count);
    term r = NIL;
    size_t k = count;
    for (size_t i = n; i-- > 0;) {
        if ((s[i] & 0xC0) == 0x80) continue;
        uint32_t c;
        if (s[i] < 0x80) c = s[i];
        else if (s[i] < 0xE0) c = (uint32_t)(s[i] & 0x1F) << 6 | (s[i + 1] & 0x3F);
        else if (s[i] < 0xF0) c = (uint32_t)(s[i] & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
        else
            c = (uint32_t)(s[i] & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 | (uint32_t)(s[i + 2] & 0x3F) << 6 |
                (s[i + 3] & 0x3F);
        k--;
        cells[2 * k] = term_from_small(c);
        cells[2 * k + 1] = r;
        r = term_from_list_ptr(&cells[2 * k]);
    }
    return r;
}

/* ---- UTF-8 validation as erl_unicode.c does it ---- */

static int utf8_len(uint8_t first)
{
    if ((first & 0x80) == 0) return 1;
    if ((first & 0xE0) == 0xC0) return 2;
    if ((first & 0xF0) == 0xE0) return 3;
    if ((first & 0xF8) == 0xF0) return 4;
    return -1;
}

/* Is s[0..len) (len = utf8_len(s[0]) bytes, all present) one valid
 * character: continuation bytes, no overlong form, no surrogate, at most
 * U+10FFFF. */
static bool utf8_valid_char(const uint8_t *s, int len)
{
    for (int i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return false;
    switch (len) {
    case 1: return true;
    case 2: return s[0] >= 0xC2;
    case 3:
        if (s[0] == 0xE0 && s[1] < 0xA0) return false;
        return !((s[0] & 0x0F) == 0x0D && (s[1] & 0x20));
    case 4:
        if (s[0] == 0xF0 && s[1] < 0x90) return false;
        return !((s[0] & 0x07) > 4 || ((s[0] & 0x07) == 4 && (s[1] & 0x3F) > 0x0F));
    default: return false;
    }
}

/* Could the n bytes (a truncated sequence at the end of the input) still
 * become a character: OTP's check_leftovers, which looks at the lead byte
 * and the continuation bytes present, nothing else. */
static bool leftovers_incomplete(const uint8_t *s, size_t n)
{
    if ((s[0] & 0xE0) == 0xC0) return true;
    if ((s[0] & 0xF0) == 0xE0) return n < 2 || (n < 3 && (s[1] & 0xC0) == 0x80);
    if ((s[0] & 0xF8) == 0xF0)
        return n < 2 || (n < 3 && (s[1] & 0xC0) == 0x80) ||
               (n < 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80);
    return false;
}

/* ---- the C path: latin1, unicode, utf8 ---- */

/* OTP's utf8_need: true if t is chardata the C conversion accepts. It
 * stops (accepting) at a bignum element, where the conversion will report
 * an error; other non-chardata, bitstrings and improper tails other than a
 * binary are badarg. */
static bool c_acceptable(term t)
{
    if (term_is_nil(t)) return true;
    if (term_is_bitstring(t)) return is_binary(t);
    if (!term_is_list(t)) return false;
    tstack_t st = {0};
    bool ok = true;
    for (;;) {
        if (term_is_list(t)) {
            term h = term_car(t);
            if (term_is_small(h) || term_is_nil(h)) {
                t = term_cdr(t);
            } else if (term_is_list(h)) {
                ts_push(&st, term_cdr(t));
                t = h;
            } else if (term_is_bitstring(h)) {
                if (!is_binary(h)) { ok = false; break; }
                t = term_cdr(t);
            } else if (term_is_big(h)) {
                break;
            } else {
                ok = false;
                break;
            }
            continue;
        }
        if (!term_is_nil(t) && !is_binary(t)) { ok = false; break; }
        if (st.n == 0) break;
        t = st.t[--st.n];
    }
    free(st.t);
    return ok;
}

typedef struct {
    heap_t *h;
    bool latin1;
    buf_t *out;          /* UTF-8 produced so far */
    uint8_t left[4];     /* bytes of a sequence cut at the end of a binary */
    int nleft;
    bool err;
} conv_t;

/* Convert one binary; on error, the unconverted rest of it (a sub binary),
 * else NIL. */
static term conv_binary(conv_t *c, term bin)
{
    const uint8_t *s;
    size_t n;
    uint8_t *owned;
    bin_bytes(bin, &s, &n, &owned);
    term rest = NIL;
    if (c->latin1) {
        for (size_t i = 0; i < n; i++) buf_utf8(c->out, s[i]);
        free(owned);
        return NIL;
    }
    size_t i = 0;
    if (c->nleft) {
        /* complete the sequence left over from the previous binary */
        int need = utf8_len(c->left[0]), from = need - c->nleft;
        if (n < (size_t)from) {
            memcpy(c->left + c->nleft, s, n);
            c->nleft += (int)n;
            free(owned);
            return NIL;
        }
        uint8_t seq[4];
        memcpy(seq, c->left, (size_t)c->nleft);
        memcpy(seq + c->nleft, s, (size_t)from);
        if (!utf8_valid_char(seq, need)) {
            /* the whole binary is the rest; the leftovers stay pending */
            c->err = true;
            free(owned);
            return sub_bin(c->h, bin, 0, n);
        }
        buf_put(c->out, seq, (size_t)need);
        c->nleft = 0;
        i = (size_t)from;
    }
    size_t run = i; /* valid bytes from here to i are copied in one go */
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int len = utf8_len(s[i]);
        if (len > 1 && n - i < (size_t)len) {
            /* cut at the end: kept for the next binary, checked later */
            memcpy(c->left, s + i, n - i);
            c->nleft = (int)(n - i);
            break;
        }
        if (len < 0 || !utf8_valid_char(s + i, len)) {
            c->err = true;
            rest = sub_bin(c->h, bin, i, n - i);
            break;
        }
        i += (size_t)len;
    }
    buf_put(c->out, s + run, i - run);
    free(owned);
    return rest;
}

/* Convert chardata t (already accepted by c_acceptable); NIL when all of
 * it was converted, else the Rest (c->err set). */
static term conv_chardata(conv_t *c, term t)
{
    if (term_is_nil(t)) return NIL;
    if (term_is_bitstring(t)) return conv_binary(c, t);
    tstack_t st = {0};
    term rest = NIL;
    for (;;) {
        if (term_is_list(t)) {
            term h = term_car(t);
            if (term_is_small(h)) {
                int64_t v = term_to_small(h);
                if (c->nleft || v < 0 || v >= 0x110000 || (c->latin1 && v > 255) || (v >= 0xD800 && v <= 0xDFFF)) {
                    c->err = true;
                    rest = t;
                    break;
                }
                buf_utf8(c->out, (uint32_t)v);
                t = term_cdr(t);
            } else if (term_is_nil(h)) {
                t = term_cdr(t);
            } else if (term_is_list(h)) {
                ts_push(&st, term_cdr(t));
                t = h;
            } else if (term_is_bitstring(h)) {
                term r = conv_binary(c, h);
                if (c->err) {
                    rest = heap_make_cons(c->h, r, term_cdr(t));
                    break;
                }
                t = term_cdr(t);
            } else {
                /* a bignum (c_acceptable let nothing else through) */
                c->err = true;
                rest = t;
                break;
            }
            continue;
        }
        if (term_is_bitstring(t)) {
            term r = conv_binary(c, t);
            if (c->err) {
                rest = r;
                break;
            }
        }
        if (st.n == 0) break;
        t = st.t[--st.n];
    }
    /* wrap the rest in the tails of the enclosing lists, innermost first */
    if (c->err)
        while (st.n) rest = heap_make_cons(c->h, rest, st.t[--st.n]);
    free(st.t);
    return c->err ? rest : NIL;
}

/* The outcome of a C-path conversion: kind 0 = all converted, else
 * ATOM(error) / ATOM(incomplete) with rest. */
static term c_outcome(conv_t *c, term rest, term *kind)
{
    if (c->err) {
        *kind = ATOM(error);
        if (c->nleft) {
            term lb = bin_make(c->h, c->left, (size_t)c->nleft, NULL);
            rest = heap_make_cons(c->h, lb, heap_make_cons(c->h, rest, NIL));
        }
        return rest;
    }
    if (c->nleft) {
        *kind = leftovers_incomplete(c->left, (size_t)c->nleft) ? ATOM(incomplete) : ATOM(error);
        return bin_make(c->h, c->left, (size_t)c->nleft, NULL);
    }
    *kind = 0;
    return NIL;
}

/* ---- the Erlang path: utf16 and utf32 (unicode.erl's ml_map) ---- */

typedef enum { ENC_UTF16_BE, ENC_UTF16_LE, ENC_UTF32_BE, ENC_UTF32_LE } wide_enc_t;

static bool wide_encoding(term e, wide_enc_t *out)
{
    if (e == ATOM(utf16)) { *out = ENC_UTF16_BE; return true; }
    if (e == ATOM(utf32)) { *out = ENC_UTF32_BE; return true; }
    if (!term_is_tuple(e) || term_tuple_arity(e) != 2) return false;
    const term *t = term_tuple_elems(e);
    bool little;
    if (t[1] == ATOM(big)) little = false;
    else if (t[1] == ATOM(little)) little = true;
    else return false;
    if (t[0] == ATOM(utf16)) *out = little ? ENC_UTF16_LE : ENC_UTF16_BE;
    else if (t[0] == ATOM(utf32)) *out = little ? ENC_UTF32_LE : ENC_UTF32_BE;
    else return false;
    return true;
}

/* Decode one character at s[0..n); its length in bytes, or 0 if the bytes
 * there are not one (as the bit syntax's /utf16 and /utf32 decide). */
static size_t wide_decode(wide_enc_t e, const uint8_t *s, size_t n, uint32_t *cp)
{
    if (e == ENC_UTF16_BE || e == ENC_UTF16_LE) {
        bool le = e == ENC_UTF16_LE;
        if (n < 2) return 0;
        uint32_t w1 = le ? (uint32_t)s[1] << 8 | s[0] : (uint32_t)s[0] << 8 | s[1];
        if (w1 < 0xD800 || w1 > 0xDFFF) {
            *cp = w1;
            return 2;
        }
        if (w1 > 0xDBFF || n < 4) return 0;
        uint32_t w2 = le ? (uint32_t)s[3] << 8 | s[2] : (uint32_t)s[2] << 8 | s[3];
        if (w2 < 0xDC00 || w2 > 0xDFFF) return 0;
        *cp = 0x10000 + ((w1 - 0xD800) << 10 | (w2 - 0xDC00));
        return 4;
    }
    if (n < 4) return 0;
    uint32_t v = e == ENC_UTF32_LE ? (uint32_t)s[3] << 24 | (uint32_t)s[2] << 16 | (uint32_t)s[1] << 8 | s[0]
                                   : (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | s[3];
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return 4;
}

/* unicode.erl's cbv/2: given the undecodable rest of a binary, the number
 * of bytes missing for it to become a character, or 0 if it cannot. */
static size_t wide_missing(wide_enc_t e, const uint8_t *s, size_t n)
{
    switch (e) {
    case ENC_UTF16_BE:
        if (n == 1) return (s[0] <= 215 || s[0] >= 224) ? 1 : (s[0] >> 2) == 54 ? 3 : 0;
        if (n == 2) return (s[0] >> 2) == 54 ? 2 : 0;
        if (n == 3) return (s[0] >> 2) == 54 && (s[2] >> 2) == 55 ? 1 : 0;
        return 0;
    case ENC_UTF16_LE:
        if (n == 1) return 1;
        if (n == 2) return (s[1] >> 2) == 54 ? 2 : 0;
        if (n == 3) return (s[1] >> 2) == 54 ? 1 : 0;
        return 0;
    case ENC_UTF32_BE:
        if (n == 1) return s[0] == 0 ? 3 : 0;
        if (n == 2) return s[0] == 0 && s[1] <= 16 ? 2 : 0;
        if (n == 3) return s[0] == 0 && s[1] <= 16 && (s[1] > 0 || s[2] <= 215 || s[2] >= 224) ? 1 : 0;
        return 0;
    case ENC_UTF32_LE:
        if (n == 1) return 3;
        if (n == 2) return 2;
        if (n == 3) {
            if ((s[0] == 254 || s[0] == 255) && s[1] == 255 && s[2] == 0) return 0;
            return s[2] <= 16 && (s[2] > 0 || s[1] <= 215 || s[1] >= 224) ? 1 : 0;
        }
        return 0;
    }
    return 0;
}

typedef struct {
    heap_t *h;
    wide_enc_t enc;
    buf_t *out;
    bool inc;         /* an incomplete unit is pending ({{Incomplete, Missing}, Acc}) */
    term inc_bin;     /* its bytes (a binary) */
    size_t inc_missing;
} wide_t;

typedef enum { FUN_OK, FUN_INCOMPLETE, FUN_ERROR } fun_res_t;

/* The fun of characters_to_binary_int/3 on a binary part: decode it onto
 * the output; on failure *rest is the undecoded rest (and for incomplete,
 * *missing what cbv/2 said). */
static fun_res_t wide_fun_bin(wide_t *w, term part, term *rest, size_t *missing)
{
    const uint8_t *s;
    size_t n, i = 0, k;
    uint8_t *owned;
    uint32_t cp;
    bin_bytes(part, &s, &n, &owned);
    while (i < n && (k = wide_decode(w->enc, s + i, n - i, &cp)) != 0) {
        buf_utf8(w->out, cp);
        i += k;
    }
    fun_res_t r = FUN_OK;
    if (i < n) {
        *rest = sub_bin(w->h, part, i, n - i);
        *missing = wide_missing(w->enc, s + i, n - i);
        r = *missing ? FUN_INCOMPLETE : FUN_ERROR;
    }
    free(owned);
    return r;
}

/* A new binary: the bytes of a followed by those of b[0..blen). */
static term concat(heap_t *h, term a, term b, size_t blen)
{
    const uint8_t *sa, *sb;
    size_t na, nb;
    uint8_t *oa, *ob, *d;
    bin_bytes(a, &sa, &na, &oa);
    bin_bytes(b, &sb, &nb, &ob);
    term r = bin_make(h, NULL, na + blen, &d);
    memcpy(d, sa, na);
    memcpy(d + na, sb, blen);
    free(oa);
    free(ob);
    return r;
}

#define ML_CHUNK 8192

/* ml_map over t. Returns 1 = done (w->inc may be set: incomplete), 0 =
 * error with *rest, -1 = badarg (a clause of ml_map did not match). */
static int ml_map(wide_t *w, term t, term *rest)
{
    tstack_t st = {0};
    heap_t *h = w->h;
    int res = 1;
    for (;;) {
        if (term_is_nil(t)) {
            /* clauses 1 and 2: the list is done, back to the enclosing one */
        } else if (term_is_list(t)) {
            term part = term_car(t), tail = term_cdr(t);
            if (term_is_integer(part)) {
                if (w->inc) { /* clause 3 */
                    *rest = heap_make_cons(h, w->inc_bin, t);
                    res = 0;
                    break;
                }
                /* clause 4: the fun accepts a valid code point */
                int64_t v;
                if (term_is_small(part) && (v = term_to_small(part)) >= 0 && v <= 0x10FFFF &&
                    !(v >= 0xD800 && v <= 0xDFFF)) {
                    buf_utf8(w->out, (uint32_t)v);
                    t = tail;
                    continue;
                }
                *rest = heap_make_cons(h, heap_make_cons(h, part, NIL), tail);
                res = 0;
                break;
            }
            if (is_binary(part)) {
                size_t n = byte_size(part);
                if (w->inc) { /* clause 5 */
                    if (n >= w->inc_missing) {
                        term fill = concat(h, w->inc_bin, part, w->inc_missing);
                        term trailing = sub_bin(h, part, w->inc_missing, n - w->inc_missing);
                        w->inc = false;
                        t = heap_make_cons(h, fill, heap_make_cons(h, trailing, tail));
                    } else {
                        w->inc_bin = concat(h, w->inc_bin, part, n);
                        w->inc_missing -= n;
                        t = tail;
                    }
                    continue;
                }
                if (n > ML_CHUNK) { /* clause 6 */
                    t = heap_make_cons(h, sub_bin(h, part, 0, ML_CHUNK),
                                       heap_make_cons(h, sub_bin(h, part, ML_CHUNK, n - ML_CHUNK), tail));
                    continue;
                }
                term r;
                size_t missing;
                switch (wide_fun_bin(w, part, &r, &missing)) { /* clause 7 */
                case FUN_OK: break;
                case FUN_INCOMPLETE:
                    w->inc = true;
                    w->inc_bin = r;
                    w->inc_missing = missing;
                    break;
                case FUN_ERROR:
                    *rest = heap_make_cons(h, r, tail);
                    res = 0;
                    goto out;
                }
                t = tail;
                continue;
            }
            if (term_is_list(part) || term_is_nil(part)) { /* clause 8 */
                ts_push(&st, tail);
                t = part;
                continue;
            }
            res = -1;
            break;
        } else if (is_binary(t)) {
            size_t n = byte_size(t);
            if (w->inc) { /* clause 9 */
                if (n >= w->inc_missing) {
                    term whole = heap_make_cons(h, w->inc_bin, heap_make_cons(h, t, NIL));
                    w->inc = false;
                    t = whole;
                    continue;
                }
                w->inc_bin = concat(h, w->inc_bin, t, n);
                w->inc_missing -= n;
            } else if (n > ML_CHUNK) { /* clause 10 */
                t = heap_make_cons(h, sub_bin(h, t, 0, ML_CHUNK),
                                   heap_make_cons(h, sub_bin(h, t, ML_CHUNK, n - ML_CHUNK), NIL));
                continue;
            } else { /* clause 11 */
                term r;
                size_t missing;
                switch (wide_fun_bin(w, t, &r, &missing)) {
                case FUN_OK: break;
                case FUN_INCOMPLETE:
                    w->inc = true;
                    w->inc_bin = r;
                    w->inc_missing = missing;
                    break;
                case FUN_ERROR:
                    *rest = r;
                    res = 0;
                    goto out;
                }
            }
        } else {
            res = -1;
            break;
        }
        /* this level is done */
        if (st.n == 0) break;
        t = st.t[--st.n];
    }
out:
    if (res == 0)
        while (st.n) *rest = heap_make_cons(h, *rest, st.t[--st.n]);
    free(st.t);
    return res;
}

/* ---- the BIFs ---- */

/* Convert t from encoding enc to UTF-8 in *out. Returns false for badarg;
 * else *kind is 0 (all converted) or ATOM(error) / ATOM(incomplete) with
 * *rest. list_form: characters_to_list (which does not unwrap [Bin]). */
static bool convert(heap_t *h, term t, term enc, bool list_form, buf_t *out, term *kind, term *rest,
                    bool *same_binary)
{
    *same_binary = false;
    if (enc == ATOM(latin1) || enc == ATOM(unicode) || enc == ATOM(utf8)) {
        bool latin1 = enc == ATOM(latin1);
        term subject = t;
        /* characters_to_binary treats [Bin] as Bin */
        if (!list_form && term_is_list(t) && term_is_bitstring(term_car(t)) && term_is_nil(term_cdr(t)))
            subject = term_car(t);
        if (!c_acceptable(subject)) return false;
        conv_t c = {.h = h, .latin1 = latin1, .out = out};
        term r = conv_chardata(&c, subject);
        *rest = c_outcome(&c, r, kind);
        /* a binary that needed no change is returned as it is */
        if (!list_form && !*kind && term_is_bitstring(subject) && out->n == byte_size(subject)) *same_binary = true;
        return true;
    }
    wide_t w = {.h = h, .out = out};
    if (!wide_encoding(enc, &w.enc)) return false;
    int r = ml_map(&w, t, rest);
    if (r < 0) return false;
    if (r == 0) *kind = ATOM(error);
    else if (w.inc) {
        *kind = ATOM(incomplete);
        *rest = w.inc_bin;
    } else *kind = 0;
    return true;
}

term bif_unicode_characters_to_binary_2(proc_t *p, const term *args)
{
    heap_t *h = proc_heap(p);
    buf_t out;
    buf_init(&out);
    term kind, rest;
    bool same;
    if (!convert(h, args[0], args[1], false, &out, &kind, &rest, &same)) {
        buf_free(&out);
        BIF_BADARG(p);
    }
    term bin;
    if (same) bin = term_is_list(args[0]) ? term_car(args[0]) : args[0];
    else bin = bin_make(h, out.d, out.n, NULL);
    buf_free(&out);
    return kind ? tuple3(h, kind, bin, rest) : bin;
}

term bif_unicode_characters_to_list_2(proc_t *p, const term *args)
{
    heap_t *h = proc_heap(p);
    term t = args[0], enc = args[1];
    /* OTP decodes a plain UTF-8 binary directly: the rest is then always
     * the binary's own tail, incomplete or not. */
    if ((enc == ATOM(unicode) || enc == ATOM(utf8)) && is_binary(t)) {
        const uint8_t *s;
        size_t n, i = 0;
        uint8_t *owned;
        bin_bytes(t, &s, &n, &owned);
        term kind = 0;
        while (i < n) {
            int len = utf8_len(s[i]);
            if (len > 1 && n - i < (size_t)len) {
                kind = leftovers_incomplete(s + i, n - i) ? ATOM(incomplete) : ATOM(error);
                break;
            }
            if (len < 0 || !utf8_valid_char(s + i, len)) {
                kind = ATOM(error);
                break;
            }
            i += (size_t)len;
        }
        term list = utf8_to_list(h, s, i);
        free(owned);
        return kind ? tuple3(h, kind, list, sub_bin(h, t, i, n - i)) : list;
    }
    buf_t out;
    buf_init(&out);
    term kind, rest;
    bool same;
    if (!convert(h, t, enc, true, &out, &kind, &rest, &same)) {
        buf_free(&out);
        BIF_BADARG(p);
    }
    term list = utf8_to_list(h, out.d, out.n);
    buf_free(&out);
    return kind ? tuple3(h, kind, list, rest) : list;
}

/* Never raises: anything but a binary of bytes below 128 is false. */
term bif_unicode_bin_is_7bit_1(proc_t *p, const term *args)
{
    (void)p;
    if (!is_binary(args[0])) return ATOM(false);
    const uint8_t *s;
    size_t n;
    uint8_t *owned;
    bin_bytes(args[0], &s, &n, &owned);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) ok = s[i] < 0x80;
    free(owned);
    return ok ? ATOM(true) : ATOM(false);
}
