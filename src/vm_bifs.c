/*
 * vm_bifs.c - the interpreter's fallback BIFs: the operators and guard BIFs
 * that every compiled module calls (+, <, element/2, is_atom/1, ...), used
 * only for an MFA that runtime/bifs.def does not declare (vm_bif_resolve
 * asks bifs.def first). They let the interpreter run real code while the
 * BIF fragments are being written; each one is the exact OTP semantics on
 * top of arith.h / cmp.h, not an approximation, and the day a fragment
 * declares the same MFA it silently takes over.
 */
#include "vm.h"

#include "arith.h"
#include "atom.h"
#include "cmp.h"
#include "map.h"

#include <string.h>

#define ARITH2(cname, fn)                                                                                        \
    static term cname(proc_t *p, const term *a)                                                                  \
    {                                                                                                            \
        term reason = THE_NON_VALUE;                                                                             \
        term r = fn(proc_heap(p), a[0], a[1], &reason);                                                          \
        if (!term_is_value(r)) return proc_raise(p, EXC_ERROR, reason);                                          \
        return r;                                                                                                \
    }
#define ARITH1(cname, fn)                                                                                        \
    static term cname(proc_t *p, const term *a)                                                                  \
    {                                                                                                            \
        term reason = THE_NON_VALUE;                                                                             \
        term r = fn(proc_heap(p), a[0], &reason);                                                                \
        if (!term_is_value(r)) return proc_raise(p, EXC_ERROR, reason);                                          \
        return r;                                                                                                \
    }
ARITH2(op_add, arith_add)
ARITH2(op_sub, arith_sub)
ARITH2(op_mul, arith_mul)
ARITH2(op_fdiv, arith_fdiv)
ARITH2(op_div, arith_div)
ARITH2(op_rem, arith_rem)
ARITH2(op_band, arith_band)
ARITH2(op_bor, arith_bor)
ARITH2(op_bxor, arith_bxor)
ARITH2(op_bsl, arith_bsl)
ARITH2(op_bsr, arith_bsr)
ARITH1(op_neg, arith_neg)
ARITH1(op_plus1, arith_plus)
ARITH1(op_bnot, arith_bnot)
ARITH1(bif_trunc, arith_trunc)
ARITH1(bif_round, arith_round)
ARITH1(bif_floor, arith_floor)
ARITH1(bif_ceil, arith_ceil)
ARITH1(bif_float, arith_float)

/* abs/1 is a BIF, not an operator: a non-number is badarg */
static term bif_abs(proc_t *p, const term *a)
{
    if (!term_is_number(a[0])) BIF_BADARG(p);
    term reason = THE_NON_VALUE;
    term r = arith_abs(proc_heap(p), a[0], &reason);
    if (!term_is_value(r)) return proc_raise(p, EXC_ERROR, reason);
    return r;
}

static term boolean(bool b) { return b ? ATOM_true : ATOM_false; }
static term op_eq(proc_t *p, const term *a) { return boolean(cmp_eq(a[0], a[1])); }
static term op_ne(proc_t *p, const term *a) { return boolean(!cmp_eq(a[0], a[1])); }
static term op_eqx(proc_t *p, const term *a) { return boolean(cmp_eq_exact(a[0], a[1])); }
static term op_nex(proc_t *p, const term *a) { return boolean(!cmp_eq_exact(a[0], a[1])); }
static term op_lt(proc_t *p, const term *a) { return boolean(cmp_terms(a[0], a[1]) < 0); }
static term op_gt(proc_t *p, const term *a) { return boolean(cmp_terms(a[0], a[1]) > 0); }
static term op_le(proc_t *p, const term *a) { return boolean(cmp_terms(a[0], a[1]) <= 0); }
static term op_ge(proc_t *p, const term *a) { return boolean(cmp_terms(a[0], a[1]) >= 0); }

static bool is_bool(term t) { return t == ATOM_true || t == ATOM_false; }
static term op_not(proc_t *p, const term *a)
{
    if (!is_bool(a[0])) BIF_BADARG(p);
    return boolean(a[0] == ATOM_false);
}
#define BOOL2(cname, expr)                                                                                       \
    static term cname(proc_t *p, const term *a)                                                                  \
    {                                                                                                            \
        if (!is_bool(a[0]) || !is_bool(a[1])) BIF_BADARG(p);                                                     \
        bool x = a[0] == ATOM_true, y = a[1] == ATOM_true;                                                       \
        return boolean(expr);                                                                                    \
    }
BOOL2(op_and, x && y)
BOOL2(op_or, x || y)
BOOL2(op_xor, x != y)

#define TYPE1(cname, expr)                                                                                       \
    static term cname(proc_t *p, const term *a)                                                                  \
    {                                                                                                            \
        term t = a[0];                                                                                           \
        return boolean(expr);                                                                                    \
    }
TYPE1(t_atom, term_is_atom(t))
TYPE1(t_integer, term_is_integer(t))
TYPE1(t_float, term_is_float(t))
TYPE1(t_number, term_is_number(t))
TYPE1(t_list, term_is_list(t) || term_is_nil(t))
TYPE1(t_tuple, term_is_tuple(t))
TYPE1(t_pid, term_is_pid(t))
TYPE1(t_port, term_is_port(t))
TYPE1(t_ref, term_is_ref(t))
TYPE1(t_function, term_is_any_fun(t))
TYPE1(t_map, term_is_map(t))
TYPE1(t_boolean, is_bool(t))
TYPE1(t_bitstring, term_is_bitstring(t))

static term t_function2(proc_t *p, const term *a)
{
    if (!term_is_small(a[1]) || term_to_small(a[1]) < 0) BIF_BADARG(p);
    int64_t n = term_to_small(a[1]);
    if (term_is_fun(a[0])) return boolean(((term_fun_t *)term_boxed_ptr(a[0]))->arity == n);
    if (term_is_export(a[0])) return boolean(((term_export_t *)term_boxed_ptr(a[0]))->ep->arity == n);
    return ATOM_false;
}

static term bif_element(proc_t *p, const term *a)
{
    if (!term_is_small(a[0]) || !term_is_tuple(a[1])) BIF_BADARG(p);
    int64_t i = term_to_small(a[0]);
    if (i < 1 || (uint64_t)i > term_tuple_arity(a[1])) BIF_BADARG(p);
    return term_tuple_elems(a[1])[i - 1];
}
static term bif_setelement(proc_t *p, const term *a)
{
    if (!term_is_small(a[0]) || !term_is_tuple(a[1])) BIF_BADARG(p);
    int64_t i = term_to_small(a[0]);
    uint64_t n = term_tuple_arity(a[1]);
    if (i < 1 || (uint64_t)i > n) BIF_BADARG(p);
    term t = heap_make_tuple(proc_heap(p), n, term_tuple_elems(a[1]));
    term_tuple_elems(t)[i - 1] = a[2];
    return t;
}
static term bif_tuple_size(proc_t *p, const term *a)
{
    if (!term_is_tuple(a[0])) BIF_BADARG(p);
    return term_from_small((int64_t)term_tuple_arity(a[0]));
}
static term bif_hd(proc_t *p, const term *a)
{
    if (!term_is_list(a[0])) BIF_BADARG(p);
    return term_car(a[0]);
}
static term bif_tl(proc_t *p, const term *a)
{
    if (!term_is_list(a[0])) BIF_BADARG(p);
    return term_cdr(a[0]);
}
static term bif_length(proc_t *p, const term *a)
{
    int64_t n = 0;
    term l = a[0];
    while (term_is_list(l)) n++, l = term_cdr(l);
    if (!term_is_nil(l)) BIF_BADARG(p);
    return term_from_small(n);
}
static term bif_map_size(proc_t *p, const term *a)
{
    if (!term_is_map(a[0])) {
        p->finfo = THE_NON_VALUE;
        return proc_raise(p, EXC_ERROR, heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(badmap), a[0]}));
    }
    return term_from_small((int64_t)map_size(a[0]));
}
static term bif_map_get(proc_t *p, const term *a)
{
    if (!term_is_map(a[1])) return proc_raise(p, EXC_ERROR, heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(badmap), a[1]}));
    term v = map_get(a[1], a[0]);
    if (!term_is_value(v)) return proc_raise(p, EXC_ERROR, heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(badkey), a[0]}));
    return v;
}
static term bif_is_map_key(proc_t *p, const term *a)
{
    if (!term_is_map(a[1])) return proc_raise(p, EXC_ERROR, heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(badmap), a[1]}));
    return boolean(term_is_value(map_get(a[1], a[0])));
}
static term bif_node(proc_t *p, const term *a) { return ATOM(nonode_at_nohost); }
/* node(Pid | Port | Ref): local identifiers only until distribution */
static term bif_node1(proc_t *p, const term *a)
{
    if (term_is_local_pid(a[0]) || term_is_local_port(a[0]) || term_is_local_ref(a[0])) return ATOM(nonode_at_nohost);
    if (term_is_ext_pid(a[0]) || term_is_ext_port(a[0]) || term_is_ext_ref(a[0]))
        return ((term_external_t *)term_boxed_ptr(a[0]))->node->name;
    BIF_BADARG(p);
}

static bif_info_t fallback[] = {
#define FB(nm, ar, f, fl) {.module_text = "erlang", .name_text = nm, .arity = ar, .flags = (fl), .fn = f},
    FB("+", 2, op_add, BIF_F_GUARD) FB("-", 2, op_sub, BIF_F_GUARD) FB("*", 2, op_mul, BIF_F_GUARD)
    FB("/", 2, op_fdiv, BIF_F_GUARD) FB("div", 2, op_div, BIF_F_GUARD) FB("rem", 2, op_rem, BIF_F_GUARD)
    FB("band", 2, op_band, BIF_F_GUARD) FB("bor", 2, op_bor, BIF_F_GUARD) FB("bxor", 2, op_bxor, BIF_F_GUARD)
    FB("bsl", 2, op_bsl, BIF_F_GUARD) FB("bsr", 2, op_bsr, BIF_F_GUARD) FB("-", 1, op_neg, BIF_F_GUARD)
    FB("+", 1, op_plus1, BIF_F_GUARD) FB("bnot", 1, op_bnot, BIF_F_GUARD) FB("abs", 1, bif_abs, BIF_F_GUARD)
    FB("trunc", 1, bif_trunc, BIF_F_GUARD) FB("round", 1, bif_round, BIF_F_GUARD)
    FB("floor", 1, bif_floor, BIF_F_GUARD) FB("ceil", 1, bif_ceil, BIF_F_GUARD)
    FB("float", 1, bif_float, BIF_F_GUARD)
    FB("==", 2, op_eq, BIF_F_GUARD) FB("/=", 2, op_ne, BIF_F_GUARD) FB("=:=", 2, op_eqx, BIF_F_GUARD)
    FB("=/=", 2, op_nex, BIF_F_GUARD) FB("<", 2, op_lt, BIF_F_GUARD) FB(">", 2, op_gt, BIF_F_GUARD)
    FB("=<", 2, op_le, BIF_F_GUARD) FB(">=", 2, op_ge, BIF_F_GUARD)
    FB("not", 1, op_not, BIF_F_GUARD) FB("and", 2, op_and, BIF_F_GUARD) FB("or", 2, op_or, BIF_F_GUARD)
    FB("xor", 2, op_xor, BIF_F_GUARD)
    FB("is_atom", 1, t_atom, BIF_F_GUARD) FB("is_integer", 1, t_integer, BIF_F_GUARD)
    FB("is_float", 1, t_float, BIF_F_GUARD) FB("is_number", 1, t_number, BIF_F_GUARD)
    FB("is_list", 1, t_list, BIF_F_GUARD) FB("is_tuple", 1, t_tuple, BIF_F_GUARD)
    FB("is_pid", 1, t_pid, BIF_F_GUARD) FB("is_port", 1, t_port, BIF_F_GUARD)
    FB("is_reference", 1, t_ref, BIF_F_GUARD) FB("is_function", 1, t_function, BIF_F_GUARD)
    FB("is_function", 2, t_function2, BIF_F_GUARD) FB("is_map", 1, t_map, BIF_F_GUARD)
    FB("is_boolean", 1, t_boolean, BIF_F_GUARD) FB("is_bitstring", 1, t_bitstring, BIF_F_GUARD)
    FB("element", 2, bif_element, BIF_F_GUARD) FB("setelement", 3, bif_setelement, 0)
    FB("tuple_size", 1, bif_tuple_size, BIF_F_GUARD) FB("hd", 1, bif_hd, BIF_F_GUARD)
    FB("tl", 1, bif_tl, BIF_F_GUARD) FB("length", 1, bif_length, BIF_F_GUARD)
    FB("map_size", 1, bif_map_size, BIF_F_GUARD) FB("map_get", 2, bif_map_get, BIF_F_GUARD)
    FB("is_map_key", 2, bif_is_map_key, BIF_F_GUARD) FB("node", 0, bif_node, BIF_F_GUARD)
    FB("node", 1, bif_node1, BIF_F_GUARD)
#undef FB
};

const bif_info_t *vm_fallback_bif(term module, term name, unsigned arity)
{
    if (module != ATOM(erlang)) return NULL;
    size_t n;
    const uint8_t *s = atom_text(name, &n);
    for (size_t i = 0; i < sizeof fallback / sizeof fallback[0]; i++) {
        bif_info_t *b = &fallback[i];
        if (b->arity == arity && strlen(b->name_text) == n && !memcmp(b->name_text, s, n)) {
            if (!b->module) {
                b->module = ATOM(erlang);
                b->name = name;
            }
            return b;
        }
    }
    return NULL;
}
