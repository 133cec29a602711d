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
#include "gc.h"
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

/* {log, Level, Format, Args, Meta} as erts builds it (do_send_logger_message);
 * erts' _nogl variants leave gl out of Meta. */
static term logger_message_gl(heap_t *h, proc_t *p, const char *format, term args, bool gl)
{
    term fmt = NIL;
    for (size_t i = strlen(format); i-- > 0;) fmt = heap_make_cons(h, term_from_small((uint8_t)format[i]), fmt);
    term el_keys[2] = {atom_from_cstr("emulator"), atom_from_cstr("tag")};
    term el_vals[2] = {ATOM_true, ATOM(error)};
    term el = map_from_pairs(h, el_keys, el_vals, 2);
    int64_t us = timer_system_ns() / 1000;
    term keys[4] = {ATOM(error_logger), ATOM(pid), atom_from_cstr("time"), atom_from_cstr("gl")};
    term vals[4] = {el, p->id, term_from_small(us), p->group_leader};
    term meta = map_from_pairs(h, keys, vals, gl ? 4 : 3);
    term msg[5] = {atom_from_cstr("log"), ATOM(error), fmt, args, meta};
    return heap_make_tuple(h, 5, msg);
}

static term logger_message(heap_t *h, proc_t *p, const char *format, term args)
{
    return logger_message_gl(h, p, format, args, true);
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

/* The message is built on a heap of its own (sending copies it), so the
 * process's heap is left as its caller expects (vm_gc: `need` words free). */
void errlog_process_crash(proc_t *p, term reason)
{
    heap_t h;
    heap_init(&h);
    term args = heap_make_list(&h, (term[]){p->id, reason}, 2, NIL);
    send_to_logger(p, logger_message(&h, p, "Error in process ~p with exit value:~n~p~n", args));
    heap_free(&h);
}

void errlog_max_heap(proc_t *p, size_t total_heap_size)
{
    const gc_heap_t *m = &p->mem;
    static const char *const keys[] = {"old_heap_block_size", "heap_block_size", "mbuf_size", "recent_size",
                                       "stack_size", "old_heap_size", "heap_size", "bin_vheap_size",
                                       "bin_vheap_block_size", "bin_old_vheap_size", "bin_old_vheap_block_size"};
    uint64_t vals[] = {gc_old_heap_size(m), gc_heap_size(m), m->frag_words, (uint64_t)(m->high_water - m->heap),
                       gc_stack_size(m), m->old_heap ? (uint64_t)(m->old_htop - m->old_heap) : 0,
                       (uint64_t)(m->htop - m->heap), m->bin_vheap, m->bin_vheap_sz, m->bin_old_vheap,
                       m->bin_old_vheap_sz};
    heap_t h;
    heap_init(&h);
    term info[11];
    for (size_t i = 0; i < 11; i++)
        info[i] = heap_make_tuple(&h, 2, (term[]){atom_from_cstr(keys[i]), term_from_small((int64_t)vals[i])});
    term args[7] = {p->id, term_from_small((int64_t)m->max_heap_size), term_from_small((int64_t)total_heap_size),
                    m->max_heap_kill ? ATOM_true : ATOM_false, ATOM_true,
                    term_from_small((int64_t)(p->mq_len - p->mq_head)), heap_make_list(&h, info, 11, NIL)};
    send_to_logger(p, logger_message(&h, p,
                                     "     Process:            ~p ~n"
                                     "     Context:            maximum heap size reached~n"
                                     "     Max Heap Size:      ~p~n"
                                     "     Total Heap Size:    ~p~n"
                                     "     Kill:               ~p~n"
                                     "     Error Logger:       ~p~n"
                                     "     Message Queue Len:  ~p~n"
                                     "     GC Info:            ~p~n",
                                     heap_make_list(&h, args, 7, NIL)));
    heap_free(&h);
}

void errlog_str_nogl(proc_t *p, const char *text)
{
    heap_t h;
    heap_init(&h);
    term str = NIL;
    for (size_t i = strlen(text); i-- > 0;) str = heap_make_cons(&h, term_from_small((uint8_t)text[i]), str);
    send_to_logger(p, logger_message_gl(&h, p, "~s~n", heap_make_list(&h, &str, 1, NIL), false));
    heap_free(&h);
}
