/*
 * trace.c - trace messages and call breakpoints (see trace.h). The BIFs
 * that set and read all this are in bif/erlang_trace.c.
 */
#include "trace.h"

#include "atom.h"
#include "big.h"
#include "copy.h"
#include "ms.h"
#include "scheduler.h"
#include "timer.h"
#include "vm.h"

#include "export.h"
#include "ops.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

uint64_t trace_return_code[2];

/* A counter for strict_monotonic_timestamp's second element. */
static _Atomic int64_t ts_unique;

#define TF_TS_ANY (TF_TIMESTAMP | TF_MONO_TS | TF_STRICT_MONO_TS)

/* The timestamp a flag set asks for (erts: strict monotonic, then
 * monotonic, then erlang:now()'s form). */
static term make_ts(heap_t *h, uint32_t fl)
{
    if (fl & TF_STRICT_MONO_TS) {
        term el[2] = {big_from_int64(h, timer_now_ns()),
                      big_from_int64(h, atomic_fetch_add_explicit(&ts_unique, 1, memory_order_relaxed))};
        return heap_make_tuple(h, 2, el);
    }
    if (fl & TF_MONO_TS) return big_from_int64(h, timer_now_ns());
    int64_t us = timer_system_ns() / 1000;
    term el[3] = {term_from_small(us / 1000000000000), term_from_small(us / 1000000 % 1000000),
                  term_from_small(us % 1000000)};
    return heap_make_tuple(h, 3, el);
}

/* Post msg to tracer as a message from `from`; false if the tracer is gone. */
static bool post(term tracer, term from, term msg)
{
    if (!term_is_local_pid(tracer) || !sched_alive(tracer)) return false;
    sig_send(tracer, sig_new(SIG_MSG, from, msg));
    return true;
}

/* {trace|trace_ts, Pid, Tag, Extra..., [Ts]} to p's tracer. A tracer
 * that is gone ends p's tracing (erts does the same when it finds it
 * dead); a process is never its own tracer's receiver (erts drops those). */
static void emit_to(proc_t *p, term tracer, uint32_t fl, term tag, unsigned n, const term *extra)
{
    if (!tracer || tracer == p->id) return;
    heap_t h;
    heap_init(&h);
    term el[8];
    bool ts = (fl & TF_TS_ANY) != 0;
    el[0] = atom_from_cstr(ts ? "trace_ts" : "trace");
    el[1] = p->id;
    el[2] = tag;
    memcpy(el + 3, extra, n * sizeof(term));
    if (ts) el[3 + n] = make_ts(&h, fl);
    term msg = heap_make_tuple(&h, 3 + n + (ts ? 1 : 0), el);
    if (!post(tracer, p->id, msg) && atomic_load(&p->tracer) == tracer) {
        atomic_store(&p->trace_flags, 0);
        atomic_store(&p->tracer, 0);
    }
    heap_free(&h);
}

static void emit(proc_t *p, term tag, unsigned n, const term *extra)
{
    emit_to(p, atomic_load(&p->tracer), trace_flags(p), tag, n, extra);
}

void trace_send(proc_t *p, term to, term msg, bool exists)
{
    if (!trace_event_on(true)) return;
    term el[2] = {msg, to};
    emit(p, atom_from_cstr(exists ? "send" : "send_to_non_existing_process"), 2, el);
}

void trace_receive(proc_t *p, term msg)
{
    if (trace_event_on(false)) emit(p, atom_from_cstr("receive"), 1, &msg);
}

void trace_proc(proc_t *p, term what, term arg) { emit(p, what, 1, &arg); }

/* Defaults for new processes (erlang:trace(new | all, ...)). */
static _Atomic uint32_t new_flags;
static _Atomic term new_tracer;

void trace_new_defaults(uint32_t *flags, term *tracer)
{
    *flags = atomic_load(&new_flags);
    *tracer = atomic_load(&new_tracer);
}

void trace_set_new_defaults(uint32_t flags, term tracer)
{
    atomic_store(&new_tracer, flags ? tracer : 0);
    atomic_store(&new_flags, flags);
}

void trace_spawned(proc_t *parent, proc_t *child, term m, term f, term args, bool link)
{
    uint32_t pf = trace_flags(parent), cf = 0;
    term ct = 0;
    if (pf & TF_SOS) {
        cf = pf, ct = atomic_load(&parent->tracer);
    } else if (pf & TF_SOFS) {
        cf = pf & ~TF_SOFS, ct = atomic_load(&parent->tracer);
        atomic_fetch_and(&parent->trace_flags, ~TF_SOFS);
    } else {
        trace_new_defaults(&cf, &ct);
    }
    if (link && (pf & (TF_SOL | TF_SOFL))) {
        /* set_on_link, as erts does it for spawn_link (link/1 passes no
         * flags on in OTP 25) */
        cf |= pf, ct = atomic_load(&parent->tracer);
        if (pf & TF_SOFL) {
            cf &= ~(TF_SOL | TF_SOFL);
            atomic_fetch_and(&parent->trace_flags, ~(TF_SOL | TF_SOFL));
        }
    }
    if (!cf && !(pf & TF_PROCS)) return;
    if (ct) {
        atomic_store(&child->tracer, ct);
        atomic_store(&child->trace_flags, cf);
    }
    heap_t h;
    heap_init(&h);
    term mfa;
    if (term_is_value(f)) {
        mfa = heap_make_tuple(&h, 3, (term[]){m, f, args});
    } else { /* a fun: erlang:apply(Fun, []) */
        term al = heap_make_cons(&h, m, heap_make_cons(&h, args, NIL));
        mfa = heap_make_tuple(&h, 3, (term[]){ATOM(erlang), atom_from_cstr("apply"), al});
    }
    if (pf & TF_PROCS) {
        emit(parent, atom_from_cstr("spawn"), 2, (term[]){child->id, mfa});
        if (link) trace_proc(parent, atom_from_cstr("link"), child->id);
    }
    if (trace_on(child, TF_PROCS)) {
        emit(child, atom_from_cstr("spawned"), 2, (term[]){parent->id, mfa});
        if (link) trace_proc(child, atom_from_cstr("getting_linked"), parent->id);
    }
    heap_free(&h);
}

/* {M, F, Arity} of the function p is in, or 0 (erts' "unknown"). */
static term current_mfa(heap_t *h, proc_t *p)
{
    term m, f;
    unsigned a;
    if (!p->i || !vm_code_mfa(p->i, &m, &f, &a)) return term_from_small(0);
    return heap_make_tuple(h, 3, (term[]){m, f, term_from_small(a)});
}

void trace_sched(proc_t *p, bool in, bool exiting)
{
    heap_t h;
    heap_init(&h);
    term mfa = current_mfa(&h, p);
    const char *tag = exiting ? (in ? "in_exiting" : "out_exiting") : (in ? "in" : "out");
    emit(p, atom_from_cstr(tag), 1, &mfa);
    heap_free(&h);
}

void trace_gc(proc_t *p, bool major, bool start)
{
    const gc_heap_t *g = &p->mem;
    heap_t h;
    heap_init(&h);
    size_t young = (size_t)(g->htop - g->heap), stack = (size_t)(g->hend - g->stop);
    struct {
        const char *k;
        size_t v;
    } info[] = {
        {"wordsize", 0}, /* erts: always 0 */
        {"old_heap_block_size", g->old_heap ? (size_t)(g->old_hend - g->old_heap) : 0},
        {"heap_block_size", (size_t)(g->hend - g->heap)},
        {"mbuf_size", g->frag_words},
        {"recent_size", 0},
        {"stack_size", stack},
        {"old_heap_size", g->old_heap ? (size_t)(g->old_htop - g->old_heap) : 0},
        {"heap_size", young},
        {"bin_vheap_size", g->bin_vheap},
        {"bin_vheap_block_size", g->bin_vheap_sz},
        {"bin_old_vheap_size", g->bin_old_vheap},
        {"bin_old_vheap_block_size", g->bin_old_vheap_sz},
    };
    size_t n = sizeof info / sizeof info[0];
    term l = NIL;
    for (size_t i = n; i-- > 0;) {
        term t = heap_make_tuple(&h, 2, (term[]){atom_from_cstr(info[i].k), term_from_small((int64_t)info[i].v)});
        l = heap_make_cons(&h, t, l);
    }
    const char *tag = major ? (start ? "gc_major_start" : "gc_major_end") : (start ? "gc_minor_start" : "gc_minor_end");
    emit(p, atom_from_cstr(tag), 1, &l);
    heap_free(&h);
}

/* ---- calls ---- */

static term mfa_of(heap_t *h, const trace_bp_t *bp, term last)
{
    const export_entry_t *ep = bp->ep;
    return heap_make_tuple(h, 3, (term[]){ep->module, ep->function, last});
}

/* Run a trace match spec on args with `caller` answering cp's function. */
static bool run_ms(proc_t *p, struct ms_prog *ms, heap_t *h, term args, const void *cp, term *res, unsigned *msf)
{
    term m, f;
    unsigned a;
    ms_trace_caller = cp && vm_code_mfa(cp, &m, &f, &a) ? heap_make_tuple(h, 3, (term[]){m, f, term_from_small(a)})
                                                        : THE_NON_VALUE;
    heap_t *ph = proc_heap(p);
    ms_result_t r = ms_run(ms, p, ph, args, res, msf);
    ms_trace_caller = THE_NON_VALUE;
    bool go = r == MS_MATCH && *res != ATOM_false;
    if (go && !term_is_immed(*res)) *res = copy_term(h, *res);
    proc_heap_close(p);
    return go;
}

unsigned trace_call(proc_t *p, trace_bp_t *bp, const term *x, const void *cp)
{
    if (atomic_load_explicit(&bp->counting, memory_order_relaxed) &&
        !atomic_load_explicit(&bp->count_paused, memory_order_relaxed))
        atomic_fetch_add_explicit(&bp->count, 1, memory_order_relaxed);
    uint32_t fl = trace_flags(p);
    bool traced = (fl & TF_CALL) && atomic_load(&bp->traced), meta = atomic_load(&bp->meta);
    if (!traced && !meta) return 0;
    unsigned arity = bp->ep->arity, rflags = 0;
    heap_t h;
    heap_init(&h);
    term args = heap_make_list(&h, x, arity, NIL);
    if (traced) {
        term res = ATOM_true;
        unsigned msf = 0;
        struct ms_prog *ms = atomic_load(&bp->ms);
        bool go = !ms || run_ms(p, ms, &h, args, cp, &res, &msf);
        if (go) {
            rflags = msf;
            term mfa = mfa_of(&h, bp, (fl & TF_ARITY) ? term_from_small(arity) : args);
            if (!(fl & TF_SILENT)) {
                if (res == ATOM_true) emit(p, atom_from_cstr("call"), 1, &mfa);
                else emit(p, atom_from_cstr("call"), 2, (term[]){mfa, res});
            }
        }
    }
    if (meta) {
        term res = ATOM_true;
        unsigned msf = 0;
        struct ms_prog *ms = atomic_load(&bp->meta_ms);
        bool go = !ms || run_ms(p, ms, &h, args, cp, &res, &msf);
        if (go) {
            term mfa = mfa_of(&h, bp, args);
            term tr = atomic_load(&bp->meta_tracer);
            if (res == ATOM_true) emit_to(p, tr, TF_TIMESTAMP, atom_from_cstr("call"), 1, &mfa);
            else emit_to(p, tr, TF_TIMESTAMP, atom_from_cstr("call"), 2, (term[]){mfa, res});
        }
    }
    heap_free(&h);
    return rflags;
}

void trace_return(proc_t *p, trace_bp_t *bp, term val)
{
    heap_t h;
    heap_init(&h);
    term mfa = mfa_of(&h, bp, term_from_small(bp->ep->arity));
    if (!(trace_flags(p) & TF_SILENT)) emit(p, atom_from_cstr("return_from"), 2, (term[]){mfa, val});
    heap_free(&h);
}

void trace_exception(proc_t *p, trace_bp_t *bp, term cls, term val)
{
    heap_t h;
    heap_init(&h);
    term mfa = mfa_of(&h, bp, term_from_small(bp->ep->arity));
    term cv = heap_make_tuple(&h, 2, (term[]){cls, val});
    if (!(trace_flags(p) & TF_SILENT)) emit(p, atom_from_cstr("exception_from"), 2, (term[]){mfa, cv});
    heap_free(&h);
}

/* ---- breakpoints (trace_pattern/3) ---- */

static pthread_mutex_t bp_lock = PTHREAD_MUTEX_INITIALIZER;
static trace_bp_t *bps;

trace_bp_t *trace_bp_find(const export_entry_t *ep)
{
    pthread_mutex_lock(&bp_lock);
    trace_bp_t *b = bps;
    while (b && b->ep != ep) b = b->next;
    pthread_mutex_unlock(&bp_lock);
    return b;
}

bool trace_bp_installed(const trace_bp_t *bp)
{
    return bp && atomic_load(&bp->ep->address) == (const void *)bp->code;
}

/* Apply one pattern change to ep (a module's export with code). */
void trace_bp_set(export_entry_t *ep, const trace_bp_change_t *c)
{
    pthread_mutex_lock(&bp_lock);
    trace_bp_t *b = bps;
    while (b && b->ep != ep) b = b->next;
    if (!b) {
        b = calloc(1, sizeof *b);
        if (!b) laser_oom("trace breakpoint", sizeof *b);
        b->code[0] = vm_op_word(OP_i_trace_stub);
        b->code[1] = (uint64_t)(uintptr_t)b;
        b->ep = ep;
        b->next = bps;
        bps = b;
    }
    const void *a = atomic_load(&ep->address);
    if (a != (const void *)b->code) {
        /* not installed (new, or the module was loaded again since):
         * what was set on the old code does not carry over, as in erts */
        b->orig = a;
        atomic_store(&b->traced, false);
        atomic_store(&b->counting, false);
        atomic_store(&b->meta, false);
        atomic_store(&b->count, 0);
        ms_prog_t *old = atomic_exchange(&b->ms, NULL);
        if (old) ms_release(old);
        old = atomic_exchange(&b->meta_ms, NULL);
        if (old) ms_release(old);
    }
    if (c->set_call) {
        if (c->call_ms) ms_retain(c->call_ms);
        ms_prog_t *old = atomic_exchange(&b->ms, c->call ? c->call_ms : NULL);
        if (old) ms_release(old);
        atomic_store(&b->traced, c->call);
        atomic_store(&b->local, c->local);
    }
    if (c->set_meta) {
        if (c->meta_ms) ms_retain(c->meta_ms);
        ms_prog_t *old = atomic_exchange(&b->meta_ms, c->meta ? c->meta_ms : NULL);
        if (old) ms_release(old);
        atomic_store(&b->meta_tracer, c->meta_tracer);
        atomic_store(&b->meta, c->meta);
    }
    if (c->set_count) {
        if (c->count_op == TRACE_COUNT_ON) {
            atomic_store(&b->count, 0);
            atomic_store(&b->count_paused, false);
            atomic_store(&b->counting, true);
        } else if (c->count_op == TRACE_COUNT_OFF) {
            atomic_store(&b->counting, false);
        } else if (c->count_op == TRACE_COUNT_PAUSE) {
            atomic_store(&b->count_paused, true);
        } else if (c->count_op == TRACE_COUNT_RESTART) {
            atomic_store(&b->count, 0);
            atomic_store(&b->count_paused, false);
        }
    }
    bool want = atomic_load(&b->traced) || atomic_load(&b->counting) || atomic_load(&b->meta);
    if (want) {
        atomic_store(&ep->address, (const void *)b->code);
    } else {
        /* back to the real code unless the module was reloaded meanwhile */
        const void *expect = b->code;
        atomic_compare_exchange_strong(&ep->address, &expect, b->orig);
    }
    pthread_mutex_unlock(&bp_lock);
}

void trace_unwind(proc_t *p, const term *from, const term *to, term cls, term val)
{
    for (const term *q = from; q + 1 < to; q++)
        if (*q == (term)(uintptr_t)&trace_return_code[1]) trace_exception(p, (trace_bp_t *)(uintptr_t)q[1], cls, val);
}
