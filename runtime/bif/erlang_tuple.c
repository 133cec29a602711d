/*
 * erlang_tuple.c - erlang BIFs on tuples: element access and update,
 * construction, and conversion to and from lists.
 *
 * Positions are 1-based small integers; anything else (bignums, floats,
 * 0, past the end) is badarg, as in OTP. OTP caps tuples at
 * ERTS_MAX_TUPLE_SIZE = 2^24 - 1 elements and answers badarg, not
 * system_limit, for longer ones (erl 25 checked: make_tuple(1 bsl 24, a)
 * and list_to_tuple of 2^24 elements both raise badarg).
 */
#include "bif.h"
#include "bin.h"

#define MAX_TUPLE_SIZE ((UINT64_C(1) << 24) - 1)

/* A 1-based position in 1..max, or false. */
static bool position(term t, uint64_t max, uint64_t *out)
{
    if (!term_is_small(t)) return false;
    int64_t v = term_to_small(t);
    if (v < 1 || (uint64_t)v > max) return false;
    *out = (uint64_t)v;
    return true;
}

term bif_erlang_element_2(proc_t *p, const term *args)
{
    uint64_t i;
    if (!term_is_tuple(args[1]) || !position(args[0], term_tuple_arity(args[1]), &i)) BIF_BADARG(p);
    return term_tuple_elems(args[1])[i - 1];
}

term bif_erlang_setelement_3(proc_t *p, const term *args)
{
    uint64_t i;
    if (!term_is_tuple(args[1]) || !position(args[0], term_tuple_arity(args[1]), &i)) BIF_BADARG(p);
    uint64_t n = term_tuple_arity(args[1]);
    term t = heap_make_tuple(proc_heap(p), n, term_tuple_elems(args[1]));
    term_tuple_elems(t)[i - 1] = args[2];
    return t;
}

term bif_erlang_tuple_size_1(proc_t *p, const term *args)
{
    if (!term_is_tuple(args[0])) BIF_BADARG(p);
    return term_from_small((int64_t)term_tuple_arity(args[0]));
}

/* size/1: tuples and bitstrings; a bitstring counts its whole bytes only
 * (size(<<1,2,1:3>>) is 2). */
term bif_erlang_size_1(proc_t *p, const term *args)
{
    if (term_is_tuple(args[0])) return term_from_small((int64_t)term_tuple_arity(args[0]));
    if (term_is_bitstring(args[0])) return term_from_small((int64_t)(bin_bit_size(args[0]) / 8));
    BIF_BADARG(p);
}

/* A tuple of n copies of v. */
static term filled_tuple(proc_t *p, uint64_t n, term v)
{
    term t = heap_make_tuple(proc_heap(p), n, NULL);
    term *e = term_tuple_elems(t);
    for (uint64_t i = 0; i < n; i++) e[i] = v;
    return t;
}

static bool tuple_size_arg(term t, uint64_t *n)
{
    if (!term_is_small(t) || term_to_small(t) < 0 || (uint64_t)term_to_small(t) > MAX_TUPLE_SIZE) return false;
    *n = (uint64_t)term_to_small(t);
    return true;
}

term bif_erlang_make_tuple_2(proc_t *p, const term *args)
{
    uint64_t n;
    if (!tuple_size_arg(args[0], &n)) BIF_BADARG(p);
    return filled_tuple(p, n, args[1]);
}

/* make_tuple(N, Default, [{Pos, Val}]): later pairs win. The init list is
 * checked completely before anything is built. */
term bif_erlang_make_tuple_3(proc_t *p, const term *args)
{
    uint64_t n, pos;
    if (!tuple_size_arg(args[0], &n)) BIF_BADARG(p);
    term l = args[2];
    for (; term_is_list(l); l = term_cdr(l)) {
        term pair = term_car(l);
        if (!term_is_tuple(pair) || term_tuple_arity(pair) != 2 || !position(term_tuple_elems(pair)[0], n, &pos))
            BIF_BADARG(p);
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    term t = filled_tuple(p, n, args[1]);
    for (l = args[2]; term_is_list(l); l = term_cdr(l)) {
        const term *pe = term_tuple_elems(term_car(l));
        term_tuple_elems(t)[term_to_small(pe[0]) - 1] = pe[1];
    }
    return t;
}

term bif_erlang_append_element_2(proc_t *p, const term *args)
{
    if (!term_is_tuple(args[0])) BIF_BADARG(p);
    uint64_t n = term_tuple_arity(args[0]);
    if (n + 1 > MAX_TUPLE_SIZE) BIF_BADARG(p);
    term t = heap_make_tuple(proc_heap(p), n + 1, NULL);
    memcpy(term_tuple_elems(t), term_tuple_elems(args[0]), n * sizeof(term));
    term_tuple_elems(t)[n] = args[1];
    return t;
}

/* insert_element(N, T, V): N in 1..tuple_size(T)+1. */
term bif_erlang_insert_element_3(proc_t *p, const term *args)
{
    uint64_t i;
    if (!term_is_tuple(args[1])) BIF_BADARG(p);
    uint64_t n = term_tuple_arity(args[1]);
    if (n + 1 > MAX_TUPLE_SIZE || !position(args[0], n + 1, &i)) BIF_BADARG(p);
    term t = heap_make_tuple(proc_heap(p), n + 1, NULL);
    term *d = term_tuple_elems(t);
    const term *s = term_tuple_elems(args[1]);
    memcpy(d, s, (i - 1) * sizeof(term));
    d[i - 1] = args[2];
    memcpy(d + i, s + i - 1, (n - i + 1) * sizeof(term));
    return t;
}

term bif_erlang_delete_element_2(proc_t *p, const term *args)
{
    uint64_t i;
    if (!term_is_tuple(args[1]) || !position(args[0], term_tuple_arity(args[1]), &i)) BIF_BADARG(p);
    uint64_t n = term_tuple_arity(args[1]);
    term t = heap_make_tuple(proc_heap(p), n - 1, NULL);
    term *d = term_tuple_elems(t);
    const term *s = term_tuple_elems(args[1]);
    memcpy(d, s, (i - 1) * sizeof(term));
    memcpy(d + i - 1, s + i, (n - i) * sizeof(term));
    return t;
}

term bif_erlang_tuple_to_list_1(proc_t *p, const term *args)
{
    if (!term_is_tuple(args[0])) BIF_BADARG(p);
    return heap_make_list(proc_heap(p), term_tuple_elems(args[0]), term_tuple_arity(args[0]), NIL);
}

term bif_erlang_list_to_tuple_1(proc_t *p, const term *args)
{
    uint64_t n = 0;
    term l = args[0];
    for (; term_is_list(l); l = term_cdr(l)) n++;
    if (!term_is_nil(l) || n > MAX_TUPLE_SIZE) BIF_BADARG(p);
    term t = heap_make_tuple(proc_heap(p), n, NULL);
    term *d = term_tuple_elems(t);
    for (l = args[0]; term_is_list(l); l = term_cdr(l)) *d++ = term_car(l);
    return t;
}
