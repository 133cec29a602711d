/*
 * proc.h - an Erlang process as the runtime sees it.
 *
 * This is the part every BIF and the interpreter share: the process memory
 * (gc.h), the exception being raised, and the allocation window BIFs build
 * their results in. The interpreter issue adds the execution state
 * (registers, code pointers, reductions, message queue, links...); the
 * layout native code touches will be fixed in include/laser/abi.h.
 *
 * Execution state (the interpreter's, src/vm.c): while a process runs, the
 * scheduler's x and float register arrays (vm_sched_t, LD_MAX_REG each) hold
 * its registers and the interpreter keeps its instruction pointer, heap top
 * and stack pointer in locals; they are written back here (i, mem.htop,
 * mem.stop, xsave) whenever control leaves the interpreter loop. Only the
 * live x registers are saved at a context switch (xsave[0..xlive-1]), so a
 * process costs no 1024-register array. The stack is mem's [stop, hend):
 * y registers and continuation pointers (code addresses, 8-aligned, tag 00,
 * which the GC skips) and catch immediates (term_make_catch).
 *
 * BIF allocation rule: a BIF never garbage-collects. It builds its result
 * with the ordinary heap_t constructors on proc_heap(p), a window onto the
 * free part of the young heap; what does not fit spills into malloc'd
 * blocks that proc_heap_close turns into a heap fragment. So a BIF may hold
 * C pointers to terms for as long as it runs, and the next test_heap or
 * allocate collects the fragment like any other young data.
 */
#ifndef LASER_PROC_H
#define LASER_PROC_H

#include "gc.h"
#include "pdict.h"

#include <pthread.h>
#include <stdatomic.h>

/* Exception classes (the atom is the class as `catch C:R` sees it). */
/* EXC_RETRY is no exception: a BIF called through call_ext/apply that
 * cannot finish now (another process is busy) returns THE_NON_VALUE with
 * it (BIF_RETRY); the interpreter yields and calls the BIF again.
 * EXC_HIBERNATE: erlang:hibernate/3 asks the interpreter to drop the
 * stack and wait. EXC_DIRTY: a long BIF call (a large input) asks to be
 * run on a dirty CPU scheduler (sched_go_dirty). EXC_TRAP: the BIF goes
 * on in Erlang (bif_trap): finfo is the export fun to call in its place,
 * fvalue the argument list. */
typedef enum { EXC_NONE = 0, EXC_ERROR, EXC_EXIT, EXC_THROW, EXC_RETRY, EXC_HIBERNATE, EXC_DIRTY, EXC_TRAP } exc_class_t;

/* A slice: reductions a process may use before it yields (OTP's
 * CONTEXT_REDS). */
#define PROC_SLICE 4000

/* Priorities, highest first (OTP's PRIORITY_MAX..PRIORITY_LOW). */
enum { PRIO_MAX = 0, PRIO_HIGH, PRIO_NORMAL, PRIO_LOW, PRIO__COUNT };

/* proc_t.state, changed under proc_t.lock (scheduler.c). */
enum {
    PS_WAITING = 0, /* in receive with nothing to do */
    PS_RUNQ,        /* in a run queue */
    PS_RUNNING,     /* on a scheduler */
    PS_EXITING,     /* exit handling done or under way: never runs again */
    PS_NEW,         /* made, not started yet (signals wait in the inbox) */
    PS_SUSPENDED,   /* runnable but suspended: in no run queue (resume queues it) */
};

/* proc_t.flags, the process's own (written only while it runs or by the
 * scheduler that owns it). */
#define PF_TRAP_EXIT 0x1u
#define PF_TIMER 0x2u      /* a receive ... after timer is armed */
#define PF_SENSITIVE 0x4u  /* process_flag(sensitive) */
#define PF_SAVE_CALLS 0x8u /* process_flag(save_calls, N > 0) */
#define PF_KILLED 0x10u    /* must exit with fvalue as reason, no catch */
#define PF_MSCHED 0x40u     /* has blocked multi-scheduling (erlang_sysflag.c) */
#define PF_MQ_OFF_HEAP 0x20u /* message_queue_data off_heap: queued messages
                                stay in their fragments until received */

/* What a suspender holds (erlang:suspend_process/2): the processes it
 * suspends and how many times; only the suspender changes it. */
typedef struct proc_susp {
    term pid;
    uint32_t active;
} proc_susp_t;

/* Defaults for new processes, set by erlang:system_flag/2 (OTP's
 * H_MIN_SIZE, BIN_VH_MIN_SIZE, erts_max_gen_gcs, H_MAX_SIZE/H_MAX_FLAGS):
 * min_heap_size and min_bin_vheap_size in words (sizes of the heap size
 * table), fullsweep_after, and max_heap_size packed as size << 2 | kill << 1
 * | error_logger. */
extern _Atomic size_t proc_default_min_heap, proc_default_min_bin_vheap;
extern _Atomic uint32_t proc_default_fullsweep;
extern _Atomic uint64_t proc_default_max_heap;

/* A monitor, as either end records it (scheduler.c). */
typedef struct proc_mon {
    uint32_t ref[3]; /* the reference's numbers */
    term pid;        /* the other end */
    term name;       /* registered name monitored (NIL if by pid) */
} proc_mon_t;

/* A receive marker (OTP 25's recv_marker_*): messages before `pos` are
 * older than the reference the marker is bound to. */
typedef struct proc_mark {
    uint32_t ref[3];
    uint32_t pos; /* an mq index; kept valid when messages before it go */
    bool used, bound;
} proc_mark_t;
#define PROC_MARKS 4

struct sig;
struct tmr;

typedef struct proc {
    gc_heap_t mem;

    term id;           /* the pid */
    term group_leader; /* a pid */
    /* Process dictionary (pdict.h): its bucket array is a GC root. */
    pdict_t dict;

    /* ---- execution state (see above) ---- */
    const uint64_t *i;  /* where to resume (threaded code), NULL: not started */
    term *xsave;        /* live x registers while not running (malloc'd) */
    uint32_t xlive;     /* how many xsave holds */
    uint32_t xcap;      /* xsave's capacity */
    uint32_t catches;   /* active catch/try frames on the stack */
    uint32_t nest;      /* nested runs (vm_apply from C): no preemption */
    /* Reductions left in this slice: the interpreter keeps it in a local
     * and writes it back here whenever it leaves its loop (or calls a
     * BIF, which may charge more by lowering it); at 0 a call yields. A
     * native tier reads and decrements the same field. */
    int64_t fcalls;
    uint64_t reds;      /* reductions executed, for process_info */

    /* Message queue, oldest first: terms on this process's heap (a GC
     * root): live messages are mq[mq_head .. mq_len). mq_save is where the
     * current receive looks next (OTP's save pointer). */
    term *mq;
    uint32_t mq_head, mq_len, mq_cap, mq_save;
    proc_mark_t *marks; /* PROC_MARKS receive markers, allocated on first use */

    /* The exception being raised: set by a BIF that returns THE_NON_VALUE. */
    exc_class_t fclass;
    term fvalue;  /* the reason (error/exit) or the thrown term */
    term finfo;   /* THE_NON_VALUE, or OTP 25's error_info `cause` for the
                     stack trace's extra info (error_info maps) */
    term fstacktrace; /* the interpreter's stack trace of the exception
                         being handled: a list as build_stacktrace returns
                         it (NIL when none; a GC root) */

    /* BIF allocation window (see above); open while hwin_open. */
    heap_t hwin;
    term *hwin_start;
    bool hwin_open;

    /* ---- scheduling and signals (scheduler.c) ---- */
    pthread_mutex_t lock;       /* inbox, state */
    pthread_mutex_t run_lock;   /* held by the scheduler running the process
                                   and by a process_info reading it */
    _Atomic uint32_t state;     /* PS_* */
    _Atomic uint32_t refc;      /* the table's reference + lookups in flight */
    _Atomic int timed_out;      /* the receive timer fired */
    uint32_t flags;             /* PF_* */
    uint8_t prio, max_heap_flags;
    uint32_t suspended;         /* erlang:suspend_process count */
    struct sig *in_head, *in_tail; /* signal inbox (under lock), oldest first */
    _Atomic bool in_any;        /* in_head != NULL (written under lock): lets
                                   sig_handle skip the lock of an empty inbox */
    struct proc *rq_next;       /* run queue link */
    _Atomic uint32_t runq;      /* the run queue it last ran from */
    struct tmr *rtimer;         /* receive ... after timer (PF_TIMER) */
    term reg_name;              /* registered name or NIL (registry lock) */
    term init_mfa[3];           /* initial call: M, F, arity */
    term error_handler;         /* process_flag(error_handler): 0 = error_handler */
    /* A dirty BIF call (scheduler.c): the BIF (a bif_info_t) a dirty
     * thread is to run, its result once done (the interpreter takes it when
     * the process resumes at the call). */
    const void *dirty_bif;
    term dirty_result;
    bool dirty_done;
    bool dirty_ok; /* the BIF running was called where it may go dirty */
    _Atomic bool dirty_running; /* on a dirty scheduler (process_info) */
    term *links;                /* linked pids */
    uint32_t nlinks, links_cap;
    proc_mon_t *mons;           /* monitors this process holds */
    uint32_t nmons, mons_cap;
    proc_mon_t *monby;          /* monitors held on this process */
    uint32_t nmonby, monby_cap;
    _Atomic uint32_t naliases;  /* active aliases (scheduler.c's table) */
    proc_susp_t *susp;          /* processes this one suspends */
    uint32_t nsusp, susp_cap;
    struct sig *susp_wait;      /* replies to synchronous suspends, sent when
                                   the process stops running (under lock) */
    struct sig *tasks;          /* system tasks (garbage_collect requests),
                                   run when it next stops running */
    /* off_heap message queue: the fragment of each queued message that is
     * not on the heap yet (parallel to mq, NULL where none), their words */
    gc_frag_t **mq_frags;
    size_t mq_off_words;
    /* erlang:memory/0,1: bytes this process holds and uses, published by
     * its scheduler when it stops running (read without its locks) */
    _Atomic size_t mem_bytes, mem_used;
    /* tracing (trace.h): TF_* flags, and the tracer's pid (0: none); set
     * by erlang:trace/3 from any process, read by the hooks */
    _Atomic uint32_t trace_flags;
    _Atomic term tracer;
} proc_t;

/* A process with an empty heap of min_heap_size words (0: OTP's default)
 * and the given pid; for the interpreter and for tests that call BIFs. */
proc_t *proc_new(term pid, size_t min_heap_size);
void proc_free(proc_t *p);

/* The heap a BIF builds on (opens the window if needed). */
heap_t *proc_heap(proc_t *p);
/* Close the window: the young heap's top moves past what was built in it,
 * spilled blocks become a heap fragment, off-heap objects join the right
 * chains. Called by whoever called the BIF; a no-op if nothing is open. */
void proc_heap_close(proc_t *p);

/* The message queue (scheduler.c): append a term already on p's heap; remove
 * the message at index k (receive markers stay valid; the save pointer
 * goes back to the oldest message). */
void proc_mq_push(proc_t *p, term msg);
void proc_mq_remove(proc_t *p, uint32_t k);
/* Off-heap queued messages join the heap (message_queue_data on_heap). */
void proc_mq_attach_all(proc_t *p);

/* Bytes p holds (process_info memory) and uses; proc_publish_memory makes
 * them visible to erlang:memory/0,1 (p not running elsewhere). */
size_t proc_memory(const proc_t *p);
void proc_publish_memory(proc_t *p);

/* Raising from C: set the exception and return THE_NON_VALUE. */
static inline term proc_raise(proc_t *p, exc_class_t cls, term reason)
{
    p->fclass = cls;
    p->fvalue = reason;
    p->finfo = THE_NON_VALUE;
    return THE_NON_VALUE;
}

#endif
