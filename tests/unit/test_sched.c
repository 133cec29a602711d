/*
 * test_sched.c - the process runtime from C: term copying between heaps
 * (runtime/copy.c), the process table, signals and their exit semantics
 * (runtime/scheduler.c), and the timer service (runtime/timer.c). No
 * scheduler thread runs: processes are made, signalled and inspected
 * directly.
 */
#include <criterion/criterion.h>

#include "atom.h"
#include "bin.h"
#include "cmp.h"
#include "copy.h"
#include "etf.h"
#include "map.h"
#include "scheduler.h"
#include "timer.h"
#include "vm.h"

#include <string.h>
#include <time.h>

static void setup(void)
{
    vm_init();
    sched_init(1, 4096);
}

TestSuite(sched, .init = setup);

/* A term of every kind, built on h. */
static term sample(heap_t *h)
{
    uint8_t bytes[300];
    for (int i = 0; i < 300; i++) bytes[i] = (uint8_t)i;
    term big = heap_make_float(h, 2.5);
    term keys[40], vals[40];
    for (int i = 0; i < 40; i++) keys[i] = term_from_small(i), vals[i] = term_from_small(i * i);
    term el[] = {
        ATOM(ok),
        term_from_small(-7),
        big,
        bin_make(h, bytes, 10, NULL),  /* heap binary */
        bin_make(h, bytes, 300, NULL), /* refc binary */
        map_from_pairs(h, keys, vals, 3),
        map_from_pairs(h, keys, vals, 40), /* HAMT */
        heap_make_list(h, keys, 5, NIL),
        term_make_pid(5, 0),
    };
    return heap_make_tuple(h, sizeof el / sizeof el[0], el);
}

Test(sched, copy_term_is_equal_and_independent)
{
    heap_t a, b;
    heap_init(&a);
    heap_init(&b);
    term t = sample(&a);
    size_t n = copy_size(t);
    term c = copy_term(&b, t);
    cr_assert_eq(b.words, n, "copy used %zu words, size said %zu", b.words, n);
    cr_assert(cmp_eq_exact(t, c));
    heap_free(&a); /* the copy holds its own references (refc binary) */
    heap_t d;
    heap_init(&d);
    term again = sample(&d);
    cr_assert(cmp_eq_exact(again, c));
    heap_free(&b);
    heap_free(&d);
}

Test(sched, pids_are_reused_with_a_new_serial)
{
    proc_t *p = sched_new_proc(0);
    cr_assert_not_null(p);
    term pid = p->id;
    cr_assert(sched_alive(pid));
    proc_t *q = sched_get(pid);
    cr_assert_eq(q, p);
    proc_unref(q);
    proc_exit(p, ATOM(normal));
    pthread_mutex_unlock(&p->run_lock);
    proc_unref(p);
    cr_assert(!sched_alive(pid));
    cr_assert_null(sched_get(pid));
}

/* A new process that is never run: signals stay in its inbox until
 * sig_handle, as at schedule-in. */
static proc_t *idle_proc(void)
{
    proc_t *p = sched_new_proc(0);
    pthread_mutex_unlock(&p->run_lock);
    return p;
}

static void done(proc_t *p)
{
    proc_exit(p, ATOM(normal));
    proc_unref(p);
}

Test(sched, messages_arrive_in_order_in_the_queue)
{
    proc_t *p = idle_proc(), *q = idle_proc();
    /* p not running: straight into its queue */
    for (int i = 0; i < 50; i++) cr_assert(sched_send(q, p->id, term_from_small(i)));
    cr_assert_eq(p->mq_len - p->mq_head, 50);
    cr_assert_null(p->in_head);
    /* p running (its scheduler holds run_lock): they wait in the inbox */
    pthread_mutex_lock(&p->run_lock);
    for (int i = 50; i < 100; i++) cr_assert(sched_send(q, p->id, term_from_small(i)));
    cr_assert_eq(p->mq_len - p->mq_head, 50, "nothing moves before the receiver handles its inbox");
    pthread_mutex_unlock(&p->run_lock);
    /* its inbox not empty: a later message must not pass those */
    cr_assert(sched_send(q, p->id, term_from_small(100)));
    cr_assert_eq(p->mq_len - p->mq_head, 50);
    cr_assert(sig_handle(p));
    cr_assert_eq(p->mq_len - p->mq_head, 101);
    for (int i = 0; i < 101; i++) cr_assert_eq(p->mq[p->mq_head + i], term_from_small(i));
    /* taking the oldest first is O(1): the head moves */
    proc_mq_remove(p, p->mq_head);
    cr_assert_eq(p->mq[p->mq_head], term_from_small(1));
    done(p);
    done(q);
}

/* A message to a process that is not running is copied onto its heap:
 * its off-heap objects join the heap's chain, the heap stays valid for
 * the collector; with no room it comes as a fragment. */
Test(sched, messages_onto_a_waiting_heap)
{
    proc_t *p = idle_proc(), *q = idle_proc();
    heap_t h;
    heap_init(&h);
    term t = sample(&h);
    size_t n = copy_size(t);
    term *top = p->mem.htop;
    cr_assert(sched_send(q, p->id, t));
    cr_assert_eq(p->mem.htop, top + n, "copied onto the young heap");
    cr_assert_null(p->mem.frags);
    cr_assert_gt(p->mem.bin_vheap, 0, "the refc binary is accounted");
    term m = p->mq[p->mq_head];
    cr_assert(cmp_eq_exact(m, t));
    gc_root_t r = {p->mq + p->mq_head, p->mq_len - p->mq_head};
    const char *bad = gc_verify(&p->mem, &r, 1);
    cr_assert_null(bad, "%s", bad);
    /* no room left: a fragment, handled at schedule-in */
    p->mem.htop = p->mem.stop;
    cr_assert(sched_send(q, p->id, t));
    cr_assert_not_null(p->in_head);
    cr_assert(sig_handle(p));
    cr_assert_not_null(p->mem.frags);
    cr_assert(cmp_eq_exact(p->mq[p->mq_len - 1], t));
    heap_free(&h);
    p->mem.htop = top + n;
    done(p);
    done(q);
}

Test(sched, exit_signal_rules)
{
    proc_t *p = idle_proc(), *q = idle_proc();
    /* normal from another process: ignored */
    sig_send(p->id, sig_new(SIG_EXIT, q->id, ATOM(normal)));
    cr_assert(sig_handle(p));
    /* kill: killed, even when trapping */
    p->flags |= PF_TRAP_EXIT;
    sig_send(p->id, sig_new(SIG_EXIT, q->id, ATOM(kill)));
    cr_assert(!sig_handle(p));
    cr_assert_eq(p->fvalue, ATOM(killed));
    /* trapping: other reasons become {'EXIT', From, Reason} */
    sig_send(p->id, sig_new(SIG_EXIT, q->id, ATOM(badarg)));
    cr_assert(sig_handle(p));
    term m = p->mq[p->mq_len - 1];
    cr_assert(term_is_tuple(m) && term_tuple_arity(m) == 3);
    cr_assert_eq(term_tuple_elems(m)[0], ATOM(EXIT));
    cr_assert_eq(term_tuple_elems(m)[1], q->id);
    /* a linked exit without the link: ignored */
    p->flags &= ~PF_TRAP_EXIT;
    sig_send(p->id, sig_new(SIG_EXIT_LINKED, q->id, ATOM(badarg)));
    cr_assert(sig_handle(p));
    /* with the link: the reason kills */
    proc_add_link(p, q->id);
    sig_send(p->id, sig_new(SIG_EXIT_LINKED, q->id, ATOM(badarg)));
    cr_assert(!sig_handle(p));
    cr_assert_eq(p->fvalue, ATOM(badarg));
    done(p);
    done(q);
}

Test(sched, a_dead_process_answers_link_and_monitor)
{
    proc_t *p = idle_proc(), *q = idle_proc();
    term dead = q->id;
    done(q);
    proc_add_link(p, dead);
    sig_send(dead, sig_new(SIG_LINK, p->id, NIL));
    p->flags |= PF_TRAP_EXIT;
    cr_assert(sig_handle(p));
    term m = p->mq[p->mq_len - 1];
    cr_assert_eq(term_tuple_elems(m)[2], ATOM(noproc));
    proc_mon_t mon = {{1, 2, 3}, dead, NIL};
    proc_mon_add(&p->mons, &p->nmons, &p->mons_cap, &mon);
    sig_t *s = sig_new(SIG_MONITOR, p->id, NIL);
    memcpy(s->ref, mon.ref, sizeof s->ref);
    sig_send(dead, s);
    cr_assert(sig_handle(p));
    m = p->mq[p->mq_len - 1];
    cr_assert(term_is_tuple(m) && term_tuple_arity(m) == 5);
    cr_assert_eq(term_tuple_elems(m)[0], ATOM(DOWN));
    cr_assert_eq(term_tuple_elems(m)[4], ATOM(noproc));
    cr_assert_eq(p->nmons, 0);
    done(p);
}

Test(sched, bif_timers_read_cancel_and_fire)
{
    proc_t *p = idle_proc();
    heap_t h;
    heap_init(&h);
    term r = timer_bif_start(&h, p->id, ATOM(ok), timer_now_ns() + 10000000000LL, false);
    int64_t left = timer_bif_read(r);
    cr_assert(left > 9000 && left <= 10000, "read %lld", (long long)left);
    cr_assert_geq(timer_bif_cancel(r), 9000);
    cr_assert_eq(timer_bif_cancel(r), -1);
    cr_assert_eq(timer_bif_read(r), -1);
    /* one that fires: the message reaches the inbox */
    term r2 = timer_bif_start(&h, p->id, ATOM(true), timer_now_ns() + 1000000, true);
    for (int i = 0; i < 1000 && !p->in_head; i++) nanosleep(&(struct timespec){0, 1000000}, NULL);
    cr_assert(sig_handle(p));
    cr_assert_eq(p->mq_len - p->mq_head, 1);
    term m = p->mq[p->mq_head];
    cr_assert(term_is_tuple(m) && term_tuple_elems(m)[0] == ATOM(timeout) && term_tuple_elems(m)[2] == ATOM_true);
    cr_assert(cmp_eq_exact(term_tuple_elems(m)[1], r2));
    cr_assert_eq(timer_bif_read(r2), -1);
    heap_free(&h);
    done(p);
}
