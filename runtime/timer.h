/*
 * timer.h - time and timers: the VM's monotonic clock, receive ... after
 * timeouts, and the timers of erlang:send_after/start_timer.
 *
 * One timer thread keeps every armed timer in a binary heap ordered by
 * deadline and sleeps on a condition variable (CLOCK_MONOTONIC) until the
 * earliest one; arming an earlier timer signals it. Expired timers are
 * taken out under the timer lock and delivered after it is released (a
 * process lock is never taken under the timer lock). An idle VM thus has
 * every thread asleep: schedulers on the run queue's condition, the timer
 * thread on its own.
 */
#ifndef LASER_TIMER_H
#define LASER_TIMER_H

#include "proc.h"

void timer_init(void);

/* Nanoseconds of the monotonic clock (erlang:monotonic_time(native)). */
int64_t timer_now_ns(void);
/* Nanoseconds since the epoch (erlang:system_time(native)). */
int64_t timer_system_ns(void);

/* receive ... after: arm p's receive timer (p runs); when it expires the
 * process gets timed_out = 1 and is woken. */
void timer_start_recv(proc_t *p, int64_t ms);
/* Disarm and drop p's receive timer (p runs or exits). */
void timer_cancel_recv(proc_t *p);

/* send_after/start_timer: deliver msg (copied now) to dest (a pid or a
 * registered name) after ms; with `wrap`, as {timeout, Ref, Msg}. The
 * timer's reference (built on h). */
term timer_bif_start(heap_t *h, term dest, term msg, int64_t deadline_ns, bool wrap);
/* Cancel / read a BIF timer: milliseconds left, or -1 if there is no such
 * timer (expired, cancelled or never made). */
int64_t timer_bif_cancel(term ref);
int64_t timer_bif_read(term ref);

#endif
