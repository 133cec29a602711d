/*
 * erlang_mem.c - erlang:memory/0,1 with OTP 25's keys, from Laser's own
 * accounting (erts sums its allocators; Laser counts what each subsystem
 * holds):
 *   processes, processes_used - every live process's heaps, message queue,
 *       links and monitors, as its scheduler last published them (proc.h);
 *   atom, atom_used   - the atom table (atom.c);
 *   binary            - refc binary storage alive (bin.c);
 *   code              - loaded modules, current and old (module.c);
 *   ets               - every table's objects and buckets (ets.h);
 *   system            - those four plus the process table and run queues;
 *   total             - processes + system.
 * In OTP's erlang.erl both are Erlang code over allocator statistics Laser
 * does not have; here they are BIFs (is_builtin/3 still answers as OTP,
 * erlang_id.c).
 */
#include "bif.h"
#include "atom.h"
#include "bin.h"
#include "ets.h"
#include "module.h"
#include "scheduler.h"

#include <stdlib.h>

enum { M_TOTAL, M_PROCESSES, M_PROCESSES_USED, M_SYSTEM, M_ATOM, M_ATOM_USED, M_BINARY, M_CODE, M_ETS, M__COUNT };
static const char *const mem_keys[M__COUNT] = {"total", "processes", "processes_used", "system", "atom",
                                                "atom_used", "binary", "code", "ets"};

static size_t ets_memory(void)
{
    heap_t tmp;
    heap_init(&tmp);
    size_t bytes = 0;
    for (term l = ets_all(&tmp); term_is_list(l); l = term_cdr(l)) {
        ets_tab_t *t = ets_get(term_car(l));
        if (!t) continue; /* deleted meanwhile */
        int64_t w = atomic_load(&t->words);
        bytes += sizeof *t + 8 * (size_t)(w > 0 ? w : 0) + (t->type == ETS_ORDERED_SET ? 0 : 8 * (size_t)ets_nslots(t));
        ets_put(t);
    }
    heap_free(&tmp);
    return bytes;
}

static void mem_values(size_t v[M__COUNT])
{
    sched_memory(&v[M_PROCESSES], &v[M_PROCESSES_USED]);
    v[M_ATOM] = atom_memory(&v[M_ATOM_USED]);
    v[M_BINARY] = bin_memory();
    v[M_CODE] = module_memory();
    v[M_ETS] = ets_memory();
    v[M_SYSTEM] = v[M_ATOM] + v[M_BINARY] + v[M_CODE] + v[M_ETS] + sched_table_memory();
    v[M_TOTAL] = v[M_PROCESSES] + v[M_SYSTEM];
}

static int mem_key(term k)
{
    for (int i = 0; i < M__COUNT; i++)
        if (k == atom_from_cstr(mem_keys[i])) return i;
    return -1;
}

term bif_erlang_memory_0(proc_t *p, const term *args)
{
    (void)args;
    size_t v[M__COUNT];
    mem_values(v);
    heap_t *h = proc_heap(p);
    term l = NIL;
    for (int i = M__COUNT; i-- > 0;)
        l = heap_make_cons(h, heap_make_tuple(h, 2, (term[]){atom_from_cstr(mem_keys[i]), term_from_small((int64_t)v[i])}), l);
    return l;
}

/* memory(Key) -> Bytes; memory([Key]) -> [{Key, Bytes}] in the order
 * asked; an unknown key or a bad list is badarg. */
term bif_erlang_memory_1(proc_t *p, const term *args)
{
    term a = args[0];
    size_t v[M__COUNT];
    if (term_is_atom(a)) {
        int k = mem_key(a);
        if (k < 0) BIF_BADARG(p);
        mem_values(v);
        return term_from_small((int64_t)v[k]);
    }
    if (!term_is_list(a) && !term_is_nil(a)) BIF_BADARG(p);
    size_t n = 0;
    term l = a;
    for (; term_is_list(l); l = term_cdr(l), n++)
        if (mem_key(term_car(l)) < 0) BIF_BADARG(p);
    if (!term_is_nil(l)) BIF_ERROR(p, ATOM(function_clause)); /* erlang.erl's memory_1/2 */
    mem_values(v);
    heap_t *h = proc_heap(p);
    term *el = malloc((n + 1) * sizeof(term));
    if (!el) laser_oom("erlang:memory/1", (n + 1) * sizeof(term));
    n = 0;
    for (l = a; term_is_list(l); l = term_cdr(l)) {
        term k = term_car(l);
        el[n++] = heap_make_tuple(h, 2, (term[]){k, term_from_small((int64_t)v[mem_key(k)])});
    }
    term r = heap_make_list(h, el, n, NIL);
    free(el);
    return r;
}
