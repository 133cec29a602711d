/*
 * jit_int.h - what the files of jit/ share: the per-module native data and
 * lowering entry point. Only jit/ includes this (and the llvm-c headers).
 */
#ifndef LASER_JIT_INT_H
#define LASER_JIT_INT_H

#include "jit.h"
#include "atom.h"
#include "module.h"
#include "ops.h"

#include <laser/abi.h>
#include <llvm-c/Core.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* One compilation of (some functions of) a module. A module is compiled
 * again when more of its functions get hot; older code stays until the
 * module is freed, since native code may still be running it. */
typedef struct jit_code {
    abi_native_fn *conts; /* by code offset: the native continuation of a
                             call's return address, or NULL */
    void *rt;             /* LLVMOrcResourceTrackerRef of its code */
    struct jit_code *older;
} jit_code_t;

/* The calling convention of native functions: LLVM's preserve_none (no
 * callee-saved registers), so a musttail call between them saves and
 * restores nothing; C enters them through jit_llvm_enter's trampoline. */
#define JIT_NATIVE_CC 21
/* A native function is fn(st, E, HTOP, fcalls, x0..x5, entry) (abi.h):
 * the parameter indexes. x0..x(JIT_XARGS-1) travel as parameters, the
 * array holds the other x registers; `entry` is 0 for a function's entry,
 * else the code offset of the continuation to enter (jit_emit.c
 * emit_unit). */
#define JIT_XARGS 6
enum { JIT_P_ST, JIT_P_E, JIT_P_H, JIT_P_FCALLS, JIT_P_X0, JIT_P_ENTRY = JIT_P_X0 + JIT_XARGS, JIT_NPARAMS };
/* A continuation's stub enters its unit with this in place of the
 * reductions (far below any real count, which stays within +-2^61; the
 * count goes in abi_state_t.fcalls), so that the unit's entry path, which
 * takes a reduction and tests for a negative count, needs no test of
 * `entry`: only the cold path reads it (jit_emit.c emit_unit). */
#define JIT_CONT_BIAS (-((int64_t)1 << 62))
/* The fields of a native function's result (abi_native_ret_t): E (or an
 * exit's I | 1), HTOP and x0 in integer registers, fcalls as a double's
 * bits (x86-64 returns three integers and two doubles in registers). */
enum { JIT_R_E, JIT_R_H, JIT_R_X0, JIT_R_FCALLS };
/* The C stack native calls may take below one entry from C (the
 * trampoline's frame): past it, a call exits to the interpreter, which
 * enters the callee from C again (jit_emit.c call_native). Frames vary
 * (eager mode's fast code generator spills much more), so the bound is
 * in bytes, checked against the stack pointer. */
#define JIT_NATIVE_STACK (512 * 1024)
/* The LLVM types of abi_native_ret_t and of a native function. */
LLVMTypeRef jit_ret_type(LLVMContextRef ctx);
LLVMTypeRef jit_native_type(LLVMContextRef ctx);

/* A module's native code (ld_module_t.jit). */
typedef struct jit_module {
    int state;            /* JIT_M_* */
    bool queued;          /* in the compile queue */
    bool rehot;           /* a function got hot while it compiled */
    bool doomed;          /* freed (purged) while it compiled: the compiler
                             frees it when the compilation ends */
    jit_code_t *code;     /* newest first */
    uint32_t nentries;    /* functions given a native entry */
    double compile_ms;    /* lowering + optimisation + code generation (wall) */
    double phase_ms[4];   /* the compiling thread's CPU time per JIT_PH_* */
    double queued_ms;     /* when it was queued (CLOCK_MONOTONIC) */
    uint32_t nfunctions;  /* functions in the last compilation */
    uint8_t *skip;        /* by function: compiled, nothing lowered (its
                             entry stays interpreted; never again a candidate) */
    double *since;        /* by function: program CPU ms at which its call
                             counter last started from 0 (0: never), jit.c */
    double queued_prog;   /* program CPU ms when it was queued */
    uint64_t queued_heat; /* its hot functions' calls when it was queued */
    uint32_t lowered, deopts; /* instructions lowered / left to the interpreter */
    size_t code_bytes;    /* native code and data (estimated from sections) */
    struct jit_module *next_queued;
    ld_module_t *m;
} jit_module_t;
enum { JIT_M_QUEUED, JIT_M_COMPILING, JIT_M_DONE, JIT_M_FAILED };
enum { JIT_PH_LOWER, JIT_PH_OPT, JIT_PH_CODEGEN, JIT_PH_LINK };

/* Tiered mode: the instructions one compilation takes at most (the
 * hottest functions first; at least one function), jit.c. */
#define JIT_COMPILE_BUDGET 250

/* How one compilation is optimised (jit.c chooses): the pass pipeline
 * and the code generator's level. */
typedef enum { JIT_CG_FAST, JIT_CG_QUICK, JIT_CG_LESS, JIT_CG_DEFAULT, JIT_CG_LEVELS } jit_cg_level_t;
typedef struct {
    const char *passes;
    jit_cg_level_t cg;
} jit_tier_t;

/* The native entries and continuations made by jit_emit_module, in the
 * order of the IR's table. */
typedef struct {
    uint32_t offset; /* code offset the native function starts at */
    bool is_entry;   /* a function entry (else a call's continuation) */
    uint32_t lowered; /* an entry: the instructions its unit lowered */
} jit_fn_site_t;

typedef struct {
    jit_fn_site_t *sites;
    uint32_t nsites;
    uint32_t lowered, deopts; /* instructions lowered / left to the interpreter */
    uint32_t nevers;          /* NEVER instructions met (jit_ops.def): 0 */
} jit_emit_result_t;

/* Lower the threaded code of m into `mod` (in ctx): one LLVM function per
 * function i with want[i] (NULL: all) and a stub per continuation of
 * those (the sites), and a global `table_name` of [nsites x ptr] holding
 * the sites. */
void jit_emit_module(LLVMContextRef ctx, LLVMModuleRef mod, const ld_module_t *m, const uint8_t *want,
                     const char *prefix, const char *table_name, jit_emit_result_t *out);

/* A compiled site's address (jit_llvm_compile's result). */
typedef struct {
    uint32_t offset;
    bool is_entry;
    uint32_t lowered; /* an entry: the instructions its unit lowered (0: it
                         exits at once, not worth installing) */
    abi_native_fn fn;
    char symbol[48];
} jit_site_addr_t;

/* jit_llvm.c: the session, compiling one module (its conts table and
 * resource tracker are set in jm; the sites' addresses returned, not yet
 * installed), freeing a module's code, writing IR to DIR/<module>SUFFIX.ll. */
bool jit_llvm_init(void);
/* The C-callable trampoline into a native function (after jit_llvm_init). */
typedef const uint64_t *(*jit_enter_fn)(abi_native_fn fn, abi_state_t *st, term *E, term *HTOP);
jit_enter_fn jit_llvm_enter(void);
bool jit_llvm_compile(jit_module_t *jm, const jit_tier_t *tier, const uint8_t *want, const char *dump_dir,
                      jit_site_addr_t **sites, uint32_t *nsites);
void jit_llvm_free(jit_module_t *jm);
void jit_dump_ir(const char *dir, const ld_module_t *m, LLVMModuleRef mod, const char *suffix);
/* jit.c: modules freed (purged) while they compiled, which the compiler
 * freed when the compilation ended (the purge did not wait; tests). */
extern _Atomic unsigned jit_freed_late;
/* jit.c: what the object files of the session hold (stats, perf map). */
void jit_note_object_bytes(size_t bytes);
void jit_note_symbol_size(const char *name, uint64_t size);

/* Whether an instruction has a native lowering (the table checked against
 * ops.def: every instruction is lowered or is never in a function's
 * reachable code). */
typedef enum { JIT_LOWERED = 1, JIT_NEVER = 2 } jit_lowering_t;
jit_lowering_t jit_op_lowering(ops_t op);

#endif
