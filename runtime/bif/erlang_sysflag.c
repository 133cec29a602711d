/*
 * erlang_sysflag.c - erlang:system_flag/2, one clause per flag, each
 * returning the old value as erts' system_flag_2 does (erl_bif_info.c /
 * bif.c), and sysflag_info, the system_info/1 items that read them back.
 *   system_logger       where the VM's error reports go (errlog.h)
 *   backtrace_depth     stack trace entries kept (vm_exc.c), at most 64
 *   fullsweep_after, min_heap_size, min_bin_vheap_size, max_heap_size
 *                       defaults for new processes (proc.h)
 *   schedulers_online   1..schedulers (scheduler.h)
 *   dirty_cpu_schedulers_online  1..dirty CPU schedulers in proportion to
 *                       the normal ones online (scheduler.h)
 *   trace_control_word  a 32-bit word (match specs' get_tcw)
 *   outstanding_system_requests_limit  1..2^27-1
 *   time_offset         finalize: the offset is final already (no time warp)
 * Any other flag is badarg with erts' error_info cause badopt.
 */
#include "bif/erlang_sysflag.h"

#include "../errlog.h"
#include "bif.h"
#include "bif/erlang_proc.h"
#include "scheduler.h"
#include "vm.h"

#define MAX_BACKTRACE_SIZE 64 /* erts' limit for backtrace_depth */
#define MAX_SYS_REQ_LIMIT ((1u << 27) - 1)

static _Atomic uint32_t trace_control_word;
static _Atomic uint32_t sys_req_limit; /* 0: OTP's default, 2 * schedulers */

static bool is_flag(term a, const char *name) { return a == atom_from_cstr(name); }

/* The most dirty CPU schedulers online for the normal ones online (erts
 * scales them together). */
static unsigned dirty_limit(void)
{
    unsigned n = sched_dirty_cpu_count() * atomic_load(&sched_online) / sched_nthreads;
    return n ? n : 1;
}

static uint32_t sys_req_limit_now(void)
{
    uint32_t v = atomic_load(&sys_req_limit);
    return v ? v : 2 * sched_nthreads;
}

/* A size of the heap table for a min_heap_size/min_bin_vheap_size flag:
 * the old value in *old. */
static term set_min(proc_t *p, _Atomic size_t *var, term v)
{
    if (!term_is_small(v) || term_to_small(v) < 0) BIF_BADARG(p);
    size_t n = gc_next_heap_size((size_t)term_to_small(v), 0);
    if (!n) BIF_BADARG(p);
    return term_from_small((int64_t)atomic_exchange(var, n));
}

static term max_heap_now(heap_t *h)
{
    uint64_t m = atomic_load(&proc_default_max_heap);
    return bif_max_heap_term(h, (size_t)(m >> 2), (m >> 1) & 1, m & 1);
}

term bif_erlang_system_flag_2(proc_t *p, const term *args)
{
    term f = args[0], v = args[1];
    if (is_flag(f, "system_logger")) {
        term old = errlog_set_system_logger(v);
        if (!term_is_value(old)) BIF_BADARG(p);
        return old;
    }
    if (is_flag(f, "backtrace_depth")) {
        if (!term_is_small(v) || term_to_small(v) < 0) BIF_BADARG(p);
        int64_t n = term_to_small(v);
        return term_from_small(atomic_exchange(&vm_backtrace_depth, (int)(n > MAX_BACKTRACE_SIZE ? MAX_BACKTRACE_SIZE : n)));
    }
    if (is_flag(f, "fullsweep_after")) {
        if (!term_is_small(v) || term_to_small(v) < 0) BIF_BADARG(p);
        int64_t n = term_to_small(v);
        return term_from_small(atomic_exchange(&proc_default_fullsweep, (uint32_t)(n > 65535 ? 65535 : n)));
    }
    if (is_flag(f, "min_heap_size")) return set_min(p, &proc_default_min_heap, v);
    if (is_flag(f, "min_bin_vheap_size")) return set_min(p, &proc_default_min_bin_vheap, v);
    if (is_flag(f, "max_heap_size")) {
        size_t size;
        bool kill, report;
        if (!bif_max_heap_parse(v, &size, &kill, &report)) BIF_BADARG(p);
        if (size && size < atomic_load(&proc_default_min_heap)) BIF_BADARG(p);
        term old = max_heap_now(proc_heap(p));
        atomic_store(&proc_default_max_heap, (uint64_t)size << 2 | (uint64_t)kill << 1 | (uint64_t)report);
        return old;
    }
    if (is_flag(f, "schedulers_online")) {
        if (!term_is_small(v) || term_to_small(v) < 1 || term_to_small(v) > (int64_t)sched_nthreads) BIF_BADARG(p);
        term old = term_from_small(atomic_load(&sched_online));
        sched_set_online((unsigned)term_to_small(v));
        sched_set_dirty_cpu_online(dirty_limit()); /* erts keeps them in proportion */
        return old;
    }
    if (is_flag(f, "dirty_cpu_schedulers_online")) {
        if (!term_is_small(v) || term_to_small(v) < 1 || term_to_small(v) > (int64_t)dirty_limit()) BIF_BADARG(p);
        term old = term_from_small(sched_dirty_cpu_online());
        sched_set_dirty_cpu_online((unsigned)term_to_small(v));
        return old;
    }
    if (is_flag(f, "trace_control_word")) {
        if (!term_is_small(v) || term_to_small(v) < 0 || term_to_small(v) > (int64_t)UINT32_MAX) BIF_BADARG(p);
        return term_from_small(atomic_exchange(&trace_control_word, (uint32_t)term_to_small(v)));
    }
    if (is_flag(f, "outstanding_system_requests_limit")) {
        if (!term_is_small(v) || term_to_small(v) < 1 || term_to_small(v) > MAX_SYS_REQ_LIMIT) BIF_BADARG(p);
        term old = term_from_small(sys_req_limit_now());
        atomic_store(&sys_req_limit, (uint32_t)term_to_small(v));
        return old;
    }
    if (is_flag(f, "time_offset") && is_flag(v, "finalize")) return atom_from_cstr("final");
    if (is_flag(f, "debug_flags")) return ATOM_true;
    static const char *const known[] = {"multi_scheduling", "scheduler_wall_time", "time_offset", "microstate_accounting", "sequential_tracer",
                                        "reset_seq_trace", "scheduling_statistics", "internal_cpu_topology",
                                        "cpu_topology", "scheduler_bind_type", "erts_alloc"};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (is_flag(f, known[i])) BIF_BADARG(p); /* a flag erts has, with a value laser does not take */
    proc_raise(p, EXC_ERROR, ATOM(badarg));
    p->finfo = atom_from_cstr("badopt");
    return THE_NON_VALUE;
}

term sysflag_info(proc_t *p, term it)
{
    heap_t *h = proc_heap(p);
    if (is_flag(it, "schedulers_online")) return term_from_small(atomic_load(&sched_online));
    if (is_flag(it, "dirty_cpu_schedulers")) return term_from_small(sched_dirty_cpu_count());
    if (is_flag(it, "dirty_cpu_schedulers_online")) return term_from_small(sched_dirty_cpu_online());
    if (is_flag(it, "dirty_io_schedulers")) return term_from_small(sched_dirty_io ? sched_dirty_io : 10);
    if (is_flag(it, "multi_scheduling")) return atom_from_cstr("enabled"); /* never blocked (the flag is badarg) */
    if (is_flag(it, "fullsweep_after"))
        return heap_make_tuple(h, 2, (term[]){it, term_from_small(atomic_load(&proc_default_fullsweep))});
    if (is_flag(it, "min_heap_size") || is_flag(it, "min_bin_vheap_size")) {
        size_t n = atomic_load(is_flag(it, "min_heap_size") ? &proc_default_min_heap : &proc_default_min_bin_vheap);
        return heap_make_tuple(h, 2, (term[]){it, term_from_small((int64_t)n)});
    }
    if (is_flag(it, "max_heap_size")) return max_heap_now(h); /* the map itself, unlike the others */
    if (is_flag(it, "trace_control_word")) return term_from_small(atomic_load(&trace_control_word));
    if (is_flag(it, "outstanding_system_requests_limit")) return term_from_small(sys_req_limit_now());
    if (is_flag(it, "message_queue_data")) return atom_from_cstr("on_heap");
    if (is_flag(it, "time_offset")) return atom_from_cstr("final");
    if (is_flag(it, "time_warp_mode")) return atom_from_cstr("no_time_warp");
    return THE_NON_VALUE;
}
