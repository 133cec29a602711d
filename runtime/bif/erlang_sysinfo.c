/*
 * erlang_sysinfo.c - erlang:system_info/1 items about the running system
 * that erlang_vm.c's table of constants does not hold: the version banner,
 * the flavour of the emulator, counts of tables and ports, the clocks, the
 * GC defaults, and the answers of a node that is not distributed.
 *
 * Items about erts' own machinery that laser does not have (allocator
 * statistics, check_io's poll sets, the info/procs/loaded crash-dump
 * texts) stay badarg rather than invented.
 */
#include "bif.h"
#include "bif/erlang_vm.h"
#include "big.h"
#include "errlog.h"
#include "ets.h"
#include "gc.h"
#include "port.h"
#include "scheduler.h"
#include "timer.h"
#include "../../src/vm.h"
#include "settings.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static term latin1(heap_t *h, const char *s)
{
    term l = NIL;
    for (size_t n = strlen(s); n > 0; n--) l = heap_make_cons(h, term_from_small((unsigned char)s[n - 1]), l);
    return l;
}

static term pair(heap_t *h, term k, term v) { return heap_make_tuple(h, 2, (term[]){k, v}); }

static size_t list_len(term l)
{
    size_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) n++;
    return n;
}

static bool jit_on(void) { return vm_jit.hot || vm_jit.threaded; }

/* os_monotonic_time_source / os_system_time_source, as erts describes
 * clock_gettime: the clock, its resolution in parts per second, and now. */
static term clock_source(heap_t *h, bool mono)
{
    clockid_t id = mono ? CLOCK_MONOTONIC : CLOCK_REALTIME;
    struct timespec res = {0, 1};
    clock_getres(id, &res);
    int64_t ns = (int64_t)res.tv_sec * 1000000000 + res.tv_nsec;
    term items[6];
    size_t n = 0;
    items[n++] = pair(h, atom_from_cstr("function"), atom_from_cstr("clock_gettime"));
    items[n++] = pair(h, atom_from_cstr("clock_id"), atom_from_cstr(mono ? "CLOCK_MONOTONIC" : "CLOCK_REALTIME"));
    items[n++] = pair(h, atom_from_cstr("resolution"), term_from_small(ns > 0 ? 1000000000 / ns : 1000000000));
    if (mono) items[n++] = pair(h, atom_from_cstr("extended"), atom_from_cstr("no"));
    items[n++] = pair(h, atom_from_cstr("parallel"), atom_from_cstr("yes"));
    items[n++] = pair(h, atom_from_cstr("time"), big_from_int64(h, mono ? timer_now_ns() : timer_system_ns()));
    return heap_make_list(h, items, n, NIL);
}

/* gc.h's heap size table, erts' erts_next_heap_size sequence, up to the
 * sizes erts lists (its last entry is below 2^50 words). */
static term heap_sizes(heap_t *h)
{
    term sizes[160];
    size_t n = 0;
    for (size_t s = gc_next_heap_size(0, 0); n < 160 && s < ((size_t)1 << 50);) {
        sizes[n++] = big_from_int64(h, (int64_t)s);
        size_t next = gc_next_heap_size(s + 1, 0);
        if (next <= s) break;
        s = next;
    }
    return heap_make_list(h, sizes, n, NIL);
}

term sysinfo_more(proc_t *p, term it, bool *handled)
{
    heap_t *h = proc_heap(p);
    *handled = true;
    if (it == atom_from_cstr("system_version")) {
        char buf[256];
        unsigned s = sched_nthreads ? sched_nthreads : 1, on = atomic_load(&sched_online);
        snprintf(buf, sizeof buf,
                 "Erlang/OTP 25 [erts-13.1.5] [source] [64-bit] [smp:%u:%u] [ds:%u:%u:%u] [async-threads:1]%s\n", s,
                 on ? on : s, sched_dirty_cpu_count(), sched_dirty_cpu_online(), sched_dirty_io_count(),
                 jit_on() ? " [jit]" : "");
        return latin1(h, buf);
    }
    if (it == atom_from_cstr("emu_flavor")) return atom_from_cstr(jit_on() ? "jit" : "emu");
    if (it == atom_from_cstr("emu_type")) return atom_from_cstr("opt");
    if (it == atom_from_cstr("c_compiler_used")) {
#if defined(__GNUC__)
        term v = heap_make_tuple(
            h, 3, (term[]){term_from_small(__GNUC__), term_from_small(__GNUC_MINOR__), term_from_small(__GNUC_PATCHLEVEL__)});
        return pair(h, atom_from_cstr("gnuc"), v);
#else
        return pair(h, atom_from_cstr("undefined"), atom_from_cstr("undefined"));
#endif
    }
    if (it == atom_from_cstr("scheduler_id"))
        return term_from_small(atomic_load_explicit(&p->runq, memory_order_relaxed) + 1);
    if (it == atom_from_cstr("ets_count")) return term_from_small((int64_t)list_len(ets_all(h)));
    if (it == atom_from_cstr("port_count")) return term_from_small((int64_t)list_len(port_list(h)));
    if (it == atom_from_cstr("system_logger")) return errlog_system_logger();
    if (it == atom_from_cstr("context_reductions")) return term_from_small(PROC_SLICE);
    if (it == atom_from_cstr("thread_pool_size")) return term_from_small(vm_settings.async_threads);
    /* the clocks: native monotonic time is CLOCK_MONOTONIC in ns, from
     * which erts' range would end after 2^63 ns */
    if (it == atom_from_cstr("start_time")) return big_from_int64(h, sched_stat_t0());
    if (it == atom_from_cstr("end_time")) return big_from_int64(h, INT64_MAX / 1000000000 * 1000000000);
    if (it == atom_from_cstr("os_monotonic_time_source")) return clock_source(h, true);
    if (it == atom_from_cstr("os_system_time_source")) return clock_source(h, false);
    if (it == atom_from_cstr("time_correction")) return ATOM_true;
    if (it == atom_from_cstr("tolerant_timeofday")) return atom_from_cstr("enabled");
    if (it == atom_from_cstr("modified_timing_level")) return atom_from_cstr("undefined");
    /* the GC defaults (system_flag/2 sets them) and the size table */
    if (it == atom_from_cstr("garbage_collection")) {
        uint64_t mh = atomic_load(&proc_default_max_heap);
        term items[4] = {
            pair(h, atom_from_cstr("max_heap_size"), big_from_int64(h, (int64_t)(mh >> 2))),
            pair(h, atom_from_cstr("min_bin_vheap_size"), term_from_small((int64_t)atomic_load(&proc_default_min_bin_vheap))),
            pair(h, atom_from_cstr("min_heap_size"), term_from_small((int64_t)atomic_load(&proc_default_min_heap))),
            pair(h, atom_from_cstr("fullsweep_after"), term_from_small(atomic_load(&proc_default_fullsweep))),
        };
        return heap_make_list(h, items, 4, NIL);
    }
    if (it == atom_from_cstr("heap_sizes")) return heap_sizes(h);
    /* I/O: libuv's epoll loop */
    if (it == atom_from_cstr("kernel_poll") || it == atom_from_cstr("eager_check_io")) return ATOM_true;
    if (it == atom_from_cstr("port_parallelism")) return ATOM_false;
    /* tracing facilities laser does not have */
    if (it == atom_from_cstr("dynamic_trace")) return atom_from_cstr("none");
    if (it == atom_from_cstr("dynamic_trace_probes")) return ATOM_false;
    if (it == atom_from_cstr("sequential_tracer")) return pair(h, it, ATOM_false);
    if (it == atom_from_cstr("ets_always_compress")) return ATOM_false;
    if (it == atom_from_cstr("update_cpu_info")) return atom_from_cstr("unchanged");
    /* not distributed: erts' answers for nonode@nohost */
    if (it == atom_from_cstr("creation")) return term_from_small(0);
    if (it == atom_from_cstr("dist_ctrl")) return NIL;
    if (it == atom_from_cstr("delayed_node_table_gc")) return term_from_small(60);
    if (it == atom_from_cstr("dist_buf_busy_limit")) return term_from_small(1048576);
    *handled = false;
    return THE_NON_VALUE;
}
