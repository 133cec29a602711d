/*
 * vm_abi_msg.c - exceptions and messages: the bodies of the interpreter's
 * try/catch, raise, send and receive handlers that native code needs too
 * (vm.c's handlers and the abi_* functions below both call them), and the
 * "exceptions and messages" entries of include/laser/abi.h.
 *
 * An ABI function that raises or ends the process leaves a marker in
 * abi_state_t.raise_bif (vm_abi_raised, vm_abi_exited) and native code
 * exits at the instruction; the interpreter's i_func_native then completes
 * the raise exactly as its own (raise_delivered: the class, reason and
 * stack trace are set here with the same vm_stacktrace call at the same
 * instruction and stack) or the exit.
 */
#include <laser/abi.h>

#include "atom.h"
#include "proc.h"
#include "scheduler.h"
#include "timer.h"
#include "vm.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char vm_abi_raised[1], vm_abi_exited[1];

/* ---- shared with the interpreter ---- */

/* The raw stack trace a handler receives in x3 is {Class, Trace}, Trace
 * as vm_stacktrace took it (raw until something asks for the list);
 * build_stacktrace, raise and raw_raise take it apart. A list (from
 * erlang:raise/3 callers that hand a built trace to raw_raise) is
 * accepted as the trace itself. */
static term trace_of(term raw)
{
    if (term_is_tuple(raw) && term_tuple_arity(raw) == 2) raw = term_tuple_elems(raw)[1];
    if (term_is_tuple(raw)) return raw; /* vm_stacktrace's raw form */
    term l = raw;
    while (term_is_list(l)) l = term_cdr(l);
    return l == NIL ? raw : NIL;
}

term vm_raw_trace(proc_t *p, term raw) { return vm_trace_build(p, trace_of(raw)); }
static exc_class_t raw_class(term raw)
{
    if (term_is_tuple(raw) && term_tuple_arity(raw) == 2) {
        term c = term_tuple_elems(raw)[0];
        if (c == vm_class_atom(EXC_EXIT)) return EXC_EXIT;
        if (c == vm_class_atom(EXC_THROW)) return EXC_THROW;
    }
    return EXC_ERROR;
}

term vm_catch_value(proc_t *p, term cls, term reason, term raw)
{
    if (cls == vm_class_atom(EXC_THROW)) return reason;
    heap_t *h = proc_heap(p);
    if (cls == ATOM(error)) reason = heap_make_tuple(h, 2, (term[]){reason, vm_raw_trace(p, raw)});
    term r = heap_make_tuple(h, 2, (term[]){ATOM(EXIT), reason});
    proc_heap_close(p);
    return r;
}

void vm_exc_rethrow(proc_t *p, term raw, term value)
{
    p->fclass = raw_class(raw);
    p->fvalue = value;
    p->finfo = THE_NON_VALUE;
    p->fstacktrace = trace_of(raw);
}

bool vm_exc_raw_raise(proc_t *p, term cls, term value, term raw)
{
    exc_class_t c = cls == ATOM(error) ? EXC_ERROR
                    : cls == vm_class_atom(EXC_EXIT) ? EXC_EXIT
                    : cls == vm_class_atom(EXC_THROW) ? EXC_THROW
                                                      : EXC_NONE;
    if (c == EXC_NONE) return false;
    p->fclass = c;
    p->fvalue = value;
    p->finfo = THE_NON_VALUE;
    p->fstacktrace = trace_of(raw);
    return true;
}

bool vm_send_insn(proc_t *p, term to, term msg)
{
    if (vm_send(p, to, msg) == 0) return true;
    p->fclass = EXC_ERROR, p->fvalue = ATOM(badarg), p->finfo = THE_NON_VALUE;
    return false;
}

int vm_recv_arrived(proc_t *p)
{
    if (!sig_handle(p)) return -1;
    return p->mq_save < p->mq_len;
}

void vm_recv_remove(proc_t *p)
{
    if (p->flags & PF_TIMER) timer_cancel_recv(p);
    proc_mq_remove(p, p->mq_save);
}

vm_recv_t vm_recv_timeout(proc_t *p, term t)
{
    if (atomic_load_explicit(&p->timed_out, memory_order_relaxed)) {
        timer_cancel_recv(p);
        return VM_RECV_ON;
    }
    /* woken by a message the receive did not take: the timer armed by the
     * first pass still runs, and t (an x register, not kept while waiting)
     * is stale (BEAM reads it only when no timer is set) */
    if ((p->flags & PF_TIMER) || t == ATOM(infinity)) return VM_RECV_WAIT;
    if (!term_is_small(t) || term_to_small(t) < 0 || term_to_small(t) > 0xFFFFFFFFll) return VM_RECV_BAD;
    int64_t ms = term_to_small(t);
    if (ms == 0) return VM_RECV_ON;
    if (p->nest) {
        /* a run nested in C cannot wait for others: sleep */
        struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0) {}
        return VM_RECV_ON;
    }
    timer_start_recv(p, ms);
    return VM_RECV_WAIT;
}

/* Receive markers (OTP 25): a marker bound to a reference records the
 * queue's end when the reference was made, so a receive that must match
 * the reference skips older messages. */
int64_t vm_mark_reserve(proc_t *p)
{
    if (!p->marks) {
        p->marks = calloc(PROC_MARKS, sizeof *p->marks);
        if (!p->marks) laser_oom("receive markers", PROC_MARKS * sizeof *p->marks);
    }
    int k = 0;
    for (int i = 0; i < PROC_MARKS; i++) {
        if (!p->marks[i].used) {
            k = i;
            break;
        }
        if (p->marks[i].pos < p->marks[k].pos) k = i; /* full: reuse the oldest */
    }
    p->marks[k].used = true;
    p->marks[k].bound = false;
    p->marks[k].pos = p->mq_len;
    return k + 1;
}

static proc_mark_t *mark_of_ref(proc_t *p, term ref)
{
    if (!p->marks || !term_is_local_ref(ref)) return NULL;
    const uint32_t *r = term_ref_numbers(ref);
    for (int i = 0; i < PROC_MARKS; i++)
        if (p->marks[i].used && p->marks[i].bound && !memcmp(p->marks[i].ref, r, sizeof p->marks[i].ref))
            return &p->marks[i];
    return NULL;
}

void vm_mark_bind(proc_t *p, term marker, term ref)
{
    if (!p->marks || !term_is_small(marker) || !term_is_local_ref(ref)) return;
    int64_t k = term_to_small(marker);
    if (k < 1 || k > PROC_MARKS || !p->marks[k - 1].used) return;
    memcpy(p->marks[k - 1].ref, term_ref_numbers(ref), sizeof p->marks[k - 1].ref);
    p->marks[k - 1].bound = true;
}

void vm_mark_clear(proc_t *p, term ref)
{
    proc_mark_t *m = mark_of_ref(p, ref);
    if (m) m->used = m->bound = false;
}

void vm_mark_use(proc_t *p, term ref)
{
    proc_mark_t *m = mark_of_ref(p, ref);
    if (m && m->pos > p->mq_save && m->pos <= p->mq_len) p->mq_save = m->pos;
}

/* ---- the ABI entries ---- */

/* Native code's E, HTOP and reductions into the process, and back. */
static proc_t *st_out(abi_state_t *st)
{
    proc_t *p = st->proc;
    p->mem.stop = st->E;
    p->mem.htop = st->HTOP;
    p->fcalls = st->fcalls;
    return p;
}
static void st_in(abi_state_t *st, proc_t *p)
{
    st->E = p->mem.stop;
    st->HTOP = p->mem.htop;
    st->fcalls = p->fcalls;
    st->gc_force = gc_should_collect(&p->mem) || gc_desired(&p->mem);
}

void abi_raise(abi_state_t *st, const uint64_t *I, term tag, term val)
{
    proc_t *p = st_out(st);
    term r = val;
    if (term_is_value(tag)) {
        r = heap_make_tuple(proc_heap(p), 2, (term[]){tag, val});
        proc_heap_close(p);
    }
    p->fclass = EXC_ERROR, p->fvalue = r, p->finfo = THE_NON_VALUE;
    /* the interpreter's `raise` path: a plain trace at I */
    p->fstacktrace = vm_stacktrace(p, I, st->E, VM_TRACE_PLAIN, NULL, NULL, NIL);
    proc_heap_close(p);
    st_in(st, p);
    st->raise_bif = vm_abi_raised;
}

void abi_function_clause(abi_state_t *st, const uint64_t *I, uint64_t arity)
{
    proc_t *p = st_out(st);
    /* the interpreter's func_info (vm_raise_at): the arguments, x[0..
     * arity-1] (arity = I[3]), replace the arity in the trace */
    (void)arity;
    vm_raise_at(p, I, OP_func_info, st->x, st->E);
    st_in(st, p);
    st->raise_bif = vm_abi_raised;
}

void abi_rethrow(abi_state_t *st, term raw, term val)
{
    vm_exc_rethrow(st->proc, raw, val);
    st->raise_bif = vm_abi_raised;
}

int64_t abi_raw_raise(abi_state_t *st, term cls, term val, term raw)
{
    if (!vm_exc_raw_raise(st->proc, cls, val, raw)) return 0;
    st->raise_bif = vm_abi_raised;
    return 1;
}

term abi_catch_value(abi_state_t *st, term cls, term reason, term raw)
{
    proc_t *p = st_out(st);
    term r = vm_catch_value(p, cls, reason, raw);
    st_in(st, p);
    return r;
}

term abi_build_stacktrace(abi_state_t *st, term raw)
{
    proc_t *p = st_out(st);
    term r = vm_raw_trace(p, raw);
    proc_heap_close(p);
    st_in(st, p);
    return r;
}

int64_t abi_send(abi_state_t *st, term to, term msg)
{
    proc_t *p = st_out(st);
    bool ok = vm_send_insn(p, to, msg);
    st_in(st, p);
    if (ok) return 0;
    /* as the interpreter's: a failed erlang:send/2 with the x array's
     * to and msg as its arguments (native code stores them at the exit) */
    st->raise_bif = vm_bif_resolve(export_put(ATOM(erlang), atom_from_cstr("send"), 2));
    st->raise_args = st->x;
    return 1;
}

int64_t abi_recv_arrived(abi_state_t *st)
{
    proc_t *p = st_out(st);
    int r = vm_recv_arrived(p);
    st_in(st, p);
    if (r < 0) st->raise_bif = vm_abi_exited;
    return r;
}

void abi_recv_remove(abi_state_t *st) { vm_recv_remove(st->proc); }

int64_t abi_recv_timeout(abi_state_t *st, term t) { return vm_recv_timeout(st->proc, t) == VM_RECV_ON; }

term abi_mark_reserve(abi_state_t *st) { return term_from_small(vm_mark_reserve(st->proc)); }
void abi_mark_bind(abi_state_t *st, term marker, term ref) { vm_mark_bind(st->proc, marker, ref); }
void abi_mark_clear(abi_state_t *st, term ref) { vm_mark_clear(st->proc, ref); }
void abi_mark_use(abi_state_t *st, term ref) { vm_mark_use(st->proc, ref); }
