/*
 * io.h - the I/O thread: one libuv loop that runs every pipe, fd and child
 * process of the ports (port.c), off the scheduler threads.
 *
 * libuv is not thread-safe: only the I/O thread touches the loop and its
 * handles. Other threads hand it jobs (a function and its argument) through
 * a FIFO queue and wake it with a uv_async_t; jobs run in the order they
 * were queued, so a port's writes and its close keep their order. Results
 * travel back as signals (scheduler.h's sig_send), which wake the
 * schedulers. With no job and no I/O the thread sleeps in epoll: an idle
 * VM with open ports uses no CPU.
 */
#ifndef LASER_IO_H
#define LASER_IO_H

#include <stdbool.h>
/* signal.h (included by uv.h) declares a BSD sig_t that scheduler.h's
 * signals would clash with: rename it while uv.h is read */
#define sig_t io_bsd_sig_t
#include <uv.h>
#undef sig_t

typedef void (*io_fn_t)(void *arg);

/* Run fn(arg) on the I/O thread, later (the thread starts at the first
 * call). */
void io_run(io_fn_t fn, void *arg);
/* Run fn(arg) on the I/O thread and wait until it has returned. */
void io_run_sync(io_fn_t fn, void *arg);
/* The loop (for use on the I/O thread only). */
uv_loop_t *io_loop(void);
/* True on the I/O thread. */
bool io_on_thread(void);

#endif
