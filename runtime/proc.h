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

/* Exception classes (the atom is the class as `catch C:R` sees it). */
typedef enum { EXC_NONE = 0, EXC_ERROR, EXC_EXIT, EXC_THROW } exc_class_t;

typedef struct proc {
    gc_heap_t mem;

    term id;           /* the pid */
    term group_leader; /* a pid */
    /* Process dictionary: a proper list of {Key, Value} 2-tuples on the
     * process heap, most recently inserted first (a GC root). */
    term dict;

    /* ---- execution state (see above) ---- */
    const uint64_t *i;  /* where to resume (threaded code), NULL: not started */
    term *xsave;        /* live x registers while not running (malloc'd) */
    uint32_t xlive;     /* how many xsave holds */
    uint32_t catches;   /* active catch/try frames on the stack */
    uint64_t reds;      /* reductions executed (calls), for process_info */

    /* Message queue, oldest first: terms on this process's heap (a GC
     * root). mq_save is where the current receive looks next (OTP's save
     * pointer). Only messages a process sends itself exist until the
     * scheduler issue adds signals between processes. */
    term *mq;
    uint32_t mq_len, mq_cap, mq_save;

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

/* Raising from C: set the exception and return THE_NON_VALUE. */
static inline term proc_raise(proc_t *p, exc_class_t cls, term reason)
{
    p->fclass = cls;
    p->fvalue = reason;
    p->finfo = THE_NON_VALUE;
    return THE_NON_VALUE;
}

#endif
