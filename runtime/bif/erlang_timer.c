/*
 * erlang_timer.c - time and timers (erlang_timer.def): monotonic and
 * system time in any unit (erlang_timeunit.c's conversion, native =
 * nanoseconds as erts on Linux), timestamp/0, and the BIF timers of
 * timer.c (send_after, start_timer, cancel_timer, read_timer).
 */
#include "bif.h"
#include "big.h"
#include "scheduler.h"
#include "timer.h"

#include <stdatomic.h>

/* ns in the given unit (badarg for a bad unit, as convert_time_unit). */
static term in_unit(proc_t *p, int64_t ns, term unit)
{
    /* nanoseconds since the epoch need a bignum (a small holds 60 bits) */
    term a[3] = {big_from_int64(proc_heap(p), ns), ATOM(native), unit};
    return bif_erlang_convert_time_unit_3(p, a);
}

term bif_erlang_monotonic_time_0(proc_t *p, const term *args)
{
    (void)args;
    return in_unit(p, timer_now_ns(), ATOM(native));
}
term bif_erlang_monotonic_time_1(proc_t *p, const term *args) { return in_unit(p, timer_now_ns(), args[0]); }
term bif_erlang_system_time_0(proc_t *p, const term *args)
{
    (void)args;
    return in_unit(p, timer_system_ns(), ATOM(native));
}
term bif_erlang_system_time_1(proc_t *p, const term *args) { return in_unit(p, timer_system_ns(), args[0]); }
term bif_erlang_time_offset_0(proc_t *p, const term *args)
{
    (void)args;
    return in_unit(p, timer_system_ns() - timer_now_ns(), ATOM(native));
}
term bif_erlang_time_offset_1(proc_t *p, const term *args)
{
    return in_unit(p, timer_system_ns() - timer_now_ns(), args[0]);
}

term bif_erlang_timestamp_0(proc_t *p, const term *args)
{
    (void)args;
    int64_t us = timer_system_ns() / 1000;
    term el[3] = {term_from_small(us / 1000000000000), term_from_small(us / 1000000 % 1000000),
                  term_from_small(us % 1000000)};
    return heap_make_tuple(proc_heap(p), 3, el);
}

/* erlang:now/0: system time in microseconds, strictly increasing across
 * the VM as erts makes it (every caller gets a distinct value). */
static _Atomic int64_t now_last;

term bif_erlang_now_0(proc_t *p, const term *args)
{
    (void)args;
    int64_t last = atomic_load_explicit(&now_last, memory_order_relaxed), us;
    do {
        us = timer_system_ns() / 1000;
        if (us <= last) us = last + 1;
    } while (!atomic_compare_exchange_weak_explicit(&now_last, &last, us, memory_order_relaxed,
                                                    memory_order_relaxed));
    term el[3] = {term_from_small(us / 1000000000000), term_from_small(us / 1000000 % 1000000),
                  term_from_small(us % 1000000)};
    return heap_make_tuple(proc_heap(p), 3, el);
}

/* ---- timers ---- */

/* Largest timeout OTP accepts for a relative timer (ms). */
#define TIMER_MAX_MS ((int64_t)1 << 32)

static term start(proc_t *p, const term *args, term opts, bool wrap)
{
    term t = args[0], dest = args[1];
    bool abs = false;
    for (; term_is_list(opts); opts = term_cdr(opts)) {
        term o = term_car(opts);
        if (!term_is_tuple(o) || term_tuple_arity(o) != 2 || term_tuple_elems(o)[0] != ATOM(abs) ||
            (term_tuple_elems(o)[1] != ATOM_true && term_tuple_elems(o)[1] != ATOM_false))
            BIF_BADARG(p);
        abs = term_tuple_elems(o)[1] == ATOM_true;
    }
    if (!term_is_nil(opts)) BIF_BADARG(p);
    if (!term_is_pid(dest) && !term_is_atom(dest)) BIF_BADARG(p);
    if (!term_is_small(t)) BIF_BADARG(p);
    int64_t ms = term_to_small(t), deadline;
    if (abs) {
        int64_t now_ms = timer_now_ns() / 1000000;
        deadline = (ms < now_ms ? now_ms : ms) * 1000000;
        if (ms - now_ms > TIMER_MAX_MS) BIF_BADARG(p);
    } else {
        if (ms < 0 || ms > TIMER_MAX_MS) BIF_BADARG(p);
        deadline = timer_now_ns() + ms * 1000000;
    }
    return timer_bif_start(proc_heap(p), dest, args[2], deadline, wrap);
}

term bif_erlang_send_after_3(proc_t *p, const term *args) { return start(p, args, NIL, false); }
term bif_erlang_send_after_4(proc_t *p, const term *args) { return start(p, args, args[3], false); }
term bif_erlang_start_timer_3(proc_t *p, const term *args) { return start(p, args, NIL, true); }
term bif_erlang_start_timer_4(proc_t *p, const term *args) { return start(p, args, args[3], true); }

/* Options {async, B}, {info, B}; false if malformed. */
static bool timer_opts(term l, bool *async, bool *info)
{
    *async = false, *info = true;
    for (; term_is_list(l); l = term_cdr(l)) {
        term o = term_car(l);
        if (!term_is_tuple(o) || term_tuple_arity(o) != 2) return false;
        term k = term_tuple_elems(o)[0], v = term_tuple_elems(o)[1];
        if (v != ATOM_true && v != ATOM_false) return false;
        if (k == ATOM(async)) *async = v == ATOM_true;
        else if (k == ATOM(info)) *info = v == ATOM_true;
        else return false;
    }
    return term_is_nil(l);
}

static term timer_op(proc_t *p, term ref, term opts, bool cancel)
{
    bool async, info;
    if (!term_is_ref(ref) || !timer_opts(opts, &async, &info)) BIF_BADARG(p);
    int64_t ms = cancel ? timer_bif_cancel(ref) : timer_bif_read(ref);
    heap_t *h = proc_heap(p);
    term r = ms < 0 ? ATOM_false : term_from_small(ms);
    if (async) {
        if (info) {
            term el[3] = {cancel ? ATOM(cancel_timer) : atom_from_cstr("read_timer"), ref, r};
            sched_send(p, p->id, heap_make_tuple(h, 3, el));
        }
        return ATOM(ok);
    }
    return info ? r : ATOM(ok);
}

term bif_erlang_cancel_timer_1(proc_t *p, const term *args) { return timer_op(p, args[0], NIL, true); }
term bif_erlang_cancel_timer_2(proc_t *p, const term *args) { return timer_op(p, args[0], args[1], true); }
term bif_erlang_read_timer_1(proc_t *p, const term *args) { return timer_op(p, args[0], NIL, false); }
term bif_erlang_read_timer_2(proc_t *p, const term *args) { return timer_op(p, args[0], args[1], false); }
