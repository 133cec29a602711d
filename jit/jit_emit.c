/*
 * jit_emit.c - lowering a module's threaded code to LLVM IR.
 *
 * One LLVM function ("unit") per Erlang function, entered at its entry
 * (entry point 0) or, through a stub per continuation (the instruction
 * after a call, where a return lands), at that continuation. Each
 * instruction offset gets a basic block, created when first branched to.
 * x and float registers live in allocas (promoted to SSA by the
 * optimiser), loaded from the abi_state_t arrays on entry and stored back
 * at every exit; E and HTOP too. Exits:
 *   - deopt: continue in the interpreter at an instruction (state stored);
 *   - a call to a unit of this module or to an export with native code: a
 *     real call (call_native) that goes on at the continuation when the
 *     callee returns to it, or a musttail call for a tail call;
 *   - return: the CP popped, and E, HTOP, the reductions and x0 returned
 *     to the C caller (the native caller that pushed the CP, or the
 *     trampoline); an exit returns I | 1 in E's place.
 * Anything that may raise, collect or need the runtime beyond the pure
 * ABI functions exits before doing anything, so the interpreter repeats
 * the instruction with all its semantics (stack traces, GC, exceptions).
 */
#include "jit_int.h"

#include "bif.h"
#include "ops.h"
#include "vm.h"
#include "vm_bits.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the lowering table (jit_ops.def), checked against ops.def ---- */
#define LOWER JIT_LOWERED
#define NEVER JIT_NEVER
static const uint8_t lowering[OP__COUNT] = {
#define JOP(name, how) [OP_##name] = how,
#include "jit_ops.def"
#undef JOP
};
enum {
    JOP_LISTED = 0
#define JOP(name, how) +1
#include "jit_ops.def"
#undef JOP
};
_Static_assert((int)JOP_LISTED == (int)OP__COUNT, "jit_ops.def must list every instruction of ops.def exactly once");
#undef LOWER
#undef NEVER

jit_lowering_t jit_op_lowering(ops_t op) { return (unsigned)op < OP__COUNT ? (jit_lowering_t)lowering[op] : JIT_NEVER; }

/* Instruction sizes of fixed-length instructions. */
enum {
#define OP(name, gen, sig) SZ_##name = sizeof(sig),
#include "ops.def"
#undef OP
};

/* Instructions lowered per unit at most (see emit_unit). */
#define JIT_UNIT_BUDGET 1500

/* Float results whose check one branch defers at most (fp_flush). */
#define JIT_FP_MAX 64

/* Cases of a select_val lowered as a switch at most; more: a binary
 * search (select_search). */
#define JIT_MAX_SWITCH 256

_Static_assert(offsetof(export_entry_t, address) == 24, "native code reads export_entry_t.address");

typedef LLVMValueRef V;
typedef LLVMBasicBlockRef B;

/* indexes of ABI_FUNCTIONS, in its order */
enum {
#define IDX(name, ret, prm, sig, flags) ABI_IDX_##name,
    ABI_FUNCTIONS(IDX)
#undef IDX
    ABI_IDX__COUNT
};

/* a float result whose check is deferred (fp_flush) */
typedef struct {
    V r;
    uint32_t off;
    bool covered;
} fp_pend_t;

typedef struct {
    LLVMContextRef ctx;
    LLVMModuleRef mod;
    LLVMBuilderRef b, ab; /* ab: allocas and entry loads */
    LLVMTypeRef i64, i32, i8, i1, ptr, dbl, fnty, retty;
    LLVMValueRef abi_fn[ABI_IDX__COUNT];
    LLVMTypeRef abi_ty[ABI_IDX__COUNT];

    const ld_module_t *m;
    const uint64_t *code;
    size_t size;
    V *site_fn;      /* by code offset: the LLVM function of a site */
    uint8_t *is_entry; /* by code offset: a function entry site */
    uint64_t native_op; /* i_func_native's op word */

    /* the site being emitted */
    V fn, st, Ea, Ha, Fa, Ia;
    V Ka; /* i1: the C stack was tested in this frame, or is fresh (call_native) */
    uint32_t cp_at; /* a call here has room for its CP (cp_room) */
    bool cp_here;   /* ... the instruction being emitted */
    V xbase0, fbase0; /* the register arrays, loaded in the entry block for
                         the slots' initial values (reg_slot) only */
    unsigned arity; /* its function's */
    /* blocks after which x[live..] and the float registers are dead (a
     * function entry, a call's continuation): emit_unit stores poison
     * there into every register slot, so that nothing dead is kept in a
     * machine register or spilled across a call */
    struct { B bb; unsigned live; } *dead;
    size_t ndead;
    uint8_t *call_cont; /* by code offset: a call's continuation (x0 live) */
    B entry_bb, exit_bb;
    /* the unit's one collection block (gc_shared): the allocation points
     * without room branch there with their need, live count and resume
     * index in these allocas, and it returns to gc_resume[index] */
    B gc_bb;
    V Gneed, Glive, Gsite;
    B *gc_resume;
    uint32_t ngc;
    uint64_t gc_maxlive;
    V xa[LD_MAX_REG], fa[LD_MAX_REG];
    uint16_t xused[LD_MAX_REG], fused[LD_MAX_REG];
    unsigned nx, nf;
    B *bb;             /* by code offset, this site only */
    uint32_t *touched; /* offsets with a bb, to reset */
    size_t ntouched;
    uint32_t *work;
    size_t nwork;
    uint32_t lowered, deopts, nevers;
    uint8_t *target; /* by code offset: an instruction some label names */
    /* float results whose finiteness check is deferred (fp_flush): those
     * of fadd/fsub/fmul/fdiv without a fail label on a straight line;
     * covered = consumed by a later one that propagates a non-finite
     * operand into its own result (checked there instead) */
    fp_pend_t fp[JIT_FP_MAX];
    unsigned nfp;
    uint32_t fgen; /* fr_gen[i] == fgen: fr_fp[i] is register i's entry */
    uint32_t fp_next; /* the instruction they are pending into: the
                         straight-line successor of the last one emitted */
    /* what a straight line of code knows about register contents: kx[i]
     * (ky[i]) is the double of the boxed float x[i] (y[i]) holds when
     * kx_g[i] == kgx (ky_g[i] == kgy); a write forgets it, a frame
     * change forgets the y ones, a block that is no straight-line
     * successor forgets all */
    uint32_t kgx, kgy;
    uint32_t kx_g[LD_MAX_REG], ky_g[LD_MAX_REG];
    V kx[LD_MAX_REG], ky[LD_MAX_REG];
    /* ... and kx_p[i] (ky_p[i]): that float was never boxed, the register
     * holds a placeholder (NIL) instead (box_elidable proved no one reads
     * it as a term) */
    uint8_t kx_p[LD_MAX_REG], ky_p[LD_MAX_REG];
    bool catches;      /* the unit's function has try/catch (a handler may read y) */
    unsigned emitted;  /* instructions emitted in this unit (JIT_UNIT_BUDGET) */
    uint32_t fr_gen[LD_MAX_REG];
    uint8_t fr_fp[LD_MAX_REG];
} em_t;


/* ---- small IR helpers ---- */
static V c64(em_t *e, uint64_t v) { return LLVMConstInt(e->i64, v, false); }
static V cptr(em_t *e, const void *p) { return LLVMConstIntToPtr(c64(e, (uint64_t)(uintptr_t)p), e->ptr); }
static V gep8(em_t *e, V base, V off) { return LLVMBuildGEP2(e->b, e->i8, base, &off, 1, ""); }
static V gep64(em_t *e, V base, V idx) { return LLVMBuildGEP2(e->b, e->i64, base, &idx, 1, ""); }
static V ld64(em_t *e, V p) { return LLVMBuildLoad2(e->b, e->i64, p, ""); }
static V ldp(em_t *e, V p) { return LLVMBuildLoad2(e->b, e->ptr, p, ""); }
static void st_(em_t *e, V v, V p) { LLVMBuildStore(e->b, v, p); }
static V stfield(em_t *e, LLVMBuilderRef b, size_t off)
{
    V o = c64(e, off);
    return LLVMBuildGEP2(b, e->i8, e->st, &o, 1, "");
}
static V t2p(em_t *e, V t) { return LLVMBuildIntToPtr(e->b, t, e->ptr, ""); }
static V and_(em_t *e, V a, uint64_t m) { return LLVMBuildAnd(e->b, a, c64(e, m), ""); }
static V eqc(em_t *e, V a, uint64_t c) { return LLVMBuildICmp(e->b, LLVMIntEQ, a, c64(e, c), ""); }
static V tagis(em_t *e, V t, uint64_t mask, uint64_t tag) { return eqc(e, and_(e, t, mask), tag); }

static B newbb(em_t *e, const char *n) { return LLVMAppendBasicBlockInContext(e->ctx, e->fn, n); }

/* The block of the instruction at code offset `off` in this site. */
static B block(em_t *e, uint32_t off)
{
    if (!e->bb[off]) {
        e->bb[off] = newbb(e, "");
        e->touched[e->ntouched++] = off;
        e->work[e->nwork++] = off;
    }
    return e->bb[off];
}
static uint32_t lbl(em_t *e, uint64_t w) { return (uint32_t)((const uint64_t *)(uintptr_t)w - e->code); }
static V iaddr(em_t *e, uint32_t off) { return cptr(e, &e->code[off]); }

/* ---- registers ---- */
/* The x and float register arrays (abi_state_t.x/f), loaded where used:
 * only exits and runtime calls use them, and a load made once at the
 * entry would hold a register (or a spill) across the whole unit. */
static V xbase(em_t *e) { return ldp(e, stfield(e, e->b, offsetof(abi_state_t, x))); }
static V fbase(em_t *e) { return ldp(e, stfield(e, e->b, offsetof(abi_state_t, f))); }
/* The alloca of register i of a file (x: i64, f: double), made on first use
 * and loaded from the abi_state_t array at the site's start (dead there
 * unless an argument: the entry points store poison into the others). */
static V reg_slot(em_t *e, V *slots, uint16_t *used, unsigned *nused, V *base, size_t field, LLVMTypeRef ty,
                  unsigned i)
{
    if (!slots[i]) {
        V a = LLVMBuildAlloca(e->ab, ty, "");
        V idx = c64(e, i);
        if (!*base) *base = LLVMBuildLoad2(e->ab, e->ptr, stfield(e, e->ab, field), "");
        /* x0..x5 arrive as parameters, the rest from the register array */
        V init = slots == e->xa && i < JIT_XARGS
                     ? LLVMGetParam(e->fn, JIT_P_X0 + i)
                     : LLVMBuildLoad2(e->ab, ty, LLVMBuildGEP2(e->ab, ty, *base, &idx, 1, ""), "");
        LLVMBuildStore(e->ab, init, a);
        slots[i] = a;
        used[(*nused)++] = (uint16_t)i;
    }
    return slots[i];
}
static V xslot(em_t *e, unsigned i)
{
    return reg_slot(e, e->xa, e->xused, &e->nx, &e->xbase0, offsetof(abi_state_t, x), e->i64, i);
}
static V fslot(em_t *e, unsigned i)
{
    return reg_slot(e, e->fa, e->fused, &e->nf, &e->fbase0, offsetof(abi_state_t, f), e->dbl, i);
}
static V xget(em_t *e, unsigned i) { return ld64(e, xslot(e, i)); }
static void xset(em_t *e, unsigned i, V v)
{
    e->kx_g[i] = 0;
    st_(e, v, xslot(e, i));
}
static V fget(em_t *e, unsigned i) { return LLVMBuildLoad2(e->b, e->dbl, fslot(e, i), ""); }
static void fset(em_t *e, unsigned i, V v) { st_(e, v, fslot(e, i)); }
static V Eget(em_t *e) { return ldp(e, e->Ea); }
/* E moved to another frame (the y registers are others) */
static void Eset(em_t *e, V v)
{
    e->kgy++;
    st_(e, v, e->Ea);
}
static V Hget(em_t *e) { return ldp(e, e->Ha); }
static void Hset(em_t *e, V v) { st_(e, v, e->Ha); }
/* the reductions left in the slice (abi_state_t.fcalls), in a register */
static V Fget(em_t *e) { return ld64(e, e->Fa); }
static void Fset(em_t *e, V v) { st_(e, v, e->Fa); }
static V yslot(em_t *e, unsigned i) { return gep64(e, Eget(e), c64(e, i)); }
static V yget(em_t *e, unsigned i) { return ld64(e, yslot(e, i)); }
static void yset(em_t *e, unsigned i, V v)
{
    e->ky_g[i] = 0;
    st_(e, v, yslot(e, i));
}
/* The double of the boxed float register y (else x) i holds, if known. */
static V known_reg(em_t *e, bool y, unsigned i)
{
    if (i >= LD_MAX_REG) return NULL;
    return y ? (e->ky_g[i] == e->kgy ? e->ky[i] : NULL) : (e->kx_g[i] == e->kgx ? e->kx[i] : NULL);
}
static void know_reg(em_t *e, bool y, unsigned i, V d, bool pending)
{
    if (!d || i >= LD_MAX_REG) return;
    if (y) e->ky_g[i] = e->kgy, e->ky[i] = d, e->ky_p[i] = pending;
    else e->kx_g[i] = e->kgx, e->kx[i] = d, e->kx_p[i] = pending;
}
/* Register y (else x) i holds a placeholder for a float never boxed. */
static bool pending_reg(const em_t *e, bool y, unsigned i)
{
    if (i >= LD_MAX_REG) return false;
    return y ? e->ky_g[i] == e->kgy && e->ky_p[i] : e->kx_g[i] == e->kgx && e->kx_p[i];
}
static bool pending_w(const em_t *e, uint64_t w)
{
    return ld_is_reg(w) && pending_reg(e, ld_reg_is_y(w), ld_reg_index(w));
}
/* the same for an `s` operand (a literal: never) */
static V known(em_t *e, uint64_t w)
{
    return ld_is_reg(w) ? known_reg(e, ld_reg_is_y(w), ld_reg_index(w)) : NULL;
}
static void know(em_t *e, uint64_t w, V d, bool pending)
{
    if (ld_is_reg(w)) know_reg(e, ld_reg_is_y(w), ld_reg_index(w), d, pending);
}

/* An `s` operand: a register or the term itself. */
static V src(em_t *e, uint64_t w)
{
    if (!ld_is_reg(w)) return c64(e, w);
    return ld_reg_is_y(w) ? yget(e, ld_reg_index(w)) : xget(e, ld_reg_index(w));
}
static void dst(em_t *e, uint64_t w, V v)
{
    if (ld_reg_is_y(w)) yset(e, ld_reg_index(w), v);
    else xset(e, ld_reg_index(w), v);
}

static V abi_call(em_t *e, int idx, V *args, unsigned n)
{
    return LLVMBuildCall2(e->b, e->abi_ty[idx], e->abi_fn[idx], args, n, "");
}

/* E, HTOP and the reductions into abi_state_t (before a runtime call that
 * reads them, or a return to C that bypasses the exit block), and back
 * from it (after a runtime call that may move or count them). */
static void state_out(em_t *e)
{
    st_(e, Eget(e), stfield(e, e->b, offsetof(abi_state_t, E)));
    st_(e, Hget(e), stfield(e, e->b, offsetof(abi_state_t, HTOP)));
    st_(e, Fget(e), stfield(e, e->b, offsetof(abi_state_t, fcalls)));
}
static void state_in(em_t *e)
{
    /* the same frame, perhaps moved by a collection */
    st_(e, ldp(e, stfield(e, e->b, offsetof(abi_state_t, E))), e->Ea);
    Hset(e, ldp(e, stfield(e, e->b, offsetof(abi_state_t, HTOP))));
    Fset(e, ld64(e, stfield(e, e->b, offsetof(abi_state_t, fcalls))));
}
/* Branch weights on a terminator (a condbr's true/false, a switch's
 * default then its cases): the hot path laid out straight. */
static void weights(em_t *e, V term, const unsigned *w, unsigned n)
{
    LLVMMetadataRef *md = malloc((1 + n) * sizeof *md);
    if (!md) abort();
    md[0] = LLVMMDStringInContext2(e->ctx, "branch_weights", 14);
    for (unsigned i = 0; i < n; i++) md[1 + i] = LLVMValueAsMetadata(LLVMConstInt(e->i32, w[i], false));
    unsigned kind = LLVMGetMDKindIDInContext(e->ctx, "prof", 4);
    LLVMSetMetadata(term, kind, LLVMMetadataAsValue(e->ctx, LLVMMDNodeInContext2(e->ctx, md, 1 + n)));
    free(md);
}
/* A conditional branch expected to go to t. */
static void likely_br(em_t *e, V cond, B t, B f)
{
    V br = LLVMBuildCondBr(e->b, cond, t, f);
    weights(e, br, (const unsigned[]){2000, 1}, 2);
}
/* The current block ends with x[live..] and the float registers dead. */
static void dead_after(em_t *e, unsigned live)
{
    e->dead[e->ndead].bb = LLVMGetInsertBlock(e->b);
    e->dead[e->ndead++].live = live;
}

/* ---- exits ---- */
static void deopt(em_t *e, uint32_t off)
{
    st_(e, iaddr(e, off), e->Ia);
    LLVMBuildBr(e->b, e->exit_bb);
}
static void exit_to(em_t *e, V I)
{
    st_(e, I, e->Ia);
    LLVMBuildBr(e->b, e->exit_bb);
}
/* A block that deopts at `off` (for failing fast paths). */
static B deopt_bb(em_t *e, uint32_t off)
{
    B cur = LLVMGetInsertBlock(e->b), d = newbb(e, "deopt");
    LLVMPositionBuilderAtEnd(e->b, d);
    deopt(e, off);
    LLVMPositionBuilderAtEnd(e->b, cur);
    return d;
}
/* x[from..arity-1] into the register array. */
static void store_args(em_t *e, unsigned from, unsigned arity)
{
    V xs = from < arity ? xbase(e) : NULL;
    for (unsigned i = from; i < arity; i++) {
        V v = xget(e, i);
        st_(e, v, gep64(e, xs, c64(e, i)));
    }
}
/* The C stack limit: the lowest stack pointer at which a native call may
 * still nest (see call_native). */
static V climit(em_t *e) { return ld64(e, stfield(e, e->b, offsetof(abi_state_t, climit))); }
/* The stack pointer, as an integer. */
static V stack_pointer(em_t *e)
{
    unsigned id = LLVMLookupIntrinsicID("llvm.stacksave", 14);
    V f = LLVMGetIntrinsicDeclaration(e->mod, id, &e->ptr, 1);
    return LLVMBuildPtrToInt(e->b, LLVMBuildCall2(e->b, LLVMIntrinsicGetType(e->ctx, id, &e->ptr, 1), f, NULL, 0, ""),
                             e->i64, "");
}
/* A native function's result (abi.h: abi_native_ret_t; JIT_R_*): an
 * exit at I (the state in abi_state_t), or a return with E (the CP
 * popped), HTOP, the reductions and x0. */
static V mkexit(em_t *e, V I)
{
    V tagged = LLVMBuildOr(e->b, LLVMBuildPtrToInt(e->b, I, e->i64, ""), c64(e, 1), "");
    return LLVMBuildInsertValue(e->b, LLVMGetPoison(e->retty), LLVMBuildIntToPtr(e->b, tagged, e->ptr, ""), JIT_R_E, "");
}
static V mkreturn(em_t *e, V E, V H, V fc, V x0)
{
    V r = LLVMBuildInsertValue(e->b, LLVMGetPoison(e->retty), E, JIT_R_E, "");
    r = LLVMBuildInsertValue(e->b, r, H, JIT_R_H, "");
    r = LLVMBuildInsertValue(e->b, r, x0, JIT_R_X0, "");
    return LLVMBuildInsertValue(e->b, r, LLVMBuildBitCast(e->b, fc, e->dbl, ""), JIT_R_FCALLS, "");
}
/* A native call's arguments: the reductions, x0..x5 in registers (from
 * the allocas, the callee's `arity` arguments only; or with from_memory
 * all from the register array; the others stored before by the caller),
 * and entry point 0 (the function's entry). */
static void native_args(em_t *e, V *args, bool from_memory, unsigned arity)
{
    args[JIT_P_ST] = e->st;
    args[JIT_P_E] = Eget(e);
    args[JIT_P_H] = Hget(e);
    args[JIT_P_FCALLS] = Fget(e);
    V xs = from_memory ? xbase(e) : NULL;
    for (unsigned i = 0; i < JIT_XARGS; i++)
        args[JIT_P_X0 + i] = from_memory ? ld64(e, gep64(e, xs, c64(e, i)))
                             : i < arity ? xget(e, i) : LLVMGetPoison(e->i64);
    args[JIT_P_ENTRY] = LLVMGetPoison(e->i64); /* read by continuations only */
}
static void musttail_args(em_t *e, V callee, V *args)
{
    V r = LLVMBuildCall2(e->b, e->fnty, callee, args, JIT_NPARAMS, "");
    LLVMSetInstructionCallConv(r, JIT_NATIVE_CC);
    LLVMSetTailCallKind(r, LLVMTailCallKindMustTail);
    LLVMBuildRet(e->b, r);
}
/* The tail call to another native function's entry. */
static void musttail(em_t *e, V callee, unsigned arity)
{
    V args[JIT_NPARAMS];
    native_args(e, args, false, arity);
    musttail_args(e, callee, args);
}
/* The same with every register in the array already. */
static void musttail_mem(em_t *e, V callee)
{
    V args[JIT_NPARAMS];
    native_args(e, args, true, JIT_XARGS);
    musttail_args(e, callee, args);
}
/* A call to `callee` that returns to the continuation at code offset
 * `cont` of this function (its CP pushed already). A real call: the
 * callee's `return` pops this CP (frames are balanced) and comes back
 * here with E untagged, and the unit goes on at `cont` with E, HTOP, the
 * reductions and x0 from the result; an exit (E's place tagged) is passed
 * up (the state is in abi_state_t). With the stack pointer at the limit
 * (JIT_NATIVE_STACK bytes below the trampoline's frame), an exit to the
 * callee's threaded code at `addr` instead: the interpreter enters it
 * again from C with the C stack unwound (deep recursion costs an exit
 * every few thousand calls). The stack pointer is the same at each call
 * of a frame: a call that only paths through another call of this frame,
 * or from an entry point the trampoline entered (it enters continuations
 * only, with a fresh C stack), reach tests nothing (e->Ka, which SROA
 * makes constants along such paths). from_memory:
 * every register is in the array already (call_fun), and E and HTOP go
 * to abi_state_t. */
static void call_native(em_t *e, V callee, uint32_t cont, bool from_memory, V addr, unsigned arity)
{
    B up = newbb(e, "exit_up"), back = newbb(e, "returned");
    {
        B real = newbb(e, "ncall"), deep = newbb(e, "deep");
        V ok = LLVMBuildICmp(e->b, LLVMIntUGT, stack_pointer(e), climit(e), "");
        ok = LLVMBuildOr(e->b, LLVMBuildLoad2(e->b, e->i1, e->Ka, ""), ok, "");
        likely_br(e, ok, real, deep);
        LLVMPositionBuilderAtEnd(e->b, deep);
        if (from_memory) {
            state_out(e);
            LLVMBuildRet(e->b, mkexit(e, addr));
        } else {
            exit_to(e, addr);
        }
        LLVMPositionBuilderAtEnd(e->b, real);
        st_(e, LLVMConstInt(e->i1, 1, false), e->Ka);
    }
    V args[JIT_NPARAMS];
    native_args(e, args, from_memory, arity);
    V r = LLVMBuildCall2(e->b, e->fnty, callee, args, JIT_NPARAMS, "");
    LLVMSetInstructionCallConv(r, JIT_NATIVE_CC);
    V rE = LLVMBuildExtractValue(e->b, r, JIT_R_E, "");
    likely_br(e, LLVMBuildNot(e->b, LLVMBuildTrunc(e->b, LLVMBuildPtrToInt(e->b, rE, e->i64, ""), e->i1, ""), ""), back, up);
    LLVMPositionBuilderAtEnd(e->b, up);
    LLVMBuildRet(e->b, r);
    /* only x0 is live after a return */
    LLVMPositionBuilderAtEnd(e->b, back);
    st_(e, rE, e->Ea); /* this frame again */
    Hset(e, LLVMBuildExtractValue(e->b, r, JIT_R_H, ""));
    xset(e, 0, LLVMBuildExtractValue(e->b, r, JIT_R_X0, ""));
    Fset(e, LLVMBuildBitCast(e->b, LLVMBuildExtractValue(e->b, r, JIT_R_FCALLS, ""), e->i64, ""));
    dead_after(e, 1);
    LLVMBuildBr(e->b, block(e, cont));
}
static void tail_addr(em_t *e, V a, unsigned arity, uint32_t cont);
/* Continue at code offset `target` as a call with `arity` arguments
 * returning to `cont` (0: a tail call): a direct call to a unit of this
 * compilation, else through the function's native entry (another
 * compilation's, or the interpreter while it has none). */
static void tail_local(em_t *e, uint32_t target, unsigned arity, uint32_t cont)
{
    if (e->site_fn[target] && e->is_entry[target]) {
        store_args(e, JIT_XARGS, arity);
        if (cont) call_native(e, e->site_fn[target], cont, false, iaddr(e, target), arity);
        else musttail(e, e->site_fn[target], arity);
    } else if (target < e->size && (e->m->ops[target] == OP_i_func_entry || e->m->ops[target] == OP_i_func_native)) {
        tail_addr(e, iaddr(e, target), arity, cont);
    } else {
        deopt(e, target);
    }
}
/* Continue at the threaded address `a` (a function's entry: an export's
 * code or a local function of another compilation): its native entry if
 * it has one, else the interpreter. */
static void tail_addr(em_t *e, V a, unsigned arity, uint32_t cont)
{
    V op = ld64(e, a);
    B nat = newbb(e, "native"), interp = newbb(e, "interp");
    LLVMBuildCondBr(e->b, eqc(e, op, e->native_op), nat, interp);
    LLVMPositionBuilderAtEnd(e->b, nat);
    V fn = ldp(e, gep64(e, a, c64(e, 2)));
    store_args(e, JIT_XARGS, arity);
    if (cont) call_native(e, fn, cont, false, a, arity);
    else musttail(e, fn, arity);
    LLVMPositionBuilderAtEnd(e->b, interp);
    exit_to(e, a);
}
/* Pop the CP and return to it: the C caller is the native caller whose
 * CP it is (call_native) or the trampoline, which goes on in the native
 * continuation of any other CP (abi_cont; the CP is at E[-1] then). */
static void do_return(em_t *e)
{
    V E = Eget(e);
    LLVMBuildRet(e->b, mkreturn(e, gep64(e, E, c64(e, 1)), Hget(e), Fget(e), xget(e, 0)));
}

/* Whether the instruction at `off` is reached only from the one before
 * it, which left a free word below E for a call's CP: an allocate
 * (need_words took one word more for it) and moves after it (cp_at). */
static bool cp_room(const em_t *e, uint32_t off)
{
    return e->cp_at == off && !e->target[off] && !e->site_fn[off];
}

/* Continue in a new block if cond holds, else go to `otherwise`. */
static void guard(em_t *e, V cond, B otherwise)
{
    B go = newbb(e, "");
    likely_br(e, cond, go, otherwise);
    LLVMPositionBuilderAtEnd(e->b, go);
}

/* Room for `need` words between HTOP and E (and no forced GC), else a
 * collection in native code with x[0..live-1] live: the unit's shared
 * collection block (gc_shared) stores E, HTOP and the registers, calls
 * abi_gc (the interpreter's collection with the same roots), reloads them
 * and comes back here; nothing else holds a term across an instruction
 * boundary (y registers are read from the stack at each use), so native
 * code keeps running after a GC. abi_gc declined (max_heap_size): an exit
 * at `off`. One block per unit instead of one per allocation point: the
 * store/call/reload sequence was a quarter of the IR of `lists`. */
/* Whether the straight line knows a register's double (known_reg): an
 * SSA value defined before an allocation point and used after it. */
static bool straight_known(const em_t *e)
{
    for (unsigned i = 0; i < LD_MAX_REG; i++)
        if (e->kx_g[i] == e->kgx || e->ky_g[i] == e->kgy) return true;
    return false;
}
static void need_words(em_t *e, uint32_t off, uint64_t need, uint64_t live)
{
    /* E - need (the new E of an allocate) at or above HTOP */
    V ok = LLVMBuildICmp(e->b, LLVMIntUGE, LLVMBuildPtrToInt(e->b, gep64(e, Eget(e), c64(e, -need)), e->i64, ""),
                         LLVMBuildPtrToInt(e->b, Hget(e), e->i64, ""), "");
    V force = ld64(e, stfield(e, e->b, offsetof(abi_state_t, gc_force)));
    ok = LLVMBuildAnd(e->b, ok, LLVMBuildICmp(e->b, LLVMIntEQ, force, c64(e, 0), ""), "");
    B go = newbb(e, "room");
    if (live > LD_MAX_REG) {
        LLVMBuildCondBr(e->b, ok, go, deopt_bb(e, off));
        LLVMPositionBuilderAtEnd(e->b, go);
        return;
    }
    B gc = newbb(e, "gc");
    LLVMBuildCondBr(e->b, ok, go, gc);
    LLVMPositionBuilderAtEnd(e->b, gc);
    if (straight_known(e)) {
        /* doubles known on this straight line are SSA values used after
         * it, which the shared block would not dominate: collect here */
        state_out(e);
        store_args(e, 0, (unsigned)live);
        V args[3] = {e->st, c64(e, need), c64(e, live)};
        V r = abi_call(e, ABI_IDX_abi_gc, args, 3);
        guard(e, LLVMBuildICmp(e->b, LLVMIntEQ, r, c64(e, 0), ""), deopt_bb(e, off));
        state_in(e);
        V xs = xbase(e);
        for (unsigned i = 0; i < live; i++) xset(e, i, ld64(e, gep64(e, xs, c64(e, i))));
        LLVMBuildBr(e->b, go);
        LLVMPositionBuilderAtEnd(e->b, go);
        return;
    }
    if (!e->gc_bb) {
        e->gc_bb = newbb(e, "gc_shared");
        e->Gneed = LLVMBuildAlloca(e->ab, e->i64, "gneed");
        e->Glive = LLVMBuildAlloca(e->ab, e->i64, "glive");
        e->Gsite = LLVMBuildAlloca(e->ab, e->i64, "gsite");
    }
    st_(e, iaddr(e, off), e->Ia);
    st_(e, c64(e, need), e->Gneed);
    st_(e, c64(e, live), e->Glive);
    st_(e, c64(e, e->ngc), e->Gsite);
    e->gc_resume[e->ngc++] = go;
    if (live > e->gc_maxlive) e->gc_maxlive = live;
    LLVMBuildBr(e->b, e->gc_bb);
    LLVMPositionBuilderAtEnd(e->b, go);
}
/* The unit's collection block (need_words), after its body: E, HTOP, the
 * reductions and x[0..maxlive-1] out, abi_gc, all of them back, then on
 * to the allocation point that came (a switch). */
static void gc_shared(em_t *e)
{
    if (!e->gc_bb) return;
    LLVMPositionBuilderAtEnd(e->b, e->gc_bb);
    state_out(e);
    unsigned live = (unsigned)e->gc_maxlive;
    store_args(e, 0, live);
    V args[3] = {e->st, ld64(e, e->Gneed), ld64(e, e->Glive)};
    V r = abi_call(e, ABI_IDX_abi_gc, args, 3);
    B back = newbb(e, "gc_back");
    likely_br(e, LLVMBuildICmp(e->b, LLVMIntEQ, r, c64(e, 0), ""), back, e->exit_bb);
    LLVMPositionBuilderAtEnd(e->b, back);
    state_in(e);
    if (live) {
        V xs = xbase(e);
        for (unsigned i = 0; i < live; i++) xset(e, i, ld64(e, gep64(e, xs, c64(e, i))));
    }
    if (e->ngc == 1) {
        LLVMBuildBr(e->b, e->gc_resume[0]);
        return;
    }
    B none = newbb(e, "gc_none");
    V sw = LLVMBuildSwitch(e->b, ld64(e, e->Gsite), none, e->ngc);
    for (uint32_t k = 0; k < e->ngc; k++) LLVMAddCase(sw, c64(e, k), e->gc_resume[k]);
    LLVMPositionBuilderAtEnd(e->b, none);
    LLVMBuildUnreachable(e->b);
}
/* Push the CP of a call at `off` returning to `cont`: a free word below E
 * (else an exit at the call: the interpreter collects), which the frame's
 * allocation made sure of when only moves came between (cp_room). */
static void push_cp(em_t *e, uint32_t off, uint32_t cont)
{
    V E = Eget(e);
    if (!e->cp_here) {
        V room = LLVMBuildICmp(e->b, LLVMIntUGT, LLVMBuildPtrToInt(e->b, E, e->i64, ""),
                               LLVMBuildPtrToInt(e->b, Hget(e), e->i64, ""), "");
        B go = newbb(e, "push");
        LLVMBuildCondBr(e->b, room, go, deopt_bb(e, off));
        LLVMPositionBuilderAtEnd(e->b, go);
    }
    V ne = gep64(e, E, c64(e, (uint64_t)-1));
    st_(e, iaddr(e, cont), ne);
    Eset(e, ne);
}

/* ---- term tests ---- */
static V is_small(em_t *e, V t) { return tagis(e, t, TAG_IMMED1_MASK, TAG_IMMED1_SMALL); }
static V is_boxed(em_t *e, V t) { return tagis(e, t, TAG_PRIMARY_MASK, TAG_PRIMARY_BOXED); }
static V is_immed(em_t *e, V t) { return tagis(e, t, TAG_PRIMARY_MASK, TAG_PRIMARY_IMMED1); }
static V boxed_word(em_t *e, V t, uint64_t word)
{
    return ld64(e, gep8(e, t2p(e, t), c64(e, word * 8 - TAG_PRIMARY_BOXED)));
}
static V list_word(em_t *e, V t, uint64_t word)
{
    return ld64(e, gep8(e, t2p(e, t), c64(e, word * 8 - TAG_PRIMARY_LIST)));
}
/* the double of a boxed float */
static V float_payload(em_t *e, V t) { return LLVMBuildLoad2(e->b, e->dbl, gep8(e, t2p(e, t), c64(e, 8 - TAG_PRIMARY_BOXED)), ""); }

/* Branch on an immediate condition, else (boxed) on a header condition. */
typedef enum { H_NONE, H_INTEGER, H_FLOAT, H_NUMBER, H_EXT_PID, H_REF, H_EXT_PORT, H_TUPLE, H_FUN, H_BITSTR, H_MAP,
               H_ARITY, H_TAGGED } hkind_t;
static V hdr_pred(em_t *e, V h, hkind_t k, uint64_t arity, V t, uint64_t tag, B fail, bool *branched)
{
    V sub = and_(e, h, HDR_SUBTAG_MASK);
    *branched = false;
    switch (k) {
    case H_INTEGER: return eqc(e, and_(e, h, HDR_SUBTAG_MASK & ~(0x1u << 2)), HDR_POS_BIG);
    case H_FLOAT: return eqc(e, sub, HDR_FLOAT);
    case H_NUMBER:
        return LLVMBuildOr(e->b, eqc(e, and_(e, h, HDR_SUBTAG_MASK & ~(0x1u << 2)), HDR_POS_BIG), eqc(e, sub, HDR_FLOAT),
                           "");
    case H_EXT_PID: return eqc(e, sub, HDR_EXT_PID);
    case H_EXT_PORT: return eqc(e, sub, HDR_EXT_PORT);
    case H_REF: return LLVMBuildOr(e->b, eqc(e, sub, HDR_REF), eqc(e, sub, HDR_EXT_REF), "");
    case H_TUPLE: return eqc(e, sub, HDR_TUPLE);
    case H_FUN: return LLVMBuildOr(e->b, eqc(e, sub, HDR_FUN), eqc(e, sub, HDR_EXPORT), "");
    case H_BITSTR:
        return LLVMBuildOr(e->b, LLVMBuildOr(e->b, eqc(e, sub, HDR_REFC_BIN), eqc(e, sub, HDR_HEAP_BIN), ""),
                           eqc(e, sub, HDR_SUB_BIN), "");
    case H_MAP: return eqc(e, sub, HDR_MAP);
    case H_ARITY: return eqc(e, h, hdr_make(arity, HDR_TUPLE));
    case H_TAGGED: {
        if (arity == 0) return LLVMConstInt(e->i1, 0, false);
        B ok = newbb(e, "tag");
        LLVMBuildCondBr(e->b, eqc(e, h, hdr_make(arity, HDR_TUPLE)), ok, fail);
        LLVMPositionBuilderAtEnd(e->b, ok);
        *branched = true;
        return eqc(e, boxed_word(e, t, 1), tag);
    }
    default: return LLVMConstInt(e->i1, 0, false);
    }
}
/* if imm(t) -> ok; else if boxed and header test -> ok; else fail */
static void type_test(em_t *e, V t, V imm, hkind_t k, uint64_t arity, uint64_t tag, B ok, B fail)
{
    if (imm) {
        B more = k == H_NONE ? fail : newbb(e, "more");
        LLVMBuildCondBr(e->b, imm, ok, more);
        if (k == H_NONE) return;
        LLVMPositionBuilderAtEnd(e->b, more);
    }
    B bx = newbb(e, "boxed");
    LLVMBuildCondBr(e->b, is_boxed(e, t), bx, fail);
    LLVMPositionBuilderAtEnd(e->b, bx);
    bool br;
    V c = hdr_pred(e, boxed_word(e, t, 0), k, arity, t, tag, fail, &br);
    LLVMBuildCondBr(e->b, c, ok, fail);
}


/* ---- what the compiler proved about an operand (the Type chunk) ---- */
/* Type bits (module.h LD_T_*) of an `s` operand; with `range`, its
 * integers are smalls in min..max. A literal's type is its own; a register
 * without a Type chunk entry is "any". */
typedef struct {
    uint32_t bits;
    bool range;
    int64_t min, max;
} jty_t;

static jty_t optype(const em_t *e, uint64_t w)
{
    jty_t t = {LD_T_ANY, false, 0, 0};
    if (ld_is_reg(w)) {
        uint32_t ti = ld_reg_type(w);
        if (ti && e->m->types && ti <= e->m->num_types) {
            const ld_type_t *ty = &e->m->types[ti - 1];
            t.bits = ty->bits;
            if (ty->min <= ty->max) t.range = true, t.min = ty->min, t.max = ty->max;
        }
        return t;
    }
    term v = (term)w;
    if (term_is_small(v)) t = (jty_t){LD_T_INTEGER, true, term_to_small(v), term_to_small(v)};
    else if (term_is_atom(v)) t.bits = LD_T_ATOM;
    else if (v == NIL) t.bits = LD_T_NIL;
    else if (term_is_float(v)) t.bits = LD_T_FLOAT;
    else if (term_is_big(v)) t.bits = LD_T_INTEGER;
    return t;
}
/* every value it may hold is in `bits` */
static bool ty_only(jty_t t, uint32_t bits) { return !(t.bits & ~bits); }
/* a small integer, always */
static bool ty_small(jty_t t) { return t.bits == LD_T_INTEGER && t.range; }
/* an immediate, always (so =:= is identity) */
static bool ty_immed(jty_t t) { return ty_only(t, LD_T_ATOM | LD_T_NIL) || (ty_only(t, LD_T_ATOM | LD_T_NIL | LD_T_INTEGER) && t.range); }

/* What the operand's type says of type test `op`: 1 always passes, 0
 * always fails, -1 unknown. */
static int type_test_known(ops_t op, jty_t t)
{
    uint32_t acc = 0;
    bool exact = true; /* acc is exactly what passes */
    switch (op) {
    case OP_is_integer: acc = LD_T_INTEGER; break;
    case OP_is_float: acc = LD_T_FLOAT; break;
    case OP_is_number: acc = LD_T_INTEGER | LD_T_FLOAT; break;
    case OP_is_atom: acc = LD_T_ATOM; break;
    case OP_is_pid: acc = LD_T_PID; break;
    case OP_is_reference: acc = LD_T_REFERENCE; break;
    case OP_is_port: acc = LD_T_PORT; break;
    case OP_is_nil: acc = LD_T_NIL; break;
    case OP_is_list: acc = LD_T_CONS | LD_T_NIL; break;
    case OP_is_nonempty_list: acc = LD_T_CONS; break;
    case OP_is_tuple: acc = LD_T_TUPLE; break;
    case OP_is_function: acc = LD_T_FUN; break;
    case OP_is_map: acc = LD_T_MAP; break;
    case OP_is_bitstr:
        /* a match state is no bitstring term, but never tested as one */
        if (ty_only(t, LD_T_BITSTRING)) return 1;
        return t.bits & (LD_T_BITSTRING | LD_T_BS_CONTEXT) ? -1 : 0;
    /* these pass only some values of their kind: the type can only rule
     * them out */
    case OP_is_boolean: acc = LD_T_ATOM, exact = false; break;
    case OP_test_arity: case OP_is_tagged_tuple: acc = LD_T_TUPLE, exact = false; break;
    default: return -1;
    }
    if (!(t.bits & acc)) return 0;
    return exact && ty_only(t, acc) ? 1 : -1;
}

/* ---- arithmetic fast paths on small integers ---- */
static V ovf_intrinsic(em_t *e, const char *name, V a, V b, V *ovf)
{
    LLVMTypeRef ty = e->i64;
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    V f = LLVMGetIntrinsicDeclaration(e->mod, id, &ty, 1);
    LLVMTypeRef fty = LLVMIntrinsicGetType(e->ctx, id, &ty, 1);
    V args[2] = {a, b};
    V r = LLVMBuildCall2(e->b, fty, f, args, 2, "");
    *ovf = LLVMBuildExtractValue(e->b, r, 1, "");
    return LLVMBuildExtractValue(e->b, r, 0, "");
}
static V untag(em_t *e, V t) { return LLVMBuildAShr(e->b, t, c64(e, TAG_IMMED1_SIZE), ""); }
static V tag_small(em_t *e, V v) { return LLVMBuildOr(e->b, LLVMBuildShl(e->b, v, c64(e, TAG_IMMED1_SIZE), ""), c64(e, TAG_IMMED1_SMALL), ""); }
/* v fits in a small */
static V fits_small(em_t *e, V v)
{
    V back = LLVMBuildAShr(e->b, LLVMBuildShl(e->b, v, c64(e, TAG_IMMED1_SIZE), ""), c64(e, TAG_IMMED1_SIZE), "");
    return LLVMBuildICmp(e->b, LLVMIntEQ, back, v, "");
}

typedef enum { AR_NONE, AR_ADD, AR_SUB, AR_MUL, AR_FDIV, AR_DIV, AR_REM, AR_BAND, AR_BOR, AR_BXOR, AR_BSL, AR_BSR } arith_t;
static arith_t arith_of(const bif_info_t *b)
{
    if (!b || strcmp(b->module_text, "erlang") || b->arity != 2) return AR_NONE;
    static const struct { const char *n; arith_t a; } t[] = {
        {"+", AR_ADD}, {"-", AR_SUB}, {"*", AR_MUL}, {"/", AR_FDIV}, {"div", AR_DIV}, {"rem", AR_REM},
        {"band", AR_BAND}, {"bor", AR_BOR}, {"bxor", AR_BXOR}, {"bsl", AR_BSL}, {"bsr", AR_BSR},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(b->name_text, t[i].n)) return t[i].a;
    return AR_NONE;
}
typedef enum { CMP_NONE, CMP_LT, CMP_GT, CMP_LE, CMP_GE, CMP_EQ, CMP_NE, CMP_EXEQ, CMP_EXNE } cmpop_t;
static cmpop_t cmp_of(const bif_info_t *b)
{
    if (!b || strcmp(b->module_text, "erlang") || b->arity != 2) return CMP_NONE;
    static const struct { const char *n; cmpop_t c; } t[] = {
        {"<", CMP_LT}, {">", CMP_GT}, {"=<", CMP_LE}, {">=", CMP_GE},
        {"==", CMP_EQ}, {"/=", CMP_NE}, {"=:=", CMP_EXEQ}, {"=/=", CMP_EXNE},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(b->name_text, t[i].n)) return t[i].c;
    return CMP_NONE;
}

/* Call BIF b through the ABI with args (terms, or NULL: x[0..n-1]).
 * Returns the result in a new block reached on success. On failure: the
 * fail label if failw, else deopt at `off` when reexec (the interpreter
 * runs the instruction again: pure BIFs with special traces), else the
 * pending raise (abi_state_t.raise_bif) and an exit at `off`. */
static V emit_bif_call(em_t *e, uint32_t off, const bif_info_t *b, V *args, unsigned n, uint64_t failw, bool reexec)
{
    V argp;
    if (args) {
        argp = stfield(e, e->b, offsetof(abi_state_t, bif_args));
        for (unsigned k = 0; k < n; k++) st_(e, args[k], gep64(e, argp, c64(e, k)));
    } else {
        store_args(e, 0, n);
        argp = xbase(e);
    }
    state_out(e);
    V cargs[4] = {e->st, cptr(e, b), argp, iaddr(e, off)};
    V r = abi_call(e, ABI_IDX_abi_call_bif, cargs, 4);
    state_in(e);
    B ok = newbb(e, "bif_ok"), bad = newbb(e, "bif_fail");
    LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntNE, r, c64(e, THE_NON_VALUE), ""), ok, bad);
    LLVMPositionBuilderAtEnd(e->b, bad);
    if (failw) {
        LLVMBuildBr(e->b, block(e, lbl(e, failw)));
    } else if (reexec) {
        deopt(e, off);
    } else {
        st_(e, cptr(e, b), stfield(e, e->b, offsetof(abi_state_t, raise_bif)));
        st_(e, argp, stfield(e, e->b, offsetof(abi_state_t, raise_args)));
        deopt(e, off);
    }
    LLVMPositionBuilderAtEnd(e->b, ok);
    return r;
}

/* After a gc_bif/call_bif result is in place: if the BIF left more in heap
 * fragments than the heap has room for, exit at `next` and let the
 * interpreter collect with x[0..live-1] (the result's register included)
 * live, as its GC_AFTER_BIF does. live 0: no check (guard BIFs). */
static void after_bif(em_t *e, bool check, uint64_t live, uint64_t dstw, uint32_t next)
{
    if (!check) return;
    /* x registers above `live` may hold stale terms: root exactly the
     * live ones and the result (skip the rare result register past them:
     * the next allocation point collects) */
    if (ld_is_reg(dstw) && !ld_reg_is_y(dstw) && ld_reg_index(dstw) >= live) {
        if (ld_reg_index(dstw) > live) return;
        live++;
    }
    V f = ld64(e, stfield(e, e->b, offsetof(abi_state_t, gc_force)));
    B gc = newbb(e, "gc_after_bif"), go = newbb(e, "");
    LLVMBuildCondBr(e->b, eqc(e, f, 2), gc, go);
    LLVMPositionBuilderAtEnd(e->b, gc);
    st_(e, c64(e, live), stfield(e, e->b, offsetof(abi_state_t, gc_live)));
    deopt(e, next);
    LLVMPositionBuilderAtEnd(e->b, go);
}


/* A phi of two doubles from two predecessors. */
static V phi2(em_t *e, V a, B ab, V b, B bb)
{
    V phi = LLVMBuildPhi(e->b, e->dbl, "");
    V vals[2] = {a, b};
    B bbs[2] = {ab, bb};
    LLVMAddIncoming(phi, vals, bbs, 2);
    return phi;
}

/* t as a double: a small (with exact: only |v| <= 2^53, where the
 * conversion is exact) or a boxed float; anything else goes to `other`. */
static V as_double(em_t *e, V t, bool exact, B other)
{
    B sm = newbb(e, "d_small"), nsm = newbb(e, "d_boxed"), join = newbb(e, "d");
    LLVMBuildCondBr(e->b, is_small(e, t), sm, nsm);
    LLVMPositionBuilderAtEnd(e->b, sm);
    V v = untag(e, t);
    if (exact)
        guard(e, LLVMBuildICmp(e->b, LLVMIntULE, LLVMBuildAdd(e->b, v, c64(e, UINT64_C(1) << 53), ""),
                               c64(e, UINT64_C(1) << 54), ""),
              other);
    V d1 = LLVMBuildSIToFP(e->b, v, e->dbl, "");
    B sm_end = LLVMGetInsertBlock(e->b);
    LLVMBuildBr(e->b, join);
    LLVMPositionBuilderAtEnd(e->b, nsm);
    guard(e, is_boxed(e, t), other);
    guard(e, eqc(e, and_(e, boxed_word(e, t, 0), HDR_SUBTAG_MASK), HDR_FLOAT), other);
    V d2 = float_payload(e, t);
    B fl_end = LLVMGetInsertBlock(e->b);
    LLVMBuildBr(e->b, join);
    LLVMPositionBuilderAtEnd(e->b, join);
    return phi2(e, d1, sm_end, d2, fl_end);
}

/* Operand w (type t) is a double without a branch: a literal number
 * (exact: only where the conversion is exact), a float, a small (range
 * known). */
static bool known_double_ok(uint64_t w, jty_t t, bool exact)
{
    const int64_t lim = INT64_C(1) << 53;
    if (!ld_is_reg(w)) {
        term c = (term)w;
        return term_is_float(c) || (term_is_small(c) && (!exact || (term_to_small(c) >= -lim && term_to_small(c) <= lim)));
    }
    return ty_only(t, LD_T_FLOAT) || (ty_small(t) && (!exact || (t.min >= -lim && t.max <= lim)));
}
/* ... and that double (value v), known_double_ok being true */
static V known_double(em_t *e, uint64_t w, V v, jty_t t)
{
    if (!ld_is_reg(w)) {
        term c = (term)w;
        return LLVMConstReal(e->dbl, term_is_float(c) ? term_float_val(c) : (double)term_to_small(c));
    }
    if (ty_only(t, LD_T_FLOAT)) return float_payload(e, v);
    return LLVMBuildSIToFP(e->b, untag(e, v), e->dbl, "");
}

/* An operand of inline float arithmetic: known (above), a register that
 * may hold a float (or, with `smalls`, for '/', a small). */
static bool float_operand_ok(uint64_t w, jty_t t, bool smalls)
{
    return known_double_ok(w, t, false) ||
           (ld_is_reg(w) && ((t.bits & LD_T_FLOAT) || (smalls && (t.bits & LD_T_INTEGER))));
}
/* ... as a double: checked here to be a boxed float (or a small) unless
 * known, anything else going to `slow` */
static V float_operand(em_t *e, uint64_t w, V v, jty_t t, bool smalls, B slow)
{
    if (known(e, w)) return known(e, w);
    if (known_double_ok(w, t, false)) return known_double(e, w, v, t);
    if (smalls && (t.bits & LD_T_INTEGER)) return as_double(e, v, false, slow);
    guard(e, is_boxed(e, v), slow);
    guard(e, eqc(e, boxed_word(e, v, 0), float_header()), slow);
    return float_payload(e, v);
}

static V is_finite(em_t *e, V r)
{
    unsigned id = LLVMLookupIntrinsicID("llvm.fabs", 9);
    V f = LLVMGetIntrinsicDeclaration(e->mod, id, &e->dbl, 1);
    V a = LLVMBuildCall2(e->b, LLVMIntrinsicGetType(e->ctx, id, &e->dbl, 1), f, &r, 1, "");
    return LLVMBuildFCmp(e->b, LLVMRealOLT, a, LLVMConstReal(e->dbl, __builtin_inf()), "");
}

/* A float term for r, built at HTOP when two words are free, else `slow`:
 * there the BIF call builds it in a heap fragment and, the heap being
 * full, the interpreter collects after it (after_bif), so no instruction
 * carries a collection of its own for its result. */
/* r boxed at HTOP, whose room the caller knows */
static V box_at_htop(em_t *e, V r)
{
    V h = Hget(e);
    st_(e, c64(e, float_header()), h);
    st_(e, r, gep64(e, h, c64(e, 1)));
    Hset(e, gep64(e, h, c64(e, 2)));
    return LLVMBuildOr(e->b, LLVMBuildPtrToInt(e->b, h, e->i64, ""), c64(e, TAG_PRIMARY_BOXED), "");
}
static V box_float(em_t *e, V r, B slow)
{
    V room = LLVMBuildSub(e->b, LLVMBuildPtrToInt(e->b, Eget(e), e->i64, ""), LLVMBuildPtrToInt(e->b, Hget(e), e->i64, ""), "");
    guard(e, LLVMBuildICmp(e->b, LLVMIntUGE, room, c64(e, 16), ""), slow);
    return box_at_htop(e, r);
}

/* a OP b as doubles, boxed into dstw, then `next`; false when an
 * operand's type rules floats out (nothing emitted). Any failure (not a
 * float, not finite, no room) goes to `slow`. */
static bool float_arith(em_t *e, arith_t op, uint64_t aw, V a, jty_t ta, uint64_t bw, V b, jty_t tb, uint64_t dstw,
                        uint32_t next, B slow)
{
    bool smalls = op == AR_FDIV;
    if (!float_operand_ok(aw, ta, smalls) || !float_operand_ok(bw, tb, smalls)) return false;
    V da = float_operand(e, aw, a, ta, smalls, slow);
    V db = float_operand(e, bw, b, tb, smalls, slow);
    V r = op == AR_ADD ? LLVMBuildFAdd(e->b, da, db, "") : op == AR_SUB ? LLVMBuildFSub(e->b, da, db, "")
          : op == AR_MUL ? LLVMBuildFMul(e->b, da, db, "") : LLVMBuildFDiv(e->b, da, db, "");
    guard(e, is_finite(e, r), slow);
    dst(e, dstw, box_float(e, r, slow));
    LLVMBuildBr(e->b, block(e, next));
    return true;
}

/* The range of a OP b on smalls in the given ranges fits a small: no
 * overflow check. */
static bool range_fits(arith_t op, jty_t a, jty_t b)
{
    if (!ty_small(a) || !ty_small(b)) return false;
    int64_t c[4];
    switch (op) {
    case AR_ADD: c[0] = a.min + b.min, c[1] = a.max + b.max, c[2] = c[0], c[3] = c[1]; break;
    case AR_SUB: c[0] = a.min - b.max, c[1] = a.max - b.min, c[2] = c[0], c[3] = c[1]; break;
    case AR_MUL: {
        /* smalls are 60 bits: products may overflow int64 */
        __int128 p[4] = {(__int128)a.min * b.min, (__int128)a.min * b.max, (__int128)a.max * b.min,
                         (__int128)a.max * b.max};
        for (int i = 0; i < 4; i++)
            if (p[i] < MIN_SMALL || p[i] > MAX_SMALL) return false;
        return true;
    }
    default: return false;
    }
    for (int i = 0; i < 4; i++)
        if (!small_fits(c[i])) return false;
    return true;
}

/* result = a OP b inline on smalls (and on floats for + - * /); anything
 * else (overflow, bignums, mixed, bad arguments, a full heap) calls the
 * BIF. The operands' types (aw, bw: their words) drop the paths and checks
 * they rule out. */
static void emit_arith(em_t *e, uint32_t off, arith_t op, uint64_t aw, uint64_t bw, uint64_t dstw, uint32_t next,
                       const bif_info_t *bif, uint64_t failw, bool reexec, uint64_t live)
{
    jty_t ta = optype(e, aw), tb = optype(e, bw);
    V a = src(e, aw), b = src(e, bw);
    B cur = LLVMGetInsertBlock(e->b), slow = newbb(e, "slow");
    LLVMPositionBuilderAtEnd(e->b, slow);
    V sargs[2] = {a, b};
    dst(e, dstw, emit_bif_call(e, off, bif, sargs, 2, failw, reexec));
    after_bif(e, true, live, dstw, next);
    LLVMBuildBr(e->b, block(e, next));
    B notsmall = slow;
    if (op == AR_ADD || op == AR_SUB || op == AR_MUL || op == AR_FDIV) {
        B fl = newbb(e, "float");
        LLVMPositionBuilderAtEnd(e->b, fl);
        if (float_arith(e, op, aw, a, ta, bw, b, tb, dstw, next, slow)) {
            notsmall = fl;
        } else {
            LLVMBuildBr(e->b, slow);
        }
    }
    LLVMPositionBuilderAtEnd(e->b, cur);
    /* '/' always makes a float; the rest need two integers for the
     * small path */
    if (op == AR_FDIV || !(ta.bits & LD_T_INTEGER) || !(tb.bits & LD_T_INTEGER)) {
        LLVMBuildBr(e->b, notsmall);
        return;
    }
    if (!ty_small(ta) || !ty_small(tb))
        guard(e, tagis(e, LLVMBuildAnd(e->b, a, b, ""), TAG_IMMED1_MASK, TAG_IMMED1_SMALL), notsmall);
    V r = NULL, ok = NULL;
    bool fits = range_fits(op, ta, tb);
    switch (op) {
    case AR_ADD:
        if (fits) r = LLVMBuildAdd(e->b, LLVMBuildSub(e->b, a, c64(e, 15), ""), b, "");
        else r = ovf_intrinsic(e, "llvm.sadd.with.overflow", LLVMBuildSub(e->b, a, c64(e, 15), ""), b, &ok);
        break;
    case AR_SUB: {
        V d = fits ? LLVMBuildSub(e->b, a, b, "") : ovf_intrinsic(e, "llvm.ssub.with.overflow", a, b, &ok);
        r = LLVMBuildOr(e->b, d, c64(e, TAG_IMMED1_SMALL), "");
        break;
    }
    case AR_MUL: {
        V bb = LLVMBuildSub(e->b, b, c64(e, 15), "");
        V d = fits ? LLVMBuildMul(e->b, untag(e, a), bb, "") : ovf_intrinsic(e, "llvm.smul.with.overflow", untag(e, a), bb, &ok);
        r = LLVMBuildOr(e->b, d, c64(e, TAG_IMMED1_SMALL), "");
        break;
    }
    case AR_DIV: case AR_REM: {
        V vb = untag(e, b);
        if (!tb.range || (tb.min <= 0 && tb.max >= 0))
            guard(e, LLVMBuildICmp(e->b, LLVMIntNE, vb, c64(e, 0), ""), slow);
        V va = untag(e, a);
        /* MIN_SMALL div -1 is the only overflow (into a bignum); srem of
         * it is 0 and cannot trap in 64 bits */
        V q = op == AR_DIV ? LLVMBuildSDiv(e->b, va, vb, "") : LLVMBuildSRem(e->b, va, vb, "");
        if (op == AR_DIV && !((ta.range && ta.min > MIN_SMALL) || (tb.range && (tb.min > -1 || tb.max < -1))))
            ok = LLVMBuildNot(e->b, fits_small(e, q), "");
        r = tag_small(e, q);
        break;
    }
    case AR_BAND: r = LLVMBuildAnd(e->b, a, b, ""); break;
    case AR_BOR: r = LLVMBuildOr(e->b, a, b, ""); break;
    case AR_BXOR: r = LLVMBuildOr(e->b, LLVMBuildXor(e->b, a, b, ""), c64(e, TAG_IMMED1_SMALL), ""); break;
    case AR_BSL: case AR_BSR: {
        /* shift counts 0..63 here; the rest (negative, huge) deopt */
        V vb = untag(e, b);
        guard(e, LLVMBuildICmp(e->b, LLVMIntULT, vb, c64(e, 64), ""), slow);
        V va = untag(e, a);
        if (op == AR_BSR) {
            r = tag_small(e, LLVMBuildAShr(e->b, va, vb, ""));
        } else {
            V s = LLVMBuildShl(e->b, va, vb, "");
            V back = LLVMBuildAShr(e->b, s, vb, "");
            V good = LLVMBuildAnd(e->b, LLVMBuildICmp(e->b, LLVMIntEQ, back, va, ""), fits_small(e, s), "");
            ok = LLVMBuildNot(e->b, good, "");
            r = tag_small(e, s);
        }
        break;
    }
    default: LLVMBuildBr(e->b, slow); return;
    }
    if (ok) guard(e, LLVMBuildNot(e->b, ok, ""), slow);
    dst(e, dstw, r);
    LLVMBuildBr(e->b, block(e, next));
}

/* The slow paths of a numeric comparison: in `num` (NULL: none), both as doubles where
 * that is exact (floats are never NaN), else (to `call`) the ABI's term
 * comparison, whose sign result is tested with pr against 0. */
static void compare_slow(em_t *e, V a, V b, B num, B call, LLVMRealPredicate fp, LLVMIntPredicate pr, B t_bb, B f_bb)
{
    if (num) {
        LLVMPositionBuilderAtEnd(e->b, num);
        V da = as_double(e, a, true, call), db = as_double(e, b, true, call);
        LLVMBuildCondBr(e->b, LLVMBuildFCmp(e->b, fp, da, db, ""), t_bb, f_bb);
    }
    LLVMPositionBuilderAtEnd(e->b, call);
    V args[2] = {a, b};
    V r = abi_call(e, ABI_IDX_abi_cmp, args, 2);
    LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, pr, r, c64(e, 0), ""), t_bb, f_bb);
}

/* Branch to t_bb if (a CMP b) holds, else f_bb (aw, bw: the operands'
 * words, for their types): smalls and doubles inline, else the pure ABI
 * comparisons. */
static void emit_compare(em_t *e, cmpop_t op, uint64_t aw, uint64_t bw, B t_bb, B f_bb)
{
    jty_t ta = optype(e, aw), tb = optype(e, bw);
    V a = src(e, aw), b = src(e, bw);
    bool exact = op == CMP_EXEQ || op == CMP_EXNE;
    /* the doubles' path inline only where the compiler proved an operand
     * a number that may be a float; any other non-small goes to abi_cmp
     * (as OTP's JIT does): that path was a dozen blocks per comparison,
     * a sixth of the IR of `lists` */
    bool num_inline = ((ta.bits | tb.bits) & LD_T_FLOAT) &&
                      (ty_only(ta, LD_T_INTEGER | LD_T_FLOAT) || ty_only(tb, LD_T_INTEGER | LD_T_FLOAT));
    /* identity against an immediate; for '==' unless one may be an
     * integer and the other a float (1 == 1.0) */
    bool mixed = ((ta.bits & LD_T_INTEGER) && (tb.bits & LD_T_FLOAT)) || ((ta.bits & LD_T_FLOAT) && (tb.bits & LD_T_INTEGER));
    if ((exact || ((op == CMP_EQ || op == CMP_NE) && !mixed)) && (ty_immed(ta) || ty_immed(tb))) {
        bool eq = op == CMP_EXEQ || op == CMP_EQ;
        V c = LLVMBuildICmp(e->b, LLVMIntEQ, a, b, "");
        LLVMBuildCondBr(e->b, c, eq ? t_bb : f_bb, eq ? f_bb : t_bb);
        return;
    }
    if (!exact) {
        /* both smalls, or both doubles (exactly, one a float): one compare */
        LLVMIntPredicate pr = op == CMP_LT ? LLVMIntSLT : op == CMP_GT ? LLVMIntSGT : op == CMP_LE ? LLVMIntSLE
                              : op == CMP_GE ? LLVMIntSGE : op == CMP_EQ ? LLVMIntEQ : LLVMIntNE;
        LLVMRealPredicate fp = op == CMP_LT ? LLVMRealOLT : op == CMP_GT ? LLVMRealOGT : op == CMP_LE ? LLVMRealOLE
                               : op == CMP_GE ? LLVMRealOGE : op == CMP_EQ ? LLVMRealOEQ : LLVMRealUNE;
        if (ty_small(ta) && ty_small(tb)) {
            LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, pr, a, b, ""), t_bb, f_bb);
            return;
        }
        if ((ty_only(ta, LD_T_FLOAT) || ty_only(tb, LD_T_FLOAT)) && known_double_ok(aw, ta, true) &&
            known_double_ok(bw, tb, true)) {
            V da = known_double(e, aw, a, ta), db = known_double(e, bw, b, tb);
            LLVMBuildCondBr(e->b, LLVMBuildFCmp(e->b, fp, da, db, ""), t_bb, f_bb);
            return;
        }
    }
    switch (op) {
    case CMP_EXEQ: case CMP_EXNE: {
        B yes = op == CMP_EXEQ ? t_bb : f_bb, no = op == CMP_EXEQ ? f_bb : t_bb;
        B more = newbb(e, "neq"), call = newbb(e, "cmp");
        LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntEQ, a, b, ""), yes, more);
        LLVMPositionBuilderAtEnd(e->b, more);
        V imm = LLVMBuildOr(e->b, is_immed(e, a), is_immed(e, b), "");
        LLVMBuildCondBr(e->b, imm, no, call);
        LLVMPositionBuilderAtEnd(e->b, call);
        V args[2] = {a, b};
        V r = abi_call(e, ABI_IDX_abi_eq_exact, args, 2);
        LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntNE, r, c64(e, 0), ""), yes, no);
        return;
    }
    case CMP_EQ: case CMP_NE: {
        B yes = op == CMP_EQ ? t_bb : f_bb, no = op == CMP_EQ ? f_bb : t_bb;
        B more = newbb(e, "neq"), call = newbb(e, "cmp");
        LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntEQ, a, b, ""), yes, more);
        LLVMPositionBuilderAtEnd(e->b, more);
        V both = tagis(e, LLVMBuildAnd(e->b, a, b, ""), TAG_IMMED1_MASK, TAG_IMMED1_SMALL);
        B num = num_inline ? newbb(e, "num") : NULL;
        LLVMBuildCondBr(e->b, both, no, num ? num : call);
        compare_slow(e, a, b, num, call, LLVMRealOEQ, LLVMIntEQ, yes, no);
        return;
    }
    default: {
        LLVMIntPredicate pr = op == CMP_LT ? LLVMIntSLT : op == CMP_GT ? LLVMIntSGT : op == CMP_LE ? LLVMIntSLE : LLVMIntSGE;
        LLVMRealPredicate fp = op == CMP_LT ? LLVMRealOLT : op == CMP_GT ? LLVMRealOGT : op == CMP_LE ? LLVMRealOLE : LLVMRealOGE;
        B fast = newbb(e, "small"), num = num_inline ? newbb(e, "num") : NULL, call = newbb(e, "cmp");
        V both = tagis(e, LLVMBuildAnd(e->b, a, b, ""), TAG_IMMED1_MASK, TAG_IMMED1_SMALL);
        LLVMBuildCondBr(e->b, both, fast, num ? num : call);
        LLVMPositionBuilderAtEnd(e->b, fast);
        LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, pr, a, b, ""), t_bb, f_bb);
        compare_slow(e, a, b, num, call, fp, pr, t_bb, f_bb);
        return;
    }
    }
}

/* A finite double, else the fail label or deopt. */
static void float_result(em_t *e, uint32_t off, uint64_t failw, V r, unsigned dstf, uint32_t next)
{
    V fin = is_finite(e, r);
    B ok = newbb(e, "finite");
    LLVMBuildCondBr(e->b, fin, ok, failw ? block(e, lbl(e, failw)) : deopt_bb(e, off));
    LLVMPositionBuilderAtEnd(e->b, ok);
    fset(e, dstf, r);
    LLVMBuildBr(e->b, block(e, next));
}

/* ---- list BIFs inline: ++ and reverse of short proper lists ---- */
/* Cells a list BIF copies inline at most (longer lists: the BIF). */
#define JIT_LIST_INLINE 64

static V is_cons(em_t *e, V t) { return tagis(e, t, TAG_PRIMARY_MASK, TAG_PRIMARY_LIST); }
static V cons_of(em_t *e, V p) { return LLVMBuildOr(e->b, LLVMBuildPtrToInt(e->b, p, e->i64, ""), c64(e, TAG_PRIMARY_LIST), ""); }

/* The number of cells of l, a proper list of at most JIT_LIST_INLINE
 * cells, with 2 words per cell free on the heap; anything else to slow. */
static V list_cells(em_t *e, V l, B slow)
{
    B head = LLVMGetInsertBlock(e->b), loop = newbb(e, "len"), more = newbb(e, "len_cell"), end = newbb(e, "len_end");
    LLVMBuildBr(e->b, loop);
    LLVMPositionBuilderAtEnd(e->b, loop);
    V n = LLVMBuildPhi(e->b, e->i64, ""), t = LLVMBuildPhi(e->b, e->i64, "");
    LLVMBuildCondBr(e->b, is_cons(e, t), more, end);
    LLVMPositionBuilderAtEnd(e->b, more);
    V n1 = LLVMBuildAdd(e->b, n, c64(e, 1), ""), t1 = list_word(e, t, 1);
    guard(e, LLVMBuildICmp(e->b, LLVMIntULE, n1, c64(e, JIT_LIST_INLINE), ""), slow);
    B back = LLVMGetInsertBlock(e->b);
    LLVMBuildBr(e->b, loop);
    V z = c64(e, 0);
    LLVMAddIncoming(n, &z, &head, 1);
    LLVMAddIncoming(n, &n1, &back, 1);
    LLVMAddIncoming(t, &l, &head, 1);
    LLVMAddIncoming(t, &t1, &back, 1);
    LLVMPositionBuilderAtEnd(e->b, end);
    guard(e, eqc(e, t, NIL), slow);
    V room = LLVMBuildSub(e->b, LLVMBuildPtrToInt(e->b, Eget(e), e->i64, ""), LLVMBuildPtrToInt(e->b, Hget(e), e->i64, ""), "");
    guard(e, LLVMBuildICmp(e->b, LLVMIntUGE, room, LLVMBuildShl(e->b, n, c64(e, 4), ""), ""), slow);
    return n;
}

/* a ++ b (rev: lists:reverse(a, b)) built at HTOP, a being a proper list
 * of n > 0 cells with room for them; the result. */
static V list_build(em_t *e, V a, V b, V n, bool rev)
{
    V h0 = Hget(e);
    B head = LLVMGetInsertBlock(e->b), loop = newbb(e, "copy"), done = newbb(e, "copied");
    LLVMBuildBr(e->b, loop);
    LLVMPositionBuilderAtEnd(e->b, loop);
    V i = LLVMBuildPhi(e->b, e->i64, ""), t = LLVMBuildPhi(e->b, e->i64, ""), acc = LLVMBuildPhi(e->b, e->i64, "");
    V cell = gep64(e, h0, LLVMBuildShl(e->b, i, c64(e, 1), ""));
    V i1 = LLVMBuildAdd(e->b, i, c64(e, 1), "");
    st_(e, list_word(e, t, 0), cell);
    V tail;
    if (rev) {
        tail = acc;
    } else {
        V last = LLVMBuildICmp(e->b, LLVMIntEQ, i1, n, "");
        tail = LLVMBuildSelect(e->b, last, b, cons_of(e, gep64(e, cell, c64(e, 2))), "");
    }
    st_(e, tail, gep64(e, cell, c64(e, 1)));
    V acc1 = cons_of(e, cell), t1 = list_word(e, t, 1);
    LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntULT, i1, n, ""), loop, done);
    V z = c64(e, 0);
    LLVMAddIncoming(i, &z, &head, 1);
    LLVMAddIncoming(i, &i1, &loop, 1);
    LLVMAddIncoming(t, &a, &head, 1);
    LLVMAddIncoming(t, &t1, &loop, 1);
    LLVMAddIncoming(acc, &b, &head, 1);
    LLVMAddIncoming(acc, &acc1, &loop, 1);
    LLVMPositionBuilderAtEnd(e->b, done);
    Hset(e, gep64(e, h0, LLVMBuildShl(e->b, n, c64(e, 1), "")));
    return rev ? acc1 : cons_of(e, h0);
}

/* x0 = a ++ b, or lists:reverse(a, b), inline when a is a short proper
 * list (JIT_LIST_INLINE) with room on the heap, then to `join`; else
 * to slow (the BIF or the call). a = [] gives b. */
static void list_inline(em_t *e, V a, V b, bool rev, B join, B slow)
{
    B some = newbb(e, "cells"), none = newbb(e, "nil");
    LLVMBuildCondBr(e->b, eqc(e, a, NIL), none, some);
    LLVMPositionBuilderAtEnd(e->b, none);
    xset(e, 0, b);
    LLVMBuildBr(e->b, join);
    LLVMPositionBuilderAtEnd(e->b, some);
    V n = list_cells(e, a, slow);
    xset(e, 0, list_build(e, a, b, n, rev));
    LLVMBuildBr(e->b, join);
}

/* The arity of tuple t, else to slow. */
static V tuple_arity(em_t *e, V t, B slow)
{
    guard(e, is_boxed(e, t), slow);
    V h = boxed_word(e, t, 0);
    guard(e, eqc(e, and_(e, h, HDR_SUBTAG_MASK | TAG_PRIMARY_MASK), HDR_TUPLE), slow);
    return LLVMBuildLShr(e->b, h, c64(e, HDR_ARITY_SHIFT), "");
}
/* The 1-based index n (a term) into a tuple of `arity`, else to slow. */
static V tuple_index(em_t *e, V n, V arity, B slow)
{
    guard(e, is_small(e, n), slow);
    V i = untag(e, n);
    guard(e, LLVMBuildICmp(e->b, LLVMIntULT, LLVMBuildSub(e->b, i, c64(e, 1), ""), arity, ""), slow);
    return i;
}
/* element(n, t): a load when n is in range of tuple t, else slow. */
static V element_inline(em_t *e, V n, V t, B slow)
{
    V i = tuple_index(e, n, tuple_arity(e, t, slow), slow);
    return ld64(e, gep64(e, gep8(e, t2p(e, t), c64(e, (uint64_t)-(int64_t)TAG_PRIMARY_BOXED)), i));
}
/* Tuple words setelement/3 copies inline at most. */
#define JIT_TUPLE_INLINE 64
/* setelement(n, t, v) built at HTOP when n is in range of tuple t, which
 * is at most JIT_TUPLE_INLINE long, and the heap has room; else slow. */
static V setelement_inline(em_t *e, V n, V t, V v, B slow)
{
    V arity = tuple_arity(e, t, slow);
    guard(e, LLVMBuildICmp(e->b, LLVMIntULE, arity, c64(e, JIT_TUPLE_INLINE), ""), slow);
    V i = tuple_index(e, n, arity, slow);
    V words = LLVMBuildAdd(e->b, arity, c64(e, 1), "");
    V room = LLVMBuildSub(e->b, LLVMBuildPtrToInt(e->b, Eget(e), e->i64, ""), LLVMBuildPtrToInt(e->b, Hget(e), e->i64, ""), "");
    guard(e, LLVMBuildICmp(e->b, LLVMIntUGE, room, LLVMBuildShl(e->b, words, c64(e, 3), ""), ""), slow);
    V h = Hget(e), from = gep8(e, t2p(e, t), c64(e, (uint64_t)-(int64_t)TAG_PRIMARY_BOXED));
    LLVMBuildMemCpy(e->b, h, 8, from, 8, LLVMBuildShl(e->b, words, c64(e, 3), ""));
    st_(e, v, gep64(e, h, i));
    Hset(e, gep64(e, h, words));
    return LLVMBuildOr(e->b, LLVMBuildPtrToInt(e->b, h, e->i64, ""), c64(e, TAG_PRIMARY_BOXED), "");
}

/* The inline fast path of BIF call `bif` (x0 = bif(x0, ...)), if it has
 * one, ending in the returned join block; the builder is left in the
 * slow path (the BIF call), which must go to the join too. NULL: none. */
static B bif_inline(em_t *e, const bif_info_t *bif)
{
    bool erl = !strcmp(bif->module_text, "erlang"), lists = !strcmp(bif->module_text, "lists");
    bool sqrt = !strcmp(bif->module_text, "math") && !strcmp(bif->name_text, "sqrt") && bif->arity == 1;
    bool append = erl && !strcmp(bif->name_text, "++") && bif->arity == 2;
    bool rev = lists && !strcmp(bif->name_text, "reverse") && bif->arity == 2;
    bool setel = erl && !strcmp(bif->name_text, "setelement") && bif->arity == 3;
    if (!sqrt && !append && !rev && !setel) return NULL;
    B slow = newbb(e, "bif_slow"), join = newbb(e, "bif_done");
    if (sqrt) {
        /* math:sqrt of a number >= 0: inline, boxed on the heap */
        V d = pending_reg(e, false, 0) ? NULL : known_reg(e, false, 0);
        if (!d) d = as_double(e, xget(e, 0), false, slow);
        guard(e, LLVMBuildFCmp(e->b, LLVMRealOGE, d, LLVMConstReal(e->dbl, 0.0), ""), slow);
        unsigned id = LLVMLookupIntrinsicID("llvm.sqrt", 9);
        V r = LLVMBuildCall2(e->b, LLVMIntrinsicGetType(e->ctx, id, &e->dbl, 1),
                             LLVMGetIntrinsicDeclaration(e->mod, id, &e->dbl, 1), &d, 1, "");
        xset(e, 0, box_float(e, r, slow));
        LLVMBuildBr(e->b, join);
    } else if (setel) {
        xset(e, 0, setelement_inline(e, xget(e, 0), xget(e, 1), xget(e, 2), slow));
        LLVMBuildBr(e->b, join);
    } else {
        list_inline(e, xget(e, 0), xget(e, 1), rev, join, slow);
    }
    LLVMPositionBuilderAtEnd(e->b, slow);
    return join;
}

/* ---- deferred finiteness checks of float results ----
 * erl raises badarith at a float instruction whose result is not finite.
 * On a straight line of float code (fp_defers: no label in between,
 * nothing that leaves the line, moves E or makes a float observable) the
 * results are collected instead and tested by one branch where the line
 * ends (fp_flush). A non-finite operand of + - * (or a dividend) makes
 * the result non-finite too, so the hot path tests only the results no
 * later one consumes that way; the cold path finds the first non-finite
 * result and raises there, with the E the interpreter would have (none
 * of those instructions moves it), so the trace is its own. */

/* fr register i's pending result, or -1 */
static int fp_of(const em_t *e, unsigned i) { return e->fr_gen[i] == e->fgen ? e->fr_fp[i] : -1; }
static void fp_mark(em_t *e, unsigned i, int k)
{
    e->fr_gen[i] = k < 0 ? 0 : e->fgen;
    e->fr_fp[i] = (uint8_t)(k < 0 ? 0 : k);
}
/* fr register i is an operand that propagates a non-finite value */
static void fp_cover(em_t *e, unsigned i)
{
    int k = fp_of(e, i);
    if (k >= 0) e->fp[k].covered = true;
}

/* The instruction at off may run with checks pending. */
static bool fp_defers(em_t *e, uint32_t off, ops_t op)
{
    const uint64_t *I = &e->code[off];
    switch (op) {
    case OP_fadd: case OP_fsub: case OP_fmul: case OP_fdiv: return I[1] == 0 && e->nfp < JIT_FP_MAX;
    case OP_fnegate: case OP_fmove_l_l: case OP_fmove_s_l:
    case OP_move_x_x: case OP_move_x_y: case OP_move_y_x: case OP_move_c_x: case OP_move:
    case OP_get_tuple_element_x: case OP_get_tuple_element: case OP_get_list_x: case OP_get_list:
    case OP_get_hd_x: case OP_get_hd: case OP_get_tl_x: case OP_get_tl:
        return true;
    case OP_fconv: return known_double_ok(I[1], optype(e, I[1]), false);
    default: return false;
    }
}

/* The pending results' test; the cold path raises badarith at the first
 * non-finite one and leaves native code (abi_raise's protocol: the
 * interpreter delivers the exception; no register is live). */
static void fp_flush(em_t *e)
{
    unsigned n = e->nfp;
    if (!n) return;
    e->nfp = 0;
    e->fgen++;
    V bad = NULL;
    for (unsigned i = 0; i < n; i++) {
        if (e->fp[i].covered) continue;
        V c = LLVMBuildNot(e->b, is_finite(e, e->fp[i].r), "");
        bad = bad ? LLVMBuildOr(e->b, bad, c, "") : c;
    }
    B raise = newbb(e, "fp_raise"), go = newbb(e, "fp_ok");
    V br = LLVMBuildCondBr(e->b, bad, raise, go);
    weights(e, br, (const unsigned[]){1, 2000}, 2);
    LLVMPositionBuilderAtEnd(e->b, raise);
    V I = iaddr(e, e->fp[n - 1].off);
    for (unsigned i = n - 1; i-- > 0;)
        I = LLVMBuildSelect(e->b, is_finite(e, e->fp[i].r), I, iaddr(e, e->fp[i].off), "");
    state_out(e);
    V args[4] = {e->st, I, c64(e, THE_NON_VALUE), c64(e, ATOM(badarith))};
    abi_call(e, ABI_IDX_abi_raise, args, 4);
    LLVMBuildRet(e->b, mkexit(e, I));
    LLVMPositionBuilderAtEnd(e->b, go);
}

/* Call a local fun (term_fun_t) with arity args in x: its environment
 * goes to x[arity..] in memory, then a tail call to its native entry or
 * an exit to its code. Export funs, bad funs and bad arities deopt (the
 * interpreter raises or takes the slow path). */
static void emit_call_fun(em_t *e, uint32_t off, V fun, unsigned arity, uint32_t cont, uint64_t dealloc)
{
    B slow = deopt_bb(e, off);
    guard(e, is_boxed(e, fun), slow);
    V fp = t2p(e, fun);
    V hdr = ld64(e, gep8(e, fp, c64(e, (uint64_t)-(int64_t)TAG_PRIMARY_BOXED)));
    guard(e, eqc(e, and_(e, hdr, HDR_SUBTAG_MASK | TAG_PRIMARY_MASK), HDR_FUN), slow);
    V base = gep8(e, fp, c64(e, (uint64_t)-(int64_t)TAG_PRIMARY_BOXED));
    V ar = LLVMBuildLoad2(e->b, e->i32, gep8(e, base, c64(e, offsetof(term_fun_t, arity))), "");
    guard(e, LLVMBuildICmp(e->b, LLVMIntEQ, ar, LLVMConstInt(e->i32, arity, false), ""), slow);
    V fe = ldp(e, gep8(e, base, c64(e, offsetof(term_fun_t, entry))));
    V a = LLVMBuildLoad2(e->b, e->ptr, gep8(e, fe, c64(e, offsetof(fun_entry_t, address))), "");
    LLVMSetOrdering(a, LLVMAtomicOrderingMonotonic);
    guard(e, LLVMBuildIsNotNull(e->b, a, ""), slow);
    /* the CP needs a free word: check before anything is written */
    if (cont) {
        V room = LLVMBuildICmp(e->b, LLVMIntUGT, LLVMBuildPtrToInt(e->b, Eget(e), e->i64, ""),
                               LLVMBuildPtrToInt(e->b, Hget(e), e->i64, ""), "");
        guard(e, room, slow);
    }
    store_args(e, 0, arity);
    /* env: x[arity + k] = env[k], k < num_free (a loop over memory) */
    V nfree = LLVMBuildZExt(e->b, LLVMBuildLoad2(e->b, e->i32, gep8(e, base, c64(e, offsetof(term_fun_t, num_free))), ""),
                            e->i64, "");
    B head = LLVMGetInsertBlock(e->b), loop = newbb(e, "env"), done = newbb(e, "env_done");
    LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntEQ, nfree, c64(e, 0), ""), done, loop);
    LLVMPositionBuilderAtEnd(e->b, loop);
    V k = LLVMBuildPhi(e->b, e->i64, "k");
    V envp = gep8(e, base, c64(e, offsetof(term_fun_t, env)));
    st_(e, ld64(e, gep64(e, envp, k)), gep64(e, xbase(e), LLVMBuildAdd(e->b, k, c64(e, arity), "")));
    V k1 = LLVMBuildAdd(e->b, k, c64(e, 1), "");
    V zero = c64(e, 0);
    LLVMAddIncoming(k, &zero, &head, 1);
    B lend = LLVMGetInsertBlock(e->b);
    LLVMAddIncoming(k, &k1, &lend, 1);
    LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntULT, k1, nfree, ""), loop, done);
    LLVMPositionBuilderAtEnd(e->b, done);
    if (cont) {
        V ne = gep64(e, Eget(e), c64(e, (uint64_t)-1));
        st_(e, iaddr(e, cont), ne);
        Eset(e, ne);
    } else if (dealloc) {
        /* a tail call (i_call_fun_last): the frame goes, past every guard */
        Eset(e, gep64(e, Eget(e), c64(e, dealloc)));
    }
    /* every live register is in memory now: leave without the exit block,
     * whose stores of stale allocas could overwrite the environment */
    V op = ld64(e, a);
    B nat = newbb(e, "native"), interp = newbb(e, "interp");
    LLVMBuildCondBr(e->b, eqc(e, op, e->native_op), nat, interp);
    LLVMPositionBuilderAtEnd(e->b, nat);
    if (cont) call_native(e, ldp(e, gep64(e, a, c64(e, 2))), cont, true, a, JIT_XARGS);
    else musttail_mem(e, ldp(e, gep64(e, a, c64(e, 2))));
    LLVMPositionBuilderAtEnd(e->b, interp);
    state_out(e);
    LLVMBuildRet(e->b, mkexit(e, a));
}

/* ---- one instruction ---- */
/* ---- instruction families lowered through runtime helpers, one file
 * each (each defines `static bool emit_FAMILY(em_t *, uint32_t, ops_t)`,
 * true when it lowered the instruction) ---- */
/* family: jit_emit_msg.inc (exceptions and messages) */
#include "jit_emit_msg.inc"

/* family: jit_emit_map.inc (maps, funs, tuples, apply) */
#include "jit_emit_map.inc"

/* family: jit_emit_bs.inc (bit syntax) */
#include "jit_emit_bs.inc"

/* A register to a register (y: a y register), with what is known of it. */
static void move_reg(em_t *e, bool ys, unsigned si, bool yd, unsigned di)
{
    V k = known_reg(e, ys, si), v = ys ? yget(e, si) : xget(e, si);
    bool p = pending_reg(e, ys, si);
    if (yd) yset(e, di, v);
    else xset(e, di, v);
    know_reg(e, yd, di, k, p);
}

/* ---- float boxes left out ----
 * OTP's compiler moves float registers into x/y registers (boxing them)
 * around calls, since fr registers do not survive them; across a call
 * native code inlines (math:sqrt) and for a register read back only by
 * fmove/fconv, the box is wasted (nbody's against/4: four y registers
 * around math:sqrt). box_elidable scans the straight line after a float
 * is written into a register: the box is left out (the register holds
 * NIL and the emitter the double, kx/ky with kx_p/ky_p) when every read
 * of the register, and of its copies, is a float read (fmove, fconv, the
 * inlined math:sqrt's argument), and it dies (overwritten, its frame
 * dropped, a call not passing it) before anything else could see it: a
 * term read, an allocation point that may exit to the interpreter with it
 * live (no float read after one), a label, any other instruction. A raise
 * on the line (deferred float checks, math:sqrt's badarith) exits with
 * the registers dead, as no handler in this frame can read them (no
 * try/catch in the function). math:sqrt's failing call boxes its pending
 * argument then, in the words the compiler reserved for the box (`reserved`:
 * an fmove's box, and nothing since has taken heap words unreserved). */
#define JIT_ELIDE_SCAN 128

static bool is_sqrt(const bif_info_t *b)
{
    return !strcmp(b->module_text, "math") && !strcmp(b->name_text, "sqrt") && b->arity == 1;
}

typedef struct {
    struct { bool y, seen_gc; uint16_t i; } r[8];
    unsigned n;
    bool barrier; /* heap words taken since the box's own were reserved */
} elide_t;

static int el_find(const elide_t *t, bool y, unsigned i)
{
    for (unsigned k = 0; k < t->n; k++)
        if (t->r[k].y == y && t->r[k].i == i) return (int)k;
    return -1;
}
static void el_kill(elide_t *t, bool y, unsigned i)
{
    int k = el_find(t, y, i);
    if (k >= 0) t->r[k] = t->r[--t->n];
}
static void el_kill_w(elide_t *t, uint64_t w)
{
    if (ld_is_reg(w)) el_kill(t, ld_reg_is_y(w), ld_reg_index(w));
}
/* a term read of operand w: fails if it is tracked */
static bool el_term_ok(const elide_t *t, uint64_t w)
{
    return !ld_is_reg(w) || el_find(t, ld_reg_is_y(w), ld_reg_index(w)) < 0;
}
/* a float read: fails after an allocation point (it was live there) */
static bool el_float_ok(const elide_t *t, uint64_t w)
{
    int k = ld_is_reg(w) ? el_find(t, ld_reg_is_y(w), ld_reg_index(w)) : -1;
    return k < 0 || !t->r[k].seen_gc;
}
/* a register to a register: the copy is tracked too */
static bool el_copy(elide_t *t, bool ys, unsigned si, bool yd, unsigned di)
{
    int k = el_find(t, ys, si);
    bool g = k >= 0 && t->r[k].seen_gc;
    el_kill(t, yd, di);
    if (k < 0) return true;
    if (t->n == 8) return false;
    t->r[t->n].y = yd, t->r[t->n].i = (uint16_t)di, t->r[t->n++].seen_gc = g;
    return true;
}
static bool el_copy_w(elide_t *t, uint64_t sw, uint64_t dw)
{
    if (!ld_is_reg(sw)) {
        el_kill_w(t, dw);
        return true;
    }
    return el_copy(t, ld_reg_is_y(sw), ld_reg_index(sw), ld_reg_is_y(dw), ld_reg_index(dw));
}
/* a call passing x[0..arity-1]: no tracked x among them, none tracked y
 * unless the frame goes first (dealloc) */
static bool el_call_ok(const elide_t *t, uint64_t arity, bool dealloc)
{
    for (unsigned k = 0; k < t->n; k++)
        if (t->r[k].y ? !dealloc : t->r[k].i < arity) return false;
    return true;
}

static bool box_elidable(em_t *e, uint32_t off, bool y, unsigned i, bool reserved)
{
    if (e->catches || i >= LD_MAX_REG || e->emitted + JIT_ELIDE_SCAN + 2 >= JIT_UNIT_BUDGET) return false;
    elide_t t = {.n = 1, .barrier = !reserved};
    t.r[0].y = y, t.r[0].i = (uint16_t)i, t.r[0].seen_gc = false;
    for (unsigned steps = 0; steps < JIT_ELIDE_SCAN; steps++) {
        if (off >= e->size || e->target[off] || e->m->ops[off] == OPS_NONE) return false;
        ops_t op = (ops_t)e->m->ops[off];
        const uint64_t *I = &e->code[off];
        switch (op) {
        case OP_fmove_s_l:
            if (!el_float_ok(&t, I[1])) return false;
            break;
        case OP_fconv:
            /* a tracked register's double, or a known type: no exit */
            if (ld_is_reg(I[1]) && el_find(&t, ld_reg_is_y(I[1]), ld_reg_index(I[1])) >= 0) {
                if (!el_float_ok(&t, I[1])) return false;
            } else if (!known_double_ok(I[1], optype(e, I[1]), false)) {
                return false;
            }
            break;
        case OP_fmove_l_d: el_kill_w(&t, I[2]); break;
        case OP_fmove_l_l: break;
        case OP_fadd: case OP_fsub: case OP_fmul: case OP_fdiv: case OP_fnegate:
            if (I[1]) return false;
            break;
        case OP_move_x_x: if (!el_copy(&t, false, (unsigned)I[1], false, (unsigned)I[2])) return false; break;
        case OP_move_x_y: if (!el_copy(&t, false, (unsigned)I[1], true, (unsigned)I[2])) return false; break;
        case OP_move_y_x: if (!el_copy(&t, true, (unsigned)I[1], false, (unsigned)I[2])) return false; break;
        case OP_move_c_x: el_kill(&t, false, (unsigned)I[2]); break;
        case OP_move: if (!el_copy_w(&t, I[1], I[2])) return false; break;
        case OP_get_tuple_element_x:
            if (el_find(&t, false, (unsigned)I[1]) >= 0) return false;
            el_kill_w(&t, I[3]);
            break;
        case OP_get_tuple_element:
            if (!el_term_ok(&t, I[1])) return false;
            el_kill_w(&t, I[3]);
            break;
        case OP_get_list_x: case OP_get_list:
            if (op == OP_get_list_x ? el_find(&t, false, (unsigned)I[1]) >= 0 : !el_term_ok(&t, I[1])) return false;
            el_kill_w(&t, I[2]);
            el_kill_w(&t, I[3]);
            break;
        case OP_get_hd_x: case OP_get_tl_x: case OP_get_hd: case OP_get_tl:
            if (op == OP_get_hd_x || op == OP_get_tl_x ? el_find(&t, false, (unsigned)I[1]) >= 0 : !el_term_ok(&t, I[1]))
                return false;
            el_kill_w(&t, I[2]);
            break;
        case OP_put_list:
            if (!el_term_ok(&t, I[1]) || !el_term_ok(&t, I[2])) return false;
            el_kill_w(&t, I[3]);
            break;
        case OP_put_tuple2:
            for (uint64_t k = 0; k < I[2]; k++)
                if (!el_term_ok(&t, I[3 + k])) return false;
            el_kill_w(&t, I[1]);
            break;
        case OP_test_heap:
            /* may collect (tracked x reloaded) or exit: no read after it */
            for (unsigned k = 0; k < t.n; k++) t.r[k].seen_gc = true;
            t.barrier = true;
            break;
        case OP_init: el_kill(&t, true, (unsigned)I[1]); break;
        case OP_deallocate:
            for (unsigned k = t.n; k-- > 0;)
                if (t.r[k].y) t.r[k] = t.r[--t.n];
            break;
        case OP_i_call_bif:
            if (!is_sqrt((const bif_info_t *)(uintptr_t)I[2])) return false;
            /* its failing call boxes a tracked argument unchecked */
            if (el_find(&t, false, 0) >= 0 && (t.barrier || !el_float_ok(&t, 0))) return false;
            el_kill(&t, false, 0);
            t.barrier = true;
            break;
        case OP_call_last: case OP_call_ext_last: return el_call_ok(&t, I[1], true);
        case OP_call_only: case OP_call_ext_only: return el_call_ok(&t, I[1], false);
        case OP_deallocate_return: return el_call_ok(&t, 1, true);
        case OP_return: return el_call_ok(&t, 1, false);
        default: return false;
        }
        if (!t.n) return true;
        off += (uint32_t)ops_insn_words(op, e->code, off, e->size);
    }
    return false;
}

/* A placeholder (a float not boxed) in a register other than x0. */
static bool pending_but_x0(const em_t *e)
{
    for (unsigned i = 1; i < LD_MAX_REG; i++)
        if (pending_reg(e, false, i)) return true;
    for (unsigned i = 0; i < LD_MAX_REG; i++)
        if (pending_reg(e, true, i)) return true;
    return false;
}

static void fallthrough(em_t *e, uint32_t next);

/* math:sqrt (an i_call_bif): x0's double from what is known of it, a
 * placeholder's boxed only on the failing call's path (box_elidable), and
 * the result boxed unless box_elidable proves it read back only as a float;
 * its double is known after (the BIF's result's, on the slow path). */
static void emit_sqrt(em_t *e, uint32_t off, const bif_info_t *bif)
{
    uint32_t next = off + SZ_i_call_bif;
    B slow = newbb(e, "sqrt_slow"), join = newbb(e, "sqrt_done");
    V d = known_reg(e, false, 0);
    bool argp = pending_reg(e, false, 0);
    /* after_bif's exit would show the interpreter placeholders: the next
     * allocation point collects instead (gc_force stays set) */
    bool others = pending_but_x0(e);
    if (!d) d = as_double(e, xget(e, 0), false, slow);
    guard(e, LLVMBuildFCmp(e->b, LLVMRealOGE, d, LLVMConstReal(e->dbl, 0.0), ""), slow);
    unsigned id = LLVMLookupIntrinsicID("llvm.sqrt", 9);
    V r = LLVMBuildCall2(e->b, LLVMIntrinsicGetType(e->ctx, id, &e->dbl, 1),
                         LLVMGetIntrinsicDeclaration(e->mod, id, &e->dbl, 1), &d, 1, "");
    bool elide = box_elidable(e, next, false, 0, false);
    xset(e, 0, elide ? c64(e, NIL) : box_float(e, r, slow));
    B fast_end = LLVMGetInsertBlock(e->b);
    LLVMBuildBr(e->b, join);
    LLVMPositionBuilderAtEnd(e->b, slow);
    /* the box the compiler reserved words for (box_elidable) */
    if (argp) xset(e, 0, box_at_htop(e, d));
    V t = emit_bif_call(e, off, bif, NULL, 1, 0, false);
    xset(e, 0, t);
    V d2 = float_payload(e, t);
    if (!others) after_bif(e, true, 0, 0, next);
    B slow_end = LLVMGetInsertBlock(e->b);
    LLVMBuildBr(e->b, join);
    LLVMPositionBuilderAtEnd(e->b, join);
    know_reg(e, false, 0, phi2(e, r, fast_end, d2, slow_end), elide);
    /* reductions: as the interpreter, one per BIF call */
    Fset(e, LLVMBuildSub(e->b, Fget(e), c64(e, 1), ""));
    fallthrough(e, next);
}

/* Go on at the next instruction: a straight line (checks pending and
 * what is known about registers go on) only if nothing else reaches it. */
static void fallthrough(em_t *e, uint32_t next)
{
    bool joined = e->target[next] || e->bb[next];
    if (e->nfp && joined) fp_flush(e);
    e->fp_next = joined ? UINT32_MAX : next;
    LLVMBuildBr(e->b, block(e, next));
}

/* Whether the instruction at label word w is `move Constant x0` then
 * `return` (generated lookup functions: unicode_util's case_table). */
static bool returns_const(em_t *e, uint64_t w)
{
    uint32_t at = lbl(e, w);
    return at + SZ_move_c_x < e->size && e->m->ops[at] == OP_move_c_x && e->code[at + 2] == 0 &&
           e->m->ops[at + SZ_move_c_x] == OP_return;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A select_val of more cases than JIT_MAX_SWITCH (v an immediate or the
 * table all immediates): LLVM's switch lowering of thousands of sparse
 * cases costs the optimiser seconds, so a branchless binary search over
 * the loader's table (values sorted by word) finds the case, and then
 * either its constant (every target `move C x0; return`: the value is
 * the move's operand word, read through the label) is returned, or a
 * switch over the distinct targets (few: is_extend's 2484 cases have 2)
 * goes there. No match: dflt. */
static void select_search(em_t *e, V v, const uint64_t *t, B dflt)
{
    uint64_t n = t[0];
    V keys = cptr(e, t + 1);
    V at = c64(e, 0);
    /* at: the last key <= v (or 0) within [at, at + len) */
    for (uint64_t len = n; len > 1;) {
        uint64_t half = len / 2;
        V mid = LLVMBuildAdd(e->b, at, c64(e, half), "");
        V k = ld64(e, gep64(e, keys, mid));
        at = LLVMBuildSelect(e->b, LLVMBuildICmp(e->b, LLVMIntULE, k, v, ""), mid, at, "");
        len -= half;
    }
    B hit = newbb(e, "sel_hit");
    LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntEQ, ld64(e, gep64(e, keys, at)), v, ""), hit, dflt);
    LLVMPositionBuilderAtEnd(e->b, hit);
    V target = ld64(e, gep64(e, cptr(e, t + 1 + n), at));
    bool consts = true;
    for (uint64_t k = 0; k < n && consts; k++) consts = returns_const(e, t[1 + n + k]);
    if (consts) {
        /* the move_c_x's constant, the word after its op word */
        xset(e, 0, ld64(e, gep64(e, t2p(e, target), c64(e, 1))));
        do_return(e);
        return;
    }
    uint64_t *labs = malloc(n * sizeof *labs);
    if (!labs) abort();
    memcpy(labs, t + 1 + n, n * sizeof *labs);
    qsort(labs, n, sizeof *labs, cmp_u64);
    uint64_t m = 0;
    for (uint64_t k = 0; k < n; k++)
        if (!m || labs[m - 1] != labs[k]) labs[m++] = labs[k];
    /* the last target is the switch's default: every word is some target */
    V s = LLVMBuildSwitch(e->b, target, block(e, lbl(e, labs[m - 1])), (unsigned)(m - 1));
    for (uint64_t k = 0; k + 1 < m; k++) LLVMAddCase(s, c64(e, labs[k]), block(e, lbl(e, labs[k])));
    free(labs);
}

static void emit_insn(em_t *e, uint32_t off)
{
    const uint64_t *I = &e->code[off];
    ops_t op = (ops_t)e->m->ops[off];
    if (e->nfp && !fp_defers(e, off, op)) fp_flush(e);
    if (jit_op_lowering(op) != JIT_LOWERED) {
        /* a NEVER instruction met: counted (the tests require none) */
        e->nevers++;
        e->deopts++;
        deopt(e, off);
        return;
    }
    e->lowered++;
    bool cpr = e->cp_here = cp_room(e, off);
    e->cp_at = UINT32_MAX;
    switch (op) {
    case OP_move_x_x: case OP_move_x_y: case OP_move_y_x: case OP_move_c_x: case OP_move: case OP_swap:
        if (cpr) e->cp_at = off + 1 + (uint32_t)strlen(ops_info[op].sig);
        break;
    default: break;
    }
    switch (op) {
    case OP_i_func_entry: case OP_i_func_native:
        LLVMBuildBr(e->b, block(e, off + SZ_i_func_entry));
        return;
    case OP_on_load: case OP_nif_start: case OP_fclearerror:
        LLVMBuildBr(e->b, block(e, off + 1));
        return;
    case OP_fcheckerror:
        LLVMBuildBr(e->b, block(e, off + SZ_fcheckerror));
        return;

    /* moves (they keep a CP's room: cp_room) */
    case OP_move_x_x: move_reg(e, false, (unsigned)I[1], false, (unsigned)I[2]); break;
    case OP_move_x_y: move_reg(e, false, (unsigned)I[1], true, (unsigned)I[2]); break;
    case OP_move_y_x: move_reg(e, true, (unsigned)I[1], false, (unsigned)I[2]); break;
    case OP_move_c_x: xset(e, I[2], c64(e, I[1])); break;
    case OP_move: {
        V k = known(e, I[1]);
        bool p = pending_w(e, I[1]);
        dst(e, I[2], src(e, I[1]));
        know(e, I[2], k, p);
        break;
    }
    case OP_swap: {
        V a = src(e, I[1]), b = src(e, I[2]);
        dst(e, I[1], b);
        dst(e, I[2], a);
        break;
    }

    /* calls */
    case OP_call:
        push_cp(e, off, off + SZ_call);
        tail_local(e, lbl(e, I[2]), (unsigned)I[1], off + SZ_call);
        return;
    case OP_call_last:
        Eset(e, gep64(e, Eget(e), c64(e, I[3])));
        tail_local(e, lbl(e, I[2]), (unsigned)I[1], 0);
        return;
    case OP_call_only:
        tail_local(e, lbl(e, I[2]), (unsigned)I[1], 0);
        return;
    case OP_call_ext: case OP_call_ext_last: case OP_call_ext_only: {
        const export_entry_t *ep = (const export_entry_t *)(uintptr_t)I[2];
        V a = LLVMBuildLoad2(e->b, e->ptr, cptr(e, &ep->address), "");
        LLVMSetOrdering(a, LLVMAtomicOrderingMonotonic);
        B go = newbb(e, "bound");
        const void *now = atomic_load_explicit(&ep->address, memory_order_relaxed);
        if (now && ep->module == atom_from_cstr("lists") && ep->arity == 1 && ep->function == atom_from_cstr("reverse")) {
            /* lists:reverse/1 of a short proper list, while the code it
             * would run is the one seen now (not reloaded): the result
             * of its call, as the call returns it */
            B rev = newbb(e, "reverse"), done = newbb(e, "reversed");
            LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntEQ, a, cptr(e, now), ""), rev, go);
            LLVMPositionBuilderAtEnd(e->b, rev);
            list_inline(e, xget(e, 0), c64(e, NIL), true, done, go);
            LLVMPositionBuilderAtEnd(e->b, done);
            Fset(e, LLVMBuildSub(e->b, Fget(e), c64(e, 1), ""));
            if (op == OP_call_ext) {
                dead_after(e, 1);
                LLVMBuildBr(e->b, block(e, off + SZ_call_ext));
            } else {
                if (op == OP_call_ext_last) Eset(e, gep64(e, Eget(e), c64(e, I[3])));
                do_return(e);
            }
            LLVMPositionBuilderAtEnd(e->b, go);
            go = newbb(e, "bound");
        }
        LLVMBuildCondBr(e->b, LLVMBuildIsNotNull(e->b, a, ""), go, deopt_bb(e, off));
        LLVMPositionBuilderAtEnd(e->b, go);
        if (op == OP_call_ext) push_cp(e, off, off + SZ_call_ext);
        else if (op == OP_call_ext_last) Eset(e, gep64(e, Eget(e), c64(e, I[3])));
        tail_addr(e, a, (unsigned)I[1], op == OP_call_ext ? off + SZ_call_ext : 0);
        return;
    }
    case OP_return: do_return(e); return;
    case OP_deallocate_return:
        Eset(e, gep64(e, Eget(e), c64(e, I[1])));
        do_return(e);
        return;

    /* stack and heap */
    /* a word more than the frame and heap need: the CP of a call that
     * comes after moves only (cp_room) */
    case OP_allocate: case OP_allocate_zero:
        need_words(e, off, I[1] + 1, I[2]);
        Eset(e, gep64(e, Eget(e), c64(e, -(int64_t)I[1])));
        if (op == OP_allocate_zero)
            for (uint64_t k = 0; k < I[1]; k++) yset(e, (unsigned)k, c64(e, NIL));
        e->cp_at = off + SZ_allocate;
        break;
    case OP_allocate_heap: case OP_allocate_heap_zero:
        need_words(e, off, I[1] + I[2] + 1, I[3]);
        Eset(e, gep64(e, Eget(e), c64(e, -(int64_t)I[1])));
        if (op == OP_allocate_heap_zero)
            for (uint64_t k = 0; k < I[1]; k++) yset(e, (unsigned)k, c64(e, NIL));
        e->cp_at = off + SZ_allocate_heap;
        break;
    case OP_test_heap: need_words(e, off, I[1], I[2]); break;
    case OP_init: yset(e, (unsigned)I[1], c64(e, NIL)); break;
    case OP_init_yregs:
        for (uint64_t k = 0; k < I[1]; k++) yset(e, (unsigned)I[2 + k], c64(e, NIL));
        LLVMBuildBr(e->b, block(e, off + 2 + (uint32_t)I[1]));
        return;
    case OP_deallocate: case OP_trim: Eset(e, gep64(e, Eget(e), c64(e, I[1]))); break;

    /* comparisons */
    case OP_is_lt: case OP_is_ge: case OP_is_eq: case OP_is_ne: case OP_is_eq_exact: case OP_is_ne_exact: {
        uint32_t next = off + 4;
        B ok = block(e, next), fail = I[1] ? block(e, lbl(e, I[1])) : ok;
        cmpop_t c = op == OP_is_lt ? CMP_LT : op == OP_is_ge ? CMP_GE : op == OP_is_eq ? CMP_EQ : op == OP_is_ne ? CMP_NE
                    : op == OP_is_eq_exact ? CMP_EXEQ : CMP_EXNE;
        if ((c == CMP_EXEQ || c == CMP_EXNE) && ((!ld_is_reg(I[3]) && term_is_immed(I[3])) ||
                                                 (!ld_is_reg(I[2]) && term_is_immed(I[2])))) {
            V eq = LLVMBuildICmp(e->b, LLVMIntEQ, src(e, I[2]), src(e, I[3]), "");
            LLVMBuildCondBr(e->b, eq, c == CMP_EXEQ ? ok : fail, c == CMP_EXEQ ? fail : ok);
            return;
        }
        emit_compare(e, c, I[2], I[3], ok, fail);
        return;
    }
    case OP_is_eq_exact_x_imm: case OP_is_eq_exact_y_imm: case OP_is_ne_exact_x_imm: {
        uint32_t next = off + 4;
        B ok = block(e, next), fail = I[1] ? block(e, lbl(e, I[1])) : ok;
        V a = op == OP_is_eq_exact_y_imm ? yget(e, I[2]) : xget(e, I[2]);
        V eq = LLVMBuildICmp(e->b, LLVMIntEQ, a, c64(e, I[3]), "");
        if (op == OP_is_ne_exact_x_imm) LLVMBuildCondBr(e->b, eq, fail, ok);
        else LLVMBuildCondBr(e->b, eq, ok, fail);
        return;
    }

    /* type tests */
    case OP_is_integer_x: case OP_is_integer: case OP_is_float: case OP_is_number: case OP_is_atom_x:
    case OP_is_atom: case OP_is_pid: case OP_is_reference: case OP_is_port: case OP_is_nil_x: case OP_is_nil:
    case OP_is_list: case OP_is_nonempty_list_x: case OP_is_nonempty_list: case OP_is_tuple_x: case OP_is_tuple:
    case OP_test_arity_x: case OP_test_arity: case OP_is_tagged_tuple_x: case OP_is_tagged_tuple:
    case OP_is_function: case OP_is_boolean: case OP_is_bitstr: case OP_is_map: {
        const char *sig = ops_info[op].sig;
        V t = sig[1] == 'x' ? xget(e, I[2]) : src(e, I[2]);
        B ok = block(e, off + 1 + (uint32_t)strlen(sig)), fail = block(e, lbl(e, I[1]));
        if (sig[1] != 'x') {
            /* the operand's type may decide the test (x variants carry no
             * type: their operand word is an index) */
            int known = type_test_known(op, optype(e, I[2]));
            if (known >= 0) {
                LLVMBuildBr(e->b, known ? ok : fail);
                return;
            }
        }
        switch (op) {
        case OP_is_integer_x: case OP_is_integer: type_test(e, t, is_small(e, t), H_INTEGER, 0, 0, ok, fail); break;
        case OP_is_float: type_test(e, t, NULL, H_FLOAT, 0, 0, ok, fail); break;
        case OP_is_number: type_test(e, t, is_small(e, t), H_NUMBER, 0, 0, ok, fail); break;
        case OP_is_atom_x: case OP_is_atom: type_test(e, t, tagis(e, t, TAG_IMMED2_MASK, TAG_IMMED2_ATOM), H_NONE, 0, 0, ok, fail); break;
        case OP_is_pid: type_test(e, t, tagis(e, t, TAG_IMMED1_MASK, TAG_IMMED1_PID), H_EXT_PID, 0, 0, ok, fail); break;
        case OP_is_port: type_test(e, t, tagis(e, t, TAG_IMMED1_MASK, TAG_IMMED1_PORT), H_EXT_PORT, 0, 0, ok, fail); break;
        case OP_is_reference: type_test(e, t, NULL, H_REF, 0, 0, ok, fail); break;
        case OP_is_nil_x: case OP_is_nil: type_test(e, t, eqc(e, t, NIL), H_NONE, 0, 0, ok, fail); break;
        case OP_is_list:
            type_test(e, t, LLVMBuildOr(e->b, eqc(e, t, NIL), tagis(e, t, TAG_PRIMARY_MASK, TAG_PRIMARY_LIST), ""), H_NONE, 0,
                      0, ok, fail);
            break;
        case OP_is_nonempty_list_x: case OP_is_nonempty_list:
            type_test(e, t, tagis(e, t, TAG_PRIMARY_MASK, TAG_PRIMARY_LIST), H_NONE, 0, 0, ok, fail);
            break;
        case OP_is_tuple_x: case OP_is_tuple: type_test(e, t, NULL, H_TUPLE, 0, 0, ok, fail); break;
        case OP_test_arity_x: case OP_test_arity: type_test(e, t, NULL, H_ARITY, I[3], 0, ok, fail); break;
        case OP_is_tagged_tuple_x: case OP_is_tagged_tuple: type_test(e, t, NULL, H_TAGGED, I[3], I[4], ok, fail); break;
        case OP_is_function: type_test(e, t, NULL, H_FUN, 0, 0, ok, fail); break;
        case OP_is_boolean:
            type_test(e, t, LLVMBuildOr(e->b, eqc(e, t, ATOM_true), eqc(e, t, ATOM_false), ""), H_NONE, 0, 0, ok, fail);
            break;
        case OP_is_bitstr: type_test(e, t, NULL, H_BITSTR, 0, 0, ok, fail); break;
        case OP_is_map: type_test(e, t, NULL, H_MAP, 0, 0, ok, fail); break;
        default: break;
        }
        return;
    }

    /* control flow */
    case OP_select_val_x: case OP_select_val: {
        V v = op == OP_select_val_x ? xget(e, I[1]) : src(e, I[1]);
        const uint64_t *t = I + 3;
        uint64_t n = t[0];
        bool boxed = false;
        for (uint64_t k = 0; k < n; k++) boxed |= !term_is_immed(t[1 + k]);
        B dflt = block(e, lbl(e, I[2]));
        if (boxed) {
            /* float/bignum literals: the interpreter compares by value */
            B sw = newbb(e, "sw");
            LLVMBuildCondBr(e->b, is_immed(e, v), sw, deopt_bb(e, off));
            LLVMPositionBuilderAtEnd(e->b, sw);
        }
        if (n > JIT_MAX_SWITCH) {
            select_search(e, v, t, dflt);
            return;
        }
        V s = LLVMBuildSwitch(e->b, v, dflt, (unsigned)n);
        for (uint64_t k = 0; k < n; k++)
            if (term_is_immed(t[1 + k])) LLVMAddCase(s, c64(e, t[1 + k]), block(e, lbl(e, t[1 + n + k])));
        return;
    }
    case OP_select_tuple_arity: {
        V v = src(e, I[1]);
        const uint64_t *t = I + 3;
        uint64_t n = t[0];
        B dflt = block(e, lbl(e, I[2])), bx = newbb(e, "boxed");
        LLVMBuildCondBr(e->b, is_boxed(e, v), bx, dflt);
        LLVMPositionBuilderAtEnd(e->b, bx);
        /* a tuple's header is arity << 6 exactly */
        V s = LLVMBuildSwitch(e->b, boxed_word(e, v, 0), dflt, (unsigned)n);
        for (uint64_t k = 0; k < n; k++) LLVMAddCase(s, c64(e, hdr_make(t[1 + k], HDR_TUPLE)), block(e, lbl(e, t[1 + n + k])));
        return;
    }
    case OP_jump: LLVMBuildBr(e->b, block(e, lbl(e, I[1]))); return;

    /* data */
    case OP_get_list_x: case OP_get_list: {
        V l = op == OP_get_list_x ? xget(e, I[1]) : src(e, I[1]);
        V hd = list_word(e, l, 0), tl = list_word(e, l, 1);
        dst(e, I[2], hd);
        dst(e, I[3], tl);
        break;
    }
    case OP_get_hd_x: case OP_get_hd: dst(e, I[2], list_word(e, op == OP_get_hd_x ? xget(e, I[1]) : src(e, I[1]), 0)); break;
    case OP_get_tl_x: case OP_get_tl: dst(e, I[2], list_word(e, op == OP_get_tl_x ? xget(e, I[1]) : src(e, I[1]), 1)); break;
    case OP_get_tuple_element_x: case OP_get_tuple_element:
        dst(e, I[3], boxed_word(e, op == OP_get_tuple_element_x ? xget(e, I[1]) : src(e, I[1]), 1 + I[2]));
        break;
    case OP_set_tuple_element: {
        V v = src(e, I[1]), t = src(e, I[2]);
        st_(e, v, gep8(e, t2p(e, t), c64(e, (1 + I[3]) * 8 - TAG_PRIMARY_BOXED)));
        break;
    }
    case OP_put_list: {
        V h = Hget(e), a = src(e, I[1]), b = src(e, I[2]);
        st_(e, a, h);
        st_(e, b, gep64(e, h, c64(e, 1)));
        Hset(e, gep64(e, h, c64(e, 2)));
        dst(e, I[3], LLVMBuildOr(e->b, LLVMBuildPtrToInt(e->b, h, e->i64, ""), c64(e, TAG_PRIMARY_LIST), ""));
        break;
    }
    case OP_put_tuple2: {
        uint64_t n = I[2];
        V h = Hget(e);
        st_(e, c64(e, hdr_make(n, HDR_TUPLE)), h);
        for (uint64_t k = 0; k < n; k++) st_(e, src(e, I[3 + k]), gep64(e, h, c64(e, 1 + k)));
        Hset(e, gep64(e, h, c64(e, n + 1)));
        dst(e, I[1], LLVMBuildOr(e->b, LLVMBuildPtrToInt(e->b, h, e->i64, ""), c64(e, TAG_PRIMARY_BOXED), ""));
        fallthrough(e, off + 3 + (uint32_t)n);
        return;
    }

    /* BIFs with inline fast paths */
    case OP_i_plus: case OP_i_minus: case OP_i_gc_bif2: {
        arith_t a = op == OP_i_plus ? AR_ADD : op == OP_i_minus ? AR_SUB
                    : arith_of((const bif_info_t *)(uintptr_t)I[3]);
        const bif_info_t *bif = (const bif_info_t *)(uintptr_t)I[3];
        if (a == AR_NONE) goto generic_bif;
        /* i_plus/i_minus failing without a label: the interpreter raises
         * (X + Literal has OTP's frameless trace) */
        emit_arith(e, off, a, I[4], I[5], I[6], off + SZ_i_gc_bif2, bif, I[1],
                   op != OP_i_gc_bif2, I[2]);
        return;
    }
    case OP_i_bif2: {
        cmpop_t c = cmp_of((const bif_info_t *)(uintptr_t)I[2]);
        if (c == CMP_NONE) goto generic_bif;
        B t = newbb(e, "true"), f = newbb(e, "false");
        emit_compare(e, c, I[3], I[4], t, f);
        LLVMPositionBuilderAtEnd(e->b, t);
        dst(e, I[5], c64(e, ATOM_true));
        LLVMBuildBr(e->b, block(e, off + SZ_i_bif2));
        LLVMPositionBuilderAtEnd(e->b, f);
        dst(e, I[5], c64(e, ATOM_false));
        LLVMBuildBr(e->b, block(e, off + SZ_i_bif2));
        return;
    }

    case OP_i_bif0: case OP_i_bif1: case OP_i_gc_bif1: case OP_i_gc_bif3:
    generic_bif: {
        /* operands by signature: [f] [i] b s... d */
        const char *sig = ops_info[op].sig;
        unsigned k = 1, n = 0;
        uint64_t failw = 0;
        V args[3];
        uint64_t live = 0;
        bool gc = false;
        if (sig[0] == 'f') failw = I[k++];
        if (sig[k - 1] == 'i') gc = true, live = I[k++];
        const bif_info_t *bif = (const bif_info_t *)(uintptr_t)I[k++];
        while (sig[k - 1] == 's') args[n++] = src(e, I[k++]);
        uint64_t dstw = I[k];
        B join = NULL;
        if (n == 2 && !strcmp(bif->module_text, "erlang") && !strcmp(bif->name_text, "element")) {
            /* element/2 in range: a load; else the BIF */
            B slow = newbb(e, "element_slow");
            join = newbb(e, "element_done");
            dst(e, dstw, element_inline(e, args[0], args[1], slow));
            LLVMBuildBr(e->b, join);
            LLVMPositionBuilderAtEnd(e->b, slow);
        }
        dst(e, dstw, emit_bif_call(e, off, bif, args, n, failw, false));
        after_bif(e, gc, live, dstw, off + 1 + (uint32_t)strlen(sig));
        if (join) {
            LLVMBuildBr(e->b, join);
            LLVMPositionBuilderAtEnd(e->b, join);
        }
        LLVMBuildBr(e->b, block(e, off + 1 + (uint32_t)strlen(sig)));
        return;
    }
    case OP_i_call_bif: case OP_i_call_bif_last: case OP_i_call_bif_only: {
        const bif_info_t *bif = (const bif_info_t *)(uintptr_t)I[2];
        if (op == OP_i_call_bif && is_sqrt(bif)) {
            emit_sqrt(e, off, bif);
            return;
        }
        B join = bif_inline(e, bif);
        xset(e, 0, emit_bif_call(e, off, bif, NULL, (unsigned)I[1], 0, false));
        if (join) {
            LLVMBuildBr(e->b, join);
            LLVMPositionBuilderAtEnd(e->b, join);
        }
        /* reductions: as the interpreter, one per BIF call */
        Fset(e, LLVMBuildSub(e->b, Fget(e), c64(e, 1), ""));
        if (op == OP_i_call_bif) {
            after_bif(e, true, 0, 0, off + SZ_i_call_bif);
            fallthrough(e, off + SZ_i_call_bif);
            return;
        }
        if (op == OP_i_call_bif_last) Eset(e, gep64(e, Eget(e), c64(e, I[3])));
        do_return(e);
        return;
    }
    case OP_call_fun: case OP_call_fun2: case OP_call_fun2_lambda: {
        unsigned arity = (unsigned)(op == OP_call_fun ? I[1] : I[2]);
        V fun = op == OP_call_fun ? xget(e, arity) : src(e, I[3]);
        emit_call_fun(e, off, fun, arity, off + (op == OP_call_fun ? SZ_call_fun : SZ_call_fun2), 0);
        return;
    }
    case OP_i_call_fun_last: case OP_i_call_fun2_last: case OP_i_call_fun2_lambda_last: {
        /* the deallocate_return after it says how many words go */
        bool one = op == OP_i_call_fun_last;
        unsigned arity = (unsigned)(one ? I[1] : I[2]);
        V fun = one ? xget(e, arity) : src(e, I[3]);
        emit_call_fun(e, off, fun, arity, 0, I[(one ? SZ_call_fun : SZ_call_fun2) + 1]);
        return;
    }

    /* floats: unboxed in the f allocas */
    case OP_fmove_l_d: {
        /* the compiler reserved the box's words; read back only as a
         * float, no box (the words stay free) */
        V d = fget(e, I[1]);
        bool elide = box_elidable(e, off + SZ_fmove_l_d, ld_reg_is_y(I[2]), ld_reg_index(I[2]), true);
        dst(e, I[2], elide ? c64(e, NIL) : box_at_htop(e, d));
        know(e, I[2], d, elide);
        break;
    }
    case OP_fmove_s_l: {
        V k = known(e, I[1]);
        fset(e, I[2], k ? k : float_payload(e, src(e, I[1])));
        fp_mark(e, (unsigned)I[2], -1);
        break;
    }
    case OP_fmove_l_l:
        fset(e, I[2], fget(e, I[1]));
        fp_mark(e, (unsigned)I[2], fp_of(e, (unsigned)I[1]));
        break;
    case OP_fconv: {
        V t = src(e, I[1]);
        jty_t ty = optype(e, I[1]);
        if (known(e, I[1])) {
            fset(e, I[2], known(e, I[1]));
            fp_mark(e, (unsigned)I[2], -1);
            break;
        }
        if (known_double_ok(I[1], ty, false)) {
            fset(e, I[2], known_double(e, I[1], t, ty));
            fp_mark(e, (unsigned)I[2], -1);
            break;
        }
        B sm = newbb(e, "small"), notsm = newbb(e, "notsmall"), bx = newbb(e, "boxed"), fl = newbb(e, "float");
        B slow = deopt_bb(e, off), next = block(e, off + SZ_fconv);
        LLVMBuildCondBr(e->b, is_small(e, t), sm, notsm);
        LLVMPositionBuilderAtEnd(e->b, sm);
        fset(e, I[2], LLVMBuildSIToFP(e->b, untag(e, t), e->dbl, ""));
        LLVMBuildBr(e->b, next);
        LLVMPositionBuilderAtEnd(e->b, notsm);
        LLVMBuildCondBr(e->b, is_boxed(e, t), bx, slow);
        LLVMPositionBuilderAtEnd(e->b, bx);
        LLVMBuildCondBr(e->b, eqc(e, and_(e, boxed_word(e, t, 0), HDR_SUBTAG_MASK), HDR_FLOAT), fl, slow);
        LLVMPositionBuilderAtEnd(e->b, fl);
        fset(e, I[2], float_payload(e, t));
        LLVMBuildBr(e->b, next);
        return;
    }
    case OP_fadd: case OP_fsub: case OP_fmul: case OP_fdiv: {
        V a = fget(e, I[2]), b = fget(e, I[3]);
        V r = op == OP_fadd ? LLVMBuildFAdd(e->b, a, b, "") : op == OP_fsub ? LLVMBuildFSub(e->b, a, b, "")
              : op == OP_fmul ? LLVMBuildFMul(e->b, a, b, "") : LLVMBuildFDiv(e->b, a, b, "");
        if (I[1]) {
            /* a guard's: the fail label now */
            float_result(e, off, I[1], r, (unsigned)I[4], off + SZ_fadd);
            return;
        }
        /* a divisor's non-finite value may give a finite quotient */
        fp_cover(e, (unsigned)I[2]);
        if (op != OP_fdiv) fp_cover(e, (unsigned)I[3]);
        fset(e, I[4], r);
        e->fp[e->nfp] = (fp_pend_t){r, off, false};
        fp_mark(e, (unsigned)I[4], (int)e->nfp++);
        break;
    }
    case OP_fnegate:
        /* -r is finite when r is: the same pending result */
        fset(e, I[3], LLVMBuildFNeg(e->b, fget(e, I[2]), ""));
        fp_mark(e, (unsigned)I[3], fp_of(e, (unsigned)I[2]));
        break;
    default:
        /* dispatch: emit_msg */
        if (emit_msg(e, off, op)) return;

        /* dispatch: emit_map */
        if (emit_map(e, off, op)) return;

        /* dispatch: emit_bs */
        if (emit_bs(e, off, op)) return;

        e->lowered--;
        e->deopts++;
        deopt(e, off);
        return;
    }
    /* fixed-size instructions that fall through */
    uint32_t next = off + 1 + (uint32_t)strlen(ops_info[op].sig);
    fallthrough(e, next);
}

/* ---- one unit (an Erlang function) ---- */

/* The LLVM function of one Erlang function: entry point `sel` 0 is its
 * entry (a call), any other is the code offset of one of its
 * continuations (conts[0..ncont-1]), entered through that
 * continuation's stub from the trampoline. */
static void emit_unit(em_t *e, uint32_t start, const uint32_t *conts, uint32_t ncont)
{
    e->fn = e->site_fn[start];
    e->st = LLVMGetParam(e->fn, 0);
    e->entry_bb = newbb(e, "entry");
    e->exit_bb = newbb(e, "exit");
    LLVMPositionBuilderAtEnd(e->b, e->entry_bb);
    e->xbase0 = e->fbase0 = NULL;
    e->Ea = LLVMBuildAlloca(e->b, e->ptr, "E");
    e->Ha = LLVMBuildAlloca(e->b, e->ptr, "H");
    e->Fa = LLVMBuildAlloca(e->b, e->i64, "F");
    e->Ia = LLVMBuildAlloca(e->b, e->ptr, "I");
    e->Ka = LLVMBuildAlloca(e->b, e->i1, "K");
    e->cp_at = UINT32_MAX;
    st_(e, LLVMConstInt(e->i1, 1, false), e->Ka);
    st_(e, LLVMGetParam(e->fn, JIT_P_E), e->Ea);
    st_(e, LLVMGetParam(e->fn, JIT_P_H), e->Ha);
    st_(e, LLVMGetParam(e->fn, JIT_P_FCALLS), e->Fa);
    memset(e->xa, 0, sizeof e->xa);
    memset(e->fa, 0, sizeof e->fa);
    e->nx = e->nf = 0;
    e->ndead = 0;
    e->gc_bb = NULL;
    e->ngc = 0;
    e->gc_maxlive = 0;
    /* func_info's last operand, the word before the entry */
    e->arity = start > 0 ? (unsigned)e->code[start - 1] : 0;
    B first = newbb(e, "body");
    V term_br = LLVMBuildBr(e->b, first);
    LLVMPositionBuilderBefore(e->ab, term_br);
    LLVMPositionBuilderAtEnd(e->b, first);
    /* the register arguments always go back to the array at an exit */
    for (unsigned i = 0; i < JIT_XARGS; i++) xslot(e, i);
    /* Entry point 0 (a call) is the fall-through: one reduction taken
     * and the slice tested. A continuation's stub passes JIT_CONT_BIAS
     * for the reductions (emit_stub), so that test fails for it too and
     * the cold path tells the two apart: callers pass no entry operand
     * (it is read only there), and the entry path tests nothing more
     * than the slice. */
    {
        V fc = LLVMBuildSub(e->b, LLVMGetParam(e->fn, JIT_P_FCALLS), c64(e, 1), "");
        Fset(e, fc);
        B go = newbb(e, "go"), cold = newbb(e, "cold"), out = newbb(e, "slice");
        likely_br(e, LLVMBuildICmp(e->b, LLVMIntSGE, fc, c64(e, 0), ""), go, cold);
        LLVMPositionBuilderAtEnd(e->b, cold);
        if (ncont) {
            /* the continuations are entered from the trampoline only, with
             * x0 live (a call's) */
            B cont = newbb(e, "conts"), none = newbb(e, "no_entry");
            LLVMBuildCondBr(e->b, LLVMBuildICmp(e->b, LLVMIntSLT, fc, c64(e, JIT_CONT_BIAS / 2), ""), cont, out);
            LLVMPositionBuilderAtEnd(e->b, cont);
            /* the stub stored the count (computed from the parameter, the
             * entry path would keep a copy of it) */
            Fset(e, ld64(e, stfield(e, e->b, offsetof(abi_state_t, fcalls))));
            V sw = LLVMBuildSwitch(e->b, LLVMGetParam(e->fn, JIT_P_ENTRY), none, ncont);
            for (uint32_t k = 0; k < ncont; k++) {
                B land = newbb(e, "cont");
                LLVMAddCase(sw, c64(e, conts[k]), land);
                LLVMPositionBuilderAtEnd(e->b, land);
                /* after a call x0 is live; at a handler or receive label
                 * entered from the interpreter, whatever it left in the
                 * array */
                if (e->call_cont[conts[k]]) dead_after(e, 1);
                LLVMBuildBr(e->b, block(e, conts[k]));
            }
            LLVMPositionBuilderAtEnd(e->b, none);
            LLVMBuildUnreachable(e->b);
        } else {
            LLVMBuildBr(e->b, out);
        }
        /* none left: the interpreter takes over at the entry (and yields
         * there) */
        LLVMPositionBuilderAtEnd(e->b, out);
        dead_after(e, e->arity);
        deopt(e, start);
        LLVMPositionBuilderAtEnd(e->b, go);
        /* called: the C stack is to be tested before a call */
        st_(e, LLVMConstInt(e->i1, 0, false), e->Ka);
        dead_after(e, e->arity);
        LLVMBuildBr(e->b, block(e, start + SZ_i_func_entry));
    }
    /* A unit holds its function's code reachable from the entry points;
     * past the budget (huge generated functions), the rest are exits to
     * the interpreter, which bounds the optimiser's time. */
    e->emitted = 0;
    while (e->nwork) {
        uint32_t off = e->work[--e->nwork];
        LLVMPositionBuilderAtEnd(e->b, e->bb[off]);
        /* checks pending only into the straight-line successor (the last
         * block made, so the next taken) */
        if (e->nfp && off != e->fp_next) abort();
        if (off != e->fp_next) e->kgx++, e->kgy++;
        e->fp_next = UINT32_MAX;
        if (off >= e->size || e->m->ops[off] == OPS_NONE || e->emitted >= JIT_UNIT_BUDGET) fp_flush(e);
        if (off >= e->size || e->m->ops[off] == OPS_NONE) {
            /* not an instruction (corrupt label): let the interpreter fail */
            deopt(e, off < e->size ? off : 0);
            continue;
        }
        if (++e->emitted > JIT_UNIT_BUDGET) {
            deopt(e, off);
            continue;
        }
        emit_insn(e, off);
    }
    gc_shared(e);
    /* registers dead at the entry points and after calls */
    for (size_t k = 0; k < e->ndead; k++) {
        LLVMPositionBuilderBefore(e->b, LLVMGetBasicBlockTerminator(e->dead[k].bb));
        for (unsigned j = 0; j < e->nx; j++)
            if (e->xused[j] >= e->dead[k].live) st_(e, LLVMGetPoison(e->i64), e->xa[e->xused[j]]);
        for (unsigned j = 0; j < e->nf; j++) st_(e, LLVMGetPoison(e->dbl), e->fa[e->fused[j]]);
    }
    /* the exit: everything back into abi_state_t */
    LLVMPositionBuilderAtEnd(e->b, e->exit_bb);
    state_out(e);
    V xs = xbase(e), fs = e->nf ? fbase(e) : NULL;
    for (unsigned k = 0; k < e->nx; k++) {
        unsigned i = e->xused[k];
        st_(e, ld64(e, e->xa[i]), gep64(e, xs, c64(e, i)));
    }
    for (unsigned k = 0; k < e->nf; k++) {
        unsigned i = e->fused[k];
        st_(e, LLVMBuildLoad2(e->b, e->dbl, e->fa[i], ""), LLVMBuildGEP2(e->b, e->dbl, fs, &(V){c64(e, i)}, 1, ""));
    }
    LLVMBuildRet(e->b, mkexit(e, ldp(e, e->Ia)));
    for (size_t k = 0; k < e->ntouched; k++) e->bb[e->touched[k]] = NULL;
    e->ntouched = 0;
}

/* e->target: every instruction a label operand (kinds f j t T, the only
 * label kinds: vm_thread_module) names. */
static void mark_targets(em_t *e)
{
    for (size_t pos = 0; pos < e->size;) {
        ops_t op = (ops_t)e->m->ops[pos];
        size_t w = op == OPS_NONE ? 0 : ops_insn_words(op, e->code, pos, e->size);
        if (!w) {
            pos++;
            continue;
        }
        size_t p = pos + 1;
        for (const char *k = ops_info[op].sig; *k; k++) {
            switch (*k) {
            case 'f': case 'j':
                if (e->code[p] && lbl(e, e->code[p]) <= e->size) e->target[lbl(e, e->code[p])] = 1;
                p++;
                break;
            case 't': case 'T': {
                uint64_t n = e->code[p++];
                for (uint64_t i = 0; i < n; i++)
                    if (lbl(e, e->code[p + n + i]) <= e->size) e->target[lbl(e, e->code[p + n + i])] = 1;
                p += 2 * n;
                break;
            }
            case 'v': case 'Y': p += 1 + e->code[p]; break;
            default: p++;
            }
        }
        pos += w;
    }
}

static bool is_call_op(ops_t op)
{
    switch (op) {
    case OP_call: case OP_call_ext: case OP_call_fun: case OP_call_fun2: case OP_call_fun2_lambda: case OP_apply:
        return true;
    default: return false;
    }
}

/* A continuation's stub: the native function the continuation tables
 * hold, entering its function's unit at that continuation (the
 * reductions in abi_state_t, JIT_CONT_BIAS in their place: emit_unit). */
static void emit_stub(em_t *e, V stub, V unit, uint32_t cont)
{
    LLVMPositionBuilderAtEnd(e->b, LLVMAppendBasicBlockInContext(e->ctx, stub, "entry"));
    V args[JIT_NPARAMS];
    for (unsigned i = 0; i < JIT_NPARAMS - 1; i++) args[i] = LLVMGetParam(stub, i);
    e->st = args[JIT_P_ST];
    st_(e, args[JIT_P_FCALLS], stfield(e, e->b, offsetof(abi_state_t, fcalls)));
    args[JIT_P_FCALLS] = c64(e, (uint64_t)JIT_CONT_BIAS);
    args[JIT_NPARAMS - 1] = c64(e, cont);
    musttail_args(e, unit, args);
}

static LLVMTypeRef sig_type(em_t *e, char c)
{
    switch (c) {
    case 'p': return e->ptr;
    case 'd': return e->dbl;
    case 'v': return LLVMVoidTypeInContext(e->ctx);
    default: return e->i64;
    }
}

void jit_emit_module(LLVMContextRef ctx, LLVMModuleRef mod, const ld_module_t *m, const uint8_t *want,
                     const char *prefix, const char *table_name, jit_emit_result_t *out)
{
    em_t *e = calloc(1, sizeof *e);
    if (!e) abort();
    e->ctx = ctx;
    e->mod = mod;
    e->b = LLVMCreateBuilderInContext(ctx);
    e->ab = LLVMCreateBuilderInContext(ctx);
    e->i64 = LLVMInt64TypeInContext(ctx);
    e->i32 = LLVMInt32TypeInContext(ctx);
    e->i8 = LLVMInt8TypeInContext(ctx);
    e->i1 = LLVMInt1TypeInContext(ctx);
    e->ptr = LLVMPointerTypeInContext(ctx, 0);
    e->dbl = LLVMDoubleTypeInContext(ctx);
    e->retty = jit_ret_type(ctx);
    e->fnty = jit_native_type(ctx);
    e->m = m;
    e->code = m->code;
    e->size = m->code_size;
    e->native_op = vm_op_word(OP_i_func_native);

    /* the ABI's declarations, from its list */
    int k = 0;
#define DECL(name, ret, prm, sig, flags)                                                                         \
    do {                                                                                                         \
        const char *s_ = sig;                                                                                    \
        LLVMTypeRef ps_[8];                                                                                      \
        unsigned np_ = 0;                                                                                        \
        for (const char *c_ = s_ + 2; *c_; c_++) ps_[np_++] = sig_type(e, *c_);                                  \
        e->abi_ty[k] = LLVMFunctionType(sig_type(e, s_[0]), ps_, np_, false);                                    \
        e->abi_fn[k] = LLVMAddFunction(mod, #name, e->abi_ty[k]);                                                \
        /* slow paths all: the optimiser and the register allocator lay        \
         * out and spill for the paths around them */                          \
        LLVMAddAttributeAtIndex(e->abi_fn[k], LLVMAttributeFunctionIndex,                                        \
                                LLVMCreateEnumAttribute(ctx, LLVMGetEnumAttributeKindForName("cold", 4), 0));   \
        if (!((flags) & (ABI_MAY_GC | ABI_MAY_RAISE | ABI_MAY_YIELD)))                                           \
            LLVMAddAttributeAtIndex(e->abi_fn[k], LLVMAttributeFunctionIndex,                                    \
                                    LLVMCreateEnumAttribute(ctx, LLVMGetEnumAttributeKindForName("nounwind", 8), 0)); \
        k++;                                                                                                     \
    } while (0);
    ABI_FUNCTIONS(DECL)
#undef DECL

    e->site_fn = calloc(e->size + 1, sizeof *e->site_fn);
    e->is_entry = calloc(e->size + 1, 1);
    e->bb = calloc(e->size + 1, sizeof *e->bb);
    e->touched = malloc((e->size + 1) * sizeof *e->touched);
    e->work = malloc((e->size + 1) * sizeof *e->work);
    /* dead points: two per call at most, one per entry */
    e->dead = malloc((2 * e->size + 2) * sizeof *e->dead);
    e->call_cont = calloc(e->size + 1, 1);
    e->gc_resume = malloc((e->size + 1) * sizeof *e->gc_resume);
    if (!e->gc_resume) abort();
    e->target = calloc(e->size + 1, 1);
    if (!e->target) abort();
    mark_targets(e);
    e->fgen = e->kgx = e->kgy = 1;
    jit_fn_site_t *sites = malloc((e->size + 1) * sizeof *sites);
    if (!e->site_fn || !e->is_entry || !e->bb || !e->touched || !e->work || !e->dead || !e->call_cont || !sites)
        abort();
    uint32_t nsites = 0;
    char name[96];
    /* one unit per wanted function; a stub per continuation of it */
    uint32_t *contv = malloc((e->size + 1) * sizeof *contv), ncontv = 0;
    typedef struct { uint32_t entry, first, n, site; bool catches; } unit_t;
    unit_t *units = malloc((m->num_functions + 1) * sizeof *units);
    uint32_t nunits = 0;
    if (!contv || !units) abort();
    for (uint32_t i = 0; i < m->num_functions; i++) {
        uint32_t off = m->functions[i].entry;
        if (want && !want[i]) continue;
        if (off >= e->size || (m->ops[off] != OP_i_func_entry && m->ops[off] != OP_i_func_native) || e->site_fn[off])
            continue;
        snprintf(name, sizeof name, "%s_f%u", prefix, off);
        e->site_fn[off] = LLVMAddFunction(mod, name, e->fnty);
        e->is_entry[off] = 1;
        sites[nsites++] = (jit_fn_site_t){off, true, 0};
        unit_t *u = &units[nunits++];
        *u = (unit_t){off, ncontv, 0, nsites - 1, false};
        uint32_t end = i + 1 < m->num_functions ? m->functions[i + 1].info : (uint32_t)e->size;
        for (uint32_t o = off; o < end; o++) {
            ops_t op = (ops_t)m->ops[o];
            if (op == OPS_NONE) continue;
            if (op == OP_try || op == OP_catch) u->catches = true;
            /* exception handlers and receive loops: entered again from the
             * interpreter (jit_emit_msg.inc) */
            uint32_t c = msg_entry_label(e, op, o);
            bool callc = !c;
            if (!c) {
                if (!is_call_op(op)) continue;
                size_t w = ops_insn_words(op, e->code, o, e->size);
                /* threaded code: count words are intact, so lengths still read */
                c = w ? o + (uint32_t)w : 0;
            }
            if (c < e->size && !callc) e->call_cont[c] = 0; /* entered with more live */
            if (!c || c >= end || c <= off || m->ops[c] == OPS_NONE || e->site_fn[c]) continue;
            e->call_cont[c] = callc;
            snprintf(name, sizeof name, "%s_c%u", prefix, c);
            e->site_fn[c] = LLVMAddFunction(mod, name, e->fnty);
            sites[nsites++] = (jit_fn_site_t){c, false, 0};
            contv[ncontv++] = c;
            u->n++;
        }
    }
    for (uint32_t i = 0; i < nsites; i++) {
        LLVMSetLinkage(e->site_fn[sites[i].offset], LLVMInternalLinkage);
        LLVMSetFunctionCallConv(e->site_fn[sites[i].offset], JIT_NATIVE_CC);
    }
    for (uint32_t i = 0; i < nunits; i++) {
        uint32_t before = e->lowered;
        e->catches = units[i].catches;
        emit_unit(e, units[i].entry, contv + units[i].first, units[i].n);
        sites[units[i].site].lowered = e->lowered - before;
        for (uint32_t k = 0; k < units[i].n; k++) {
            uint32_t c = contv[units[i].first + k];
            emit_stub(e, e->site_fn[c], e->site_fn[units[i].entry], c);
        }
    }
    free(contv);
    free(units);
    /* the table the loader side reads the addresses from */
    V *elems = malloc((nsites + 1) * sizeof *elems);
    if (!elems) abort();
    for (uint32_t i = 0; i < nsites; i++) elems[i] = e->site_fn[sites[i].offset];
    LLVMTypeRef aty = LLVMArrayType2(e->ptr, nsites);
    V g = LLVMAddGlobal(mod, aty, table_name);
    LLVMSetInitializer(g, LLVMConstArray2(e->ptr, elems, nsites));
    LLVMSetGlobalConstant(g, true);
    free(elems);

    out->sites = sites;
    out->nsites = nsites;
    out->lowered = e->lowered;
    out->deopts = e->deopts;
    out->nevers = e->nevers;
    LLVMDisposeBuilder(e->b);
    LLVMDisposeBuilder(e->ab);
    free(e->site_fn);
    free(e->is_entry);
    free(e->bb);
    free(e->touched);
    free(e->work);
    free(e->dead);
    free(e->call_cont);
    free(e->gc_resume);
    free(e->target);
    free(e);
}
