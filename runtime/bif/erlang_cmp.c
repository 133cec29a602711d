/*
 * erlang_cmp.c - the comparison operators and the strict boolean operators
 * as BIFs (what erlang:'<'(A, B), apply and the interpreter's bif2
 * instructions call). Order and equality are cmp.h's; nothing allocates.
 */
#include "bif.h"
#include "cmp.h"

static inline term boolean(bool b) { return b ? ATOM_true : ATOM_false; }

term bif_erlang_eq_2(proc_t *p, const term *args) { (void)p; return boolean(cmp_eq(args[0], args[1])); }
term bif_erlang_neq_2(proc_t *p, const term *args) { (void)p; return boolean(!cmp_eq(args[0], args[1])); }
term bif_erlang_exact_eq_2(proc_t *p, const term *args) { (void)p; return boolean(cmp_eq_exact(args[0], args[1])); }
term bif_erlang_exact_neq_2(proc_t *p, const term *args) { (void)p; return boolean(!cmp_eq_exact(args[0], args[1])); }
term bif_erlang_lt_2(proc_t *p, const term *args) { (void)p; return boolean(cmp_terms(args[0], args[1]) < 0); }
term bif_erlang_le_2(proc_t *p, const term *args) { (void)p; return boolean(cmp_terms(args[0], args[1]) <= 0); }
term bif_erlang_gt_2(proc_t *p, const term *args) { (void)p; return boolean(cmp_terms(args[0], args[1]) > 0); }
term bif_erlang_ge_2(proc_t *p, const term *args) { (void)p; return boolean(cmp_terms(args[0], args[1]) >= 0); }

/* 1 for true, 0 for false, -1 for anything else. */
static int truth(term t)
{
    if (t == ATOM_true) return 1;
    if (t == ATOM_false) return 0;
    return -1;
}

term bif_erlang_not_1(proc_t *p, const term *args)
{
    int a = truth(args[0]);
    if (a < 0) BIF_BADARG(p);
    return boolean(!a);
}

/* and/or/xor are strict: both operands must be booleans even when the first
 * decides the result (erlang:'and'(false, 1) is badarg). */
#define BOOLOP(cname, expr)                          \
    term cname(proc_t *p, const term *args)          \
    {                                                \
        int a = truth(args[0]), b = truth(args[1]);  \
        if (a < 0 || b < 0) BIF_BADARG(p);           \
        return boolean(expr);                        \
    }

BOOLOP(bif_erlang_and_2, a && b)
BOOLOP(bif_erlang_or_2, a || b)
BOOLOP(bif_erlang_xor_2, a != b)

/* erts_internal:cmp_term/2: -1, 0 or 1 in the exact term order (the
 * compiler sorts map keys with it). */
term bif_erts_internal_cmp_term_2(proc_t *p, const term *args)
{
    (void)p;
    int c = cmp_terms_exact(args[0], args[1]);
    return term_from_small(c < 0 ? -1 : c > 0);
}
