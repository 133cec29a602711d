/*
 * errlog.c - error reports of the VM itself to the system logger (see
 * errlog.h). Format, arguments and metadata are erts' (measured on erl 25
 * with erlang:system_flag(system_logger, self())); the report text itself
 * is written by OTP's logger when the boot brings it.
 */
#include "errlog.h"

#include <stdatomic.h>
#include <stdio.h>

#include "atom.h"
#include "map.h"
#include "print.h"
#include "scheduler.h"
#include "timer.h"

static _Atomic term system_logger; /* 0 until set: the atom logger */

term errlog_system_logger(void)
{
    term l = atomic_load(&system_logger);
    return l ? l : atom_from_cstr("logger");
}

term errlog_set_system_logger(term logger)
{
    if (logger != atom_from_cstr("logger") && logger != ATOM(undefined) && !term_is_local_pid(logger))
        return THE_NON_VALUE;
    term old = errlog_system_logger();
    atomic_store(&system_logger, logger);
    return old;
}

/* {log, Level, Format, Args, Meta} as erts builds it (do_send_logger_message). */
static term logger_message(heap_t *h, proc_t *p, const char *format, term args)
{
    term fmt = NIL;
    for (size_t i = strlen(format); i-- > 0;) fmt = heap_make_cons(h, term_from_small((uint8_t)format[i]), fmt);
    term el_keys[2] = {atom_from_cstr("emulator"), atom_from_cstr("tag")};
    term el_vals[2] = {ATOM_true, ATOM(error)};
    term el = map_from_pairs(h, el_keys, el_vals, 2);
    int64_t us = timer_system_ns() / 1000;
    term keys[4] = {ATOM(error_logger), atom_from_cstr("gl"), ATOM(pid), atom_from_cstr("time")};
    term vals[4] = {el, p->group_leader, p->id, term_from_small(us)};
    term meta = map_from_pairs(h, keys, vals, 4);
    term msg[5] = {atom_from_cstr("log"), ATOM(error), fmt, args, meta};
    return heap_make_tuple(h, 5, msg);
}

static void send_to_logger(proc_t *p, term msg)
{
    term logger = errlog_system_logger();
    if (logger == ATOM(undefined)) return;
    if (term_is_atom(logger)) logger = reg_whereis(logger);
    if (term_is_local_pid(logger) && sched_send(p, logger, msg)) return;
    print_buf_t b = {0};
    print_str(&b, "(no logger present) unexpected logger message: ");
    print_term(&b, msg);
    print_str(&b, "\n");
    print_write(stderr, b.data, b.size);
    print_buf_free(&b);
}

void errlog_process_crash(proc_t *p, term reason)
{
    heap_t *h = proc_heap(p);
    term args = heap_make_list(h, (term[]){p->id, reason}, 2, NIL);
    term msg = logger_message(h, p, "Error in process ~p with exit value:~n~p~n", args);
    send_to_logger(p, msg);
    proc_heap_close(p);
}
