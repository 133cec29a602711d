/*
 * ms.h - match specifications (OTP's erl_db_util.c "db_match_*"): compile a
 * specification once into an immutable program, run it against terms.
 *
 * Used by ETS (ets:select/match/match_object and friends, with the table
 * kind), by erlang:match_spec_test/3 and ets:match_spec_compile/run_r
 * (runtime/bif/ms.c), and later by call tracing (the trace kind).
 *
 * Grammar (OTP 25, as erl on this machine): a spec is a proper list of
 * {Head, Guards, Body} clauses. Head is a pattern with '_' and '$N'
 * variables (N >= 0; a repeated variable must match equal terms with
 * =:=); in the trace kind it is a list (the arguments), '_' or a variable.
 * Guards and Body are lists of expressions: constants, '$N' (bound in the
 * head), '$_' (the whole object), '$$' (the list of bound variables in
 * number order), {const, T}, tuples written {{...}}, lists, maps, and
 * calls {F, Args...} of the guard functions (type tests, element, hd,
 * tl, length, map_size, map_get, is_map_key, abs, float, trunc, round,
 * size, byte_size, bit_size, binary_part, node, self, arithmetic,
 * bitwise, comparisons, andalso/orelse/and/or/not/xor), plus the action
 * functions of the trace kind (message, return_trace, ...), which are
 * compiled and checked but only recorded when run (call tracing,
 * runtime/trace.c, acts on message, return_trace and exception_trace;
 * caller answers ms_trace_caller). A guard that raises or is not `true` makes the clause fail;
 * an exception in a body expression makes that expression 'EXIT'.
 *
 * Memory: a program owns everything it refers to (constants are copied
 * into its own heap at compile time), so the spec term may be freed or
 * collected after ms_compile. ms_run builds its result on the heap it is
 * given; the result never points into the object (for ETS the object lives
 * in table memory) nor into the program (which may be released while the
 * result lives). Guard functions run as the process's BIFs, so temporary
 * terms may also be left on proc_heap(p) (garbage for the next GC).
 *
 * Threads: a program is immutable after ms_compile and may be run by any
 * number of schedulers at once; ms_retain/ms_release are atomic. ms_run
 * keeps its working state on the C stack (or malloc'd when large) and
 * touches no global state.
 */
#ifndef LASER_MS_H
#define LASER_MS_H

#include "proc.h"

typedef struct ms_prog ms_prog_t;

/* The dialect: what heads look like and which functions are allowed. */
typedef enum { MS_TABLE = 0, MS_TRACE = 1 } ms_kind_t;

/* ms_run's answer. */
typedef enum {
    MS_NOMATCH = 0, /* no clause matched (or every matching clause's guard failed) */
    MS_MATCH = 1,   /* *result holds the body's value */
    MS_ERROR = -1,  /* the program cannot run on this input (a trace
                       program given a non-list): badarg for the caller */
} ms_result_t;

/* Trace flags a trace program's body set while running (ms_run's flags). */
#define MS_FLAG_RETURN_TRACE 1u
#define MS_FLAG_EXCEPTION_TRACE 2u

/*
 * Compile `spec` (a term on any heap). Returns a program with one
 * reference held by the caller, or NULL if the spec is not valid. When
 * `errors` is non-NULL it receives, built on `eh`, the list of
 * {error, String} / {warning, String} tuples that
 * erlang:match_spec_test/3 reports (NIL when there are none); errors may
 * be reported with a program too (warnings).
 */
ms_prog_t *ms_compile(term spec, ms_kind_t kind, heap_t *eh, term *errors);

void ms_retain(ms_prog_t *prog);
void ms_release(ms_prog_t *prog); /* frees it with the last reference */

ms_kind_t ms_kind(const ms_prog_t *prog);

/*
 * Run the program against `obj` (for MS_TRACE: the argument list). On
 * MS_MATCH, *result is the value of the matching clause's last body
 * expression, built on `h` (for MS_TRACE, the value of the `message`
 * action if any: see erlang:match_spec_test/3). `flags` (may be NULL)
 * receives MS_FLAG_* set by the body. p is the calling process: self()
 * and the guard BIFs run as it, and it must not be collected meanwhile
 * (a BIF never collects). Its exception fields are left clear.
 */
ms_result_t ms_run(const ms_prog_t *prog, proc_t *p, heap_t *h, term obj, term *result, unsigned *flags);
/* What the trace kind's `caller` answers while call tracing runs a
 * program on this thread ({M, F, Arity} of the caller, runtime/trace.c);
 * THE_NON_VALUE otherwise: undefined, as match_spec_test/3 answers. */
extern _Thread_local term ms_trace_caller;

/*
 * ETS lookup optimisation: true if every clause's head is a tuple whose
 * element `keypos` (1-based) is ground (contains no variable and no '_').
 * Then keys[i] (room for ms_clause_count(prog) terms) is the key of
 * clause i, a term living in the program (valid while the caller holds a
 * reference); an object whose key =:= none of them cannot match, so ETS
 * need only look these keys up. False otherwise (keys untouched).
 */
bool ms_ground_keys(const ms_prog_t *prog, unsigned keypos, term *keys);
size_t ms_clause_count(const ms_prog_t *prog);

/* select_replace's check, made before compiling as OTP's
 * db_match_keeps_key: every clause's body is one term that keeps the
 * object's key (element keypos of the head): '$_', {{...}} or {const, T}
 * whose key is built from what the head's key matched, or
 * {element, KeyPos, '$_'}. spec need not be a valid spec (false then). */
bool ms_keeps_key(term spec, unsigned keypos);

/* True if every clause's body is exactly ['$_'] (select returns whole
 * objects: ETS may copy them directly) - OTP's db_match_keeps_key-like
 * shortcut for match_object. */
bool ms_returns_object(const ms_prog_t *prog);

/*
 * Compiled specifications as terms (ets:match_spec_compile/1; runtime/bif/
 * ms.c): a resource (res.h) owned by the compiling process, released when
 * it exits (OTP's magic reference is freed by the GC instead).
 * ms_from_ref takes a reference to the program the caller must release.
 */
term ms_make_ref(proc_t *p, ms_prog_t *prog); /* takes over the caller's reference */
ms_prog_t *ms_from_ref(term t);              /* NULL if t names no live program */

#endif
