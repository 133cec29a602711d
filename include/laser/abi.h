/*
 * abi.h - the fixed contract between native code (jit/) and the runtime.
 *
 * Native code is an accelerator over the interpreter's threaded code: a
 * native function runs from an instruction boundary of a module's threaded
 * code and returns the threaded-code address at which the interpreter must
 * continue (a "deopt" exit: any instruction native code does not handle
 * itself, every raise, a GC after a BIF or under max_heap_size, the end
 * of a reduction slice; a failed heap test collects through abi_gc and
 * native code goes on). It reads
 * and writes only what this file declares:
 *
 *   - abi_state_t, one per running process, owned by the interpreter loop
 *     that entered native code: the x and float register files, the heap
 *     top and stack pointer written back at every exit, the reduction
 *     budget, the GC-stress flag;
 *   - the process stack [E, hend): y registers at E[i] and continuation
 *     pointers, which are always threaded-code addresses (so frames are the
 *     interpreter's and either tier returns to any caller; native callers
 *     also wait on the C stack, down to a limit, for their callee's return);
 *   - the heap words from HTOP up to E, reserved by the compiler's
 *     test_heap/allocate_heap exactly as for the interpreter;
 *   - term layouts (term.h) and the threaded-code words of the module it
 *     was compiled from (ops.h: op word, operand words; i_func_entry's
 *     operand 2 holds a function's native entry);
 *   - the runtime functions of ABI_FUNCTIONS below, nothing else.
 *
 * Any change to these layouts or to the list bumps LASER_ABI_VERSION (jit/
 * refuses to run code against another version: there is no persistent
 * native code yet, so the number documents the contract).
 */
#ifndef LASER_ABI_H
#define LASER_ABI_H

#include <laser/term.h>
#include <stdint.h>

#define LASER_ABI_VERSION 6

/* The binary under construction by the OTP 24 instructions (bs_init2,
 * bs_append, ...: its bytes, the bit position written up to and the bits
 * its buffer holds, beyond the binary's end for an appendable one), filled
 * by the bs_put_* that follow; OTP keeps it in the
 * process (erts_current_bin). In abi_state_t so that both tiers see it. */
typedef struct abi_bw {
    uint8_t *buf;
    uint64_t pos, cap;
} abi_bw_t;

/* The state a native function sees. Offsets are part of the ABI (jit/
 * computes field addresses from offsetof, checked by a static assert). */
typedef struct abi_state {
    term *x;          /* x registers (the scheduler's array) */
    double *f;        /* float registers */
    term *E;          /* stack top, written back at every exit */
    term *HTOP;       /* heap top, written back at every exit */
    int64_t fcalls;   /* reductions left in this slice (proc_t.fcalls):
                         native code takes one at every function entry and
                         exits at the entry when none is left, so the
                         interpreter yields there. Native code keeps it in
                         a register (abi_native_fn's `fcalls`) and writes
                         it here at every exit and before any ABI call
                         that reads it (abi_call_bif, abi_gc) */
    uint64_t gc_force; /* non-zero: every allocation point exits to the
                          interpreter, which collects (GC stress, vheap) */
    void *proc;       /* the running process: native code uses only its
                         catches, mq, mq_head, mq_save, mq_len (proc.h) */
    /* A BIF that failed with no fail label: native code stores it and the
     * arguments here and exits at the calling instruction; the interpreter
     * raises it as if its own call had failed (same trace). An
     * exceptions-and-messages function sets it too (the runtime's marker
     * of an exception it set, or of the process ending). */
    const void *raise_bif;
    const term *raise_args;
    term bif_args[4]; /* arguments of bif/gc_bif calls */
    /* Non-zero: a BIF call left heap fragments larger than the free heap
     * (gc_desired); native code exits after it and the interpreter
     * collects with x[0..gc_live-1] live, as after its own BIF calls. */
    uint64_t gc_live;
    abi_bw_t bw; /* the binary under construction (version 5) */
    /* The lowest C stack pointer at which native calls may nest, set by
     * the trampoline (JIT_NATIVE_STACK bytes below its frame): a call
     * above it is a real call whose callee returns to it; below it the
     * call exits to the interpreter, so the C stack stays bounded. */
    uintptr_t climit;
} abi_state_t;

/* What a native function returns. A `return` (the CP popped from the
 * stack): E after the pop (so the CP it returns to is E[-1]), HTOP, x0 (the
 * only live register after a return) and the reductions left, all here and
 * not in abi_state_t; a native caller goes on at its continuation (the
 * frames are balanced: a callee's return pops its caller's CP). An exit:
 * `E` is I | 1, the threaded-code address at which the interpreter must
 * continue with the low bit set, and E, HTOP, fcalls and the registers are
 * in abi_state_t. fcalls travels as a double's bits: x86-64 returns three
 * integers and two doubles in registers. */
typedef struct abi_native_ret {
    uintptr_t E;
    term *HTOP;
    term x0;
    double fcalls;
} abi_native_ret_t;

/* Every native function (a function's entry or the continuation after a
 * call) has this signature, in LLVM's preserve_none calling convention (no
 * callee-saved registers: a tail call between native functions restores
 * nothing), so C calls them only through the JIT's trampoline
 * (vm_jit.enter), which returns the address to continue at with the state
 * in abi_state_t. E, HTOP, the reductions left in the slice and x0..x5
 * travel in registers (x[6..] in the array; at an exit all are in the array
 * and abi_state_t). A caller passes only its callee's arguments (the other
 * register parameters are undefined). `entry` is jit/'s (which entry point
 * of a function's native code; the addresses jit/ publishes take 0).
 * (Version 2: x0..x2 became parameters; version 3: abi_gc, abi_cont;
 * version 4: climit, entry, native returns, abi_native_ret_t; version 5:
 * exceptions and messages, fcalls in registers, x0..x5, climit moved to
 * abi_state_t, exits tagged in the result's E; version 6:
 * abi_build_stacktrace takes the state; abi_bs_create_alloc,
 * abi_bs_bit_size.) */
typedef abi_native_ret_t (*abi_native_fn)(abi_state_t *st, term *E, term *HTOP, int64_t fcalls, term x0, term x1,
                                          term x2, term x3, term x4, term x5, int64_t entry);

/* Flags of a runtime entry point. */
#define ABI_PURE 0u       /* reads its arguments only */
#define ABI_MAY_GC 1u     /* may move the heap: E/HTOP/x written back first */
#define ABI_MAY_RAISE 2u  /* may set an exception */
#define ABI_MAY_YIELD 4u  /* may end the slice */
#define ABI_MAY_ALLOC 8u  /* builds terms at st->HTOP (heap fragments when the
                             heap is full: nothing moves); E/HTOP go to st
                             before the call and come back from it */

/*
 * The runtime entry points native code may call:
 *   F(name, C return type, (C parameters), "LLVM signature", flags)
 * The signature is the return type, ':' and one letter per parameter:
 * t = term (i64), i = int64_t, p = pointer, d = double, v = void.
 * C prototypes below and jit/'s LLVM declarations come from this list.
 */
#define ABI_FUNCTIONS(F)                                                                                         \
    /* call a BIF (a const bif_info_t *) at instruction I (the process's                                       \
     * current location) with st->E/HTOP current; returns its                                                  \
     * result or THE_NON_VALUE (exception set in the process); E/HTOP and                                        \
     * gc_force are up to date afterwards (gc_force = 2: a collection is                                        \
     * desired now, see gc_live). BIFs never collect. */                                               \
    F(abi_call_bif, term, (abi_state_t * st, const void *bif, const term *args, const uint64_t *I), "t:pppp",     \
      ABI_MAY_RAISE)                                                                                             \
    /* full term order (erlang:'<' etc.): <0, 0, >0 */                                                           \
    F(abi_cmp, int64_t, (term a, term b), "i:tt", ABI_PURE)                                                      \
    /* =:= of two terms that are not both immediates */                                                          \
    F(abi_eq_exact, int64_t, (term a, term b), "i:tt", ABI_PURE)                                              \
    /* collect with x[0..live-1] (in st->x) and E/HTOP (in st) live, making                                    \
     * room for `need` words; 0 when done (st->E/HTOP/gc_force and the                                           \
     * x array updated), else nothing happened and native code exits at the                                    \
     * instruction (max_heap_size: the interpreter reports and kills) */                                        \
    F(abi_gc, int64_t, (abi_state_t * st, uint64_t need, uint64_t live), "i:pii", ABI_MAY_GC)                  \
    /* the native continuation of a return address in another module, or                                      \
     * NULL (jit/jit.c: a return across modules stays native) */                                               \
    F(abi_cont, abi_native_fn, (const uint64_t *cp), "p:p", ABI_PURE)                                           \
    /* ---- exceptions and messages (src/vm_abi_msg.c) ----                                                     \
     * A raise leaves st->raise_bif set (the runtime's marker, or erlang:send/2                                 \
     * for a bad destination) and native code exits at the instruction, E,                                     \
     * HTOP reloaded from st: the interpreter completes the raise as its own.                                   \
     * error:{Tag, Val} (Tag THE_NON_VALUE: error:Val) at I, the trace built */                                \
    F(abi_raise, void, (abi_state_t * st, const uint64_t *I, term tag, term val), "v:pptt",                      \
      ABI_MAY_GC | ABI_MAY_RAISE)                                                                                \
    /* func_info: error:function_clause with x[0..arity-1] (in st->x) */                                    \
    F(abi_function_clause, void, (abi_state_t * st, const uint64_t *I, uint64_t arity), "v:ppi",                 \
      ABI_MAY_GC | ABI_MAY_RAISE)                                                                                \
    /* the raise instruction: rethrow Val with the raw trace Raw's class */                                     \
    F(abi_rethrow, void, (abi_state_t * st, term raw, term val), "v:ptt", ABI_MAY_RAISE)                         \
    /* raw_raise: 1 raised, 0 Cls is no class (x0 becomes badarg) */                                            \
    F(abi_raw_raise, int64_t, (abi_state_t * st, term cls, term val, term raw), "i:pttt", ABI_MAY_RAISE)         \
    /* catch_end after an exception: the catch's value (built on the heap) */                                   \
    F(abi_catch_value, term, (abi_state_t * st, term cls, term reason, term raw), "t:pttt", ABI_MAY_GC)         \
    /* build_stacktrace: the trace list of a raw trace (built on the heap) */                                   \
    F(abi_build_stacktrace, term, (abi_state_t * st, term raw), "t:pt", ABI_MAY_GC)                             \
    /* send: 0 sent, else badarg pending (raise_args = st->x: x0, x1) */                                        \
    F(abi_send, int64_t, (abi_state_t * st, term to, term msg), "i:ptt", ABI_MAY_GC | ABI_MAY_RAISE)            \
    /* loop_rec with no message at the save pointer: take the signals that                                    \
     * arrived; 1 a message is there now, 0 none (wait), -1 the process                                         \
     * exits (raise_bif = the runtime's marker) */                                                               \
    F(abi_recv_arrived, int64_t, (abi_state_t * st), "i:p", ABI_MAY_GC | ABI_MAY_RAISE)                         \
    /* remove_message: the message at the save pointer (and the timer) */                                        \
    F(abi_recv_remove, void, (abi_state_t * st), "v:p", ABI_PURE)                                                \
    /* wait_timeout with timeout T: 1 go on after the receive (timed out or                                    \
     * 0), 0 exit at the instruction: the interpreter suspends or raises */                                     \
    F(abi_recv_timeout, int64_t, (abi_state_t * st, term t), "i:pt", ABI_MAY_YIELD)                              \
    /* recv_marker_reserve/bind/clear/use */                                                                    \
    F(abi_mark_reserve, term, (abi_state_t * st), "t:p", ABI_PURE)                                               \
    F(abi_mark_bind, void, (abi_state_t * st, term marker, term ref), "v:ptt", ABI_PURE)                         \
    F(abi_mark_clear, void, (abi_state_t * st, term ref), "v:pt", ABI_PURE)                                      \
    F(abi_mark_use, void, (abi_state_t * st, term ref), "v:pt", ABI_PURE)                                        \
    /* ---- maps, funs, tuples and apply (src/vm_abi_map.c) ----                                                \
     * None collects or raises (flags 0: they write only what they say): a                                     \
     * failure returns THE_NON_VALUE/NULL with nothing changed, and native                                     \
     * code jumps to the fail label or exits at the instruction. */                                            \
    /* put_map_assoc (exact 0) / put_map_exact at I, with st->E/HTOP and                                        \
     * the x registers its operands name current: the new map (built in                                        \
     * the process's window; st->HTOP and gc_force updated) or                                                 \
     * THE_NON_VALUE (not a map; put_map_exact: a key missing) */                                             \
    F(abi_put_map, term, (abi_state_t * st, const uint64_t *I, uint64_t exact), "t:ppi", 0)                     \
    /* the value of key in map m (any map), or THE_NON_VALUE */                                                \
    F(abi_map_get, term, (term m, term key), "t:tt", ABI_PURE)                                                 \
    /* a fun built at HTOP by native code: creator, entry reference and                                        \
     * off-heap chain (make_fun2/3) */                                                                         \
    F(abi_fun_link, void, (abi_state_t * st, void *fun), "v:pp", 0)                                            \
    /* apply: the code of M:F/arity, or NULL (M or F no atom, undefined) */                                   \
    F(abi_apply_mfa, const void *, (term m, term f, uint64_t arity), "p:tti", 0)                               \
    /* erlang:apply/2,3 (arity) with its arguments in x: the target's code                                    \
     * with the call's arguments (and a fun's environment) in x, or NULL                                       \
     * with x unchanged */                                                                                     \
    F(abi_apply_spread, const void *, (term * x, uint64_t arity), "p:pi", 0)                                   \
    /* the raise at I of a generic bif0..gc_bif3 (op: its ops_t; undef of                                       \
     * its BIF, which exists nowhere), the operands' x registers in                                            \
     * st->x: st->HTOP updated, st->raise_bif = the runtime's marker, and                                      \
     * native code exits at I (vm_abi_msg.c's abi_raise protocol) */                                           \
    F(abi_raise_at, void, (abi_state_t * st, const uint64_t *I, uint64_t op), "v:ppi", ABI_MAY_RAISE)              \
    /* ---- bit syntax (src/vm_abi_bs.c) ----                                                                   \
     * Each runs the interpreter's code for its instruction (src/vm_bits.c).                                    \
     * A term result THE_NON_VALUE: no match, or a bad operand (the fail                                        \
     * label; without one native code exits at the instruction and the                                         \
     * interpreter raises, nothing having been done); NIL from a MAY_GC one:                                    \
     * no heap (max_heap_size), exit at the instruction. The match state                                         \
     * (vm_bits.c: boxed, [1] binary, [2] bit position, [3] end as smalls)                                     \
     * is read and written inline too. */                                                                      \
    /* bs_start_match3/4: bin itself if a match state, else a new one */                                       \
    F(abi_bs_start_match, term, (abi_state_t * st, term bin), "t:pt", ABI_MAY_ALLOC)                             \
    F(abi_bs_get_integer, term, (abi_state_t * st, term ms, term size, uint64_t unit, uint64_t flags), "t:pttii", \
      ABI_MAY_ALLOC)                                                                                             \
    F(abi_bs_get_float, term, (abi_state_t * st, term ms, term size, uint64_t unit, uint64_t flags), "t:pttii",   \
      ABI_MAY_ALLOC)                                                                                             \
    F(abi_bs_get_binary, term, (abi_state_t * st, term ms, term size, uint64_t unit), "t:ptti", ABI_MAY_ALLOC)     \
    F(abi_bs_get_tail, term, (abi_state_t * st, term ms), "t:pt", ABI_MAY_ALLOC)                                 \
    /* these write the match state only: 1 matched, 0 not */                                                   \
    F(abi_bs_skip_bits, int64_t, (term ms, term size, uint64_t unit), "i:tti", ABI_PURE)                         \
    F(abi_bs_match_string, int64_t, (term ms, uint64_t bits, const uint8_t *str), "i:tip", ABI_PURE)             \
    /* a code point (kind 8/16/32), `true` for a skip */                                                       \
    F(abi_bs_get_utf, term, (term ms, uint64_t kind, uint64_t flags, uint64_t skip), "t:tiii", ABI_PURE)         \
    /* bs_create_bin of n/6 segments (6 words each, as the instruction's);                                      \
     * st->gc_force = 2 when a collection is desired after it (gc_live) */                                      \
    F(abi_bs_create_bin, term, (abi_state_t * st, const term *seg, uint64_t n), "t:ppi", ABI_MAY_ALLOC)          \
    /* bs_create_bin's fast path (version 6): the binary of `total` bits,   \
     * `base`'s bits first (NIL: none; appended to in place when it can    \
     * be), the rest written through st->bw by the bs_put_* functions;     \
     * gc_force = 2 as abi_bs_create_bin. A bitstring's size in bits, or -1 */ \
    F(abi_bs_create_alloc, term, (abi_state_t * st, term base, uint64_t total), "t:pti", ABI_MAY_ALLOC)         \
    F(abi_bs_bit_size, int64_t, (term t), "i:t", ABI_PURE)                                                       \
    /* OTP 24 construction into st->bw: bs_init2/bs_init_bits of nbits                                          \
     * (checked), bs_append (operands checked here) collecting with                                            \
     * x[0..live-1] live and `extra` words more, bs_private_append */                                           \
    F(abi_bs_init, term, (abi_state_t * st, uint64_t nbits, uint64_t extra, uint64_t live), "t:piii",           \
      ABI_MAY_GC | ABI_MAY_ALLOC)                                                                                \
    F(abi_bs_append, term,                                                                                       \
      (abi_state_t * st, term size, term bin, uint64_t extra, uint64_t live, uint64_t unit), "t:pttiii",         \
      ABI_MAY_GC | ABI_MAY_ALLOC)                                                                                \
    F(abi_bs_private_append, term, (abi_state_t * st, term size, term bin, uint64_t unit), "t:ptti",            \
      ABI_MAY_ALLOC)                                                                                             \
    F(abi_bs_init_writable, term, (abi_state_t * st), "t:p", ABI_MAY_ALLOC)                                      \
    /* bs_put_*: 1 written, 0 a bad operand (nothing written) */                                               \
    F(abi_bs_put_integer, int64_t, (abi_state_t * st, term v, term size, uint64_t unit, uint64_t flags),        \
      "i:pttii", ABI_PURE)                                                                                       \
    F(abi_bs_put_float, int64_t, (abi_state_t * st, term v, term size, uint64_t unit, uint64_t flags),          \
      "i:pttii", ABI_PURE)                                                                                       \
    F(abi_bs_put_binary, int64_t, (abi_state_t * st, term v, term size, uint64_t unit), "i:ptti", ABI_PURE)     \
    F(abi_bs_put_utf, int64_t, (abi_state_t * st, term v, uint64_t kind, uint64_t flags), "i:ptii", ABI_PURE)   \
    F(abi_bs_put_string, void, (abi_state_t * st, const uint8_t *str, uint64_t nbytes), "v:ppi", ABI_PURE)

#define ABI_DECLARE_(name, ret, params, sig, flags) ret name params;
ABI_FUNCTIONS(ABI_DECLARE_)
#undef ABI_DECLARE_

#endif
