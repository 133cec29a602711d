/*
 * trace.h - process and call tracing (OTP's erlang:trace/3, trace_pattern/3,
 * trace_info/2, trace_delivered/1; erts' erl_trace.c and erl_bif_trace.c).
 *
 * A traced process has trace flags (TF_*) and a tracer (a local pid) in its
 * proc_t. Every hook in the runtime tests the flags with one relaxed load
 * (trace_on) and calls into trace.c only when set, so tracing costs nothing
 * measurable while off. A trace message is built on a scratch heap and
 * posted straight into the tracer's inbox as a message from the traced
 * process (sig_send), so it is in the tracer's inbox when the event's
 * code returns: erlang:trace_delivered/1 answers at once.
 *
 * Call tracing goes through export entries (global patterns): a traced
 * export's address is redirected to a small stub (trace_bp_t.code, the
 * i_trace_stub instruction) that reports the call and goes on at the real
 * code. Native code reaches exports through the same address and exits to
 * the interpreter at a stub (its op word is no native entry), so the JIT
 * needs nothing more. return_trace/exception_trace push a three-word frame
 * (the i_return_trace code as CP, the breakpoint, the caller's CP) that
 * the GC and the stack walkers see as continuation pointers outside every
 * module.
 */
#ifndef LASER_TRACE_H
#define LASER_TRACE_H

#include "proc.h"

/* Trace flags of a process (proc_t.trace_flags). */
#define TF_SEND (1u << 0)
#define TF_RECEIVE (1u << 1)
#define TF_PROCS (1u << 2)
#define TF_CALL (1u << 3)
#define TF_RETURN_TO (1u << 4)
#define TF_RUNNING (1u << 5)
#define TF_EXITING (1u << 6)
#define TF_GC (1u << 7)
#define TF_TIMESTAMP (1u << 8)
#define TF_ARITY (1u << 9)
#define TF_SOS (1u << 10)  /* set_on_spawn */
#define TF_SOFS (1u << 11) /* set_on_first_spawn */
#define TF_SOL (1u << 12)  /* set_on_link */
#define TF_SOFL (1u << 13) /* set_on_first_link */
#define TF_SILENT (1u << 14)
#define TF_PORTS (1u << 15)
#define TF_RUNNING_PROCS (1u << 16)
#define TF_RUNNING_PORTS (1u << 17)
#define TF_MONO_TS (1u << 18)
#define TF_STRICT_MONO_TS (1u << 19)
#define TF_SCHED_ID (1u << 20)

static inline uint32_t trace_flags(const proc_t *p)
{
    return atomic_load_explicit(&p->trace_flags, memory_order_relaxed);
}
/* The hooks' one test. */
#define trace_on(p, f) __builtin_expect((trace_flags(p) & (f)) != 0, 0)

/* A traced export (trace_pattern/3): code = {i_trace_stub op word, this}. */
struct ms_prog;
typedef struct trace_bp {
    uint64_t code[2];           /* the stub the export's address points to */
    struct export_entry *ep;
    const void *orig;           /* the export's real address */
    struct ms_prog *_Atomic ms; /* match spec, NULL: none (always true) */
    _Atomic bool traced;        /* call tracing */
    _Atomic bool local;         /* set as local (still only calls through the export) */
    _Atomic bool counting;      /* call_count */
    _Atomic bool meta;          /* meta tracing to meta_tracer */
    struct ms_prog *_Atomic meta_ms;
    _Atomic uint64_t meta_tracer;
    _Atomic int64_t count;      /* call_count: calls so far */
    _Atomic bool count_paused;
    struct trace_bp *next;      /* every breakpoint ever made (never freed) */
} trace_bp_t;

/* ---- hooks (call only when trace_on says so) ---- */
/* p sent msg to `to` (a pid, port, name...); exists: the destination was
 * found (else send_to_non_existing_process). */
void trace_send(proc_t *p, term to, term msg, bool exists);
/* msg entered p's message queue. */
void trace_receive(proc_t *p, term msg);
/* {trace, Pid, What, Arg}: link, unlink, getting_linked, getting_unlinked,
 * register, unregister, exit. */
void trace_proc(proc_t *p, term what, term arg);
/* Parent spawned child (child's initial call M:F(Args), F = THE_NON_VALUE
 * for a fun M; link: spawn_link): the child gets its flags (set_on_spawn /
 * first spawn, else the defaults for new processes; spawn_link adds
 * set_on_link's), then spawn (and
 * link) and spawned (and getting_linked) are reported. Called for every
 * spawn: the test is inside (a spawn is no hot path). */
void trace_spawned(proc_t *parent, proc_t *child, term m, term f, term args, bool link);
/* running: p is scheduled in (in) or out; exiting: in_exiting etc. */
void trace_sched(proc_t *p, bool in, bool exiting);
/* garbage_collection: start (before) or end (after) of a collection. */
void trace_gc(proc_t *p, bool major, bool start);

/* The interpreter's stub: the call of bp's function with args x[0..arity-1]
 * by p, whose caller's CP is cp (NULL: unknown). Returns MS_FLAG_* bits of
 * the match spec (the caller pushes a return-trace frame when set). */
unsigned trace_call(proc_t *p, trace_bp_t *bp, const term *x, const void *cp);
/* The return-trace frame: bp's function returned val (or raised: cls,val). */
void trace_return(proc_t *p, trace_bp_t *bp, term val);
void trace_exception(proc_t *p, trace_bp_t *bp, term cls, term val);

/* The return-trace frame's CP (vm.c fills in the op words): [0] for
 * return_trace, [1] for exception_trace (which reports returns too). */
extern uint64_t trace_return_code[2];
/* An exception unwinds the stack words [from, to): exception_from for each
 * exception_trace frame there. */
void trace_unwind(proc_t *p, const term *from, const term *to, term cls, term val);

/* ---- patterns (bif/erlang_trace.c) ---- */
enum { TRACE_COUNT_ON = 1, TRACE_COUNT_OFF, TRACE_COUNT_PAUSE, TRACE_COUNT_RESTART };
typedef struct {
    bool set_call, call, local; /* call tracing on/off, with call_ms */
    struct ms_prog *call_ms;
    bool set_meta, meta;   /* meta tracing on/off, with meta_ms, to meta_tracer */
    struct ms_prog *meta_ms;
    term meta_tracer;
    bool set_count;        /* call_count: count_op */
    int count_op;
} trace_bp_change_t;
struct export_entry;
void trace_bp_set(struct export_entry *ep, const trace_bp_change_t *c);
/* The breakpoint of ep (NULL: never made), and whether ep goes through it. */
trace_bp_t *trace_bp_find(const struct export_entry *ep);
bool trace_bp_installed(const trace_bp_t *bp);

/* trace_pattern(send | 'receive', true | false): false stops those events. */
bool trace_event_on(bool send);

/* Defaults for processes spawned from now on (erlang:trace(new, ...)). */
void trace_new_defaults(uint32_t *flags, term *tracer);
void trace_set_new_defaults(uint32_t flags, term tracer);

#endif
