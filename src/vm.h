/*
 * vm.h - the interpreter: direct-threaded code over the internal
 * instructions of ops.def, and the code path it loads modules from on
 * demand (OTP's error_handler, done in C).
 *
 * Threading: vm_thread_module() rewrites a validated module in place. Every
 * op word becomes the address of its handler in vm_run (computed goto),
 * every label operand (kinds f, j, and the labels of t/T tables) becomes an
 * absolute code pointer (0 stays 0 = no fail label), and BIF calls are
 * specialised (ops.def's i_* instructions: the export operand becomes the
 * resolved `const bif_info_t *`). Threaded code is no longer valid input for
 * ops_validate/ops_dis; `laser --dis` and the loader tests never thread.
 *
 * Frames (OTP 24+ layout): a call pushes its continuation pointer (the
 * address after the call, 8-aligned, tag 00) onto the stack; `allocate N`
 * then moves stop down by N words, y(i) = stop[i], and the caller's CP sits
 * at stop[N]; `return` pops the CP. The bottom of every stack is a CP to
 * the i_exit instruction, which leaves vm_run.
 */
#ifndef LASER_VM_H
#define LASER_VM_H

#include "bif.h"
#include "module.h"
#include "ops.h"
#include "proc.h"

#include <laser/abi.h>

/* Registers of one scheduler: the running process's x and float registers.
 * Handlers index these arrays directly. */
typedef struct vm_sched {
    term x[LD_MAX_REG];
    double f[LD_MAX_REG];
} vm_sched_t;

/* The JIT tier's hooks into the interpreter (jit/ fills them in at start-up;
 * all NULL: interpreter only, +Joff). See docs/architecture.md, JIT. */
typedef struct {
    /* a module was threaded, before it is installed (eager compilation) */
    void (*threaded)(ld_module_t *m);
    /* the call counter of the function entry at `entry` (an i_func_entry
     * instruction) reached hot_calls (the hook may set it back to 0) */
    void (*hot)(const uint64_t *entry);
    uint64_t hot_calls;
    /* call a native function from C (its convention is not C's, abi.h) */
    const uint64_t *(*enter)(abi_native_fn fn, abi_state_t *st, term *E, term *HTOP);
    /* the native entry of a label the interpreter jumps to from outside
     * the code (an exception handler, a receive resumed after a wait), or
     * NULL (abi_cont) */
    abi_native_fn (*label)(const uint64_t *I);
} vm_jit_hooks_t;
extern vm_jit_hooks_t vm_jit;

/* The threaded op word of an instruction (what the JIT switches an entry
 * to, and compares call targets with). */
uint64_t vm_op_word(ops_t op);

/* Initialise the loader, the BIF table, the interpreter's dispatch table
 * and the BIF export stubs. Idempotent. */
void vm_init(void);

/* Thread a loaded (and not yet installed) module; see above. */
void vm_thread_module(ld_module_t *m);
/* Collect with the process's roots (x[0..live-1] among them) making room
 * for `need` words. True: the process went over max_heap_size with kill
 * set and must exit with reason killed. (vm.c; native code's abi_gc.) */
bool vm_gc(proc_t *p, term *x, size_t need, size_t live);

/* The BIF (bifs.def) implementing an export entry, or NULL. */
const bif_info_t *vm_bif_resolve(const export_entry_t *ep);
/* erlang:apply/2,3: instructions, not BIFs, yet exported as erl's are. */
bool vm_is_apply_export(const export_entry_t *ep);

/* How a run ended. VM_YIELD: the slice was used up (resume at p->i with
 * p->xsave); VM_WAIT: a receive found nothing (resume at p->i, its
 * loop_rec); VM_EXIT: the process must exit with reason p->fvalue (an
 * exit signal it does not trap, exit(self(), kill)); VM_DIRTY: the call
 * at p->i is a dirty BIF (p->dirty_bif) to run on a dirty scheduler with
 * the arguments in p->xsave; resumed at p->i, the call takes its result
 * (p->dirty_done). */
typedef enum { VM_RETURNED = 0, VM_RAISED = 1, VM_YIELD, VM_WAIT, VM_EXIT, VM_DIRTY } vm_result_t;

/* Resume (or start) p on scheduler registers s until it yields, waits,
 * returns from its first function or raises. */
vm_result_t vm_execute(proc_t *p, vm_sched_t *s);
/* Set up a new process p to run apply(M, F, Args) (fun = F) or, with fun
 * THE_NON_VALUE, apply(Fun, Args) (fun_or_mod = Fun); the terms must be on
 * p's heap. */
void vm_start_apply(proc_t *p, term fun_or_mod, term fun, term args);
/* Send msg to a pid, a registered name or {Name, Node}: 0, or -1 (badarg:
 * no such name, not a destination). The interim I/O server is the
 * interpreter's business (send instruction). */
int vm_send(proc_t *p, term to, term msg);

/* Run ep(args...) in process p to completion on scheduler registers s, as
 * a nested run (from C, inside p's own run or before it starts): it never
 * yields, and a receive that finds nothing raises.
 * VM_RETURNED: *result is the return value. VM_RAISED: the uncaught
 * exception is p->fclass / p->fvalue / p->fstacktrace. */
vm_result_t vm_apply(proc_t *p, vm_sched_t *s, export_entry_t *ep, const term *args, unsigned arity, term *result);

/* The same, starting at a code address of an installed (or pending)
 * module instead of an export. */
vm_result_t vm_apply_code(proc_t *p, vm_sched_t *s, const uint64_t *code, const term *args, unsigned arity,
                          term *result);

/* The boot (main.c) starts: until init's boot script reports `started`,
 * +Jeager leaves loaded modules interpreted; after it, `stress` (GC stress,
 * LASER_GC_STRESS=1) turns on for the process that runs -eval/-s/-run and
 * every process spawned after. */
void vm_boot_begin(bool stress);

/* ---- code path and loading on demand (vm_code.c) ---- */
/* Add a directory to the front (-pa) or the end (-pz) of the code path. */
void vm_path_add(const char *dir, bool at_end);
/* Append $LASER_OTP_ROOT (default LASER_OTP_ROOT_DEFAULT) lib/x/ebin dirs. */
void vm_path_add_otp(void);
/* Load module `name` from the code path, thread and install it. True if a
 * current version exists afterwards. A module with an on_load function
 * runs it in p (x[0..live-1] are kept) and is installed only if it
 * returns ok (a report goes to stderr otherwise); without a process (p
 * NULL, vm_autoload) such a module is not loaded. */
bool vm_autoload_in(proc_t *p, vm_sched_t *s, term name, unsigned live);
bool vm_autoload(term name);
/* Load, thread and install a .beam file; 0, or -1 with a reason in errbuf
 * ("on_load_failure" if its on_load function did not return ok). */
int vm_load_file_in(proc_t *p, vm_sched_t *s, const char *path, term name_hint, char *errbuf, unsigned live);
int vm_load_file(const char *path, term name_hint, char *errbuf);
/* True once the OTP boot runs: an undefined function is then the error
 * handler's (OTP: error_handler asks the code server), not vm_autoload's. */
extern bool vm_code_via_handler;
/* p's error handler's undefined_function/3 (undefined_lambda/3 if lambda)
 * when it can be called, else NULL (the call is undef; also in the direct
 * mode, where vm_autoload loads). */
export_entry_t *vm_code_handler(const proc_t *p, bool lambda);
/* The on_load function of name's version waiting for it, or NULL
 * (erlang:call_on_load_function/1). */
const uint64_t *vm_code_on_load_entry(term name);
/* Does t run or return to name's old code (check_process_code)? t is not
 * running: its scheduler's run lock is held, or t is the caller. */
bool vm_code_in_old(const proc_t *t, term name);

/* ---- maps, funs and apply, shared with native code (vm_abi_map.c) ---- */
/* put_map_assoc/put_map_exact at I, sources from x and E: the new map
 * (built in p's window; no collection), or THE_NON_VALUE with nothing
 * built and bad = {badmap, Map} or {badkey, Key}. */
term vm_put_map(proc_t *p, const uint64_t *I, const term *x, const term *E, bool exact, term bad[2]);
/* A fun just built on p's heap (header, entry, arity, num_free, env set):
 * its creator, a reference to its entry, its place on the off-heap chain
 * of `window` (NULL: the young heap's, for a fun built at HTOP). */
void vm_fun_link(proc_t *p, term_fun_t *f, heap_t *window);
/* apply's export M:F/arity (created if new), or NULL if M or F is no atom. */
export_entry_t *vm_apply_export(term m, term f, unsigned arity);
/* erlang:apply/2,3 with its arguments in x[0..arity-1] (M, F, Args or
 * Fun, Args): when the target has code, Args go to x[0..], then a local
 * fun's environment, and the code is returned; else NULL with x
 * unchanged (bad arguments, wrong arity, undefined: the slow paths). */
const void *vm_apply_spread(term *x, unsigned arity);
/* The raise of func_info (error:function_clause, the arguments x[0..
 * arity-1] in the trace) or of a generic bif0..gc_bif3 (error:undef of
 * its BIF, which exists nowhere) at I: class, reason and trace set, the
 * sources read from x and E. */
void vm_raise_at(proc_t *p, const uint64_t *I, ops_t op, const term *x, const term *E);

/* ---- exceptions and messages shared by the interpreter's handlers and
 * native code's ABI functions (vm_abi_msg.c) ---- */
/* The trace list of a handler's raw trace (x3: {Class, Trace}), built on
 * proc_heap(p) (the caller closes it). */
term vm_raw_trace(proc_t *p, term raw);
/* catch_end after an exception: the catch's value for class, reason and
 * raw trace (x1..x3), built on proc_heap(p). */
term vm_catch_value(proc_t *p, term cls, term reason, term raw);
/* The exception of `raise Raw Value` (trace delivered), of raw_raise
 * (false: cls is no class). */
void vm_exc_rethrow(proc_t *p, term raw, term value);
bool vm_exc_raw_raise(proc_t *p, term cls, term value, term raw);
/* send: false with error:badarg set (the trace names erlang:send/2). */
bool vm_send_insn(proc_t *p, term to, term msg);
/* loop_rec found no message at the save pointer: take the signals that
 * arrived. 1: a message is there now; 0: none; -1: a signal ended the
 * process (reason in p->fvalue). */
int vm_recv_arrived(proc_t *p);
/* remove_message */
void vm_recv_remove(proc_t *p);
/* wait_timeout's timeout t: go on after the receive, wait, or error:timeout_value. */
typedef enum { VM_RECV_ON, VM_RECV_WAIT, VM_RECV_BAD } vm_recv_t;
vm_recv_t vm_recv_timeout(proc_t *p, term t);
/* receive markers (recv_marker_*) */
int64_t vm_mark_reserve(proc_t *p);
void vm_mark_bind(proc_t *p, term marker, term ref);
void vm_mark_clear(proc_t *p, term ref);
void vm_mark_use(proc_t *p, term ref);
/* abi_state_t.raise_bif markers an ABI function leaves when native code
 * exits: an exception raised (class, reason and trace in the process),
 * the process ending (reason in p->fvalue). */
extern const char vm_abi_raised[1], vm_abi_exited[1];

/* The class atom of an exception class. */
term vm_class_atom(exc_class_t c);

/* NIF stubs: the code offset of function fi's body (after its entry
 * instruction), and binding it to b (a built-in BIF or a loaded NIF,
 * nif.c): its body becomes `i_bif_stub b`. False if the function is too
 * short to hold that. */
uint32_t vm_body_of(const ld_module_t *m, uint32_t fi);
bool vm_bind_nif(ld_module_t *m, uint32_t fi, const bif_info_t *b);

/* The function containing code address pc: false if none (a stub). */
bool vm_code_mfa(const void *pc, term *m, term *f, unsigned *arity);

/* Stack traces (vm_exc.c): how the top of the trace looks. */
typedef enum {
    VM_TRACE_PLAIN,  /* {M,F,Arity,Loc} of the function at pc */
    VM_TRACE_ARGS,   /* the same with the given argument list for Arity
                        (function_clause; erlang:error/2,3) */
    VM_TRACE_BIF,    /* {BifM,BifF,Args,[error_info]} first */
    VM_TRACE_UNDEF,  /* {M,F,Args,[]} of the undefined function first */
} vm_trace_kind_t;
/* The stack trace of an exception raised at pc, taken raw on proc_heap(p)
 * (vm_exc.c): the top entry as kind says, then the function at pc, then
 * one entry per continuation pointer on the stack [stop, hend), at most
 * backtrace_depth entries (OTP's 8). `mfa` is a bif_info_t* (BIF) or
 * export_entry_t* (UNDEF); args has the arity's terms (ARGS: args[0] is
 * the list itself); extra is appended to the top entry's location list
 * (error/3's error_info) or NIL. The raw form goes where the trace goes
 * (p->fstacktrace, a handler's x3); vm_trace_build makes the list. */
/* Entries a stack trace keeps (system_flag backtrace_depth; OTP's 8). */
extern _Atomic int vm_backtrace_depth;
term vm_stacktrace(proc_t *p, const uint64_t *pc, const term *stop, vm_trace_kind_t kind, const void *mfa,
                   const term *args, term extra);
/* The list of a trace: a raw one built on proc_heap(p) (the caller closes
 * it), a list (erlang:raise/3's) as it is. */
term vm_trace_build(proc_t *p, term trace);

#endif
