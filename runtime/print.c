/*
 * print.c - the display form of terms (see print.h), following OTP 25's
 * erl_printf_term.c rule for rule; tests/unit/test_print.c compares it
 * with what erl's erlang:display/1 writes.
 */
#include "print.h"

#include "atom.h"
#include "big.h"
#include "bin.h"
#include "flt.h"
#include "map.h"
#include "../src/export.h"
#include "../src/funtab.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- buffer ---- */

void print_buf_free(print_buf_t *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void print_bytes(print_buf_t *b, const void *p, size_t n)
{
    if (b->size + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 128;
        while (c < b->size + n + 1) c *= 2;
        char *nd = realloc(b->data, c);
        if (!nd) laser_oom("printing a term", c);
        b->data = nd;
        b->cap = c;
    }
    memcpy(b->data + b->size, p, n);
    b->size += n;
}

void print_str(print_buf_t *b, const char *s) { print_bytes(b, s, strlen(s)); }

static void print_char(print_buf_t *b, char c) { print_bytes(b, &c, 1); }

static void print_fmt_u64(print_buf_t *b, uint64_t v)
{
    char t[24];
    print_bytes(b, t, (size_t)snprintf(t, sizeof t, "%" PRIu64, v));
}

const char *print_cstr(print_buf_t *b)
{
    print_bytes(b, "", 0);
    b->data[b->size] = 0;
    return b->data;
}

/* ---- atoms ---- */

/* erl_printf_term.c classifies Latin-1 characters (not Unicode). */
static bool is_lower(int c) { return (c >= 'a' && c <= 'z') || (c >= 223 && c <= 255 && c != 247); }
static bool is_upper(int c) { return (c >= 'A' && c <= 'Z') || (c >= 192 && c <= 222 && c != 215); }
static bool is_alnum(int c) { return (c >= '0' && c <= '9') || is_lower(c) || is_upper(c); }

/* The character the quoting rule sees at UTF-8 byte s[0] (s[1] follows):
 * ASCII as is, a two-byte sequence decoded, a continuation byte as an
 * acceptable letter, the lead of a longer sequence as 0 (needs quotes). */
static int latin1_char(const uint8_t *s, size_t left)
{
    if ((s[0] & 0x80) == 0) return s[0];
    if ((s[0] & 0xE0) == 0xC0) return left > 1 ? (s[0] & 0x1F) << 6 | (s[1] & 0x3F) : 0;
    if ((s[0] & 0xC0) == 0x80) return 'a';
    return 0;
}

static void print_atom(print_buf_t *b, term a)
{
    size_t n;
    const uint8_t *s = atom_text(a, &n);
    if (n == 0) {
        print_str(b, "''");
        return;
    }
    bool quote = !is_lower(latin1_char(s, n));
    for (size_t i = 1; i < n && !quote; i++) {
        int c = latin1_char(s + i, n - i);
        if (!is_alnum(c) && c != '_') quote = true;
    }
    if (quote) print_char(b, '\'');
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        switch (c) {
        case '\'': print_str(b, "\\'"); break;
        case '\\': print_str(b, "\\\\"); break;
        case '\n': print_str(b, "\\n"); break;
        case '\f': print_str(b, "\\f"); break;
        case '\t': print_str(b, "\\t"); break;
        case '\r': print_str(b, "\\r"); break;
        case '\b': print_str(b, "\\b"); break;
        case '\v': print_str(b, "\\v"); break;
        default:
            if (c < ' ') {
                char t[8];
                print_bytes(b, t, (size_t)snprintf(t, sizeof t, "\\%03o", c));
            } else if (c >= 0x80) {
                /* U+0080..U+009F are control characters: octal escape */
                if (c == 0xC2 && i + 1 < n && s[i + 1] < 0xA0) {
                    char t[8];
                    print_bytes(b, t, (size_t)snprintf(t, sizeof t, "\\%03o", s[i + 1]));
                    i++;
                } else {
                    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
                    if (len > n - i) len = n - i;
                    print_bytes(b, s + i, len);
                    i += len - 1;
                }
            } else {
                print_char(b, (char)c);
            }
        }
    }
    if (quote) print_char(b, '\'');
}

/* ---- lists ---- */

static bool is_cntrl(int64_t c) { return c < ' ' || c == 127 || (c >= 128 && c < 160); }
static bool is_space(int64_t c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/* A non-empty proper list of printable Latin-1 bytes. */
static bool is_printable_string(term l)
{
    for (; term_is_list(l); l = term_cdr(l)) {
        term h = term_car(l);
        if (!term_is_small(h)) return false;
        int64_t c = term_to_small(h);
        if (c < 0 || c > 255 || (is_cntrl(c) && !is_space(c))) return false;
    }
    return term_is_nil(l);
}

static void print_string(print_buf_t *b, term l)
{
    print_char(b, '"');
    for (; term_is_list(l); l = term_cdr(l)) {
        int64_t c = term_to_small(term_car(l));
        if (c == '\n') {
            print_str(b, "\\n");
        } else {
            if (c == '"') print_char(b, '\\');
            print_char(b, (char)(uint8_t)c);
        }
    }
    print_char(b, '"');
}

/* ---- binaries ---- */

/* Byte i of a view (bitoffs may be non-zero). */
static uint8_t view_byte(const bin_view_t *v, uint64_t i)
{
    if (v->bitoffs == 0) return v->base[i];
    return (uint8_t)(v->base[i] << v->bitoffs | v->base[i + 1] >> (8 - v->bitoffs));
}

static void print_binary(print_buf_t *b, term t)
{
    bin_view_t v;
    bin_view(t, &v);
    uint64_t nbytes = v.bitsize / 8, rem = v.bitsize % 8;
    bool text = rem == 0 && nbytes > 0;
    for (uint64_t i = 0; i < nbytes && text; i++) {
        uint8_t c = view_byte(&v, i);
        text = c >= ' ' && c < 127;
    }
    if (text) {
        print_str(b, "<<\"");
        for (uint64_t i = 0; i < nbytes; i++) {
            uint8_t c = view_byte(&v, i);
            if (c == '"') print_char(b, '\\');
            print_char(b, (char)c);
        }
        print_str(b, "\">>");
        return;
    }
    print_str(b, "<<");
    for (uint64_t i = 0; i < nbytes; i++) {
        if (i) print_char(b, ',');
        print_fmt_u64(b, view_byte(&v, i));
    }
    if (rem) {
        uint64_t val = 0, at = v.bitoffs + nbytes * 8;
        for (uint64_t k = 0; k < rem; k++, at++) val = val << 1 | ((v.base[at / 8] >> (7 - at % 8)) & 1);
        if (nbytes) print_char(b, ',');
        print_fmt_u64(b, val);
        print_char(b, ':');
        print_fmt_u64(b, rem);
    }
    print_str(b, ">>");
}

/* ---- identifiers ---- */

static void print_u32_seq(print_buf_t *b, const char *open, uint64_t first, const uint32_t *nums, size_t n,
                          bool reverse)
{
    print_str(b, open);
    print_fmt_u64(b, first);
    for (size_t i = 0; i < n; i++) {
        print_char(b, '.');
        print_fmt_u64(b, nums[reverse ? n - 1 - i : i]);
    }
    print_char(b, '>');
}

/* OTP's channel number of a remote node: the index of its name atom. */
static uint64_t channel(const term_external_t *e) { return term_atom_index(e->node->name); }

/* Numbers of an external ref: the layout keeps whole words, so an odd
 * count shows as a zero last number (as etf.c reads it back). */
static size_t ext_ref_count(const term_external_t *e)
{
    size_t n = (size_t)(hdr_arity(e->header) - 2) * 2;
    if (n > 0 && e->data[n - 1] == 0) n--;
    return n;
}

/* ---- the walk ---- */

typedef enum {
    W_TERM,      /* print t */
    W_TEXT,      /* append s */
    W_SEQ,       /* p[0..n), comma before each */
    W_LIST_TAIL, /* the rest t of a list after an element */
    W_MAP,       /* flatmap pairs keys p[0..n), values q[0..n), comma before each */
} wop_t;

typedef struct {
    wop_t op;
    term t;
    const term *p, *q;
    size_t n;
    const char *s;
} witem_t;

typedef struct {
    witem_t *v;
    size_t n, cap;
} wstack_t;

static void push(wstack_t *w, witem_t it)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 32;
        witem_t *nv = realloc(w->v, w->cap * sizeof *nv);
        if (!nv) laser_oom("printing a term", w->cap * sizeof *nv);
        w->v = nv;
    }
    w->v[w->n++] = it;
}

static void push_text(wstack_t *w, const char *s) { push(w, (witem_t){.op = W_TEXT, .s = s}); }

/* Print one term; a composite term prints its opening and pushes its
 * parts, so print_one never recurses into them (deep terms are safe). */
static void print_one(print_buf_t *b, wstack_t *w, term t)
{
    if (!term_is_value(t)) {
        print_str(b, "<TNV>");
        return;
    }
    switch (t & TAG_PRIMARY_MASK) {
    case TAG_PRIMARY_LIST:
        if (is_printable_string(t)) {
            print_string(b, t);
        } else {
            print_char(b, '[');
            push_text(w, "]");
            push(w, (witem_t){.op = W_LIST_TAIL, .t = term_cdr(t)});
            push(w, (witem_t){.op = W_TERM, .t = term_car(t)});
        }
        return;
    case TAG_PRIMARY_BOXED: break;
    default:
        if (term_is_nil(t)) print_str(b, "[]");
        else if (term_is_atom(t)) print_atom(b, t);
        else if (term_is_small(t)) {
            char s[24];
            print_bytes(b, s, (size_t)snprintf(s, sizeof s, "%" PRId64, term_to_small(t)));
        } else if (term_is_local_pid(t)) {
            uint32_t nums[2] = {pid_number(t), pid_serial(t)};
            print_u32_seq(b, "<", 0, nums, 2, false);
        } else if (term_is_local_port(t)) {
            print_str(b, "#Port<0.");
            print_fmt_u64(b, term_port_data(t));
            print_char(b, '>');
        } else if (term_is_catch(t)) {
            print_str(b, "<catch>");
        } else {
            print_str(b, "<unknown>");
        }
        return;
    }
    term *hp = term_boxed_ptr(t);
    switch (hdr_subtag(hp[0])) {
    case HDR_TUPLE:
        print_char(b, '{');
        push_text(w, "}");
        if (hdr_arity(hp[0])) {
            push(w, (witem_t){.op = W_SEQ, .p = hp + 2, .n = hdr_arity(hp[0]) - 1});
            push(w, (witem_t){.op = W_TERM, .t = hp[1]});
        }
        return;
    case HDR_POS_BIG:
    case HDR_NEG_BIG: {
        char *s = int_to_text(t, 10);
        if (!s) laser_oom("printing a bignum", 0);
        print_str(b, s);
        free(s);
        return;
    }
    case HDR_FLOAT: {
        char s[64];
        int n = flt_printf_e(term_float_val(t), 6, s, sizeof s);
        print_bytes(b, s, n > 0 ? (size_t)n : 0);
        return;
    }
    case HDR_REF: {
        const uint32_t *nums = term_ref_numbers(t);
        print_u32_seq(b, "#Ref<", 0, nums, REF_NUMBERS, true);
        return;
    }
    case HDR_EXT_REF: {
        const term_external_t *e = (const term_external_t *)hp;
        print_u32_seq(b, "#Ref<", channel(e), e->data, ext_ref_count(e), true);
        return;
    }
    case HDR_EXT_PID: {
        const term_external_t *e = (const term_external_t *)hp;
        print_u32_seq(b, "<", channel(e), e->data, 2, false);
        return;
    }
    case HDR_EXT_PORT: {
        const term_external_t *e = (const term_external_t *)hp;
        print_str(b, "#Port<");
        print_fmt_u64(b, channel(e));
        print_char(b, '.');
        print_fmt_u64(b, (uint64_t)e->data[1] << 32 | e->data[0]);
        print_char(b, '>');
        return;
    }
    case HDR_REFC_BIN:
    case HDR_HEAP_BIN:
    case HDR_SUB_BIN: print_binary(b, t); return;
    case HDR_FUN: {
        const term_fun_t *f = (const term_fun_t *)hp;
        size_t n;
        const uint8_t *name = atom_text(f->entry->module, &n);
        char s[32];
        print_str(b, "#Fun<");
        print_bytes(b, name, n);
        print_bytes(b, s, (size_t)snprintf(s, sizeof s, ".%" PRId32 ".%" PRId32 ">", (int32_t)f->entry->old_index,
                                            (int32_t)f->entry->old_uniq));
        return;
    }
    case HDR_EXPORT: {
        const export_entry_t *ep = ((const term_export_t *)hp)->ep;
        print_str(b, "fun ");
        print_atom(b, ep->module);
        print_char(b, ':');
        print_atom(b, ep->function);
        print_char(b, '/');
        print_fmt_u64(b, ep->arity);
        return;
    }
    case HDR_MAP: {
        /* Word 1 of every map object is small(payload << 2 | kind), see
         * map.c: kind 3 flatmap, 2 and 1 HAMT heads (bitmap / all 16
         * slots), 0 inner node; payload is the size or the bitmap. */
        uint64_t info = (uint64_t)term_to_small(hp[1]);
        unsigned kind = (unsigned)(info & 3);
        uint64_t payload = info >> 2;
        if (kind == 3) {
            print_str(b, "#{");
            push_text(w, "}");
            if (payload) push(w, (witem_t){.op = W_MAP, .p = map_flat_keys(t), .q = map_flat_vals(t), .n = payload, .s = ""});
            return;
        }
        char s[32];
        print_bytes(b, s, (size_t)snprintf(s, sizeof s, "%s<%" PRIx64 ">{", kind == 0 ? "" : "#", payload & 0xFFFF));
        push_text(w, "}");
        size_t nkids = (size_t)__builtin_popcount((unsigned)(payload & 0xFFFF));
        const term *kids = hp + (kind == 0 ? 2 : 3);
        if (nkids) {
            push(w, (witem_t){.op = W_SEQ, .p = kids + 1, .n = nkids - 1});
            push(w, (witem_t){.op = W_TERM, .t = kids[0]});
        }
        return;
    }
    case HDR_MATCHSTATE: print_str(b, "#MatchState"); return;
    default: print_str(b, "<unknown>"); return;
    }
}

void print_term(print_buf_t *b, term t)
{
    wstack_t w = {0};
    push(&w, (witem_t){.op = W_TERM, .t = t});
    while (w.n) {
        witem_t it = w.v[--w.n];
        switch (it.op) {
        case W_TERM: print_one(b, &w, it.t); break;
        case W_TEXT: print_str(b, it.s); break;
        case W_SEQ:
            if (it.n) {
                print_char(b, ',');
                push(&w, (witem_t){.op = W_SEQ, .p = it.p + 1, .n = it.n - 1});
                print_one(b, &w, it.p[0]);
            }
            break;
        case W_LIST_TAIL:
            if (term_is_list(it.t)) {
                print_char(b, ',');
                push(&w, (witem_t){.op = W_LIST_TAIL, .t = term_cdr(it.t)});
                print_one(b, &w, term_car(it.t));
            } else if (!term_is_nil(it.t)) {
                print_char(b, '|');
                print_one(b, &w, it.t);
            }
            break;
        case W_MAP:
            if (it.n) {
                print_str(b, it.s); /* "" before the first pair, "," before the others */
                push(&w, (witem_t){.op = W_MAP, .p = it.p + 1, .q = it.q + 1, .n = it.n - 1, .s = ","});
                push(&w, (witem_t){.op = W_TERM, .t = it.q[0]});
                push_text(&w, "=>");
                print_one(b, &w, it.p[0]);
            }
            break;
        }
    }
    free(w.v);
}

/* ---- output ---- */

void print_write(FILE *f, const char *text, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] != '\n') continue;
        fwrite(text + start, 1, i - start, f);
        fwrite("\r\n", 1, 2, f);
        start = i + 1;
    }
    fwrite(text + start, 1, n - start, f);
    fflush(f);
}

void print_display(term t)
{
    print_buf_t b = {0};
    print_term(&b, t);
    print_char(&b, '\n');
    print_write(stdout, b.data, b.size);
    print_buf_free(&b);
}
