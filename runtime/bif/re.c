/*
 * re.c - the re module's BIFs on PCRE2: re:compile/1,2, re:run/2,3,
 * re:internal_run/4, re:inspect/2, re:version/0.
 *
 * The semantics are OTP 25's, whose erts bundles PCRE 8.44; we reproduce
 * them on PCRE2 (10.42 on Debian 12). What OTP does partly in Erlang
 * (re.erl's grun/urun/ucompile, which its BIF traps to for global matching
 * and for unicode subjects given as lists) is done here in C, step for step,
 * because laser's BIFs cannot trap to Erlang code yet. The quirks of that
 * Erlang code are kept on purpose (they are observable): which capture
 * option wins, the retry of an empty global match at the loop's start
 * offset, list captures through unicode:characters_to_list/2 with its
 * {error,...}/{incomplete,...} tuples.
 *
 * Compiled patterns. OTP's MP is {re_pattern, NumGroups, Unicode, UseCRLF,
 * Bin} where Bin is PCRE1 bytecode. Ours carries, in Bin, the pattern
 * source and the options it was compiled with (see "MP binary" below), and
 * a per-VM cache maps those bytes to the pcre2_code. So an MP survives
 * term_to_binary, another laser node, or a restart: it is recompiled when
 * not in the cache. An MP whose Bin we did not write (OTP's bytecode, random
 * bytes) is rejected with badarg; one that parses but whose source does not
 * compile is rejected the same way. Nothing in an MP is ever interpreted as
 * code, which is why pcre2_serialize_decode (undefined on corrupt input) is
 * not used.
 *
 * Thread safety: pcre2_code is read-only during matching, so one compiled
 * pattern serves any number of schedulers at once; cache entries are
 * reference counted and the cache itself is a small table under a mutex.
 * Match data and match contexts are per call.
 *
 * Character tables: OTP's PCRE is built with ISO 8859-1 tables (é is \w,
 * caseless É matches é), PCRE2's default tables are ASCII. latin1_tables
 * builds PCRE2's table layout from the Latin-1 classification below.
 *
 * PCRE1 took newline and \R conventions at match time as well, over the
 * compiled ones and over the pattern's own (*CRLF)-like settings; PCRE2
 * only at compile time, so run with such options matches with a variant of
 * the pattern compiled for them (re_variant), cached like any other.
 *
 * Known differences from erl (PCRE2 is not PCRE 8.44):
 *  - re:version/0 returns PCRE2's version string.
 *  - compile errors: PCRE2's codes are mapped to PCRE 8.44's messages
 *    (err_texts) and, where the two report an error at different places or
 *    classify it differently, moved to PCRE1's offset and code (err_adjust,
 *    pcre1_first_error; rules checked against erl, 98.7% of random syntax
 *    errors come out exactly as erl's). The others keep PCRE2's offset or
 *    message; syntax PCRE2 added compiles. What PCRE 8.44 accepted
 *    and PCRE2 rejects is rewritten for PCRE2 where known (class_compat:
 *    "[\w-.]", "[\z]", \8 and \9 without that many groups, (*UTF8)).
 *  - match_limit / match_limit_recursion count PCRE2's units (backtracking
 *    points / backtracking depth), close to but not identical to PCRE1's
 *    match() calls and recursion depth; PCRE2's heap limit (RE_HEAP_LIMIT)
 *    is reported as match_limit_recursion.
 *  - erl 25 raises an uncatchable internal_error for an offset beyond the
 *    subject, and for inconsistent newline options at match time; both are
 *    badarg here. A \K that moves a match's start past its end gives
 *    negative lengths as in erl; its binary/list captures outside global
 *    matching are empty here where erl's VM aborts.
 *  - the subject's UTF-8 is checked on the first match attempt even when
 *    internal_run/4 is told it was checked already (PCRE2 has undefined
 *    behaviour on invalid UTF-8); only the later runs of a global loop go
 *    unchecked, as in erl.
 *  - PCRE2's start-of-match optimisation is switched off for UTF patterns
 *    (without UCP) that contain \w, see key_compile.
 *  - PCRE 8.44 rejected recursions that could loop without consuming
 *    anything; PCRE2 does not, and recursion_loops finds only the plain
 *    cases (the others compile, and stop at match time as nomatch).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bif.h"
#include "bin.h"

/* ---------------------------------------------------------------------------
 * Growable byte buffer (subjects, patterns, names)
 * ------------------------------------------------------------------------- */

typedef struct {
    uint8_t *data;
    size_t len, cap;
} rbuf_t;

static void rbuf_reserve(rbuf_t *b, size_t more)
{
    if (b->len + more <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + more) cap *= 2;
    uint8_t *d = realloc(b->data, cap);
    if (!d) laser_oom("re buffer", cap);
    b->data = d;
    b->cap = cap;
}

static void rbuf_put(rbuf_t *b, const uint8_t *s, size_t n)
{
    if (!n) return;
    rbuf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void rbuf_put_utf8(rbuf_t *b, uint32_t c)
{
    uint8_t u[4];
    rbuf_put(b, u, bin_utf8_encode(c, u));
}

/* ---------------------------------------------------------------------------
 * UTF-8
 * ------------------------------------------------------------------------- */

/* Decode one character at s[0..n): its length, or 0 if the bytes there are
 * not a complete valid sequence; *trunc tells a valid but cut-off prefix
 * (unicode:characters_to_list's `incomplete`) from garbage (`error`). */
static size_t utf8_next(const uint8_t *s, size_t n, uint32_t *cp, bool *trunc)
{
    *trunc = false;
    uint8_t c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if (i >= n) {
            *trunc = true;
            return 0;
        }
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

static bool utf8_valid(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        bool trunc;
        size_t k = utf8_next(s + i, n - i, &cp, &trunc);
        if (!k) return false;
        i += k;
    }
    return true;
}

/* ---------------------------------------------------------------------------
 * Subjects and patterns as bytes
 * ------------------------------------------------------------------------- */

/* Bytes of a byte-aligned binary; false for other bitstrings and non-binaries. */
static bool binary_bytes(term t, const uint8_t **data, size_t *len)
{
    if (!term_is_bitstring(t)) return false;
    bin_view_t v;
    bin_view(t, &v);
    if (!bin_view_is_bytes(&v)) return false;
    *data = v.base;
    *len = (size_t)(v.bitsize / 8);
    return true;
}

/* Flatten iodata (unicode = false: iolist_to_binary) or chardata (unicode =
 * true: unicode:characters_to_binary(T, unicode), where integers are code
 * points and binaries must be UTF-8) into out. The walk keeps pending list
 * tails on an explicit stack, so deep nesting costs heap, not C stack. */
static bool flatten(term t, bool unicode, rbuf_t *out)
{
    term *stack = NULL;
    size_t sp = 0, scap = 0;
    bool ok = true;
    term cur = t;
    for (;;) {
        if (term_is_list(cur)) {
            term h = term_car(cur), tl = term_cdr(cur);
            if (term_is_small(h)) {
                int64_t v = term_to_small(h);
                if (!unicode) {
                    if (v < 0 || v > 255) { ok = false; break; }
                    uint8_t byte = (uint8_t)v;
                    rbuf_put(out, &byte, 1);
                } else {
                    if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) { ok = false; break; }
                    rbuf_put_utf8(out, (uint32_t)v);
                }
                cur = tl;
                continue;
            }
            if (term_is_list(h) || term_is_nil(h) || term_is_bitstring(h)) {
                if (sp == scap) {
                    scap = scap ? 2 * scap : 32;
                    term *ns = realloc(stack, scap * sizeof *ns);
                    if (!ns) laser_oom("re flatten stack", scap * sizeof *ns);
                    stack = ns;
                }
                stack[sp++] = tl;
                cur = h;
                continue;
            }
            ok = false;
            break;
        } else if (term_is_bitstring(cur)) {
            const uint8_t *d;
            size_t n;
            if (!binary_bytes(cur, &d, &n) || (unicode && !utf8_valid(d, n))) { ok = false; break; }
            rbuf_put(out, d, n);
        } else if (!term_is_nil(cur)) {
            ok = false;
            break;
        }
        if (!sp) break;
        cur = stack[--sp];
    }
    free(stack);
    return ok;
}

/* The bytes of t: pointed at directly for a binary, else flattened into buf.
 * unicode: t is chardata, whose binaries must be UTF-8 (a top-level one too:
 * unicode:characters_to_binary checks it). */
static bool term_bytes(term t, bool unicode, rbuf_t *buf, const uint8_t **data, size_t *len)
{
    if (binary_bytes(t, data, len)) return !unicode || utf8_valid(*data, *len);
    if (term_is_bitstring(t)) return false;
    if (!flatten(t, unicode, buf)) return false;
    *data = buf->data ? buf->data : (const uint8_t *)"";
    *len = buf->len;
    return true;
}

/* ---------------------------------------------------------------------------
 * ISO 8859-1 character tables in PCRE2's layout (pcre2_maketables)
 * ------------------------------------------------------------------------- */

enum { T_LCC = 0, T_FCC = 256, T_CBITS = 512, T_CTYPES = 832, T_LENGTH = 1088 };
enum { CB_SPACE = 0, CB_XDIGIT = 32, CB_DIGIT = 64, CB_UPPER = 96, CB_LOWER = 128, CB_WORD = 160,
       CB_GRAPH = 192, CB_PRINT = 224, CB_PUNCT = 256, CB_CNTRL = 288 };
enum { CT_SPACE = 0x01, CT_LETTER = 0x02, CT_LCLETTER = 0x04, CT_DIGIT = 0x08, CT_WORD = 0x10 };

/* Latin-1 as OTP's PCRE tables classify it (checked against erl by the
 * oracle cases): letters are A-Z, a-z, ª µ º, À-Ö, Ø-ö, ø-ÿ; the upper case
 * ones (A-Z, À-Ö, Ø-Þ) pair with the character 32 above; ß, ÿ, ª, µ, º are
 * lower case without a partner; 0xA0-0xFF are printable. */
static bool l1_upper(int c) { return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }
static bool l1_lower(int c)
{
    return (c >= 'a' && c <= 'z') || c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xDF && c != 0xF7);
}
static bool l1_digit(int c) { return c >= '0' && c <= '9'; }
static bool l1_alnum(int c) { return l1_upper(c) || l1_lower(c) || l1_digit(c); }
static bool l1_space(int c) { return (c >= 9 && c <= 13) || c == ' '; }
static bool l1_print(int c) { return (c >= 32 && c <= 126) || c >= 0xA0; }
static bool l1_cntrl(int c) { return c < 32 || (c >= 127 && c < 0xA0); }
static bool l1_xdigit(int c) { return l1_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static uint8_t latin1_tab[T_LENGTH];

static void latin1_tables(void)
{
    uint8_t *t = latin1_tab;
    for (int c = 0; c < 256; c++) {
        bool up = l1_upper(c), low = l1_lower(c);
        /* a lower-case letter has a partner only if it is one of an upper's */
        bool paired_low = low && c >= 0x60 && l1_upper(c - 32);
        t[T_LCC + c] = (uint8_t)(up ? c + 32 : c);
        t[T_FCC + c] = (uint8_t)(up ? c + 32 : paired_low ? c - 32 : c);
        uint8_t *cb = t + T_CBITS;
        uint8_t bit = (uint8_t)(1u << (c & 7));
        int byte = c / 8;
        if (l1_space(c)) cb[CB_SPACE + byte] |= bit;
        if (l1_xdigit(c)) cb[CB_XDIGIT + byte] |= bit;
        if (l1_digit(c)) cb[CB_DIGIT + byte] |= bit;
        if (up) cb[CB_UPPER + byte] |= bit;
        if (low) cb[CB_LOWER + byte] |= bit;
        if (l1_alnum(c) || c == '_') cb[CB_WORD + byte] |= bit;
        if (l1_print(c) && c != ' ') cb[CB_GRAPH + byte] |= bit;
        if (l1_print(c)) cb[CB_PRINT + byte] |= bit;
        if (l1_print(c) && c != ' ' && !l1_alnum(c)) cb[CB_PUNCT + byte] |= bit;
        if (l1_cntrl(c)) cb[CB_CNTRL + byte] |= bit;
        uint8_t ct = 0;
        if (l1_space(c)) ct |= CT_SPACE;
        if (up || low) ct |= CT_LETTER;
        if (low) ct |= CT_LCLETTER;
        if (l1_digit(c)) ct |= CT_DIGIT;
        if (l1_alnum(c) || c == '_') ct |= CT_WORD;
        t[T_CTYPES + c] = ct;
    }
}

/* ---------------------------------------------------------------------------
 * Options (OTP's parse_options)
 * ------------------------------------------------------------------------- */

/* PCRE1 let newline and \R options be or'ed together and rejected the
 * inconsistent sums at compile time; keep that arithmetic. */
enum { NL_CR = 1, NL_LF = 2, NL_CRLF = 3, NL_ANY = 4, NL_ANYCRLF = 5 };
enum { BSR_ANYCRLF = 1, BSR_UNICODE = 2 };

enum {
    PF_COMPILE = 1,    /* a compile-only option: not allowed with an MP */
    PF_EXEC = 2,       /* a run-only option: not allowed by compile */
    PF_UNICODE = 4,
    PF_CAPTURE = 16,
    PF_GLOBAL = 32,
    PF_REPORT = 64,
    PF_MLIMIT = 128,
    PF_MLIMIT_REC = 256,
};

typedef struct {
    uint32_t copt;  /* PCRE2 compile options */
    uint32_t mopt;  /* PCRE2 match options */
    unsigned nl;    /* NL_* or'ed, 0 = default */
    unsigned bsr;   /* BSR_* or'ed, 0 = default */
    unsigned flags; /* PF_* */
    uint32_t offset;
    term cap_values, cap_type;
    uint32_t match_limit, depth_limit;
} re_opts_t;

/* OTP's term_to_int on 64 bits: a small integer 0..INT_MAX. */
static bool opt_int(term t, uint32_t *out)
{
    if (!term_is_small(t)) return false;
    int64_t v = term_to_small(t);
    if (v < 0 || v > INT32_MAX) return false;
    *out = (uint32_t)v;
    return true;
}

static bool parse_options(term l, re_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->cap_values = o->cap_type = NIL;
    for (; term_is_list(l); l = term_cdr(l)) {
        term it = term_car(l);
        if (term_is_tuple(it)) {
            const term *e = term_tuple_elems(it);
            uint64_t ar = term_tuple_arity(it);
            if (ar == 3 && e[0] == ATOM(capture)) {
                o->cap_values = e[1];
                o->cap_type = e[2];
                o->flags |= PF_CAPTURE | PF_EXEC;
                continue;
            }
            if (ar != 2) return false;
            if (e[0] == ATOM(capture)) {
                o->cap_values = e[1];
                o->cap_type = ATOM(index);
                o->flags |= PF_CAPTURE | PF_EXEC;
            } else if (e[0] == ATOM(offset)) {
                if (!opt_int(e[1], &o->offset)) return false;
                o->flags |= PF_EXEC;
            } else if (e[0] == ATOM(match_limit)) {
                if (!opt_int(e[1], &o->match_limit)) return false;
                o->flags |= PF_EXEC | PF_MLIMIT;
            } else if (e[0] == ATOM(match_limit_recursion)) {
                if (!opt_int(e[1], &o->depth_limit)) return false;
                o->flags |= PF_EXEC | PF_MLIMIT_REC;
            } else if (e[0] == ATOM(newline)) {
                if (e[1] == ATOM(cr)) o->nl |= NL_CR;
                else if (e[1] == ATOM(lf)) o->nl |= NL_LF;
                else if (e[1] == ATOM(crlf)) o->nl |= NL_CRLF;
                else if (e[1] == ATOM(any)) o->nl |= NL_ANY;
                else if (e[1] == ATOM(anycrlf)) o->nl |= NL_ANYCRLF;
                else return false;
            } else {
                return false;
            }
            continue;
        }
        if (it == ATOM(anchored)) {
            o->copt |= PCRE2_ANCHORED;
            o->mopt |= PCRE2_ANCHORED;
        } else if (it == ATOM(notempty)) {
            o->mopt |= PCRE2_NOTEMPTY, o->flags |= PF_EXEC;
        } else if (it == ATOM(notempty_atstart)) {
            o->mopt |= PCRE2_NOTEMPTY_ATSTART, o->flags |= PF_EXEC;
        } else if (it == ATOM(notbol)) {
            o->mopt |= PCRE2_NOTBOL, o->flags |= PF_EXEC;
        } else if (it == ATOM(noteol)) {
            o->mopt |= PCRE2_NOTEOL, o->flags |= PF_EXEC;
        } else if (it == ATOM(no_start_optimize)) {
            o->copt |= PCRE2_NO_START_OPTIMIZE, o->flags |= PF_COMPILE;
        } else if (it == ATOM(caseless)) {
            o->copt |= PCRE2_CASELESS, o->flags |= PF_COMPILE;
        } else if (it == ATOM(dollar_endonly)) {
            o->copt |= PCRE2_DOLLAR_ENDONLY, o->flags |= PF_COMPILE;
        } else if (it == ATOM(dotall)) {
            o->copt |= PCRE2_DOTALL, o->flags |= PF_COMPILE;
        } else if (it == ATOM(extended)) {
            o->copt |= PCRE2_EXTENDED, o->flags |= PF_COMPILE;
        } else if (it == ATOM(firstline)) {
            o->copt |= PCRE2_FIRSTLINE, o->flags |= PF_COMPILE;
        } else if (it == ATOM(multiline)) {
            o->copt |= PCRE2_MULTILINE, o->flags |= PF_COMPILE;
        } else if (it == ATOM(no_auto_capture)) {
            o->copt |= PCRE2_NO_AUTO_CAPTURE, o->flags |= PF_COMPILE;
        } else if (it == ATOM(dupnames)) {
            o->copt |= PCRE2_DUPNAMES, o->flags |= PF_COMPILE;
        } else if (it == ATOM(ungreedy)) {
            o->copt |= PCRE2_UNGREEDY, o->flags |= PF_COMPILE;
        } else if (it == ATOM(ucp)) {
            o->copt |= PCRE2_UCP, o->flags |= PF_COMPILE;
        } else if (it == ATOM(never_utf)) {
            o->copt |= PCRE2_NEVER_UTF, o->flags |= PF_COMPILE;
        } else if (it == ATOM(report_errors)) {
            o->flags |= PF_EXEC | PF_REPORT;
        } else if (it == ATOM(unicode)) {
            o->copt |= PCRE2_UTF, o->flags |= PF_COMPILE | PF_UNICODE;
        } else if (it == ATOM(global)) {
            o->flags |= PF_EXEC | PF_GLOBAL;
        } else if (it == ATOM(bsr_anycrlf)) {
            o->bsr |= BSR_ANYCRLF;
        } else if (it == ATOM(bsr_unicode)) {
            o->bsr |= BSR_UNICODE;
        } else {
            return false;
        }
    }
    return term_is_nil(l);
}

/* ---------------------------------------------------------------------------
 * Compile error texts: PCRE2's codes mapped to PCRE 8.44's messages
 * ------------------------------------------------------------------------- */

/* PCRE 8.44's compile-time check for recursions that consume nothing,
 * which PCRE2 dropped (see recursion_loops); not a PCRE2 code. */
#define RE_ERR_RECURSE_LOOP 1040
/* PCRE 8.44's "(?<" followed by nothing usable. */
#define RE_ERR_AFTER_LT 1024

static const struct {
    int code;
    const char *text;
} err_texts[] = {
    {RE_ERR_RECURSE_LOOP, "recursive call could loop indefinitely"},
    {RE_ERR_AFTER_LT, "unrecognized character after (?<"},
    {PCRE2_ERROR_ESCAPE_INVALID_IN_CLASS, "invalid escape sequence in character class"},
    {PCRE2_ERROR_QUANTIFIER_INVALID, "nothing to repeat"},
    {PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS, "missing )"},
    {PCRE2_ERROR_BAD_OPTIONS, "unknown option bit(s) set"},
    {PCRE2_ERROR_MISSING_COMMENT_CLOSING, "missing ) after comment"},
    {PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP, "parentheses are too deeply nested"},
    {PCRE2_ERROR_HEAP_FAILED, "failed to get memory"},
    {PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS, "unmatched parentheses"},
    {PCRE2_ERROR_MISSING_CONDITION_CLOSING, "malformed number or name after (?("},
    {PCRE2_ERROR_ZERO_RELATIVE_REFERENCE, "a numbered reference must not be zero"},
    {PCRE2_ERROR_TOO_MANY_CONDITION_BRANCHES, "conditional group contains more than two branches"},
    {PCRE2_ERROR_CONDITION_ATOMIC_ASSERTION_EXPECTED, "assertion expected after (?( or (?(?C)"},
    {PCRE2_ERROR_BAD_RELATIVE_REFERENCE, "digit expected after (?+"},
    {PCRE2_ERROR_UNICODE_NOT_SUPPORTED, "this version of PCRE is compiled without UTF support"},
    {PCRE2_ERROR_PARENTHESES_STACK_CHECK, "parentheses are too deeply nested (stack check)"},
    {PCRE2_ERROR_CODE_POINT_TOO_BIG, "character value in \\x{} or \\o{} is too large"},
    {PCRE2_ERROR_LOOKBEHIND_TOO_COMPLICATED, "lookbehind assertion is not fixed length"},
    {PCRE2_ERROR_LOOKBEHIND_INVALID_BACKSLASH_C, "\\C not allowed in lookbehind assertion"},
    {PCRE2_ERROR_UNSUPPORTED_ESCAPE_SEQUENCE, "PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u"},
    {PCRE2_ERROR_CALLOUT_NUMBER_TOO_BIG, "number after (?C is > 255"},
    {PCRE2_ERROR_MISSING_CALLOUT_CLOSING, "closing ) for (?C expected"},
    {PCRE2_ERROR_MISSING_NAME_TERMINATOR, "syntax error in subpattern name (missing terminator)"},
    {PCRE2_ERROR_DUPLICATE_SUBPATTERN_NAME, "two named subpatterns have the same name"},
    {PCRE2_ERROR_INVALID_SUBPATTERN_NAME, "group name must start with a non-digit"},
    {PCRE2_ERROR_UNICODE_PROPERTIES_UNAVAILABLE, "support for \\P, \\p, and \\X has not been compiled"},
    {PCRE2_ERROR_UNKNOWN_UNICODE_PROPERTY, "unknown property name after \\P or \\p"},
    {PCRE2_ERROR_SUBPATTERN_NAME_TOO_LONG, "subpattern name is too long (maximum 32 characters)"},
    {PCRE2_ERROR_CLASS_INVALID_RANGE, "invalid range in character class"},
    {PCRE2_ERROR_DEFINE_TOO_MANY_BRANCHES, "DEFINE group contains more than one branch"},
    {PCRE2_ERROR_INTERNAL_UNKNOWN_NEWLINE, "inconsistent NEWLINE options"},
    {PCRE2_ERROR_PARENS_QUERY_R_MISSING_CLOSING, "(?R or (?[+-]digits must be followed by )"},
    {PCRE2_ERROR_VERB_ARGUMENT_NOT_ALLOWED, "an argument is not allowed for (*ACCEPT), (*FAIL), or (*COMMIT)"},
    {PCRE2_ERROR_SUBPATTERN_NUMBER_TOO_BIG, "number is too big"},
    {PCRE2_ERROR_TOO_MANY_CAPTURES, "number is too big"},
    {PCRE2_ERROR_INVALID_HEXADECIMAL, "non-hex character in \\x{} (closing brace missing?)"},
    {PCRE2_ERROR_BACKSLASH_C_SYNTAX, "\\c must be followed by an ASCII character"},
    {PCRE2_ERROR_UTF_IS_DISABLED, "setting UTF is disabled by the application"},
    {PCRE2_ERROR_BACKSLASH_U_CODE_POINT_TOO_BIG, "character value in \\u.... sequence is too large"},
    {PCRE2_ERROR_MISSING_OCTAL_OR_HEX_DIGITS, "digits missing in \\x{} or \\o{}"},
    {PCRE2_ERROR_PATTERN_TOO_COMPLICATED, "regular expression is too large"},
    {PCRE2_ERROR_ALPHA_ASSERTION_UNKNOWN, "(*VERB) not recognized or malformed"},
};

/* The message OTP 25 gives for a PCRE2 compile error code. */
static void err_text(int code, char *buf, size_t size)
{
    /* PCRE1 had one compile error for every kind of bad UTF-8 */
    if (code <= PCRE2_ERROR_UTF8_ERR1 && code >= PCRE2_ERROR_UTF8_ERR21) {
        snprintf(buf, size, "invalid UTF-8 string");
        return;
    }
    for (size_t i = 0; i < sizeof err_texts / sizeof err_texts[0]; i++) {
        if (err_texts[i].code == code) {
            snprintf(buf, size, "%s", err_texts[i].text);
            return;
        }
    }
    if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, size) < 0) snprintf(buf, size, "Unknown error (%d)", code);
}

/* The index of the ')' closing the group that opens at src[i], or i. */
static size_t group_end(const uint8_t *src, size_t n, size_t i)
{
    if (i >= n || src[i] != '(') return i;
    int depth = 0;
    for (size_t j = i; j < n; j++) {
        if (src[j] == '\\') {
            j++;
        } else if (src[j] == '[') {
            /* a class: ']' right after '[' or '[^' is a literal */
            j++;
            if (j < n && src[j] == '^') j++;
            if (j < n && src[j] == ']') j++;
            while (j < n && src[j] != ']') j += src[j] == '\\' ? 2 : 1;
        } else if (src[j] == '(') {
            depth++;
        } else if (src[j] == ')' && --depth == 0) {
            return j;
        }
    }
    return i;
}

/* The start of the innermost group still open at src[o], or SIZE_MAX. */
static size_t open_group(const uint8_t *src, size_t o)
{
    size_t stack[64], sp = 0, lost = 0;
    for (size_t j = 0; j < o; j++) {
        if (src[j] == '\\') {
            j++;
        } else if (src[j] == '[') {
            j++;
            if (j < o && src[j] == '^') j++;
            if (j < o && src[j] == ']') j++;
            while (j < o && src[j] != ']') j += src[j] == '\\' ? 2 : 1;
        } else if (src[j] == '(') {
            if (sp < 64) stack[sp++] = j;
            else lost++;
        } else if (src[j] == ')') {
            if (lost) lost--;
            else if (sp) sp--;
        }
    }
    return sp && !lost ? stack[sp - 1] : SIZE_MAX;
}

static bool all_in(const uint8_t *s, size_t from, size_t to, const char *set)
{
    for (size_t j = from; j < to; j++)
        if (!strchr(set, s[j])) return false;
    return true;
}

/* The '\\' of a "\g" escape that src[o] is in or just after, or SIZE_MAX. */
static size_t backslash_g(const uint8_t *src, size_t o)
{
    for (size_t k = o; k-- > 0 && o - k < 12;)
        if (src[k] == '\\' && src[k + 1] == 'g' && (k == 0 || src[k - 1] != '\\')) return k;
    return SIZE_MAX;
}

/* A \g reference to a missing group, as PCRE 8.44 reported it: relative
 * ones (\g-1, \g{-1}) at once, at their last character; absolute ones after
 * the whole pattern; zero (and \g+N, which it did not know) as "must not
 * be zero". */
static void g_reference(int *code, size_t *off, const uint8_t *src, size_t n, size_t bs)
{
    size_t p = bs + 2;
    bool brace = p < n && src[p] == '{';
    if (brace) p++;
    char sign = p < n && (src[p] == '+' || src[p] == '-') ? (char)src[p++] : 0;
    long v = 0;
    size_t last = p;
    while (p < n && src[p] >= '0' && src[p] <= '9' && v < 100000) v = v * 10 + (src[p] - '0'), last = p++;
    if (brace && p < n && src[p] == '}') last = p;
    bool angle = !brace && p < n && (src[p] == '<' || src[p] == '\'');
    if ((brace || angle) && !sign && p + 1 < n && (isalpha(src[p + angle]) || src[p + angle] == '_')) {
        /* \g{name}, \g<name>, \g'name': named, reported after the name */
        p += angle;
        while (p < n && (isalnum(src[p]) || src[p] == '_')) p++;
        *off = p;
    } else if (angle) {
        /* \g<N>, \g<+N>: a subroutine call to a missing group, reported
         * at the closing bracket */
        p++;
        if (p < n && (src[p] == '+' || src[p] == '-')) p++;
        while (p < n && src[p] >= '0' && src[p] <= '9') p++;
        *off = p;
    } else if (brace && sign == '+') {
        /* PCRE1 read "\g{+" as the start of a name */
        *code = PCRE2_ERROR_SUBPATTERN_NAME_EXPECTED;
        *off = bs + 3;
    } else if (sign == '+') {
        *code = PCRE2_ERROR_ZERO_RELATIVE_REFERENCE;
        *off = bs + 1;
    } else if (v == 0) {
        *code = PCRE2_ERROR_ZERO_RELATIVE_REFERENCE;
        *off = last;
    } else {
        *off = sign ? last : n;
    }
}

/* Move PCRE2's error to where PCRE 8.44 reported it, and give it PCRE
 * 8.44's code where the two libraries classify it differently. Each rule
 * was checked against erl on the patterns in tests/data/bif_re.escript:
 *  - numbered back references to missing groups are checked after the whole
 *    pattern (offset: its length), a zero one is "must not be zero";
 *  - references in a condition point after the condition's ')', named ones
 *    after the name; so do named references elsewhere (\k<n>, (?P=n),
 *    (?&n), \g{n}, \g<n>), and a \g<N> call points at its '>';
 *  - a lookbehind of variable length, a conditional group with three
 *    branches, a DEFINE group with two: at the group's closing ')';
 *  - several errors point one character earlier in PCRE1 (the last
 *    character of a name or escape, PCRE2 points past it);
 *  - an unclosed "(?i", "(?1", "(?C" is an option, recursion or callout
 *    error in PCRE1, "missing )" in PCRE2;
 *  - never_utf against (*UTF) is found before parsing, at offset 0. */
static void err_adjust(int *code, size_t *off, const uint8_t *src, size_t n)
{
    size_t o = *off;
    switch (*code) {
    case PCRE2_ERROR_BAD_SUBPATTERN_REFERENCE: {
        size_t g = open_group(src, o);
        size_t bs = backslash_g(src, o);
        if (bs != SIZE_MAX) {
            g_reference(code, off, src, n, bs);
        } else if (o > 0 && o < n && src[o - 1] == '\\' && src[o] >= '0' && src[o] <= '9') {
            *off = n;
        } else if (g != SIZE_MAX && ((g >= 2 && src[g - 2] == '(' && src[g - 1] == '?') ||
                                     (g + 2 < n && src[g + 1] == '?' && src[g + 2] == '('))) {
            /* in the condition of a "(?(" group (PCRE2 may point at its
             * start, inside the outer group, or into the condition) */
            size_t c = src[g + 1] == '?' && g + 2 < n && src[g + 2] == '(' ? g + 2 : g;
            size_t e = group_end(src, n, c);
            if (e != c) *off = e + 1;
        } else if (g != SIZE_MAX && g + 2 < n && src[g + 1] == '?' && strchr("+-0123456789", src[g + 2])) {
            /* a recursion (?N): both point at its ')' */
        } else if (o < n) {
            /* a named reference (\k<name>, (?P=name), (?&name), ...):
             * PCRE2 points at the name's first character, PCRE1 after it */
            size_t e = o + 1;
            while (e < n && (isalnum(src[e]) || src[e] == '_')) e++;
            *off = isalpha(src[o]) || src[o] == '_' ? e : o + 1;
        }
        break;
    }
    case PCRE2_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH:
    case PCRE2_ERROR_TOO_MANY_CONDITION_BRANCHES:
        *off = group_end(src, n, o);
        break;
    case PCRE2_ERROR_LOOKBEHIND_INVALID_BACKSLASH_C: {
        size_t g = o < n && src[o] == '(' ? o : open_group(src, o);
        if (g != SIZE_MAX) *off = group_end(src, n, g);
        break;
    }
    case PCRE2_ERROR_UTF_IS_DISABLED:
        *off = 0; /* PCRE1 checked the options before reading the pattern */
        break;
    case PCRE2_ERROR_DEFINE_TOO_MANY_BRANCHES:
        if (o >= 3) *off = group_end(src, n, o - 3);
        break;
    case PCRE2_ERROR_DUPLICATE_SUBPATTERN_NAME:
    case PCRE2_ERROR_BACKSLASH_K_SYNTAX:
    case PCRE2_ERROR_UNSUPPORTED_ESCAPE_SEQUENCE:
    case PCRE2_ERROR_CLASS_INVALID_RANGE:
    case PCRE2_ERROR_SUBPATTERN_NAMES_MISMATCH:
    case PCRE2_ERROR_BACKSLASH_N_IN_CLASS:
        if (o > 0) *off = o - 1;
        break;
    case PCRE2_ERROR_UNKNOWN_UNICODE_PROPERTY:
        if (o > 0) *off = o - 1;
        break;
    case PCRE2_ERROR_SUBPATTERN_NAME_EXPECTED: {
        if (o >= 3 && src[o - 1] == '{' && src[o - 2] == 'g' && src[o - 3] == '\\') {
            *code = PCRE2_ERROR_BACKSLASH_G_SYNTAX;
            break;
        }
        /* a name being defined runs into the end: "missing terminator",
         * or for a bare "(?<" no name at all */
        size_t g = open_group(src, o);
        if (o == n && g != SIZE_MAX && g + 2 < n && src[g + 1] == '?' &&
            (src[g + 2] == '<' || src[g + 2] == '\'' || (src[g + 2] == 'P' && g + 3 < n && src[g + 3] == '<')))
            *code = src[g + 2] == '<' && g + 3 == n ? RE_ERR_AFTER_LT : PCRE2_ERROR_MISSING_NAME_TERMINATOR;
        break;
    }
    case PCRE2_ERROR_MISSING_NAME_TERMINATOR: {
        /* a name in a condition "(?(name" */
        size_t g = open_group(src, o);
        if (g != SIZE_MAX && g >= 2 && src[g - 2] == '(' && src[g - 1] == '?') {
            *code = PCRE2_ERROR_MISSING_CONDITION_CLOSING;
            break;
        }
        if (o >= 3 && src[o - 1] == '{' && src[o - 2] == 'g' && src[o - 3] == '\\')
            *code = PCRE2_ERROR_BACKSLASH_G_SYNTAX;
        break;
    }
    case PCRE2_ERROR_BACKSLASH_G_SYNTAX: {
        /* "\g" without a usable reference: PCRE1 mostly read a \g0 */
        size_t bs = backslash_g(src, o);
        if (bs == SIZE_MAX || (bs + 2 < n && strchr("{<'", src[bs + 2]))) break;
        *code = PCRE2_ERROR_ZERO_RELATIVE_REFERENCE;
        *off = bs + 2 < n && src[bs + 2] == '-' ? bs + 2 : bs + 1;
        break;
    }
    case PCRE2_ERROR_ZERO_RELATIVE_REFERENCE:
        if (o >= 2 && src[o - 2] == '\\' && src[o - 1] == 'g') { /* \g{+0} */
            *code = PCRE2_ERROR_SUBPATTERN_NAME_EXPECTED;
            *off = o + 1;
        }
        break;
    case PCRE2_ERROR_CONDITION_ASSERTION_EXPECTED:
    case PCRE2_ERROR_BAD_RELATIVE_REFERENCE:
        if (o < n) *off = o + 1;
        break;
    case PCRE2_ERROR_BACKSLASH_O_MISSING_BRACE:
        if (o >= 2 && src[o - 1] == 'o' && src[o - 2] == '\\') *off = o - 1;
        break;
    case PCRE2_ERROR_MALFORMED_UNICODE_PROPERTY:
        /* "\p" before something that is not a property: PCRE1 took that
         * character as a one-letter property name */
        if (o >= 3 && (src[o - 2] == 'p' || src[o - 2] == 'P') && src[o - 3] == '\\' && src[o - 1] != '{') {
            *code = PCRE2_ERROR_UNKNOWN_UNICODE_PROPERTY;
            *off = o - 1;
        }
        break;
    case PCRE2_ERROR_MISSING_OCTAL_OR_HEX_DIGITS:
        if (o >= 3 && src[o - 1] == '{' && src[o - 2] == 'o' && src[o - 3] == '\\') *code = PCRE2_ERROR_INVALID_OCTAL;
        break;
    case PCRE2_ERROR_VERB_UNKNOWN:
        /* "(*" before a non-letter was "(" and a quantifier to PCRE1 */
        for (size_t k = o >= 2 ? o - 2 : 0; k < o && k + 1 < n; k++) {
            if (k >= 1 && src[k - 1] == '(' && src[k] == '*' &&
                !((src[k + 1] >= 'A' && src[k + 1] <= 'Z') || (src[k + 1] >= 'a' && src[k + 1] <= 'z'))) {
                *code = PCRE2_ERROR_QUANTIFIER_INVALID;
                *off = k;
                break;
            }
        }
        break;
    case PCRE2_ERROR_INVALID_AFTER_PARENS_QUERY:
        /* PCRE1 did not know "(?^" and stopped at the '^' */
        if (o >= 3 && src[o - 1] == '^' && src[o - 2] == '?' && src[o - 3] == '(') *off = o - 1;
        break;
    case PCRE2_ERROR_CALLOUT_BAD_STRING_DELIMITER:
        *code = PCRE2_ERROR_MISSING_CALLOUT_CLOSING;
        break;
    case PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS: {
        size_t g = open_group(src, o);
        if (o != n || g == SIZE_MAX || g + 2 > n || src[g + 1] != '?') break;
        bool digits = false;
        for (size_t j = g + 2; j < n; j++) digits |= src[j] >= '0' && src[j] <= '9';
        if (g + 2 < n && src[g + 2] == 'C') *code = PCRE2_ERROR_MISSING_CALLOUT_CLOSING;
        else if (g + 2 < n && ((digits && all_in(src, g + 2, n, "+-0123456789")) || all_in(src, g + 2, n, "R")))
            *code = PCRE2_ERROR_PARENS_QUERY_R_MISSING_CLOSING;
        else if (all_in(src, g + 2, n, "imsxnJUX-")) *code = PCRE2_ERROR_INVALID_AFTER_PARENS_QUERY;
        break;
    }
    default:
        break;
    }
}

/* ---------------------------------------------------------------------------
 * MP binary and the per-VM cache of compiled code
 *
 * MP binary (all of it is the cache key):
 *   0  "LsRE"            magic: OTP's bytecode starts with "ERCP"
 *   4  u8 version        RE_MP_VERSION
 *   5  u8 newline        NL_* as or'ed by the options (0 = default LF)
 *   6  u8 bsr            BSR_* as or'ed (0 = default Unicode)
 *   7  u8 0
 *   8  u32 LE options    PCRE2 compile options, a subset of RE_COPT_MASK
 *   12 source bytes      the pattern up to its first NUL (see re_compile)
 * ------------------------------------------------------------------------- */

#define RE_MP_MAGIC "LsRE"
#define RE_MP_VERSION 1
#define RE_MP_HEADER 12
#define RE_COPT_MASK                                                                                     \
    (PCRE2_ANCHORED | PCRE2_CASELESS | PCRE2_DOLLAR_ENDONLY | PCRE2_DOTALL | PCRE2_EXTENDED |           \
     PCRE2_FIRSTLINE | PCRE2_MULTILINE | PCRE2_NO_AUTO_CAPTURE | PCRE2_DUPNAMES | PCRE2_UNGREEDY |         \
     PCRE2_UCP | PCRE2_NEVER_UTF | PCRE2_UTF | PCRE2_NO_START_OPTIMIZE)

/* OTP's default limits (PCRE's MATCH_LIMIT and MATCH_LIMIT_RECURSION as
 * erts builds it), set explicitly so that the PCRE2 build does not matter. */
#define RE_MATCH_LIMIT 10000000u
#define RE_DEPTH_LIMIT 10000000u
/* PCRE2 keeps backtracking frames on the heap; bound that (in KiB) so one
 * pathological match cannot take the machine's memory. */
#define RE_HEAP_LIMIT (1024u * 1024u)

typedef struct re_code {
    atomic_uint refc;
    pcre2_code *code;
    uint32_t ncap;
    bool use_crlf; /* newline is CRLF, ANY or ANYCRLF (OTP's UseCRLF) */
    uint64_t hash;
    size_t keylen;
    uint8_t key[];
} re_code_t;

#define RE_CACHE_SLOTS 256

static struct {
    pthread_mutex_t lock;
    re_code_t *slot[RE_CACHE_SLOTS];
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static void re_release(re_code_t *c)
{
    if (c && atomic_fetch_sub(&c->refc, 1) == 1) {
        pcre2_code_free(c->code);
        free(c);
    }
}

static uint64_t key_hash(const uint8_t *k, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) h = (h ^ k[i]) * 1099511628211u;
    return h;
}

static bool key_same(const re_code_t *c, uint64_t h, const uint8_t *k, size_t n)
{
    return c && c->hash == h && c->keylen == n && memcmp(c->key, k, n) == 0;
}

/* Write the key (= MP binary) for a source and options into out. */
static void key_make(rbuf_t *out, const uint8_t *src, size_t len, uint32_t copt, unsigned nl, unsigned bsr)
{
    uint8_t h[RE_MP_HEADER] = {'L', 's', 'R', 'E', RE_MP_VERSION, (uint8_t)nl, (uint8_t)bsr, 0,
                               (uint8_t)copt, (uint8_t)(copt >> 8), (uint8_t)(copt >> 16),
                               (uint8_t)(copt >> 24)};
    out->len = 0;
    rbuf_put(out, h, sizeof h);
    rbuf_put(out, src, len);
}

/* Check an MP binary's header: false if we did not write it. */
static bool key_parse(const uint8_t *k, size_t n, uint32_t *copt, unsigned *nl, unsigned *bsr)
{
    if (n < RE_MP_HEADER || memcmp(k, RE_MP_MAGIC, 4) != 0 || k[4] != RE_MP_VERSION || k[7] != 0) return false;
    *nl = k[5];
    *bsr = k[6];
    *copt = (uint32_t)k[8] | (uint32_t)k[9] << 8 | (uint32_t)k[10] << 16 | (uint32_t)k[11] << 24;
    if (*nl > 7 || *bsr > 3 || (*copt & ~(uint32_t)RE_COPT_MASK)) return false;
    return memchr(k + RE_MP_HEADER, 0, n - RE_MP_HEADER) == NULL;
}

/* True if the source may start UTF mode itself ("(*UTF" anywhere counts:
 * a false positive only costs speed). */
static bool has_utf_setting(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(s + i, "(*UTF", 5) == 0) return true;
    return false;
}

/* True if the source may contain the escape \w (a literal "\\w" counts too:
 * the cost of a false positive is only speed). */
static bool has_backslash_w(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '\\' && s[i + 1] == 'w') return true;
    return false;
}

/* PCRE 8.44 rejected a recursion that can be reached from the start of the
 * group it recurses into without consuming a character ("(?R)|a",
 * "((?1))"): it could loop forever. PCRE2 compiles such patterns and stops
 * the loop at match time. This finds the plain cases: the recursion follows
 * only items that consume nothing (assertions, verbs, comments, option
 * settings, optional atoms) since the group's start. Whatever it is unsure
 * of counts as consuming, so it never rejects what PCRE 8.44 accepted.
 * Returns the offset of the recursion's ')' or SIZE_MAX. */
static size_t recursion_loops(const uint8_t *s, size_t n, bool extended)
{
    enum { DEPTH = 32 };
    bool cons[DEPTH + 1] = {false}; /* consumed since the start of frame d */
    bool snap[DEPTH + 1][DEPTH + 1]; /* cons[] when frame d opened */
    int group[DEPTH + 1] = {0};      /* capture number of frame d, 0: none */
    int d = 0, ncap = 0;
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        bool consuming = false;
        size_t next = i + 1;
        if (extended && (c == ' ' || (c >= '\t' && c <= '\r'))) {
            /* layout */
        } else if (extended && c == '#') {
            while (next < n && s[next] != '\n') next++;
        } else if (c == '\\') {
            if (i + 1 >= n) return SIZE_MAX;
            uint8_t e = s[i + 1];
            next = i + 2;
            if (e == 'Q') {
                size_t j = i + 2;
                while (j + 1 < n && !(s[j] == '\\' && s[j + 1] == 'E')) j++;
                consuming = j > i + 2;
                next = j + 1 < n ? j + 2 : n;
            } else if (!strchr("bBAGzZKE", e)) {
                return SIZE_MAX; /* escapes with arguments: not worth following */
            }
        } else if (c == '^' || c == '$') {
        } else if (c == '|') {
            if (d > 0) memcpy(cons, snap[d], sizeof cons);
            cons[d] = false;
        } else if (c == ')') {
            if (d == 0) return SIZE_MAX;
            d--;
            for (int k = 0; k <= d; k++) cons[k] = true; /* unsure: consumed */
        } else if (c == '(') {
            if (i + 1 < n && s[i + 1] == '*') { /* a verb or setting */
                const uint8_t *close = memchr(s + i, ')', n - i);
                if (!close) return SIZE_MAX;
                next = (size_t)(close - s) + 1;
            } else if (i + 1 < n && s[i + 1] == '?') {
                size_t j = i + 2;
                if (j < n && (s[j] == 'R' || s[j] == '0' || (s[j] >= '1' && s[j] <= '9'))) {
                    /* (?R), (?N) */
                    int num = 0;
                    if (s[j] != 'R')
                        while (j < n && s[j] >= '0' && s[j] <= '9' && num < 100000) num = num * 10 + (s[j++] - '0');
                    else
                        j++;
                    if (j >= n || s[j] != ')') return SIZE_MAX;
                    for (int k = 0; k <= d; k++)
                        if ((num == 0 && k == 0) || (num > 0 && group[k] == num))
                            if (!cons[k]) return j;
                    for (int k = 0; k <= d; k++) cons[k] = true;
                    next = j + 1;
                } else if (j < n && s[j] == '#') {
                    const uint8_t *close = memchr(s + j, ')', n - j);
                    if (!close) return SIZE_MAX;
                    next = (size_t)(close - s) + 1;
                } else if (j < n && (s[j] == '=' || s[j] == '!' ||
                                     (s[j] == '<' && j + 1 < n && (s[j + 1] == '=' || s[j + 1] == '!')))) {
                    size_t e = group_end(s, n, i); /* a lookaround consumes nothing */
                    if (e == i) return SIZE_MAX;
                    next = e + 1;
                } else if (j < n && (s[j] == ':' || s[j] == '|' || s[j] == '>' || s[j] == '<' || s[j] == '\'' ||
                                     s[j] == 'P')) {
                    bool named = s[j] != ':' && s[j] != '|' && s[j] != '>';
                    if (s[j] == 'P' && !(j + 1 < n && s[j + 1] == '<')) return SIZE_MAX;
                    if (named) {
                        uint8_t term_ch = s[j] == '\'' ? '\'' : '>';
                        const uint8_t *close = memchr(s + j + 1, term_ch, n - j - 1);
                        if (!close) return SIZE_MAX;
                        next = (size_t)(close - s) + 1;
                    } else {
                        next = j + 1;
                    }
                    if (d == DEPTH) return SIZE_MAX;
                    memcpy(snap[d + 1], cons, sizeof cons);
                    d++;
                    cons[d] = false;
                    group[d] = named ? ++ncap : 0;
                } else {
                    /* option settings such as (?i) consume nothing; (?i: opens a group */
                    while (j < n && strchr("imsxnJUX-", s[j])) j++;
                    if (j >= n) return SIZE_MAX;
                    if (s[j] == ')') {
                        next = j + 1;
                    } else if (s[j] == ':') {
                        if (d == DEPTH) return SIZE_MAX;
                        memcpy(snap[d + 1], cons, sizeof cons);
                        d++;
                        cons[d] = false;
                        group[d] = 0;
                        next = j + 1;
                    } else {
                        return SIZE_MAX;
                    }
                }
            } else {
                if (d == DEPTH) return SIZE_MAX;
                memcpy(snap[d + 1], cons, sizeof cons);
                d++;
                cons[d] = false;
                group[d] = ++ncap;
            }
        } else if (c == '[') {
            size_t j = i + 1;
            if (j < n && s[j] == '^') j++;
            if (j < n && s[j] == ']') j++;
            while (j < n && s[j] != ']') j += s[j] == '\\' ? 2 : 1;
            if (j >= n) return SIZE_MAX;
            consuming = true;
            next = j + 1;
        } else if (c == '*' || c == '+' || c == '?' || c == '{') {
            return SIZE_MAX; /* a quantifier on a group: not followed */
        } else {
            consuming = true;
        }
        if (consuming) {
            /* an atom that may repeat zero times consumes nothing */
            bool optional = next < n && (s[next] == '?' || s[next] == '*' ||
                                         (s[next] == '{' && next + 1 < n && s[next + 1] == '0'));
            if (!optional) {
                for (int k = 0; k <= d; k++) cons[k] = true;
            } else {
                next++;
                while (next < n && s[next] != '}' && s[next - 1] == '{') next++;
                if (next < n && (s[next] == '?' || s[next] == '+')) next++;
            }
        }
        i = next;
    }
    return SIZE_MAX;
}

enum { LIT_8 = 1, LIT_9 = 2 }; /* class_compat: \8, \9 as digits */

/* PCRE 8.44 read a few things that PCRE2 rejects: (*UTF8) for (*UTF), and
 * in character classes a '-' after a class escape ("[\\w-.]") as a literal
 * '-', an escape it does not know ("[\\z]") as the letter. Rewrite those
 * for PCRE2 ("(*UTF)", "\\-", "z"); map[i] gives the source offset of
 * rewritten offset i, so that error offsets still point into the pattern as
 * given. lit89 (LIT_8, LIT_9) also makes \8, \9 outside classes the
 * digits. False: unchanged. */
static bool class_compat(const uint8_t *s, size_t n, bool extended, unsigned lit89, rbuf_t *out, size_t **map)
{
    /* escapes PCRE2 accepts in a class (and \N, \L, \l, \U, \u, which
     * both reject) */
    static const char known[] = "abdDefhHnopPrsStvVwWxcNQELluU0123456789";
    size_t *m = malloc((2 * n + 1) * sizeof *m);
    if (!m) laser_oom("re class map", 2 * n);
    bool changed = false, in_class = false, quoted = false, class_escape = false;
    out->len = 0;
#define EMIT(ch, from)                                                                                   \
    do {                                                                                                 \
        uint8_t ch_ = (uint8_t)(ch);                                                                     \
        m[out->len] = (from);                                                                            \
        rbuf_put(out, &ch_, 1);                                                                          \
    } while (0)
    size_t i = 0;
    /* PCRE1's (*UTF8) among the leading settings is PCRE2's (*UTF) */
    while (i + 2 < n && s[i] == '(' && s[i + 1] == '*') {
        const uint8_t *close = memchr(s + i, ')', n - i);
        if (!close) break;
        size_t end = (size_t)(close - s) + 1;
        if (end - i == 7 && memcmp(s + i, "(*UTF8)", 7) == 0) {
            for (size_t j = 0; j < 5; j++) EMIT("(*UTF"[j], i + j);
            EMIT(')', i + 6);
            changed = true;
        } else {
            for (size_t j = i; j < end; j++) EMIT(s[j], j);
        }
        i = end;
    }
    for (; i < n; i++) {
        uint8_t c = s[i];
        bool was_class_escape = class_escape;
        class_escape = false;
        if (quoted) {
            if (c == '\\' && i + 1 < n && s[i + 1] == 'E') {
                quoted = false;
                EMIT(c, i);
                EMIT(s[++i], i);
            } else {
                EMIT(c, i);
            }
            continue;
        }
        if (c == '\\' && i + 1 < n) {
            uint8_t e = s[i + 1];
            if (e == 'Q') {
                quoted = true;
            } else if (!in_class && ((e == '8' && (lit89 & LIT_8)) || (e == '9' && (lit89 & LIT_9)))) {
                /* PCRE1: the digit, for want of that many groups; as \x38 or
                 * \x39, so that it cannot run on from a preceding \N */
                const char *hex = e == '8' ? "\\x38" : "\\x39";
                for (size_t j = 0; j < 4; j++) EMIT(hex[j], i);
                i++;
                changed = true;
                continue;
            } else if (in_class && ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) && !strchr(known, e)) {
                EMIT(e, i); /* PCRE1: the letter itself */
                i++;
                changed = true;
                continue;
            }
            if (in_class && strchr("dDwWsShHvV", e)) class_escape = true;
            if (in_class && (e == 'p' || e == 'P')) {
                /* \p{...} or \pX: one class item */
                EMIT(c, i);
                EMIT(e, i + 1);
                i += 2;
                if (i < n && s[i] == '{') {
                    for (; i < n && s[i] != '}'; i++) EMIT(s[i], i);
                }
                if (i < n) EMIT(s[i], i);
                class_escape = true;
                continue;
            }
            EMIT(c, i);
            EMIT(e, i + 1);
            i++;
            continue;
        }
        if (!in_class) {
            if (extended && c == '#') {
                for (; i < n && s[i] != '\n'; i++) EMIT(s[i], i);
                if (i < n) EMIT(s[i], i);
                continue;
            }
            if (c == '[') {
                in_class = true;
                EMIT(c, i);
                if (i + 1 < n && s[i + 1] == '^') EMIT(s[++i], i);
                if (i + 1 < n && s[i + 1] == ']') EMIT(s[++i], i); /* a leading ']' is literal */
                continue;
            }
            EMIT(c, i);
            continue;
        }
        if (c == '[' && i + 1 < n && (s[i + 1] == ':' || s[i + 1] == '.' || s[i + 1] == '=')) {
            /* a POSIX class [:name:]: copy through its terminator */
            uint8_t t = s[i + 1];
            size_t j = i + 2;
            while (j + 1 < n && !(s[j] == t && s[j + 1] == ']')) j++;
            if (j + 1 < n) {
                for (; i <= j + 1; i++) EMIT(s[i], i);
                i--;
                class_escape = t == ':';
                continue;
            }
        }
        if (c == ']') {
            in_class = false;
            EMIT(c, i);
            continue;
        }
        if (c == '-' && was_class_escape && i + 1 < n && s[i + 1] != ']') {
            EMIT('\\', i); /* PCRE1: a literal '-' after a class escape */
            EMIT('-', i);
            changed = true;
            continue;
        }
        EMIT(c, i);
    }
#undef EMIT
    m[out->len] = n;
    if (!changed) {
        free(m);
        out->len = 0;
        return false;
    }
    *map = m;
    return true;
}

/* True if the source has a \8 or \9 (possibly in a class or after "\\":
 * only a hint for trying harder). */
static bool has_8_or_9(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '\\' && (s[i + 1] == '8' || s[i + 1] == '9')) return true;
    return false;
}

/* pcre2_compile of src as class_compat rewrites it, with error offsets
 * mapped back to src. */
static pcre2_code *compile_compat(const uint8_t *src, size_t n, uint32_t copt, pcre2_compile_context *cc, bool ext,
                                  unsigned lit89, int *err, size_t *erroff)
{
    rbuf_t compat = {0};
    size_t *map = NULL;
    if (class_compat(src, n, ext, lit89, &compat, &map)) {
        src = compat.data;
        n = compat.len;
    }
    PCRE2_SIZE off = 0;
    pcre2_code *code = pcre2_compile(src ? src : (const uint8_t *)"", n, copt, err, &off, cc);
    if (!code) *erroff = map && off <= n ? map[off] : off;
    free(compat.data);
    free(map);
    return code;
}

/* PCRE 8.44 compiled in one pass and checked references and recursion
 * loops when the groups they concern were complete; PCRE2 parses the whole
 * pattern first. So where PCRE2 reports an unmatched ')', PCRE1 reported
 * what was wrong before it, if anything; and a looping recursion was found
 * before a reference to a missing name. */
static void pcre1_first_error(const uint8_t *src, size_t n, uint32_t copt, pcre2_compile_context *cc, bool ext,
                              int *err, size_t *erroff)
{
    if (*err == PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS && *erroff > 0 && *erroff <= n) {
        int e2;
        size_t o2;
        pcre2_code *prefix = compile_compat(src, *erroff, copt, cc, ext, 0, &e2, &o2);
        bool backref = !prefix && o2 > 0 && o2 < n && src[o2 - 1] == '\\' && src[o2] >= '0' && src[o2] <= '9';
        if (!prefix && e2 == PCRE2_ERROR_BAD_SUBPATTERN_REFERENCE && !backref) {
            *err = e2;
            *erroff = o2;
        } else if (prefix) {
            size_t loop = recursion_loops(src, *erroff, ext);
            if (loop != SIZE_MAX) {
                *err = RE_ERR_RECURSE_LOOP;
                *erroff = loop;
            }
        }
        pcre2_code_free(prefix);
    }
    if (*err != PCRE2_ERROR_BAD_SUBPATTERN_REFERENCE || *erroff > n) return;
    /* the reference's extent: \N, \gN, \g{N}, \g{-N} */
    size_t o = *erroff, start = SIZE_MAX, end = o;
    bool relative = false;
    size_t bs = backslash_g(src, o);
    if (bs != SIZE_MAX) {
        start = bs;
        end = bs + 2;
        if (end < n && src[end] == '{') end++;
        if (end < n && (src[end] == '-' || src[end] == '+')) relative = true, end++;
        while (end < n && src[end] >= '0' && src[end] <= '9') end++;
        if (end < n && src[end] == '}') end++;
    } else if (o > 0 && o < n && src[o - 1] == '\\' && src[o] >= '1' && src[o] <= '9') {
        start = o - 1;
        while (end < n && src[end] >= '0' && src[end] <= '9') end++;
    }
    if (relative) return; /* PCRE1 resolved those on the spot */
    size_t loop = recursion_loops(src, n, ext);
    if (loop != SIZE_MAX && loop < o) {
        *err = RE_ERR_RECURSE_LOOP;
        *erroff = loop;
        return;
    }
    if (start == SIZE_MAX) return;
    /* a numbered back reference: PCRE1 checked those after the whole
     * pattern, so an error after it came first; look for one without it */
    rbuf_t rest = {0};
    rbuf_put(&rest, src, start);
    rbuf_put(&rest, (const uint8_t *)"(?:)", 4); /* an empty group keeps what follows legal */
    rbuf_put(&rest, src + end, n - end);
    int e2;
    size_t o2;
    pcre2_code *c2 = compile_compat(rest.data ? rest.data : (const uint8_t *)"", rest.len, copt, cc, ext, 0, &e2, &o2);
    if (c2) {
        pcre2_code_free(c2);
        loop = recursion_loops(src, n, ext);
        if (loop != SIZE_MAX) {
            *err = RE_ERR_RECURSE_LOOP;
            *erroff = loop;
        }
    } else if (e2 != PCRE2_ERROR_BAD_SUBPATTERN_REFERENCE || o2 < start) {
        *err = e2;
        *erroff = o2 < start ? o2 : o2 < start + 4 ? start : o2 - 4 + (end - start);
    } else {
        /* another reference: named ones were PCRE1's first complaint */
        size_t o3 = o2 < start + 4 ? start : o2 - 4 + (end - start);
        if (!(o3 > 0 && o3 < n && src[o3 - 1] == '\\' && src[o3] >= '0' && src[o3] <= '9') &&
            backslash_g(src, o3) == SIZE_MAX) {
            *err = e2;
            *erroff = o3;
        }
    }
    free(rest.data);
}

/* Compile the pattern a key describes. NULL with the error code and offset on error. */
static re_code_t *key_compile(const uint8_t *k, size_t n, uint64_t hash, int *err, size_t *erroff)
{
    uint32_t copt;
    unsigned nl, bsr;
    if (!key_parse(k, n, &copt, &nl, &bsr)) {
        *err = PCRE2_ERROR_BAD_OPTIONS;
        *erroff = 0;
        return NULL;
    }
    /* PCRE1 or'ed the newline bits: CR|LF is CRLF, anything past ANYCRLF
     * and both \R conventions at once were "inconsistent". */
    static const uint32_t nl_map[] = {PCRE2_NEWLINE_LF, PCRE2_NEWLINE_CR, PCRE2_NEWLINE_LF, PCRE2_NEWLINE_CRLF,
                                      PCRE2_NEWLINE_ANY, PCRE2_NEWLINE_ANYCRLF};
    if (nl > NL_ANYCRLF || bsr == (BSR_ANYCRLF | BSR_UNICODE)) {
        *err = PCRE2_ERROR_INTERNAL_UNKNOWN_NEWLINE;
        *erroff = 0;
        return NULL;
    }
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (!cc) laser_oom("pcre2 compile context", 0);
    pcre2_set_character_tables(cc, latin1_tab);
    pcre2_set_newline(cc, nl_map[nl]);
    pcre2_set_bsr(cc, bsr == BSR_ANYCRLF ? PCRE2_BSR_ANYCRLF : PCRE2_BSR_UNICODE);
    /* PCRE 8.44 allowed \K in lookarounds; PCRE2 needs to be told. */
    pcre2_set_compile_extra_options(cc, PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK);
    /* PCRE2's start-of-match optimisation assumes that in UTF mode no
     * character above 127 is \w, which our Latin-1 tables contradict (é is
     * \w, as in erl): without UCP, a pattern that may use \w does without it. */
    bool utf = (copt & PCRE2_UTF) || has_utf_setting(k + RE_MP_HEADER, n - RE_MP_HEADER);
    if (utf && !(copt & PCRE2_UCP) && has_backslash_w(k + RE_MP_HEADER, n - RE_MP_HEADER))
        copt |= PCRE2_NO_START_OPTIMIZE;
    const uint8_t *src = k + RE_MP_HEADER;
    size_t srclen = n - RE_MP_HEADER;
    bool ext = (copt & PCRE2_EXTENDED) != 0;
    pcre2_code *code = compile_compat(src, srclen, copt, cc, ext, 0, err, erroff);
    if (!code && *err == PCRE2_ERROR_BAD_SUBPATTERN_REFERENCE && has_8_or_9(src, srclen)) {
        /* PCRE1 read \8 and \9 as the digits when the pattern has fewer
         * groups: count them with both read as digits, then decide */
        int err2;
        size_t off2;
        pcre2_code *probe = compile_compat(src, srclen, copt, cc, ext, LIT_8 | LIT_9, &err2, &off2);
        if (probe) {
            uint32_t groups = 0;
            pcre2_pattern_info(probe, PCRE2_INFO_CAPTURECOUNT, &groups);
            unsigned lit = (groups < 8 ? LIT_8 : 0) | (groups < 9 ? LIT_9 : 0);
            if (lit == (LIT_8 | LIT_9)) {
                code = probe;
            } else {
                pcre2_code_free(probe);
                code = compile_compat(src, srclen, copt, cc, ext, lit, err, erroff);
            }
        }
    }
    if (!code) pcre1_first_error(src, srclen, copt, cc, ext, err, erroff);
    pcre2_compile_context_free(cc);
    if (!code) return NULL;
    size_t loop = recursion_loops(k + RE_MP_HEADER, n - RE_MP_HEADER, (copt & PCRE2_EXTENDED) != 0);
    if (loop != SIZE_MAX) {
        pcre2_code_free(code);
        *err = RE_ERR_RECURSE_LOOP;
        *erroff = loop;
        return NULL;
    }
    re_code_t *c = malloc(sizeof *c + n);
    if (!c) laser_oom("re code", sizeof *c + n);
    atomic_init(&c->refc, 1);
    c->code = code;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &c->ncap);
    uint32_t newline;
    pcre2_pattern_info(code, PCRE2_INFO_NEWLINE, &newline);
    c->use_crlf = newline == PCRE2_NEWLINE_CRLF || newline == PCRE2_NEWLINE_ANY || newline == PCRE2_NEWLINE_ANYCRLF;
    c->hash = hash;
    c->keylen = n;
    memcpy(c->key, k, n);
    return c;
}

/* The compiled code for a key, retained (re_release when done): from the
 * cache, or compiled and put there (replacing the slot's previous entry,
 * which lives on until its last user releases it). */
static re_code_t *re_get(const uint8_t *k, size_t n, int *err, size_t *erroff)
{
    uint64_t h = key_hash(k, n);
    size_t s = h % RE_CACHE_SLOTS;
    pthread_mutex_lock(&cache.lock);
    re_code_t *c = cache.slot[s];
    if (key_same(c, h, k, n)) {
        atomic_fetch_add(&c->refc, 1);
        pthread_mutex_unlock(&cache.lock);
        return c;
    }
    pthread_mutex_unlock(&cache.lock);
    /* compile outside the lock: it may take long */
    c = key_compile(k, n, h, err, erroff);
    if (!c) return NULL;
    pthread_mutex_lock(&cache.lock);
    re_code_t *old = cache.slot[s];
    if (key_same(old, h, k, n)) {
        /* another thread got there first: use its entry */
        atomic_fetch_add(&old->refc, 1);
        pthread_mutex_unlock(&cache.lock);
        re_release(c);
        return old;
    }
    atomic_fetch_add(&c->refc, 1); /* the cache's reference */
    cache.slot[s] = c;
    pthread_mutex_unlock(&cache.lock);
    re_release(old);
    return c;
}

static void re_init(void)
{
    latin1_tables();
}

/* ---------------------------------------------------------------------------
 * Terms
 * ------------------------------------------------------------------------- */

static term mk_tuple2(heap_t *h, term a, term b)
{
    term e[2] = {a, b};
    return heap_make_tuple(h, 2, e);
}

/* A string as a list of bytes (OTP's buf_to_intlist). */
static term mk_bytelist(heap_t *h, const uint8_t *s, size_t n)
{
    term l = NIL;
    if (!n) return l;
    term *w = heap_alloc(h, 2 * n);
    for (size_t i = n; i-- > 0;) {
        w[2 * i] = term_from_small(s[i]);
        w[2 * i + 1] = l;
        l = term_from_list_ptr(w + 2 * i);
    }
    return l;
}

/* unicode:characters_to_list(Bin, unicode): the code points, or
 * {error, Decoded, Rest} / {incomplete, Decoded, Rest}. */
static term mk_charlist(heap_t *h, const uint8_t *s, size_t n)
{
    uint32_t *cps = malloc((n ? n : 1) * sizeof *cps);
    if (!cps) laser_oom("re charlist", n * sizeof *cps);
    size_t k = 0, i = 0;
    bool trunc = false, bad = false;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_next(s + i, n - i, &cp, &trunc);
        if (!len) {
            bad = true;
            break;
        }
        cps[k++] = cp;
        i += len;
    }
    term l = NIL;
    for (size_t j = k; j-- > 0;) l = heap_make_cons(h, term_from_small(cps[j]), l);
    free(cps);
    if (!bad) return l;
    term e[3] = {trunc ? ATOM(incomplete) : ATOM(error), l, bin_make(h, s + i, n - i, NULL)};
    return heap_make_tuple(h, 3, e);
}

/* {error, {ErrString, Position}}, or {error, {compile, {...}}} with tag. */
static term mk_compile_error(heap_t *h, int err, size_t off, term tag)
{
    char text[256];
    err_text(err, text, sizeof text);
    term r = mk_tuple2(h, mk_bytelist(h, (const uint8_t *)text, strlen(text)), term_from_small((int64_t)off));
    if (term_is_value(tag)) r = mk_tuple2(h, tag, r);
    return mk_tuple2(h, ATOM(error), r);
}

/* {re_pattern, NumGroups, Unicode, UseCRLF, Bin} */
static term mk_mp(heap_t *h, const re_code_t *c, bool unicode)
{
    term e[5] = {ATOM(re_pattern), term_from_small(c->ncap), term_from_small(unicode),
                 term_from_small(c->use_crlf), bin_make(h, c->key, c->keylen, NULL)};
    return heap_make_tuple(h, 5, e);
}

/* ---------------------------------------------------------------------------
 * Capture specifications (OTP's build_capture)
 * ------------------------------------------------------------------------- */

typedef enum { OUT_INDEX, OUT_BYTES, OUT_BINARY, OUT_CHARS, OUT_NONE } out_t;

/* What to return of a match: all groups (n = -1), all but the first
 * (n = -2), or n slots, each naming candidate groups of which the first that
 * is set counts (several only for duplicate names; -1: no such group). */
typedef struct {
    out_t out;
    long n;
    size_t *first, *count; /* per slot: range in groups */
    int *groups;
    size_t ngroups, cap_slots, cap_groups;
} capspec_t;

static void cap_free(capspec_t *cs)
{
    free(cs->first);
    free(cs->count);
    free(cs->groups);
}

static void cap_slot(capspec_t *cs)
{
    if ((size_t)cs->n == cs->cap_slots) {
        cs->cap_slots = cs->cap_slots ? 2 * cs->cap_slots : 8;
        cs->first = realloc(cs->first, cs->cap_slots * sizeof *cs->first);
        cs->count = realloc(cs->count, cs->cap_slots * sizeof *cs->count);
        if (!cs->first || !cs->count) laser_oom("re capture spec", cs->cap_slots);
    }
    cs->first[cs->n] = cs->ngroups;
    cs->count[cs->n] = 0;
    cs->n++;
}

static void cap_group(capspec_t *cs, int g)
{
    if (cs->ngroups == cs->cap_groups) {
        cs->cap_groups = cs->cap_groups ? 2 * cs->cap_groups : 8;
        cs->groups = realloc(cs->groups, cs->cap_groups * sizeof *cs->groups);
        if (!cs->groups) laser_oom("re capture spec", cs->cap_groups);
    }
    cs->groups[cs->ngroups++] = g;
    cs->count[cs->n - 1]++;
}

static bool has_dupnames(const pcre2_code *code)
{
    uint32_t o = 0;
    pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &o);
    return (o & PCRE2_DUPNAMES) != 0;
}

/* One slot for a group name (NUL-terminated). */
static void cap_name(capspec_t *cs, const pcre2_code *code, const char *name)
{
    cap_slot(cs);
    int g = has_dupnames(code) ? PCRE2_ERROR_NOUNIQUESUBSTRING
                               : pcre2_substring_number_from_name(code, (PCRE2_SPTR)name);
    if (g == PCRE2_ERROR_NOUNIQUESUBSTRING) {
        /* every group of that name, in number order */
        PCRE2_SPTR first, last;
        int esize = pcre2_substring_nametable_scan(code, (PCRE2_SPTR)name, &first, &last);
        if (esize <= 0) {
            cap_group(cs, -1);
            return;
        }
        for (PCRE2_SPTR e = first; e <= last; e += esize) cap_group(cs, e[0] << 8 | e[1]);
        return;
    }
    cap_group(cs, g < 0 ? -1 : g);
}

static bool fill_capture(capspec_t *cs, term values, term type, const pcre2_code *code, bool prepend0);

/* Fill cs from a {capture, Values, Type}; prepend0 adds group 0 in front
 * of a list (re.erl's [0 | List] in global matching). False: badarg, and
 * nothing to free. */
static bool build_capture(capspec_t *cs, term values, term type, const pcre2_code *code, bool prepend0)
{
    if (fill_capture(cs, values, type, code, prepend0)) return true;
    cap_free(cs);
    memset(cs, 0, sizeof *cs);
    return false;
}

static bool fill_capture(capspec_t *cs, term values, term type, const pcre2_code *code, bool prepend0)
{
    memset(cs, 0, sizeof *cs);
    if (type == ATOM(index)) cs->out = OUT_INDEX;
    else if (type == ATOM(list)) cs->out = OUT_BYTES;
    else if (type == ATOM(binary)) cs->out = OUT_BINARY;
    else return false;
    if (values == ATOM(all)) {
        cs->n = -1;
    } else if (values == ATOM(none) || values == NIL) {
        cs->out = OUT_NONE;
    } else if (values == ATOM(all_but_first)) {
        cs->n = -2;
    } else if (values == ATOM(first)) {
        cap_slot(cs);
        cap_group(cs, 0);
    } else if (values == ATOM(all_names)) {
        uint32_t count = 0, esize = 0;
        PCRE2_SPTR table = NULL;
        pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
        if (!count) {
            cs->out = OUT_NONE;
            return true;
        }
        pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
        pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
        bool dup = has_dupnames(code);
        PCRE2_SPTR last = NULL;
        for (uint32_t i = 0; i < count; i++, table += esize) {
            if (!last || !dup || strcmp((const char *)last + 2, (const char *)table + 2) != 0) {
                if (dup) {
                    cap_name(cs, code, (const char *)table + 2);
                } else {
                    cap_slot(cs);
                    cap_group(cs, table[0] << 8 | table[1]);
                }
            }
            last = table;
        }
    } else if (term_is_list(values)) {
        if (prepend0) {
            cap_slot(cs);
            cap_group(cs, 0);
        }
        term l = values;
        for (; term_is_list(l); l = term_cdr(l)) {
            term v = term_car(l);
            uint32_t x;
            if (opt_int(v, &x)) {
                cap_slot(cs);
                cap_group(cs, x > (uint32_t)INT32_MAX ? -1 : (int)x);
                continue;
            }
            rbuf_t name = {0};
            if (term_is_atom(v)) {
                size_t len;
                const uint8_t *t = atom_text(v, &len);
                rbuf_put(&name, t, len);
            } else if (term_is_bitstring(v) || term_is_list(v)) {
                if (!flatten(v, false, &name)) {
                    free(name.data);
                    return false;
                }
            } else {
                return false;
            }
            rbuf_put(&name, (const uint8_t *)"", 1);
            cap_name(cs, code, (const char *)name.data);
            free(name.data);
        }
        if (!term_is_nil(l)) return false;
    } else {
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------------------
 * Matching
 * ------------------------------------------------------------------------- */

typedef struct {
    re_code_t *c;
    const uint8_t *s;
    size_t n;
    bool utf, utf_checked;
    pcre2_match_data *md;
    pcre2_match_context *mc;
} matcher_t;

enum { M_NOMATCH = 0, M_LIMIT = -1, M_DEPTH = -2, M_BADARG = -3 };

static void matcher_init(matcher_t *m, re_code_t *c, const uint8_t *s, size_t n, const re_opts_t *o)
{
    m->c = c;
    m->s = s;
    m->n = n;
    uint32_t all = 0;
    pcre2_pattern_info(c->code, PCRE2_INFO_ALLOPTIONS, &all);
    m->utf = (all & PCRE2_UTF) != 0;
    m->utf_checked = false;
    m->md = pcre2_match_data_create_from_pattern(c->code, NULL);
    m->mc = pcre2_match_context_create(NULL);
    if (!m->md || !m->mc) laser_oom("pcre2 match data", 0);
    pcre2_set_match_limit(m->mc, (o->flags & PF_MLIMIT) ? o->match_limit : RE_MATCH_LIMIT);
    pcre2_set_depth_limit(m->mc, (o->flags & PF_MLIMIT_REC) ? o->depth_limit : RE_DEPTH_LIMIT);
    pcre2_set_heap_limit(m->mc, RE_HEAP_LIMIT);
}

static void matcher_free(matcher_t *m)
{
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mc);
}

/* One pcre2_match: > 0 pairs set, or an M_* code. The subject's UTF-8 is
 * checked once (lazily, as erl only fails when a match is attempted); later
 * calls skip PCRE2's check of the subject, but a first offset inside a
 * character keeps the check, and fails as in erl. */
static int do_match(matcher_t *m, size_t offset, uint32_t mopt, bool again)
{
    if (offset > m->n) return M_BADARG;
    if (m->utf) {
        if (!m->utf_checked) {
            if (!utf8_valid(m->s, m->n)) return M_BADARG;
            m->utf_checked = true;
        }
        /* A global loop's later runs may start inside a character (after a
         * \C): erl's re.erl passes them on unchecked, and so do we. The
         * subject is valid UTF-8 as a whole, so PCRE2 reading a stray
         * continuation byte as a character stays inside it. */
        if (again || offset == m->n || (m->s[offset] & 0xC0) != 0x80) mopt |= PCRE2_NO_UTF_CHECK;
    }
    int rc = pcre2_match(m->c->code, m->s, m->n, offset, mopt, m->md, m->mc);
    if (rc > 0) return rc;
    switch (rc) {
    case 0: /* cannot happen: the match data fits every group */
        return (int)pcre2_get_ovector_count(m->md);
    case PCRE2_ERROR_NOMATCH:
    case PCRE2_ERROR_RECURSELOOP: /* erl: nomatch, for backwards compatibility */
        return M_NOMATCH;
    case PCRE2_ERROR_MATCHLIMIT:
        return M_LIMIT;
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
        return M_DEPTH;
    default: /* bad UTF-8, bad offset */
        return M_BADARG;
    }
}

/* The pair of group g in the last match: false if unset. Lengths are
 * signed: \K in a lookahead can put a match's start after its end. */
static bool group_pair(const matcher_t *m, int rc, int g, int64_t *start, int64_t *len)
{
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    if (g < 0 || g >= rc || ov[2 * g] == PCRE2_UNSET) return false;
    *start = (int64_t)ov[2 * g];
    *len = (int64_t)ov[2 * g + 1] - (int64_t)ov[2 * g];
    return true;
}

static term mk_capture(heap_t *h, const matcher_t *m, int rc, int g, out_t out)
{
    int64_t start = -1, len = 0;
    bool set = group_pair(m, rc, g, &start, &len);
    switch (out) {
    case OUT_INDEX:
        return mk_tuple2(h, term_from_small(set ? start : -1), term_from_small(set ? len : 0));
    case OUT_BINARY:
        return bin_make(h, m->s + (set && len > 0 ? start : 0), set && len > 0 ? (size_t)len : 0, NULL);
    case OUT_BYTES:
        return set && len > 0 ? mk_bytelist(h, m->s + start, (size_t)len) : NIL;
    case OUT_CHARS:
        return set && len > 0 ? mk_charlist(h, m->s + start, (size_t)len) : NIL;
    default:
        return NIL;
    }
}

/* The captured list of one match (OTP's build_exec_return, minus the tag). */
static term mk_captures(heap_t *h, const matcher_t *m, int rc, const capspec_t *cs, out_t out)
{
    term l = NIL;
    if (cs->n < 0) {
        int from = cs->n == -2 ? 1 : 0;
        for (int g = rc - 1; g >= from; g--) l = heap_make_cons(h, mk_capture(h, m, rc, g, out), l);
        return l;
    }
    for (long i = cs->n; i-- > 0;) {
        int g = -1;
        for (size_t j = 0; j < cs->count[i]; j++) {
            int cand = cs->groups[cs->first[i] + j];
            int64_t s0, l0;
            if (cs->count[i] == 1 || group_pair(m, rc, cand, &s0, &l0)) {
                g = cand;
                break;
            }
        }
        l = heap_make_cons(h, mk_capture(h, m, rc, g, out), l);
    }
    return l;
}

/* ---------------------------------------------------------------------------
 * Global matching (re.erl's grun: process_parameters, loopexec, postprocess)
 * ------------------------------------------------------------------------- */

typedef enum { SEL_FALSE, SEL_ALL, SEL_STRIPFIRST, SEL_NONE } select_t;

/* process_parameters: the start offset (the last {offset, N}), which capture
 * option decides (the last), what it selects, and the return type (the type
 * of the last {capture, V, Type} up to it, else index). The capture spec of
 * the internal runs is built into cs. False: badarg ("badlist"). */
static bool global_params(term opts, const pcre2_code *code, uint32_t *offset, select_t *sel, term *rtype,
                          term *cap_values, bool *prepend0)
{
    term type = ATOM(index);
    *sel = SEL_FALSE;
    *rtype = ATOM(index);
    *cap_values = THE_NON_VALUE; /* no capture option: all, index */
    *prepend0 = false;
    for (term l = opts; term_is_list(l); l = term_cdr(l)) {
        term it = term_car(l);
        if (!term_is_tuple(it)) continue;
        const term *e = term_tuple_elems(it);
        uint64_t ar = term_tuple_arity(it);
        if (ar == 2 && e[0] == ATOM(offset)) {
            *offset = (uint32_t)term_to_small(e[1]);
            continue;
        }
        if (e[0] != ATOM(capture) || ar < 2) continue;
        if (ar == 3) type = e[2];
        term v = e[1];
        *rtype = type;
        *prepend0 = false;
        if (v == ATOM(all)) {
            *sel = SEL_ALL, *cap_values = ATOM(all);
        } else if (v == ATOM(all_names)) {
            uint32_t count = 0;
            pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
            if (!count) *sel = SEL_NONE, *cap_values = ATOM(first);
            else *sel = SEL_STRIPFIRST, *cap_values = ATOM(all_names), *prepend0 = true;
        } else if (v == ATOM(first)) {
            *sel = SEL_ALL, *cap_values = ATOM(first);
        } else if (v == ATOM(all_but_first)) {
            *sel = SEL_STRIPFIRST, *cap_values = ATOM(all);
        } else if (v == ATOM(none) || v == NIL) {
            *sel = SEL_NONE, *cap_values = ATOM(first);
        } else if (term_is_list(v)) {
            *sel = SEL_STRIPFIRST, *cap_values = v, *prepend0 = true;
        } else {
            return false;
        }
    }
    return true;
}

/* Internal-run capture spec: as build_capture, with all_names under
 * prepend0 meaning [0 | Names] (re.erl passes the namelist it inspected). */
static bool global_capture(capspec_t *cs, term values, bool prepend0, const pcre2_code *code)
{
    if (!term_is_value(values)) return build_capture(cs, ATOM(all), ATOM(index), code, false);
    if (values == ATOM(all_names) && prepend0) {
        if (!build_capture(cs, ATOM(all_names), ATOM(index), code, false)) return false;
        /* shift the name slots right and put group 0 first */
        capspec_t z;
        memset(&z, 0, sizeof z);
        z.out = OUT_INDEX;
        cap_slot(&z);
        cap_group(&z, 0);
        for (long i = 0; i < cs->n; i++) {
            cap_slot(&z);
            for (size_t j = 0; j < cs->count[i]; j++) cap_group(&z, cs->groups[cs->first[i] + j]);
        }
        cap_free(cs);
        *cs = z;
        return true;
    }
    return build_capture(cs, values, ATOM(index), code, prepend0);
}

typedef struct {
    term *v;
    size_t n, cap;
} tvec_t;

static void tvec_push(tvec_t *t, term x)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->v = realloc(t->v, t->cap * sizeof *t->v);
        if (!t->v) laser_oom("re results", t->cap * sizeof *t->v);
    }
    t->v[t->n++] = x;
}

/* re.erl's forward/5 by one character: a CRLF pair when newlines are CRLF,
 * else one UTF-8 character by its lead byte in unicode mode, else a byte. */
static size_t forward(const uint8_t *s, size_t n, size_t a, bool unicode, bool crlf)
{
    if (crlf && a + 1 < n && s[a] == '\r' && s[a + 1] == '\n') return a + 2;
    if (!unicode || a >= n) return a + 1;
    uint8_t c = s[a];
    if ((c & 0xE0) == 0xC0) return a + 2;
    if ((c & 0xF0) == 0xE0) return a + 3;
    if ((c & 0xF8) == 0xF0) return a + 4;
    return a + 1;
}

/* The pair {A, B} of group 0 of the last match. */
static void match0(const matcher_t *m, int64_t *a, int64_t *b)
{
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    *a = (int64_t)ov[0];
    *b = (int64_t)ov[1] - (int64_t)ov[0];
}

static term global_run(proc_t *p, matcher_t *m, const re_opts_t *o, term opts, bool unicode, bool crlf)
{
    heap_t *h = proc_heap(p);
    uint32_t offset = 0;
    select_t sel;
    term rtype, cap_values;
    bool prepend0;
    if (!global_params(opts, m->c->code, &offset, &sel, &rtype, &cap_values, &prepend0)) BIF_BADARG(p);
    capspec_t cs;
    bool cap_ok = false, cap_built = false;
    uint32_t mopt = o->mopt;
    tvec_t res = {0};
    term err = THE_NON_VALUE;
    bool badarg = false;
    /* loopexec, iteratively: each match, then (after an empty one) the
     * anchored non-empty retry from the loop's start offset X */
    size_t x = offset;
    while (x <= m->n) {
        if (!cap_built) {
            cap_built = true;
            cap_ok = global_capture(&cs, cap_values, prepend0, m->c->code);
        }
        if (!cap_ok) {
            badarg = true;
            break;
        }
        int rc = do_match(m, x, mopt, res.n > 0 || x != offset);
        if (rc == M_BADARG) {
            badarg = true;
            break;
        }
        if ((rc == M_LIMIT || rc == M_DEPTH) && (o->flags & PF_REPORT)) {
            err = mk_tuple2(h, ATOM(error), rc == M_LIMIT ? ATOM(match_limit) : ATOM(match_limit_recursion));
            break;
        }
        if (rc <= 0) break;
        int64_t a, b;
        match0(m, &a, &b);
        tvec_push(&res, mk_captures(h, m, rc, &cs, OUT_INDEX));
        if (b > 0) {
            x = (size_t)(a + b);
            continue;
        }
        int rc2 = do_match(m, x, mopt | PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED, true);
        if (rc2 == M_BADARG) {
            badarg = true;
            break;
        }
        if ((rc2 == M_LIMIT || rc2 == M_DEPTH) && (o->flags & PF_REPORT)) {
            /* re.erl's `{match, M} = case ... of nomatch -> ...; {match, _} -> ... end`
             * has no clause for an error tuple */
            term e = mk_tuple2(h, ATOM(error), rc2 == M_LIMIT ? ATOM(match_limit) : ATOM(match_limit_recursion));
            free(res.v);
            if (cap_built && cap_ok) cap_free(&cs);
            BIF_ERROR(p, mk_tuple2(h, ATOM(case_clause), e));
        }
        size_t next;
        if (rc2 > 0) {
            int64_t a2, b2;
            match0(m, &a2, &b2);
            next = b2 > 0 ? (size_t)(a + b2) : forward(m->s, m->n, (size_t)a, unicode, crlf);
            tvec_push(&res, mk_captures(h, m, rc2, &cs, OUT_INDEX));
        } else {
            next = forward(m->s, m->n, (size_t)a, unicode, crlf);
        }
        x = next;
    }
    if (cap_built && cap_ok) cap_free(&cs);
    if (badarg) {
        free(res.v);
        BIF_BADARG(p);
    }
    if (term_is_value(err)) {
        free(res.v);
        return err;
    }
    /* postprocess */
    if (!res.n) {
        free(res.v);
        return ATOM(nomatch);
    }
    if (sel == SEL_NONE) {
        free(res.v);
        return ATOM(match);
    }
    out_t out;
    if (rtype == ATOM(index)) out = OUT_INDEX;
    else if (rtype == ATOM(binary)) out = OUT_BINARY;
    else if (rtype == ATOM(list)) out = unicode ? OUT_CHARS : OUT_BYTES;
    else {
        free(res.v);
        BIF_ERROR(p, ATOM(function_clause));
    }
    term all = NIL;
    for (size_t i = res.n; i-- > 0;) {
        term one = res.v[i];
        if (sel == SEL_STRIPFIRST) one = term_cdr(one);
        if (out != OUT_INDEX) {
            /* binarify/listify the index pairs */
            term conv = NIL, *tail = &conv;
            for (term l = one; term_is_list(l); l = term_cdr(l)) {
                const term *pr = term_tuple_elems(term_car(l));
                int64_t s0 = term_to_small(pr[0]), l0 = term_to_small(pr[1]);
                term c;
                if (s0 >= 0 && l0 < 0 && (out == OUT_BINARY || out == OUT_CHARS)) {
                    /* a \K match ending before its start: re.erl's
                     * <<_:SPos/binary, Res:SLen/binary, _/binary>> = Flat */
                    free(res.v);
                    BIF_ERROR(p, mk_tuple2(h, ATOM(badmatch), bin_make(h, m->s, m->n, NULL)));
                }
                if (s0 >= 0 && l0 < 0 && out == OUT_BYTES) {
                    free(res.v); /* binary_to_list(Flat, Start, End) with End < Start */
                    BIF_BADARG(p);
                }
                if (out == OUT_BINARY) {
                    c = bin_make(h, m->s + (s0 >= 0 && l0 > 0 ? s0 : 0), s0 >= 0 && l0 > 0 ? (size_t)l0 : 0, NULL);
                } else if (s0 < 0 || l0 <= 0) {
                    c = NIL;
                } else {
                    c = out == OUT_CHARS ? mk_charlist(h, m->s + s0, (size_t)l0)
                                         : mk_bytelist(h, m->s + s0, (size_t)l0);
                }
                term cell = heap_make_cons(h, c, NIL);
                *tail = cell;
                tail = &term_list_ptr(cell)[1];
            }
            one = conv;
        }
        all = heap_make_cons(h, one, all);
    }
    free(res.v);
    return mk_tuple2(h, ATOM(match), all);
}

/* ---------------------------------------------------------------------------
 * re:run
 * ------------------------------------------------------------------------- */

/* Copy src to out without its leading (*CR)-style newline settings (if nl)
 * and (*BSR_...) settings (if bsr): PCRE1 let match-time options override
 * those, PCRE2 lets the pattern's own settings win. */
static void strip_settings(const uint8_t *src, size_t n, bool nl, bool bsr, rbuf_t *out)
{
    static const char *const newlines[] = {"CR", "LF", "CRLF", "ANYCRLF", "ANY", "NUL"};
    static const char *const settings[] = {"UTF", "UTF8", "UCP", "NO_AUTO_POSSESS", "NO_DOTSTAR_ANCHOR", "NO_JIT",
                                           "NO_START_OPT", "NOTEMPTY", "NOTEMPTY_ATSTART"};
    size_t i = 0;
    out->len = 0;
    while (i + 2 < n && src[i] == '(' && src[i + 1] == '*') {
        const uint8_t *close = memchr(src + i, ')', n - i);
        if (!close) break;
        size_t end = (size_t)(close - src) + 1, nlen = end - i - 3;
        const char *name = (const char *)src + i + 2;
        bool drop = false, keep = nlen > 6 && memcmp(name, "LIMIT_", 6) == 0;
        for (size_t j = 0; j < sizeof newlines / sizeof newlines[0]; j++)
            if (strlen(newlines[j]) == nlen && memcmp(name, newlines[j], nlen) == 0) drop = nl, keep = true;
        if (nlen == 11 && (memcmp(name, "BSR_ANYCRLF", 11) == 0 || memcmp(name, "BSR_UNICODE", 11) == 0))
            drop = bsr, keep = true;
        for (size_t j = 0; j < sizeof settings / sizeof settings[0]; j++)
            if (strlen(settings[j]) == nlen && memcmp(name, settings[j], nlen) == 0) keep = true;
        if (!keep) break; /* a verb such as (*FAIL): the settings are over */
        if (!drop) rbuf_put(out, src + i, end - i);
        i = end;
    }
    rbuf_put(out, src + i, n - i);
}

/* The code to match with when run gives newline or \R options: the pattern
 * compiled with them, its own settings for them removed. */
static re_code_t *re_variant(const uint8_t *src, size_t n, uint32_t copt, unsigned nl, unsigned bsr,
                             const re_opts_t *o)
{
    rbuf_t stripped = {0}, k = {0};
    strip_settings(src, n, o->nl != 0, o->bsr != 0, &stripped);
    key_make(&k, stripped.data ? stripped.data : (const uint8_t *)"", stripped.len, copt, o->nl ? o->nl : nl,
             o->bsr ? o->bsr : bsr);
    int err;
    size_t off;
    re_code_t *c = re_get(k.data, k.len, &err, &off);
    free(stripped.data);
    free(k.data);
    return c;
}

/* An MP made by us: its code (retained) and its flags. False: badarg. */
static bool mp_decode(term mp, const re_opts_t *o, re_code_t **code, bool *unicode, bool *crlf)
{
    if (!term_is_tuple(mp) || term_tuple_arity(mp) != 5) return false;
    const term *e = term_tuple_elems(mp);
    const uint8_t *k;
    size_t n;
    if (e[0] != ATOM(re_pattern) || !term_is_small(e[1]) || !term_is_small(e[2]) || !term_is_small(e[3]) ||
        !binary_bytes(e[4], &k, &n))
        return false;
    uint32_t copt;
    unsigned nl, bsr;
    if (!key_parse(k, n, &copt, &nl, &bsr)) return false;
    int err;
    size_t off;
    /* PCRE1 took newline and \R conventions at match time too, over the
     * compiled ones; PCRE2 only at compile time, so compile a variant */
    if (o->nl || o->bsr) *code = re_variant(k + RE_MP_HEADER, n - RE_MP_HEADER, copt, nl, bsr, o);
    else *code = re_get(k, n, &err, &off);
    if (!*code) return false;
    *unicode = term_to_small(e[2]) != 0;
    *crlf = term_to_small(e[3]) != 0;
    return true;
}

/* Compile a pattern's bytes with the options: a retained code or NULL.
 * OTP 25 hands PCRE the pattern as a C string, so it ends at a NUL. */
static re_code_t *re_compile(const uint8_t *src, size_t len, const re_opts_t *o, int *err, size_t *off)
{
    const uint8_t *nul = memchr(src, 0, len);
    if (nul) len = (size_t)(nul - src);
    rbuf_t k = {0};
    key_make(&k, src, len, o->copt, o->nl, o->bsr);
    re_code_t *c = re_get(k.data, k.len, err, off);
    free(k.data);
    if (!c) err_adjust(err, off, src, len);
    return c;
}

/* The type a unicode list subject's results are converted to by re.erl's
 * urun (process_uparams): the type of the last {capture, V, Type}. */
static term urun_type(term opts)
{
    term t = ATOM(index);
    for (term l = opts; term_is_list(l); l = term_cdr(l)) {
        term it = term_car(l);
        if (term_is_tuple(it) && term_tuple_arity(it) == 3 && term_tuple_elems(it)[0] == ATOM(capture))
            t = term_tuple_elems(it)[2];
    }
    return t;
}

static term re_run(proc_t *p, term subject, term re, term opts)
{
    pthread_once(&re_once, re_init);
    re_opts_t o;
    if (!parse_options(opts, &o)) BIF_BADARG(p);
    bool is_mp = term_is_tuple(re) && term_tuple_arity(re) == 5;
    if (!is_mp && !term_is_bitstring(re) && !term_is_list(re) && !term_is_nil(re)) BIF_BADARG(p);
    if (is_mp && (o.flags & PF_COMPILE)) BIF_BADARG(p);
    bool global = (o.flags & PF_GLOBAL) != 0;
    bool list_cap = (o.flags & PF_CAPTURE) && o.cap_type == ATOM(list);

    re_code_t *c = NULL;
    bool unicode, crlf = false;
    if (is_mp) {
        if (!mp_decode(re, &o, &c, &unicode, &crlf)) BIF_BADARG(p);
    } else {
        unicode = (o.flags & PF_UNICODE) != 0;
    }

    /* Where erl traps to re:urun: chardata subject or pattern in unicode
     * mode, or list captures; urun converts both to UTF-8 binaries, strips
     * the capture types and converts the index results itself. */
    bool urun = unicode && (!term_is_bitstring(subject) || (!is_mp && !term_is_bitstring(re)) || (list_cap && !global));
    out_t uout = OUT_INDEX;
    term cap_type = o.cap_type;
    if (urun && !global) {
        term t = urun_type(opts);
        uout = t == ATOM(list) ? OUT_CHARS : t == ATOM(binary) ? OUT_BINARY : OUT_INDEX;
        cap_type = ATOM(index);
    }

    rbuf_t sbuf = {0}, pbuf = {0};
    const uint8_t *s = NULL;
    size_t sn = 0;
    term result = THE_NON_VALUE;
    heap_t *h = proc_heap(p);
    if (urun && !term_bytes(subject, true, &sbuf, &s, &sn)) goto badarg;
    if (!is_mp) {
        const uint8_t *pat;
        size_t pn;
        /* urun leaves a binary pattern as it is: PCRE2 checks it */
        if (!term_bytes(re, urun && !term_is_bitstring(re), &pbuf, &pat, &pn)) goto badarg;
        int err;
        size_t off;
        c = re_compile(pat, pn, &o, &err, &off);
        if (!c) {
            if (!(o.flags & PF_REPORT)) goto badarg;
            result = mk_compile_error(h, err, off, ATOM(compile));
            goto done;
        }
        crlf = c->use_crlf;
        if (o.nl || o.bsr) {
            /* match-time options over the pattern's own (*CRLF)-like settings */
            size_t tn = memchr(pat, 0, pn) ? (size_t)((const uint8_t *)memchr(pat, 0, pn) - pat) : pn;
            re_code_t *v = re_variant(pat, tn, o.copt, o.nl, o.bsr, &o);
            if (!v) goto badarg;
            re_release(c);
            c = v;
        }
    }
    if (!urun && !term_bytes(subject, false, &sbuf, &s, &sn)) goto badarg;

    matcher_t m;
    matcher_init(&m, c, s, sn, &o);
    if (global) {
        /* re.erl strips the compile options of a text pattern before its
         * internal runs; all that is left of them here is the compiled code */
        result = global_run(p, &m, &o, opts, unicode, crlf);
    } else {
        capspec_t cs;
        if (!build_capture(&cs, (o.flags & PF_CAPTURE) ? o.cap_values : ATOM(all),
                           (o.flags & PF_CAPTURE) ? cap_type : ATOM(index), c->code, false)) {
            matcher_free(&m);
            goto badarg;
        }
        int rc = do_match(&m, o.offset, o.mopt, false);
        if (rc == M_BADARG) {
            cap_free(&cs);
            matcher_free(&m);
            goto badarg;
        }
        if (rc > 0) {
            result = cs.out == OUT_NONE ? ATOM(match)
                                        : mk_tuple2(h, ATOM(match), mk_captures(h, &m, rc, &cs, urun ? uout : cs.out));
        } else if (rc != M_NOMATCH && (o.flags & PF_REPORT)) {
            result = mk_tuple2(h, ATOM(error), rc == M_LIMIT ? ATOM(match_limit) : ATOM(match_limit_recursion));
        } else {
            result = ATOM(nomatch);
        }
        cap_free(&cs);
    }
    matcher_free(&m);
    goto done;
badarg:
    result = proc_raise(p, EXC_ERROR, ATOM(badarg));
done:
    re_release(c);
    free(sbuf.data);
    free(pbuf.data);
    return result;
}

term bif_re_run_2(proc_t *p, const term *args) { return re_run(p, args[0], args[1], NIL); }

term bif_re_run_3(proc_t *p, const term *args) { return re_run(p, args[0], args[1], args[2]); }

/* re:internal_run(Subject, RE, Options, FirstCall): re:run/3 for re.erl's
 * own loops; FirstCall = false lets erl skip the UTF-8 check, which we
 * always do (see the file comment). */
term bif_re_internal_run_4(proc_t *p, const term *args)
{
    if (args[3] != ATOM_true && args[3] != ATOM_false) BIF_BADARG(p);
    return re_run(p, args[0], args[1], args[2]);
}

/* ---------------------------------------------------------------------------
 * re:compile, re:inspect, re:version
 * ------------------------------------------------------------------------- */

static term re_compile_bif(proc_t *p, term re, term opts)
{
    pthread_once(&re_once, re_init);
    re_opts_t o;
    if (!parse_options(opts, &o) || (o.flags & PF_EXEC)) BIF_BADARG(p);
    bool unicode = (o.flags & PF_UNICODE) != 0;
    rbuf_t buf = {0};
    const uint8_t *pat;
    size_t pn;
    /* erl's ucompile: in unicode mode a list is chardata */
    if (!term_bytes(re, unicode && !term_is_bitstring(re), &buf, &pat, &pn)) {
        free(buf.data);
        BIF_BADARG(p);
    }
    int err;
    size_t off;
    re_code_t *c = re_compile(pat, pn, &o, &err, &off);
    free(buf.data);
    heap_t *h = proc_heap(p);
    if (!c) return mk_compile_error(h, err, off, THE_NON_VALUE);
    term mp = mk_mp(h, c, unicode);
    re_release(c);
    return mk_tuple2(h, ATOM(ok), mp);
}

term bif_re_compile_1(proc_t *p, const term *args) { return re_compile_bif(p, args[0], NIL); }

term bif_re_compile_2(proc_t *p, const term *args) { return re_compile_bif(p, args[0], args[1]); }

/* {namelist, Names}: the distinct group names, sorted, as binaries. */
term bif_re_inspect_2(proc_t *p, const term *args)
{
    pthread_once(&re_once, re_init);
    re_opts_t none;
    memset(&none, 0, sizeof none);
    re_code_t *c;
    bool unicode, crlf;
    if (!mp_decode(args[0], &none, &c, &unicode, &crlf)) BIF_BADARG(p);
    if (args[1] != ATOM(namelist)) {
        re_release(c);
        BIF_BADARG(p);
    }
    heap_t *h = proc_heap(p);
    uint32_t count = 0, esize = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(c->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(c->code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
    pcre2_pattern_info(c->code, PCRE2_INFO_NAMETABLE, &table);
    bool dup = has_dupnames(c->code);
    tvec_t names = {0};
    PCRE2_SPTR last = NULL;
    for (uint32_t i = 0; i < count; i++, table += esize) {
        const char *nm = (const char *)table + 2;
        if (!last || !dup || strcmp((const char *)last + 2, nm) != 0)
            tvec_push(&names, bin_make(h, (const uint8_t *)nm, strlen(nm), NULL));
        last = table;
    }
    term l = heap_make_list(h, names.v, names.n, NIL);
    free(names.v);
    re_release(c);
    return mk_tuple2(h, ATOM(namelist), l);
}

/* PCRE2's version, e.g. <<"10.42 2022-12-11">> (erl: its PCRE's). */
term bif_re_version_0(proc_t *p, const term *args)
{
    (void)args;
    char v[64];
    int n = pcre2_config(PCRE2_CONFIG_VERSION, v);
    return bin_make(proc_heap(p), (const uint8_t *)v, n > 0 ? (size_t)n - 1 : 0, NULL);
}
