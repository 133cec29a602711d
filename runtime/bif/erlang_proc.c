/*
 * erlang_proc.c - process BIFs (erlang_proc.def): spawning, links,
 * monitors, exit signals, process flags, the registry, group leaders,
 * processes/0, yield, suspend/resume. The signal machinery is scheduler.c's;
 * these BIFs check arguments as OTP does and send the signals.
 */
#include "bif.h"
#include "bif/erlang_code.h"
#include "bif/erlang_proc.h"
#include "bif/erts_internal.h"
#include "big.h"
#include "copy.h"
#include "dist.h"
#include "node.h"
#include "scheduler.h"
#include "map.h"
#include "port.h"
#include "trace.h"
#include "vm.h"
#include "settings.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool is_proper_list(term l)
{
    while (term_is_list(l)) l = term_cdr(l);
    return term_is_nil(l);
}

static uint32_t list_length(term l)
{
    uint32_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) n++;
    return n;
}

static term max_heap_map(heap_t *h, const proc_t *t);

/* ---- spawning ---- */

typedef struct {
    bool link, monitor;
    int prio;
    size_t min_heap, min_vheap, max_heap;
    bool max_heap_set, max_kill, max_report;
    int64_t fullsweep;
    int mqd; /* message_queue_data: 0 the system's default (+hmqd), 1 off_heap, 2 on_heap */
    int mon_alias;   /* {monitor, [{alias, Mode}]}: ALIAS_*, 0 for none */
    term mon_tag;    /* {monitor, [{tag, T}]}, or THE_NON_VALUE */
    /* spawn_request only: {reply_tag, T} and {reply, R} */
    bool request;
    term reply_tag;
    bool reply_ok, reply_error;
} spawn_opts_t;

static bool mon_opts(term l, int *alias, term *tag);

static int prio_of(term a)
{
    if (a == ATOM(low)) return PRIO_LOW;
    if (a == ATOM(normal)) return PRIO_NORMAL;
    if (a == ATOM(high)) return PRIO_HIGH;
    if (a == ATOM(max)) return PRIO_MAX;
    return -1;
}

static term prio_atom(int prio)
{
    return prio == PRIO_MAX ? ATOM(max) : prio == PRIO_HIGH ? ATOM(high) : prio == PRIO_LOW ? ATOM(low) : ATOM(normal);
}

/* max_heap_size: N or #{size => N, kill => B, error_logger => B}; keys
 * not given: size 0 and the system's flags, as erts. */
bool bif_max_heap_parse(term v, size_t *size, bool *kill, bool *report)
{
    /* erts starts from size 0 and the system's flags */
    uint64_t dflt = atomic_load_explicit(&proc_default_max_heap, memory_order_relaxed);
    *size = 0, *kill = (dflt >> 1) & 1, *report = dflt & 1;
    if (term_is_small(v) && term_to_small(v) >= 0) {
        *size = (size_t)term_to_small(v);
        return true;
    }
    if (!term_is_map(v)) return false;
    map_iter_t it;
    term k, val;
    map_iter_init(&it, v);
    while (map_iter_next(&it, &k, &val)) {
        if (k == ATOM(size) && term_is_small(val) && term_to_small(val) >= 0) *size = (size_t)term_to_small(val);
        else if (k == ATOM(kill) && (val == ATOM_true || val == ATOM_false)) *kill = val == ATOM_true;
        else if (k == ATOM(error_logger) && (val == ATOM_true || val == ATOM_false)) *report = val == ATOM_true;
        else if (k == ATOM(include_shared_binaries) && (val == ATOM_true || val == ATOM_false)) {
        } else return false;
    }
    return true;
}

static bool parse_max_heap(term v, spawn_opts_t *o) { return bif_max_heap_parse(v, &o->max_heap, &o->max_kill, &o->max_report); }

/* A min_heap_size or min_bin_vheap_size as erts sets it: at least the
 * system's default (system_flag/2), else a size of the heap table. */
static size_t min_size(term which, size_t n)
{
    size_t dflt = atomic_load_explicit(which == ATOM(min_heap_size) ? &proc_default_min_heap : &proc_default_min_bin_vheap,
                                       memory_order_relaxed);
    size_t s = n < dflt ? dflt : gc_next_heap_size(n, 0);
    return s ? s : dflt;
}

/* One element of spawn_opt's option list. */
static bool parse_opt(term e, spawn_opts_t *o)
{
    if (e == ATOM(link)) o->link = true;
    else if (e == ATOM(monitor)) o->monitor = true;
    else if (term_is_tuple(e) && term_tuple_arity(e) == 2) {
        term k = term_tuple_elems(e)[0], v = term_tuple_elems(e)[1];
        if (k == ATOM(priority) && prio_of(v) >= 0) o->prio = prio_of(v);
        else if (k == ATOM(min_heap_size) && term_is_small(v) && term_to_small(v) >= 0)
            o->min_heap = (size_t)term_to_small(v);
        else if (k == ATOM(min_bin_vheap_size) && term_is_small(v) && term_to_small(v) >= 0)
            o->min_vheap = (size_t)term_to_small(v);
        else if (k == ATOM(max_heap_size)) {
            if (!parse_max_heap(v, o)) return false;
            o->max_heap_set = true;
        } else if (k == ATOM(fullsweep_after) && term_is_small(v) && term_to_small(v) >= 0)
            o->fullsweep = term_to_small(v);
        else if (k == ATOM(message_queue_data) && (v == ATOM(off_heap) || v == ATOM(on_heap)))
            o->mqd = v == ATOM(off_heap) ? 1 : 2;
        else if (k == ATOM(monitor) && is_proper_list(v) && mon_opts(v, &o->mon_alias, &o->mon_tag))
            o->monitor = true;
        else if (o->request && k == atom_from_cstr("reply_tag")) o->reply_tag = v;
        else if (o->request && k == atom_from_cstr("reply")) {
            /* yes | no | error_only | success_only */
            if (v == ATOM_true || v == atom_from_cstr("yes")) o->reply_ok = o->reply_error = true;
            else if (v == atom_from_cstr("no")) o->reply_ok = o->reply_error = false;
            else if (v == atom_from_cstr("error_only")) o->reply_ok = false, o->reply_error = true;
            else if (v == atom_from_cstr("success_only")) o->reply_ok = true, o->reply_error = false;
            else return false;
        } else return false;
    } else return false;
    return true;
}

static bool parse_opts(term l, spawn_opts_t *o)
{
    for (; term_is_list(l); l = term_cdr(l))
        if (!parse_opt(term_car(l), o)) return false;
    return term_is_nil(l);
}

/* Start a process running apply(M, F, Args) (or apply(Fun, Args), f =
 * THE_NON_VALUE). The result: the pid, or {Pid, MonitorRef}; for a
 * spawn_request, the request's reference (the monitor's when monitoring),
 * with the success reply already in the caller's queue, ahead of anything
 * the child may send. */
static term do_spawn(proc_t *p, term m, term f, term args, const spawn_opts_t *o)
{
    size_t min_heap = o->min_heap ? min_size(ATOM(min_heap_size), o->min_heap) : 0;
    proc_t *c = sched_new_proc(min_heap);
    if (!c) {
        if (o->request) return THE_NON_VALUE; /* answered by an error reply */
        BIF_ERROR(p, ATOM(system_limit));
    }
    c->group_leader = p->group_leader;
    c->prio = (uint8_t)o->prio;
    if (o->min_vheap) c->mem.min_bin_vheap_size = c->mem.bin_vheap_sz = min_size(ATOM(min_bin_vheap_size), o->min_vheap);
    if (o->max_heap_set) {
        c->mem.max_heap_size = o->max_heap;
        c->mem.max_heap_kill = o->max_kill;
        c->max_heap_flags = (uint8_t)(o->max_report ? 1 : 0);
    } /* else the system's default (proc_new) */
    if (o->fullsweep >= 0) c->mem.fullsweep_after = (uint32_t)o->fullsweep;
    if (o->mqd == 1 || (o->mqd == 0 && vm_settings.mqd_off_heap)) c->flags |= PF_MQ_OFF_HEAP;
    heap_t *ch = proc_heap(c);
    term cm = copy_term(ch, m), ca = copy_term(ch, args);
    proc_heap_close(c);
    if (term_is_value(f)) {
        c->init_mfa[0] = m, c->init_mfa[1] = f, c->init_mfa[2] = term_from_small(list_length(args));
    } else {
        c->init_mfa[0] = ATOM(erlang), c->init_mfa[1] = ATOM(apply), c->init_mfa[2] = term_from_small(2);
    }
    vm_start_apply(c, cm, f, ca);
    if (o->link) {
        proc_add_link(p, c->id);
        proc_add_link(c, p->id);
    }
    trace_spawned(p, c, m, f, args, o->link);
    term result = c->id;
    uint32_t ref[3] = {0, 0, 0};
    heap_t *h = NULL;
    term rterm = THE_NON_VALUE;
    if (o->monitor || o->request) { /* the monitor's or the request's reference */
        sched_ref_numbers(ref);
        h = proc_heap(p);
        rterm = sched_make_ref(h, ref);
    }
    if (o->monitor) {
        proc_mon_t mon = {{ref[0], ref[1], ref[2]}, c->id, NIL};
        /* the reference is an alias too; the tag replaces 'DOWN' */
        if (o->mon_alias || term_is_value(o->mon_tag)) alias_add(p, ref, o->mon_alias, o->mon_tag);
        proc_mon_add(&p->mons, &p->nmons, &p->mons_cap, &mon);
        mon.pid = p->id;
        proc_mon_add(&c->monby, &c->nmonby, &c->monby_cap, &mon);
        result = heap_make_tuple(h, 2, (term[]){c->id, rterm});
    }
    if (o->request) {
        if (o->reply_ok)
            sched_send(p, p->id, heap_make_tuple(h, 4, (term[]){o->reply_tag, rterm, ATOM(ok), c->id}));
        result = rterm;
    }
    sched_start(c);
    return result;
}

static const spawn_opts_t no_opts = {.prio = PRIO_NORMAL, .max_kill = true, .max_report = true, .fullsweep = -1,
                                     .mon_tag = THE_NON_VALUE, .reply_tag = THE_NON_VALUE};

static term spawn_fun(proc_t *p, term fun, spawn_opts_t *o)
{
    if (!term_is_fun(fun) && !term_is_export(fun)) BIF_BADARG(p);
    return do_spawn(p, fun, THE_NON_VALUE, NIL, o);
}

static term spawn_mfa(proc_t *p, const term *a, spawn_opts_t *o)
{
    if (!term_is_atom(a[0]) || !term_is_atom(a[1]) || !is_proper_list(a[2])) BIF_BADARG(p);
    return do_spawn(p, a[0], a[1], a[2], o);
}

/* A node argument naming this node. */
static bool local_node(term n) { return n == node_local_name(); }

term bif_erlang_spawn_1(proc_t *p, const term *args)
{
    spawn_opts_t o = no_opts;
    return spawn_fun(p, args[0], &o);
}
/* spawn/2,4 on another node: erlang.erl's spawn_opt/5, which asks
 * dist_spawn_request and, as this node has no connections, answers with a
 * process that reports the failure and exits with noconnection, as erl. */
static term spawn_remote(proc_t *p, term node, term m, term f, term args)
{
    term a[5] = {node, m, f, args, NIL};
    return bif_trap(p, ATOM(erlang), atom_from_cstr("spawn_opt"), 5, a);
}

term bif_erlang_spawn_2(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    if (!local_node(args[0])) {
        if (!term_is_fun(args[1]) && !term_is_export(args[1])) BIF_BADARG(p);
        term fargs = heap_make_list(proc_heap(p), (term[]){args[1], NIL}, 2, NIL);
        return spawn_remote(p, args[0], ATOM(erlang), ATOM(apply), fargs);
    }
    return bif_erlang_spawn_1(p, args + 1);
}
term bif_erlang_spawn_3(proc_t *p, const term *args)
{
    spawn_opts_t o = no_opts;
    return spawn_mfa(p, args, &o);
}
term bif_erlang_spawn_4(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    if (!local_node(args[0])) {
        if (!term_is_atom(args[1]) || !term_is_atom(args[2]) || !is_proper_list(args[3])) BIF_BADARG(p);
        return spawn_remote(p, args[0], args[1], args[2], args[3]);
    }
    return bif_erlang_spawn_3(p, args + 1);
}
/* spawn_link/1,3 and spawn_monitor/1,3. */
static term spawn_with(proc_t *p, const term *args, bool mfa, bool link, bool monitor)
{
    spawn_opts_t o = no_opts;
    o.link = link, o.monitor = monitor;
    return mfa ? spawn_mfa(p, args, &o) : spawn_fun(p, args[0], &o);
}
term bif_erlang_spawn_link_1(proc_t *p, const term *args) { return spawn_with(p, args, false, true, false); }
term bif_erlang_spawn_link_3(proc_t *p, const term *args) { return spawn_with(p, args, true, true, false); }
term bif_erlang_spawn_monitor_1(proc_t *p, const term *args) { return spawn_with(p, args, false, false, true); }
term bif_erlang_spawn_monitor_3(proc_t *p, const term *args) { return spawn_with(p, args, true, false, true); }

static term badarg_cause(proc_t *p, const char *cause);
/* A bad option list: badarg with OTP's error_info cause badopt. */
static term badopt(proc_t *p) { return badarg_cause(p, "badopt"); }

term bif_erlang_spawn_opt_2(proc_t *p, const term *args)
{
    spawn_opts_t o = no_opts;
    if (!parse_opts(args[1], &o)) return badopt(p);
    return spawn_fun(p, args[0], &o);
}
term bif_erlang_spawn_opt_4(proc_t *p, const term *args)
{
    spawn_opts_t o = no_opts;
    if (!parse_opts(args[3], &o)) return badopt(p);
    return spawn_mfa(p, args, &o);
}

/* erts_internal:spawn_request(M, F, Args, Opts), behind erlang:spawn_request/1..5:
 * spawn_opt's options plus {reply_tag, T} and {reply, yes|no|error_only|
 * success_only}. Bad M, F or Args: the atom badarg; Opts not a proper
 * list: the atom badopt (erlang.erl raises either). A bad option is an
 * error reply {Tag, ReqId, error, badopt}, as is system_limit. */
term bif_erts_internal_spawn_request_4(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || !term_is_atom(args[1]) || !is_proper_list(args[2])) return ATOM(badarg);
    if (!is_proper_list(args[3])) return atom_from_cstr("badopt");
    spawn_opts_t o = no_opts;
    o.request = true;
    o.reply_tag = atom_from_cstr("spawn_reply");
    o.reply_ok = o.reply_error = true;
    term why = atom_from_cstr("badopt");
    /* the reply options count even when another option is bad */
    for (term l = args[3]; term_is_list(l); l = term_cdr(l)) {
        term e = term_car(l);
        if (term_is_tuple(e) && term_tuple_arity(e) == 2 &&
            (term_tuple_elems(e)[0] == atom_from_cstr("reply_tag") || term_tuple_elems(e)[0] == atom_from_cstr("reply"))) {
            spawn_opts_t r = o;
            if (parse_opt(e, &r)) o.reply_tag = r.reply_tag, o.reply_ok = r.reply_ok, o.reply_error = r.reply_error;
        }
    }
    if (parse_opts(args[3], &o)) {
        term r = do_spawn(p, args[0], args[1], args[2], &o);
        if (term_is_value(r)) return r;
        why = ATOM(system_limit);
    }
    uint32_t ref[3];
    sched_ref_numbers(ref);
    heap_t *h = proc_heap(p);
    term rterm = sched_make_ref(h, ref);
    if (o.reply_error)
        sched_send(p, p->id, heap_make_tuple(h, 4, (term[]){o.reply_tag, rterm, ATOM(error), why}));
    return rterm;
}

/* erts_internal:dist_spawn_request(Node, {M, F, Args}, Opts, Kind): a spawn
 * on another node. This node has no connections, so every request fails
 * with noconnection; only the reply options are read, as erts reads the
 * rest on the remote side. The reference for spawn_request, else {Ref,
 * Monitoring}. */
term bif_erts_internal_dist_spawn_request_4(proc_t *p, const term *args)
{
    term mfa = args[1];
    if (!term_is_atom(args[0]) || local_node(args[0]) || !term_is_tuple(mfa) || term_tuple_arity(mfa) != 3 ||
        !term_is_atom(term_tuple_elems(mfa)[0]) || !term_is_atom(term_tuple_elems(mfa)[1]) ||
        !is_proper_list(term_tuple_elems(mfa)[2]) || !is_proper_list(args[2]))
        return ATOM(badarg);
    if (node_is_alive()) return dist_spawn_request(p, args);
    spawn_opts_t o = no_opts;
    o.request = true;
    o.reply_tag = atom_from_cstr("spawn_reply");
    o.reply_ok = o.reply_error = true;
    term why = ATOM(noconnection);
    for (term l = args[2]; term_is_list(l); l = term_cdr(l)) {
        term e = term_car(l);
        if (e == ATOM(monitor) || (term_is_tuple(e) && term_tuple_arity(e) == 2 && term_tuple_elems(e)[0] == ATOM(monitor)))
            o.monitor = true;
        else if (term_is_tuple(e) && term_tuple_arity(e) == 2 &&
                 (term_tuple_elems(e)[0] == atom_from_cstr("reply_tag") || term_tuple_elems(e)[0] == atom_from_cstr("reply")) &&
                 !parse_opt(e, &o))
            why = atom_from_cstr("badopt");
    }
    uint32_t ref[3];
    sched_ref_numbers(ref);
    heap_t *h = proc_heap(p);
    term rterm = sched_make_ref(h, ref);
    if (o.reply_error) sched_send(p, p->id, heap_make_tuple(h, 4, (term[]){o.reply_tag, rterm, ATOM(error), why}));
    if (args[3] == atom_from_cstr("spawn_request")) return rterm;
    return heap_make_tuple(h, 2, (term[]){rterm, o.monitor ? ATOM_true : ATOM_false});
}

/* monitor_node/2,3: this node is not alive (no distribution), so another
 * node raises notalive, as erts does; our own node is always up. */
term bif_erlang_monitor_node_2(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    if (local_node(args[0])) return ATOM_true;
    if (!node_is_alive()) BIF_ERROR(p, atom_from_cstr("notalive"));
    if (args[1] != ATOM_true && args[1] != ATOM_false) BIF_BADARG(p);
    dist_monitor_node(p, args[0], args[1] == ATOM_true);
    return ATOM_true;
}

term bif_erlang_monitor_node_3(proc_t *p, const term *args)
{
    term l = args[2];
    for (; term_is_list(l); l = term_cdr(l))
        if (term_car(l) != atom_from_cstr("allow_passive_connect")) return badopt(p);
    if (!term_is_nil(l)) return badopt(p);
    return bif_erlang_monitor_node_2(p, args);
}

/* A process for a remote node's spawn request (dist.c): not started yet,
 * so that the reply goes first. Linked to / monitored by parent (an
 * interned remote pid) as the options ask (flags: 1 link, 2 monitor,
 * the monitor's reference being the request's). NULL with *err set on a
 * bad option or at the process limit. */
proc_t *erlang_proc_dist_spawn(term m, term f, term args, term opts, term gl, term parent, const uint32_t ref[3],
                               int *flags, term *err)
{
    spawn_opts_t o = no_opts;
    if (!parse_opts(opts, &o)) {
        *err = atom_from_cstr("badopt");
        return NULL;
    }
    size_t min_heap = o.min_heap ? min_size(ATOM(min_heap_size), o.min_heap) : 0;
    proc_t *c = sched_new_proc(min_heap);
    if (!c) {
        *err = ATOM(system_limit);
        return NULL;
    }
    c->group_leader = gl;
    c->prio = (uint8_t)o.prio;
    if (o.fullsweep >= 0) c->mem.fullsweep_after = (uint32_t)o.fullsweep;
    if (o.mqd == 1 || (o.mqd == 0 && vm_settings.mqd_off_heap)) c->flags |= PF_MQ_OFF_HEAP;
    heap_t *ch = proc_heap(c);
    term ca = copy_term(ch, args);
    proc_heap_close(c);
    c->init_mfa[0] = m, c->init_mfa[1] = f, c->init_mfa[2] = term_from_small(list_length(args));
    vm_start_apply(c, m, f, ca);
    *flags = 0;
    if (o.link) {
        proc_add_link(c, parent);
        *flags |= 1;
    }
    if (o.monitor) {
        proc_mon_t mon = {{ref[0], ref[1], ref[2]}, parent, NIL};
        proc_mon_add(&c->monby, &c->nmonby, &c->monby_cap, &mon);
        *flags |= 2;
    }
    return c;
}

/* A local spawn_request is answered before it returns, so none is ever
 * outstanding to abandon. */
term bif_erlang_spawn_request_abandon_1(proc_t *p, const term *args)
{
    if (!term_is_ref(args[0])) BIF_BADARG(p);
    return ATOM_false;
}

/* ---- sending ---- */

term bif_erlang_send_2(proc_t *p, const term *args)
{
    if (vm_send(p, args[0], args[1]) < 0) BIF_BADARG(p);
    return args[1];
}
term bif_erlang_send_3(proc_t *p, const term *args)
{
    for (term l = args[2]; term_is_list(l) || !term_is_nil(l); l = term_cdr(l)) {
        if (!term_is_list(l)) BIF_BADARG(p);
        term o = term_car(l);
        if (o != ATOM(nosuspend) && o != ATOM(noconnect)) BIF_BADARG(p);
    }
    if (vm_send(p, args[0], args[1]) < 0) BIF_BADARG(p);
    return ATOM(ok);
}

/* ---- links and exit signals ---- */

/* Handle the caller's own signals now (a signal it sent itself must act
 * before the BIF returns, as OTP's BIFs do); false: the process dies
 * (PF_KILLED set, the BIF must return THE_NON_VALUE). */
static bool self_signals(proc_t *p)
{
    if (sig_handle(p)) return true;
    p->flags |= PF_KILLED;
    p->fclass = EXC_EXIT;
    p->finfo = THE_NON_VALUE;
    return false;
}

term bif_erlang_link_1(proc_t *p, const term *args)
{
    term pid = args[0];
    if (!term_is_pid(pid) && !term_is_port(pid)) BIF_BADARG(p);
    if (term_is_ext_pid(pid)) {
        pid = dist_intern_pid(pid);
        if (!proc_has_link(p, pid)) dist_link(p, pid);
        return ATOM_true;
    }
    if (pid == p->id || proc_has_link(p, pid)) return ATOM_true;
    if (term_is_local_port(pid) ? !port_alive(pid) : !term_is_local_pid(pid) || !sched_alive(pid)) {
        if (!(p->flags & PF_TRAP_EXIT)) BIF_ERROR(p, ATOM(noproc));
        heap_t *h = proc_heap(p);
        proc_mq_push(p, heap_make_tuple(h, 3, (term[]){ATOM(EXIT), pid, ATOM(noproc)}));
        return ATOM_true;
    }
    proc_add_link(p, pid);
    if (trace_on(p, TF_PROCS)) trace_proc(p, atom_from_cstr("link"), pid);
    sig_send(pid, sig_new(SIG_LINK, p->id, NIL));
    return ATOM_true;
}

term bif_erlang_unlink_1(proc_t *p, const term *args)
{
    term pid = args[0];
    if (!term_is_pid(pid) && !term_is_port(pid)) BIF_BADARG(p);
    if (term_is_ext_pid(pid)) pid = dist_intern_pid(pid);
    if (proc_del_link(p, pid)) {
        if (trace_on(p, TF_PROCS)) trace_proc(p, atom_from_cstr("unlink"), pid);
        sig_send(pid, sig_new(SIG_UNLINK, p->id, NIL));
    }
    return ATOM_true;
}

term bif_erlang_exit_2(proc_t *p, const term *args)
{
    term pid = args[0];
    if (!term_is_pid(pid) && !term_is_port(pid)) BIF_BADARG(p);
    sig_send(pid, sig_new(SIG_EXIT, p->id, args[1]));
    if (pid == p->id && !self_signals(p)) return THE_NON_VALUE;
    return ATOM_true;
}

/* ---- monitors ---- */

term bif_erlang_make_ref_0(proc_t *p, const term *args)
{
    (void)args;
    uint32_t r[3];
    sched_ref_numbers(r);
    return sched_make_ref(proc_heap(p), r);
}

/* A monitor on a remote process (pid, or name on node): dist.c sends it
 * and answers 'DOWN'; the entry in mons holds the interned pid or, for a
 * name, the node atom (where a demonitor goes). */
static term remote_monitor(proc_t *p, term pid, term name, term node, int alias, term tag)
{
    proc_mon_t m = {{0, 0, 0}, term_is_value(pid) ? dist_intern_pid(pid) : node, name};
    heap_t *h = proc_heap(p);
    dist_monitor(p, m.pid, name, node, m.ref);
    if (alias || term_is_value(tag)) alias_add(p, m.ref, alias, tag);
    proc_mon_add(&p->mons, &p->nmons, &p->mons_cap, &m);
    return sched_make_ref(h, m.ref);
}

static term do_monitor(proc_t *p, term type, term item, int alias, term tag)
{
    if (type != ATOM(process)) {
        size_t n;
        const uint8_t *t = term_is_atom(type) ? atom_text(type, &n) : NULL;
        if (!t || !((n == 4 && !memcmp(t, "port", 4)) || (n == 11 && !memcmp(t, "time_offset", 11))))
            return badarg_cause(p, "badtype");
        if (!(n == 4 && (term_is_port(item) || term_is_atom(item)))) {
            if (!(n == 11 && item == atom_from_cstr("clock_service"))) BIF_BADARG(p);
        }
        if (n == 4) return port_monitor(p, item); /* port.c */
        return bif_erlang_make_ref_0(p, NULL);
    }
    term name = NIL, pid = item;
    if (term_is_tuple(item) && term_tuple_arity(item) == 2 && term_is_atom(term_tuple_elems(item)[0]) &&
        term_is_atom(term_tuple_elems(item)[1])) {
        term node = term_tuple_elems(item)[1];
        if (!local_node(node)) {
            if (!node_is_alive()) BIF_BADARG(p);
            return remote_monitor(p, THE_NON_VALUE, term_tuple_elems(item)[0], node, alias, tag);
        }
        item = term_tuple_elems(item)[0];
    }
    if (term_is_ext_pid(item)) return remote_monitor(p, item, NIL, ((term_external_t *)term_boxed_ptr(item))->node->name, alias, tag);
    if (term_is_atom(item)) {
        name = item;
        pid = reg_whereis(item);
    } else if (!term_is_pid(item)) {
        BIF_BADARG(p);
    }
    proc_mon_t m = {{0, 0, 0}, pid, name};
    sched_ref_numbers(m.ref);
    heap_t *h = proc_heap(p);
    term ref = sched_make_ref(h, m.ref);
    if (pid == p->id) {
        /* monitoring oneself: nothing can fire (the alias still works) */
        if (alias) alias_add(p, m.ref, alias, THE_NON_VALUE);
        return ref;
    }
    /* the reference is an alias too; the tag replaces 'DOWN' */
    if (alias || term_is_value(tag)) alias_add(p, m.ref, alias, tag);
    proc_mon_add(&p->mons, &p->nmons, &p->mons_cap, &m);
    if (!term_is_pid(pid)) {
        /* no process by that name: 'DOWN' noproc at once */
        term tgt = heap_make_tuple(h, 2, (term[]){name, node_local_name()});
        sched_monitor_dead(p, m.ref, tgt);
        return ref;
    }
    sig_t *s = sig_new(SIG_MONITOR, p->id, name);
    memcpy(s->ref, m.ref, sizeof s->ref);
    sig_send(pid, s);
    return ref;
}

term bif_erlang_monitor_2(proc_t *p, const term *args) { return do_monitor(p, args[0], args[1], 0, THE_NON_VALUE); }

/* monitor/3: {alias, explicit_unalias | demonitor | reply_demonitor} makes
 * the monitor's reference an alias of the caller (scheduler.h). */
term bif_erlang_monitor_3(proc_t *p, const term *args)
{
    int alias = 0;
    term tag = THE_NON_VALUE;
    if (!is_proper_list(args[2]) || !mon_opts(args[2], &alias, &tag)) BIF_BADARG(p);
    return do_monitor(p, args[0], args[1], alias, tag);
}

/* monitor/3's options (also spawn_opt's {monitor, Opts}): {alias, Mode}
 * and {tag, T}; other 2-tuples are ignored, as erts does. */
static bool mon_opts(term l, int *alias, term *tag)
{
    static const char *const modes[] = {"explicit_unalias", "demonitor", "reply_demonitor"};
    for (; term_is_list(l); l = term_cdr(l)) {
        term o = term_car(l);
        if (!term_is_tuple(o) || term_tuple_arity(o) != 2) return false;
        if (term_tuple_elems(o)[0] == atom_from_cstr("tag")) {
            *tag = term_tuple_elems(o)[1];
            continue;
        }
        if (term_tuple_elems(o)[0] != atom_from_cstr("alias")) continue;
        int mode = 0;
        for (int k = 0; k < 3; k++)
            if (term_tuple_elems(o)[1] == atom_from_cstr(modes[k])) mode = ALIAS_EXPLICIT + k;
        if (!mode) return false;
        *alias = mode;
    }
    return true;
}

/* erlang:alias/0,1 and unalias/1. */
static term new_alias(proc_t *p, int mode)
{
    uint32_t ref[3];
    sched_ref_numbers(ref);
    alias_add(p, ref, mode, THE_NON_VALUE);
    return sched_make_ref(proc_heap(p), ref);
}

term bif_erlang_alias_0(proc_t *p, const term *args)
{
    (void)args;
    return new_alias(p, ALIAS_EXPLICIT);
}

term bif_erlang_alias_1(proc_t *p, const term *args)
{
    int mode = ALIAS_EXPLICIT;
    term l = args[0];
    for (; term_is_list(l); l = term_cdr(l)) {
        if (term_car(l) == atom_from_cstr("reply")) mode = ALIAS_REPLY;
        else if (term_car(l) != atom_from_cstr("explicit_unalias")) BIF_BADARG(p);
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    return new_alias(p, mode);
}

term bif_erlang_unalias_1(proc_t *p, const term *args)
{
    if (!term_is_ref(args[0])) BIF_BADARG(p);
    return term_is_local_ref(args[0]) && alias_remove(p, term_ref_numbers(args[0])) ? ATOM_true : ATOM_false;
}

static bool do_demonitor(proc_t *p, term ref)
{
    proc_mon_t m;
    if (!term_is_local_ref(ref)) return false;
    if (!proc_mon_del(p->mons, &p->nmons, term_ref_numbers(ref), &m)) return false;
    alias_monitor_gone(p, m.ref);
    sig_t *s = sig_new(SIG_DEMONITOR, p->id, NIL);
    memcpy(s->ref, m.ref, sizeof s->ref);
    sig_send(m.pid, s);
    return true;
}

term bif_erlang_demonitor_1(proc_t *p, const term *args)
{
    if (!term_is_ref(args[0])) BIF_BADARG(p);
    do_demonitor(p, args[0]);
    return ATOM_true;
}

term bif_erlang_demonitor_2(proc_t *p, const term *args)
{
    if (!term_is_ref(args[0])) BIF_BADARG(p);
    bool flush = false, info = false;
    term l = args[1];
    for (; term_is_list(l); l = term_cdr(l)) {
        term o = term_car(l);
        if (o == ATOM(flush)) flush = true;
        else if (o == ATOM(info)) info = true;
        else BIF_BADARG(p);
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    bool found = do_demonitor(p, args[0]);
    if (flush && !found) {
        /* a 'DOWN' already delivered goes; one still in the inbox is
         * dropped there because the monitor is gone */
        sig_handle(p);
        for (uint32_t k = p->mq_head; k < p->mq_len; k++) {
            term msg = p->mq[k];
            if (term_is_tuple(msg) && term_tuple_arity(msg) == 5 && term_tuple_elems(msg)[0] == ATOM(DOWN) &&
                term_is_local_ref(term_tuple_elems(msg)[1]) &&
                !memcmp(term_ref_numbers(term_tuple_elems(msg)[1]), term_ref_numbers(args[0]), 12)) {
                proc_mq_remove(p, k);
                break;
            }
        }
    }
    return info ? (found ? ATOM_true : ATOM_false) : ATOM_true;
}

/* ---- flags ---- */

term bif_erlang_process_flag_2(proc_t *p, const term *args)
{
    term f = args[0], v = args[1];
    if (f == ATOM(trap_exit)) {
        if (v != ATOM_true && v != ATOM_false) BIF_BADARG(p);
        term old = (p->flags & PF_TRAP_EXIT) ? ATOM_true : ATOM_false;
        if (v == ATOM_true) p->flags |= PF_TRAP_EXIT;
        else p->flags &= ~PF_TRAP_EXIT;
        return old;
    }
    if (f == ATOM(priority)) {
        int pr = prio_of(v);
        if (pr < 0) BIF_BADARG(p);
        term old = prio_atom(p->prio);
        p->prio = (uint8_t)pr;
        return old;
    }
    if (f == ATOM(min_heap_size) || f == ATOM(min_bin_vheap_size)) {
        if (!term_is_small(v) || term_to_small(v) < 0) BIF_BADARG(p);
        size_t *cur = f == ATOM(min_heap_size) ? &p->mem.min_heap_size : &p->mem.min_bin_vheap_size;
        term old = term_from_small((int64_t)*cur);
        *cur = min_size(f, (size_t)term_to_small(v));
        return old;
    }
    if (f == ATOM(fullsweep_after)) {
        if (!term_is_small(v) || term_to_small(v) < 0) BIF_BADARG(p);
        term old = term_from_small(p->mem.fullsweep_after);
        p->mem.fullsweep_after = (uint32_t)term_to_small(v);
        return old;
    }
    if (f == ATOM(max_heap_size)) {
        spawn_opts_t o = no_opts;
        if (!parse_max_heap(v, &o)) BIF_BADARG(p);
        heap_t *h = proc_heap(p);
        term old = max_heap_map(h, p);
        p->mem.max_heap_size = o.max_heap;
        p->mem.max_heap_kill = o.max_kill;
        p->max_heap_flags = (uint8_t)(o.max_report ? 1 : 0);
        return old;
    }
    if (f == ATOM(message_queue_data)) {
        if (v != ATOM(off_heap) && v != ATOM(on_heap)) BIF_BADARG(p);
        term old = (p->flags & PF_MQ_OFF_HEAP) ? ATOM(off_heap) : ATOM(on_heap);
        if (v == ATOM(off_heap)) p->flags |= PF_MQ_OFF_HEAP;
        else {
            p->flags &= ~PF_MQ_OFF_HEAP;
            proc_mq_attach_all(p);
        }
        return old;
    }
    if (f == ATOM(sensitive)) {
        if (v != ATOM_true && v != ATOM_false) BIF_BADARG(p);
        term old = (p->flags & PF_SENSITIVE) ? ATOM_true : ATOM_false;
        if (v == ATOM_true) p->flags |= PF_SENSITIVE;
        else p->flags &= ~PF_SENSITIVE;
        return old;
    }
    if (f == ATOM(save_calls)) {
        if (!term_is_small(v) || term_to_small(v) < 0 || term_to_small(v) > 10000) BIF_BADARG(p);
        term old = term_from_small((p->flags & PF_SAVE_CALLS) ? 1 : 0);
        if (term_to_small(v) > 0) p->flags |= PF_SAVE_CALLS;
        else p->flags &= ~PF_SAVE_CALLS;
        return old;
    }
    if (f == ATOM(error_handler)) {
        if (!term_is_atom(v)) BIF_BADARG(p);
        term old = p->error_handler ? p->error_handler : ATOM(error_handler);
        p->error_handler = v; /* vm_code.c's vm_code_handler calls it */
        return old;
    }
    term r;
    if (erts_internal_monitor_nodes_flag(p, f, v, &r)) return r; /* boot's hook: erts_internal.c */
    return badopt(p);
}

/* ---- registry ---- */

/* badarg with OTP's error_info cause. */
static term badarg_cause(proc_t *p, const char *cause)
{
    proc_raise(p, EXC_ERROR, ATOM(badarg));
    p->finfo = atom_from_cstr(cause);
    return THE_NON_VALUE;
}

term bif_erlang_register_2(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || args[0] == ATOM(undefined) || !(term_is_local_pid(args[1]) || term_is_local_port(args[1])))
        return badarg_cause(p, "none");
    switch (reg_register(args[0], args[1])) {
    case 0: return ATOM_true;
    case -1: return badarg_cause(p, "registered_name");
    case -2: return badarg_cause(p, "notalive");
    default: return badarg_cause(p, "none");
    }
}

term bif_erlang_unregister_1(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || !reg_unregister(args[0])) BIF_BADARG(p);
    return ATOM_true;
}

term bif_erlang_whereis_1(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    return reg_whereis(args[0]);
}

term bif_erlang_registered_0(proc_t *p, const term *args)
{
    (void)args;
    return reg_names(proc_heap(p));
}

/* ---- misc ---- */

term bif_erlang_is_process_alive_1(proc_t *p, const term *args)
{
    term pid = args[0];
    if (!term_is_local_pid(pid)) {
        if (term_is_ext_pid(pid)) BIF_BADARG(p);
        BIF_BADARG(p);
    }
    if (pid == p->id) return ATOM_true;
    return sched_alive(pid) ? ATOM_true : ATOM_false;
}

term bif_erlang_processes_0(proc_t *p, const term *args)
{
    (void)args;
    return sched_processes(proc_heap(p));
}

term bif_erlang_group_leader_0(proc_t *p, const term *args)
{
    (void)args;
    return p->group_leader;
}

term bif_erlang_group_leader_2(proc_t *p, const term *args)
{
    term gl = args[0], pid = args[1];
    if (!term_is_pid(gl) || !term_is_pid(pid)) BIF_BADARG(p);
    if (pid == p->id) {
        p->group_leader = gl;
        return ATOM_true;
    }
    if (!sched_alive(pid)) BIF_BADARG(p);
    sig_send(pid, sig_new(SIG_GROUP_LEADER, p->id, gl));
    return ATOM_true;
}

term bif_erlang_yield_0(proc_t *p, const term *args)
{
    (void)args;
    p->fcalls = 0; /* the next call ends the slice */
    return ATOM_true;
}

/* BIFs never collect (proc.h): ask the caller's interpreter (or native
 * code, through the ABI's BIF call) to run a full sweep right after this
 * BIF returns, as its collection after a BIF does (gc_desired). */
term bif_erlang_garbage_collect_0(proc_t *p, const term *args)
{
    (void)args;
    p->mem.flags |= GC_F_REQUESTED | GC_F_NEED_FULLSWEEP;
    return ATOM_true;
}

/* ---- suspend/resume ----
 * erts_internal:suspend_process(Pid, Opts), which erlang.beam's
 * suspend_process/1,2 call: it returns true/false (asynchronous), a
 * reference to wait for {Ref, Result} (synchronous: the reply comes once
 * Pid is suspended, scheduler.c), or badarg/badopt for erlang.beam to
 * raise. The suspender counts its suspends of each process (p->susp);
 * resume_process takes one back, and its exit takes them all back. */

static proc_susp_t *susp_find(proc_t *p, term pid)
{
    for (uint32_t i = 0; i < p->nsusp; i++)
        if (p->susp[i].pid == pid) return &p->susp[i];
    return NULL;
}

term bif_erts_internal_suspend_process_2(proc_t *p, const term *args)
{
    term pid = args[0];
    bool async = false, unless = false;
    term tag = THE_NON_VALUE;
    if (pid == p->id) return ATOM(badarg); /* not oneself */
    term l = args[1];
    for (; term_is_list(l); l = term_cdr(l)) {
        term o = term_car(l);
        if (o == atom_from_cstr("unless_suspending")) unless = true;
        else if (o == atom_from_cstr("asynchronous")) async = true;
        else if (term_is_tuple(o) && term_tuple_arity(o) == 2 && term_tuple_elems(o)[0] == atom_from_cstr("asynchronous"))
            async = true, tag = term_tuple_elems(o)[1];
        else return atom_from_cstr("badopt");
    }
    if (!term_is_nil(l)) return atom_from_cstr("badopt");
    if (!term_is_local_pid(pid) || !sched_alive(pid)) return ATOM(badarg);
    proc_susp_t *e = susp_find(p, pid);
    if (unless && e && e->active) return ATOM_false;
    if (!e) {
        if (p->nsusp == p->susp_cap) {
            p->susp_cap = p->susp_cap ? 2 * p->susp_cap : 4;
            p->susp = realloc(p->susp, p->susp_cap * sizeof *p->susp);
            if (!p->susp) laser_oom("suspend counts", p->susp_cap * sizeof *p->susp);
        }
        e = &p->susp[p->nsusp++];
        e->pid = pid, e->active = 0;
    }
    if (e->active == UINT32_MAX) BIF_ERROR(p, ATOM(system_limit));
    e->active++;
    term result = ATOM_true;
    int reply = SUSP_REPLY_NONE;
    if (!async) {
        uint32_t r[3];
        sched_ref_numbers(r);
        tag = result = sched_make_ref(proc_heap(p), r);
        reply = SUSP_REPLY_SYNC;
    } else if (term_is_value(tag)) {
        reply = SUSP_REPLY_TAG;
    }
    sig_t *sg = sig_new(SIG_SUSPEND, p->id, term_is_value(tag) ? tag : NIL);
    sg->ref[0] = (uint32_t)reply;
    sig_send(pid, sg);
    return result;
}

term bif_erlang_resume_process_1(proc_t *p, const term *args)
{
    term pid = args[0];
    if (!term_is_local_pid(pid)) BIF_BADARG(p);
    proc_susp_t *e = susp_find(p, pid);
    if (!e || !e->active) BIF_BADARG(p);
    bool alive = sched_alive(pid);
    if (!--e->active || !alive) *e = p->susp[--p->nsusp];
    if (!alive) BIF_BADARG(p);
    sig_send(pid, sig_new(SIG_RESUME, p->id, NIL));
    return ATOM_true;
}

/* process_info(P, suspending): [{Suspendee, ActiveCount, OutstandingCount}]
 * (a suspend acts when sent here, so none is outstanding). */
static term suspending_list(heap_t *h, const proc_t *t)
{
    term l = NIL;
    for (uint32_t i = t->nsusp; i-- > 0;)
        if (t->susp[i].active && sched_alive(t->susp[i].pid)) {
            term el[3] = {t->susp[i].pid, term_from_small(t->susp[i].active), term_from_small(0)};
            l = heap_make_cons(h, heap_make_tuple(h, 3, el), l);
        }
    return l;
}

/* ---- garbage collection ----
 * erts_internal:garbage_collect(major | minor) collects the caller once
 * the BIF returns (GC_AFTER_BIF); erlang.beam's garbage_collect/1,2 ask
 * another process with erts_internal:request_system_task(Pid, Prio,
 * {garbage_collect, ReqId, Type}): a SIG_GC signal, which the target runs
 * when its slice ends (scheduler.c's run_tasks) and answers with
 * {garbage_collect, ReqId, true}; a dead process answers false. */

static int gc_type(term t) { return t == atom_from_cstr("major") ? 1 : t == atom_from_cstr("minor") ? 0 : -1; }

term bif_erts_internal_garbage_collect_1(proc_t *p, const term *args)
{
    int major = gc_type(args[0]);
    if (major < 0) BIF_BADARG(p);
    p->mem.flags |= GC_F_REQUESTED | (major ? GC_F_NEED_FULLSWEEP : 0);
    return ATOM_true;
}

static term request_task(proc_t *p, term pid, term prio, term req)
{
    if (!term_is_local_pid(pid) || (prio != atom_from_cstr("inherit") && prio_of(prio) < 0)) BIF_BADARG(p);
    /* code's hook: erts_code_purger's and check_process_code's requests */
    if (term_is_tuple(req) && term_tuple_arity(req) == 3 && term_tuple_elems(req)[0] == atom_from_cstr("check_process_code"))
        return erlang_code_cpc_task(p, pid, term_tuple_elems(req)[1], term_tuple_elems(req)[2]);
    if (!term_is_tuple(req) || term_tuple_arity(req) != 3 || term_tuple_elems(req)[0] != atom_from_cstr("garbage_collect"))
        BIF_BADARG(p);
    int major = gc_type(term_tuple_elems(req)[2]);
    if (major < 0) BIF_BADARG(p);
    sig_t *s = sig_new(SIG_GC, p->id, term_tuple_elems(req)[1]);
    s->ref[0] = (uint32_t)major;
    sig_send(pid, s); /* a dead process answers false (scheduler.c) */
    return ATOM(ok);
}

term bif_erts_internal_request_system_task_3(proc_t *p, const term *args)
{
    return request_task(p, args[0], args[1], args[2]);
}

term bif_erts_internal_request_system_task_4(proc_t *p, const term *args)
{
    (void)args[3];
    return request_task(p, args[0], args[1], args[2]);
}

/* ---- process_info/1,2 ----
 * Another process is read while its scheduler cannot run it: its
 * run_lock is taken with trylock, and if it is running the BIF retries
 * after a yield (two processes inspecting each other cannot deadlock). */

static term mfa_tuple(heap_t *h, term m, term f, term a) { return heap_make_tuple(h, 3, (term[]){m, f, a}); }

term bif_max_heap_term(heap_t *h, size_t size, bool kill, bool report)
{
    term keys[3] = {ATOM(error_logger), ATOM(kill), ATOM(size)};
    term vals[3] = {report ? ATOM_true : ATOM_false, kill ? ATOM_true : ATOM_false, term_from_small((int64_t)size)};
    return map_from_pairs(h, keys, vals, 3);
}

static term max_heap_map(heap_t *h, const proc_t *t)
{
    return bif_max_heap_term(h, t->mem.max_heap_size, t->mem.max_heap_kill, t->max_heap_flags & 1);
}

static term pair(heap_t *h, term k, term v) { return heap_make_tuple(h, 2, (term[]){k, v}); }

/* Messages of t: the queue, then those still in the inbox. */
static uint32_t msg_count(proc_t *t)
{
    uint32_t n = t->mq_len - t->mq_head;
    pthread_mutex_lock(&t->lock);
    for (sig_t *s = t->in_head; s; s = s->next) n += s->kind == SIG_MSG;
    pthread_mutex_unlock(&t->lock);
    return n;
}

static term msg_list(heap_t *h, proc_t *t, bool own)
{
    term tail = NIL;
    pthread_mutex_lock(&t->lock);
    uint32_t n = 0;
    for (sig_t *s = t->in_head; s; s = s->next) n += s->kind == SIG_MSG;
    term *v = malloc((n + 1) * sizeof(term));
    if (!v) laser_oom("process_info messages", (n + 1) * sizeof(term));
    n = 0;
    for (sig_t *s = t->in_head; s; s = s->next)
        if (s->kind == SIG_MSG) v[n++] = copy_term(h, s->msg);
    pthread_mutex_unlock(&t->lock);
    tail = heap_make_list(h, v, n, NIL);
    free(v);
    uint32_t qn = t->mq_len - t->mq_head;
    term *q = malloc((qn + 1) * sizeof(term));
    if (!q) laser_oom("process_info messages", (qn + 1) * sizeof(term));
    /* the caller's own on-heap messages are shared; off_heap ones (still
     * in their fragments) and another's are copied */
    for (uint32_t i = 0; i < qn; i++) {
        uint32_t k = t->mq_head + i;
        q[i] = own && !(t->mq_frags && t->mq_frags[k]) ? t->mq[k] : copy_term(h, t->mq[k]);
    }
    term l = heap_make_list(h, q, qn, tail);
    free(q);
    return l;
}

/* The value of one item; THE_NON_VALUE for a bad item; *none set for
 * registered_name of an unregistered process (the result is then []). */
static term pi_value(proc_t *p, proc_t *t, term item, bool *none)
{
    heap_t *h = proc_heap(p);
    bool own = p == t;
    if (item == ATOM(registered_name)) {
        term n = reg_name_of(t);
        if (n == NIL) *none = true;
        return n;
    }
    if (item == ATOM(current_function)) {
        term m, f;
        unsigned a;
        const void *pc = t->i;
        if (!vm_code_mfa(pc, &m, &f, &a) && t->mem.stop < t->mem.hend &&
            !vm_code_mfa((const void *)(uintptr_t)t->mem.stop[0], &m, &f, &a))
            return ATOM(undefined);
        return mfa_tuple(h, m, f, term_from_small(a));
    }
    if (item == ATOM(initial_call)) return mfa_tuple(h, t->init_mfa[0], t->init_mfa[1], t->init_mfa[2]);
    if (item == ATOM(status)) {
        if (own) return ATOM(running);
        pthread_mutex_lock(&t->lock);
        uint32_t susp = t->suspended;
        pthread_mutex_unlock(&t->lock);
        if (susp) return ATOM(suspended);
        uint32_t st = atomic_load(&t->state);
        return st == PS_WAITING ? ATOM(waiting) : st == PS_RUNNING ? ATOM(running) : st == PS_EXITING ? ATOM(exiting)
                                                                                                      : ATOM(runnable);
    }
    if (item == ATOM(message_queue_len)) return term_from_small(msg_count(t));
    if (item == ATOM(messages)) return msg_list(h, t, own);
    if (item == ATOM(links)) return heap_make_list(h, t->links, t->nlinks, NIL);
    if (item == ATOM(monitors)) {
        term l = NIL;
        for (uint32_t i = t->nmons; i-- > 0;) {
            term what = t->mons[i].name != NIL ? pair(h, t->mons[i].name, term_is_atom(t->mons[i].pid) && t->mons[i].pid != ATOM(undefined) ? t->mons[i].pid : node_local_name()) : t->mons[i].pid;
            l = heap_make_cons(h, pair(h, ATOM(process), what), l);
        }
        return l;
    }
    if (item == ATOM(monitored_by)) {
        term l = NIL;
        for (uint32_t i = t->nmonby; i-- > 0;) l = heap_make_cons(h, t->monby[i].pid, l);
        return l;
    }
    if (item == ATOM(dictionary)) return pdict_list(&t->dict, h, !own);
    if (item == ATOM(trap_exit)) return (t->flags & PF_TRAP_EXIT) ? ATOM_true : ATOM_false;
    if (item == ATOM(error_handler)) return t->error_handler ? t->error_handler : ATOM(error_handler);
    if (item == ATOM(priority)) return prio_atom(t->prio);
    if (item == ATOM(group_leader)) return t->group_leader;
    if (item == ATOM(total_heap_size)) return term_from_small((int64_t)gc_total_heap_size(&t->mem));
    if (item == ATOM(heap_size)) return term_from_small((int64_t)gc_heap_size(&t->mem));
    if (item == ATOM(stack_size)) return term_from_small((int64_t)gc_stack_size(&t->mem));
    if (item == ATOM(reductions)) return term_from_small((int64_t)t->reds);
    if (item == ATOM(memory)) return term_from_small((int64_t)proc_memory(t));
    if (item == ATOM(garbage_collection)) {
        term el[5] = {pair(h, ATOM(max_heap_size), max_heap_map(h, t)),
                      pair(h, ATOM(min_bin_vheap_size), term_from_small((int64_t)t->mem.min_bin_vheap_size)),
                      pair(h, ATOM(min_heap_size), term_from_small((int64_t)t->mem.min_heap_size)),
                      pair(h, ATOM(fullsweep_after), term_from_small(t->mem.fullsweep_after)),
                      pair(h, ATOM(minor_gcs), term_from_small(t->mem.minor_gcs))};
        return heap_make_list(h, el, 5, NIL);
    }
    if (item == ATOM(current_stacktrace) || item == ATOM(current_location)) {
        /* where t is: the instruction it will resume at (its BIF call, for
         * the caller itself), then its continuation pointers */
        term tr = vm_trace_build(t, vm_stacktrace(t, t->i, t->mem.stop, VM_TRACE_PLAIN, NULL, NULL, NIL));
        if (!own) {
            /* built on t's heap (we hold its run lock): copy it here */
            proc_heap_close(t);
            tr = copy_term(h, tr);
        }
        if (item == ATOM(current_stacktrace)) return tr;
        return term_is_list(tr) ? term_car(tr) : ATOM(undefined);
    }
    if (item == atom_from_cstr("suspending")) return suspending_list(h, t);
    if (item == ATOM(message_queue_data)) return (t->flags & PF_MQ_OFF_HEAP) ? ATOM(off_heap) : ATOM(on_heap);
    if (item == atom_from_cstr("catchlevel")) return term_from_small(t->catches);
    if (item == atom_from_cstr("last_calls")) return ATOM_false;
    if (item == atom_from_cstr("sequential_trace_token")) return NIL;
    if (item == atom_from_cstr("trace")) return term_from_small(0);
    if (item == ATOM(binary)) return NIL;
    if (item == atom_from_cstr("min_heap_size")) return term_from_small((int64_t)t->mem.min_heap_size);
    if (item == ATOM(fullsweep_after)) return term_from_small(t->mem.fullsweep_after);
    if (item == ATOM(min_bin_vheap_size)) return term_from_small((int64_t)t->mem.min_bin_vheap_size);
    if (item == ATOM(max_heap_size)) return max_heap_map(h, t);
    if (item == atom_from_cstr("garbage_collection_info")) {
        term el[4] = {pair(h, atom_from_cstr("heap_size"), term_from_small((int64_t)(t->mem.htop - t->mem.heap))),
                      pair(h, atom_from_cstr("heap_block_size"), term_from_small((int64_t)gc_heap_size(&t->mem))),
                      pair(h, atom_from_cstr("old_heap_block_size"),
                           term_from_small((int64_t)gc_old_heap_size(&t->mem))),
                      pair(h, ATOM(minor_gcs), term_from_small(t->mem.minor_gcs))};
        return heap_make_list(h, el, 4, NIL);
    }
    return THE_NON_VALUE;
}

/* Find and pin the target; *t NULL: dead (undefined). False: retry. */
static bool pi_target(proc_t *p, term pid, proc_t **t)
{
    if (pid == p->id) {
        /* its own signals arrive first, as erts handles them (a message
         * through an alias counts only once it has arrived) */
        *t = p;
        return true;
    }
    proc_t *q = sched_get(pid);
    if (!q) {
        *t = NULL;
        return true;
    }
    if (pthread_mutex_trylock(&q->run_lock)) {
        proc_unref(q);
        return false;
    }
    if (atomic_load(&q->state) == PS_EXITING) {
        pthread_mutex_unlock(&q->run_lock);
        proc_unref(q);
        *t = NULL;
        return true;
    }
    /* signals sent before this request (a link, an exit) act first, as
     * OTP's request signal is handled in order: let q run them */
    bool pending = false;
    pthread_mutex_lock(&q->lock);
    for (sig_t *s = q->in_head; s && !q->suspended; s = s->next) pending |= s->kind != SIG_MSG;
    pthread_mutex_unlock(&q->lock);
    if (pending) {
        pthread_mutex_unlock(&q->run_lock);
        proc_unref(q);
        return false;
    }
    *t = q;
    return true;
}

static void pi_release(proc_t *p, proc_t *t)
{
    if (!t || t == p) return;
    pthread_mutex_unlock(&t->run_lock);
    proc_unref(t);
}

static term bif_retry(proc_t *p)
{
    p->fclass = EXC_RETRY;
    p->fcalls = 0;
    return THE_NON_VALUE;
}

static const char *const pi_default[] = {
    "current_function", "initial_call", "status", "message_queue_len", "links", "dictionary", "trap_exit",
    "error_handler", "priority", "group_leader", "total_heap_size", "heap_size", "stack_size", "reductions",
    "garbage_collection", "suspending",
};

term bif_erlang_process_info_1(proc_t *p, const term *args)
{
    if (!term_is_local_pid(args[0])) BIF_BADARG(p);
    proc_t *t;
    if (!pi_target(p, args[0], &t)) return bif_retry(p);
    if (!t) return ATOM(undefined);
    if (t == p && !self_signals(p)) return THE_NON_VALUE;
    size_t n = sizeof pi_default / sizeof pi_default[0];
    term el[1 + sizeof pi_default / sizeof pi_default[0]];
    size_t k = 0;
    bool none = false;
    heap_t *h = proc_heap(p);
    term name = reg_name_of(t);
    if (name != NIL) el[k++] = pair(h, ATOM(registered_name), name);
    for (size_t i = 0; i < n; i++) {
        term item = atom_from_cstr(pi_default[i]);
        el[k++] = pair(h, item, pi_value(p, t, item, &none));
    }
    pi_release(p, t);
    return heap_make_list(proc_heap(p), el, k, NIL);
}

term bif_erlang_process_info_2(proc_t *p, const term *args)
{
    term what = args[1];
    if (!term_is_local_pid(args[0])) BIF_BADARG(p);
    if (!term_is_atom(what) && !is_proper_list(what)) BIF_BADARG(p);
    for (term l = what; term_is_list(l); l = term_cdr(l))
        if (!term_is_atom(term_car(l))) BIF_BADARG(p);
    proc_t *t;
    if (what == ATOM(status) && args[0] != p->id && (t = sched_get(args[0]))) {
        /* in a dirty call (its dirty thread holds the run_lock): running,
         * as erts answers, without waiting for the call to end */
        bool dirty = atomic_load(&t->dirty_running);
        proc_unref(t);
        if (dirty) return pair(proc_heap(p), what, ATOM(running));
    }
    if (!pi_target(p, args[0], &t)) return bif_retry(p);
    if (t == p && !self_signals(p)) return THE_NON_VALUE;
    heap_t *h = proc_heap(p);
    if (term_is_atom(what)) {
        bool none = false;
        term v = t ? pi_value(p, t, what, &none) : ATOM(undefined);
        pi_release(p, t);
        if (!term_is_value(v)) BIF_BADARG(p);
        if (!t) {
            /* a bad item is still badarg for a dead process */
            proc_t *q = p;
            bool n2 = false;
            if (!term_is_value(pi_value(p, q, what, &n2))) BIF_BADARG(p);
            return ATOM(undefined);
        }
        return none ? NIL : pair(h, what, v);
    }
    uint32_t n = list_length(what);
    term *el = malloc((n + 1) * sizeof(term));
    if (!el) laser_oom("process_info", (n + 1) * sizeof(term));
    uint32_t k = 0;
    for (term l = what; term_is_list(l); l = term_cdr(l)) {
        bool none = false;
        term item = term_car(l);
        term v = pi_value(p, t ? t : p, item, &none);
        if (!term_is_value(v)) {
            pi_release(p, t);
            free(el);
            BIF_BADARG(p);
        }
        el[k++] = none && t ? pair(h, item, NIL) : pair(h, item, v);
    }
    pi_release(p, t);
    term r = t ? heap_make_list(h, el, k, NIL) : ATOM(undefined);
    free(el);
    return r;
}

/* hibernate(M, F, Args): the interpreter does the work (vm.c). */
term bif_erlang_hibernate_3(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || !term_is_atom(args[1]) || !is_proper_list(args[2])) BIF_BADARG(p);
    if (p->nest) BIF_BADARG(p);
    p->fclass = EXC_HIBERNATE;
    return THE_NON_VALUE;
}

/* erts_debug:dirty_cpu/2, dirty_io/2: erts' dirty scheduler test BIFs
 * (erl_bif_info.c's dirty_test), flagged dirty in the table. (scheduler,
 * type): which kind of thread runs the call; (error, E): raises E (notsup,
 * undef, badarith, noproc, system_limit; others badarg); (copy, T): a list
 * of 1000 copies of T; (send, Pid): sends {ok, Self} to Pid; (wait, Ms):
 * sleeps Ms ms there (erts spins on a dirty CPU thread; sleeping gives the
 * same answers). erts' reschedule/ready_wait6_done/alive_waitexiting
 * operations are not provided: badarg. */
term bif_erts_debug_dirty_2(proc_t *p, const term *args)
{
    term op = args[0], arg = args[1];
    if (op == atom_from_cstr("scheduler")) {
        static const char *const kinds[] = {"normal", "dirty_cpu", "dirty_io"};
        if (arg != atom_from_cstr("type")) BIF_BADARG(p);
        return atom_from_cstr(kinds[sched_thread_kind()]);
    }
    if (op == ATOM(error)) {
        static const char *const errs[] = {"notsup", "undef", "badarith", "noproc", "system_limit"};
        for (size_t k = 0; k < sizeof errs / sizeof *errs; k++)
            if (arg == atom_from_cstr(errs[k])) BIF_ERROR(p, arg);
        BIF_BADARG(p);
    }
    if (op == atom_from_cstr("copy")) {
        heap_t *h = proc_heap(p);
        term l = NIL;
        for (int k = 0; k < 1000; k++) l = heap_make_cons(h, copy_term(h, arg), l);
        return l;
    }
    if (op == atom_from_cstr("send")) {
        term el[2] = {ATOM(ok), p->id};
        if (term_is_local_pid(arg)) sched_send(p, arg, heap_make_tuple(proc_heap(p), 2, el));
        return ATOM(ok);
    }
    if (op == atom_from_cstr("wait") && term_is_small(arg)) {
        int64_t ms = term_to_small(arg);
        if (ms > 0) {
            struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
            while (nanosleep(&ts, &ts) != 0) {
            }
        }
        return ATOM(ok);
    }
    BIF_BADARG(p);
}

/* erts_debug:flat_size/1: the words a copy of the term takes (shared
 * subterms counted each time), as a message or spawn argument would.
 * erts_debug:same/2: the same term in memory, not merely equal. */
term bif_erts_debug_flat_size_1(proc_t *p, const term *args) { return big_from_int64(proc_heap(p), (int64_t)copy_size(args[0])); }
term bif_erts_debug_same_2(proc_t *p, const term *args)
{
    (void)p;
    return args[0] == args[1] ? ATOM_true : ATOM_false;
}
