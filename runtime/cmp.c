/*
 * cmp.c - Erlang's term order and equality, as OTP 25's erts_cmp and eq
 * (utils.c) define them, checked against erl (tests/unit/test_cmp.c):
 *
 *   number < atom < reference < fun < port < pid < tuple < map < [] < list
 *          < bitstring
 *
 * Within each class:
 *   numbers   by value, exactly (2^53 + 1 > 9007199254740992.0; 0.0 == -0.0).
 *             In the exact order (map keys, =:=) every integer sorts before
 *             every float, whatever the values.
 *   atoms     by text (code point order).
 *   refs      by node (name, then creation), then by their 32-bit numbers
 *             from the most significant down; extra high zero numbers do not
 *             count.
 *   funs      local funs before export funs. Local funs by module, index,
 *             old_uniq (signed), number of free variables, then the free
 *             variables; the md5 uniq is not looked at (erl says a fun with
 *             a different md5 is still =:=). Export funs by module,
 *             function, arity.
 *   ports     by node, then by id.
 *   pids      by serial, then number, and only then by node (erl sorts
 *             <a@b.5.0> after <0.4.0>).
 *   tuples    by arity, then elements.
 *   maps      by size, then keys in exact order, then values in key order.
 *             Keys are always compared exactly (#{1 => a} /= #{1.0 => a}),
 *             values exactly only when the whole comparison is.
 *   lists     element-wise, then tails (improper tails compare as terms).
 *   bitstrings bit-wise lexicographic, then by size.
 *
 * =:= is the exact comparison returning 0: OTP's eq() looks at the same
 * fields as the exact order for every type.
 *
 * The walk never recurses on the C stack for nested terms: pending work
 * (the rest of a tuple, a list tail, a map's values) is kept on an explicit
 * stack that grows on the C heap, so a list of 10 million elements or a
 * term nested a million levels deep compares in bounded C stack. The one
 * exception is sorting the keys of a large map (HAMT), which calls
 * cmp_terms_exact per key pair: C recursion there is bounded by how deeply
 * large maps are nested inside keys of large maps.
 */
#include "cmp.h"

#include "atom.h"
#include "big.h"
#include "bin.h"
#include "map.h"
#include "node.h"
#include "../src/export.h"
#include "../src/funtab.h"

#include <stdlib.h>

/* ---- classes of the term order ---- */

enum {
    C_NUMBER,
    C_ATOM,
    C_REF,
    C_FUN,
    C_PORT,
    C_PID,
    C_TUPLE,
    C_MAP,
    C_NIL,
    C_LIST,
    C_BITS,
    C_OTHER, /* not an Erlang term (catch, non-value, match state): ordered last, by raw word */
};

static int term_class(term t)
{
    switch (t & TAG_PRIMARY_MASK) {
    case TAG_PRIMARY_LIST: return C_LIST;
    case TAG_PRIMARY_BOXED:
        switch (hdr_subtag(term_boxed_header(t))) {
        case HDR_TUPLE: return C_TUPLE;
        case HDR_POS_BIG:
        case HDR_NEG_BIG:
        case HDR_FLOAT: return C_NUMBER;
        case HDR_REF:
        case HDR_EXT_REF: return C_REF;
        case HDR_FUN:
        case HDR_EXPORT: return C_FUN;
        case HDR_REFC_BIN:
        case HDR_HEAP_BIN:
        case HDR_SUB_BIN: return C_BITS;
        case HDR_MAP: return C_MAP;
        case HDR_EXT_PID: return C_PID;
        case HDR_EXT_PORT: return C_PORT;
        default: return C_OTHER;
        }
    case TAG_PRIMARY_IMMED1:
        switch (t & TAG_IMMED1_MASK) {
        case TAG_IMMED1_SMALL: return C_NUMBER;
        case TAG_IMMED1_PID: return C_PID;
        case TAG_IMMED1_PORT: return C_PORT;
        default:
            if (term_is_atom(t)) return C_ATOM;
            if (term_is_nil(t)) return C_NIL;
            return C_OTHER;
        }
    default: return C_OTHER;
    }
}

static int cmp_u64(uint64_t x, uint64_t y) { return (x > y) - (x < y); }

/* ---- the explicit work stack ---- */

enum { K_PAIR, K_ARRAY, K_EXACT_OFF, K_FREE };

typedef struct {
    unsigned kind;
    size_t n; /* K_ARRAY: elements left, > 0 */
    union {
        const term *p; /* K_ARRAY */
        term t;        /* K_PAIR */
        void *mem;     /* K_FREE */
    } a, b;
} work_t;

typedef struct {
    work_t *items;
    size_t len, cap;
    work_t inline_items[32];
} wstack_t;

static void ws_init(wstack_t *s)
{
    s->items = s->inline_items;
    s->len = 0;
    s->cap = sizeof s->inline_items / sizeof s->inline_items[0];
}

static work_t *ws_push(wstack_t *s, unsigned kind)
{
    if (s->len == s->cap) {
        size_t ncap = s->cap * 2;
        work_t *n = malloc(ncap * sizeof *n);
        if (!n) laser_oom("the term comparison stack", ncap * sizeof *n);
        memcpy(n, s->items, s->len * sizeof *n);
        if (s->items != s->inline_items) free(s->items);
        s->items = n;
        s->cap = ncap;
    }
    work_t *w = &s->items[s->len++];
    w->kind = kind;
    return w;
}

static void push_pair(wstack_t *s, term a, term b)
{
    work_t *w = ws_push(s, K_PAIR);
    w->a.t = a;
    w->b.t = b;
}

static void push_array(wstack_t *s, const term *a, const term *b, size_t n)
{
    if (n == 0) return;
    work_t *w = ws_push(s, K_ARRAY);
    w->n = n;
    w->a.p = a;
    w->b.p = b;
}

/* Next pair to compare; false when no work is left. */
static bool ws_next(wstack_t *s, term *a, term *b, bool *exact)
{
    while (s->len > 0) {
        work_t *w = &s->items[s->len - 1];
        switch (w->kind) {
        case K_ARRAY:
            *a = *w->a.p++;
            *b = *w->b.p++;
            if (--w->n == 0) s->len--;
            return true;
        case K_PAIR:
            *a = w->a.t;
            *b = w->b.t;
            s->len--;
            return true;
        case K_EXACT_OFF:
            *exact = false;
            s->len--;
            break;
        default: /* K_FREE */
            free(w->a.mem);
            s->len--;
            break;
        }
    }
    return false;
}

/* Release what is left when the walk stops early. */
static void ws_destroy(wstack_t *s)
{
    for (size_t i = 0; i < s->len; i++)
        if (s->items[i].kind == K_FREE) free(s->items[i].a.mem);
    if (s->items != s->inline_items) free(s->items);
}

/* ---- leaf comparisons ---- */

static int num_compare(term a, term b, bool exact)
{
    bool fa = term_is_float(a), fb = term_is_float(b);
    if (fa && fb) {
        /* -0.0 == 0.0 in OTP 25, for == and =:= alike */
        double x = term_float_val(a), y = term_float_val(b);
        return x < y ? -1 : x == y ? 0 : 1;
    }
    if (!fa && !fb) return int_compare(a, b);
    if (exact) return fa ? 1 : -1;
    if (fb) return int_float_compare(a, term_float_val(b));
    return -int_float_compare(b, term_float_val(a));
}

/* Words after the header of an external pid/port/ref hold `next` and
 * `node` before the data. */
static size_t ext_data_words(term t) { return (size_t)hdr_arity(term_boxed_header(t)) - 2; }

static const term_external_t *ext_ptr(term t) { return (const term_external_t *)term_boxed_ptr(t); }

/* Nodes compare by name, then creation. NULL is the local node. */
static int node_compare(const term_node_t *x, const term_node_t *y)
{
    if (x == y) return 0;
    term xn = x ? x->name : node_local_name();
    term yn = y ? y->name : node_local_name();
    uint32_t xc = x ? x->creation : node_local_creation();
    uint32_t yc = y ? y->creation : node_local_creation();
    if (xn != yn) return atom_compare(xn, yn);
    return cmp_u64(xc, yc);
}

static int pid_compare(term a, term b)
{
    uint64_t ka, kb;
    const term_node_t *na = NULL, *nb = NULL;
    /* (serial, number) as one 64-bit key: serial first, as erl orders */
    if (term_is_local_pid(a)) {
        ka = (uint64_t)pid_serial(a) << 32 | pid_number(a);
    } else {
        ka = (uint64_t)ext_ptr(a)->data[1] << 32 | ext_ptr(a)->data[0];
        na = ext_ptr(a)->node;
    }
    if (term_is_local_pid(b)) {
        kb = (uint64_t)pid_serial(b) << 32 | pid_number(b);
    } else {
        kb = (uint64_t)ext_ptr(b)->data[1] << 32 | ext_ptr(b)->data[0];
        nb = ext_ptr(b)->node;
    }
    if (ka != kb) return cmp_u64(ka, kb);
    return node_compare(na, nb);
}

static int port_compare(term a, term b)
{
    uint64_t ka, kb;
    const term_node_t *na = NULL, *nb = NULL;
    if (term_is_local_port(a)) {
        ka = term_port_data(a);
    } else {
        ka = (uint64_t)ext_ptr(a)->data[1] << 32 | ext_ptr(a)->data[0];
        na = ext_ptr(a)->node;
    }
    if (term_is_local_port(b)) {
        kb = term_port_data(b);
    } else {
        kb = (uint64_t)ext_ptr(b)->data[1] << 32 | ext_ptr(b)->data[0];
        nb = ext_ptr(b)->node;
    }
    int c = node_compare(na, nb);
    return c ? c : cmp_u64(ka, kb);
}

static void ref_numbers(term t, const uint32_t **num, size_t *len, const term_node_t **node)
{
    if (term_is_local_ref(t)) {
        *num = term_ref_numbers(t);
        *len = REF_NUMBERS + 1; /* the 4th is 0, in a magic ref too */
        *node = NULL;
    } else {
        *num = ext_ptr(t)->data;
        *len = 2 * ext_data_words(t);
        *node = ext_ptr(t)->node;
    }
}

static int ref_compare(term a, term b)
{
    const uint32_t *x, *y;
    size_t xn, yn;
    const term_node_t *na, *nb;
    ref_numbers(a, &x, &xn, &na);
    ref_numbers(b, &y, &yn, &nb);
    int c = node_compare(na, nb);
    if (c) return c;
    /* a longer ref is greater only through a non-zero extra number */
    for (; xn > yn; xn--)
        if (x[xn - 1] != 0) return 1;
    for (; yn > xn; yn--)
        if (y[yn - 1] != 0) return -1;
    for (size_t i = xn; i-- > 0;)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

/* Funs push their free variables; the result is final only if non-zero. */
static int fun_compare(wstack_t *s, term a, term b)
{
    bool la = term_is_fun(a), lb = term_is_fun(b);
    if (la != lb) return la ? -1 : 1;
    if (!la) {
        const export_entry_t *x = ((const term_export_t *)term_boxed_ptr(a))->ep;
        const export_entry_t *y = ((const term_export_t *)term_boxed_ptr(b))->ep;
        if (x == y) return 0;
        int c = atom_compare(x->module, y->module);
        if (c) return c;
        c = atom_compare(x->function, y->function);
        if (c) return c;
        return cmp_u64(x->arity, y->arity);
    }
    const term_fun_t *x = (const term_fun_t *)term_boxed_ptr(a);
    const term_fun_t *y = (const term_fun_t *)term_boxed_ptr(b);
    const fun_entry_t *ex = x->entry, *ey = y->entry;
    if (ex != ey) {
        int c = atom_compare(ex->module, ey->module);
        if (c) return c;
        if (ex->index != ey->index) return cmp_u64(ex->index, ey->index);
        /* OTP keeps old_uniq as a signed 32-bit value */
        int32_t ux = (int32_t)ex->old_uniq, uy = (int32_t)ey->old_uniq;
        if (ux != uy) return ux < uy ? -1 : 1;
    }
    if (x->num_free != y->num_free) return cmp_u64(x->num_free, y->num_free);
    push_array(s, x->env, y->env, x->num_free);
    return 0;
}

/* k bits (1..8) at bit pos of a view, right-aligned; reads only the bytes
 * holding those bits. */
static unsigned view_bits(const bin_view_t *v, uint64_t pos, unsigned k)
{
    uint64_t bit = v->bitoffs + pos;
    const uint8_t *p = v->base + bit / 8;
    unsigned sh = (unsigned)(bit % 8);
    unsigned w = (unsigned)p[0] << 8;
    if (sh + k > 8) w |= p[1];
    return (w >> (16 - sh - k)) & ((1u << k) - 1);
}

static int bits_compare(term a, term b)
{
    bin_view_t x, y;
    bin_view(a, &x);
    bin_view(b, &y);
    uint64_t m = x.bitsize < y.bitsize ? x.bitsize : y.bitsize;
    uint64_t full = m / 8;
    if (x.bitoffs == 0 && y.bitoffs == 0) {
        if (full > 0) {
            int c = memcmp(x.base, y.base, full);
            if (c) return c < 0 ? -1 : 1;
        }
    } else {
        for (uint64_t i = 0; i < full; i++) {
            unsigned p = view_bits(&x, i * 8, 8), q = view_bits(&y, i * 8, 8);
            if (p != q) return p < q ? -1 : 1;
        }
    }
    unsigned rest = (unsigned)(m % 8);
    if (rest) {
        unsigned p = view_bits(&x, full * 8, rest), q = view_bits(&y, full * 8, rest);
        if (p != q) return p < q ? -1 : 1;
    }
    return cmp_u64(x.bitsize, y.bitsize);
}

/* ---- maps ---- */

/* Bottom-up merge sort of n (key, value) pairs by key in the exact order.
 * tmp has room for n pairs. */
static void sort_pairs(term *pairs, term *tmp, size_t n)
{
    term *src = pairs, *dst = tmp;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (cmp_terms_exact(src[2 * j], src[2 * i]) < 0) {
                    dst[2 * k] = src[2 * j];
                    dst[2 * k + 1] = src[2 * j + 1];
                    j++;
                } else {
                    dst[2 * k] = src[2 * i];
                    dst[2 * k + 1] = src[2 * i + 1];
                    i++;
                }
                k++;
            }
            for (; i < mid; i++, k++) {
                dst[2 * k] = src[2 * i];
                dst[2 * k + 1] = src[2 * i + 1];
            }
            for (; j < hi; j++, k++) {
                dst[2 * k] = src[2 * j];
                dst[2 * k + 1] = src[2 * j + 1];
            }
        }
        term *t = src;
        src = dst;
        dst = t;
    }
    if (src != pairs) memcpy(pairs, src, 2 * n * sizeof *pairs);
}

/* Keys in exact order and the values in the same order. A flatmap keeps
 * its keys sorted (map.h); a HAMT is iterated in hash order and sorted into
 * buf, which has room for 4n terms. */
static void map_sorted(term m, size_t n, term *buf, const term **keys, const term **vals)
{
    if (map_is_flat(m)) {
        *keys = map_flat_keys(m);
        *vals = map_flat_vals(m);
        return;
    }
    term *pairs = buf, *tmp = buf + 2 * n;
    map_iter_t it;
    map_iter_init(&it, m);
    size_t i = 0;
    term k, v;
    while (i < n && map_iter_next(&it, &k, &v)) {
        pairs[2 * i] = k;
        pairs[2 * i + 1] = v;
        i++;
    }
    for (; i < n; i++) /* a short iteration would be a map.c bug; stay in bounds */
        pairs[2 * i] = pairs[2 * i + 1] = NIL;
    sort_pairs(pairs, tmp, n);
    for (i = 0; i < n; i++) {
        tmp[i] = pairs[2 * i];
        tmp[n + i] = pairs[2 * i + 1];
    }
    *keys = tmp;
    *vals = tmp + n;
}

/* Pushes keys (compared exactly) and then values; final only if non-zero. */
static int map_compare(wstack_t *s, term a, term b, bool *exact)
{
    size_t na = map_size(a), nb = map_size(b);
    if (na != nb) return na < nb ? -1 : 1;
    if (na == 0) return 0;
    bool fa = map_is_flat(a), fb = map_is_flat(b);
    term *buf = NULL;
    if (!fa || !fb) {
        size_t words = 4 * na * (size_t)(!fa + !fb);
        buf = malloc(words * sizeof *buf);
        if (!buf) laser_oom("map comparison", words * sizeof *buf);
        ws_push(s, K_FREE)->a.mem = buf;
    }
    const term *ka, *va, *kb, *vb;
    map_sorted(a, na, buf, &ka, &va);
    map_sorted(b, nb, fa ? buf : buf + 4 * na, &kb, &vb);
    push_array(s, va, vb, na);
    if (!*exact) ws_push(s, K_EXACT_OFF);
    push_array(s, ka, kb, na);
    *exact = true;
    return 0;
}

/* ---- the walk ---- */

/* A term whose comparison never pushes work: anything but a list, tuple,
 * map or closure. */
static bool is_leaf(term t)
{
    if (!term_is_boxed(t)) return !term_is_list(t);
    unsigned st = hdr_subtag(term_boxed_header(t));
    return st != HDR_TUPLE && st != HDR_MAP && st != HDR_FUN;
}

/* Compare a and b at the top level; nested work goes on the stack. A
 * non-zero result is final; zero means "equal so far". */
static int step(wstack_t *s, term a, term b, bool *exact)
{
    for (;;) {
        if (a == b) return 0;
        int ca = term_class(a), cb = term_class(b);
        if (ca != cb) return ca < cb ? -1 : 1;
        switch (ca) {
        case C_NUMBER:
            if (term_is_small(a) && term_is_small(b)) return term_to_small(a) < term_to_small(b) ? -1 : 1;
            return num_compare(a, b, *exact);
        case C_ATOM: return atom_compare(a, b);
        case C_REF: return ref_compare(a, b);
        case C_FUN: return fun_compare(s, a, b);
        case C_PORT: return port_compare(a, b);
        case C_PID: return pid_compare(a, b);
        case C_TUPLE: {
            uint64_t n = term_tuple_arity(a), m = term_tuple_arity(b);
            if (n != m) return cmp_u64(n, m);
            push_array(s, term_tuple_elems(a), term_tuple_elems(b), n);
            return 0;
        }
        case C_MAP: return map_compare(s, a, b, exact);
        case C_LIST:
            /* walk the spine here; only a head that differs in identity
             * defers the tails, so the stack stays as deep as the nesting */
            for (;;) {
                term x = term_car(a), y = term_car(b);
                if (x != y) {
                    if (is_leaf(x) || is_leaf(y)) {
                        /* decided without touching the stack (a leaf
                         * against a non-leaf differs in class) */
                        int r = step(s, x, y, exact);
                        if (r != 0) return r;
                        goto next_cell;
                    }
                    push_pair(s, term_cdr(a), term_cdr(b));
                    a = x;
                    b = y;
                    break;
                }
            next_cell:
                a = term_cdr(a);
                b = term_cdr(b);
                if (a == b) return 0;
                if (!term_is_list(a) || !term_is_list(b)) break;
            }
            continue; /* compare (a, b) from the top */
        case C_BITS: return bits_compare(a, b);
        default: return cmp_u64(a, b); /* C_NIL is caught by a == b */
        }
    }
}

static int walk(term a, term b, bool exact)
{
    wstack_t s;
    ws_init(&s);
    int r;
    for (;;) {
        r = step(&s, a, b, &exact);
        if (r != 0 || !ws_next(&s, &a, &b, &exact)) break;
    }
    ws_destroy(&s);
    return r;
}

/* Two tuples of one arity (sort keys such as {K, V}): element by element,
 * equal words and small integers without the work stack; an element pair
 * that needs more is walked on its own, since a tuple's order is its
 * elements' in turn. */
static int tuple_walk(term a, term b, bool exact)
{
    const term *x = term_tuple_elems(a), *y = term_tuple_elems(b);
    for (uint64_t i = 0, n = term_tuple_arity(a); i < n; i++) {
        if (x[i] == y[i]) continue;
        if (term_is_small(x[i]) && term_is_small(y[i])) return term_to_small(x[i]) < term_to_small(y[i]) ? -1 : 1;
        int r = walk(x[i], y[i], exact);
        if (r) return r;
    }
    return 0;
}

static int compare(term a, term b, bool exact)
{
    if (a == b) return 0;
    if (term_is_small(a) && term_is_small(b)) return term_to_small(a) < term_to_small(b) ? -1 : 1;
    if (term_is_tuple(a) && term_is_tuple(b) && term_tuple_arity(a) == term_tuple_arity(b)) return tuple_walk(a, b, exact);
    return walk(a, b, exact);
}

int cmp_terms(term a, term b) { return compare(a, b, false); }

int cmp_terms_exact(term a, term b) { return compare(a, b, true); }

/* The words decide x =:= y: the same word, or two immediates (distinct
 * immediates are never equal: each such value has one word). */
static bool eq_word_decides(term x, term y) { return x == y || (term_is_immed(x) && term_is_immed(y)); }

bool cmp_eq_exact(term a, term b)
{
    if (a == b) return true;
    if (term_is_immed(a) && term_is_immed(b)) return false;
    /* a boxed and a list term are never equal; an immediate against a boxed
     * term (a pid against an external pid of this node) goes to walk */
    if (term_is_list(a) != term_is_list(b)) return false;
    /* flat tuples and lists (pdict and ETS keys, records of immediates):
     * element words decide without ordering anything; the first element
     * that does not goes to the full comparison */
    if (term_is_tuple(a)) {
        if (!term_is_tuple(b)) return walk(a, b, true) == 0;
        const term *x = term_tuple_elems(a), *y = term_tuple_elems(b);
        uint64_t n = term_tuple_arity(a);
        if (n != term_tuple_arity(b)) return false;
        for (uint64_t i = 0; i < n; i++) {
            if (!eq_word_decides(x[i], y[i])) return walk(a, b, true) == 0;
            if (x[i] != y[i]) return false;
        }
        return true;
    }
    if (term_is_list(a)) {
        term x = a, y = b;
        while (term_is_list(x) && term_is_list(y)) {
            term hx = term_car(x), hy = term_car(y);
            if (!eq_word_decides(hx, hy)) return walk(a, b, true) == 0;
            if (hx != hy) return false;
            x = term_cdr(x), y = term_cdr(y);
            if (x == y) return true;
        }
        if (!eq_word_decides(x, y)) return walk(a, b, true) == 0;
        return x == y;
    }
    return walk(a, b, true) == 0;
}
