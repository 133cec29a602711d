/*
 * ms.c - the match specification BIFs: erlang:match_spec_test/3 and the
 * ets functions on compiled specifications (ets:match_spec_compile/1,
 * match_spec_run_r/3, is_compiled_ms/1; ets.erl's match_spec_run/2 and
 * test_ms/2 call them). The compiler and runner are runtime/ms.c.
 *
 * Compiled specifications. OTP returns a magic reference whose program
 * the GC frees with the last reference. Ours is a local reference naming
 * a slot of a per-VM table and the slot's generation:
 *
 *   num[0] = gen bits 0..17, num[1] = slot, num[2] = MS_REF_MARK | gen bits 18..47
 *
 * make_ref/0 never sets bit 30 of num[2] (its counter would have to pass
 * 2^62) and zlib handles (bif/zlib.c) set bit 31, which ours keep clear,
 * so neither is taken for the other. The table holds one reference to
 * each program; the process that compiled it owns the slot, and its exit
 * (ms_proc_exit) releases the program: until Laser has GC-managed magic
 * references, that bounds what a process leaves behind. A running
 * ms_run_r holds its own reference, so an owner exiting meanwhile is
 * harmless.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "../ms.h"
#include "bif.h"

#define MS_REF_MARK 0x40000000u

typedef struct {
    ms_prog_t *prog; /* NULL: free slot */
    term owner;
    uint64_t gen;
} ms_slot_t;

static pthread_mutex_t ms_lock = PTHREAD_MUTEX_INITIALIZER;
static ms_slot_t *ms_table;
static uint32_t ms_nslots, ms_cap;
static _Atomic uint32_t ms_live; /* programs in the table: exits skip the lock at 0 */

term ms_make_ref(proc_t *p, ms_prog_t *prog)
{
    pthread_mutex_lock(&ms_lock);
    uint32_t slot = 0;
    while (slot < ms_nslots && ms_table[slot].prog) slot++;
    if (slot == ms_nslots) {
        if (ms_nslots == ms_cap) {
            uint32_t cap = ms_cap ? ms_cap * 2 : 16;
            ms_slot_t *t = realloc(ms_table, cap * sizeof *t);
            if (!t) laser_oom("match specification table", cap * sizeof *t);
            ms_table = t;
            ms_cap = cap;
        }
        ms_table[ms_nslots++] = (ms_slot_t){NULL, NIL, 0};
    }
    uint64_t gen = ++ms_table[slot].gen;
    ms_table[slot].prog = prog;
    ms_table[slot].owner = p->id;
    atomic_fetch_add(&ms_live, 1);
    pthread_mutex_unlock(&ms_lock);

    term *r = heap_alloc(proc_heap(p), 3);
    r[0] = hdr_make(2, HDR_REF);
    r[1] = r[2] = 0;
    uint32_t *num = (uint32_t *)(r + 1);
    num[0] = (uint32_t)(gen & 0x3FFFF);
    num[1] = slot;
    num[2] = MS_REF_MARK | (uint32_t)((gen >> 18) & 0x3FFFFFFF);
    return term_from_boxed_ptr(r);
}

ms_prog_t *ms_from_ref(term t)
{
    if (!term_is_local_ref(t)) return NULL;
    const uint32_t *num = term_ref_numbers(t);
    if ((num[2] & 0xC0000000u) != MS_REF_MARK || num[0] > 0x3FFFF) return NULL;
    uint64_t gen = (uint64_t)num[0] | ((uint64_t)(num[2] & 0x3FFFFFFF) << 18);
    ms_prog_t *prog = NULL;
    pthread_mutex_lock(&ms_lock);
    if (num[1] < ms_nslots && ms_table[num[1]].prog && ms_table[num[1]].gen == gen) {
        prog = ms_table[num[1]].prog;
        ms_retain(prog);
    }
    pthread_mutex_unlock(&ms_lock);
    return prog;
}

void ms_proc_exit(term pid)
{
    if (!atomic_load_explicit(&ms_live, memory_order_relaxed)) return;
    ms_prog_t *dead[64];
    size_t n;
    do {
        n = 0;
        pthread_mutex_lock(&ms_lock);
        for (uint32_t i = 0; i < ms_nslots && n < 64; i++) {
            if (!ms_table[i].prog || ms_table[i].owner != pid) continue;
            dead[n++] = ms_table[i].prog;
            ms_table[i].prog = NULL;
            atomic_fetch_sub(&ms_live, 1);
        }
        pthread_mutex_unlock(&ms_lock);
        for (size_t i = 0; i < n; i++) ms_release(dead[i]);
    } while (n == 64);
}

static term am_table, am_trace, am_return_trace, am_exception_trace;
static pthread_once_t atoms_once = PTHREAD_ONCE_INIT;
static void init_atoms(void)
{
    am_trace = atom_from_cstr("trace");
    am_return_trace = atom_from_cstr("return_trace");
    am_exception_trace = atom_from_cstr("exception_trace");
    am_table = atom_from_cstr("table");
}

/* erlang:match_spec_test(MatchAgainst, MatchSpec, Type) ->
 *     {ok, Result, Flags, Warnings} | {error, Errors} */
term bif_erlang_match_spec_test_3(proc_t *p, const term *args)
{
    pthread_once(&atoms_once, init_atoms);
    ms_kind_t kind;
    if (args[2] == am_trace) {
        if (!term_is_list(args[0]) && !term_is_nil(args[0])) BIF_BADARG(p);
        kind = MS_TRACE;
    } else if (args[2] == am_table) {
        kind = MS_TABLE;
    } else {
        BIF_BADARG(p);
    }
    heap_t *h = proc_heap(p);
    term errors;
    ms_prog_t *prog = ms_compile(args[1], kind, h, &errors);
    if (!prog) {
        term e[2] = {ATOM(error), errors};
        return heap_make_tuple(h, 2, e);
    }
    term res;
    unsigned flags;
    if (ms_run(prog, p, h, args[0], &res, &flags) != MS_MATCH) res = ATOM_false;
    ms_release(prog);
    term fl = NIL;
    if (flags & MS_FLAG_EXCEPTION_TRACE) fl = heap_make_cons(h, am_exception_trace, fl);
    if (flags & MS_FLAG_RETURN_TRACE) fl = heap_make_cons(h, am_return_trace, fl);
    term t[4] = {ATOM(ok), res, fl, errors};
    return heap_make_tuple(h, 4, t);
}

term bif_ets_match_spec_compile_1(proc_t *p, const term *args)
{
    ms_prog_t *prog = ms_compile(args[0], MS_TABLE, NULL, NULL);
    if (!prog) BIF_BADARG(p);
    return ms_make_ref(p, prog);
}

/* The results of the elements that match, in reverse order, on Acc
 * (ets:match_spec_run/2 reverses them). An improper list is badarg. */
term bif_ets_match_spec_run_r_3(proc_t *p, const term *args)
{
    term l = args[0];
    while (term_is_list(l)) l = term_cdr(l);
    if (!term_is_nil(l)) BIF_BADARG(p);
    ms_prog_t *prog = ms_from_ref(args[1]);
    if (!prog) BIF_BADARG(p);
    heap_t *h = proc_heap(p);
    term acc = args[2];
    for (l = args[0]; term_is_list(l); l = term_cdr(l)) {
        term res;
        if (ms_run(prog, p, h, term_car(l), &res, NULL) == MS_MATCH) acc = heap_make_cons(h, res, acc);
    }
    ms_release(prog);
    return acc;
}

term bif_ets_is_compiled_ms_1(proc_t *p, const term *args)
{
    (void)p;
    ms_prog_t *prog = ms_from_ref(args[0]);
    if (!prog) return ATOM_false;
    ms_release(prog);
    return ATOM_true;
}
