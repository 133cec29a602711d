/*
 * ms.c - match specifications: the compiler (OTP's db_match_compile and
 * db_match_set_lint) and the runner (db_prog_match). See ms.h for the
 * grammar, the memory and threading rules.
 *
 * A program is a copy of the spec on its own heap plus, per clause, the head
 * (a pattern term on that heap, matched by walking it) and the guards and
 * body compiled to expression trees (ms_expr_t, in an arena). Variables are
 * numbered densely: every '$N' bound in some head gets a slot.
 *
 * Compile errors follow OTP 25 exactly (checked against erl): the same
 * strings (terms printed as erts' %T, cut to 99 bytes), the same order
 * (call arguments, tuple elements, and/or operands last first; list
 * elements first to last; map values then keys, each last first), errors
 * of one clause only (the first that has any), and checks of the whole
 * list (proper list, 3-tuples, trace heads) before any clause compiles.
 */
#include "ms.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "atom.h"
#include "bif.h"
#include "cmp.h"
#include "copy.h"
#include "map.h"
#include "print.h"

/* ---- atoms the compiler knows ---- */

#define MS_ATOMS(X)                                                                                                    \
    X(underscore, "_")                                                                                                 \
    X(dollar_underscore, "$_")                                                                                         \
    X(dollar_dollar, "$$")                                                                                             \
    X(const_, "const")                                                                                                 \
    X(element, "element")                                                                                              \
    X(and_, "and")                                                                                                     \
    X(or_, "or")                                                                                                       \
    X(andalso, "andalso")                                                                                              \
    X(andthen, "andthen")                                                                                              \
    X(orelse, "orelse")                                                                                                \
    X(self, "self")                                                                                                    \
    X(message, "message")                                                                                              \
    X(is_seq_trace, "is_seq_trace")                                                                                    \
    X(set_seq_token, "set_seq_token")                                                                                  \
    X(get_seq_token, "get_seq_token")                                                                                  \
    X(return_trace, "return_trace")                                                                                    \
    X(exception_trace, "exception_trace")                                                                              \
    X(display, "display")                                                                                              \
    X(process_dump, "process_dump")                                                                                    \
    X(enable_trace, "enable_trace")                                                                                    \
    X(disable_trace, "disable_trace")                                                                                  \
    X(trace, "trace")                                                                                                  \
    X(caller, "caller")                                                                                                \
    X(caller_line, "caller_line")                                                                                      \
    X(silent, "silent")                                                                                                \
    X(get_tcw, "get_tcw")                                                                                              \
    X(set_tcw, "set_tcw")                                                                                              \
    X(set_tcw_fake, "set_tcw_fake")                                                                                    \
    X(erlang, "erlang")                                                                                                \
    X(error, "error")                                                                                                  \
    X(EXIT, "EXIT")                                                                                                    \
    X(undefined, "undefined")                                                                                          \
    X(label, "label")                                                                                                  \
    X(serial, "serial")                                                                                                \
    X(tracer, "tracer")                                                                                                \
    X(cpu_timestamp, "cpu_timestamp")

#define X(c, s) static term am_##c;
MS_ATOMS(X)
#undef X

/* Guard functions of OTP 25's guard_tab (erl_db_util.c), as probed on erl:
 * allowed in guards and bodies of both dialects, except get_tcw (trace
 * only) and set_tcw (trace bodies only). They run as Laser's BIFs. */
static const struct {
    const char *name;
    unsigned arity;
} guard_fns[] = {
    {"is_atom", 1},      {"is_float", 1},   {"is_integer", 1}, {"is_list", 1},     {"is_number", 1},
    {"is_pid", 1},       {"is_port", 1},    {"is_reference", 1}, {"is_tuple", 1},  {"is_map", 1},
    {"is_binary", 1},    {"is_function", 1}, {"is_record", 3}, {"is_map_key", 2},  {"map_get", 2},
    {"map_size", 1},     {"abs", 1},        {"element", 2},    {"hd", 1},          {"length", 1},
    {"node", 1},         {"node", 0},       {"round", 1},      {"size", 1},        {"bit_size", 1},
    {"byte_size", 1},    {"binary_part", 2}, {"binary_part", 3}, {"tl", 1},        {"trunc", 1},
    {"float", 1},        {"+", 1},          {"-", 1},          {"+", 2},           {"-", 2},
    {"*", 2},            {"/", 2},          {"div", 2},        {"rem", 2},         {"band", 2},
    {"bor", 2},          {"bxor", 2},       {"bnot", 1},       {"bsl", 2},         {"bsr", 2},
    {">", 2},            {">=", 2},         {"<", 2},          {"=<", 2},          {"=:=", 2},
    {"==", 2},           {"=/=", 2},        {"/=", 2},         {"not", 1},         {"xor", 2},
};
#define N_GUARD_FNS (sizeof guard_fns / sizeof guard_fns[0])
static const bif_info_t *guard_bifs[N_GUARD_FNS];
static term guard_names[N_GUARD_FNS];

static pthread_once_t ms_once = PTHREAD_ONCE_INIT;

static void ms_init(void)
{
    bif_init();
#define X(c, s) am_##c = atom_from_cstr(s);
    MS_ATOMS(X)
#undef X
    for (size_t i = 0; i < N_GUARD_FNS; i++) {
        guard_names[i] = atom_from_cstr(guard_fns[i].name);
        guard_bifs[i] = bif_lookup(am_erlang, guard_names[i], guard_fns[i].arity);
        if (!guard_bifs[i]) {
            fprintf(stderr, "ms.c: no BIF erlang:%s/%u\n", guard_fns[i].name, guard_fns[i].arity);
            abort();
        }
    }
}

/* The trace control word (get_tcw/set_tcw): one per VM, as OTP's. */
static _Atomic uint32_t ms_tcw;

/* ---- programs ---- */

typedef enum {
    X_CONST,     /* c */
    X_VAR,       /* slot n */
    X_WHOLE,     /* '$_' */
    X_ALLVARS,   /* '$$' */
    X_TUPLE,     /* kids[n] */
    X_LIST,      /* kids[0..n-2] elements, kids[n-1] tail */
    X_MAP,       /* kids[0..k-1] keys, kids[k..2k-1] values, n = 2k */
    X_CALL,      /* bif, kids[n] */
    X_AND,       /* kids[n] */
    X_OR,
    X_ANDALSO,
    X_ORELSE,
    X_SELF,
    X_GET_TCW,
    X_SET_TCW,   /* the fake one of match_spec_test: reads only */
    /* trace actions */
    X_MESSAGE,
    X_RETURN_TRACE,
    X_EXCEPTION_TRACE,
    X_DISPLAY,
    X_PROCESS_DUMP,
    X_ENABLE_TRACE,  /* n = 1 or 2 */
    X_DISABLE_TRACE,
    X_TRACE,         /* n = 2 or 3 */
    X_CALLER,
    X_CALLER_LINE,
    X_SILENT,
    X_IS_SEQ_TRACE,
    X_SET_SEQ_TOKEN,
    X_GET_SEQ_TOKEN,
} xop_t;

typedef struct ms_expr {
    uint8_t op;
    uint32_t n;
    term c;
    const bif_info_t *bif;
    struct ms_expr **kids;
} ms_expr_t;

typedef enum { H_PATTERN, H_ARRAY, H_BIND_ALL, H_ANY } head_kind_t;

typedef struct {
    head_kind_t hkind;
    term head;         /* H_PATTERN: the pattern; H_ARRAY: a tuple of argument patterns; H_BIND_ALL: the variable's slot */
    term pat;          /* head with variables and '_' resolved (pat_build), what match() walks */
    ms_expr_t **guards;
    uint32_t nguards;
    ms_expr_t **body;
    uint32_t nbody;
    uint32_t *bound;   /* slots bound by the head, ascending variable number ('$$') */
    uint32_t nbound;
} ms_clause_t;

typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t mem[];
} arena_block_t;

struct ms_prog {
    _Atomic uint32_t refc;
    ms_kind_t kind;
    heap_t heap;          /* the spec's copy: heads and constants */
    arena_block_t *arena; /* expression nodes, clause arrays */
    ms_clause_t *clauses;
    uint32_t nclauses;
    uint32_t nslots;
};

static void *arena_alloc(ms_prog_t *pr, size_t bytes)
{
    bytes = (bytes + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    arena_block_t *b = pr->arena;
    if (!b || b->size - b->used < bytes) {
        size_t size = bytes > 4096 ? bytes : 4096;
        b = malloc(sizeof *b + size);
        if (!b) laser_oom("match specification", size);
        b->next = pr->arena;
        b->used = 0;
        b->size = size;
        pr->arena = b;
    }
    void *r = (char *)b->mem + b->used;
    b->used += bytes;
    return r;
}

void ms_retain(ms_prog_t *prog) { atomic_fetch_add(&prog->refc, 1); }

void ms_release(ms_prog_t *prog)
{
    if (!prog || atomic_fetch_sub(&prog->refc, 1) != 1) return;
    heap_free(&prog->heap);
    for (arena_block_t *b = prog->arena, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    free(prog);
}

ms_kind_t ms_kind(const ms_prog_t *prog) { return prog->kind; }
size_t ms_clause_count(const ms_prog_t *prog) { return prog->nclauses; }

/* ---- variables ---- */

/* OTP's db_is_variable: '$0' or '$' followed by digits without a leading
 * zero, the number computed in a 32-bit int (a wrapped negative number is
 * no variable). */
static int64_t var_number(term t)
{
    if (!term_is_atom(t)) return -1;
    size_t len;
    const uint8_t *s = atom_text(t, &len);
    if (len < 2 || s[0] != '$') return -1;
    if (s[1] == '0') return len == 2 ? 0 : -1;
    uint32_t n = 0;
    for (size_t i = 1; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        n = n * 10 + (uint32_t)(s[i] - '0');
    }
    return (int32_t)n < 0 ? -1 : (int32_t)n;
}

/* ---- the compiler ---- */

#define ERR_MAX 99 /* OTP's DMC_ERR_STR_LEN - 1 */

typedef struct {
    ms_prog_t *pr;
    ms_kind_t kind;
    bool guard;        /* compiling a guard (else a body) */
    bool want_errors;
    print_buf_t *errs; /* error strings, each NUL-terminated */
    size_t nerrs;
    bool failed;
    /* variable numbers bound by the current head, sorted, and their slots */
    uint32_t *vnums, *vslots;
    size_t nv, cap;
    /* all variable numbers of every head (slot = index), sorted */
    uint32_t *slots;
    size_t nslots, slots_cap;
} cc_t;

static void add_error(cc_t *c, const char *fmt, term t, const char *s2)
{
    c->failed = true;
    if (!c->want_errors) return;
    /* fmt has at most one %T (the term) and one %s */
    print_buf_t b = {0};
    for (const char *q = fmt; *q; q++) {
        if (q[0] == '%' && q[1] == 'T') {
            print_term(&b, t);
            q++;
        } else if (q[0] == '%' && q[1] == 's') {
            print_str(&b, s2);
            q++;
        } else {
            print_bytes(&b, q, 1);
        }
    }
    size_t n = b.size < ERR_MAX ? b.size : ERR_MAX;
    print_bytes(c->errs, b.data, n);
    print_bytes(c->errs, "", 1);
    c->nerrs++;
    print_buf_free(&b);
}

static void add_var_error(cc_t *c, int64_t n)
{
    char buf[64];
    snprintf(buf, sizeof buf, "Variable $%lld is unbound.", (long long)n);
    add_error(c, "%s", THE_NON_VALUE, buf);
}

static size_t sorted_find(const uint32_t *a, size_t n, uint32_t v, bool *found)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < n && a[lo] == v;
    return lo;
}

static void sorted_insert(uint32_t **a, size_t *n, size_t *cap, uint32_t v)
{
    bool found;
    size_t at = sorted_find(*a, *n, v, &found);
    if (found) return;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *a = realloc(*a, *cap * sizeof **a);
        if (!*a) laser_oom("match specification", *cap * sizeof **a);
    }
    memmove(*a + at + 1, *a + at, (*n - at) * sizeof **a);
    (*a)[at] = v;
    (*n)++;
}

/* Collect the variables of a head; false (with an error) on a variable or
 * '_' as a map key. Recursion follows the pattern's nesting; lists loop. */
static bool head_vars(cc_t *c, term t, bool report)
{
    for (;;) {
        if (term_is_list(t)) {
            if (!head_vars(c, term_car(t), report)) return false;
            t = term_cdr(t);
            continue;
        }
        if (term_is_tuple(t)) {
            uint64_t n = term_tuple_arity(t);
            for (uint64_t i = 0; i < n; i++)
                if (!head_vars(c, term_tuple_elems(t)[i], report)) return false;
            return true;
        }
        if (term_is_map(t)) {
            map_iter_t it;
            term k, v;
            map_iter_init(&it, t);
            while (map_iter_next(&it, &k, &v)) {
                if (var_number(k) >= 0 || k == am_underscore) {
                    if (report)
                        add_error(c, k == am_underscore ? "Underscore found in map key." : "Variable found in map key.",
                                  THE_NON_VALUE, NULL);
                    return false;
                }
                if (!head_vars(c, v, report)) return false;
            }
            return true;
        }
        int64_t n = var_number(t);
        if (n >= 0) {
            sorted_insert(&c->vnums, &c->nv, &c->cap, (uint32_t)n);
            sorted_insert(&c->slots, &c->nslots, &c->slots_cap, (uint32_t)n);
        }
        return true;
    }
}

/* In a compiled pattern, a variable is a catch immediate holding its slot
 * (catches live only on process stacks, never in terms) and '_' the catch
 * PAT_SKIP: matching then never parses atom names. */
#define PAT_SKIP term_make_catch(UINT32_MAX)

static term pat_build(cc_t *c, term t)
{
    if (term_is_list(t)) {
        size_t n = 0;
        term l = t;
        for (; term_is_list(l); l = term_cdr(l)) n++;
        term *el = malloc(n * sizeof *el);
        if (!el) laser_oom("match specification", n * sizeof *el);
        n = 0;
        for (l = t; term_is_list(l); l = term_cdr(l)) el[n++] = pat_build(c, term_car(l));
        term r = heap_make_list(&c->pr->heap, el, n, pat_build(c, l));
        free(el);
        return r;
    }
    if (term_is_tuple(t)) {
        uint64_t n = term_tuple_arity(t);
        term r = heap_make_tuple(&c->pr->heap, n, NULL);
        for (uint64_t i = 0; i < n; i++) term_tuple_elems(r)[i] = pat_build(c, term_tuple_elems(t)[i]);
        return r;
    }
    if (term_is_map(t)) {
        size_t n = map_size(t), i = 0;
        term *kv = malloc((2 * n + 1) * sizeof *kv);
        if (!kv) laser_oom("match specification", 2 * n * sizeof *kv);
        map_iter_t it;
        map_iter_init(&it, t);
        while (map_iter_next(&it, &kv[i], &kv[n + i])) {
            kv[n + i] = pat_build(c, kv[n + i]);
            i++;
        }
        term r = map_from_pairs(&c->pr->heap, kv, kv + n, n);
        free(kv);
        return r;
    }
    if (t == am_underscore) return PAT_SKIP;
    int64_t v = var_number(t);
    if (v >= 0) {
        bool found;
        return term_make_catch(sorted_find(c->slots, c->nslots, (uint32_t)v, &found));
    }
    return t;
}

static ms_expr_t *node(cc_t *c, xop_t op, uint32_t n)
{
    ms_expr_t *e = arena_alloc(c->pr, sizeof *e);
    e->op = (uint8_t)op;
    e->n = n;
    e->c = NIL;
    e->bif = NULL;
    e->kids = n ? arena_alloc(c->pr, n * sizeof *e->kids) : NULL;
    for (uint32_t i = 0; i < n; i++) e->kids[i] = NULL;
    return e;
}

static ms_expr_t *cc_expr(cc_t *c, term t);

/* Compile kids[i] = elems[i], last first (OTP's order for errors). */
static void cc_array_rev(cc_t *c, ms_expr_t *e, uint32_t at, const term *elems, uint32_t n)
{
    for (uint32_t i = n; i-- > 0;) e->kids[at + i] = cc_expr(c, elems[i]);
}

static ms_expr_t *cc_const(cc_t *c, term t)
{
    ms_expr_t *e = node(c, X_CONST, 0);
    e->c = t;
    return e;
}

/* check_trace of erl_db_util.c: the action exists in this dialect and
 * context. */
static bool trace_ok(cc_t *c, const char *name, bool allow_in_guard)
{
    if (c->kind != MS_TRACE) {
        add_error(c, "Special form '%s' used in wrong dialect.", THE_NON_VALUE, name);
        return false;
    }
    if (c->guard && !allow_in_guard) {
        add_error(c, "Special form '%s' called in guard context.", THE_NON_VALUE, name);
        return false;
    }
    return true;
}

static ms_expr_t *cc_fun(cc_t *c, term t)
{
    const term *p = term_tuple_elems(t);
    uint32_t a = (uint32_t)term_tuple_arity(t); /* OTP's a: the tuple's arity */
    term f = p[0];
    xop_t op;
    const char *tname = NULL;
    if (f == am_const_) {
        if (a != 2) {
            add_error(c, "Special form 'const' called with more than one argument in %T.", t, NULL);
            return NULL;
        }
        return cc_const(c, p[1]);
    }
    if (f == am_and_ || f == am_or_) {
        if (a < 2) {
            add_error(c, f == am_and_ ? "Special form 'and' called without arguments in %T."
                                      : "Special form 'or' called without arguments in %T.",
                      t, NULL);
            return NULL;
        }
        ms_expr_t *e = node(c, f == am_and_ ? X_AND : X_OR, a - 1);
        cc_array_rev(c, e, 0, p + 1, a - 1);
        return e;
    }
    if (f == am_andalso || f == am_andthen || f == am_orelse) {
        if (a < 2) {
            add_error(c, f == am_orelse ? "Special form 'orelse' called without arguments in %T."
                                        : "Special form 'andalso' called without arguments in %T.",
                      t, NULL);
            return NULL;
        }
        ms_expr_t *e = node(c, f == am_orelse ? X_ORELSE : X_ANDALSO, a - 1);
        for (uint32_t i = 0; i < a - 1; i++) e->kids[i] = cc_expr(c, p[1 + i]);
        return e;
    }
    if (f == am_self) {
        if (a != 1) {
            add_error(c, "Special form 'self' called with arguments in %T.", t, NULL);
            return NULL;
        }
        return node(c, X_SELF, 0);
    }
    /* Trace actions: which arities they take (a = 1 + arguments). */
    unsigned amin, amax;
    bool in_guard = false;
    const char *argmsg = "called with wrong number of arguments";
    if (f == am_message) {
        op = X_MESSAGE, tname = "message", amin = amax = 2;
        if (c->kind != MS_TRACE) {
            add_error(c, "Special form 'message' used in wrong dialect.", THE_NON_VALUE, NULL);
            return NULL;
        }
    } else if (f == am_is_seq_trace) {
        op = X_IS_SEQ_TRACE, tname = "is_seq_trace", amin = amax = 1, in_guard = true;
    } else if (f == am_set_seq_token) {
        op = X_SET_SEQ_TOKEN, tname = "set_seq_trace", amin = amax = 3;
    } else if (f == am_get_seq_token) {
        op = X_GET_SEQ_TOKEN, tname = "get_seq_token", amin = amax = 1;
    } else if (f == am_return_trace) {
        op = X_RETURN_TRACE, tname = "return_trace", amin = amax = 1;
    } else if (f == am_exception_trace) {
        op = X_EXCEPTION_TRACE, tname = "exception_trace", amin = amax = 1;
    } else if (f == am_display) {
        op = X_DISPLAY, tname = "display", amin = amax = 2;
    } else if (f == am_process_dump) {
        op = X_PROCESS_DUMP, tname = "process_dump", amin = amax = 1;
    } else if (f == am_enable_trace) {
        op = X_ENABLE_TRACE, tname = "enable_trace", amin = 2, amax = 3;
    } else if (f == am_disable_trace) {
        op = X_DISABLE_TRACE, tname = "disable_trace", amin = 2, amax = 3;
    } else if (f == am_trace) {
        op = X_TRACE, tname = "trace", amin = 3, amax = 4;
    } else if (f == am_caller) {
        op = X_CALLER, tname = "caller", amin = amax = 1;
    } else if (f == am_caller_line) {
        op = X_CALLER_LINE, tname = "caller_line", amin = amax = 1;
    } else if (f == am_silent) {
        op = X_SILENT, tname = "silent", amin = amax = 2;
    } else {
        op = X_CALL;
    }
    if (op != X_CALL) {
        if (!trace_ok(c, tname, in_guard)) return NULL;
        if (a < amin || a > amax) {
            if (amin == 1) argmsg = "called with arguments";
            /* set_seq_token's own message names it correctly */
            const char *nm = op == X_SET_SEQ_TOKEN ? "set_seq_token" : tname;
            char fmt[160];
            snprintf(fmt, sizeof fmt, "Special form '%s' %s in %%T.", nm, argmsg);
            add_error(c, fmt, t, NULL);
            return NULL;
        }
        ms_expr_t *e = node(c, op, a - 1);
        cc_array_rev(c, e, 0, p + 1, a - 1);
        return e;
    }
    /* get_tcw/set_tcw: pseudo BIFs of the trace dialect */
    if ((f == am_get_tcw && a == 1) || ((f == am_set_tcw || f == am_set_tcw_fake) && a == 2)) {
        bool ok = c->kind == MS_TRACE && (f == am_get_tcw || !c->guard);
        if (!ok) {
            char fmt[96];
            snprintf(fmt, sizeof fmt, "Function %%T/%u cannot be called in this context.", a - 1);
            add_error(c, fmt, f, NULL);
            return NULL;
        }
        ms_expr_t *e = node(c, f == am_get_tcw ? X_GET_TCW : X_SET_TCW, a - 1);
        cc_array_rev(c, e, 0, p + 1, a - 1);
        return e;
    }
    const bif_info_t *b = NULL;
    for (size_t i = 0; i < N_GUARD_FNS; i++)
        if (guard_names[i] == f && guard_fns[i].arity == a - 1) b = guard_bifs[i];
    if (!b) {
        char fmt[96];
        snprintf(fmt, sizeof fmt, "Function %%T/%u does_not_exist.", a - 1);
        add_error(c, fmt, f, NULL);
        return NULL;
    }
    ms_expr_t *e = node(c, X_CALL, a - 1);
    e->bif = b;
    cc_array_rev(c, e, 0, p + 1, a - 1);
    return e;
}

/* OTP's "constant" expression: no variable, call or error inside. */
static bool is_const(const ms_expr_t *e)
{
    if (!e) return false;
    if (e->op == X_CONST) return true;
    if (e->op != X_TUPLE && e->op != X_LIST && e->op != X_MAP) return false;
    for (uint32_t i = 0; i < e->n; i++)
        if (!is_const(e->kids[i])) return false;
    return true;
}

static ms_expr_t *cc_expr(cc_t *c, term t)
{
    if (term_is_list(t)) {
        uint32_t n = 0;
        term l = t;
        for (; term_is_list(l); l = term_cdr(l)) n++;
        ms_expr_t *e = node(c, X_LIST, n + 1);
        uint32_t i = 0;
        for (l = t; term_is_list(l); l = term_cdr(l)) e->kids[i++] = cc_expr(c, term_car(l));
        e->kids[n] = cc_expr(c, l);
        return e;
    }
    if (term_is_map(t)) {
        size_t n = map_size(t);
        term *kv = malloc((2 * n + 1) * sizeof *kv);
        if (!kv) laser_oom("match specification", 2 * n * sizeof *kv);
        map_iter_t it;
        size_t i = 0;
        map_iter_init(&it, t);
        while (map_iter_next(&it, &kv[i], &kv[n + i])) i++;
        ms_expr_t *e = node(c, X_MAP, (uint32_t)(2 * n));
        if (map_is_flat(t)) {
            /* values then keys, each last first */
            cc_array_rev(c, e, (uint32_t)n, kv + n, (uint32_t)n);
            cc_array_rev(c, e, 0, kv, (uint32_t)n);
        } else {
            /* OTP 25's hash map case: pairs in iteration order until one is
             * not constant, then every pair again (errors twice, as erl) */
            bool all_const = true;
            for (size_t j = 0; j < n && all_const; j++) {
                e->kids[j] = cc_expr(c, kv[j]);
                e->kids[n + j] = cc_expr(c, kv[n + j]);
                all_const = is_const(e->kids[j]) && is_const(e->kids[n + j]);
            }
            for (size_t j = 0; j < n && !all_const; j++) {
                e->kids[j] = cc_expr(c, kv[j]);
                e->kids[n + j] = cc_expr(c, kv[n + j]);
            }
        }
        free(kv);
        return e;
    }
    if (term_is_tuple(t)) {
        uint64_t a = term_tuple_arity(t);
        const term *p = term_tuple_elems(t);
        if (a == 1 && term_is_tuple(p[0])) {
            uint32_t n = (uint32_t)term_tuple_arity(p[0]);
            ms_expr_t *e = node(c, X_TUPLE, n);
            cc_array_rev(c, e, 0, term_tuple_elems(p[0]), n);
            return e;
        }
        if (a >= 1 && term_is_atom(p[0]) && var_number(p[0]) < 0) return cc_fun(c, t);
        add_error(c, "%T is neither a function call, nor a tuple (tuples are written {{ ... }}).", t, NULL);
        return NULL;
    }
    int64_t v = var_number(t);
    if (v >= 0) {
        bool found;
        size_t at = sorted_find(c->vnums, c->nv, (uint32_t)v, &found);
        if (!found) {
            add_var_error(c, v);
            return NULL;
        }
        ms_expr_t *e = node(c, X_VAR, 0);
        e->c = c->vslots[at];
        return e;
    }
    if (t == am_dollar_underscore) return node(c, X_WHOLE, 0);
    if (t == am_dollar_dollar) return node(c, X_ALLVARS, 0);
    return cc_const(c, t);
}

/* OTP's compile_guard_expr: a proper list of expressions. */
static ms_expr_t **cc_list(cc_t *c, term l, uint32_t *n_out)
{
    *n_out = 0;
    if (term_is_nil(l)) return NULL;
    if (!term_is_list(l)) {
        add_error(c, "Match expression is not a list.", THE_NON_VALUE, NULL);
        return NULL;
    }
    uint32_t n = 0;
    term x = l;
    for (; term_is_list(x); x = term_cdr(x)) n++;
    ms_expr_t **v = arena_alloc(c->pr, n * sizeof *v);
    uint32_t i = 0;
    for (x = l; term_is_list(x); x = term_cdr(x)) v[i++] = cc_expr(c, term_car(x));
    if (!term_is_nil(x)) add_error(c, "Match expression is not a proper list.", THE_NON_VALUE, NULL);
    *n_out = n;
    return v;
}

static term errors_list(heap_t *h, const print_buf_t *errs, size_t n, term sev)
{
    term *items = malloc((n + 1) * sizeof *items);
    if (!items) laser_oom("match specification", n * sizeof *items);
    const char *s = errs->data;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(s);
        term str = NIL;
        for (size_t k = len; k-- > 0;) str = heap_make_cons(h, term_from_small((uint8_t)s[k]), str);
        term pair[2] = {sev, str};
        items[i] = heap_make_tuple(h, 2, pair);
        s += len + 1;
    }
    term r = heap_make_list(h, items, n, NIL);
    free(items);
    return r;
}

ms_prog_t *ms_compile(term spec, ms_kind_t kind, heap_t *eh, term *errors)
{
    pthread_once(&ms_once, ms_init);
    print_buf_t errs = {0};
    cc_t c = {.kind = kind, .want_errors = errors != NULL, .errs = &errs};
    if (errors) *errors = NIL;

    /* The whole list first, as db_match_set_lint does. */
    const char *early = NULL;
    term bad_head = THE_NON_VALUE;
    uint32_t n = 0;
    term l = spec;
    if (!term_is_list(spec)) {
        early = "Match programs are not in a list.";
    } else {
        for (; term_is_list(l); l = term_cdr(l)) n++;
        if (!term_is_nil(l)) early = "Match programs are not in a proper list.";
    }
    for (l = spec; !early && term_is_list(l); l = term_cdr(l)) {
        term cl = term_car(l);
        if (!term_is_tuple(cl) || term_tuple_arity(cl) != 3) {
            early = "Match program part is not a tuple of arity 3.";
        } else if (kind == MS_TRACE) {
            term h = term_tuple_elems(cl)[0], x = h;
            while (term_is_list(x)) x = term_cdr(x);
            if (term_is_list(h) && !term_is_nil(x)) {
                early = "Match expression part %T is not a proper list.";
                bad_head = h;
            }
        }
    }
    if (early) {
        add_error(&c, early, bad_head, NULL);
        goto fail;
    }

    c.pr = calloc(1, sizeof *c.pr);
    if (!c.pr) laser_oom("match specification", sizeof *c.pr);
    atomic_init(&c.pr->refc, 1);
    c.pr->kind = kind;
    heap_init(&c.pr->heap);
    spec = copy_term(&c.pr->heap, spec);
    c.pr->nclauses = n;
    c.pr->clauses = arena_alloc(c.pr, n * sizeof *c.pr->clauses);

    /* Slots: every variable of every head (an invalid head fails the
     * compilation when its clause comes: OTP reports one clause's errors). */
    for (l = spec; term_is_list(l); l = term_cdr(l)) {
        c.nv = 0;
        head_vars(&c, term_tuple_elems(term_car(l))[0], false);
    }
    uint32_t ci = 0;
    for (l = spec; term_is_list(l); l = term_cdr(l), ci++) {
        const term *cl = term_tuple_elems(term_car(l));
        ms_clause_t *k = &c.pr->clauses[ci];
        term head = cl[0];
        c.nv = 0;
        if (!head_vars(&c, head, true)) goto fail;
        c.vslots = realloc(c.vslots, (c.nv + 1) * sizeof *c.vslots);
        k->nbound = (uint32_t)c.nv;
        k->bound = arena_alloc(c.pr, (c.nv + 1) * sizeof *k->bound);
        for (size_t i = 0; i < c.nv; i++) {
            bool found;
            c.vslots[i] = (uint32_t)sorted_find(c.slots, c.nslots, c.vnums[i], &found);
            k->bound[i] = c.vslots[i];
        }
        k->head = head;
        if (kind == MS_TRACE) {
            if (head == am_underscore) {
                k->hkind = H_ANY;
            } else if (var_number(head) >= 0) {
                k->hkind = H_BIND_ALL;
                k->head = c.vslots[0];
            } else if (term_is_list(head) || term_is_nil(head)) {
                uint32_t na = 0;
                for (term x = head; term_is_list(x); x = term_cdr(x)) na++;
                term *el = heap_alloc(&c.pr->heap, na + 1);
                el[0] = hdr_make(na, HDR_TUPLE);
                na = 0;
                for (term x = head; term_is_list(x); x = term_cdr(x)) el[1 + na++] = term_car(x);
                k->hkind = H_ARRAY;
                k->head = term_from_boxed_ptr(el);
            } else if (term_is_tuple(head)) {
                k->hkind = H_ARRAY;
            } else {
                add_error(&c, "Match head is invalid in this context.", THE_NON_VALUE, NULL);
                goto fail;
            }
        } else {
            k->hkind = head == am_underscore ? H_ANY : H_PATTERN;
        }
        if (k->hkind == H_PATTERN || k->hkind == H_ARRAY) k->pat = pat_build(&c, k->head);
        c.guard = true;
        k->guards = cc_list(&c, cl[1], &k->nguards);
        c.guard = false;
        if (kind == MS_TABLE && !term_is_list(cl[2])) {
            add_error(&c, "Body clause does not return anything.", THE_NON_VALUE, NULL);
            goto fail;
        }
        k->body = cc_list(&c, cl[2], &k->nbody);
        if (c.failed) goto fail;
    }
    c.pr->nslots = (uint32_t)c.nslots;
    free(c.vnums);
    free(c.vslots);
    free(c.slots);
    print_buf_free(&errs);
    return c.pr;

fail:
    if (errors && eh) *errors = errors_list(eh, &errs, c.nerrs, am_error);
    print_buf_free(&errs);
    free(c.vnums);
    free(c.vslots);
    free(c.slots);
    if (c.pr) ms_release(c.pr);
    return NULL;
}

/* ---- the runner ---- */

typedef struct {
    const ms_prog_t *pr;
    const ms_clause_t *cl;
    proc_t *p;
    heap_t *th;  /* temporaries: proc_heap(p) */
    term obj;    /* the object ('$_'); for trace the argument list */
    term *vars;
    bool in_body;
    term message; /* trace: the message action's value */
    unsigned flags;
} run_t;

static bool match(run_t *r, term pat, term obj)
{
    for (;;) {
        if (term_is_catch(pat)) {
            if (pat == PAT_SKIP) return true;
            term *var = &r->vars[term_catch_val(pat)];
            if (!term_is_value(*var)) {
                *var = obj; /* first occurrence binds, later ones compare */
                return true;
            }
            return cmp_eq_exact(*var, obj);
        }
        if (term_is_list(pat)) {
            if (!term_is_list(obj)) return false;
            if (!match(r, term_car(pat), term_car(obj))) return false;
            pat = term_cdr(pat);
            obj = term_cdr(obj);
            continue;
        }
        if (term_is_immed(pat)) return pat == obj;
        if (term_is_tuple(pat)) {
            if (!term_is_tuple(obj) || term_tuple_arity(obj) != term_tuple_arity(pat)) return false;
            uint64_t n = term_tuple_arity(pat);
            for (uint64_t i = 0; i < n; i++)
                if (!match(r, term_tuple_elems(pat)[i], term_tuple_elems(obj)[i])) return false;
            return true;
        }
        if (term_is_map(pat)) {
            if (!term_is_map(obj) || map_size(obj) < map_size(pat)) return false;
            map_iter_t it;
            term k, v;
            map_iter_init(&it, pat);
            while (map_iter_next(&it, &k, &v)) {
                term ov = map_get(obj, k);
                if (!term_is_value(ov) || !match(r, v, ov)) return false;
            }
            return true;
        }
        if (term_is_float(pat)) {
            /* OTP's matchEqFloat compares the bits: 0.0 and -0.0 differ */
            if (!term_is_float(obj)) return false;
            double a = term_float_val(pat), b = term_float_val(obj);
            return memcmp(&a, &b, sizeof a) == 0;
        }
        return cmp_eq_exact(pat, obj);
    }
}

static bool match_head(run_t *r, const ms_clause_t *k)
{
    switch (k->hkind) {
    case H_ANY: return true;
    case H_PATTERN: return match(r, k->pat, r->obj);
    case H_BIND_ALL: r->vars[k->head] = r->obj; return true;
    case H_ARRAY: {
        uint64_t n = term_tuple_arity(k->pat);
        term l = r->obj;
        for (uint64_t i = 0; i < n; i++, l = term_cdr(l))
            if (!term_is_list(l) || !match(r, term_tuple_elems(k->pat)[i], term_car(l))) return false;
        return term_is_nil(l);
    }
    }
    return false;
}

/* A failed evaluation: in a guard the clause fails, in a body the
 * expression is 'EXIT' (OTP's FAIL_TERM). */
#define FAILED THE_NON_VALUE

static term eval(run_t *r, const ms_expr_t *e);

static term fail_value(run_t *r) { return r->in_body ? am_EXIT : FAILED; }

/* Evaluate kids last first into v (OTP's stack order); false if one failed
 * in a guard. */
static bool eval_kids(run_t *r, const ms_expr_t *e, term *v)
{
    for (uint32_t i = e->n; i-- > 0;) {
        v[i] = eval(r, e->kids[i]);
        if (!term_is_value(v[i])) return false;
    }
    return true;
}

/* erts_trace_flag2bit: the flags enable_trace/disable_trace/trace take. */
static bool trace_flag(term f)
{
    static const char *const names[] = {
        "all", "send", "receive", "set_on_spawn", "procs", "ports", "set_on_first_spawn", "set_on_link",
        "set_on_first_link", "running", "exiting", "running_procs", "running_ports", "garbage_collection",
        "call", "arity", "return_to", "silent", "timestamp", "strict_monotonic_timestamp",
        "monotonic_timestamp", "scheduler_id",
    };
    if (!term_is_atom(f)) return false;
    size_t len;
    const uint8_t *s = atom_text(f, &len);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && !memcmp(names[i], s, len)) return true;
    return false;
}

/* erts_trace_flags: a proper list of flags and {tracer, ...} tuples. */
static bool trace_flag_list(term l)
{
    for (; term_is_list(l); l = term_cdr(l)) {
        term f = term_car(l);
        if (term_is_tuple(f) && term_tuple_arity(f) >= 2 && term_tuple_elems(f)[0] == am_tracer) continue;
        if (!trace_flag(f)) return false; /* cpu_timestamp too: not allowed here */
    }
    return term_is_nil(l);
}

/* A process that exists (pid or registered name), for the 2-argument
 * trace actions. */
static bool proc_exists(proc_t *p, term who)
{
    if (who == p->id) return true;
    const bif_info_t *b = NULL;
    term args[1] = {who};
    if (term_is_atom(who)) {
        b = bif_lookup(am_erlang, atom_from_cstr("whereis"), 1);
        if (!b) return false;
        term pid = b->fn(p, args);
        return term_is_value(pid) && term_is_pid(pid);
    }
    if (!term_is_local_pid(who)) return false;
    b = bif_lookup(am_erlang, atom_from_cstr("is_process_alive"), 1);
    if (!b) return false;
    term alive = b->fn(p, args);
    return alive == ATOM_true;
}

static term eval_action(run_t *r, const ms_expr_t *e, term *v)
{
    switch ((xop_t)e->op) {
    case X_MESSAGE: r->message = v[0]; return ATOM_true;
    case X_RETURN_TRACE: r->flags |= MS_FLAG_RETURN_TRACE; return ATOM_true;
    case X_EXCEPTION_TRACE: r->flags |= MS_FLAG_EXCEPTION_TRACE; return ATOM_true;
    case X_DISPLAY: print_display(v[0]); return ATOM_true;
    case X_PROCESS_DUMP: {
        /* erts' print_process_info text; Laser has no such dump yet: the
         * pid line it starts with. */
        print_buf_t b = {0};
        print_str(&b, "=proc:");
        print_term(&b, r->p->id);
        print_str(&b, "\n");
        term *hp = heap_alloc(r->th, heap_bin_words(b.size));
        hp[0] = hdr_make(heap_bin_words(b.size) - 1, HDR_HEAP_BIN);
        hp[1] = b.size;
        memcpy(hp + 2, b.data, b.size);
        print_buf_free(&b);
        return term_from_boxed_ptr(hp);
    }
    case X_ENABLE_TRACE:
    case X_DISABLE_TRACE:
        /* no tracing in Laser: a valid flag (of a live process) is accepted */
        if (e->n == 1) return trace_flag(v[0]) ? ATOM_true : am_EXIT;
        return trace_flag(v[1]) && proc_exists(r->p, v[0]) ? ATOM_true : am_EXIT;
    case X_TRACE: {
        /* without a tracer nothing changes: false, as erl answers */
        term d = v[e->n - 2], en = v[e->n - 1];
        if (!trace_flag_list(d) || !trace_flag_list(en)) return am_EXIT;
        if (e->n == 3 && !proc_exists(r->p, v[0])) return am_EXIT;
        return ATOM_false;
    }
    case X_CALLER:
        if (term_is_value(ms_trace_caller)) return ms_trace_caller;
        return am_undefined; /* called from a BIF: no caller */
    case X_CALLER_LINE: return am_undefined;
    case X_SILENT: return ATOM_true;       /* ignored when testing */
    case X_IS_SEQ_TRACE: return ATOM_false;
    case X_GET_SEQ_TOKEN: return NIL;
    case X_SET_SEQ_TOKEN: {
        /* the fake of match_spec_test: seq_trace:get_token(Flag)'s value
         * without a token */
        static const char *const flags[] = {"send", "receive", "print", "timestamp", "monotonic_timestamp",
                                            "strict_monotonic_timestamp"};
        term f = v[0];
        if (f == am_label || f == am_serial) return NIL;
        if (term_is_atom(f)) {
            size_t len;
            const uint8_t *s = atom_text(f, &len);
            for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
                if (strlen(flags[i]) == len && !memcmp(flags[i], s, len)) return ATOM_false;
        }
        return am_EXIT;
    }
    default: return am_EXIT;
    }
}

static term eval_call(run_t *r, const ms_expr_t *e, const term *v)
{
    term res = e->bif->fn(r->p, v);
    if (!term_is_value(res)) {
        r->p->fclass = EXC_NONE;
        r->p->fvalue = NIL;
        r->p->finfo = THE_NON_VALUE;
        return fail_value(r);
    }
    return res;
}

static term eval(run_t *r, const ms_expr_t *e)
{
    term small[4], *v = e->n <= 4 ? small : NULL;
    if (!v) {
        v = malloc(e->n * sizeof *v);
        if (!v) laser_oom("match specification", e->n * sizeof *v);
    }
    term res;
    switch ((xop_t)e->op) {
    case X_CONST: res = e->c; break;
    case X_VAR: res = r->vars[e->c]; break;
    case X_WHOLE: res = r->obj; break;
    case X_ALLVARS: {
        res = NIL;
        for (uint32_t i = r->cl->nbound; i-- > 0;) res = heap_make_cons(r->th, r->vars[r->cl->bound[i]], res);
        break;
    }
    case X_SELF: res = r->p->id; break;
    case X_ANDALSO:
    case X_ORELSE: {
        term stop = e->op == X_ANDALSO ? ATOM_false : ATOM_true;
        term go = e->op == X_ANDALSO ? ATOM_true : ATOM_false;
        res = go;
        for (uint32_t i = 0; i < e->n; i++) {
            term x = eval(r, e->kids[i]);
            if (i == e->n - 1 || !term_is_value(x)) { /* the last one's value as is */
                res = x;
                break;
            }
            if (x == stop) {
                res = stop;
                break;
            }
            if (x != go) {
                res = fail_value(r);
                break;
            }
        }
        break;
    }
    default:
        if (!eval_kids(r, e, v)) {
            res = FAILED;
            break;
        }
        switch ((xop_t)e->op) {
        case X_TUPLE: res = heap_make_tuple(r->th, e->n, v); break;
        case X_LIST: res = heap_make_list(r->th, v, e->n - 1, v[e->n - 1]); break;
        case X_MAP: res = map_from_pairs(r->th, v, v + e->n / 2, e->n / 2); break;
        case X_CALL: res = eval_call(r, e, v); break;
        case X_AND:
        case X_OR: {
            /* every operand must be a boolean, then and/or of them */
            term absorb = e->op == X_AND ? ATOM_false : ATOM_true;
            res = e->op == X_AND ? ATOM_true : ATOM_false;
            for (uint32_t i = 0; i < e->n; i++) {
                if (v[i] == absorb) {
                    res = absorb;
                } else if (v[i] != ATOM_true && v[i] != ATOM_false) {
                    res = fail_value(r);
                    break;
                }
            }
            break;
        }
        case X_GET_TCW: res = term_from_small(atomic_load(&ms_tcw)); break;
        case X_SET_TCW:
            res = term_is_small(v[0]) && term_to_small(v[0]) >= 0 && term_to_small(v[0]) <= UINT32_MAX
                      ? term_from_small(atomic_load(&ms_tcw))
                      : fail_value(r);
            break;
        default: res = eval_action(r, e, v); break;
        }
        break;
    }
    if (v != small) free(v);
    return res;
}

_Thread_local term ms_trace_caller = THE_NON_VALUE;

ms_result_t ms_run(const ms_prog_t *prog, proc_t *p, heap_t *h, term obj, term *result, unsigned *flags)
{
    if (flags) *flags = 0;
    if (prog->kind == MS_TRACE && !term_is_list(obj) && !term_is_nil(obj)) return MS_ERROR;
    term small[16], *vars = prog->nslots <= 16 ? small : malloc(prog->nslots * sizeof *vars);
    if (!vars) laser_oom("match specification", prog->nslots * sizeof *vars);
    run_t r = {.pr = prog, .p = p, .th = proc_heap(p), .obj = obj, .vars = vars};
    ms_result_t ret = MS_NOMATCH;
    for (uint32_t ci = 0; ci < prog->nclauses; ci++) {
        const ms_clause_t *k = &prog->clauses[ci];
        for (uint32_t i = 0; i < prog->nslots; i++) vars[i] = THE_NON_VALUE;
        r.cl = k;
        r.in_body = false;
        r.flags = 0;
        r.message = ATOM_true;
        if (!match_head(&r, k)) continue;
        bool ok = true;
        for (uint32_t i = 0; ok && i < k->nguards; i++) ok = eval(&r, k->guards[i]) == ATOM_true;
        if (!ok) continue;
        r.in_body = true;
        term last = ATOM_true; /* an empty body */
        for (uint32_t i = 0; i < k->nbody; i++) last = eval(&r, k->body[i]);
        if (prog->kind == MS_TRACE) last = r.message;
        *result = copy_term(h, last);
        if (flags) *flags = r.flags;
        ret = MS_MATCH;
        break;
    }
    if (vars != small) free(vars);
    return ret;
}

/* ---- queries for ETS ---- */

static bool ground(term t)
{
    for (;;) {
        if (term_is_list(t)) {
            if (!ground(term_car(t))) return false;
            t = term_cdr(t);
            continue;
        }
        if (term_is_tuple(t)) {
            for (uint64_t i = 0; i < term_tuple_arity(t); i++)
                if (!ground(term_tuple_elems(t)[i])) return false;
            return true;
        }
        if (term_is_map(t)) {
            map_iter_t it;
            term k, v;
            map_iter_init(&it, t);
            while (map_iter_next(&it, &k, &v))
                if (!ground(k) || !ground(v)) return false;
            return true;
        }
        return t != am_underscore && var_number(t) < 0;
    }
}

bool ms_ground_keys(const ms_prog_t *prog, unsigned keypos, term *keys)
{
    if (prog->kind != MS_TABLE || keypos == 0) return false;
    for (uint32_t i = 0; i < prog->nclauses; i++) {
        const ms_clause_t *k = &prog->clauses[i];
        if (k->hkind != H_PATTERN || !term_is_tuple(k->head) || term_tuple_arity(k->head) < keypos) return false;
        if (!ground(term_tuple_elems(k->head)[keypos - 1])) return false;
    }
    for (uint32_t i = 0; i < prog->nclauses; i++) keys[i] = term_tuple_elems(prog->clauses[i].head)[keypos - 1];
    return true;
}

/* OTP's db_match_eq_body: does body term b (in body syntax: {{...}}
 * tuples, {const, T}) always build the term head pattern a matched? An
 * explicit stack of (a, b) pairs; NON_VALUE in b's place ends a const. */
static bool eq_body(term a, term b)
{
    size_t n = 0, cap = 32;
    term *st = malloc(cap * sizeof(term));
    bool cmode = false, ok = st != NULL;
#define EB_PUSH(x, y)                                                                              \
    do {                                                                                           \
        if (n + 2 > cap) {                                                                         \
            term *ns = realloc(st, (cap *= 2) * sizeof(term));                                     \
            if (!ns) laser_oom("match spec", cap);                                                 \
            st = ns;                                                                               \
        }                                                                                          \
        st[n++] = (x), st[n++] = (y);                                                              \
    } while (0)
    while (ok) {
        if (term_is_list(b)) {
            if (!term_is_list(a)) {
                ok = false;
                break;
            }
            EB_PUSH(term_cdr(a), term_cdr(b));
            a = term_car(a), b = term_car(b);
            continue;
        }
        if (term_is_tuple(b)) {
            const term *be = term_tuple_elems(b);
            if (!cmode) {
                if (term_tuple_arity(b) == 1 && term_is_tuple(be[0])) b = be[0];
                else if (term_tuple_arity(b) == 2 && be[0] == am_const_) {
                    EB_PUSH(THE_NON_VALUE, THE_NON_VALUE); /* const ends here */
                    cmode = true;
                    b = be[1];
                    continue;
                } else {
                    ok = false; /* a call or no tuple syntax */
                    break;
                }
            }
            if (!term_is_tuple(a) || term_tuple_arity(a) != term_tuple_arity(b)) {
                ok = false;
                break;
            }
            uint64_t ar = term_tuple_arity(a);
            const term *ae = term_tuple_elems(a), *bb = term_tuple_elems(b);
            for (uint64_t i = ar; i-- > 1;) EB_PUSH(ae[i], bb[i]);
            if (ar > 0) {
                a = ae[0], b = bb[0];
                continue;
            }
        } else if (term_is_map(b)) {
            ok = false; /* the matched map may hold other pairs */
            break;
        } else if (!term_is_immed(b)) {
            if (!cmp_eq_exact(a, b)) ok = false;
        } else if (a != b || a == am_underscore || a == am_dollar_dollar || a == am_dollar_underscore ||
                   (cmode && var_number(a) >= 0)) {
            ok = false;
        }
        /* the next pair; leave const mode at its marker */
        for (;;) {
            if (!ok || n == 0) goto done;
            b = st[--n], a = st[--n];
            if (term_is_value(b)) break;
            cmode = false;
        }
    }
done:
#undef EB_PUSH
    free(st);
    return ok && n == 0;
}

/* OTP's db_match_keeps_key for one clause. */
static bool clause_keeps_key(unsigned keypos, term head, term body)
{
    if (!term_is_list(body) || !term_is_nil(term_cdr(body))) return false;
    term x = term_car(body);
    if (x == am_dollar_underscore) return true;
    if (!term_is_tuple(x) || !term_is_tuple(head) || term_tuple_arity(head) < keypos) return false;
    term key = term_tuple_elems(head)[keypos - 1], sub;
    const term *xe = term_tuple_elems(x);
    bool cmode = term_tuple_arity(x) == 2 && xe[0] == am_const_;
    if (cmode) sub = xe[1];
    else if (term_tuple_arity(x) == 1) sub = xe[0];
    else return false;
    if (!term_is_tuple(sub) || term_tuple_arity(sub) < keypos) return false;
    term bkey = term_tuple_elems(sub)[keypos - 1];
    if (cmode) {
        /* a constant: compared in const mode */
        term buf[3] = {hdr_make(2, HDR_TUPLE), am_const_, bkey};
        return eq_body(key, term_from_boxed_ptr(buf));
    }
    if (eq_body(key, bkey)) return true;
    /* {element, KeyPos, '$_'} */
    return term_is_tuple(bkey) && term_tuple_arity(bkey) == 3 && term_tuple_elems(bkey)[0] == am_element &&
           term_tuple_elems(bkey)[1] == term_from_small(keypos) && term_tuple_elems(bkey)[2] == am_dollar_underscore;
}

bool ms_keeps_key(term spec, unsigned keypos)
{
    pthread_once(&ms_once, ms_init);
    for (; term_is_list(spec); spec = term_cdr(spec)) {
        term c = term_car(spec);
        if (!term_is_tuple(c) || term_tuple_arity(c) != 3) return false;
        const term *e = term_tuple_elems(c);
        if (!clause_keeps_key(keypos, e[0], e[2])) return false;
    }
    return term_is_nil(spec);
}

bool ms_returns_object(const ms_prog_t *prog)
{
    if (prog->kind != MS_TABLE) return false;
    for (uint32_t i = 0; i < prog->nclauses; i++) {
        const ms_clause_t *k = &prog->clauses[i];
        if (k->nbody != 1 || k->body[0]->op != X_WHOLE) return false;
    }
    return true;
}
