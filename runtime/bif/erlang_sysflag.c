/*
 * erlang_sysflag.c - erlang:system_flag/2, one clause per flag, each
 * returning the old value as erts' system_flag_2 does (erl_bif_info.c /
 * bif.c), and sysflag_info, the system_info/1 items that read them back.
 *   system_logger       where the VM's error reports go (errlog.h)
 *   backtrace_depth     stack trace entries kept (vm_exc.c), at most 64
 *   fullsweep_after, min_heap_size, min_bin_vheap_size, max_heap_size
 *                       defaults for new processes (proc.h)
 *   schedulers_online   1..schedulers (scheduler.h)
 *   multi_scheduling    block/unblock (and _normal): one scheduler online
 *                       while any process blocks; its exit unblocks
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
#include "bif/erlang_stats.h"
#include "scheduler.h"
#include "vm.h"
#include "settings.h"

#include <pthread.h>
#include <stdlib.h>

#define MAX_BACKTRACE_SIZE 64 /* erts' limit for backtrace_depth */
#define MAX_SYS_REQ_LIMIT ((1u << 27) - 1)

static bool is_flag(term a, const char *name) { return a == atom_from_cstr(name); }

static _Atomic uint32_t trace_control_word;

/* multi_scheduling: processes blocking it (block: all but one normal
 * scheduler stop; block_normal: the same, counted apart), each with how
 * many times, under msched_lock; while any blocks, one scheduler is
 * online whatever schedulers_online says (online_set, 0: all). */
typedef struct {
    term pid;
    uint32_t count;
} blocker_t;
static pthread_mutex_t msched_lock = PTHREAD_MUTEX_INITIALIZER;
static blocker_t *blockers[2];
static uint32_t nblockers[2], blockers_cap[2];
static unsigned online_set;

static unsigned online_setting(void) { return online_set ? online_set : sched_nthreads; }

/* Under msched_lock: apply blocking to the schedulers online. */
static void msched_apply(void)
{
    sched_set_online(nblockers[0] || nblockers[1] ? 1 : online_setting());
}

/* Under msched_lock: the state system_info(multi_scheduling) reports. */
static term msched_state(void)
{
    return atom_from_cstr(nblockers[0] ? "blocked" : nblockers[1] ? "blocked_normal" : "enabled");
}

static term multi_scheduling(proc_t *p, term v)
{
    int normal = is_flag(v, "block_normal") || is_flag(v, "unblock_normal");
    bool block = is_flag(v, "block") || is_flag(v, "block_normal");
    if (!block && !is_flag(v, "unblock") && !is_flag(v, "unblock_normal")) BIF_BADARG(p);
    pthread_mutex_lock(&msched_lock);
    uint32_t i = 0;
    while (i < nblockers[normal] && blockers[normal][i].pid != p->id) i++;
    if (block) {
        if (i == nblockers[normal]) {
            if (nblockers[normal] == blockers_cap[normal]) {
                blockers_cap[normal] = blockers_cap[normal] ? 2 * blockers_cap[normal] : 4;
                blockers[normal] = realloc(blockers[normal], blockers_cap[normal] * sizeof(blocker_t));
                if (!blockers[normal]) laser_oom("multi-scheduling blockers", blockers_cap[normal] * sizeof(blocker_t));
            }
            blockers[normal][nblockers[normal]++] = (blocker_t){p->id, 0};
        }
        blockers[normal][i].count++;
        p->flags |= PF_MSCHED;
    } else if (i < nblockers[normal] && !--blockers[normal][i].count) {
        blockers[normal][i] = blockers[normal][--nblockers[normal]];
    }
    msched_apply();
    term r = msched_state();
    pthread_mutex_unlock(&msched_lock);
    return r;
}

void sysflag_proc_exit(term pid)
{
    pthread_mutex_lock(&msched_lock);
    for (int k = 0; k < 2; k++)
        for (uint32_t i = nblockers[k]; i-- > 0;)
            if (blockers[k][i].pid == pid) blockers[k][i] = blockers[k][--nblockers[k]];
    msched_apply();
    pthread_mutex_unlock(&msched_lock);
}

static term blocker_list(heap_t *h, int k)
{
    pthread_mutex_lock(&msched_lock);
    term l = NIL;
    for (uint32_t i = nblockers[k]; i-- > 0;) l = heap_make_cons(h, blockers[k][i].pid, l);
    pthread_mutex_unlock(&msched_lock);
    return l;
}
static _Atomic uint32_t sys_req_limit; /* 0: OTP's default, 2 * schedulers */


/* The most dirty CPU schedulers online for the normal ones online (erts
 * scales them together). */
static unsigned dirty_limit(void)
{
    pthread_mutex_lock(&msched_lock);
    unsigned n = sched_dirty_cpu_count() * online_setting() / sched_nthreads;
    pthread_mutex_unlock(&msched_lock);
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
        pthread_mutex_lock(&msched_lock);
        term old = term_from_small(online_setting());
        online_set = (unsigned)term_to_small(v);
        msched_apply();
        pthread_mutex_unlock(&msched_lock);
        sched_set_dirty_cpu_online(dirty_limit()); /* erts keeps them in proportion */
        return old;
    }
    if (is_flag(f, "multi_scheduling")) return multi_scheduling(p, v);
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
    if (is_flag(f, "microstate_accounting")) {
        term old = stats_msacc_set(v);
        if (!term_is_value(old)) BIF_BADARG(p);
        return old;
    }
    if (is_flag(f, "scheduler_wall_time") && (v == ATOM_true || v == ATOM_false))
        /* counted per process by kernel_refc, through erts_internal as erts traps */
        return bif_trap(p, atom_from_cstr("erts_internal"), atom_from_cstr("system_flag_scheduler_wall_time"), 1, &v);
    if (is_flag(f, "time_offset") && is_flag(v, "finalize")) return atom_from_cstr("final");
    if (is_flag(f, "debug_flags")) return ATOM_true;
    static const char *const known[] = {"scheduler_wall_time", "time_offset", "microstate_accounting", "sequential_tracer",
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
    if (is_flag(it, "schedulers_online")) {
        pthread_mutex_lock(&msched_lock);
        unsigned n = online_setting();
        pthread_mutex_unlock(&msched_lock);
        return term_from_small(n);
    }
    if (is_flag(it, "multi_scheduling")) {
        pthread_mutex_lock(&msched_lock);
        term r = msched_state();
        pthread_mutex_unlock(&msched_lock);
        return r;
    }
    if (is_flag(it, "multi_scheduling_blockers")) return blocker_list(h, 0);
    if (is_flag(it, "normal_multi_scheduling_blockers")) return blocker_list(h, 1);
    if (is_flag(it, "dirty_cpu_schedulers")) return term_from_small(sched_dirty_cpu_count());
    if (is_flag(it, "dirty_cpu_schedulers_online")) return term_from_small(sched_dirty_cpu_online());
    if (is_flag(it, "dirty_io_schedulers")) return term_from_small(sched_dirty_io_count());
    if (is_flag(it, "fullsweep_after"))
        return heap_make_tuple(h, 2, (term[]){it, term_from_small(atomic_load(&proc_default_fullsweep))});
    if (is_flag(it, "min_heap_size") || is_flag(it, "min_bin_vheap_size")) {
        size_t n = atomic_load(is_flag(it, "min_heap_size") ? &proc_default_min_heap : &proc_default_min_bin_vheap);
        return heap_make_tuple(h, 2, (term[]){it, term_from_small((int64_t)n)});
    }
    if (is_flag(it, "max_heap_size")) return max_heap_now(h); /* the map itself, unlike the others */
    if (is_flag(it, "trace_control_word")) return term_from_small(atomic_load(&trace_control_word));
    if (is_flag(it, "outstanding_system_requests_limit")) return term_from_small(sys_req_limit_now());
    if (is_flag(it, "message_queue_data")) return atom_from_cstr(vm_settings.mqd_off_heap ? "off_heap" : "on_heap");
    if (is_flag(it, "time_offset")) return atom_from_cstr("final");
    if (is_flag(it, "time_warp_mode")) return atom_from_cstr("no_time_warp");
    return THE_NON_VALUE;
}
