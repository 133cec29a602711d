/*
 * erlang_stats.c - erlang:statistics/1 with OTP 25's items, and the
 * scheduler wall-time switch (erts_internal:scheduler_wall_time/1, which
 * kernel_refc turns on while some process wants it).
 *
 * Sources: the schedulers' counters (scheduler.h: reductions and slices
 * of the slices that ended, queue lengths, each thread's idle time), the
 * collector's (gc.h), the ports' bytes (port.h), getrusage for runtime and
 * the monotonic clock for wall_clock. "Since the last call" values are one
 * per VM, as erts keeps them. Wall times are nanoseconds (erts leaves the
 * unit undefined).
 */
#include "erlang_stats.h"

#include "bif.h"
#include "big.h"
#include "gc.h"
#include "map.h"
#include "port.h"
#include "scheduler.h"
#include "timer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static _Atomic uint64_t last_reds, last_exact_reds, last_runtime_ms, last_wall_ms;

/* scheduler_wall_time: on since sched_wall_t0, with each thread's idle
 * time then; swt_lock guards the baseline. */
static pthread_mutex_t swt_lock = PTHREAD_MUTEX_INITIALIZER;
static bool swt_on;
static int64_t swt_t0;
static int64_t *swt_idle0;
static unsigned swt_n;

/* Every scheduler thread statistics/1 names: normal, dirty CPU, dirty I/O. */
static unsigned stat_threads(void) { return sched_nthreads + sched_dirty_cpu_count() + sched_dirty_io_count(); }

term bif_erts_internal_scheduler_wall_time_1(proc_t *p, const term *args)
{
    if (args[0] != ATOM_true && args[0] != ATOM_false) BIF_BADARG(p);
    bool on = args[0] == ATOM_true;
    pthread_mutex_lock(&swt_lock);
    bool was = swt_on;
    if (on && !was) {
        /* measured from now, as erts resets its counters when turned on */
        unsigned n = stat_threads();
        int64_t *idle = malloc(n * sizeof *idle);
        if (!idle) laser_oom("scheduler wall time", n * sizeof *idle);
        swt_t0 = timer_now_ns();
        swt_n = sched_stat_idle(idle, NULL, swt_t0);
        free(swt_idle0);
        swt_idle0 = idle;
    }
    swt_on = on;
    pthread_mutex_unlock(&swt_lock);
    return was ? ATOM_true : ATOM_false;
}

/* [{Id, Active, Total}] of the normal and dirty CPU schedulers (all: and
 * the dirty I/O ones), or undefined while off. */
static term wall_times(proc_t *p, bool all)
{
    heap_t *h = proc_heap(p);
    unsigned n = stat_threads();
    int64_t *idle = malloc(n * sizeof *idle);
    if (!idle) laser_oom("scheduler wall time", n * sizeof *idle);
    term l = ATOM(undefined);
    pthread_mutex_lock(&swt_lock);
    if (swt_on) {
        int64_t now = timer_now_ns();
        n = sched_stat_idle(idle, NULL, now);
        if (n > swt_n) n = swt_n;
        unsigned want = all ? n : sched_nthreads + sched_dirty_cpu_count();
        if (want > n) want = n;
        int64_t total = now - swt_t0;
        l = NIL;
        for (unsigned i = want; i-- > 0;) {
            int64_t active = total - (idle[i] - swt_idle0[i]);
            if (active < 0) active = 0;
            if (active > total) active = total;
            term el[3] = {term_from_small((int64_t)i + 1), term_from_small(active), term_from_small(total)};
            l = heap_make_cons(h, heap_make_tuple(h, 3, el), l);
        }
    }
    pthread_mutex_unlock(&swt_lock);
    free(idle);
    return l;
}

/* {Total, Total - the last call's Total}, the last call being any
 * process's (last: that value, swapped). */
static term total_and_diff(heap_t *h, uint64_t total, _Atomic uint64_t *last)
{
    uint64_t before = atomic_exchange(last, total);
    uint64_t diff = total > before ? total - before : 0;
    return heap_make_tuple(h, 2, (term[]){big_from_uint64(h, total), big_from_uint64(h, diff)});
}

/* run_queue_lengths / active_tasks of the first `queues` run queues (the
 * normal ones, then the dirty CPU and the dirty I/O one), as a list or
 * their sum. */
static term queue_counts(heap_t *h, bool active, unsigned queues, bool total)
{
    unsigned cap = sched_nthreads + 2;
    uint32_t *len = malloc(2 * cap * sizeof *len);
    if (!len) laser_oom("run queue lengths", 2 * cap * sizeof *len);
    uint32_t *act = len + cap;
    unsigned n = sched_stat_queues(len, act);
    if (queues < n) n = queues;
    const uint32_t *v = active ? act : len;
    term r;
    if (total) {
        uint64_t s = 0;
        for (unsigned i = 0; i < n; i++) s += v[i];
        r = term_from_small((int64_t)s);
    } else {
        r = NIL;
        for (unsigned i = n; i-- > 0;) r = heap_make_cons(h, term_from_small(v[i]), r);
    }
    free(len);
    return r;
}

/* Microstate accounting (system_flag(microstate_accounting, _)): per
 * scheduler thread, in sched_stat_idle's order, the time of the periods
 * that ended (acc) and where the running period started (base). Sleep is
 * the thread's idle time, gc its collections, emulator the rest of a
 * normal or dirty scheduler's time. Laser's other threads (its I/O and
 * timer threads) are not erts' aux, poll and async threads: those report
 * 0 in every state. Nanoseconds, erlang:perf_counter's unit. */
typedef struct {
    int64_t sleep, gc, emu;
} msacc_t;
static pthread_mutex_t msacc_lock = PTHREAD_MUTEX_INITIALIZER;
static bool msacc_on;
static unsigned msacc_n;
static msacc_t *msacc_acc;
static int64_t msacc_t0, *msacc_idle0, *msacc_gc0; /* the running period's base */

/* Under msacc_lock: the raw counters now, into idle/gc (msacc_n each). */
static int64_t msacc_raw(int64_t *idle, int64_t *gc)
{
    int64_t now = timer_now_ns();
    sched_stat_idle(idle, gc, now);
    return now;
}

/* Under msacc_lock, on: add the running period to acc and start another. */
static void msacc_close_period(void)
{
    int64_t now = msacc_raw(msacc_idle0 + msacc_n, msacc_gc0 + msacc_n);
    for (unsigned i = 0; i < msacc_n; i++) {
        int64_t sl = msacc_idle0[msacc_n + i] - msacc_idle0[i], g = msacc_gc0[msacc_n + i] - msacc_gc0[i];
        int64_t emu = (now - msacc_t0) - sl - g;
        msacc_acc[i].sleep += sl;
        msacc_acc[i].gc += g;
        msacc_acc[i].emu += emu > 0 ? emu : 0;
        msacc_idle0[i] = msacc_idle0[msacc_n + i], msacc_gc0[i] = msacc_gc0[msacc_n + i];
    }
    msacc_t0 = now;
}

term stats_msacc_set(term action)
{
    bool reset = action == atom_from_cstr("reset");
    if (!reset && action != ATOM_true && action != ATOM_false) return THE_NON_VALUE;
    pthread_mutex_lock(&msacc_lock);
    if (!msacc_acc) {
        msacc_n = stat_threads();
        msacc_acc = calloc(msacc_n, sizeof *msacc_acc);
        /* [0, n): the base; [n, 2n): scratch for the counters now */
        msacc_idle0 = calloc(2 * msacc_n, sizeof *msacc_idle0);
        msacc_gc0 = calloc(2 * msacc_n, sizeof *msacc_gc0);
        if (!msacc_acc || !msacc_idle0 || !msacc_gc0) laser_oom("microstate accounting", 5 * msacc_n * 8);
    }
    bool was = msacc_on;
    if (reset) {
        memset(msacc_acc, 0, msacc_n * sizeof *msacc_acc);
        if (msacc_on) msacc_t0 = msacc_raw(msacc_idle0, msacc_gc0);
    } else if (action == ATOM_true && !was) {
        msacc_t0 = msacc_raw(msacc_idle0, msacc_gc0);
        msacc_on = true;
        atomic_store(&gc_stat_timing, true);
    } else if (action == ATOM_false && was) {
        msacc_close_period();
        msacc_on = false;
        atomic_store(&gc_stat_timing, false);
    }
    pthread_mutex_unlock(&msacc_lock);
    return was ? ATOM_true : ATOM_false;
}

/* statistics(microstate_accounting): every thread erts lists, in erts'
 * order (as it gathers them), with its counters. */
static term msacc_list(heap_t *h)
{
    static const char *const states[] = {"aux", "check_io", "emulator", "gc", "other", "port", "sleep"};
    enum { NS = sizeof states / sizeof *states, EMU = 2, GC = 3, SLEEP = 6 };
    term keys[NS];
    for (unsigned k = 0; k < NS; k++) keys[k] = atom_from_cstr(states[k]);
    unsigned ndc = sched_dirty_cpu_count(), ndio = sched_dirty_io_count(), total = stat_threads();
    msacc_t *v = calloc(total, sizeof *v);
    if (!v) laser_oom("microstate accounting", total * sizeof *v);
    pthread_mutex_lock(&msacc_lock);
    if (msacc_on) msacc_close_period();
    for (unsigned i = 0; msacc_acc && i < total && i < msacc_n; i++) v[i] = msacc_acc[i];
    pthread_mutex_unlock(&msacc_lock);
    struct {
        const char *type;
        int from, to; /* ids, counting down when from > to */
        int first;    /* index in v of id 1, or -1: no counters */
    } threads[] = {
        {"aux", 1, 1, -1},
        {"poll", 0, 0, -1},
        {"dirty_io_scheduler", (int)ndio, 1, (int)(sched_nthreads + ndc)},
        {"dirty_cpu_scheduler", (int)ndc, 1, (int)sched_nthreads},
        {"async", 0, 0, -1},
        {"scheduler", 1, (int)sched_nthreads, 0},
    };
    term l = NIL;
    term mk[3] = {atom_from_cstr("counters"), atom_from_cstr("id"), atom_from_cstr("type")};
    for (size_t t = sizeof threads / sizeof *threads; t-- > 0;) {
        int step = threads[t].from > threads[t].to ? -1 : 1;
        /* built from the end: ids in reverse of the listed order */
        for (int id = threads[t].to;; id -= step) {
            term vals[NS];
            for (unsigned k = 0; k < NS; k++) vals[k] = term_from_small(0);
            if (threads[t].first >= 0) {
                const msacc_t *m = &v[threads[t].first + id - 1];
                vals[EMU] = term_from_small(m->emu), vals[GC] = term_from_small(m->gc);
                vals[SLEEP] = term_from_small(m->sleep);
            }
            term mv[3] = {map_from_pairs(h, keys, vals, NS), term_from_small(id), atom_from_cstr(threads[t].type)};
            l = heap_make_cons(h, map_from_pairs(h, mk, mv, 3), l);
            if (id == threads[t].from) break;
        }
    }
    free(v);
    return l;
}

static bool is_item(term a, const char *name) { return a == atom_from_cstr(name); }

term bif_erlang_statistics_1(proc_t *p, const term *args)
{
    term it = args[0];
    heap_t *h = proc_heap(p);
    if (!term_is_atom(it)) BIF_BADARG(p);
    if (it == ATOM(reductions) || is_item(it, "exact_reductions")) {
        uint64_t reds, sw;
        sched_stat_totals(&reds, &sw);
        if (it == ATOM(reductions)) return total_and_diff(h, reds, &last_reds);
        /* exact: the caller's own slice so far as well */
        return total_and_diff(h, reds + (uint64_t)(PROC_SLICE - (p->fcalls < 0 ? 0 : p->fcalls)), &last_exact_reds);
    }
    if (is_item(it, "context_switches")) {
        uint64_t reds, sw;
        sched_stat_totals(&reds, &sw);
        return heap_make_tuple(h, 2, (term[]){big_from_uint64(h, sw), term_from_small(0)});
    }
    if (is_item(it, "runtime")) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        uint64_t ms = (uint64_t)ru.ru_utime.tv_sec * 1000 + (uint64_t)ru.ru_utime.tv_usec / 1000;
        return total_and_diff(h, ms, &last_runtime_ms);
    }
    if (is_item(it, "wall_clock")) {
        int64_t ms = (timer_now_ns() - sched_stat_t0()) / 1000000;
        return total_and_diff(h, (uint64_t)(ms > 0 ? ms : 0), &last_wall_ms);
    }
    if (is_item(it, "garbage_collection")) {
        term el[3] = {big_from_uint64(h, atomic_load(&gc_stat_collections)),
                      big_from_uint64(h, atomic_load(&gc_stat_reclaimed)), term_from_small(0)};
        return heap_make_tuple(h, 3, el);
    }
    if (is_item(it, "io")) {
        term in = heap_make_tuple(h, 2, (term[]){atom_from_cstr("input"), big_from_uint64(h, atomic_load(&port_stat_input))});
        term out =
            heap_make_tuple(h, 2, (term[]){atom_from_cstr("output"), big_from_uint64(h, atomic_load(&port_stat_output))});
        return heap_make_tuple(h, 2, (term[]){in, out});
    }
    /* the normal queues and the dirty CPU one; _all: and the dirty I/O one */
    unsigned cpu = sched_nthreads + 1, all = sched_nthreads + 2;
    if (is_item(it, "run_queue") || is_item(it, "total_run_queue_lengths")) return queue_counts(h, false, cpu, true);
    if (is_item(it, "run_queue_lengths")) return queue_counts(h, false, cpu, false);
    if (is_item(it, "run_queue_lengths_all")) return queue_counts(h, false, all, false);
    if (is_item(it, "total_run_queue_lengths_all")) return queue_counts(h, false, all, true);
    if (is_item(it, "active_tasks")) return queue_counts(h, true, cpu, false);
    if (is_item(it, "active_tasks_all")) return queue_counts(h, true, all, false);
    if (is_item(it, "total_active_tasks")) return queue_counts(h, true, cpu, true);
    if (is_item(it, "total_active_tasks_all")) return queue_counts(h, true, all, true);
    if (is_item(it, "scheduler_wall_time")) return wall_times(p, false);
    if (is_item(it, "scheduler_wall_time_all")) return wall_times(p, true);
    if (is_item(it, "microstate_accounting")) return msacc_list(h);
    BIF_BADARG(p);
}
