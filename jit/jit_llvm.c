/*
 * jit_llvm.c - owner of every LLVM object of the JIT tier: the ORC LLJIT
 * session (one per VM), the target machine the optimiser uses, and the
 * compilation of one module: lower (jit_emit.c), optimise (LLVMRunPasses,
 * the tier's pipeline), generate an object at the tier's code generator
 * level, link it into the session, then publish the native entries.
 *
 * Runtime functions are absolute symbols of the session's main JITDylib,
 * defined once from abi.h's list. Each module's code lives under its own
 * resource tracker, removed when the module is freed (purge).
 */
#include "jit_int.h"

#include "vm.h"

#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Object.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void jit_llvm_version(unsigned *major, unsigned *minor, unsigned *patch) { LLVMGetVersion(major, minor, patch); }

static LLVMOrcLLJITRef lljit;
static LLVMOrcJITDylibRef main_jd;
/* tm: the optimiser's target (cost model); cg[level]: the code generator
 * at each jit_cg_level_t (objects are emitted here and added to the
 * session as objects, so each compilation picks its level) */
static LLVMTargetMachineRef tm, cg[JIT_CG_LEVELS];
static char *triple, *layout;
static unsigned serial;

static void fail_llvm(const char *what, LLVMErrorRef err)
{
    char *msg = LLVMGetErrorMessage(err);
    fprintf(stderr, "laser: JIT: %s: %s\n", what, msg);
    LLVMDisposeErrorMessage(msg);
}

/* Size of the code and data sections of every object the session links,
 * by symbol name prefix for the perf map (jit.c). */
/* +Jdump: the object of the compilation in progress goes to
 * DIR/<module>.o too (for objdump next to perf's samples) */
static char obj_path[4096];

static LLVMErrorRef object_seen(void *ctx, LLVMMemoryBufferRef *obj)
{
    (void)ctx;
    if (obj_path[0]) {
        FILE *f = fopen(obj_path, "wb");
        if (f) {
            fwrite(LLVMGetBufferStart(*obj), 1, LLVMGetBufferSize(*obj), f);
            fclose(f);
        }
        obj_path[0] = 0;
    }
    LLVMBinaryRef bin = LLVMCreateBinary(*obj, NULL, NULL);
    if (!bin) return LLVMErrorSuccess;
    LLVMSectionIteratorRef si = LLVMObjectFileCopySectionIterator(bin);
    size_t bytes = 0;
    while (!LLVMObjectFileIsSectionIteratorAtEnd(bin, si)) {
        const char *n = LLVMGetSectionName(si);
        if (n && (!strncmp(n, ".text", 5) || !strncmp(n, ".rodata", 7) || !strncmp(n, ".data", 5)))
            bytes += LLVMGetSectionSize(si);
        LLVMMoveToNextSection(si);
    }
    LLVMDisposeSectionIterator(si);
    LLVMSymbolIteratorRef sy = LLVMObjectFileCopySymbolIterator(bin);
    while (!LLVMObjectFileIsSymbolIteratorAtEnd(bin, sy)) {
        const char *n = LLVMGetSymbolName(sy);
        if (n && *n) jit_note_symbol_size(n, LLVMGetSymbolSize(sy));
        LLVMMoveToNextSymbol(sy);
    }
    LLVMDisposeSymbolIterator(sy);
    LLVMDisposeBinary(bin);
    jit_note_object_bytes(bytes);
    return LLVMErrorSuccess;
}

static LLVMTargetMachineRef host_tm(LLVMCodeGenOptLevel level)
{
    char *tr = LLVMGetDefaultTargetTriple();
    LLVMTargetRef target;
    char *msg = NULL;
    if (LLVMGetTargetFromTriple(tr, &target, &msg)) {
        fprintf(stderr, "laser: JIT: no target for %s: %s\n", tr, msg);
        LLVMDisposeMessage(msg);
        LLVMDisposeMessage(tr);
        return NULL;
    }
    char *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
    LLVMTargetMachineRef t = LLVMCreateTargetMachine(target, tr, cpu, features, level, LLVMRelocPIC,
                                                     LLVMCodeModelSmall);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    LLVMDisposeMessage(tr);
    return t;
}

static bool build_trampoline(void);

bool jit_llvm_init(void)
{
    LLVMInitializeNativeTarget();
    LLVMInitializeNativeAsmPrinter();
    static const LLVMCodeGenOptLevel levels[JIT_CG_LEVELS] = {
        [JIT_CG_FAST] = LLVMCodeGenLevelNone, [JIT_CG_QUICK] = LLVMCodeGenLevelLess,
        [JIT_CG_LESS] = LLVMCodeGenLevelLess, [JIT_CG_DEFAULT] = LLVMCodeGenLevelDefault};
    for (int i = 0; i < JIT_CG_LEVELS; i++)
        if (!(cg[i] = host_tm(levels[i]))) return false;
    LLVMSetTargetMachineFastISel(cg[JIT_CG_QUICK], true);
    tm = host_tm(LLVMCodeGenLevelDefault);
    if (!tm) return false;
    /* the session's own code generator builds the trampoline only */
    LLVMOrcLLJITBuilderRef b = LLVMOrcCreateLLJITBuilder();
    LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(
        b, LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(host_tm(LLVMCodeGenLevelDefault)));
    LLVMErrorRef err = LLVMOrcCreateLLJIT(&lljit, b);
    if (err) {
        fail_llvm("cannot create the LLJIT session", err);
        return false;
    }
    main_jd = LLVMOrcLLJITGetMainJITDylib(lljit);
    LLVMOrcObjectTransformLayerSetTransform(LLVMOrcLLJITGetObjTransformLayer(lljit), object_seen, NULL);
    triple = strdup(LLVMOrcLLJITGetTripleString(lljit));
    layout = strdup(LLVMOrcLLJITGetDataLayoutStr(lljit));

    /* the runtime entry points of abi.h */
    LLVMOrcCSymbolMapPair syms[] = {
#define SYM(name, ret, prm, sig, flags)                                                                          \
    {LLVMOrcLLJITMangleAndIntern(lljit, #name),                                                                   \
     {(LLVMOrcExecutorAddress)(uintptr_t)&name, {LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable, 0}}},
        ABI_FUNCTIONS(SYM)
#undef SYM
    };
    err = LLVMOrcJITDylibDefine(main_jd, LLVMOrcAbsoluteSymbols(syms, sizeof syms / sizeof syms[0]));
    if (err) {
        fail_llvm("cannot define the runtime symbols", err);
        return false;
    }
    return build_trampoline();
}

static jit_enter_fn enter_tramp;
jit_enter_fn jit_llvm_enter(void) { return enter_tramp; }

LLVMTypeRef jit_ret_type(LLVMContextRef ctx)
{
    LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
    LLVMTypeRef el[4] = {[JIT_R_E] = ptr, [JIT_R_H] = ptr, [JIT_R_X0] = LLVMInt64TypeInContext(ctx),
                         [JIT_R_FCALLS] = LLVMDoubleTypeInContext(ctx)};
    return LLVMStructTypeInContext(ctx, el, 4, false);
}
LLVMTypeRef jit_native_type(LLVMContextRef ctx)
{
    LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0), i64 = LLVMInt64TypeInContext(ctx);
    LLVMTypeRef pn[JIT_NPARAMS] = {[JIT_P_ST] = ptr, [JIT_P_E] = ptr, [JIT_P_H] = ptr};
    for (unsigned i = JIT_P_FCALLS; i < JIT_NPARAMS; i++) pn[i] = i64;
    return LLVMFunctionType(jit_ret_type(ctx), pn, JIT_NPARAMS, false);
}

/* laser_jit_enter(fn, st, E, HTOP): a C function calling fn with the
 * native convention, with a C stack limit (abi_state_t.climit)
 * JIT_NATIVE_STACK bytes below its own frame. A `return` (I tagged) goes
 * on in the native continuation of its CP when there is one (abi_cont),
 * else ends here; the result is the address for the interpreter, the
 * state in abi_state_t. */
static LLVMValueRef st_field(LLVMBuilderRef b, LLVMContextRef ctx, LLVMValueRef st, size_t off)
{
    LLVMValueRef o = LLVMConstInt(LLVMInt64TypeInContext(ctx), off, false);
    return LLVMBuildGEP2(b, LLVMInt8TypeInContext(ctx), st, &o, 1, "");
}
static bool build_trampoline(void)
{
    LLVMOrcThreadSafeContextRef tsc = LLVMOrcCreateNewThreadSafeContext();
    LLVMContextRef ctx = LLVMOrcThreadSafeContextGetContext(tsc);
    LLVMModuleRef mod = LLVMModuleCreateWithNameInContext("laser_entry", ctx);
    LLVMSetTarget(mod, triple);
    LLVMSetDataLayout(mod, layout);
    LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0), i64 = LLVMInt64TypeInContext(ctx);
    LLVMTypeRef p4[4] = {ptr, ptr, ptr, ptr}, rty = jit_ret_type(ctx), nty = jit_native_type(ctx);
    LLVMTypeRef cty = LLVMFunctionType(ptr, &ptr, 1, false);
    LLVMValueRef cont = LLVMAddFunction(mod, "abi_cont", cty);
    LLVMValueRef f = LLVMAddFunction(mod, "laser_jit_enter", LLVMFunctionType(ptr, p4, 4, false));
    LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(ctx, f, "entry"),
                      loop = LLVMAppendBasicBlockInContext(ctx, f, "loop"),
                      exit = LLVMAppendBasicBlockInContext(ctx, f, "exit"),
                      ret = LLVMAppendBasicBlockInContext(ctx, f, "return"),
                      more = LLVMAppendBasicBlockInContext(ctx, f, "more");
    LLVMPositionBuilderAtEnd(b, entry);
    LLVMValueRef st = LLVMGetParam(f, 1);
    LLVMValueRef args[JIT_NPARAMS];
    args[JIT_P_ST] = st;
    args[JIT_P_E] = LLVMGetParam(f, 2);
    args[JIT_P_H] = LLVMGetParam(f, 3);
    args[JIT_P_FCALLS] = LLVMBuildLoad2(b, i64, st_field(b, ctx, st, offsetof(abi_state_t, fcalls)), "");
    /* x0..x5 from st->x */
    LLVMValueRef xs = LLVMBuildLoad2(b, ptr, st_field(b, ctx, st, offsetof(abi_state_t, x)), "");
    for (unsigned i = 0; i < JIT_XARGS; i++) {
        LLVMValueRef idx = LLVMConstInt(i64, i, false);
        args[JIT_P_X0 + i] = LLVMBuildLoad2(b, i64, LLVMBuildGEP2(b, i64, xs, &idx, 1, ""), "");
    }
    unsigned ssid = LLVMLookupIntrinsicID("llvm.stacksave", 14);
    LLVMValueRef sp = LLVMBuildCall2(b, LLVMIntrinsicGetType(ctx, ssid, &ptr, 1),
                                     LLVMGetIntrinsicDeclaration(mod, ssid, &ptr, 1), NULL, 0, "");
    LLVMValueRef depth = LLVMBuildSub(b, LLVMBuildPtrToInt(b, sp, i64, ""), LLVMConstInt(i64, JIT_NATIVE_STACK, false), "");
    LLVMBuildStore(b, depth, st_field(b, ctx, st, offsetof(abi_state_t, climit)));
    args[JIT_P_ENTRY] = LLVMConstInt(i64, 0, false);
    LLVMValueRef r0 = LLVMBuildCall2(b, nty, LLVMGetParam(f, 0), args, JIT_NPARAMS, "");
    LLVMSetInstructionCallConv(r0, JIT_NATIVE_CC);
    LLVMBuildBr(b, loop);
    LLVMPositionBuilderAtEnd(b, loop);
    LLVMValueRef r = LLVMBuildPhi(b, rty, "r");
    LLVMAddIncoming(r, &r0, &entry, 1);
    LLVMValueRef E = LLVMBuildExtractValue(b, r, JIT_R_E, "");
    LLVMValueRef EI = LLVMBuildPtrToInt(b, E, i64, "");
    LLVMValueRef one = LLVMConstInt(i64, 1, false);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, LLVMBuildAnd(b, EI, one, ""), one, ""), exit, ret);
    LLVMPositionBuilderAtEnd(b, exit);
    LLVMBuildRet(b, LLVMBuildIntToPtr(b, LLVMBuildXor(b, EI, one, ""), ptr, ""));
    /* a return: the state into abi_state_t, then the continuation of the
     * CP it popped */
    LLVMPositionBuilderAtEnd(b, ret);
    LLVMValueRef m1 = LLVMConstInt(i64, (uint64_t)-1, true);
    LLVMValueRef cp = LLVMBuildLoad2(b, ptr, LLVMBuildGEP2(b, i64, E, &m1, 1, ""), "");
    LLVMValueRef H = LLVMBuildExtractValue(b, r, JIT_R_H, "");
    LLVMValueRef x0 = LLVMBuildExtractValue(b, r, JIT_R_X0, "");
    LLVMValueRef fc = LLVMBuildBitCast(b, LLVMBuildExtractValue(b, r, JIT_R_FCALLS, ""), i64, "");
    LLVMBuildStore(b, E, st_field(b, ctx, st, offsetof(abi_state_t, E)));
    LLVMBuildStore(b, H, st_field(b, ctx, st, offsetof(abi_state_t, HTOP)));
    LLVMBuildStore(b, fc, st_field(b, ctx, st, offsetof(abi_state_t, fcalls)));
    LLVMBuildStore(b, x0, LLVMBuildLoad2(b, ptr, st_field(b, ctx, st, offsetof(abi_state_t, x)), ""));
    LLVMValueRef fn = LLVMBuildCall2(b, cty, cont, &cp, 1, "");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(ctx, f, "done");
    LLVMBuildCondBr(b, LLVMBuildIsNull(b, fn, ""), done, more);
    LLVMPositionBuilderAtEnd(b, done);
    LLVMBuildRet(b, cp);
    LLVMPositionBuilderAtEnd(b, more);
    /* a continuation has x0 live only */
    LLVMValueRef cargs[JIT_NPARAMS];
    for (unsigned i = 0; i < JIT_NPARAMS; i++) cargs[i] = LLVMGetPoison(i64);
    cargs[JIT_P_ST] = st;
    cargs[JIT_P_E] = E;
    cargs[JIT_P_H] = H;
    cargs[JIT_P_FCALLS] = fc;
    cargs[JIT_P_X0] = x0;
    cargs[JIT_P_ENTRY] = LLVMConstInt(i64, 0, false);
    LLVMValueRef r1 = LLVMBuildCall2(b, nty, fn, cargs, JIT_NPARAMS, "");
    LLVMSetInstructionCallConv(r1, JIT_NATIVE_CC);
    LLVMAddIncoming(r, &r1, &more, 1);
    LLVMBuildBr(b, loop);
    LLVMDisposeBuilder(b);
    LLVMErrorRef err = LLVMOrcLLJITAddLLVMIRModule(lljit, main_jd, LLVMOrcCreateNewThreadSafeModule(mod, tsc));
    LLVMOrcDisposeThreadSafeContext(tsc);
    LLVMOrcExecutorAddress addr = 0;
    if (!err) err = LLVMOrcLLJITLookup(lljit, &addr, "laser_jit_enter");
    if (err) {
        fail_llvm("cannot build the entry trampoline", err);
        return false;
    }
    enter_tramp = (jit_enter_fn)(uintptr_t)addr;
    return true;
}

static double now_ms(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The compiling thread's CPU time: a phase's cost without the time the
 * thread waited for a core (the machine may be busy with the program). */
static double cpu_ms(void) { return now_ms(CLOCK_THREAD_CPUTIME_ID); }

bool jit_llvm_compile(jit_module_t *jm, const jit_tier_t *tier, const uint8_t *want, const char *dump_dir,
                      jit_site_addr_t **sites_out, uint32_t *nsites_out)
{
    ld_module_t *m = jm->m;
    double t0 = now_ms(CLOCK_MONOTONIC), c0 = cpu_ms();
    unsigned id = ++serial;
    char prefix[32], table[40];
    snprintf(prefix, sizeof prefix, "m%u", id);
    snprintf(table, sizeof table, "m%u_table", id);
    LLVMContextRef ctx = LLVMContextCreate();
    LLVMModuleRef mod = LLVMModuleCreateWithNameInContext(prefix, ctx);
    LLVMSetTarget(mod, triple);
    LLVMSetDataLayout(mod, layout);
    jit_code_t *jc = calloc(1, sizeof *jc);
    if (jc) jc->conts = calloc(m->code_size + 1, sizeof *jc->conts);
    if (!jc || !jc->conts) laser_oom("JIT continuation table", m->code_size);
    jc->older = jm->code;
    jm->code = jc;
    /* the continuations of older compilations stay reachable (abi_cont
     * reads the newest table only) */
    if (jc->older) memcpy(jc->conts, jc->older->conts, (m->code_size + 1) * sizeof *jc->conts);
    jit_emit_result_t res;
    jit_emit_module(ctx, mod, m, want, prefix, table, &res);
    jm->lowered = res.lowered;
    jm->deopts = res.deopts;
    if (dump_dir) jit_dump_ir(dump_dir, m, mod, "");
#ifdef LASER_DEBUG
    char *vmsg = NULL;
    if (LLVMVerifyModule(mod, LLVMReturnStatusAction, &vmsg)) {
        fprintf(stderr, "laser: JIT: invalid IR for a module: %s\n", vmsg);
        abort();
    }
    LLVMDisposeMessage(vmsg);
#endif
    double c1 = cpu_ms();
    LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
    const char *passes = getenv("LASER_JIT_PASSES");
    LLVMErrorRef err = LLVMRunPasses(mod, passes && *passes ? passes : tier->passes, tm, po);
    LLVMDisposePassBuilderOptions(po);
    if (err) {
        fail_llvm("optimisation failed", err);
        LLVMDisposeModule(mod);
        LLVMContextDispose(ctx);
        free(res.sites);
        return false;
    }
    if (dump_dir) {
        jit_dump_ir(dump_dir, m, mod, ".opt");
        size_t n;
        const uint8_t *name = atom_text(m->name, &n);
        snprintf(obj_path, sizeof obj_path, "%s/%.*s.o", dump_dir, (int)n, (const char *)name);
    }
    double c2 = cpu_ms();
    /* code generation here, at the tier's level (the session's IR layer
     * has one level for all): the object goes to the session to link */
    char *msg = NULL;
    LLVMMemoryBufferRef obj = NULL;
    bool bad = LLVMTargetMachineEmitToMemoryBuffer(cg[tier->cg], mod, LLVMObjectFile, &msg, &obj);
    LLVMDisposeModule(mod);
    LLVMContextDispose(ctx);
    if (bad) {
        fprintf(stderr, "laser: JIT: code generation failed: %s\n", msg ? msg : "?");
        LLVMDisposeMessage(msg);
        free(res.sites);
        return false;
    }
    double c3 = cpu_ms();
    LLVMOrcResourceTrackerRef rt = LLVMOrcJITDylibCreateResourceTracker(main_jd);
    err = LLVMOrcLLJITAddObjectFileWithRT(lljit, rt, obj);
    if (err) {
        fail_llvm("cannot add a module", err);
        LLVMOrcReleaseResourceTracker(rt);
        free(res.sites);
        return false;
    }
    jc->rt = rt;
    LLVMOrcExecutorAddress addr = 0;
    err = LLVMOrcLLJITLookup(lljit, &addr, table);
    if (err) {
        fail_llvm("linking failed", err);
        free(res.sites);
        return false;
    }
    abi_native_fn *tab = (abi_native_fn *)(uintptr_t)addr;
    jit_site_addr_t *sa = malloc((res.nsites + 1) * sizeof *sa);
    if (!sa) laser_oom("JIT sites", res.nsites);
    for (uint32_t i = 0; i < res.nsites; i++) {
        sa[i].offset = res.sites[i].offset;
        sa[i].is_entry = res.sites[i].is_entry;
        sa[i].lowered = res.sites[i].lowered;
        sa[i].fn = tab[i];
        if (!res.sites[i].is_entry) jc->conts[res.sites[i].offset] = tab[i];
        snprintf(sa[i].symbol, sizeof sa[i].symbol, "%s_%c%u", prefix, res.sites[i].is_entry ? 'f' : 'c',
                 res.sites[i].offset);
    }
    free(res.sites);
    *sites_out = sa;
    *nsites_out = res.nsites;
    double c4 = cpu_ms();
    jm->compile_ms = now_ms(CLOCK_MONOTONIC) - t0;
    jm->phase_ms[JIT_PH_LOWER] = c1 - c0;
    jm->phase_ms[JIT_PH_OPT] = c2 - c1;
    jm->phase_ms[JIT_PH_CODEGEN] = c3 - c2;
    jm->phase_ms[JIT_PH_LINK] = c4 - c3;
    return true;
}

void jit_llvm_free(jit_module_t *jm)
{
    while (jm->code) {
        jit_code_t *jc = jm->code;
        jm->code = jc->older;
        if (jc->rt) {
            LLVMErrorRef err = LLVMOrcResourceTrackerRemove(jc->rt);
            if (err) fail_llvm("cannot free a module's code", err);
            LLVMOrcReleaseResourceTracker(jc->rt);
        }
        free(jc->conts);
        free(jc);
    }
}

void jit_dump_ir(const char *dir, const ld_module_t *m, LLVMModuleRef mod, const char *suffix)
{
    size_t n;
    const uint8_t *name = atom_text(m->name, &n);
    char path[4096];
    snprintf(path, sizeof path, "%s/%.*s%s.ll", dir, (int)n, (const char *)name, suffix);
    char *msg = NULL;
    if (LLVMPrintModuleToFile(mod, path, &msg)) {
        fprintf(stderr, "laser: JIT: cannot write %s: %s\n", path, msg);
        LLVMDisposeMessage(msg);
    }
}
