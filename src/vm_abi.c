/*
 * vm_abi.c - the runtime side of include/laser/abi.h: the functions native
 * code may call, each a thin wrapper over the runtime.
 */
#include <laser/abi.h>

#include "bif.h"
#include "cmp.h"
#include "proc.h"
#include "scheduler.h"
#include "vm.h"

int64_t abi_cmp(term a, term b) { return cmp_terms(a, b); }

int64_t abi_eq_exact(term a, term b) { return cmp_eq_exact(a, b); }

term abi_call_bif(abi_state_t *st, const void *bif, const term *args, const uint64_t *I)
{
    proc_t *p = st->proc;
    const bif_info_t *b = bif;
    if ((b->flags & BIF_F_DIRTY) && !p->nest && sched_dirty_on) {
        /* the interpreter runs the call at I (CALL_BIF), which goes dirty */
        p->fclass = EXC_RETRY;
        return THE_NON_VALUE;
    }
    p->mem.stop = st->E;
    p->mem.htop = st->HTOP;
    p->fcalls = st->fcalls;
    p->i = I;
    p->dirty_ok = !(b->flags & BIF_F_GUARD); /* a call_ext, not a guard's bif */
    term r = b->fn(p, args);
    p->dirty_ok = false;
    proc_heap_close(p);
    st->E = p->mem.stop;
    st->HTOP = p->mem.htop;
    st->fcalls = p->fcalls;
    st->gc_force = gc_desired(&p->mem) ? 2 : gc_should_collect(&p->mem);
    return r;
}

int64_t abi_gc(abi_state_t *st, uint64_t need, uint64_t live)
{
    proc_t *p = st->proc;
    /* max_heap_size's report and kill are the interpreter's: it repeats
     * the instruction */
    if (p->mem.max_heap_size) return 1;
    p->mem.stop = st->E;
    p->mem.htop = st->HTOP;
    p->fcalls = st->fcalls;
    if (vm_gc(p, st->x, need, live)) return 1;
    st->E = p->mem.stop;
    st->HTOP = p->mem.htop;
    st->gc_force = gc_should_collect(&p->mem);
    return 0;
}
