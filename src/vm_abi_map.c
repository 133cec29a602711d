/*
 * vm_abi_map.c - maps, funs and apply for both tiers: the functions of
 * abi.h's "maps, funs, tuples and apply" section (native code,
 * jit/jit_emit_map.inc) and the handler bodies the interpreter (vm.c)
 * shares with them; also the raises of func_info (function_clause) and
 * of a call to an undefined BIF (the generic bif0..gc_bif3). None of them
 * collects: what they build goes into the process's window (proc.h),
 * past the free heap into a heap fragment that the next allocation point
 * collects, as the interpreter always did. Only abi_raise_at raises: the
 * others return NULL/THE_NON_VALUE with nothing changed on failure, and
 * native code goes to the fail label or exits at the instruction, where
 * the interpreter raises with its own trace.
 */
#include <laser/abi.h>

#include "atom.h"
#include "export.h"
#include "funtab.h"
#include "map.h"
#include "proc.h"
#include "vm.h"

/* An operand word: a reg word (x from x, y from E) or the term itself. */
static inline term opnd(uint64_t w, const term *x, const term *E)
{
    if (!ld_is_reg(w)) return (term)w;
    return ld_reg_is_y(w) ? E[ld_reg_index(w)] : x[ld_reg_index(w)];
}

term vm_put_map(proc_t *p, const uint64_t *I, const term *x, const term *E, bool exact, term bad[2])
{
    term m = opnd(I[2], x, E);
    uint64_t n = I[5];
    const uint64_t *kv = I + 6;
    if (!term_is_map(m)) {
        bad[0] = ATOM(badmap), bad[1] = m;
        return THE_NON_VALUE;
    }
    if (exact)
        for (uint64_t k = 0; k < n; k += 2)
            if (!term_is_value(map_get(m, opnd(kv[k], x, E)))) {
                bad[0] = ATOM(badkey), bad[1] = opnd(kv[k], x, E);
                return THE_NON_VALUE;
            }
    heap_t *h = proc_heap(p);
    if (n / 2 <= MAP_SMALL_LIMIT) {
        term ks[MAP_SMALL_LIMIT], vs[MAP_SMALL_LIMIT];
        for (uint64_t k = 0; k < n / 2; k++) ks[k] = opnd(kv[2 * k], x, E), vs[k] = opnd(kv[2 * k + 1], x, E);
        m = map_put_many(h, m, ks, vs, n / 2);
    } else {
        for (uint64_t k = 0; k < n; k += 2) m = map_put(h, m, opnd(kv[k], x, E), opnd(kv[k + 1], x, E));
    }
    proc_heap_close(p);
    return m;
}

term abi_put_map(abi_state_t *st, const uint64_t *I, uint64_t exact)
{
    proc_t *p = st->proc;
    p->mem.stop = st->E;
    p->mem.htop = st->HTOP;
    term bad[2];
    term r = vm_put_map(p, I, st->x, st->E, exact != 0, bad);
    st->HTOP = p->mem.htop;
    /* a fragment larger than the heap: the next allocation point collects */
    st->gc_force = gc_should_collect(&p->mem);
    return r;
}

term abi_map_get(term m, term key) { return map_get(m, key); }

void vm_fun_link(proc_t *p, term_fun_t *f, heap_t *window)
{
    f->creator = p->id;
    /* the running module has pinned the entry: no count, no chain */
    if (funtab_pinned(f->entry)) {
        f->next = FUN_UNCHAINED;
        return;
    }
    funtab_retain(f->entry);
    if (window) heap_link_offheap(window, (term_offheap_hdr_t *)f);
    else gc_link_offheap(&p->mem, (term_offheap_hdr_t *)f);
}

void abi_fun_link(abi_state_t *st, void *fun) { vm_fun_link(st->proc, fun, NULL); }

export_entry_t *vm_apply_export(term m, term f, unsigned arity)
{
    if (!term_is_atom(m) || !term_is_atom(f)) return NULL;
    return export_put(m, f, arity);
}

const void *abi_apply_mfa(term m, term f, uint64_t arity)
{
    export_entry_t *ep = vm_apply_export(m, f, (unsigned)arity);
    return ep ? atomic_load(&ep->address) : NULL;
}

/* Length of a proper list of at most LD_MAX_ARITY elements, else -1. */
static long args_len(term l)
{
    long n = 0;
    for (; term_is_list(l); l = term_cdr(l))
        if (++n > LD_MAX_ARITY) return -1;
    return term_is_nil(l) ? n : -1;
}

const void *vm_apply_spread(term *x, unsigned arity)
{
    term args = x[arity - 1];
    long n = args_len(args);
    if (n < 0) return NULL;
    const void *a = NULL;
    const term *env = NULL;
    uint32_t nfree = 0;
    if (arity == 3) {
        export_entry_t *ep = vm_apply_export(x[0], x[1], (unsigned)n);
        if (ep) a = atomic_load(&ep->address);
    } else if (term_is_fun(x[0])) {
        term_fun_t *f = (term_fun_t *)term_boxed_ptr(x[0]);
        if (f->arity == n) a = atomic_load(&f->entry->address);
        env = f->env, nfree = f->num_free;
    } else if (term_is_export(x[0])) {
        export_entry_t *ep = ((term_export_t *)term_boxed_ptr(x[0]))->ep;
        if (ep->arity == n) a = atomic_load(&ep->address);
    }
    if (!a) return NULL;
    for (long k = 0; k < n; k++, args = term_cdr(args)) x[k] = term_car(args);
    for (uint32_t k = 0; k < nfree; k++) x[n + k] = env[k];
    return a;
}

const void *abi_apply_spread(term *x, uint64_t arity) { return vm_apply_spread(x, (unsigned)arity); }

void vm_raise_at(proc_t *p, const uint64_t *I, ops_t op, const term *x, const term *E)
{
    term args[4];
    p->fclass = EXC_ERROR, p->finfo = THE_NON_VALUE;
    if (op == OP_func_info) {
        /* function_clause: x[0..arity-1] are the arguments */
        args[0] = heap_make_list(proc_heap(p), x, I[3], NIL);
        p->fvalue = ATOM(function_clause);
        p->fstacktrace = vm_stacktrace(p, I, E, VM_TRACE_ARGS, NULL, args, NIL);
    } else {
        /* bif/gc_bif of a BIF that exists nowhere: undef, as calling it */
        int eo = op == OP_bif0 ? 1 : op == OP_bif1 || op == OP_bif2 ? 2 : 3;
        export_entry_t *ep = (export_entry_t *)(uintptr_t)I[eo];
        for (uint32_t k = 0; k < ep->arity && k < 4; k++) args[k] = opnd(I[eo + 1 + k], x, E);
        p->fvalue = ATOM(undef);
        p->fstacktrace = vm_stacktrace(p, I, E, VM_TRACE_UNDEF, ep, args, NIL);
    }
    proc_heap_close(p);
}

void abi_raise_at(abi_state_t *st, const uint64_t *I, uint64_t op)
{
    proc_t *p = st->proc;
    p->mem.stop = st->E;
    p->mem.htop = st->HTOP;
    p->fcalls = st->fcalls;
    vm_raise_at(p, I, (ops_t)op, st->x, st->E);
    st->HTOP = p->mem.htop;
    st->gc_force = gc_should_collect(&p->mem) || gc_desired(&p->mem);
    st->raise_bif = vm_abi_raised;
}
