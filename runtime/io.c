/*
 * io.c - the I/O thread's loop and its job queue (see io.h).
 */
#include "io.h"

#include "heap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct io_job {
    struct io_job *next;
    io_fn_t fn;
    void *arg;
    bool sync, done;
} io_job_t;

static uv_loop_t io_uv;
static uv_async_t io_wake;
static pthread_once_t io_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t io_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t io_done = PTHREAD_COND_INITIALIZER;
static io_job_t *io_head, *io_tail;
static _Thread_local bool io_self;

static void io_drain(uv_async_t *a)
{
    (void)a;
    for (;;) {
        pthread_mutex_lock(&io_lock);
        io_job_t *j = io_head;
        if (j) {
            io_head = j->next;
            if (!io_head) io_tail = NULL;
        }
        pthread_mutex_unlock(&io_lock);
        if (!j) return;
        j->fn(j->arg);
        if (j->sync) {
            pthread_mutex_lock(&io_lock);
            j->done = true;
            pthread_cond_broadcast(&io_done);
            pthread_mutex_unlock(&io_lock);
        } else {
            free(j);
        }
    }
}

static void *io_thread(void *arg)
{
    (void)arg;
    io_self = true;
    uv_run(&io_uv, UV_RUN_DEFAULT); /* the async handle keeps it running */
    return NULL;
}

/* At exit, before libuv's destructor closes the pipes its SIGCHLD handler
 * uses, the handler goes: a child ending during exit finds no libuv
 * state half torn down. */
static void io_atexit(void) { signal(SIGCHLD, SIG_DFL); }

static void io_start(void)
{
    atexit(io_atexit);
    /* as erl: a write to a closed pipe is an EPIPE error, not the end of
     * the VM (children get default dispositions back from libuv) */
    signal(SIGPIPE, SIG_IGN);
    if (uv_loop_init(&io_uv) || uv_async_init(&io_uv, &io_wake, io_drain)) {
        fprintf(stderr, "laser: cannot start the I/O loop\n");
        exit(1);
    }
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, io_thread, NULL)) {
        fprintf(stderr, "laser: cannot start the I/O thread\n");
        exit(1);
    }
    pthread_attr_destroy(&a);
}

static void io_queue(io_job_t *j)
{
    pthread_once(&io_once, io_start);
    pthread_mutex_lock(&io_lock);
    if (io_tail) io_tail->next = j;
    else io_head = j;
    io_tail = j;
    pthread_mutex_unlock(&io_lock);
    uv_async_send(&io_wake);
}

void io_run(io_fn_t fn, void *arg)
{
    io_job_t *j = calloc(1, sizeof *j);
    if (!j) laser_oom("I/O job", sizeof *j);
    j->fn = fn;
    j->arg = arg;
    io_queue(j);
}

void io_run_sync(io_fn_t fn, void *arg)
{
    if (io_self) {
        fn(arg);
        return;
    }
    io_job_t j = {.fn = fn, .arg = arg, .sync = true};
    io_queue(&j);
    pthread_mutex_lock(&io_lock);
    while (!j.done) pthread_cond_wait(&io_done, &io_lock);
    pthread_mutex_unlock(&io_lock);
}

uv_loop_t *io_loop(void) { return &io_uv; }

bool io_on_thread(void) { return io_self; }
