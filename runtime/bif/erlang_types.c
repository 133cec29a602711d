/*
 * erlang_types.c - the type-test BIFs (is_atom/1 ... is_record/3) for when
 * they are applied or called as bif1; in guards the compiler normally emits
 * the test instructions instead. Nothing here allocates.
 */
#include "bif.h"
#include "bin.h"
#include "export.h"

static inline term boolean(bool b) { return b ? ATOM_true : ATOM_false; }

#define TYPE_TEST(cname, test) \
    term cname(proc_t *p, const term *args) { (void)p; return boolean(test(args[0])); }

static bool is_binary(term t) { return term_is_bitstring(t) && bin_bit_size(t) % 8 == 0; }
static bool is_boolean(term t) { return t == ATOM_true || t == ATOM_false; }
static bool is_list(term t) { return term_is_list(t) || term_is_nil(t); }

TYPE_TEST(bif_erlang_is_atom_1, term_is_atom)
TYPE_TEST(bif_erlang_is_binary_1, is_binary)
TYPE_TEST(bif_erlang_is_bitstring_1, term_is_bitstring)
TYPE_TEST(bif_erlang_is_boolean_1, is_boolean)
TYPE_TEST(bif_erlang_is_float_1, term_is_float)
TYPE_TEST(bif_erlang_is_function_1, term_is_any_fun)
TYPE_TEST(bif_erlang_is_integer_1, term_is_integer)
TYPE_TEST(bif_erlang_is_list_1, is_list)
TYPE_TEST(bif_erlang_is_map_1, term_is_map)
TYPE_TEST(bif_erlang_is_number_1, term_is_number)
TYPE_TEST(bif_erlang_is_pid_1, term_is_pid)
TYPE_TEST(bif_erlang_is_port_1, term_is_port)
TYPE_TEST(bif_erlang_is_reference_1, term_is_ref)
TYPE_TEST(bif_erlang_is_tuple_1, term_is_tuple)

/* The arity a fun is called with. */
static uint64_t fun_arity(term f)
{
    if (term_is_export(f)) return ((const term_export_t *)term_boxed_ptr(f))->ep->arity;
    return ((const term_fun_t *)term_boxed_ptr(f))->arity;
}

/* is_function(F, Arity): Arity must be a non-negative integer, checked
 * whatever F is (is_function(x, -1) is badarg). A positive bignum is
 * accepted and matches no fun (measured). */
term bif_erlang_is_function_2(proc_t *p, const term *args)
{
    term a = args[1];
    if (term_is_small(a)) {
        if (term_to_small(a) < 0) BIF_BADARG(p);
    } else if (!term_is_big(a) || term_big_is_neg(a)) {
        BIF_BADARG(p);
    }
    if (!term_is_any_fun(args[0]) || !term_is_small(a)) return ATOM_false;
    return boolean(fun_arity(args[0]) == (uint64_t)term_to_small(a));
}

/* is_record(Term, Tag): badarg unless Tag is an atom (even when Term is not
 * a tuple); true for a tuple whose first element is Tag. */
term bif_erlang_is_record_2(proc_t *p, const term *args)
{
    term t = args[0], tag = args[1];
    if (!term_is_atom(tag)) BIF_BADARG(p);
    return boolean(term_is_tuple(t) && term_tuple_arity(t) >= 1 && term_tuple_elems(t)[0] == tag);
}

/* is_record(Term, Tag, Size): Tag an atom and Size a small integer, else
 * badarg (a bignum Size too; a negative small is just false). OTP compares
 * the first element of a tuple of Size elements without checking that there
 * is one, so is_record({}, a, 0) reads past the empty tuple; here an empty
 * tuple is never a record. */
term bif_erlang_is_record_3(proc_t *p, const term *args)
{
    term t = args[0], tag = args[1], size = args[2];
    if (!term_is_atom(tag) || !term_is_small(size)) BIF_BADARG(p);
    return boolean(term_is_tuple(t) && term_tuple_arity(t) >= 1 &&
                   (int64_t)term_tuple_arity(t) == term_to_small(size) && term_tuple_elems(t)[0] == tag);
}
