/*
 * ms.c - the match specification BIFs: erlang:match_spec_test/3 and the
 * ets functions on compiled specifications (ets:match_spec_compile/1,
 * match_spec_run_r/3, is_compiled_ms/1; ets.erl's match_spec_run/2 and
 * test_ms/2 call them). The compiler and runner are runtime/ms.c.
 *
 * Compiled specifications. As OTP's, a magic reference (res.h) whose
 * program the GC frees with the last term naming it. A lookup takes a
 * reference to the program for the run.
 */
#include <stdlib.h>

#include "../ms.h"
#include "../res.h"
#include "bif.h"

typedef struct {
    res_t hdr;
    ms_prog_t *prog;
} ms_res_t;

static void ms_res_dtor(res_t *r)
{
    ms_release(((ms_res_t *)r)->prog);
    free(r);
}

static const res_type_t ms_res_type = {"match_spec", ms_res_dtor, NULL, false};

term ms_make_ref(proc_t *p, ms_prog_t *prog)
{
    ms_res_t *r = calloc(1, sizeof *r);
    if (!r) laser_oom("match specification", sizeof *r);
    r->prog = prog;
    return res_register(proc_heap(p), &r->hdr, &ms_res_type, p->id);
}

ms_prog_t *ms_from_ref(term t)
{
    res_t *r;
    if (res_lookup(t, &ms_res_type, &r) != RES_OK) return NULL;
    ms_prog_t *prog = ((ms_res_t *)r)->prog;
    ms_retain(prog);
    res_unref(r);
    return prog;
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
