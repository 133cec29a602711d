/* timer.c - the timer thread and its heap of timers (see timer.h). */
#include "timer.h"

#include "atom.h"
#include "copy.h"
#include "scheduler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct tmr {
    int64_t deadline;  /* monotonic ns */
    uint32_t idx;      /* position in the heap, UINT32_MAX if not there */
    uint32_t refc;     /* receive timers: heap + process (under tmr_lock) */
    bool recv;         /* a receive timeout, else a BIF timer */
    term pid;          /* receive: the process; BIF: the destination */
    uint32_t ref[3];   /* BIF timers: the reference */
    gc_frag_t *frag;   /* BIF timers: the message */
    term msg;
    struct tmr *hnext; /* BIF timers: hash chain */
} tmr_t;

static pthread_mutex_t tmr_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tmr_cond;
static tmr_t **heap;
static uint32_t heap_n, heap_cap;
#define HASH_SIZE 4096
static tmr_t *hash[HASH_SIZE];
static pthread_once_t tmr_once = PTHREAD_ONCE_INIT;

int64_t timer_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t timer_system_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- the heap (under tmr_lock) ---- */
static void hswap(uint32_t a, uint32_t b)
{
    tmr_t *t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
    heap[a]->idx = a;
    heap[b]->idx = b;
}

static void hup(uint32_t i)
{
    while (i && heap[(i - 1) / 2]->deadline > heap[i]->deadline) {
        hswap(i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static void hdown(uint32_t i)
{
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < heap_n && heap[l]->deadline < heap[m]->deadline) m = l;
        if (r < heap_n && heap[r]->deadline < heap[m]->deadline) m = r;
        if (m == i) return;
        hswap(i, m);
        i = m;
    }
}

static void hinsert(tmr_t *t)
{
    if (heap_n == heap_cap) {
        heap_cap = heap_cap ? heap_cap * 2 : 64;
        heap = realloc(heap, heap_cap * sizeof *heap);
        if (!heap) laser_oom("timer heap", heap_cap * sizeof *heap);
    }
    t->idx = heap_n;
    heap[heap_n++] = t;
    hup(t->idx);
    if (t->idx == 0) pthread_cond_signal(&tmr_cond);
}

static void hremove(tmr_t *t)
{
    uint32_t i = t->idx;
    if (i == UINT32_MAX) return;
    heap_n--;
    if (i != heap_n) {
        heap[i] = heap[heap_n];
        heap[i]->idx = i;
        hdown(i);
        hup(i);
    }
    t->idx = UINT32_MAX;
}

/* ---- BIF timers by reference ---- */
static uint32_t hkey(const uint32_t ref[3]) { return (ref[0] * 2654435761u ^ ref[1] * 40503u ^ ref[2]) % HASH_SIZE; }

static tmr_t **hfind(const uint32_t ref[3])
{
    tmr_t **pp = &hash[hkey(ref)];
    while (*pp && memcmp((*pp)->ref, ref, sizeof (*pp)->ref)) pp = &(*pp)->hnext;
    return pp;
}

static void tmr_free(tmr_t *t)
{
    if (t->frag) gc_frag_free(t->frag);
    free(t);
}

static void deliver(tmr_t *t)
{
    if (t->recv) {
        proc_t *p = sched_get(t->pid);
        if (p) {
            sched_wake_timeout(p, t);
            proc_unref(p);
        }
        pthread_mutex_lock(&tmr_lock);
        bool last = --t->refc == 0;
        pthread_mutex_unlock(&tmr_lock);
        if (last) tmr_free(t);
        return;
    }
    term to = term_is_atom(t->pid) ? reg_whereis(t->pid) : t->pid;
    if (term_is_pid(to)) {
        sig_t *s = calloc(1, sizeof *s);
        if (!s) laser_oom("signal", sizeof *s);
        s->kind = SIG_MSG;
        s->from = NIL;
        s->msg = t->msg;
        s->frag = t->frag;
        t->frag = NULL;
        sig_send(to, s);
    }
    tmr_free(t);
}

static void *timer_thread(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&tmr_lock);
    for (;;) {
        if (!heap_n) {
            pthread_cond_wait(&tmr_cond, &tmr_lock);
            continue;
        }
        int64_t now = timer_now_ns();
        if (heap[0]->deadline > now) {
            struct timespec ts = {(time_t)(heap[0]->deadline / 1000000000), (long)(heap[0]->deadline % 1000000000)};
            pthread_cond_timedwait(&tmr_cond, &tmr_lock, &ts);
            continue;
        }
        tmr_t *due = NULL;
        while (heap_n && heap[0]->deadline <= now) {
            tmr_t *t = heap[0];
            hremove(t);
            if (!t->recv) {
                tmr_t **pp = hfind(t->ref);
                if (*pp == t) *pp = t->hnext;
            }
            t->hnext = due;
            due = t;
        }
        pthread_mutex_unlock(&tmr_lock);
        /* oldest deadline first: reverse the list */
        tmr_t *rev = NULL;
        while (due) {
            tmr_t *n = due->hnext;
            due->hnext = rev;
            rev = due;
            due = n;
        }
        while (rev) {
            tmr_t *n = rev->hnext;
            deliver(rev);
            rev = n;
        }
        pthread_mutex_lock(&tmr_lock);
    }
    return NULL;
}

static void do_init(void)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&tmr_cond, &ca);
    pthread_condattr_destroy(&ca);
    sched_thread_start(timer_thread, NULL, "the timer thread");
}

void timer_init(void) { pthread_once(&tmr_once, do_init); }

static int64_t deadline_after(int64_t ms)
{
    int64_t now = timer_now_ns();
    if (ms > (INT64_MAX - now) / 1000000) return INT64_MAX;
    return now + ms * 1000000;
}

void timer_start_recv(proc_t *p, int64_t ms)
{
    timer_init();
    tmr_t *t = calloc(1, sizeof *t);
    if (!t) laser_oom("timer", sizeof *t);
    t->recv = true;
    t->pid = p->id;
    t->refc = 2;
    t->deadline = deadline_after(ms);
    pthread_mutex_lock(&p->lock);
    p->rtimer = t;
    atomic_store(&p->timed_out, 0);
    pthread_mutex_unlock(&p->lock);
    p->flags |= PF_TIMER;
    pthread_mutex_lock(&tmr_lock);
    hinsert(t);
    pthread_mutex_unlock(&tmr_lock);
}

void timer_cancel_recv(proc_t *p)
{
    pthread_mutex_lock(&p->lock);
    tmr_t *t = p->rtimer;
    p->rtimer = NULL;
    atomic_store(&p->timed_out, 0);
    pthread_mutex_unlock(&p->lock);
    p->flags &= ~PF_TIMER;
    if (!t) return;
    pthread_mutex_lock(&tmr_lock);
    if (t->idx != UINT32_MAX) {
        hremove(t);
        t->refc--;
    }
    bool last = --t->refc == 0;
    pthread_mutex_unlock(&tmr_lock);
    if (last) tmr_free(t);
}

term timer_bif_start(heap_t *h, term dest, term msg, int64_t deadline_ns, bool wrap)
{
    timer_init();
    tmr_t *t = calloc(1, sizeof *t);
    if (!t) laser_oom("timer", sizeof *t);
    t->pid = dest;
    t->deadline = deadline_ns;
    sched_ref_numbers(t->ref);
    term ref = sched_make_ref(h, t->ref);
    if (wrap || !term_is_immed(msg)) {
        size_t n = copy_size(msg);
        t->frag = sched_frag(n + (wrap ? 3 + 4 : 0));
        heap_t *fh = &t->frag->heap;
        if (wrap) {
            term el[3] = {ATOM(timeout), sched_make_ref(fh, t->ref), copy_term(fh, msg)};
            t->msg = heap_make_tuple(fh, 3, el);
        } else {
            t->msg = copy_term(fh, msg);
        }
    } else {
        t->msg = msg;
    }
    pthread_mutex_lock(&tmr_lock);
    tmr_t **pp = &hash[hkey(t->ref)];
    t->hnext = *pp;
    *pp = t;
    hinsert(t);
    pthread_mutex_unlock(&tmr_lock);
    return ref;
}

static int64_t left_ms(const tmr_t *t)
{
    int64_t left = t->deadline - timer_now_ns();
    if (left <= 0) return 0;
    return (left + 999999) / 1000000;
}

int64_t timer_bif_cancel(term ref)
{
    if (!term_is_local_ref(ref)) return -1;
    const uint32_t *r = term_ref_numbers(ref);
    pthread_mutex_lock(&tmr_lock);
    tmr_t **pp = hfind(r), *t = *pp;
    if (!t) {
        pthread_mutex_unlock(&tmr_lock);
        return -1;
    }
    *pp = t->hnext;
    hremove(t);
    pthread_mutex_unlock(&tmr_lock);
    int64_t ms = left_ms(t);
    tmr_free(t);
    return ms;
}

int64_t timer_bif_read(term ref)
{
    if (!term_is_local_ref(ref)) return -1;
    pthread_mutex_lock(&tmr_lock);
    tmr_t *t = *hfind(term_ref_numbers(ref));
    int64_t ms = t ? left_ms(t) : -1;
    pthread_mutex_unlock(&tmr_lock);
    return ms;
}
