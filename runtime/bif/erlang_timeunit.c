/*
 * erlang_timeunit.c - erlang:convert_time_unit/3 (erlang_timeunit.def).
 *
 * In OTP 25 this is Erlang code in erlang.erl (is_builtin/3 is false, see
 * erlang_id.c); laser's erlang module is all BIFs, so it is here, with the
 * same arithmetic: units are parts per second (second 1, millisecond 1000,
 * microsecond 10^6, nanosecond 10^9, the deprecated plural names, or any
 * positive integer; native and perf_counter are nanoseconds, as erts on
 * Linux), and the result is floored: (TU * Time - (FU - 1)) div FU for a
 * negative Time, TU * Time div FU otherwise. Anything else is badarg.
 */
#include "arith.h"
#include "bif.h"

#include <string.h>

/* The unit as parts per second, or THE_NON_VALUE. */
static term unit_value(term u)
{
    static const struct {
        const char *name;
        int64_t per_second;
    } units[] = {
        {"native", 1000000000},      {"perf_counter", 1000000000}, {"nanosecond", 1000000000},
        {"microsecond", 1000000},    {"millisecond", 1000},        {"second", 1},
        {"nano_seconds", 1000000000}, {"micro_seconds", 1000000},   {"milli_seconds", 1000},
        {"seconds", 1},
    };
    if (term_is_atom(u)) {
        size_t n;
        const uint8_t *s = atom_text(u, &n);
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
            if (strlen(units[i].name) == n && !memcmp(units[i].name, s, n)) return term_from_small(units[i].per_second);
        return THE_NON_VALUE;
    }
    if (term_is_small(u)) return term_to_small(u) > 0 ? u : THE_NON_VALUE;
    /* a positive bignum is a unit too */
    if (term_is_integer(u) && !term_boxed_is(u, HDR_NEG_BIG)) return u;
    return THE_NON_VALUE;
}

term bif_erlang_convert_time_unit_3(proc_t *p, const term *args)
{
    term time = args[0], fu = unit_value(args[1]), tu = unit_value(args[2]), reason;
    if (!term_is_integer(time) || !term_is_value(fu) || !term_is_value(tu)) BIF_BADARG(p);
    heap_t *h = proc_heap(p);
    term x = arith_mul(h, tu, time, &reason);
    if (!term_is_value(x)) BIF_BADARG(p);
    bool neg = term_is_small(time) ? term_to_small(time) < 0 : term_boxed_is(time, HDR_NEG_BIG);
    if (neg) {
        term fu1 = arith_sub(h, fu, term_from_small(1), &reason);
        if (!term_is_value(fu1) || !term_is_value(x = arith_sub(h, x, fu1, &reason))) BIF_BADARG(p);
    }
    term r = arith_div(h, x, fu, &reason);
    if (!term_is_value(r)) BIF_BADARG(p);
    return r;
}

/* The parts per second of native time and of os:perf_counter/0, which
 * erlang.erl's own convert_time_unit/3 asks for: both are nanoseconds. */
term bif_erts_internal_time_unit_0(proc_t *p, const term *args)
{
    (void)p, (void)args;
    return term_from_small(1000000000);
}
term bif_erts_internal_perf_counter_unit_0(proc_t *p, const term *args)
{
    (void)p, (void)args;
    return term_from_small(1000000000);
}
