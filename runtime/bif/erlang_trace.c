/*
 * erlang_trace.c - the tracing BIFs (erlang_trace.def): erts_internal:trace/3
 * and trace_pattern/3 (erlang:trace/3 and trace_pattern/2,3 are Erlang
 * wrappers in erlang.beam), erlang:trace_info/2, trace_delivered/1. The
 * events themselves are made in runtime/trace.c.
 */
#include "atom.h"
#include "bif.h"
#include "copy.h"
#include "export.h"
#include "module.h"
#include "ms.h"
#include "port.h"
#include "scheduler.h"
#include "trace.h"

#include <pthread.h>
#include <stdlib.h>

/* Process flags in trace_info's order (erts lists them so). */
static const struct {
    const char *name;
    uint32_t bit;
} tflags[] = {
    {"running_procs", TF_RUNNING_PROCS},
    {"running_ports", TF_RUNNING_PORTS},
    {"ports", TF_PORTS},
    {"scheduler_id", TF_SCHED_ID},
    {"silent", TF_SILENT},
    {"return_to", TF_RETURN_TO},
    {"arity", TF_ARITY},
    {"garbage_collection", TF_GC},
    {"exiting", TF_EXITING},
    {"running", TF_RUNNING},
    {"set_on_first_link", TF_SOFL},
    {"set_on_link", TF_SOL},
    {"set_on_first_spawn", TF_SOFS},
    {"procs", TF_PROCS},
    {"call", TF_CALL},
    {"set_on_spawn", TF_SOS},
    {"receive", TF_RECEIVE},
    {"send", TF_SEND},
    {"monotonic_timestamp", TF_MONO_TS},
    {"strict_monotonic_timestamp", TF_STRICT_MONO_TS},
    {"timestamp", TF_TIMESTAMP},
};
#define NFLAGS (sizeof tflags / sizeof tflags[0])

static term badarg_cause(proc_t *p, const char *cause)
{
    proc_raise(p, EXC_ERROR, ATOM(badarg));
    if (cause) p->finfo = atom_from_cstr(cause);
    return THE_NON_VALUE;
}

static term flag_list(heap_t *h, uint32_t f)
{
    term l = NIL;
    for (size_t i = NFLAGS; i-- > 0;)
        if (f & tflags[i].bit) l = heap_make_cons(h, atom_from_cstr(tflags[i].name), l);
    return l;
}

/* Parse a flag list: false if not valid. *tracer stays 0 if none given. */
static bool parse_flags(term l, uint32_t *bits, term *tracer)
{
    *bits = 0;
    for (; term_is_list(l); l = term_cdr(l)) {
        term e = term_car(l);
        if (term_is_atom(e)) {
            if (e == atom_from_cstr("all")) {
                for (size_t i = 0; i < NFLAGS; i++) *bits |= tflags[i].bit;
                continue;
            }
            size_t i = 0;
            while (i < NFLAGS && e != atom_from_cstr(tflags[i].name)) i++;
            if (i == NFLAGS) return false;
            *bits |= tflags[i].bit;
        } else if (term_is_tuple(e) && term_tuple_arity(e) == 2 && term_tuple_elems(e)[0] == atom_from_cstr("tracer") &&
                   term_is_local_pid(term_tuple_elems(e)[1])) {
            /* port tracers and tracer modules are not supported */
            *tracer = term_tuple_elems(e)[1];
        } else {
            return false;
        }
    }
    return term_is_nil(l);
}

static void set_proc(proc_t *t, bool on, uint32_t bits, term tracer)
{
    if (on) {
        atomic_store(&t->tracer, tracer);
        atomic_fetch_or(&t->trace_flags, bits);
    } else if ((atomic_fetch_and(&t->trace_flags, ~bits) & ~bits) == 0) {
        atomic_store(&t->tracer, 0);
    }
}

static uint32_t list_count(term l)
{
    uint32_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) n++;
    return n;
}

term bif_erts_internal_trace_3(proc_t *p, const term *args)
{
    term spec = args[0], how = args[1];
    if (how != ATOM_true && how != ATOM_false) return badarg_cause(p, NULL);
    bool on = how == ATOM_true;
    uint32_t bits;
    term tracer = 0;
    if (!parse_flags(args[2], &bits, &tracer)) return badarg_cause(p, "badopt");
    bool implicit = !tracer;
    if (!tracer) tracer = p->id;
    if (on && bits && !sched_alive(tracer)) return badarg_cause(p, NULL);
    if (term_is_local_pid(spec)) {
        if (on && implicit && spec == p->id) return badarg_cause(p, NULL);
        proc_t *t = sched_get(spec);
        if (!t) return badarg_cause(p, NULL);
        set_proc(t, on, bits, tracer);
        proc_unref(t);
        return term_from_small(1);
    }
    if (!term_is_atom(spec)) return badarg_cause(p, NULL);
    bool procs = false, ports = false, existing = false, fresh = false;
    const char *s = NULL;
    if (spec == atom_from_cstr("all")) procs = ports = existing = fresh = true;
    else if (spec == atom_from_cstr("processes")) procs = existing = fresh = true;
    else if (spec == atom_from_cstr("ports")) ports = existing = fresh = true;
    else if (spec == atom_from_cstr("existing")) procs = ports = existing = true;
    else if (spec == atom_from_cstr("existing_processes")) procs = existing = true;
    else if (spec == atom_from_cstr("existing_ports")) ports = existing = true;
    else if (spec == atom_from_cstr("new")) procs = ports = fresh = true;
    else if (spec == atom_from_cstr("new_processes")) procs = fresh = true;
    else if (spec == atom_from_cstr("new_ports")) ports = fresh = true;
    else return badarg_cause(p, s);
    int64_t count = 0;
    heap_t h;
    heap_init(&h);
    if (existing && procs) {
        for (term l = sched_processes(&h); term_is_list(l); l = term_cdr(l)) {
            proc_t *t = sched_get(term_car(l));
            if (!t) continue;
            set_proc(t, on, bits, tracer);
            proc_unref(t);
            count++;
        }
    }
    if (existing && ports) count += list_count(port_list(&h)); /* ports are counted, not traced */
    heap_free(&h);
    if (fresh && procs) {
        uint32_t nf;
        term nt;
        trace_new_defaults(&nf, &nt);
        trace_set_new_defaults(on ? nf | bits : nf & ~bits, on ? tracer : nt);
    }
    return term_from_small(count);
}

/* ---- trace_info/2 ---- */

static term pair(heap_t *h, const char *k, term v) { return heap_make_tuple(h, 2, (term[]){atom_from_cstr(k), v}); }

/* The match spec terms given to trace_pattern, kept per breakpoint for
 * trace_info (the compiled program does not keep its source). */
typedef struct spec_src {
    const trace_bp_t *bp;
    bool meta;
    heap_t heap;
    term t;
    struct spec_src *next;
} spec_src_t;
static pthread_mutex_t src_lock = PTHREAD_MUTEX_INITIALIZER;
static spec_src_t *srcs;

static void src_set(const trace_bp_t *bp, bool meta, term spec)
{
    pthread_mutex_lock(&src_lock);
    spec_src_t *s = srcs;
    while (s && !(s->bp == bp && s->meta == meta)) s = s->next;
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s) laser_oom("trace pattern", sizeof *s);
        s->bp = bp, s->meta = meta, s->next = srcs;
        srcs = s;
    } else {
        heap_free(&s->heap);
    }
    heap_init(&s->heap);
    s->t = copy_term(&s->heap, spec);
    pthread_mutex_unlock(&src_lock);
}

static term src_get(heap_t *h, const trace_bp_t *bp, bool meta)
{
    pthread_mutex_lock(&src_lock);
    spec_src_t *s = srcs;
    while (s && !(s->bp == bp && s->meta == meta)) s = s->next;
    term r = s ? copy_term(h, s->t) : NIL;
    pthread_mutex_unlock(&src_lock);
    return r;
}

static term func_item(heap_t *h, const trace_bp_t *bp, bool live, term item)
{
    bool traced = live && atomic_load(&bp->traced), meta = live && atomic_load(&bp->meta),
         counting = live && atomic_load(&bp->counting);
    if (item == atom_from_cstr("traced"))
        return pair(h, "traced", traced ? atom_from_cstr(atomic_load(&bp->local) ? "local" : "global") : ATOM_false);
    if (item == atom_from_cstr("match_spec"))
        return pair(h, "match_spec", traced ? (atomic_load(&bp->ms) ? src_get(h, bp, false) : NIL) : ATOM_false);
    if (item == atom_from_cstr("meta")) return pair(h, "meta", meta ? atomic_load(&bp->meta_tracer) : ATOM_false);
    if (item == atom_from_cstr("meta_match_spec"))
        return pair(h, "meta_match_spec", meta ? (atomic_load(&bp->meta_ms) ? src_get(h, bp, true) : NIL) : ATOM_false);
    if (item == atom_from_cstr("call_time")) return pair(h, "call_time", ATOM_false);
    if (item == atom_from_cstr("call_count"))
        return pair(h, "call_count", counting ? term_from_small(atomic_load(&bp->count)) : ATOM_false);
    return THE_NON_VALUE;
}

static term trace_info_func(proc_t *p, term mfa, term item)
{
    term *e = term_tuple_elems(mfa);
    if (!term_is_atom(e[0]) || !term_is_atom(e[1]) || !term_is_small(e[2])) return badarg_cause(p, NULL);
    static const char *items[] = {"traced", "match_spec", "meta", "meta_match_spec", "call_time", "call_count"};
    bool all = item == atom_from_cstr("all");
    size_t i = 0;
    while (!all && i < 6 && item != atom_from_cstr(items[i])) i++;
    if (!all && i == 6) return badarg_cause(p, NULL);
    heap_t *h = proc_heap(p);
    ld_module_t *m = module_current(e[0]);
    export_entry_t *ep = export_get(e[0], e[1], (uint32_t)term_to_small(e[2]));
    trace_bp_t *bp = ep ? trace_bp_find(ep) : NULL;
    bool live = trace_bp_installed(bp);
    if (!m || !ep || !atomic_load(&ep->owner)) {
        /* no such function: undefined for all, false for each */
        return pair(h, all ? "all" : items[i], ATOM(undefined));
    }
    if (!all) {
        if (!live) return pair(h, items[i], ATOM_false);
        return func_item(h, bp, live, item);
    }
    if (!live || !(atomic_load(&bp->traced) || atomic_load(&bp->meta) || atomic_load(&bp->counting)))
        return pair(h, "all", ATOM_false);
    term l = NIL;
    for (size_t k = 6; k-- > 0;) l = heap_make_cons(h, func_item(h, bp, live, atom_from_cstr(items[k])), l);
    return pair(h, "all", l);
}

term bif_erlang_trace_info_2(proc_t *p, const term *args)
{
    term what = args[0], item = args[1];
    if (term_is_tuple(what) && term_tuple_arity(what) == 3) return trace_info_func(p, what, item);
    bool flags = item == atom_from_cstr("flags"), tr = item == atom_from_cstr("tracer");
    if (!flags && !tr) return badarg_cause(p, NULL);
    uint32_t f;
    term t;
    if (term_is_local_pid(what)) {
        proc_t *q = sched_get(what);
        if (!q) return ATOM(undefined);
        f = trace_flags(q);
        t = atomic_load(&q->tracer);
        proc_unref(q);
    } else if (what == atom_from_cstr("new") || what == atom_from_cstr("new_processes")) {
        trace_new_defaults(&f, &t);
    } else if (what == atom_from_cstr("new_ports") || term_is_local_port(what)) {
        f = 0, t = 0;
    } else {
        return badarg_cause(p, "badopt");
    }
    heap_t *h = proc_heap(p);
    if (flags) return pair(h, "flags", flag_list(h, f));
    return pair(h, "tracer", t ? t : NIL);
}

/* Trace messages are in their tracer's inbox when the event's code
 * returns (trace.c posts them directly), so everything traced before
 * this call has been delivered. */
term bif_erlang_trace_delivered_1(proc_t *p, const term *args)
{
    term t = args[0];
    if (t != atom_from_cstr("all") && !term_is_local_pid(t)) return badarg_cause(p, NULL);
    uint32_t ref[3];
    sched_ref_numbers(ref);
    heap_t *h = proc_heap(p);
    term r = sched_make_ref(h, ref);
    proc_mq_push(p, heap_make_tuple(h, 3, (term[]){atom_from_cstr("trace_delivered"), t, r}));
    return r;
}

/* ---- trace_pattern/3 ---- */

static _Atomic bool event_send_on = true, event_receive_on = true;

term bif_erts_internal_trace_pattern_3(proc_t *p, const term *args)
{
    term mfa = args[0], pat = args[1];
    bool local = false, global = false, meta = false, count = false, time = false;
    term meta_tracer = 0;
    term l = args[2];
    for (; term_is_list(l); l = term_cdr(l)) {
        term e = term_car(l);
        if (term_is_tuple(e) && term_tuple_arity(e) == 2 && term_tuple_elems(e)[0] == atom_from_cstr("meta") &&
            term_is_local_pid(term_tuple_elems(e)[1])) {
            if (global) return badarg_cause(p, "badopt");
            meta = true, meta_tracer = term_tuple_elems(e)[1];
        } else if (e == atom_from_cstr("local") && !global) local = true;
        else if (e == atom_from_cstr("meta") && !global) meta = true;
        else if (e == atom_from_cstr("global") && !local && !meta && !count && !time) global = true;
        else if (e == atom_from_cstr("call_count") && !global) count = true;
        /* call_time is not supported (erlang:trace_info reports no times) */
        else return badarg_cause(p, "badopt");
    }
    if (!term_is_nil(l)) return badarg_cause(p, "badopt");
    if (meta && !meta_tracer) meta_tracer = p->id;
    int on; /* 0 off, 1 on, 2 restart, 3 pause */
    ms_prog_t *ms = NULL;
    if (pat == ATOM_false) on = 0;
    else if (pat == ATOM_true || term_is_nil(pat)) on = 1;
    else if (pat == atom_from_cstr("restart")) on = 2;
    else if (pat == atom_from_cstr("pause")) on = 3;
    else {
        ms = ms_compile(pat, MS_TRACE, NULL, NULL);
        if (!ms) return badarg_cause(p, "match_spec");
        on = 1;
    }
    if (ms && !local && !meta && (count || time)) {
        ms_release(ms);
        return badarg_cause(p, "call_count");
    }
    if (term_is_atom(mfa)) {
        if (ms) ms_release(ms);
        if (global || local || meta || count || time || on > 1) return badarg_cause(p, "badopt");
        if (mfa == atom_from_cstr("on_load")) return term_from_small(0);
        if (mfa == atom_from_cstr("send")) event_send_on = on;
        else if (mfa == atom_from_cstr("receive")) event_receive_on = on;
        else return badarg_cause(p, "none");
        return term_from_small(1);
    }
    if (!term_is_tuple(mfa) || term_tuple_arity(mfa) != 3) {
        if (ms) ms_release(ms);
        return badarg_cause(p, "none");
    }
    term *e = term_tuple_elems(mfa);
    term us = atom_from_cstr("_");
    bool ok = term_is_atom(e[0]) && term_is_atom(e[1]) && (term_is_small(e[2]) || e[2] == us);
    if (ok && e[0] == us) ok = e[1] == us && e[2] == us;
    if (ok && e[1] == us) ok = e[2] == us;
    if (!ok) {
        if (ms) ms_release(ms);
        return badarg_cause(p, "none");
    }
    trace_bp_change_t c = {0};
    if (count || time) {
        c.set_count = count;
        c.count_op = on == 0 ? TRACE_COUNT_OFF : on == 1 ? TRACE_COUNT_ON : on == 2 ? TRACE_COUNT_RESTART : TRACE_COUNT_PAUSE;
    }
    if (meta) {
        c.set_meta = true, c.meta = on == 1, c.meta_ms = ms, c.meta_tracer = meta_tracer;
    }
    if (!meta && !count && !time) {
        c.set_call = true, c.call = on == 1, c.call_ms = ms, c.local = local;
    }
    bool global_only = !local && !meta && !count && !time;
    /* the modules to look at */
    size_t nmods = module_current_names(NULL, 0);
    term *names = malloc((nmods + 1) * sizeof(term));
    if (!names) laser_oom("trace_pattern", (nmods + 1) * sizeof(term));
    if (e[0] == us) nmods = module_current_names(names, nmods);
    else names[0] = e[0], nmods = 1;
    int64_t matches = 0;
    for (size_t i = 0; i < nmods; i++) {
        ld_module_t *m = module_current(names[i]);
        if (!m) continue;
        /* global patterns match exports, the others every function; only
         * calls through an export are seen (local calls of a module do not
         * go through the breakpoint: docs/architecture.md, Tracing) */
        uint32_t nf = global_only ? m->num_exports : m->num_functions;
        for (uint32_t k = 0; k < nf; k++) {
            term fn = global_only ? m->exports[k].function : m->functions[k].name;
            uint32_t ar = global_only ? m->exports[k].arity : m->functions[k].arity;
            if (e[1] != us && fn != e[1]) continue;
            if (e[2] != us && (int64_t)ar != term_to_small(e[2])) continue;
            export_entry_t *ep = export_get(m->name, fn, ar);
            if (global_only && (!ep || atomic_load(&ep->owner) != m)) continue; /* a BIF's stub or not bound */
            matches++;
            if (!ep || atomic_load(&ep->owner) != m) continue;
            if (on == 0 && !trace_bp_find(ep)) continue;
            trace_bp_set(ep, &c);
            trace_bp_t *bp = trace_bp_find(ep);
            if (ms && on == 1) src_set(bp, meta, pat);
        }
    }
    free(names);
    if (ms) ms_release(ms);
    return term_from_small(matches);
}

bool trace_event_on(bool send) { return send ? event_send_on : event_receive_on; }
