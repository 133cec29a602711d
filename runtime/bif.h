/*
 * bif.h - built-in functions: the calling convention and the one table.
 *
 * Every BIF is declared once, in a fragment of runtime/bifs.def:
 *
 *   BIF(module, "name", arity, c_function, flags)
 *
 * module is the module atom as a C identifier (erlang, lists, maps, ...),
 * "name" the function's text (operators too: "+", "=:="), c_function the
 * implementation. The table, the prototypes and the binding of export
 * entries (export_entry_t.bif_index) are generated from that list; the
 * interpreter's bif/gc_bif instructions and call_ext of a BIF call through
 * it, and the JIT checks its lowering against it.
 *
 * Convention: term f(proc_t *p, const term *args) with args[0..arity-1].
 * Success returns the result. Failure sets the exception with proc_raise
 * (or BIF_ERROR/BIF_BADARG) and returns THE_NON_VALUE; in a guard the
 * caller turns that into a jump to the fail label. Results are built on
 * proc_heap(p) (see proc.h): a BIF never triggers a garbage collection.
 *
 * Flags:
 *   BIF_F_GUARD  allowed in guards (erl_internal:guard_bif/2 or a type test)
 *   BIF_F_ALLOC  may allocate on the process heap
 *   BIF_F_RAISE  may raise
 *   BIF_F_NIF    a NIF in OTP (prim_file, prim_buffer): erlang:is_builtin/3
 *                is false for it
 *   BIF_F_PURE   result depends only on the arguments (no process state,
 *                no side effects): the JIT may fold or hoist it
 *   BIF_F_DIRTY_CPU, BIF_F_DIRTY_IO
 *                runs on a dirty CPU / dirty I/O scheduler thread (work that
 *                blocks or runs long): called through call_ext/apply, the
 *                process leaves its scheduler, the BIF runs on a dirty
 *                thread, and the process continues after the call on a
 *                normal scheduler (scheduler.h, "dirty schedulers")
 */
#ifndef LASER_BIF_H
#define LASER_BIF_H

#include "atom.h"
#include "proc.h"

typedef term (*bif_fn_t)(proc_t *p, const term *args);

#define BIF_F_GUARD 1u
#define BIF_F_ALLOC 2u
#define BIF_F_RAISE 4u
#define BIF_F_PURE 8u
#define BIF_F_NIF 16u
#define BIF_F_DIRTY_CPU 32u
#define BIF_F_DIRTY_IO 64u
#define BIF_F_DIRTY (BIF_F_DIRTY_CPU | BIF_F_DIRTY_IO)

typedef struct {
    term module; /* atom, filled in by bif_init */
    term name;   /* atom, filled in by bif_init */
    const char *module_text, *name_text;
    uint8_t arity;
    uint8_t flags;
    bif_fn_t fn;
} bif_info_t;

/* Prototypes of every BIF. */
#define BIF(mod, nm, ar, fn, fl) term fn(proc_t *p, const term *args);
#include "bifs.def"
#undef BIF

extern bif_info_t bif_table[];
extern const size_t bif_count;

/* Intern the names and set bif_index on every BIF's export entry.
 * Idempotent; called by ld_init and by anything that calls BIFs. */
void bif_init(void);
/* The BIF implementing module:name/arity, or NULL. */
const bif_info_t *bif_lookup(term module, term name, unsigned arity);

/* erts' BIF_TRAP: the call continues as module:name(args...) (n args) in
 * the BIF's place, as a call_ext from the BIF's caller would. Only for
 * BIFs reached by call_ext or apply (never guard BIFs), and only before
 * the BIF has done anything: native code re-runs the call in the
 * interpreter, which calls the BIF again. */
term bif_trap(proc_t *p, term module, term name, unsigned n, const term *args);

#define BIF_ERROR(p, reason) return proc_raise((p), EXC_ERROR, (reason))
#define BIF_BADARG(p) BIF_ERROR((p), ATOM(badarg))

#endif
