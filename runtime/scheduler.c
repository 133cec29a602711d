/*
 * scheduler.c - the process table, the name registry, signals, process exit,
 * run queues and the scheduler threads (see scheduler.h for the signal and
 * state protocol).
 *
 * Locks, in the order they may nest: the registry lock, a process's lock,
 * the run queue lock; the table lock is taken alone. The timer service
 * (timer.c) never holds its lock while taking a process's.
 */
#include "dist.h"
#include "node.h"
#include "scheduler.h"
#include "res.h"

#include "atom.h"
#include "bif/erlang_sysflag.h"
#include "bif/erlang_vm.h"
#include "copy.h"
#include "errlog.h"
#include "port.h"
#include "ets.h"
#include "timer.h"
#include "trace.h"
#include "vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

unsigned sched_nthreads = 1;
sched_boot_hook_t sched_boot_hook;

/* ---------------------------------------------------------------------
 * The process table: slot = pid number; a slot's serial grows each time
 * it is reused, so an old pid never names a new process. Numbers are
 * handed out round-robin from a cursor, as OTP's ptab does.
 * ------------------------------------------------------------------- */
static pthread_mutex_t ptab_lock = PTHREAD_MUTEX_INITIALIZER;
static proc_t **ptab;
static uint32_t *ptab_serial;
static uint32_t ptab_cap, ptab_next, ptab_used;

static void runqs_init(void);

void sched_init(unsigned nsched, uint32_t max_procs)
{
    if (ptab) return;
    if (max_procs < 1024) max_procs = 1024;
    if (max_procs > (1u << PID_NUMBER_BITS)) max_procs = 1u << PID_NUMBER_BITS;
    ptab_cap = max_procs;
    ptab = calloc(ptab_cap, sizeof *ptab);
    ptab_serial = calloc(ptab_cap, sizeof *ptab_serial);
    if (!ptab || !ptab_serial) laser_oom("process table", (size_t)ptab_cap * 12);
    /* number 1 is the interim I/O server's pid (vm_io.c) */
    ptab_next = 0;
    sched_nthreads = nsched ? nsched : 1;
    atomic_store(&sched_online, sched_nthreads);
    runqs_init();
    timer_init();
}

proc_t *sched_new_proc(size_t min_heap_size)
{
    proc_t *p = proc_new(NIL, min_heap_size);
    /* held until sched_start: process_info must not read it half made
     * (taken before the table lock, the order every other path uses) */
    pthread_mutex_lock(&p->run_lock);
    pthread_mutex_lock(&ptab_lock);
    if (ptab_used + 2 > ptab_cap) {
        pthread_mutex_unlock(&ptab_lock);
        pthread_mutex_unlock(&p->run_lock);
        proc_free(p);
        return NULL;
    }
    uint32_t n = ptab_next;
    while (ptab[n] || n == 1) n = (n + 1) % ptab_cap;
    ptab_next = (n + 1) % ptab_cap;
    p->id = p->group_leader = term_make_pid(n, ptab_serial[n]);
    ptab[n] = p;
    ptab_used++;
    pthread_mutex_unlock(&ptab_lock);
    proc_publish_memory(p);
    return p;
}

proc_t *sched_get(term pid)
{
    if (!term_is_local_pid(pid)) return NULL;
    uint32_t n = pid_number(pid);
    if (n >= ptab_cap) return NULL;
    pthread_mutex_lock(&ptab_lock);
    proc_t *p = ptab[n];
    if (p && p->id == pid) atomic_fetch_add(&p->refc, 1);
    else p = NULL;
    pthread_mutex_unlock(&ptab_lock);
    return p;
}

void proc_unref(proc_t *p)
{
    if (atomic_fetch_sub(&p->refc, 1) == 1) proc_free(p);
}

static void ptab_remove(proc_t *p)
{
    uint32_t n = pid_number(p->id);
    pthread_mutex_lock(&ptab_lock);
    if (ptab[n] == p) {
        ptab[n] = NULL;
        ptab_serial[n] = (ptab_serial[n] + 1) & ((1u << 28) - 1);
        ptab_used--;
    }
    pthread_mutex_unlock(&ptab_lock);
}

bool sched_alive(term pid)
{
    proc_t *p = sched_get(pid);
    if (!p) return false;
    bool alive = atomic_load(&p->state) != PS_EXITING;
    proc_unref(p);
    return alive;
}

void sched_memory(size_t *bytes, size_t *used)
{
    size_t b = 0, u = 0;
    pthread_mutex_lock(&ptab_lock);
    for (uint32_t n = 0, k = 0; n < ptab_cap && k < ptab_used; n++)
        if (ptab[n]) {
            k++;
            b += atomic_load_explicit(&ptab[n]->mem_bytes, memory_order_relaxed);
            u += atomic_load_explicit(&ptab[n]->mem_used, memory_order_relaxed);
        }
    pthread_mutex_unlock(&ptab_lock);
    *bytes = b, *used = u;
}

uint32_t sched_count(void)
{
    pthread_mutex_lock(&ptab_lock);
    uint32_t n = ptab_used;
    pthread_mutex_unlock(&ptab_lock);
    return n;
}

term sched_processes(heap_t *h)
{
    pthread_mutex_lock(&ptab_lock);
    term *pids = malloc((ptab_used + 1) * sizeof(term));
    if (!pids) laser_oom("processes/0", (ptab_used + 1) * sizeof(term));
    size_t k = 0;
    for (uint32_t n = 0; n < ptab_cap && k < ptab_used; n++)
        if (ptab[n] && atomic_load(&ptab[n]->state) != PS_EXITING) pids[k++] = ptab[n]->id;
    pthread_mutex_unlock(&ptab_lock);
    term l = heap_make_list(h, pids, k, NIL);
    free(pids);
    return l;
}

/* ---------------------------------------------------------------------
 * Registry: a small open hash of name -> process, under one lock.
 * ------------------------------------------------------------------- */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
typedef struct {
    term name, pid;
} reg_ent_t;
static reg_ent_t *reg_tab;
static size_t reg_cap, reg_n;

static size_t reg_find(term name)
{
    size_t i = (size_t)(name >> 6) * 0x9E3779B97F4A7C15ull % reg_cap;
    while (reg_tab[i].name && reg_tab[i].name != name) i = (i + 1) % reg_cap;
    return i;
}

static void reg_grow(void)
{
    reg_ent_t *old = reg_tab;
    size_t oc = reg_cap;
    reg_cap = reg_cap ? reg_cap * 2 : 64;
    reg_tab = calloc(reg_cap, sizeof *reg_tab);
    if (!reg_tab) laser_oom("registry", reg_cap * sizeof *reg_tab);
    for (size_t i = 0; i < oc; i++)
        if (old[i].name) reg_tab[reg_find(old[i].name)] = old[i];
    free(old);
}

static void reg_del_at(size_t i)
{
    /* backward-shift deletion keeps probe chains intact */
    reg_tab[i].name = 0;
    reg_n--;
    for (size_t j = (i + 1) % reg_cap; reg_tab[j].name; j = (j + 1) % reg_cap) {
        reg_ent_t e = reg_tab[j];
        reg_tab[j].name = 0;
        reg_tab[reg_find(e.name)] = e;
    }
}

int reg_register(term name, term pid)
{
    bool port = term_is_local_port(pid);
    proc_t *p = port ? NULL : sched_get(pid);
    if (!port && !p) return -2;
    pthread_mutex_lock(&reg_lock);
    /* a port keeps its name in the port (port.c), under this lock too */
    term *slot = port ? port_name_slot(pid) : atomic_load(&p->state) == PS_EXITING ? NULL : &p->reg_name;
    int rc = 0;
    if (!slot) rc = -2;
    else if (*slot != NIL) rc = -1;
    else {
        if (2 * (reg_n + 1) > reg_cap) reg_grow();
        size_t i = reg_find(name);
        if (reg_tab[i].name) rc = -3;
        else {
            reg_tab[i].name = name;
            reg_tab[i].pid = pid;
            reg_n++;
            *slot = name;
        }
    }
    pthread_mutex_unlock(&reg_lock);
    if (p) {
        if (rc == 0 && trace_on(p, TF_PROCS)) trace_proc(p, atom_from_cstr("register"), name);
        proc_unref(p);
    }
    return rc;
}

/* Under reg_lock. */
static bool reg_unregister_locked(term name)
{
    if (!reg_cap) return false;
    size_t i = reg_find(name);
    if (!reg_tab[i].name) return false;
    proc_t *p = sched_get(reg_tab[i].pid);
    term *slot = term_is_local_port(reg_tab[i].pid) ? port_name_slot(reg_tab[i].pid) : NULL;
    if (slot) *slot = NIL;
    if (p) {
        p->reg_name = NIL;
        proc_unref(p);
    }
    reg_del_at(i);
    return true;
}

bool reg_unregister(term name)
{
    pthread_mutex_lock(&reg_lock);
    term pid = reg_cap && reg_tab[reg_find(name)].name ? reg_tab[reg_find(name)].pid : NIL;
    bool r = reg_unregister_locked(name);
    pthread_mutex_unlock(&reg_lock);
    proc_t *p = r && term_is_local_pid(pid) ? sched_get(pid) : NULL;
    if (p) {
        if (trace_on(p, TF_PROCS)) trace_proc(p, atom_from_cstr("unregister"), name);
        proc_unref(p);
    }
    return r;
}

void reg_unregister_slot(term *slot, term id)
{
    pthread_mutex_lock(&reg_lock);
    if (*slot != NIL && reg_cap) {
        size_t i = reg_find(*slot);
        if (reg_tab[i].name && reg_tab[i].pid == id) reg_del_at(i);
    }
    *slot = NIL;
    pthread_mutex_unlock(&reg_lock);
}

term reg_slot_read(const term *slot)
{
    pthread_mutex_lock(&reg_lock);
    term n = *slot;
    pthread_mutex_unlock(&reg_lock);
    return n;
}

term reg_whereis(term name)
{
    term r = ATOM(undefined);
    pthread_mutex_lock(&reg_lock);
    if (reg_cap) {
        size_t i = reg_find(name);
        if (reg_tab[i].name) r = reg_tab[i].pid;
    }
    pthread_mutex_unlock(&reg_lock);
    return r;
}

term reg_name_of(proc_t *p)
{
    pthread_mutex_lock(&reg_lock);
    term n = p->reg_name;
    pthread_mutex_unlock(&reg_lock);
    return n;
}

term reg_names(heap_t *h)
{
    term l = NIL;
    pthread_mutex_lock(&reg_lock);
    for (size_t i = 0; i < reg_cap; i++)
        if (reg_tab[i].name) l = heap_make_cons(h, reg_tab[i].name, l);
    pthread_mutex_unlock(&reg_lock);
    return l;
}

/* ---------------------------------------------------------------------
 * References (make_ref's numbers: OTP's three 32-bit words, laid out as
 * erl_bif_unique.h's erts_set_ref_numbers). A 64-bit counter, seeded from
 * the time of day as OTP's init_reference, is split as
 *   ref[0] = value bits 0..17, ref[1] = value bits 18..31 | thread id,
 *   ref[2] = value bits 32..63,
 * where the thread id (the low 16 bits of the middle number in
 * ref_to_list, OTP's scheduler number) is what list_to_ref checks against
 * the scheduler count; laser's refs all carry 1 (the scheduler issue may
 * put each thread's number there). The seed keeps bit 63 clear, so no
 * ordinary ref sets bit 31 of ref[2], which marks zlib's stream handles.
 * ------------------------------------------------------------------- */
#define REF_THR_ID 1u
static _Atomic uint64_t ref_counter; /* 0 until seeded */

static uint64_t ref_seed(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    uint64_t v = (uint64_t)tv.tv_sec | (uint64_t)tv.tv_usec << 32;
    v = v * 268438039u + (uint64_t)tv.tv_usec;
    return (v & ~((uint64_t)1 << 63)) | 1;
}

void sched_ref_numbers(uint32_t ref[3])
{
    if (!atomic_load_explicit(&ref_counter, memory_order_relaxed)) {
        uint64_t zero = 0;
        atomic_compare_exchange_strong(&ref_counter, &zero, ref_seed());
    }
    uint64_t n = atomic_fetch_add(&ref_counter, 1);
    ref[0] = (uint32_t)(n & 0x3FFFF);
    ref[1] = ((uint32_t)n & 0xFFFC0000u) | REF_THR_ID;
    ref[2] = (uint32_t)(n >> 32);
}

term sched_make_ref(heap_t *h, const uint32_t ref[3])
{
    term *r = heap_alloc(h, 3);
    r[0] = hdr_make(2, HDR_REF);
    r[1] = r[2] = 0;
    memcpy(r + 1, ref, 3 * sizeof(uint32_t));
    return term_from_boxed_ptr(r);
}

/* ---------------------------------------------------------------------
 * Links and monitors: small arrays in the process, changed only by the
 * process itself (or its scheduler while it does not run).
 * ------------------------------------------------------------------- */
bool proc_has_link(const proc_t *p, term pid)
{
    for (uint32_t i = 0; i < p->nlinks; i++)
        if (p->links[i] == pid) return true;
    return false;
}

void proc_add_link(proc_t *p, term pid)
{
    if (proc_has_link(p, pid)) return;
    if (p->nlinks == p->links_cap) {
        p->links_cap = p->links_cap ? p->links_cap * 2 : 4;
        p->links = realloc(p->links, p->links_cap * sizeof(term));
        if (!p->links) laser_oom("links", p->links_cap * sizeof(term));
    }
    p->links[p->nlinks++] = pid;
}

bool proc_del_link(proc_t *p, term pid)
{
    for (uint32_t i = 0; i < p->nlinks; i++)
        if (p->links[i] == pid) {
            /* keep the order links were made in (process_info(links)) */
            memmove(p->links + i, p->links + i + 1, (p->nlinks - i - 1) * sizeof(term));
            p->nlinks--;
            return true;
        }
    return false;
}

void proc_mon_add(proc_mon_t **v, uint32_t *n, uint32_t *cap, const proc_mon_t *m)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        *v = realloc(*v, *cap * sizeof **v);
        if (!*v) laser_oom("monitors", *cap * sizeof **v);
    }
    (*v)[(*n)++] = *m;
}

bool proc_mon_del(proc_mon_t *v, uint32_t *n, const uint32_t ref[3], proc_mon_t *out)
{
    for (uint32_t i = 0; i < *n; i++)
        if (!memcmp(v[i].ref, ref, sizeof v[i].ref)) {
            if (out) *out = v[i];
            memmove(v + i, v + i + 1, (*n - i - 1) * sizeof *v);
            (*n)--;
            return true;
        }
    return false;
}

/* ---------------------------------------------------------------------
 * Run queues: one per scheduler thread, each with a list per priority;
 * normal and low share OTP's rule (a low process runs when normal ones
 * have been picked 8 times in a row, or when no normal one waits). A
 * process is queued on the queue of the scheduler thread that makes it
 * runnable (the sender of the message that wakes it: the two then share a
 * cache), or, from another thread (timers), on the queue it last ran on.
 * A scheduler whose queue is empty steals the oldest process of another
 * queue; with nothing anywhere it sleeps on sleep_cond. No lost wakeup:
 * a sleeper counts itself in `sleepers` before it looks at every queue's
 * length one last time, a pusher adds to a length before it reads
 * `sleepers` (both sequentially consistent), and the signal is sent under
 * sleep_lock, which the sleeper holds until it waits.
 * ------------------------------------------------------------------- */
typedef struct runq {
    pthread_mutex_t lock;
    struct {
        proc_t *head, *tail;
    } q[PRIO__COUNT];
    _Atomic uint32_t len;
    uint32_t low_skips;
    _Atomic uint32_t running; /* a process in run_one (active_tasks) */
    sched_tstat_t st;
} runq_t;

static runq_t *runqs;
static _Thread_local int my_runq = -1; /* the scheduler thread's queue */
static _Thread_local sched_tstat_t *my_tstat; /* the thread's counters, if a scheduler's */
static int64_t sched_t0; /* timer_now_ns at runqs_init: idle time counts from there */

/* The calling scheduler thread is idle from now until stat_wake. */
static void stat_sleep(void)
{
    if (my_tstat) atomic_store_explicit(&my_tstat->idle_since, timer_now_ns(), memory_order_relaxed);
}

static void stat_wake(void)
{
    if (!my_tstat) return;
    int64_t since = atomic_exchange_explicit(&my_tstat->idle_since, 0, memory_order_relaxed);
    if (since) atomic_fetch_add_explicit(&my_tstat->idle_ns, timer_now_ns() - since, memory_order_relaxed);
}
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sleep_cond = PTHREAD_COND_INITIALIZER;
static _Atomic uint32_t sleepers;

static void runqs_init(void)
{
    runqs = calloc(sched_nthreads, sizeof *runqs);
    if (!runqs) laser_oom("run queues", sched_nthreads * sizeof *runqs);
    for (unsigned i = 0; i < sched_nthreads; i++) pthread_mutex_init(&runqs[i].lock, NULL);
    sched_t0 = timer_now_ns();
}

size_t sched_table_memory(void) { return (size_t)ptab_cap * (sizeof *ptab + sizeof *ptab_serial) + sched_nthreads * sizeof(runq_t); }

/* Under p->lock. */
/* lazy: this scheduler thread will pop p soon (p is the process it just
 * ran, or one that the process it runs woke with a message): alone in the
 * queue, it wakes no sleeper. A compute-bound process would otherwise wake
 * the idle threads at every slice, and a message ring would bounce its
 * token between threads, a futex wake and a steal per hop (OTP too only
 * wakes the scheduler owning the queue). A second process queued wakes
 * one, and so does p's next slice if the running one yields first. Not
 * when this thread is going offline: then another must steal p. */
static void rq_push_as(proc_t *p, bool lazy)
{
    unsigned i = my_runq >= 0 ? (unsigned)my_runq : atomic_load_explicit(&p->runq, memory_order_relaxed);
    runq_t *r = &runqs[i < sched_nthreads ? i : 0];
    pthread_mutex_lock(&r->lock);
    unsigned q = p->prio;
    p->rq_next = NULL;
    if (r->q[q].tail) r->q[q].tail->rq_next = p;
    else r->q[q].head = p;
    r->q[q].tail = p;
    uint32_t before = atomic_fetch_add(&r->len, 1);
    pthread_mutex_unlock(&r->lock);
    if (lazy && my_runq >= 0 && !before && (unsigned)my_runq < atomic_load(&sched_online)) return;
    if (atomic_load(&sleepers)) {
        pthread_mutex_lock(&sleep_lock);
        pthread_cond_signal(&sleep_cond);
        pthread_mutex_unlock(&sleep_lock);
    }
}

static void rq_push(proc_t *p) { rq_push_as(p, false); }

static proc_t *rq_take(runq_t *r, unsigned q)
{
    proc_t *p = r->q[q].head;
    r->q[q].head = p->rq_next;
    if (!r->q[q].head) r->q[q].tail = NULL;
    atomic_fetch_sub(&r->len, 1);
    return p;
}

/* The next process of queue r by priority, or NULL. */
static proc_t *rq_next_of(runq_t *r)
{
    if (!atomic_load(&r->len)) return NULL;
    pthread_mutex_lock(&r->lock);
    proc_t *p = NULL;
    if (r->q[PRIO_MAX].head) p = rq_take(r, PRIO_MAX);
    else if (r->q[PRIO_HIGH].head) p = rq_take(r, PRIO_HIGH);
    else if (r->q[PRIO_LOW].head && (!r->q[PRIO_NORMAL].head || ++r->low_skips >= 8)) {
        r->low_skips = 0;
        p = rq_take(r, PRIO_LOW);
    } else if (r->q[PRIO_NORMAL].head) p = rq_take(r, PRIO_NORMAL);
    pthread_mutex_unlock(&r->lock);
    return p;
}

_Atomic unsigned sched_online = 1;
static pthread_cond_t offline_cond = PTHREAD_COND_INITIALIZER;

void sched_set_online(unsigned n)
{
    atomic_store(&sched_online, n);
    pthread_mutex_lock(&sleep_lock);
    pthread_cond_broadcast(&offline_cond);
    pthread_cond_broadcast(&sleep_cond);
    pthread_mutex_unlock(&sleep_lock);
}

static proc_t *rq_pop(unsigned me)
{
    for (;;) {
        if (me >= atomic_load(&sched_online)) {
            /* offline: the others steal what is in this queue; not a
             * sleeper (rq_push's signal must reach an online thread) */
            stat_sleep();
            pthread_mutex_lock(&sleep_lock);
            while (me >= atomic_load(&sched_online)) pthread_cond_wait(&offline_cond, &sleep_lock);
            pthread_mutex_unlock(&sleep_lock);
            stat_wake();
        }
        proc_t *p = rq_next_of(&runqs[me]);
        if (p) return p;
        for (unsigned k = 1; k < sched_nthreads; k++) /* steal */
            if ((p = rq_next_of(&runqs[(me + k) % sched_nthreads]))) return p;
        pthread_mutex_lock(&sleep_lock);
        atomic_fetch_add(&sleepers, 1);
        bool work = false;
        for (unsigned k = 0; k < sched_nthreads && !work; k++) work = atomic_load(&runqs[k].len) != 0;
        if (!work) {
            stat_sleep();
            pthread_cond_wait(&sleep_cond, &sleep_lock);
        }
        atomic_fetch_sub(&sleepers, 1);
        pthread_mutex_unlock(&sleep_lock);
        stat_wake();
    }
}

static void runnable_locked(proc_t *p);

void sched_start(proc_t *p)
{
    if (atomic_load(&p->state) == PS_NEW) pthread_mutex_unlock(&p->run_lock);
    pthread_mutex_lock(&p->lock);
    runnable_locked(p);
    pthread_mutex_unlock(&p->lock);
}

/* Under p->lock: p has work; queue it unless suspended (then the last
 * resume queues it). lazy: see rq_push_as. */
static void runnable_as(proc_t *p, bool lazy)
{
    if (p->suspended) {
        atomic_store(&p->state, PS_SUSPENDED);
    } else {
        atomic_store(&p->state, PS_RUNQ);
        rq_push_as(p, lazy);
    }
}

static void runnable_locked(proc_t *p) { runnable_as(p, false); }

/* Under p->lock: make a waiting process runnable (lazy: rq_push_as). */
static void wake_locked_as(proc_t *p, bool lazy)
{
    if (atomic_load(&p->state) == PS_WAITING && !p->suspended) {
        atomic_store(&p->state, PS_RUNQ);
        rq_push_as(p, lazy);
    }
}

static void wake_locked(proc_t *p) { wake_locked_as(p, false); }

void sched_wake_timeout(proc_t *p, const struct tmr *t)
{
    pthread_mutex_lock(&p->lock);
    if (p->rtimer == t && atomic_load(&p->state) != PS_EXITING) {
        atomic_store(&p->timed_out, 1);
        wake_locked(p);
    }
    pthread_mutex_unlock(&p->lock);
}

/* ---------------------------------------------------------------------
 * Signals.
 * ------------------------------------------------------------------- */
gc_frag_t *sched_frag(size_t words) { return gc_frag_new_sized(words, 0, NULL); }

sig_t *sig_alloc(sig_kind_t kind, term from, size_t words)
{
    sig_t *s;
    gc_frag_t *f = NULL;
    if (words) {
        void *x;
        f = gc_frag_new_sized(words, sizeof *s, &x);
        s = x;
    } else {
        s = malloc(sizeof *s);
        if (!s) laser_oom("signal", sizeof *s);
    }
    s->next = NULL;
    s->kind = kind;
    s->from = from;
    s->msg = NIL;
    s->ref[0] = s->ref[1] = s->ref[2] = 0;
    s->inl = f != NULL;
    s->frag = f;
    return s;
}

/* sig_new of msg, whose copy_size is n (0 if immediate). */
static sig_t *sig_new_n(sig_kind_t kind, term from, term msg, size_t n)
{
    sig_t *s = sig_alloc(kind, from, n);
    s->msg = n ? copy_term_n(&s->frag->heap, msg, n) : msg;
    return s;
}

sig_t *sig_new(sig_kind_t kind, term from, term msg)
{
    return sig_new_n(kind, from, msg, term_is_immed(msg) ? 0 : copy_size(msg));
}

void sig_free(sig_t *s)
{
    gc_frag_t *f = s->frag;
    if (!s->inl) free(s);
    if (f) gc_frag_free(f); /* s too if it lives there */
}

static term down_msg(heap_t *h, const uint32_t ref[3], term item, term reason)
{
    term el[5] = {ATOM(DOWN), sched_make_ref(h, ref), ATOM(process), item, reason};
    return heap_make_tuple(h, 5, el);
}

/* The 'DOWN' signal for monitor ref on item, with reason (copied). */
static sig_t *down_sig(term from, const uint32_t ref[3], term item, term reason)
{
    size_t ni = copy_size(item), nr = copy_size(reason);
    sig_t *s = sig_alloc(SIG_DOWN, from, 3 + 6 + ni + nr);
    memcpy(s->ref, ref, sizeof s->ref);
    heap_t *h = &s->frag->heap;
    s->msg = down_msg(h, ref, copy_term_n(h, item, ni), copy_term_n(h, reason, nr));
    return s;
}

void sched_send_down(term watcher, const uint32_t ref[3], term item, term reason)
{
    sig_send(watcher, down_sig(NIL, ref, item, reason));
}

void sched_monitor_dead(proc_t *p, const uint32_t ref[3], term item)
{
    sig_send(p->id, down_sig(p->id, ref, item, ATOM(noproc)));
}

/* What a dead (or never existing) process answers. */
static void susp_reply(term target, sig_t *s, bool exited);
static void gc_reply(term target, sig_t *s, bool done);

static void sig_dead(term to, sig_t *s)
{
    if (s->kind == SIG_SUSPEND) {
        susp_reply(to, s, true);
        return;
    }
    if (s->kind == SIG_GC) {
        gc_reply(to, s, false);
        return;
    }
    if (s->kind == SIG_LINK && term_is_pid(s->from)) {
        sig_send(s->from, sig_new(SIG_EXIT_LINKED, to, ATOM(noproc)));
    } else if (s->kind == SIG_MONITOR && term_is_pid(s->from)) {
        term item = s->msg == NIL ? to : s->msg;
        sig_send(s->from, down_sig(to, s->ref, item, ATOM(noproc)));
    }
    sig_free(s);
}

static bool sig_post_to(proc_t *p, term to, sig_t *s);

/* sig_send; false if to was no live process (s went to sig_dead). */
static bool sig_post(term to, sig_t *s)
{
    if (term_is_local_port(to)) {
        port_sig(to, s);
        return true;
    }
    if (!term_is_local_pid(to) && dist_sig(to, s)) return true; /* a remote process (dist.c) */
    proc_t *p = sched_get(to);
    if (!p) {
        sig_dead(to, s);
        return false;
    }
    return sig_post_to(p, to, s);
}

/* sig_post to p (a reference taken, dropped here). */
static bool sig_post_to(proc_t *p, term to, sig_t *s)
{
    pthread_mutex_lock(&p->lock);
    if (atomic_load(&p->state) == PS_EXITING) {
        pthread_mutex_unlock(&p->lock);
        proc_unref(p);
        sig_dead(to, s);
        return false;
    }
    if (s->kind == SIG_SUSPEND) {
        /* acts when sent (no later signal can be handled by a process
         * that is not scheduled): a running process stops at the end of
         * its slice, and a synchronous suspender's reply waits until then */
        p->suspended++;
        if (atomic_load(&p->state) == PS_RUNNING && s->ref[0] != SUSP_REPLY_NONE) {
            s->next = p->susp_wait;
            p->susp_wait = s;
            s = NULL;
        }
        pthread_mutex_unlock(&p->lock);
        proc_unref(p);
        if (s) susp_reply(to, s, false);
        return true;
    }
    s->next = NULL;
    if (p->in_tail) p->in_tail->next = s;
    else p->in_head = s;
    p->in_tail = s;
    atomic_store_explicit(&p->in_any, true, memory_order_relaxed);
    if (s->kind == SIG_RESUME && p->suspended) {
        /* handled here: a suspended process does not run to see it */
        p->suspended--;
        if (!p->suspended && atomic_load(&p->state) == PS_SUSPENDED) runnable_locked(p);
    }
    if ((s->kind == SIG_GC || s->kind == SIG_EXIT || s->kind == SIG_EXIT_LINKED) && p->suspended &&
        (atomic_load(&p->state) == PS_SUSPENDED || atomic_load(&p->state) == PS_WAITING)) {
        /* a suspended process still runs its system tasks and handles its
         * exit signals (run_one): killed while waiting on a busy port */
        atomic_store(&p->state, PS_RUNQ);
        rq_push(p);
    }
    /* a scheduler thread runs the sender: it pops p once the sender stops */
    wake_locked_as(p, true);
    pthread_mutex_unlock(&p->lock);
    proc_unref(p);
    return true;
}

void sig_send(term to, sig_t *s) { (void)sig_post(to, s); }

static void mq_store(proc_t *p, term msg, gc_frag_t *frag);

/* A message msg (n words) from another process straight into the queue of
 * p, whose run_lock the sender holds (p is not running: nobody else uses
 * its heap or queue), copied into the free part of p's young heap, as erts
 * does when it gets the receiver's lock: no fragment, no signal, and the
 * receiver's collector sees only heap data. Only when p's inbox is empty
 * (the message cannot pass a signal of the same sender) and its queue is
 * on_heap. False if not done (the caller sends a signal). */
static bool send_direct(proc_t *p, term msg, size_t n)
{
    gc_heap_t *h = &p->mem;
    if ((p->flags & PF_MQ_OFF_HEAP) || p->hwin_open || (size_t)(h->stop - h->htop) < n) return false;
    heap_t w; /* a window onto the free space, as proc_heap's */
    heap_init(&w);
    w.top = h->htop;
    w.limit = h->htop + n;
    term m = n ? copy_term_n(&w, msg, n) : msg;
    pthread_mutex_lock(&p->lock);
    bool ok = !p->in_head && atomic_load(&p->state) != PS_EXITING;
    if (ok) {
        h->htop += n;
        for (term_offheap_hdr_t *o = w.offheap, *next; o; o = next) {
            next = o->next;
            gc_link_offheap(h, o);
        }
        mq_store(p, m, NULL);
        wake_locked_as(p, true); /* as sig_post_to */
    }
    pthread_mutex_unlock(&p->lock);
    /* out of p's lock (the tracer's is taken); p cannot run before the
     * caller drops its run_lock, so m stays where it is */
    if (ok && trace_on(p, TF_RECEIVE)) trace_receive(p, m);
    if (!ok) heap_release_offheap(w.offheap); /* the copy is left in the free space */
    return ok;
}

/* One table lookup per message (the copy is wasted only on a dead pid). */
bool sched_send(proc_t *from, term to, term msg)
{
    if (!term_is_local_pid(to)) return false;
    proc_t *p = sched_get(to);
    if (!p) return false;
    size_t n = term_is_immed(msg) ? 0 : copy_size(msg);
    if (p != from && !pthread_mutex_trylock(&p->run_lock)) {
        bool done = send_direct(p, msg, n);
        pthread_mutex_unlock(&p->run_lock);
        if (done) {
            proc_unref(p);
            return true;
        }
    }
    return sig_post_to(p, to, sig_new_n(SIG_MSG, from ? from->id : NIL, msg, n));
}

/* The reply a suspend signal s asks for (target: the suspendee), then s
 * goes. */
static void susp_reply(term target, sig_t *s, bool exited)
{
    if (s->ref[0] != SUSP_REPLY_NONE && term_is_pid(s->from)) {
        term v = s->ref[0] == SUSP_REPLY_SYNC ? (exited ? ATOM(badarg) : ATOM_true)
                                              : atom_from_cstr(exited ? "exited" : "suspended");
        heap_t tmp;
        heap_init(&tmp);
        sig_t *r = sig_new(SIG_MSG, target, heap_make_tuple(&tmp, 2, (term[]){s->msg, v}));
        heap_free(&tmp);
        sig_send(s->from, r);
    }
    sig_free(s);
}

/* Replies to suspends that waited for the suspendee id to stop running
 * (w: its susp_wait, taken under its lock; exited: it exits instead). */
static void susp_send_replies(term id, sig_t *w, bool exited)
{
    while (w) {
        sig_t *n = w->next;
        susp_reply(id, w, exited);
        w = n;
    }
}

/* The same for p, whose scheduler holds its run_lock (so p stays). */
static void susp_flush(proc_t *p, bool exited)
{
    pthread_mutex_lock(&p->lock);
    sig_t *w = p->susp_wait;
    p->susp_wait = NULL;
    pthread_mutex_unlock(&p->lock);
    susp_send_replies(p->id, w, exited);
}

/* {garbage_collect, ReqId, Done} to the requester of s, then s goes. */
static void gc_reply(term target, sig_t *s, bool done)
{
    (void)target;
    heap_t tmp;
    heap_init(&tmp);
    term el[3] = {atom_from_cstr("garbage_collect"), s->msg, done ? ATOM_true : ATOM_false};
    sig_t *r = sig_new(SIG_MSG, NIL, heap_make_tuple(&tmp, 3, el));
    heap_free(&tmp);
    sig_send(s->from, r);
    sig_free(s);
}

/* Run p's system tasks (garbage_collect requests, erts' "system tasks")
 * where its registers are saved: after a slice. False if it must exit
 * (over max_heap_size with kill: reason in fvalue). */
static bool run_tasks(proc_t *p)
{
    bool alive = true;
    while (p->tasks) {
        sig_t *t = p->tasks;
        p->tasks = t->next;
        if (alive) {
            term none = NIL;
            if (t->ref[0]) p->mem.flags |= GC_F_NEED_FULLSWEEP;
            if (vm_gc(p, p->xlive ? p->xsave : &none, 0, p->xlive)) {
                p->fvalue = ATOM(killed);
                alive = false;
            }
        }
        gc_reply(p->id, t, alive);
    }
    return alive;
}

static void mq_push_frag(proc_t *p, term msg, gc_frag_t *frag)
{
    mq_store(p, msg, frag);
    if (trace_on(p, TF_RECEIVE)) trace_receive(p, msg);
}
static void mq_push(proc_t *p, term msg) { mq_push_frag(p, msg, NULL); }

/* The message queue; an off_heap message keeps its fragment (mq_frags)
 * until received. */
static void mq_store(proc_t *p, term msg, gc_frag_t *frag)
{
    if (p->mq_len == p->mq_cap) {
        if (p->mq_head > p->mq_cap / 2) {
            /* compact: live messages to the front, indices shift */
            uint32_t h = p->mq_head;
            memmove(p->mq, p->mq + h, (p->mq_len - h) * sizeof(term));
            if (p->mq_frags) {
                memmove(p->mq_frags, p->mq_frags + h, (p->mq_len - h) * sizeof *p->mq_frags);
                memset(p->mq_frags + p->mq_len - h, 0, h * sizeof *p->mq_frags);
            }
            p->mq_len -= h;
            p->mq_save -= h;
            p->mq_head = 0;
            if (p->marks)
                for (int i = 0; i < PROC_MARKS; i++)
                    if (p->marks[i].used) p->marks[i].pos = p->marks[i].pos > h ? p->marks[i].pos - h : 0;
        } else {
            p->mq_cap = p->mq_cap ? p->mq_cap * 2 : 8;
            uint32_t old = p->mq_len;
            p->mq = realloc(p->mq, p->mq_cap * sizeof(term));
            if (!p->mq) laser_oom("message queue", p->mq_cap * sizeof(term));
            if (p->mq_frags) {
                p->mq_frags = realloc(p->mq_frags, p->mq_cap * sizeof *p->mq_frags);
                if (!p->mq_frags) laser_oom("message queue", p->mq_cap * sizeof *p->mq_frags);
                memset(p->mq_frags + old, 0, (p->mq_cap - old) * sizeof *p->mq_frags);
            }
        }
    }
    if (frag && !p->mq_frags) {
        p->mq_frags = calloc(p->mq_cap, sizeof *p->mq_frags);
        if (!p->mq_frags) laser_oom("message queue", p->mq_cap * sizeof *p->mq_frags);
    }
    if (frag) p->mq_off_words += frag->heap.words;
    if (p->mq_frags) p->mq_frags[p->mq_len] = frag;
    p->mq[p->mq_len++] = msg;
}

/* An off_heap message's fragment joins the heap (it is received, or the
 * queue goes on_heap). */
static void mq_attach(proc_t *p, uint32_t k)
{
    gc_frag_t *f = p->mq_frags ? p->mq_frags[k] : NULL;
    if (!f) return;
    p->mq_frags[k] = NULL;
    p->mq_off_words -= f->heap.words;
    gc_frag_attach(&p->mem, f);
}

void proc_mq_attach_all(proc_t *p)
{
    if (p->mq_frags)
        for (uint32_t k = p->mq_head; k < p->mq_len; k++) mq_attach(p, k);
}

void proc_mq_push(proc_t *p, term msg) { mq_push(p, msg); }

void proc_mq_remove(proc_t *p, uint32_t k)
{
    uint32_t h = p->mq_head;
    mq_attach(p, k); /* received: its term is the process's now */
    if (k - h < p->mq_len - k - 1) {
        /* fewer messages before k: shift them right, the head moves */
        memmove(p->mq + h + 1, p->mq + h, (k - h) * sizeof(term));
        if (p->mq_frags) {
            memmove(p->mq_frags + h + 1, p->mq_frags + h, (k - h) * sizeof *p->mq_frags);
            p->mq_frags[h] = NULL;
        }
        p->mq_head++;
        if (p->marks)
            for (int i = 0; i < PROC_MARKS; i++)
                if (p->marks[i].used && p->marks[i].pos <= k) p->marks[i].pos++;
    } else {
        memmove(p->mq + k, p->mq + k + 1, (p->mq_len - k - 1) * sizeof(term));
        if (p->mq_frags) {
            memmove(p->mq_frags + k, p->mq_frags + k + 1, (p->mq_len - k - 1) * sizeof *p->mq_frags);
            p->mq_frags[p->mq_len - 1] = NULL;
        }
        p->mq_len--;
        if (p->marks)
            for (int i = 0; i < PROC_MARKS; i++)
                if (p->marks[i].used && p->marks[i].pos > k) p->marks[i].pos--;
    }
    if (p->mq_head == p->mq_len) {
        /* empty: start again at 0 (markers then predate nothing) */
        p->mq_head = p->mq_len = 0;
        if (p->marks)
            for (int i = 0; i < PROC_MARKS; i++) p->marks[i].pos = 0;
        /* an idle process holds no queue (erts' queue is a list): the
         * memory per waiting process stays at OTP's */
        free(p->mq);
        free(p->mq_frags);
        p->mq = NULL;
        p->mq_frags = NULL;
        p->mq_cap = 0;
    }
    p->mq_save = p->mq_head;
}

/* A signal's term becomes the process's: its fragment joins the young
 * generation. */
static void alias_tag_down(proc_t *p, const uint32_t ref[3], term msg);

static term take_term(proc_t *p, sig_t *s)
{
    if (s->frag) {
        gc_frag_attach(&p->mem, s->frag);
        s->frag = NULL;
    }
    return s->msg;
}

/* Exit signal semantics (OTP's erl_proc_sig_queue.c handle_exit_sig). */
static bool handle_exit(proc_t *p, sig_t *s, bool linked)
{
    if (linked && !proc_del_link(p, s->from)) return true; /* unlinked meanwhile */
    if (linked && trace_on(p, TF_PROCS)) trace_proc(p, atom_from_cstr("getting_unlinked"), s->from);
    term reason = s->msg;
    if (!linked && reason == ATOM(kill)) {
        p->fvalue = ATOM(killed);
        return false;
    }
    if (p->flags & PF_TRAP_EXIT) {
        term r = take_term(p, s);
        heap_t *h = proc_heap(p);
        term msg = heap_make_tuple(h, 3, (term[]){ATOM(EXIT), s->from, r});
        proc_heap_close(p);
        mq_push(p, msg);
        return true;
    }
    if (reason == ATOM(normal) && s->from != p->id) return true;
    p->fvalue = take_term(p, s);
    return false;
}

/* A message signal's term joins p's queue: on the heap, or (off_heap) in
 * its fragment until received. */
static void deliver(proc_t *p, sig_t *s)
{
    if ((p->flags & PF_MQ_OFF_HEAP) && s->frag) {
        gc_frag_t *f = s->frag;
        s->frag = NULL;
        mq_push_frag(p, s->msg, f);
    } else {
        mq_push(p, take_term(p, s));
    }
}

static bool alias_arrive(proc_t *p, const uint32_t ref[3]);

/* Handle the signals s, taken from p's inbox (sig_handle). */
static bool sig_handle_list(proc_t *p, sig_t *s)
{
    bool alive = true;
    while (s) {
        sig_t *next = s->next;
        if (alive) {
            switch (s->kind) {
            case SIG_MSG: deliver(p, s); break;
            case SIG_ALIAS_MSG:
                if (alias_arrive(p, s->ref)) deliver(p, s);
                break;
            case SIG_GC: /* run when p next stops (run_tasks) */
                s->next = p->tasks;
                p->tasks = s;
                s = next;
                continue;
            case SIG_EXIT: alive = handle_exit(p, s, false); break;
            case SIG_EXIT_LINKED: alive = handle_exit(p, s, true); break;
            case SIG_LINK:
                if (trace_on(p, TF_PROCS) && !proc_has_link(p, s->from))
                    trace_proc(p, atom_from_cstr("getting_linked"), s->from);
                proc_add_link(p, s->from);
                break;
            case SIG_UNLINK:
                if (proc_del_link(p, s->from) && trace_on(p, TF_PROCS))
                    trace_proc(p, atom_from_cstr("getting_unlinked"), s->from);
                break;
            case SIG_MONITOR: {
                proc_mon_t m = {{s->ref[0], s->ref[1], s->ref[2]}, s->from, s->msg};
                proc_mon_add(&p->monby, &p->nmonby, &p->monby_cap, &m);
                break;
            }
            case SIG_DEMONITOR: proc_mon_del(p->monby, &p->nmonby, s->ref, NULL); break;
            case SIG_DOWN: {
                /* only if the monitor is still ours (demonitor wins); its
                 * demonitor-mode alias goes with it */
                proc_mon_t m;
                if (proc_mon_del(p->mons, &p->nmons, s->ref, &m)) {
                    term down = take_term(p, s);
                    alias_tag_down(p, m.ref, down);
                    alias_monitor_gone(p, m.ref);
                    mq_push(p, down);
                }
                break;
            }
            case SIG_GROUP_LEADER: p->group_leader = s->msg; break;
            case SIG_SUSPEND: /* acted on when sent */
            case SIG_RESUME: break; /* counted when delivered */
            }
        } else if (s->kind == SIG_LINK) {
            proc_add_link(p, s->from); /* told at exit */
        } else if (s->kind == SIG_MONITOR) {
            proc_mon_t m = {{s->ref[0], s->ref[1], s->ref[2]}, s->from, s->msg};
            proc_mon_add(&p->monby, &p->nmonby, &p->monby_cap, &m);
        } else if (s->kind == SIG_UNLINK) {
            proc_del_link(p, s->from);
        } else if (s->kind == SIG_DEMONITOR) {
            proc_mon_del(p->monby, &p->nmonby, s->ref, NULL);
        } else if (s->kind == SIG_GC) {
            gc_reply(p->id, s, false); /* p exits: the requester waits for an answer */
            s = next;
            continue;
        }
        sig_free(s);
        s = next;
    }
    return alive;
}

bool sig_handle(proc_t *p)
{
    /* an empty inbox costs no lock: a signal appended after this load is
     * seen by the check before p waits (run_one's VM_WAIT) */
    if (!atomic_load_explicit(&p->in_any, memory_order_relaxed)) return true;
    pthread_mutex_lock(&p->lock);
    sig_t *s = p->in_head;
    p->in_head = p->in_tail = NULL;
    atomic_store_explicit(&p->in_any, false, memory_order_relaxed);
    pthread_mutex_unlock(&p->lock);
    return !s || sig_handle_list(p, s);
}

/* ---------------------------------------------------------------------
 * Exit.
 * ------------------------------------------------------------------- */
void proc_exit(proc_t *p, term reason)
{
    if (trace_on(p, TF_PROCS)) trace_proc(p, atom_from_cstr("exit"), reason);
    /* keep the reason reachable: it may live in a fragment or the heap */
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->state, PS_EXITING);
    sig_t *s = p->in_head;
    p->in_head = p->in_tail = NULL;
    atomic_store_explicit(&p->in_any, false, memory_order_relaxed);
    pthread_mutex_unlock(&p->lock);
    /* links and monitors that arrived before the end are told too */
    while (s) {
        sig_t *next = s->next;
        if (s->kind == SIG_LINK) proc_add_link(p, s->from);
        else if (s->kind == SIG_UNLINK) proc_del_link(p, s->from);
        else if (s->kind == SIG_MONITOR) {
            proc_mon_t m = {{s->ref[0], s->ref[1], s->ref[2]}, s->from, s->msg};
            proc_mon_add(&p->monby, &p->nmonby, &p->monby_cap, &m);
        } else if (s->kind == SIG_DEMONITOR) proc_mon_del(p->monby, &p->nmonby, s->ref, NULL);
        else if (s->kind == SIG_GC) {
            gc_reply(p->id, s, false);
            s = next;
            continue;
        }
        sig_free(s);
        s = next;
    }
    while (p->tasks) {
        sig_t *t = p->tasks;
        p->tasks = t->next;
        gc_reply(p->id, t, false);
    }
    susp_flush(p, true);
    /* what it suspended resumes (erts' suspend monitors) */
    for (uint32_t i = 0; i < p->nsusp; i++)
        for (uint32_t k = 0; k < p->susp[i].active; k++) sig_send(p->susp[i].pid, sig_new(SIG_RESUME, p->id, NIL));
    p->nsusp = 0;
    if (p->flags & PF_TIMER) timer_cancel_recv(p);
    res_proc_exit(p->id); /* the files it owns (res.c) */
    ets_proc_exit(p);     /* its ETS tables: to their heirs or deleted (ets.c) */
    alias_proc_exit(p);
    if (p->flags & PF_MSCHED) sysflag_proc_exit(p->id); /* its multi-scheduling blocks (bif/erlang_sysflag.c) */
    /* another process may be registering p right now: always lock */
    pthread_mutex_lock(&reg_lock);
    if (p->reg_name != NIL) reg_unregister_locked(p->reg_name);
    pthread_mutex_unlock(&reg_lock);
    for (uint32_t i = 0; i < p->nlinks; i++) sig_send(p->links[i], sig_new(SIG_EXIT_LINKED, p->id, reason));
    for (uint32_t i = 0; i < p->nmonby; i++) {
        proc_mon_t *m = &p->monby[i];
        term item = p->id;
        sig_t *d;
        if (m->name != NIL) {
            term el[2] = {m->name, node_local_name()};
            heap_t tmp;
            heap_init(&tmp);
            item = heap_make_tuple(&tmp, 2, el);
            d = down_sig(p->id, m->ref, item, reason);
            heap_free(&tmp);
        } else {
            d = down_sig(p->id, m->ref, item, reason);
        }
        sig_send(m->pid, d);
    }
    for (uint32_t i = 0; i < p->nmons; i++) {
        sig_t *d = sig_new(SIG_DEMONITOR, p->id, NIL);
        memcpy(d->ref, p->mons[i].ref, sizeof d->ref);
        sig_send(p->mons[i].pid, d);
    }
    ptab_remove(p);
}

/* ---------------------------------------------------------------------
 * Scheduler threads.
 * ------------------------------------------------------------------- */
static pthread_mutex_t halt_lock = PTHREAD_MUTEX_INITIALIZER;
void (*sched_halt_hook)(int status);

_Noreturn void sched_halt(int status)
{
    pthread_mutex_lock(&halt_lock); /* one thread ends the VM */
    fflush(stdout);
    fflush(stderr);
    if (sched_halt_hook) sched_halt_hook(status);
    exit(status);
}

term sched_exit_reason(proc_t *p)
{
    heap_t *h = proc_heap(p);
    term r = p->fvalue;
    if (p->fclass == EXC_THROW) r = heap_make_tuple(h, 2, (term[]){atom_from_cstr("nocatch"), r});
    if (p->fclass != EXC_EXIT) r = heap_make_tuple(h, 2, (term[]){r, p->fstacktrace});
    proc_heap_close(p);
    return r;
}

static void dirty_push(proc_t *p);

/* Run p (popped from a run queue) for one slice; under p->run_lock. False
 * if it exited. */
static bool run_one(proc_t *p, vm_sched_t *s)
{
    pthread_mutex_lock(&p->lock);
    if (p->suspended) {
        /* out of the queues; sig_send's last resume queues it again. Its
         * signals and system tasks still act (erts), unless a dirty
         * call's result waits (not a GC root) */
        atomic_store(&p->state, PS_SUSPENDED);
        pthread_mutex_unlock(&p->lock);
        if (p->dirty_done) return true;
        if (!sig_handle(p) || (p->tasks && !run_tasks(p))) {
            proc_exit(p, p->fvalue);
            return false;
        }
        proc_publish_memory(p);
        return true;
    }
    atomic_store(&p->state, PS_RUNNING);
    sig_t *in = p->in_head; /* its inbox, in the same lock section */
    p->in_head = p->in_tail = NULL;
    atomic_store_explicit(&p->in_any, false, memory_order_relaxed);
    pthread_mutex_unlock(&p->lock);
    if (in && !sig_handle_list(p, in)) {
        proc_exit(p, p->fvalue);
        return false;
    }
    p->fcalls = PROC_SLICE;
    sig_t *w;
    if (trace_on(p, TF_RUNNING)) trace_sched(p, true, false);
    vm_result_t vr = vm_execute(p, s);
    if (trace_on(p, TF_RUNNING) && (vr == VM_YIELD || vr == VM_WAIT)) trace_sched(p, false, false);
    switch (vr) {
    case VM_YIELD:
        if (p->tasks && !run_tasks(p)) break;
        proc_publish_memory(p);
        pthread_mutex_lock(&p->lock);
        runnable_as(p, true);
        w = p->susp_wait; /* susp_flush, in the same lock section */
        p->susp_wait = NULL;
        pthread_mutex_unlock(&p->lock);
        susp_send_replies(p->id, w, false);
        return true;
    case VM_WAIT:
        if (p->tasks && !run_tasks(p)) break;
        proc_publish_memory(p);
        pthread_mutex_lock(&p->lock);
        if (p->in_head || atomic_load(&p->timed_out)) {
            runnable_as(p, true); /* as a yield */
        } else {
            atomic_store(&p->state, PS_WAITING);
        }
        w = p->susp_wait;
        p->susp_wait = NULL;
        pthread_mutex_unlock(&p->lock);
        susp_send_replies(p->id, w, false);
        return true;
    case VM_RETURNED:
        if (sched_boot_hook && sched_boot_hook(p, false)) {
            sched_start(p);
            return true;
        }
        proc_exit(p, ATOM(normal));
        return false;
    case VM_RAISED: {
        if (sched_boot_hook && sched_boot_hook(p, true)) {
            sched_start(p);
            return true;
        }
        term reason = sched_exit_reason(p);
        if (p->fclass != EXC_EXIT) errlog_process_crash(p, reason); /* erts' report to the logger */
        proc_exit(p, reason);
        return false;
    }
    case VM_EXIT: proc_exit(p, p->fvalue); return false;
    case VM_DIRTY: dirty_push(p); return true;
    }
    /* a system task's collection went over max_heap_size: killed */
    proc_exit(p, p->fvalue);
    return false;
}

/* Start a detached thread running fn(arg); exits the VM if it cannot
 * (what names the thread in the message). */
void sched_thread_start(void *(*fn)(void *), void *arg, const char *what)
{
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, fn, arg)) {
        fprintf(stderr, "laser: cannot start %s\n", what);
        exit(1);
    }
    pthread_attr_destroy(&a);
}

/* ---- aliases (scheduler.h) ----
 * Few are active at once (one per gen:call in flight): an array searched
 * linearly. */
typedef struct {
    uint32_t ref[3];
    term pid;
    int mode;    /* ALIAS_*, 0: no alias, only a monitor's tag */
    sig_t *tag;  /* monitor/3's {tag, T}: T in its fragment, or NULL */
} alias_t;
static pthread_mutex_t alias_lock = PTHREAD_MUTEX_INITIALIZER;
static alias_t *aliases;
static size_t naliases, aliases_cap;

static size_t alias_find(const uint32_t ref[3])
{
    for (size_t i = 0; i < naliases; i++)
        if (!memcmp(aliases[i].ref, ref, sizeof aliases[i].ref)) return i;
    return SIZE_MAX;
}

static void alias_del_at(proc_t *owner, size_t i)
{
    if (aliases[i].tag) sig_free(aliases[i].tag);
    aliases[i] = aliases[--naliases];
    if (owner) atomic_fetch_sub(&owner->naliases, 1);
}

void alias_add(proc_t *owner, const uint32_t ref[3], int mode, term tag)
{
    sig_t *t = term_is_value(tag) ? sig_new(SIG_MSG, NIL, tag) : NULL;
    pthread_mutex_lock(&alias_lock);
    if (naliases == aliases_cap) {
        size_t cap = aliases_cap ? 2 * aliases_cap : 16;
        alias_t *a = realloc(aliases, cap * sizeof *a);
        if (!a) laser_oom("aliases", cap * sizeof *a);
        aliases = a, aliases_cap = cap;
    }
    alias_t *a = &aliases[naliases++];
    memcpy(a->ref, ref, sizeof a->ref);
    a->pid = owner->id;
    a->mode = mode;
    a->tag = t;
    atomic_fetch_add(&owner->naliases, 1);
    pthread_mutex_unlock(&alias_lock);
}

static bool alias_remove_if(proc_t *owner, const uint32_t ref[3], bool monitor_gone)
{
    if (!atomic_load(&owner->naliases)) return false;
    pthread_mutex_lock(&alias_lock);
    size_t i = alias_find(ref);
    bool ok = i != SIZE_MAX && aliases[i].pid == owner->id && aliases[i].mode != 0;
    if (monitor_gone) {
        /* the tag goes; the alias too unless explicit_unalias */
        if (i != SIZE_MAX && aliases[i].pid == owner->id && aliases[i].mode != ALIAS_EXPLICIT) {
            alias_del_at(owner, i);
        } else if (ok && aliases[i].tag) {
            sig_free(aliases[i].tag);
            aliases[i].tag = NULL;
        }
    } else if (ok) {
        if (aliases[i].tag) aliases[i].mode = 0; /* unaliased: the tag stays */
        else alias_del_at(owner, i);
    }
    pthread_mutex_unlock(&alias_lock);
    return ok;
}

bool alias_remove(proc_t *owner, const uint32_t ref[3]) { return alias_remove_if(owner, ref, false); }

void alias_monitor_gone(proc_t *owner, const uint32_t ref[3]) { (void)alias_remove_if(owner, ref, true); }

/* A 'DOWN' msg (on p's heap) of monitor ref: its tag, if monitor/3 gave
 * one, replaces 'DOWN' (the tag's fragment joins p's heap). */
static void alias_tag_down(proc_t *p, const uint32_t ref[3], term msg)
{
    if (!atomic_load(&p->naliases)) return;
    pthread_mutex_lock(&alias_lock);
    size_t i = alias_find(ref);
    sig_t *t = NULL;
    if (i != SIZE_MAX && aliases[i].pid == p->id) {
        t = aliases[i].tag;
        aliases[i].tag = NULL;
    }
    pthread_mutex_unlock(&alias_lock);
    if (!t) return;
    term_tuple_elems(msg)[0] = take_term(p, t);
    sig_free(t);
}

void alias_send(proc_t *from, term ref, term msg)
{
    if (!term_is_local_ref(ref)) return;
    pthread_mutex_lock(&alias_lock);
    size_t i = alias_find(term_ref_numbers(ref));
    term to = i == SIZE_MAX || !aliases[i].mode ? NIL : aliases[i].pid; /* mode 0: a tag only */
    pthread_mutex_unlock(&alias_lock);
    if (to == NIL) return;
    /* whether it is kept is decided when it arrives (alias_arrive), as
     * erts does: unalias/demonitor before then drop it */
    sig_t *s = sig_new(SIG_ALIAS_MSG, from ? from->id : NIL, msg);
    memcpy(s->ref, term_ref_numbers(ref), sizeof s->ref);
    sig_send(to, s);
}

/* A message through alias ref arrives at p: kept if the alias is still
 * p's and active; a reply alias takes this one message, and a
 * reply_demonitor alias's monitor goes with it. */
static bool alias_arrive(proc_t *p, const uint32_t ref[3])
{
    if (!atomic_load(&p->naliases)) return false;
    pthread_mutex_lock(&alias_lock);
    size_t i = alias_find(ref);
    bool ok = i != SIZE_MAX && aliases[i].pid == p->id && aliases[i].mode != 0;
    int mode = ok ? aliases[i].mode : 0;
    if (mode == ALIAS_REPLY || mode == ALIAS_REPLY_DEMONITOR) alias_del_at(p, i);
    pthread_mutex_unlock(&alias_lock);
    proc_mon_t m;
    if (mode == ALIAS_REPLY_DEMONITOR && proc_mon_del(p->mons, &p->nmons, ref, &m)) {
        sig_t *d = sig_new(SIG_DEMONITOR, p->id, NIL);
        memcpy(d->ref, m.ref, sizeof d->ref);
        sig_send(m.pid, d);
    }
    return ok;
}

void alias_proc_exit(proc_t *owner)
{
    if (!atomic_load(&owner->naliases)) return;
    pthread_mutex_lock(&alias_lock);
    for (size_t i = naliases; i-- > 0;)
        if (aliases[i].pid == owner->id) alias_del_at(owner, i);
    pthread_mutex_unlock(&alias_lock);
}

/* ---- dirty schedulers (scheduler.h) ---- */
unsigned sched_dirty_cpu, sched_dirty_io;
bool sched_dirty_on;
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    proc_t *head, *tail; /* linked by rq_next */
    unsigned started, max, idle;
    int kind; /* 1 cpu, 2 io */
    unsigned busy, online; /* calls running; at most online at once (0: max) */
    unsigned queued;       /* calls in head..tail */
    unsigned nstat;        /* threads that took their st */
    sched_tstat_t *st;     /* one per thread that may start (max), by start order */
} dpool_t;
static dpool_t dpools[2] = {
    {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0, 0, 0, 1, 0, 0, 0, 0, NULL},
    {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0, 0, 0, 2, 0, 0, 0, 0, NULL},
};

unsigned sched_dirty_cpu_count(void) { return sched_dirty_cpu ? sched_dirty_cpu : sched_nthreads; }

unsigned sched_dirty_io_count(void) { return sched_dirty_io ? sched_dirty_io : 10; }

unsigned sched_dirty_cpu_online(void)
{
    pthread_mutex_lock(&dpools[0].lock);
    unsigned n = dpools[0].online ? dpools[0].online : sched_dirty_cpu_count();
    pthread_mutex_unlock(&dpools[0].lock);
    return n;
}

void sched_set_dirty_cpu_online(unsigned n)
{
    pthread_mutex_lock(&dpools[0].lock);
    dpools[0].online = n;
    pthread_cond_broadcast(&dpools[0].cond);
    pthread_mutex_unlock(&dpools[0].lock);
}
static _Thread_local int my_kind;

int sched_thread_kind(void) { return my_kind; }

bool sched_can_go_dirty(const proc_t *p) { return sched_dirty_on && my_runq >= 0 && p->dirty_ok && !p->nest; }

term sched_go_dirty(proc_t *p)
{
    p->fclass = EXC_DIRTY;
    return THE_NON_VALUE;
}

static void *dirty_thread(void *arg)
{
    dpool_t *d = arg;
    my_kind = d->kind;
    pthread_mutex_lock(&d->lock);
    my_tstat = &d->st[d->nstat++];
    pthread_mutex_unlock(&d->lock);
    gc_time_sink = &my_tstat->gc_ns;
    stat_wake(); /* idle from the VM's start until now */
    for (;;) {
        pthread_mutex_lock(&d->lock);
        while (!d->head || (d->online && d->busy >= d->online)) {
            d->idle++;
            stat_sleep();
            pthread_cond_wait(&d->cond, &d->lock);
            stat_wake();
            d->idle--;
        }
        proc_t *p = d->head;
        d->head = p->rq_next;
        if (!d->head) d->tail = NULL;
        d->queued--;
        d->busy++;
        pthread_mutex_unlock(&d->lock);
        pthread_mutex_lock(&p->run_lock);
        const bif_info_t *b = p->dirty_bif;
        term r = b->fn(p, p->xsave);
        proc_heap_close(p);
        if (term_is_value(r) || p->fclass != EXC_RETRY) {
            p->dirty_result = r;
            p->dirty_done = true;
        } else {
            p->fclass = EXC_NONE; /* resumed at the call, it goes dirty again */
        }
        atomic_store(&p->dirty_running, false);
        pthread_mutex_unlock(&p->run_lock);
        /* back to a normal scheduler (the queue it last ran from) */
        pthread_mutex_lock(&d->lock);
        d->busy--;
        if (d->head) pthread_cond_signal(&d->cond); /* one held back by online */
        pthread_mutex_unlock(&d->lock);
        /* once queued, p may run and exit elsewhere: take what is needed first */
        pthread_mutex_lock(&p->lock);
        sig_t *w = p->susp_wait;
        p->susp_wait = NULL;
        term id = p->id;
        runnable_locked(p);
        pthread_mutex_unlock(&p->lock);
        susp_send_replies(id, w, false);
    }
    return NULL;
}

/* p (VM_DIRTY, run_lock held by the caller, released after) to its pool. */
static void dirty_push(proc_t *p)
{
    const bif_info_t *b = p->dirty_bif;
    dpool_t *d = &dpools[(b->flags & BIF_F_DIRTY_IO) ? 1 : 0]; /* EXC_DIRTY: CPU */
    atomic_store(&p->dirty_running, true);
    pthread_mutex_lock(&d->lock);
    p->rq_next = NULL;
    if (d->tail) d->tail->rq_next = p;
    else d->head = p;
    d->tail = p;
    /* a thread for each queued call beyond the idle ones: two calls
     * signalled to one idle thread before it woke left the second
     * waiting behind the first, forever if that one blocks (a FIFO's
     * open(2) held code_server's file reads: a hang) */
    d->queued++;
    bool start = d->queued > d->idle && d->started < d->max;
    if (start) d->started++;
    if (d->idle) pthread_cond_signal(&d->cond);
    pthread_mutex_unlock(&d->lock);
    if (start) sched_thread_start(dirty_thread, d, "a dirty scheduler thread");
}

static void *sched_thread(void *arg)
{
    vm_sched_t *s = calloc(1, sizeof *s);
    if (!s) laser_oom("scheduler registers", sizeof *s);
    unsigned me = (unsigned)(uintptr_t)arg;
    my_runq = (int)me;
    runq_t *rq = &runqs[me];
    my_tstat = &rq->st;
    gc_time_sink = &rq->st.gc_ns;
    for (;;) {
        proc_t *p = rq_pop(me);
        atomic_store_explicit(&p->runq, me, memory_order_relaxed);
        atomic_store_explicit(&rq->running, 1, memory_order_relaxed);
        pthread_mutex_lock(&p->run_lock);
        uint64_t reds = p->reds;
        bool alive = run_one(p, s);
        /* p's run_lock is still held, so p is still there */
        atomic_fetch_add_explicit(&rq->st.reds, p->reds - reds, memory_order_relaxed);
        atomic_fetch_add_explicit(&rq->st.switches, 1, memory_order_relaxed);
        pthread_mutex_unlock(&p->run_lock);
        atomic_store_explicit(&rq->running, 0, memory_order_relaxed);
        /* the table's reference goes once the process has exited */
        if (!alive) proc_unref(p);
    }
    return NULL;
}

_Noreturn void sched_run(void)
{
    dpools[0].max = sched_dirty_cpu ? sched_dirty_cpu : sched_nthreads;
    dpools[1].max = sched_dirty_io_count();
    for (int k = 0; k < 2; k++) {
        dpools[k].st = calloc(dpools[k].max, sizeof *dpools[k].st);
        if (!dpools[k].st) laser_oom("dirty scheduler counters", dpools[k].max * sizeof *dpools[k].st);
        for (unsigned i = 0; i < dpools[k].max; i++) atomic_store(&dpools[k].st[i].idle_since, sched_t0);
    }
    sched_dirty_on = true;
    for (unsigned i = 1; i < sched_nthreads; i++)
        sched_thread_start(sched_thread, (void *)(uintptr_t)i, "a scheduler thread");
    sched_thread((void *)(uintptr_t)0);
    abort();
}

/* ---- what statistics/1 reads (bif/erlang_stats.c) ---- */
void sched_stat_totals(uint64_t *reds, uint64_t *switches)
{
    uint64_t r = 0, c = 0;
    for (unsigned i = 0; i < sched_nthreads; i++) {
        r += atomic_load_explicit(&runqs[i].st.reds, memory_order_relaxed);
        c += atomic_load_explicit(&runqs[i].st.switches, memory_order_relaxed);
    }
    *reds = r, *switches = c;
}

unsigned sched_stat_queues(uint32_t *len, uint32_t *active)
{
    unsigned n = 0;
    for (unsigned i = 0; i < sched_nthreads; i++, n++) {
        len[n] = atomic_load_explicit(&runqs[i].len, memory_order_relaxed);
        active[n] = len[n] + atomic_load_explicit(&runqs[i].running, memory_order_relaxed);
    }
    for (int k = 0; k < 2; k++, n++) {
        pthread_mutex_lock(&dpools[k].lock);
        len[n] = dpools[k].queued;
        active[n] = dpools[k].queued + dpools[k].busy;
        pthread_mutex_unlock(&dpools[k].lock);
    }
    return n;
}

static int64_t tstat_idle(const sched_tstat_t *t, int64_t now)
{
    int64_t since = atomic_load_explicit(&t->idle_since, memory_order_relaxed);
    return atomic_load_explicit(&t->idle_ns, memory_order_relaxed) + (since && since < now ? now - since : 0);
}

unsigned sched_stat_idle(int64_t *idle, int64_t *gc, int64_t now)
{
    unsigned n = 0;
    for (unsigned i = 0; i < sched_nthreads; i++, n++) {
        idle[n] = tstat_idle(&runqs[i].st, now);
        if (gc) gc[n] = atomic_load_explicit(&runqs[i].st.gc_ns, memory_order_relaxed);
    }
    unsigned want[2] = {sched_dirty_cpu_count(), sched_dirty_io_count()};
    for (int k = 0; k < 2; k++)
        for (unsigned i = 0; i < want[k]; i++, n++) {
            /* before sched_run (unit tests) no dirty thread exists: idle throughout */
            const sched_tstat_t *t = dpools[k].st && i < dpools[k].max ? &dpools[k].st[i] : NULL;
            idle[n] = t ? tstat_idle(t, now) : now - sched_t0;
            if (gc) gc[n] = t ? atomic_load_explicit(&t->gc_ns, memory_order_relaxed) : 0;
        }
    return n;
}

int64_t sched_stat_t0(void) { return sched_t0; }
