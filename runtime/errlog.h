/*
 * errlog.h - the VM's own error reports, sent as erts sends them to the
 * system logger (OTP 25's erts_send_error_term_to_logger): a message
 *
 *   {log, error, Format, Args, #{error_logger => #{emulator => true, tag => error},
 *                                gl => GroupLeader, pid => Pid, time => SystemTimeUs}}
 *
 * to the system logger: the process registered as `logger` (the default),
 * a pid set with erlang:system_flag(system_logger, Pid), or nobody
 * (`undefined`: reports are dropped). When the logger named is not there,
 * erts prints "(no logger present) unexpected logger message: " and the
 * message in display form on stderr; so does Laser.
 */
#ifndef LASER_ERRLOG_H
#define LASER_ERRLOG_H

#include "proc.h"

/* p dies of an uncaught error or throw with exit reason `reason` (already
 * {R, Stacktrace} / {{nocatch, V}, Stacktrace}): "Error in process ~p with
 * exit value:~n~p~n" with [Pid, Reason]. Uses p's BIF window. */
void errlog_process_crash(proc_t *p, term reason);

/* p went over its max_heap_size with error_logger set (erl_gc.c's
 * reached_max_heap_size report, GC Info as process_info's
 * garbage_collection_info). Does not touch p's heap. */
void errlog_max_heap(proc_t *p, size_t total_heap_size);

/* erts_send_error_to_logger_str_nogl: {log, error, "~s~n", [Text], Meta}
 * with no gl in Meta, sent by p (port.c: "Bad value on output port"). */
void errlog_str_nogl(proc_t *p, const char *text);

/* The system logger: the atom logger, the atom undefined or a local pid. */
term errlog_system_logger(void);
/* Set it; returns the old value, or THE_NON_VALUE (badarg) if `logger` is
 * none of those. */
term errlog_set_system_logger(term logger);

#endif
