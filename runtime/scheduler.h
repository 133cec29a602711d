/*
 * scheduler.h - processes as the scheduler sees them: the process table, the
 * registry of names, signals between processes, run queues and the
 * scheduler threads.
 *
 * Signals. Everything one process tells another (messages, link/unlink,
 * exit signals, monitor/demonitor, 'DOWN') is a sig_t appended to the
 * receiver's inbox under the receiver's lock, so signals between any pair
 * of processes arrive in the order they were sent (OTP's guarantee). A
 * message is copied into a heap fragment owned by the signal; the receiver
 * alone moves signals from its inbox into its private queue (sig_handle),
 * attaching the fragments to its young generation. The one exception
 * (sched_send, as erts' message on the receiver's heap): a sender that
 * gets the run_lock of a receiver that is not running, whose inbox is
 * empty, copies the message into the free part of its young heap and
 * pushes it onto its queue.
 *
 * States (proc_t.state, under proc_t.lock): WAITING (no work: a signal
 * makes it RUNQ and queues it), RUNQ, RUNNING (a signal is only appended;
 * the scheduler checks the inbox before letting it wait), EXITING (signals
 * get the answer a dead process gives: link -> exit noproc, monitor ->
 * 'DOWN' noproc, others dropped).
 *
 * Lifetime: the table holds one reference to each live process; lookups
 * (sched_get) take another. A process leaves the table when it exits and is
 * freed when the last reference goes.
 */
#ifndef LASER_SCHEDULER_H
#define LASER_SCHEDULER_H

#include "proc.h"

typedef enum {
    SIG_MSG,         /* msg */
    SIG_EXIT,        /* exit/2: msg = reason */
    SIG_EXIT_LINKED, /* a linked process exited: msg = reason */
    SIG_LINK,
    SIG_UNLINK,
    SIG_MONITOR,   /* from monitors the receiver: ref; msg = name or NIL */
    SIG_DEMONITOR, /* ref */
    SIG_DOWN,      /* msg = the whole 'DOWN' message; ref = the monitor */
    SIG_GROUP_LEADER, /* msg = the new group leader */
    SIG_SUSPEND,   /* acts when sent (see sig_send); ref[0] = SUSP_REPLY_*,
                      msg = the reply's tag */
    SIG_RESUME,
    SIG_ALIAS_MSG, /* msg sent through alias ref: kept only if the alias is
                      still active when it arrives (erts) */
    SIG_GC,        /* garbage_collect request: msg = ReqId, ref[0] = major */
} sig_kind_t;

/* The reply a suspend signal asks for: none (asynchronous), {Ref, true}
 * once suspended (synchronous: erlang.beam waits for it), {Tag, suspended}
 * ({asynchronous, Tag}); a dead target answers {Ref, badarg} or
 * {Tag, exited}. */
enum { SUSP_REPLY_NONE = 0, SUSP_REPLY_SYNC, SUSP_REPLY_TAG };

typedef struct sig {
    struct sig *next;
    sig_kind_t kind;
    term from;       /* the sending pid (or NIL) */
    term msg;        /* in frag (or immediate) */
    uint32_t ref[3];
    bool inl;        /* allocated inside frag (sig_new): goes with it */
    gc_frag_t *frag; /* NULL if msg is immediate */
} sig_t;

/* ---- the process table ---- */
/* Start the table (max processes, OTP's +P) and the scheduler state. */
void sched_init(unsigned nsched, uint32_t max_procs);
/* A new process in the table (state WAITING, not queued); NULL at the
 * table's limit (system_limit). */
proc_t *sched_new_proc(size_t min_heap_size);
/* Make a new process runnable (a new one: sched_new_proc returned it with
 * its run_lock held, released here). */
void sched_start(proc_t *p);
/* The live process of a local pid with a reference taken, or NULL. */
proc_t *sched_get(term pid);
void proc_unref(proc_t *p);
/* Processes in the table (erlang:processes/0 order: by number). */
term sched_processes(heap_t *h);
uint32_t sched_count(void);
/* erlang:memory/0,1: what the live processes hold and use (as each last
 * published it, proc.h), and the bytes of the process table and queues. */
void sched_memory(size_t *bytes, size_t *used);
size_t sched_table_memory(void);
bool sched_alive(term pid);

/* ---- registry ---- */
/* 0 ok; -1 the pid has a name already; -2 no such live process; -3 the
 * name is taken. */
int reg_register(term name, term pid);
bool reg_unregister(term name);
term reg_whereis(term name); /* pid or ATOM(undefined) */
term reg_names(heap_t *h);
/* p's registered name or NIL (p->reg_name is the registry's: read it so). */
term reg_name_of(proc_t *p);
/* Ports (port.c) keep their name in a slot of their own, under the
 * registry lock: drop the entry of id's name / read the slot. */
void reg_unregister_slot(term *slot, term id);
term reg_slot_read(const term *slot);

/* ---- signals ---- */
/* A fragment whose first block holds exactly `words`. */
gc_frag_t *sched_frag(size_t words);
/* A signal with msg copied into a new fragment: one allocation holds the
 * signal, the fragment and its block, so once the fragment is taken (its
 * term joins a heap or an off_heap queue) the signal's memory is the
 * fragment's and sig_free leaves it. */
sig_t *sig_new(sig_kind_t kind, term from, term msg);
/* A signal of that kind whose fragment holds exactly `words` (none if 0),
 * msg unset. */
sig_t *sig_alloc(sig_kind_t kind, term from, size_t words);
void sig_free(sig_t *s);
/* Deliver s to pid (or answer/drop it as a dead process would). */
void sig_send(term to, sig_t *s);
/* Send a message (copied) to a local pid; false if there was no such
 * process (the message is dropped). */
bool sched_send(proc_t *from, term to, term msg);
/* Handle p's inbox (p running or owned by its scheduler): messages join
 * the queue, the others act. False if p must exit: the reason is
 * p->fvalue. */
bool sig_handle(proc_t *p);

/* The receive timer t of p expired (timer.c). */
struct tmr;
void sched_wake_timeout(proc_t *p, const struct tmr *t);

/* ---- exiting ---- */
/* p (owned by the calling scheduler, not running) exits with reason:
 * links and monitors are told, the name is dropped, p leaves the table
 * (whose reference the caller then drops with proc_unref). */
void proc_exit(proc_t *p, term reason);

/* ---- monitors and links (used by the BIFs, erlang_proc.c) ---- */
void proc_add_link(proc_t *p, term pid);
bool proc_del_link(proc_t *p, term pid);
bool proc_has_link(const proc_t *p, term pid);
void proc_mon_add(proc_mon_t **v, uint32_t *n, uint32_t *cap, const proc_mon_t *m);
bool proc_mon_del(proc_mon_t *v, uint32_t *n, const uint32_t ref[3], proc_mon_t *out);
/* 'DOWN' for monitor ref (held by watcher) on item with reason. */
void sched_send_down(term watcher, const uint32_t ref[3], term item, term reason);
/* p monitors something that does not exist: 'DOWN' noproc for item. */
void sched_monitor_dead(proc_t *p, const uint32_t ref[3], term item);
/* A fresh reference's numbers (make_ref's counter). */
void sched_ref_numbers(uint32_t ref[3]);
term sched_make_ref(heap_t *h, const uint32_t ref[3]);

/* ---- aliases (erlang:alias/0,1, monitor/3's {alias, Mode}) ----
 * One table, reference numbers -> owner pid and mode, under one lock. A
 * message sent to a reference goes to the owner of an active alias and is
 * dropped otherwise (as any reference that is no alias). */
enum {
    ALIAS_EXPLICIT = 1,   /* until unalias/1 (or the owner exits) */
    ALIAS_DEMONITOR,      /* also removed by demonitor or the 'DOWN' */
    ALIAS_REPLY_DEMONITOR, /* also by the first message through it */
    ALIAS_REPLY,          /* alias([reply]): unalias or the first message */
};
/* mode 0 with a tag: no alias, only monitor/3's {tag, T} (THE_NON_VALUE:
 * none), which replaces 'DOWN' in the monitor's 'DOWN' message. */
void alias_add(proc_t *owner, const uint32_t ref[3], int mode, term tag);
/* Remove ref if owner holds it; false if it was no active alias of owner. */
bool alias_remove(proc_t *owner, const uint32_t ref[3]);
/* The monitor ref of owner is gone (demonitor, 'DOWN' delivered): its
 * demonitor-mode alias goes too. */
void alias_monitor_gone(proc_t *owner, const uint32_t ref[3]);
/* Send msg through the alias ref (dropped if none). */
void alias_send(proc_t *from, term ref, term msg);
/* The owner exits: its aliases go. */
void alias_proc_exit(proc_t *owner);

/* The reason a process that raised exits with, as OTP's: {R, Trace} for
 * errors, {{nocatch, V}, Trace} for throws, R for exits (built on p). */
term sched_exit_reason(proc_t *p);

/* ---- running ---- */
/* What the command line's first process does when its function returns or
 * raises: set up the next call and return true, or return false to let
 * it exit (main.c). */
typedef bool (*sched_boot_hook_t)(proc_t *p, bool raised);
extern sched_boot_hook_t sched_boot_hook;
/* Run the schedulers until sched_halt. */
_Noreturn void sched_run(void);
/* End the VM: flush output and exit with status. */
_Noreturn void sched_halt(int status);
/* Run by sched_halt before exit, output flushed (the JIT stops its
 * compiler thread there: destructors of libraries' statics run during
 * exit; it may end the VM with _exit(status) itself). */
extern void (*sched_halt_hook)(int status);
/* Scheduler threads (+S). */
extern unsigned sched_nthreads;
/* Schedulers online (erlang:system_flag(schedulers_online, N)): threads
 * numbered from sched_online up take no work (their queues are stolen
 * from) until it grows again. */
extern _Atomic unsigned sched_online;
void sched_set_online(unsigned n);
/* Start a detached thread running fn(arg); exits the VM if it cannot
 * (what names the thread in the message). */
void sched_thread_start(void *(*fn)(void *), void *arg, const char *what);

/* ---- dirty schedulers ----
 * Two pools of threads, dirty CPU (+SDcpu, one per scheduler by default)
 * and dirty I/O (+SDio, 10), started as work arrives. A BIF flagged
 * BIF_F_DIRTY_CPU/IO called by a process makes the interpreter return
 * VM_DIRTY; the scheduler queues the process on the pool (its state stays
 * RUNNING: signals to it queue in its inbox), a dirty thread runs the BIF
 * under the process's run_lock, keeps the result and queues the process on
 * a normal run queue, where it handles its signals (an exit signal kills it
 * then, as OTP does once a dirty call returns), takes the result and
 * collects if the BIF left much (GC_AFTER_BIF). Nested runs (vm_apply from
 * C) call dirty BIFs in place. */
extern unsigned sched_dirty_cpu, sched_dirty_io; /* pool sizes (0: default) */
/* Set by sched_run: dirty calls go to the pools (unit tests run them in
 * place). */
extern bool sched_dirty_on;
/* The calling thread's kind: 0 normal scheduler (or none), 1 dirty CPU,
 * 2 dirty I/O. */
int sched_thread_kind(void);
/* Long BIFs (OTP traps them; laser moves a large call to a dirty CPU
 * thread): a BIF whose input is large asks sched_can_go_dirty(p) and, if
 * true, returns sched_go_dirty(p); the interpreter then runs the call again
 * on a dirty CPU thread, where sched_can_go_dirty is false. True only on a
 * normal scheduler thread, outside nested runs, for a call through
 * call_ext/apply (p->dirty_ok: not a guard BIF instruction nor C code
 * calling a BIF). */
bool sched_can_go_dirty(const proc_t *p);
/* Dirty CPU schedulers (system_info dirty_cpu_schedulers) and how many run
 * calls at once (dirty_cpu_schedulers_online; the others wait). */
unsigned sched_dirty_cpu_count(void);
unsigned sched_dirty_cpu_online(void);
/* Dirty I/O schedulers (system_info dirty_io_schedulers): +SDio, or 10. */
unsigned sched_dirty_io_count(void);
void sched_set_dirty_cpu_online(unsigned n);
term sched_go_dirty(proc_t *p);

/* ---- counters for erlang:statistics/1 ----
 * Each scheduler thread (normal and dirty) counts its idle time: from the
 * VM's start while it does not exist yet, and while it waits for work. A
 * normal scheduler also counts the reductions and the processes it ran. */
typedef struct {
    _Atomic uint64_t reds, switches;
    _Atomic int64_t idle_ns;    /* idle time, closed intervals */
    _Atomic int64_t idle_since; /* timer_now_ns when it went idle, 0 while busy */
    _Atomic int64_t gc_ns;      /* time in collections while gc_stat_timing */
} sched_tstat_t;
/* Reductions of the slices that ended, and the slices (context switches). */
void sched_stat_totals(uint64_t *reds, uint64_t *switches);
/* Per run queue (normal ones, then the dirty CPU and dirty I/O pools'):
 * processes queued, and queued plus running. Returns sched_nthreads + 2. */
unsigned sched_stat_queues(uint32_t *len, uint32_t *active);
/* Idle nanoseconds up to now of each scheduler thread, and (gc non-NULL)
 * its collection time: the normal ones, the dirty CPU ones, the dirty I/O
 * ones (as many as each pool may start). Returns their count. */
unsigned sched_stat_idle(int64_t *idle, int64_t *gc, int64_t now);
/* timer_now_ns when the schedulers were made. */
int64_t sched_stat_t0(void);

#endif
