/*
 * vm.c - the threaded interpreter (see vm.h for threading and the frame
 * layout).
 *
 * vm_run keeps the hot state in locals: I (instruction pointer), E (stack
 * top = mem.stop), HTOP (heap top = mem.htop), x (the scheduler's x
 * registers). SWAPOUT writes E/HTOP back to the process before anything
 * that can look at the heap from C (BIFs, GC, building exceptions); SWAPIN
 * reloads them, since a GC moves both.
 *
 * Invariants:
 *   - a handler that allocates on HTOP has had its words reserved by the
 *     compiler's test_heap/allocate_heap (so HTOP never passes E);
 *   - terms built from C (BIF results, funs, maps, big numbers, exception
 *     terms) go through proc_heap(p), the BIF window: it never collects;
 *   - a call pushes its CP after checking for one free word.
 */
#include "vm.h"

#include "arith.h"
#include "atom.h"
#include "bin.h"
#include "cmp.h"
#include "dist.h"
#include "errlog.h"
#include "loader.h"
#include "map.h"
#include "ms.h"
#include "node.h"
#include "port.h"
#include "scheduler.h"
#include "timer.h"
#include "trace.h"
#include "vm_bits.h"

#include <laser/abi.h>

#include <math.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define likely(c) __builtin_expect(!!(c), 1)
#define unlikely(c) __builtin_expect(!!(c), 0)

vm_jit_hooks_t vm_jit;

/* The boot phase (vm_boot_begin): set until init's boot script reports
 * `started` ({Pid, progress, started} sent to init), i.e. until kernel and
 * stdlib are up and init goes on to -eval/-s/-run. */
static atomic_bool vm_booting;
static bool vm_boot_stress;
static term vm_init_atom = THE_NON_VALUE;

void vm_boot_begin(bool stress)
{
    vm_init_atom = atom_from_cstr("init");
    vm_boot_stress = stress;
    atomic_store(&vm_booting, true);
}

/* p sends msg to the name `init` while booting: {_, progress, started}
 * ends the boot phase. From here the test modes apply: GC stress in p
 * (the process that goes on to -eval/-s/-run) and every process spawned
 * after, and +Jeager compiles the modules loaded after (vm_thread_module);
 * tiered counting starts (lbl_i_func_entry). */
static void vm_boot_progress(proc_t *p, term msg)
{
    if (!term_is_tuple(msg) || term_tuple_arity(msg) != 3) return;
    const term *e = term_tuple_elems(msg);
    if (e[1] != atom_from_cstr("progress") || e[2] != atom_from_cstr("started")) return;
    if (vm_boot_stress) {
        atomic_store(&gc_stress_default, true);
        p->mem.stress = true;
    }
    atomic_store(&vm_booting, false);
}

_Static_assert(OP__COUNT < OPS_NONE, "ld_module_t.ops holds an ops_t in a byte");

/* Words of a fixed-size instruction: the op word and one per operand. */
enum {
#define OP(name, gen, sig) SZ_##name = sizeof(sig),
#include "ops.def"
#undef OP
};

/* Handler addresses by ops_t, filled in by vm_run(NULL, ...). */
static const void *op_labels[OP__COUNT];
/* The bottom continuation of every stack (op word i_exit). */
static uint64_t exit_code[1];

/* Export entries the interpreter treats specially. */
static export_entry_t *ep_apply2, *ep_apply3;
static export_entry_t *ep_plus, *ep_minus, *ep_plus1;
static const bif_info_t *bif_send2;
static const bif_info_t *bif_error1, *bif_error2, *bif_error3, *bif_exit1, *bif_throw1, *bif_raise3;

/* BIF export stubs: `i_bif_stub b` per BIF, so that apply and funs reach a
 * BIF through ep->address like any other function. */
static uint64_t (*bif_stubs)[2];
static uint64_t apply_stubs[2][2];
/* erlang:apply/2,3 as the top frame of their badarg (OTP shows the call
 * as a BIF's); only module, name and arity are used */
static bif_info_t apply_info[2];

uint64_t vm_op_word(ops_t op)
{
    vm_init();
    return (uint64_t)(uintptr_t)op_labels[op];
}


static term atom_exit, atom_throw;

term vm_class_atom(exc_class_t c)
{
    switch (c) {
    case EXC_ERROR: return ATOM(error);
    case EXC_EXIT: return atom_exit;
    default: return atom_throw;
    }
}

static void vm_run_init(void);
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void stub_bind(export_entry_t *e, const void *code)
{
    /* a stub is an address without an owning module (module.c's bind
     * leaves such entries alone, so a BIF wins over a module's export) */
    if (!atomic_load(&e->address)) atomic_store(&e->address, code);
}

static void do_init(void)
{
    ld_init();
    bif_init();
    vm_run_init();
    exit_code[0] = (uint64_t)(uintptr_t)op_labels[OP_i_exit];
    trace_return_code[0] = trace_return_code[1] = (uint64_t)(uintptr_t)op_labels[OP_i_return_trace];
    atom_exit = atom_from_cstr("exit");
    atom_throw = atom_from_cstr("throw");
    term erlang = ATOM(erlang);
    ep_apply2 = export_put(erlang, atom_from_cstr("apply"), 2);
    ep_apply3 = export_put(erlang, atom_from_cstr("apply"), 3);
    ep_plus = export_put(erlang, atom_from_cstr("+"), 2);
    ep_minus = export_put(erlang, atom_from_cstr("-"), 2);
    ep_plus1 = export_put(erlang, atom_from_cstr("+"), 1);
    bif_error1 = vm_bif_resolve(export_put(erlang, ATOM(error), 1));
    bif_error2 = vm_bif_resolve(export_put(erlang, ATOM(error), 2));
    bif_error3 = vm_bif_resolve(export_put(erlang, ATOM(error), 3));
    bif_exit1 = vm_bif_resolve(export_put(erlang, atom_from_cstr("exit"), 1));
    bif_throw1 = vm_bif_resolve(export_put(erlang, atom_from_cstr("throw"), 1));
    bif_raise3 = vm_bif_resolve(export_put(erlang, atom_from_cstr("raise"), 3));
    bif_send2 = vm_bif_resolve(export_put(erlang, atom_from_cstr("send"), 2));
    bif_stubs = calloc(bif_count, sizeof *bif_stubs);
    if (!bif_stubs) laser_oom("BIF stubs", bif_count * sizeof *bif_stubs);
    for (size_t i = 0; i < bif_count; i++) {
        bif_stubs[i][0] = (uint64_t)(uintptr_t)op_labels[OP_i_bif_stub];
        bif_stubs[i][1] = (uint64_t)(uintptr_t)&bif_table[i];
        stub_bind(export_put(bif_table[i].module, bif_table[i].name, bif_table[i].arity), bif_stubs[i]);
    }
    for (int i = 0; i < 2; i++) {
        apply_stubs[i][0] = (uint64_t)(uintptr_t)op_labels[OP_i_apply_stub];
        apply_stubs[i][1] = (uint64_t)(i + 2);
    }
    for (int i = 0; i < 2; i++)
        apply_info[i] = (bif_info_t){.module = erlang, .name = atom_from_cstr("apply"), .module_text = "erlang",
                                     .name_text = "apply", .arity = (uint8_t)(i + 2)};
    stub_bind(ep_apply2, apply_stubs[0]);
    stub_bind(ep_apply3, apply_stubs[1]);
}

void vm_init(void) { pthread_once(&init_once, do_init); }

bool vm_is_apply_export(const export_entry_t *ep) { return ep == ep_apply2 || ep == ep_apply3; }

const bif_info_t *vm_bif_resolve(const export_entry_t *ep)
{
    return ep->bif_index ? &bif_table[ep->bif_index - 1] : NULL;
}

/* ---- threading ---- */

static uint64_t label_ptr(ld_module_t *m, uint64_t off) { return off ? (uint64_t)(uintptr_t)&m->code[off] : 0; }

void vm_thread_module(ld_module_t *m)
{
    vm_init();
    uint64_t *code = m->code;
    size_t pos = 0;
    free(m->ops);
    m->ops = malloc(m->code_size ? m->code_size : 1);
    if (!m->ops) laser_oom("instruction map", m->code_size);
    memset(m->ops, OPS_NONE, m->code_size);
    while (pos < m->code_size) {
        ops_t op = (ops_t)code[pos];
        size_t words = ops_insn_words(op, code, pos, m->code_size);
        if (!words) {
            fprintf(stderr, "laser: threading corrupt code of a validated module at @%zu\n", pos);
            abort();
        }
        const char *sig = ops_info[op].sig;
        size_t p = pos + 1;
        for (const char *k = sig; *k; k++) {
            switch (*k) {
            case 'f': case 'j': code[p] = label_ptr(m, code[p]); p++; break;
            case 't': case 'T': {
                uint64_t n = code[p++];
                for (uint64_t i = 0; i < n; i++) code[p + n + i] = label_ptr(m, code[p + n + i]);
                p += 2 * n;
                break;
            }
            case 'S': code[p] = (uint64_t)(uintptr_t)(m->strings + code[p]); p++; break;
            case 'v':
                if (op == OP_bs_create_bin) {
                    /* a string segment's value is a StrT offset: make it
                     * the pointer, shifted left 2 and tagged boxed so that
                     * it reads as no register (vm_bs_create_bin undoes it) */
                    uint64_t n = code[p];
                    for (uint64_t k = 0; k + 6 <= n; k += 6)
                        if (code[p + 1 + k] == atom_from_cstr("string") && term_is_small(code[p + 1 + k + 4]))
                            code[p + 1 + k + 4] =
                                (uint64_t)(uintptr_t)(m->strings + term_to_small(code[p + 1 + k + 4])) << 2 |
                                TAG_PRIMARY_BOXED;
                }
                p += 1 + code[p];
                break;
            case 'Y': p += 1 + code[p]; break;
            default: p++;
            }
        }
        /* BIF calls: resolve the BIF now (the e operand becomes b) */
        ops_t nop = op;
        int eoff = -1;
        switch (op) {
        case OP_bif0: nop = OP_i_bif0; eoff = 1; break;
        case OP_bif1: nop = OP_i_bif1; eoff = 2; break;
        case OP_bif2: nop = OP_i_bif2; eoff = 2; break;
        case OP_gc_bif1: nop = OP_i_gc_bif1; eoff = 3; break;
        case OP_gc_bif2: nop = OP_i_gc_bif2; eoff = 3; break;
        case OP_gc_bif3: nop = OP_i_gc_bif3; eoff = 3; break;
        case OP_call_ext: nop = OP_i_call_bif; eoff = 2; break;
        case OP_call_ext_last: nop = OP_i_call_bif_last; eoff = 2; break;
        case OP_call_ext_only: nop = OP_i_call_bif_only; eoff = 2; break;
        default: break;
        }
        if (eoff > 0) {
            export_entry_t *ep = (export_entry_t *)(uintptr_t)code[pos + eoff];
            const bif_info_t *b = vm_bif_resolve(ep);
            if (b) {
                if (op == OP_gc_bif2 && ep == ep_plus) nop = OP_i_plus;
                else if (op == OP_gc_bif2 && ep == ep_minus) nop = OP_i_minus;
                else if (op == OP_gc_bif1 && ep == ep_plus1) nop = OP_i_plus1;
                code[pos + eoff] = (uint64_t)(uintptr_t)b;
                op = nop;
            }
            /* a tail call of apply/2,3 applies at the call, as OTP's
             * i_apply_last/only: a bad argument's trace names the caller */
            else if (ep == ep_apply2 || ep == ep_apply3) {
                if (op == OP_call_ext_last) op = OP_i_apply_last;
                else if (op == OP_call_ext_only) op = OP_i_apply_only;
            }
            /* an unresolved bif/gc_bif keeps its generic op, which raises */
        }
        /* a fun call in tail position: no CP, the frame goes first (OTP's
         * i_call_fun_last: a loop through funs runs in constant stack) */
        if ((op == OP_call_fun || op == OP_call_fun2 || op == OP_call_fun2_lambda) && pos + words < m->code_size &&
            code[pos + words] == OP_deallocate_return)
            op = op == OP_call_fun ? OP_i_call_fun_last : op == OP_call_fun2 ? OP_i_call_fun2_last : OP_i_call_fun2_lambda_last;
        code[pos] = (uint64_t)(uintptr_t)op_labels[op];
        m->ops[pos] = (uint8_t)op;
        pos += words;
    }
    /* NIF stubs (functions starting with nif_start: OTP replaces their code
     * when erlang:load_nif succeeds) whose M:F/A is a built-in BIF run that
     * BIF, for local calls as for exports: the entry becomes i_bif_stub b
     * (two words; nif_start is always followed by the stub's body) */
    bool unbound_nifs = false;
    for (uint32_t i = 0; i < m->num_functions; i++) {
        const ld_function_t *f = &m->functions[i];
        if (m->ops[vm_body_of(m, i)] != OP_nif_start) continue;
        const bif_info_t *b = bif_lookup(m->name, f->name, f->arity);
        if (!b || !vm_bind_nif(m, i, b)) unbound_nifs = true;
    }
    /* eager mode leaves the boot's modules interpreted (compiling kernel
     * and stdlib at every start costs seconds), as the preloaded ones; and
     * a module whose NIF stubs erlang:load_nif may still bind (nif.c
     * patches the interpreted entries), or whose on_load may call it */
    if (vm_jit.threaded && !atomic_load_explicit(&vm_booting, memory_order_relaxed) && !unbound_nifs && !m->on_load)
        vm_jit.threaded(m);
}

uint32_t vm_body_of(const ld_module_t *m, uint32_t fi)
{
    uint32_t entry = m->functions[fi].entry;
    return entry + (m->ops[entry] == OP_i_func_entry ? SZ_i_func_entry : 0);
}

bool vm_bind_nif(ld_module_t *m, uint32_t fi, const bif_info_t *b)
{
    uint32_t end = fi + 1 < m->num_functions ? m->functions[fi + 1].info : (uint32_t)m->code_size;
    uint32_t body = vm_body_of(m, fi);
    if (body + 2 > end) return false;
    uint64_t *code = m->code;
    /* the operand first: a process entering the function sees the
     * old instruction or both words new */
    __atomic_store_n(&code[body + 1], (uint64_t)(uintptr_t)b, __ATOMIC_RELAXED);
    __atomic_store_n(&code[body], (uint64_t)(uintptr_t)op_labels[OP_i_bif_stub], __ATOMIC_RELEASE);
    /* the rest of the function is dead: no instruction starts there */
    memset(m->ops + body, OPS_NONE, end - body);
    m->ops[body] = OP_i_bif_stub;
    return true;
}

/* ---- helpers called from the loop ---- */

/* Collect with the process's roots. True if the process went over its
 * max_heap_size with kill set: it must exit with reason killed (OTP). The
 * report goes to the system logger (errlog.h) when the process's
 * error_logger flag is set. */
bool vm_gc(proc_t *p, term *x, size_t need, size_t live)
{
    gc_root_t roots[5] = {
        {x, live}, {p->dict.b, p->dict.nb}, {&p->fvalue, 1}, {&p->fstacktrace, 1}, {p->mq ? p->mq + p->mq_head : NULL, p->mq_len - p->mq_head},
        /* (no queue yet: NULL + 0 is undefined behaviour) */
    };
    /* garbage_collection trace: the kind gc_collect will choose */
    bool traced = trace_on(p, TF_GC);
    bool major = traced && (p->mem.minor_gcs >= p->mem.fullsweep_after || (p->mem.flags & GC_F_NEED_FULLSWEEP));
    if (unlikely(traced)) trace_gc(p, major, true);
    int rc = gc_collect(&p->mem, need, roots, 5);
    if (unlikely(traced) && rc == GC_OK) trace_gc(p, major, false);
    if (rc == GC_MAX_HEAP_SIZE) {
        if (p->max_heap_flags & 1) errlog_max_heap(p, p->mem.over_size); /* erts' report */
        return p->mem.max_heap_kill && !p->nest;
    }
    if (rc != GC_OK) {
        /* erl aborts too (eheap_alloc: Cannot allocate ...); name the
         * process and the size so the cause is visible */
        size_t have = gc_total_heap_size(&p->mem);
        if (rc == GC_NO_MEMORY)
            fprintf(stderr, "laser: out of memory allocating a process heap for <0.%u.%u> (%zu words in use, %zu more needed)\n",
                    pid_number(p->id), pid_serial(p->id), have, need);
        else
            fprintf(stderr, "laser: the heap of <0.%u.%u> cannot grow beyond the largest heap size (%zu words in use, %zu more needed)\n",
                    pid_number(p->id), pid_serial(p->id), have, need);
        exit(70); /* as laser_oom */
    }
    return false;
}

/* A tuple of n terms on the BIF window. */
static term mk_tuple(proc_t *p, size_t n, const term *el) { return heap_make_tuple(proc_heap(p), n, el); }
static term mk_tuple2(proc_t *p, term a, term b)
{
    term el[2] = {a, b};
    return mk_tuple(p, 2, el);
}

static term list_from(proc_t *p, const term *el, size_t n) { return heap_make_list(proc_heap(p), el, n, NIL); }

/* Length of a proper list, or -1. */
static long list_len(term l)
{
    long n = 0;
    while (term_is_list(l)) {
        n++;
        l = term_cdr(l);
    }
    return term_is_nil(l) ? n : -1;
}

/* Copy a proper list's elements into x[0..]; false if not proper or too long. */
static bool spread_list(term *x, term l, unsigned *arity)
{
    unsigned n = 0;
    while (term_is_list(l)) {
        if (n >= LD_MAX_ARITY) return false;
        x[n++] = term_car(l);
        l = term_cdr(l);
    }
    if (!term_is_nil(l)) return false;
    *arity = n;
    return true;
}

/* ---- processes: registers across a switch, sends, receive markers ---- */

/* A nested run's budget: it never yields (PREEMPT renews it). */
#define VM_NEST_FCALLS ((int64_t)1 << 40)

static void vm_save_x(proc_t *p, const term *x, uint32_t n)
{
    if (n > p->xcap) {
        free(p->xsave);
        p->xcap = n; /* exact: an idle process keeps only what it saved */
        p->xsave = malloc(p->xcap * sizeof(term));
        if (!p->xsave) laser_oom("saved registers", p->xcap * sizeof(term));
    }
    memcpy(p->xsave, x, n * sizeof(term));
    p->xlive = n;
}

/* send trace (runtime/trace.h): to a pid or port as given, to a name as
 * the name; a name with no process is no send (badarg) */
static void send_traced(proc_t *p, term to, term msg)
{
    term dest = to;
    bool exists = true;
    if (term_is_local_pid(to)) exists = sched_alive(to);
    else if (term_is_atom(to)) exists = term_is_pid(reg_whereis(to)) || term_is_port(reg_whereis(to));
    if (exists || term_is_local_pid(dest)) trace_send(p, dest, msg, exists);
}

int vm_send(proc_t *p, term to, term msg)
{
    if (unlikely(trace_on(p, TF_SEND))) send_traced(p, to, msg);
    if (term_is_local_pid(to)) {
        sched_send(p, to, msg);
        return 0;
    }
    if (term_is_local_port(to)) {
        port_send(p, to, msg);
        return 0;
    }
    if (term_is_tuple(to) && term_tuple_arity(to) == 2 && term_is_atom(term_tuple_elems(to)[0]) &&
        term_is_atom(term_tuple_elems(to)[1])) {
        /* {Name, Node}: another node's through dist.c */
        if (term_tuple_elems(to)[1] != node_local_name()) {
            dist_send_reg(p, term_tuple_elems(to)[0], term_tuple_elems(to)[1], msg);
            return 0;
        }
        to = term_tuple_elems(to)[0];
    }
    if (term_is_atom(to)) {
        if (unlikely(to == vm_init_atom) && atomic_load_explicit(&vm_booting, memory_order_relaxed))
            vm_boot_progress(p, msg);
        term pid = reg_whereis(to);
        if (term_is_local_port(pid)) {
            port_send(p, pid, msg);
            return 0;
        }
        if (!term_is_pid(pid)) return -1;
        sched_send(p, pid, msg);
        return 0;
    }
    if (term_is_ext_pid(to)) {
        dist_send(p, to, msg);
        return 0;
    }
    if (term_is_ext_ref(to)) {
        dist_send_alias(p, to, msg);
        return 0;
    }
    if (term_is_ref(to)) {
        alias_send(p, to, msg); /* to an alias' owner, else dropped */
        return 0;
    }
    return -1;
}

/* ---- the loop ---- */

/* Operand access. A reg word (low bits 00) names an x or y register; any
 * other source word is the term itself. */
#define REG(w) (*(ld_reg_is_y(w) ? &E[ld_reg_index(w)] : &x[ld_reg_index(w)]))
#define SRC(w) (ld_is_reg(w) ? REG(w) : (term)(w))
#define LBL(w) ((const uint64_t *)(uintptr_t)(w))
#define DISPATCH() goto *(const void *)(uintptr_t)I[0]
#define NEXT(n)                                                                                                  \
    do {                                                                                                         \
        I += (n);                                                                                                \
        DISPATCH();                                                                                              \
    } while (0)
#define SWAPOUT                                                                                                  \
    do {                                                                                                         \
        p->mem.stop = E;                                                                                         \
        p->mem.htop = HTOP;                                                                                      \
        p->fcalls = FCALLS;                                                                                      \
    } while (0)
#define SWAPIN                                                                                                   \
    do {                                                                                                         \
        E = p->mem.stop;                                                                                         \
        HTOP = p->mem.htop;                                                                                      \
        FCALLS = p->fcalls;                                                                                      \
    } while (0)
/* One reduction per call; at the end of the slice the call instruction
 * itself is the resume point, with its `live` argument registers saved
 * (a nested run from C never yields: it gets a new budget). */
#define PREEMPT(live)                                                                                            \
    do {                                                                                                         \
        if (unlikely(--FCALLS <= 0)) {                                                                           \
            if (!p->nest) {                                                                                      \
                ylive = (live);                                                                                  \
                goto yield;                                                                                      \
            }                                                                                                    \
            FCALLS = VM_NEST_FCALLS;                                                                             \
        }                                                                                                        \
    } while (0)
/* Make room for `need` words between heap and stack, live x registers kept. */
#define NEED(need, live)                                                                                         \
    do {                                                                                                         \
        if (unlikely((size_t)(E - HTOP) < (size_t)(need) || gc_should_collect(&p->mem))) {                      \
            SWAPOUT;                                                                                             \
            if (vm_gc(p, x, (need), (live))) goto heap_kill;                                                     \
            SWAPIN;                                                                                              \
        }                                                                                                        \
    } while (0)
/* After a BIF that may allocate: collect if gc_desired, the result r kept
 * as x[live] meanwhile (OTP's erts_gc_after_bif_call). */
#define GC_AFTER_BIF(r, live)                                                                                    \
    do {                                                                                                         \
        if (unlikely(gc_desired(&p->mem)) && (live) < LD_MAX_REG) {                                              \
            x[live] = (r);                                                                                       \
            SWAPOUT;                                                                                             \
            if (vm_gc(p, x, 0, (live) + 1)) goto heap_kill;                                                      \
            SWAPIN;                                                                                              \
            (r) = x[live];                                                                                       \
        }                                                                                                        \
    } while (0)
/* Push a continuation pointer (one free word guaranteed first). */
#define PUSH_CP(cp, live)                                                                                        \
    do {                                                                                                         \
        if (unlikely(E <= HTOP)) {                                                                               \
            SWAPOUT;                                                                                             \
            if (vm_gc(p, x, 1, (live))) goto heap_kill;                                                          \
            SWAPIN;                                                                                              \
        }                                                                                                        \
        *--E = (term)(uintptr_t)(cp);                                                                            \
    } while (0)
#define FAIL_OR(lbl, raise_stmt)                                                                                 \
    do {                                                                                                         \
        if (lbl) {                                                                                               \
            I = LBL(lbl);                                                                                        \
            DISPATCH();                                                                                          \
        }                                                                                                        \
        raise_stmt;                                                                                              \
    } while (0)
/* Raise error:Reason (a term built before) with a plain stack trace. */
/* error:Reason with no error_info cause, the trace to be built */
#define SET_ERROR(reason)                                                                                        \
    do {                                                                                                         \
        p->fclass = EXC_ERROR;                                                                                   \
        p->fvalue = (reason);                                                                                    \
        p->finfo = THE_NON_VALUE;                                                                                \
    } while (0)
#define RAISE_ERROR(reason)                                                                                      \
    do {                                                                                                         \
        SET_ERROR(reason);                                                                                       \
        tkind = VM_TRACE_PLAIN;                                                                                  \
        goto raise;                                                                                              \
    } while (0)
/* Raise error:{Tag, Value}. */
#define RAISE_TAGGED(tag, val)                                                                                   \
    do {                                                                                                         \
        term v_ = (val);                                                                                         \
        SWAPOUT;                                                                                                 \
        term r_ = mk_tuple2(p, (tag), v_);                                                                       \
        proc_heap_close(p);                                                                                      \
        SWAPIN;                                                                                                  \
        RAISE_ERROR(r_);                                                                                         \
    } while (0)

static inline bool cmp_lt(term a, term b)
{
    if (term_is_small(a) && term_is_small(b)) return (sterm)a < (sterm)b;
    return cmp_terms(a, b) < 0;
}
static inline bool eq_exact(term a, term b)
{
    if (a == b) return true;
    if (term_is_immed(a) || term_is_immed(b)) return false;
    return cmp_eq_exact(a, b);
}
static inline bool eq(term a, term b)
{
    if (a == b) return true;
    if (term_is_small(a) && term_is_small(b)) return false;
    return cmp_terms(a, b) == 0;
}
static inline bool is_binary(term t) { return term_is_bitstring(t) && bin_bit_size(t) % 8 == 0; }

/* GCC factors every handler's `goto *I[0]` into one shared indirect jump
 * and duplicates it back into the handlers only if the shared block is
 * small. The SLP vectorizer loads E and HTOP (adjacent in gc_heap_t) as
 * one vector, and the register shuffles this adds to the shared block stop
 * the duplication: the whole loop then had a single `jmp reg` the branch
 * predictor cannot learn. Without SLP each handler has its own dispatch. */
#if defined(__GNUC__) && !defined(__clang__)
#define VM_NO_SLP __attribute__((optimize("no-tree-slp-vectorize")))
#else
#define VM_NO_SLP /* clang (the fuzz build) has no such per-function switch */
#endif
VM_NO_SLP
static vm_result_t vm_run(proc_t *p, vm_sched_t *s, const uint64_t *start)
{
    static const void *const labels[OP__COUNT] = {
#define OP(name, gen, sig) [OP_##name] = &&lbl_##name,
#include "ops.def"
#undef OP
    };
    if (!p) {
        for (int i = 0; i < OP__COUNT; i++) op_labels[i] = labels[i];
        return VM_RETURNED;
    }

    term *x = s->x;
    double *fr = s->f;
    const uint64_t *I = start;
    term *E, *HTOP;
    /* the slice (see PREEMPT); reductions used are counted from fc_start */
    int64_t FCALLS;
    if (p->nest) p->fcalls = VM_NEST_FCALLS;
    SWAPIN;
    int64_t fc_start = FCALLS;
    uint64_t ylive = 0;

    /* raise state */
    vm_trace_kind_t tkind = VM_TRACE_PLAIN;
    const void *tmfa = NULL;
    term targs[LD_MAX_ARITY > 4 ? 4 : 4];
    const term *targsp = NULL;
    term textra = NIL;
    /* call_ext slow path state */
    export_entry_t *cep = NULL;
    int ck = 0;             /* 0: call (push cnext), 1: last (drop cn words), 2: only */
    uint64_t cn = 0;
    const uint64_t *cnext = NULL;
    unsigned carity = 0;
    term *tuple_fill = NULL; /* put_tuple/put */
    ops_t missing = OP_code_start;
    /* which of two instructions sharing a handler is running (labels of
     * adjacent empty handlers may share an address, so compare nothing) */
    bool map_exact = false, fun_v3 = false;
    ops_t bif_op = OP_bif0;
    bool bs_bits = false, bs_private = false;
    /* what native code sees (laser/abi.h); js.bw is the binary under
     * construction by bs_init2/bs_append and written by the bs_put_* that
     * follow (OTP's erts_current_bin and bit offset), in either tier */
    abi_state_t js = {.x = x, .f = fr, .proc = p};
    abi_native_fn jfn;

    /* a receive resumed after a wait goes on in its native code */
    if (unlikely(vm_jit.label != NULL) && I[0] == (uint64_t)(uintptr_t)labels[OP_loop_rec] &&
        (jfn = vm_jit.label(I)) != NULL)
        goto enter_native;
    DISPATCH();

lbl_code_start:
lbl_int_code_end:
    missing = (ops_t)-1;
    goto not_implemented;
    /* first instruction of the on_load function, which the loading path
     * runs (vm_code.c): nothing to do when it runs */
lbl_on_load:
    NEXT(SZ_on_load);

    /* ---- tiering (jit/, docs/architecture.md) ---- */
lbl_i_func_entry:
    /* not while booting: what is hot then (filename, erl_prim_loader)
     * is done by the time it would be native, and its compiles would
     * queue ahead of the program's */
    if (vm_jit.hot && !atomic_load_explicit(&vm_booting, memory_order_relaxed)) {
        /* a racy count is fine: it only decides when to compile */
        uint64_t *cnt = (uint64_t *)(uintptr_t)&I[1];
        uint64_t c = __atomic_load_n(cnt, __ATOMIC_RELAXED) + 1;
        __atomic_store_n(cnt, c, __ATOMIC_RELAXED);
        if (unlikely(c == vm_jit.hot_calls)) vm_jit.hot(I);
    }
    NEXT(SZ_i_func_entry);
lbl_i_func_native: {
        /* native code runs until it needs the interpreter and returns the
         * threaded-code address to continue at (E, HTOP, x written back).
         * It takes one reduction per call from the same slice; when none
         * is left it returns here, and the process yields at the entry
         * (x[0..arity-1] live; the arity is func_info's last operand, the
         * word before this instruction). */
        if (unlikely(FCALLS <= 0)) {
            if (!p->nest) {
                ylive = I[-1];
                goto yield;
            }
            FCALLS = VM_NEST_FCALLS;
        }
        jfn = (abi_native_fn)(uintptr_t)I[2];
    enter_native:
        js.fcalls = FCALLS;
        js.gc_force = gc_should_collect(&p->mem);
        I = vm_jit.enter(jfn, &js, E, HTOP);
        E = js.E;
        HTOP = js.HTOP;
        FCALLS = js.fcalls;
        if (unlikely(js.raise_bif != NULL)) {
            /* native code raised through the ABI (vm_abi_msg.c): the
             * exception is set at I as the interpreter's own raise sets
             * it, or a signal ended the process */
            if (js.raise_bif == vm_abi_raised) {
                js.raise_bif = NULL;
                SWAPOUT;
                goto raise_delivered;
            }
            if (js.raise_bif == vm_abi_exited) {
                js.raise_bif = NULL;
                goto vm_exit;
            }
            /* a BIF failed in native code at I: raise as CALL_BIF does; a
             * BIF that asks to be retried or to hibernate runs again here
             * and the interpreter does what it asks */
            tmfa = js.raise_bif;
            targsp = js.raise_args;
            js.raise_bif = NULL;
            if (p->fclass == EXC_RETRY || p->fclass == EXC_HIBERNATE || p->fclass == EXC_DIRTY || p->fclass == EXC_TRAP) {
                p->fclass = EXC_NONE;
                DISPATCH();
            }
            goto raise_bif;
        }
        if (unlikely(js.gc_live != 0)) {
            /* a BIF left more in heap fragments than the heap has room
             * for (GC_AFTER_BIF); native code stopped after it */
            uint64_t live = js.gc_live;
            js.gc_live = 0;
            SWAPOUT;
            vm_gc(p, x, 0, live);
            SWAPIN;
        }
        DISPATCH();
    }

lbl_i_exit:
    SWAPOUT;
    p->i = NULL;
    p->reds += (uint64_t)(fc_start - FCALLS);
    return VM_RETURNED;

    /* the slice is used up: resume at I with x[0..ylive-1] */
yield:
    SWAPOUT;
    p->i = I;
    vm_save_x(p, x, (uint32_t)ylive);
    p->reds += (uint64_t)(fc_start - FCALLS);
    return VM_YIELD;
    /* a dirty BIF at I (CALL_BIF, state saved): the scheduler hands the
     * process to a dirty thread, which calls it with x[0..ylive-1] */
dirty:
    p->i = I;
    vm_save_x(p, x, (uint32_t)ylive);
    p->reds += (uint64_t)(fc_start - FCALLS);
    return VM_DIRTY;
    /* erlang:hibernate(M, F, A) (x0..x2 checked by the BIF): the stack
     * goes, the heap is compacted, and M:F(A) runs when a message is there */
hibernate:
    p->fclass = EXC_NONE;
    E = p->mem.hend - 1; /* the exit CP stays */
    p->catches = 0;
    p->mq_save = p->mq_head;
    I = apply_stubs[1];
    SWAPOUT;
    {
        gc_root_t roots[5] = {{x, 3}, {p->dict.b, p->dict.nb}, {&p->fvalue, 1}, {&p->fstacktrace, 1},
                              {p->mq + p->mq_head, p->mq_len - p->mq_head}};
        gc_collect_full(&p->mem, 0, roots, 5);
    }
    SWAPIN;
    if (p->mq_len > p->mq_head) DISPATCH();
    p->i = I;
    vm_save_x(p, x, 3);
    p->reds += (uint64_t)(fc_start - FCALLS);
    return VM_WAIT;
    /* over max_heap_size with kill: the process exits with killed */
heap_kill:
    p->fvalue = ATOM(killed);
    /* an exit signal (or exit(self(), kill)) ends the process: reason in
     * fvalue, no catch sees it */
vm_exit:
    SWAPOUT;
    p->i = NULL;
    p->reds += (uint64_t)(fc_start - FCALLS);
    p->fclass = EXC_EXIT;
    return VM_EXIT;

    /* ---- moves ---- */
lbl_move_x_x: x[I[2]] = x[I[1]]; NEXT(SZ_move_x_x);
lbl_move_x_y: E[I[2]] = x[I[1]]; NEXT(SZ_move_x_y);
lbl_move_y_x: x[I[2]] = E[I[1]]; NEXT(SZ_move_y_x);
lbl_move_c_x: x[I[2]] = (term)I[1]; NEXT(SZ_move_c_x);
lbl_move: REG(I[2]) = SRC(I[1]); NEXT(SZ_move);
lbl_swap: {
        term t = REG(I[1]);
        REG(I[1]) = REG(I[2]);
        REG(I[2]) = t;
        NEXT(SZ_swap);
    }

    /* ---- calls ---- */
lbl_call:
    PREEMPT(I[1]);
    PUSH_CP(I + SZ_call, I[1]);
    I = LBL(I[2]);
    DISPATCH();
lbl_call_last:
    PREEMPT(I[1]);
    E += I[3];
    I = LBL(I[2]);
    DISPATCH();
lbl_call_only:
    PREEMPT(I[1]);
    I = LBL(I[2]);
    DISPATCH();
lbl_call_ext: {
        PREEMPT(I[1]);
        export_entry_t *ep = (export_entry_t *)(uintptr_t)I[2];
        const void *a = atomic_load_explicit(&ep->address, memory_order_relaxed);
        if (likely(a)) {
            PUSH_CP(I + SZ_call_ext, I[1]);
            I = a;
            DISPATCH();
        }
        cep = ep, ck = 0, cnext = I + SZ_call_ext, carity = (unsigned)I[1];
        goto call_ext_slow;
    }
lbl_call_ext_last: {
        PREEMPT(I[1]);
        export_entry_t *ep = (export_entry_t *)(uintptr_t)I[2];
        const void *a = atomic_load_explicit(&ep->address, memory_order_relaxed);
        if (likely(a)) {
            E += I[3];
            I = a;
            DISPATCH();
        }
        cep = ep, ck = 1, cn = I[3], carity = (unsigned)I[1];
        goto call_ext_slow;
    }
lbl_call_ext_only: {
        PREEMPT(I[1]);
        export_entry_t *ep = (export_entry_t *)(uintptr_t)I[2];
        const void *a = atomic_load_explicit(&ep->address, memory_order_relaxed);
        if (likely(a)) {
            I = a;
            DISPATCH();
        }
        cep = ep, ck = 2, carity = (unsigned)I[1];
        goto call_ext_slow;
    }
    /* An export with no code: the process's error handler is called in
     * its place, undefined_function(M, F, Args), as erts does (under the
     * OTP boot, vm_code.c); otherwise its module is loaded from the code
     * path (the direct mode's autoloader), else undef. Registers:
     * x[0..carity-1] = args. */
call_ext_slow: {
        {
            export_entry_t *h = vm_code_handler(p, false);
            if (h) {
                SWAPOUT;
                term args = list_from(p, x, carity);
                proc_heap_close(p);
                SWAPIN;
                x[0] = cep->module, x[1] = cep->function, x[2] = args;
                cep = h, carity = 3;
                goto call_ext_go;
            }
        }
        SWAPOUT;
        bool loaded = cep->module != ATOM(erlang) && vm_autoload_in(p, s, cep->module, carity);
        SWAPIN;
        const void *a = atomic_load(&cep->address);
        if (loaded && a) goto call_ext_go;
        SWAPOUT;
        SET_ERROR(ATOM(undef));
        tkind = VM_TRACE_UNDEF;
        tmfa = cep;
        targsp = x;
        /* a tail call leaves no trace of its caller (OTP: no CP was pushed) */
        if (ck != 0) I = exit_code;
        goto raise_built;
    }
    /* bif_trap's call, set up as a call_ext (ck, cnext/cn) */
call_ext_trap:
    if (!atomic_load(&cep->address)) goto call_ext_slow;
call_ext_go: {
        const void *a = atomic_load(&cep->address);
        if (ck == 0) PUSH_CP(cnext, carity);
        else if (ck == 1) E += cn;
        I = a;
        DISPATCH();
    }

    /* BIF calls through call_ext*: the BIF runs at the call instruction, so
     * the caller's location is the trace's second entry as in OTP. */
#define CALL_BIF(b, trapk)                                                                                       \
    SWAPOUT;                                                                                                     \
    p->i = I; /* where the process is, for process_info(self(), current_function) */                         \
    term r;                                                                                                      \
    if (unlikely(p->dirty_done)) {                                                                               \
        /* back from a dirty scheduler with the call's result */                                                \
        p->dirty_done = false;                                                                                   \
        r = p->dirty_result;                                                                                     \
    } else if (unlikely(((b)->flags & BIF_F_DIRTY) && !p->nest && sched_dirty_on)) {                             \
        p->dirty_bif = (b);                                                                                      \
        ylive = (b)->arity;                                                                                      \
        goto dirty;                                                                                              \
    } else {                                                                                                     \
        p->dirty_ok = true;                                                                                      \
        r = (b)->fn(p, x);                                                                                       \
        p->dirty_ok = false;                                                                                     \
        proc_heap_close(p);                                                                                      \
    }                                                                                                            \
    SWAPIN;                                                                                                      \
    if (unlikely(!term_is_value(r))) {                                                                           \
        if (p->fclass == EXC_DIRTY) {                                                                            \
            /* a long call (sched_go_dirty): again on a dirty CPU thread */                                     \
            p->fclass = EXC_NONE;                                                                                \
            p->dirty_bif = (b);                                                                                  \
            ylive = (b)->arity;                                                                                  \
            goto dirty;                                                                                          \
        }                                                                                                        \
        if (p->fclass == EXC_RETRY) {                                                                            \
            /* the BIF cannot finish now: yield, then call it again */                                         \
            p->fclass = EXC_NONE;                                                                                \
            ylive = (b)->arity;                                                                                  \
            goto yield;                                                                                          \
        }                                                                                                        \
        if (p->fclass == EXC_HIBERNATE) goto hibernate;                                                         \
        if (p->fclass == EXC_TRAP) {                                                                             \
            /* bif_trap: the Erlang function it names runs in its place */                                     \
            p->fclass = EXC_NONE;                                                                                \
            cep = ((term_export_t *)term_boxed_ptr(p->finfo))->ep;                                               \
            carity = 0;                                                                                          \
            for (term l_ = p->fvalue; term_is_list(l_); l_ = term_cdr(l_)) x[carity++] = term_car(l_);          \
            p->fvalue = NIL;                                                                                     \
            p->finfo = THE_NON_VALUE;                                                                            \
            trapk;                                                                                               \
            goto call_ext_trap;                                                                                  \
        }                                                                                                        \
        tmfa = (b);                                                                                              \
        targsp = x;                                                                                              \
        goto raise_bif;                                                                                          \
    }                                                                                                            \
    GC_AFTER_BIF(r, 0);                                                                                          \
    x[0] = r;
lbl_i_call_bif: {
        FCALLS--;
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[2];
        CALL_BIF(b, (ck = 0, cnext = I + SZ_i_call_bif));
        NEXT(SZ_i_call_bif);
    }
lbl_i_call_bif_last: {
        FCALLS--;
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[2];
        CALL_BIF(b, (ck = 1, cn = I[3]));
        E += I[3];
        I = LBL(*E++);
        DISPATCH();
    }
lbl_i_call_bif_only: {
        FCALLS--;
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[2];
        CALL_BIF(b, ck = 2);
        I = LBL(*E++);
        DISPATCH();
    }
    /* A BIF reached through its export (apply, fun M:F/A): the caller is
     * the CP on the stack. */
lbl_i_bif_stub: {
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[1];
        CALL_BIF(b, ck = 2); /* the caller's CP is on the stack */
        I = LBL(*E++);
        DISPATCH();
    }
#undef CALL_BIF
    /* erlang:call_on_load_function(Mod) (erlang_code.c's export stub): the
     * pending on_load function runs in the caller's place, as erts' trap
     * to its code; none pending: the BIF at I[1] raises badarg */
lbl_i_on_load_stub: {
        const uint64_t *ol = term_is_atom(x[0]) ? vm_code_on_load_entry(x[0]) : NULL;
        if (ol) {
            I = ol;
            DISPATCH();
        }
        goto lbl_i_bif_stub;
    }

    /* A traced export (runtime/trace.h): report the call, then go on at
     * the real code with the CP as it is; a match spec's return_trace or
     * exception_trace pushes the return-trace frame first: the
     * breakpoint and the i_return_trace CP above the caller's CP. */
lbl_i_trace_stub: {
        trace_bp_t *bp = (trace_bp_t *)(uintptr_t)I[1];
        SWAPOUT;
        unsigned f = trace_call(p, bp, x, (const void *)(uintptr_t)E[0]);
        SWAPIN;
        if (f) {
            unsigned live = bp->ep->arity;
            if (unlikely(E - HTOP < 2)) {
                SWAPOUT;
                if (vm_gc(p, x, 2, live)) goto heap_kill;
                SWAPIN;
            }
            *--E = (term)(uintptr_t)bp;
            *--E = (term)(uintptr_t)&trace_return_code[(f & MS_FLAG_EXCEPTION_TRACE) ? 1 : 0];
        }
        I = bp->orig;
        DISPATCH();
    }
lbl_i_return_trace: {
        trace_bp_t *bp = (trace_bp_t *)(uintptr_t)E[0];
        SWAPOUT;
        trace_return(p, bp, x[0]);
        SWAPIN;
        E++;
        I = LBL(*E++);
        DISPATCH();
    }

    /* erlang:apply/2,3 through an export stub: the CP is already arranged
     * (pushed, or left by a tail call), so continue as call_ext_only. */
    /* ... and the tail calls of apply/2,3 (i_apply_last/only, made when
     * threading), whose I[1] is the arity too and whose I locates the
     * caller in a trace */
lbl_i_apply_last:
    PREEMPT(I[1]);
    E += I[3];
    goto apply_common;
lbl_i_apply_only:
    PREEMPT(I[1]);
    goto apply_common;
lbl_i_apply_stub:
apply_common: {
        {
            /* the target has code: go (native code's path too) */
            const void *a = vm_apply_spread(x, (unsigned)I[1]);
            if (a) {
                I = a;
                DISPATCH();
            }
        }
        if (I[1] == 3) {
            term m = x[0], f = x[1];
            unsigned n;
            targs[0] = m, targs[1] = f, targs[2] = x[2], tmfa = &apply_info[1];
            if (!spread_list(x, x[2], &n) || !(cep = vm_apply_export(m, f, n))) goto apply_badarg;
            carity = n;
            ck = 2;
            goto call_ext_slow;
        }
        /* apply(Fun, Args) */
        term fun = x[0];
        unsigned n;
        targs[0] = fun, targs[1] = x[1], tmfa = &apply_info[0];
        if (!spread_list(x, x[1], &n)) goto apply_badarg;
        x[n] = fun;
        carity = n;
        ck = 2;
        goto call_fun_common;
    }

lbl_apply: {
        PREEMPT(I[1] + 2);
        unsigned n = (unsigned)I[1];
        term m = x[n], f = x[n + 1];
        if (!(cep = vm_apply_export(m, f, n))) goto apply_ins_badarg;
        carity = n;
        ck = 0, cnext = I + SZ_apply;
        const void *a = atomic_load(&cep->address);
        if (a) goto call_ext_go;
        goto call_ext_slow;
    }
    /* apply/apply_last with a module or function that is not an atom: the
     * trace shows erlang:apply(M, F, Args) */
apply_ins_badarg: {
        unsigned n = (unsigned)I[1];
        SWAPOUT;
        targs[2] = list_from(p, x, n);
        proc_heap_close(p);
        SWAPIN;
        targs[0] = x[n], targs[1] = x[n + 1];
        tmfa = &apply_info[1];
    }
    /* targs and tmfa (apply_info) are set */
apply_badarg:
    SWAPOUT;
    SET_ERROR(ATOM(badarg));
    tkind = VM_TRACE_BIF;
    targsp = targs;
    goto raise_built;
lbl_apply_last: {
        PREEMPT(I[1] + 2);
        unsigned n = (unsigned)I[1];
        term m = x[n], f = x[n + 1];
        if (!(cep = vm_apply_export(m, f, n))) goto apply_ins_badarg;
        carity = n;
        ck = 1, cn = I[2];
        const void *a = atomic_load(&cep->address);
        if (a) goto call_ext_go;
        goto call_ext_slow;
    }

    /* ---- funs ---- */
lbl_call_fun:
    PREEMPT(I[1] + 1);
    carity = (unsigned)I[1];
    ck = 0, cnext = I + SZ_call_fun;
    goto call_fun_common;
lbl_i_call_fun_last:
    PREEMPT(I[1] + 1);
    carity = (unsigned)I[1];
    ck = 1, cn = I[SZ_call_fun + 1]; /* the deallocate_return's D */
    goto call_fun_common;
lbl_i_call_fun2_lambda_last:
lbl_i_call_fun2_last:
    ck = 1, cn = I[SZ_call_fun2 + 1]; /* the deallocate_return's D */
    goto call_fun2_common;
lbl_call_fun2_lambda:
lbl_call_fun2:
    ck = 0, cnext = I + SZ_call_fun2;
call_fun2_common:
    /* the fun may be any register: keep every x register up to it */
    PREEMPT(ld_is_reg(I[3]) && !ld_reg_is_y(I[3]) && ld_reg_index(I[3]) >= I[2] ? ld_reg_index(I[3]) + 1 : I[2]);
    carity = (unsigned)I[2];
    x[carity] = SRC(I[3]);
    goto call_fun_common;
    /* x[carity] = the fun, x[0..carity-1] = the arguments */
call_fun_common: {
        term fun = x[carity];
        if (term_is_fun(fun)) {
            term_fun_t *f = (term_fun_t *)term_boxed_ptr(fun);
            if (unlikely(f->arity != carity)) goto badarity;
            for (uint32_t k = 0; k < f->num_free; k++) x[carity + k] = f->env[k];
            const void *a = atomic_load(&f->entry->address);
            if (unlikely(!a) && (cep = vm_code_handler(p, true))) {
                /* erts: the module is loaded but lacks this fun: badfun
                 * (the handler would be called again); else
                 * undefined_lambda(M, Fun, Args) runs in the fun's place */
                if (module_current(f->entry->module)) RAISE_TAGGED(ATOM(badfun), fun);
                SWAPOUT;
                term args = list_from(p, x, carity);
                proc_heap_close(p);
                SWAPIN;
                x[0] = f->entry->module, x[1] = fun, x[2] = args;
                carity = 3;
                goto call_ext_go;
            }
            if (unlikely(!a)) {
                SWAPOUT;
                vm_autoload_in(p, s, f->entry->module, carity + f->num_free);
                SWAPIN;
                a = atomic_load(&f->entry->address);
                if (!a) {
                    /* undef of the lambda's function, as OTP reports it */
                    cep = export_put(f->entry->module, f->entry->name, f->entry->arity);
                    SWAPOUT;
                    p->fclass = EXC_ERROR, p->fvalue = ATOM(undef), p->finfo = THE_NON_VALUE;
                    tkind = VM_TRACE_UNDEF, tmfa = cep, targsp = x;
                    goto raise_built;
                }
            }
            if (ck == 0) PUSH_CP(cnext, carity + f->num_free);
            else if (ck == 1) E += cn;
            I = a;
            DISPATCH();
        }
        if (term_is_export(fun)) {
            export_entry_t *ep = ((term_export_t *)term_boxed_ptr(fun))->ep;
            if (unlikely(ep->arity != carity)) goto badarity;
            cep = ep;
            const void *a = atomic_load(&ep->address);
            if (a) goto call_ext_go;
            goto call_ext_slow;
        }
        RAISE_TAGGED(ATOM(badfun), fun);
    badarity: {
            SWAPOUT;
            term args = list_from(p, x, carity);
            term r = mk_tuple2(p, ATOM(badarity), mk_tuple2(p, fun, args));
            proc_heap_close(p);
            SWAPIN;
            RAISE_ERROR(r);
        }
    }
lbl_make_fun2:
    fun_v3 = false;
    goto make_fun;
lbl_make_fun3:
    fun_v3 = true;
make_fun: {
        fun_entry_t *fe = (fun_entry_t *)(uintptr_t)I[1];
        bool v3 = fun_v3;
        uint64_t n = v3 ? I[3] : fe->num_free;
        SWAPOUT;
        heap_t *h = proc_heap(p);
        term *hp = heap_alloc(h, FUN_WORDS + n);
        term_fun_t *f = (term_fun_t *)hp;
        f->header = hdr_make(FUN_WORDS - 1 + n, HDR_FUN);
        f->entry = fe;
        f->arity = fe->arity - fe->num_free;
        f->num_free = (uint32_t)n;
        for (uint64_t k = 0; k < n; k++) f->env[k] = v3 ? SRC(I[4 + k]) : x[k];
        vm_fun_link(p, f, h);
        proc_heap_close(p);
        SWAPIN;
        term t = term_from_boxed_ptr(hp);
        if (v3) {
            REG(I[2]) = t;
            NEXT(4 + n);
        }
        x[0] = t;
        NEXT(SZ_make_fun2);
    }

lbl_return:
    I = LBL(*E++);
    DISPATCH();
lbl_deallocate_return:
    E += I[1];
    I = LBL(*E++);
    DISPATCH();

    /* ---- stack and heap ---- */
lbl_allocate:
    NEED(I[1], I[2]);
    E -= I[1];
    NEXT(SZ_allocate);
lbl_allocate_heap:
    NEED(I[1] + I[2], I[3]);
    E -= I[1];
    NEXT(SZ_allocate_heap);
lbl_allocate_zero: {
        NEED(I[1], I[2]);
        uint64_t n = I[1];
        E -= n;
        for (uint64_t k = 0; k < n; k++) E[k] = NIL;
        NEXT(SZ_allocate_zero);
    }
lbl_allocate_heap_zero: {
        NEED(I[1] + I[2], I[3]);
        uint64_t n = I[1];
        E -= n;
        for (uint64_t k = 0; k < n; k++) E[k] = NIL;
        NEXT(SZ_allocate_heap_zero);
    }
lbl_test_heap:
    NEED(I[1], I[2]);
    NEXT(SZ_test_heap);
lbl_init:
    E[I[1]] = NIL;
    NEXT(SZ_init);
lbl_init_yregs: {
        uint64_t n = I[1];
        for (uint64_t k = 0; k < n; k++) E[I[2 + k]] = NIL;
        NEXT(2 + n);
    }
lbl_deallocate:
    E += I[1];
    NEXT(SZ_deallocate);
lbl_trim:
    E += I[1];
    NEXT(SZ_trim);

    /* ---- comparisons ---- */
lbl_is_lt:
    if (!cmp_lt(SRC(I[2]), SRC(I[3]))) FAIL_OR(I[1], );
    NEXT(SZ_is_lt);
lbl_is_ge:
    if (cmp_lt(SRC(I[2]), SRC(I[3]))) FAIL_OR(I[1], );
    NEXT(SZ_is_ge);
lbl_is_eq:
    if (!eq(SRC(I[2]), SRC(I[3]))) FAIL_OR(I[1], );
    NEXT(SZ_is_eq);
lbl_is_ne:
    if (eq(SRC(I[2]), SRC(I[3]))) FAIL_OR(I[1], );
    NEXT(SZ_is_ne);
lbl_is_eq_exact_x_imm:
    if (x[I[2]] != (term)I[3]) FAIL_OR(I[1], );
    NEXT(SZ_is_eq_exact_x_imm);
lbl_is_eq_exact_y_imm:
    if (E[I[2]] != (term)I[3]) FAIL_OR(I[1], );
    NEXT(SZ_is_eq_exact_y_imm);
lbl_is_eq_exact:
    if (!eq_exact(SRC(I[2]), SRC(I[3]))) FAIL_OR(I[1], );
    NEXT(SZ_is_eq_exact);
lbl_is_ne_exact_x_imm:
    if (x[I[2]] == (term)I[3]) FAIL_OR(I[1], );
    NEXT(SZ_is_ne_exact_x_imm);
lbl_is_ne_exact:
    if (eq_exact(SRC(I[2]), SRC(I[3]))) FAIL_OR(I[1], );
    NEXT(SZ_is_ne_exact);

    /* ---- type tests (fail label always present) ---- */
#define TYPE_TEST(name, expr)                                                                                    \
    lbl_##name : {                                                                                               \
        term t = SRC(I[2]);                                                                                      \
        if (!(expr)) {                                                                                           \
            I = LBL(I[1]);                                                                                       \
            DISPATCH();                                                                                          \
        }                                                                                                        \
        NEXT(SZ_##name);                                                                                         \
    }
#define TYPE_TEST_X(name, expr)                                                                                  \
    lbl_##name : {                                                                                               \
        term t = x[I[2]];                                                                                        \
        if (!(expr)) {                                                                                           \
            I = LBL(I[1]);                                                                                       \
            DISPATCH();                                                                                          \
        }                                                                                                        \
        NEXT(SZ_##name);                                                                                         \
    }
    TYPE_TEST_X(is_integer_x, term_is_integer(t))
    TYPE_TEST(is_integer, term_is_integer(t))
    TYPE_TEST(is_float, term_is_float(t))
    TYPE_TEST(is_number, term_is_number(t))
    TYPE_TEST_X(is_atom_x, term_is_atom(t))
    TYPE_TEST(is_atom, term_is_atom(t))
    TYPE_TEST(is_pid, term_is_pid(t))
    TYPE_TEST(is_reference, term_is_ref(t))
    TYPE_TEST(is_port, term_is_port(t))
    TYPE_TEST_X(is_nil_x, term_is_nil(t))
    TYPE_TEST(is_nil, term_is_nil(t))
    TYPE_TEST(is_binary, is_binary(t))
    TYPE_TEST(is_list, term_is_list(t) || term_is_nil(t))
    TYPE_TEST_X(is_nonempty_list_x, term_is_list(t))
    TYPE_TEST(is_nonempty_list, term_is_list(t))
    TYPE_TEST_X(is_tuple_x, term_is_tuple(t))
    TYPE_TEST(is_tuple, term_is_tuple(t))
    TYPE_TEST(is_function, term_is_any_fun(t))
    TYPE_TEST(is_boolean, t == ATOM_true || t == ATOM_false)
    TYPE_TEST(is_bitstr, term_is_bitstring(t))
    TYPE_TEST(is_map, term_is_map(t))
    TYPE_TEST_X(test_arity_x, term_is_tuple(t) && term_tuple_arity(t) == I[3])
    TYPE_TEST(test_arity, term_is_tuple(t) && term_tuple_arity(t) == I[3])
    TYPE_TEST_X(is_tagged_tuple_x, term_is_tuple(t) && term_tuple_arity(t) == I[3] && I[3] > 0 &&
                                       term_tuple_elems(t)[0] == (term)I[4])
    TYPE_TEST(is_tagged_tuple,
              term_is_tuple(t) && term_tuple_arity(t) == I[3] && I[3] > 0 && term_tuple_elems(t)[0] == (term)I[4])
#undef TYPE_TEST
#undef TYPE_TEST_X
lbl_is_function2: {
        term f = SRC(I[2]), a = SRC(I[3]);
        if (!term_is_small(a) || term_to_small(a) < 0) {
            /* OTP: a bad arity is badarg even in a guard-free context */
            FAIL_OR(I[1], RAISE_ERROR(ATOM(badarg)));
        }
        int64_t want = term_to_small(a);
        bool ok = (term_is_fun(f) && ((term_fun_t *)term_boxed_ptr(f))->arity == want) ||
                  (term_is_export(f) && ((term_export_t *)term_boxed_ptr(f))->ep->arity == want);
        if (!ok) FAIL_OR(I[1], );
        NEXT(SZ_is_function2);
    }

    /* ---- control flow ---- */
lbl_select_val_x: {
        term v = x[I[1]];
        goto select_val_common;
lbl_select_val:
        v = SRC(I[1]);
    select_val_common:;
        const uint64_t *t = I + 3;
        uint64_t n = t[0];
        const uint64_t *vals = t + 1, *labs = t + 1 + n;
        if (term_is_immed(v)) {
            uint64_t lo = 0, hi = n;
            while (lo < hi) {
                uint64_t mid = lo + (hi - lo) / 2;
                if (vals[mid] < v) lo = mid + 1;
                else hi = mid;
            }
            if (lo < n && vals[lo] == v) {
                I = LBL(labs[lo]);
                DISPATCH();
            }
        } else {
            for (uint64_t k = 0; k < n; k++)
                if (!term_is_immed(vals[k]) && eq_exact(v, vals[k])) {
                    I = LBL(labs[k]);
                    DISPATCH();
                }
        }
        I = LBL(I[2]);
        DISPATCH();
    }
lbl_select_tuple_arity: {
        term v = SRC(I[1]);
        if (term_is_tuple(v)) {
            uint64_t a = term_tuple_arity(v);
            const uint64_t *t = I + 3;
            uint64_t n = t[0];
            const uint64_t *ar = t + 1, *labs = t + 1 + n;
            uint64_t lo = 0, hi = n;
            while (lo < hi) {
                uint64_t mid = lo + (hi - lo) / 2;
                if (ar[mid] < a) lo = mid + 1;
                else hi = mid;
            }
            if (lo < n && ar[lo] == a) {
                I = LBL(labs[lo]);
                DISPATCH();
            }
        }
        I = LBL(I[2]);
        DISPATCH();
    }
lbl_jump:
    I = LBL(I[1]);
    DISPATCH();

    /* ---- exceptions ---- */
lbl_catch:
lbl_try:
    /* the handler address goes on the stack as a catch immediate */
    REG(I[1]) = term_make_catch((uint64_t)(uintptr_t)LBL(I[2]) >> 3);
    p->catches++;
    NEXT(SZ_catch);
lbl_catch_end:
    REG(I[1]) = NIL;
    p->catches--;
    if (!term_is_value(x[0])) {
        /* landed here from an exception: x1 class, x2 reason, x3 trace */
        SWAPOUT;
        x[0] = vm_catch_value(p, x[1], x[2], x[3]);
        SWAPIN;
    }
    NEXT(SZ_catch_end);
lbl_try_end:
    REG(I[1]) = NIL;
    p->catches--;
    NEXT(SZ_try_end);
lbl_try_case:
    REG(I[1]) = NIL;
    p->catches--;
    x[0] = x[1];
    x[1] = x[2];
    x[2] = x[3];
    NEXT(SZ_try_case);
lbl_try_case_end:
    RAISE_TAGGED(ATOM(try_clause), SRC(I[1]));
lbl_badmatch:
    RAISE_TAGGED(ATOM(badmatch), SRC(I[1]));
lbl_case_end:
    RAISE_TAGGED(ATOM(case_clause), SRC(I[1]));
lbl_badrecord:
    RAISE_TAGGED(ATOM(badrecord), SRC(I[1]));
lbl_if_end:
    RAISE_ERROR(ATOM(if_clause));
lbl_raise: {
        /* raise Stacktrace Value: the old form of erlang:raise/3 for rethrow
         * (class error unless the trace came with one) */
        vm_exc_rethrow(p, SRC(I[1]), SRC(I[2]));
        SWAPOUT;
        goto raise_delivered;
    }
lbl_build_stacktrace:
    SWAPOUT;
    x[0] = vm_raw_trace(p, x[0]);
    proc_heap_close(p);
    SWAPIN;
    NEXT(SZ_build_stacktrace);
lbl_raw_raise:
    if (!vm_exc_raw_raise(p, x[0], x[1], x[2])) {
        x[0] = ATOM(badarg);
        NEXT(SZ_raw_raise);
    }
    SWAPOUT;
    goto raise_delivered;
lbl_func_info:
    SWAPOUT;
    vm_raise_at(p, I, OP_func_info, x, E);
    goto raise_delivered;

    /* ---- data ---- */
lbl_get_list_x: {
        term l = x[I[1]];
        REG(I[2]) = term_car(l);
        REG(I[3]) = term_cdr(l);
        NEXT(SZ_get_list_x);
    }
lbl_get_list: {
        term l = SRC(I[1]);
        term hd = term_car(l), tl = term_cdr(l);
        REG(I[2]) = hd;
        REG(I[3]) = tl;
        NEXT(SZ_get_list);
    }
lbl_get_hd_x: REG(I[2]) = term_car(x[I[1]]); NEXT(SZ_get_hd_x);
lbl_get_hd: REG(I[2]) = term_car(SRC(I[1])); NEXT(SZ_get_hd);
lbl_get_tl_x: REG(I[2]) = term_cdr(x[I[1]]); NEXT(SZ_get_tl_x);
lbl_get_tl: REG(I[2]) = term_cdr(SRC(I[1])); NEXT(SZ_get_tl);
lbl_get_tuple_element_x: REG(I[3]) = term_tuple_elems(x[I[1]])[I[2]]; NEXT(SZ_get_tuple_element_x);
lbl_get_tuple_element: REG(I[3]) = term_tuple_elems(SRC(I[1]))[I[2]]; NEXT(SZ_get_tuple_element);
lbl_set_tuple_element:
    term_tuple_elems(SRC(I[2]))[I[3]] = SRC(I[1]);
    NEXT(SZ_set_tuple_element);
lbl_put_list: {
        term *c = HTOP;
        HTOP += 2;
        c[0] = SRC(I[1]);
        c[1] = SRC(I[2]);
        REG(I[3]) = term_from_list_ptr(c);
        NEXT(SZ_put_list);
    }
lbl_put_tuple2: {
        uint64_t n = I[2];
        term *t = HTOP;
        HTOP += n + 1;
        t[0] = hdr_make(n, HDR_TUPLE);
        for (uint64_t k = 0; k < n; k++) t[1 + k] = SRC(I[3 + k]);
        REG(I[1]) = term_from_boxed_ptr(t);
        NEXT(3 + n);
    }
lbl_put_tuple: {
        uint64_t n = I[1];
        term *t = HTOP;
        HTOP += n + 1;
        t[0] = hdr_make(n, HDR_TUPLE);
        tuple_fill = t + 1;
        REG(I[2]) = term_from_boxed_ptr(t);
        NEXT(SZ_put_tuple);
    }
lbl_put:
    *tuple_fill++ = SRC(I[1]);
    NEXT(SZ_put);

    /* ---- maps ---- */
lbl_get_map_elements: {
        term m = SRC(I[2]);
        uint64_t n = I[3];
        if (!term_is_map(m)) FAIL_OR(I[1], RAISE_TAGGED(ATOM(badmap), m));
        /* all keys first: a destination may be a key's register */
        for (uint64_t k = 0; k < n; k += 2)
            if (!term_is_value(map_get(m, SRC(I[4 + k])))) FAIL_OR(I[1], RAISE_TAGGED(ATOM(badkey), SRC(I[4 + k])));
        for (uint64_t k = 0; k < n; k += 2) REG(I[5 + k]) = map_get(m, SRC(I[4 + k]));
        NEXT(4 + n);
    }
lbl_has_map_fields: {
        term m = SRC(I[2]);
        uint64_t n = I[3];
        if (!term_is_map(m)) FAIL_OR(I[1], RAISE_TAGGED(ATOM(badmap), m));
        for (uint64_t k = 0; k < n; k++)
            if (!term_is_value(map_get(m, SRC(I[4 + k])))) FAIL_OR(I[1], RAISE_TAGGED(ATOM(badkey), SRC(I[4 + k])));
        NEXT(4 + n);
    }
lbl_put_map_assoc:
    map_exact = false;
    goto put_map;
lbl_put_map_exact:
    map_exact = true;
put_map: {
        term bad[2];
        SWAPOUT;
        term m = vm_put_map(p, I, x, E, map_exact, bad);
        SWAPIN;
        if (!term_is_value(m)) FAIL_OR(I[1], RAISE_TAGGED(bad[0], bad[1]));
        REG(I[3]) = m;
        NEXT(6 + I[5]);
    }

    /* ---- BIFs ---- */
/* live: the gc_bif's live x registers, or LD_MAX_REG (a plain bif: no GC) */
#define BIF_CALL(b, nargs, failw, dstw, size, live)                                                              \
    do {                                                                                                         \
        SWAPOUT;                                                                                                 \
        term r_ = (b)->fn(p, targs);                                                                             \
        proc_heap_close(p);                                                                                      \
        SWAPIN;                                                                                                  \
        if (unlikely(!term_is_value(r_))) {                                                                      \
            if (failw) {                                                                                         \
                I = LBL(failw);                                                                                  \
                DISPATCH();                                                                                      \
            }                                                                                                    \
            tmfa = (b);                                                                                          \
            targsp = targs;                                                                                      \
            goto raise_bif;                                                                                      \
        }                                                                                                        \
        GC_AFTER_BIF(r_, live);                                                                                  \
        REG(dstw) = r_;                                                                                          \
        NEXT(size);                                                                                              \
    } while (0)
lbl_i_bif0: {
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[1];
        BIF_CALL(b, 0, 0, I[2], SZ_i_bif0, LD_MAX_REG);
    }
lbl_i_bif1: {
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[2];
        targs[0] = SRC(I[3]);
        BIF_CALL(b, 1, I[1], I[4], SZ_i_bif1, LD_MAX_REG);
    }
lbl_i_bif2: {
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[2];
        targs[0] = SRC(I[3]), targs[1] = SRC(I[4]);
        BIF_CALL(b, 2, I[1], I[5], SZ_i_bif2, LD_MAX_REG);
    }
lbl_i_gc_bif1: {
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[3];
        targs[0] = SRC(I[4]);
        BIF_CALL(b, 1, I[1], I[5], SZ_i_gc_bif1, I[2]);
    }
lbl_i_gc_bif2: {
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[3];
        targs[0] = SRC(I[4]), targs[1] = SRC(I[5]);
        BIF_CALL(b, 2, I[1], I[6], SZ_i_gc_bif2, I[2]);
    }
lbl_i_gc_bif3: {
        const bif_info_t *b = (const bif_info_t *)(uintptr_t)I[3];
        targs[0] = SRC(I[4]), targs[1] = SRC(I[5]), targs[2] = SRC(I[6]);
        BIF_CALL(b, 3, I[1], I[7], SZ_i_gc_bif3, I[2]);
    }
lbl_i_plus: {
        term a = SRC(I[4]), b = SRC(I[5]), r;
        if (likely(arith_small_add(a, b, &r))) {
            REG(I[6]) = r;
            NEXT(SZ_i_plus);
        }
        const bif_info_t *bi = (const bif_info_t *)(uintptr_t)I[3];
        if (!I[1] && !ld_is_reg(I[5]) && term_is_small((term)I[5]) && !term_is_number(a)) {
            /* OTP runs X + Literal as its increment instruction, whose
             * badarith names no BIF frame */
            RAISE_ERROR(ATOM(badarith));
        }
        targs[0] = a, targs[1] = b;
        BIF_CALL(bi, 2, I[1], I[6], SZ_i_plus, I[2]);
    }
lbl_i_minus: {
        term a = SRC(I[4]), b = SRC(I[5]), r;
        if (likely(arith_small_sub(a, b, &r))) {
            REG(I[6]) = r;
            NEXT(SZ_i_minus);
        }
        const bif_info_t *bi = (const bif_info_t *)(uintptr_t)I[3];
        targs[0] = a, targs[1] = b;
        BIF_CALL(bi, 2, I[1], I[6], SZ_i_minus, I[2]);
    }
lbl_i_plus1: {
        /* +X runs as OTP's X + 0: +(-0.0) is 0.0, and the badarith of a
         * non-number names no BIF frame (the BIF erlang:'+'/1, reached by
         * apply, returns any number unchanged) */
        term a = SRC(I[4]), reason, r;
        if (likely(term_is_integer(a))) {
            REG(I[5]) = a;
            NEXT(SZ_i_plus1);
        }
        if (!term_is_float(a)) FAIL_OR(I[1], RAISE_ERROR(ATOM(badarith)));
        SWAPOUT;
        r = arith_plus(proc_heap(p), a, &reason);
        proc_heap_close(p);
        SWAPIN;
        GC_AFTER_BIF(r, I[2]);
        REG(I[5]) = r;
        NEXT(SZ_i_plus1);
    }
#undef BIF_CALL
    /* bif/gc_bif whose BIF exists nowhere: undef, as calling it would be */
lbl_bif0:
    bif_op = OP_bif0;
    goto bif_undef;
lbl_bif1:
lbl_bif2:
    bif_op = OP_bif1;
    goto bif_undef;
lbl_gc_bif1:
lbl_gc_bif2:
lbl_gc_bif3:
    bif_op = OP_gc_bif1;
bif_undef:
    SWAPOUT;
    vm_raise_at(p, I, bif_op, x, E);
    goto raise_delivered;

    /* ---- floating point ---- */
lbl_fclearerror:
    NEXT(SZ_fclearerror);
lbl_fcheckerror:
    /* every float operation checks its own result */
    NEXT(SZ_fcheckerror);
lbl_fmove_l_d: {
        term *h = HTOP;
        HTOP += 2;
        h[0] = float_header();
        memcpy(h + 1, &fr[I[1]], sizeof(double));
        REG(I[2]) = term_from_boxed_ptr(h);
        NEXT(SZ_fmove_l_d);
    }
lbl_fmove_s_l:
    fr[I[2]] = term_float_val(SRC(I[1]));
    NEXT(SZ_fmove_s_l);
lbl_fmove_l_l:
    fr[I[2]] = fr[I[1]];
    NEXT(SZ_fmove_l_l);
lbl_fconv: {
        term t = SRC(I[1]);
        double d;
        if (term_is_float(t)) d = term_float_val(t);
        else if (term_is_small(t)) d = (double)term_to_small(t);
        else if (!term_is_number(t) || !arith_to_double(t, &d)) RAISE_ERROR(ATOM(badarith));
        fr[I[2]] = d;
        NEXT(SZ_fconv);
    }
#define FLOAT_OP(name, expr)                                                                                     \
    lbl_##name : {                                                                                               \
        double r_ = (expr);                                                                                      \
        if (unlikely(!isfinite(r_))) FAIL_OR(I[1], RAISE_ERROR(ATOM(badarith)));                                 \
        fr[I[4]] = r_;                                                                                           \
        NEXT(SZ_##name);                                                                                         \
    }
    FLOAT_OP(fadd, fr[I[2]] + fr[I[3]])
    FLOAT_OP(fsub, fr[I[2]] - fr[I[3]])
    FLOAT_OP(fmul, fr[I[2]] * fr[I[3]])
    FLOAT_OP(fdiv, fr[I[2]] / fr[I[3]])
#undef FLOAT_OP
lbl_fnegate:
    fr[I[3]] = -fr[I[2]];
    NEXT(SZ_fnegate);

lbl_nif_start:
    NEXT(SZ_nif_start);

    /* ---- messages (scheduler.c: signals arrive in the inbox; loop_rec moves
     * them into the queue when the receive has looked at every message) ---- */
lbl_send: {
        term msg = x[1];
        SWAPOUT;
        bool sent = vm_send_insn(p, x[0], msg);
        SWAPIN;
        if (!sent) {
            /* as OTP: the trace names erlang:send/2 */
            tmfa = bif_send2;
            targsp = x;
            goto raise_bif;
        }
        x[0] = msg;
        NEXT(SZ_send);
    }
lbl_loop_rec:
    if (p->mq_save < p->mq_len) {
        x[0] = p->mq[p->mq_save];
        NEXT(SZ_loop_rec);
    }
    {
        SWAPOUT;
        int arrived = vm_recv_arrived(p);
        SWAPIN;
        if (unlikely(arrived < 0)) goto vm_exit;
        if (arrived) {
            x[0] = p->mq[p->mq_save];
            NEXT(SZ_loop_rec);
        }
    }
    I = LBL(I[1]);
    DISPATCH();
lbl_loop_rec_end:
    p->mq_save++;
    I = LBL(I[1]);
    DISPATCH();
lbl_remove_message:
    vm_recv_remove(p);
    NEXT(SZ_remove_message);
lbl_timeout:
    p->mq_save = p->mq_head;
    NEXT(SZ_timeout);
lbl_wait_timeout:
    switch (vm_recv_timeout(p, SRC(I[2]))) {
    case VM_RECV_ON: NEXT(SZ_wait_timeout);
    case VM_RECV_BAD: RAISE_ERROR(atom_from_cstr("timeout_value"));
    case VM_RECV_WAIT: goto do_wait;
    }
lbl_wait:
do_wait:
    if (p->nest) {
        fprintf(stderr, "laser: receive with no matching message in a call nested in C (it cannot wait)\n");
        RAISE_TAGGED(atom_from_cstr("laser_not_implemented"), atom_from_cstr("wait"));
    }
    /* suspended: resume at the loop_rec (I[1]) with no live registers */
    SWAPOUT;
    p->i = LBL(I[1]);
    p->xlive = 0;
    p->reds += (uint64_t)(fc_start - FCALLS);
    return VM_WAIT;
    /* receive markers (OTP 25, vm_abi_msg.c) */
lbl_recv_marker_reserve:
    REG(I[1]) = term_from_small(vm_mark_reserve(p));
    NEXT(SZ_recv_marker_reserve);
lbl_recv_marker_bind:
    vm_mark_bind(p, SRC(I[1]), SRC(I[2]));
    NEXT(SZ_recv_marker_bind);
lbl_recv_marker_clear:
    vm_mark_clear(p, SRC(I[1]));
    NEXT(SZ_recv_marker_clear);
lbl_recv_marker_use:
    vm_mark_use(p, SRC(I[1]));
    NEXT(SZ_recv_marker_use);
    /* the OTP 21-24 instructions (recv_mark/recv_set) only optimise */
lbl_recv_mark: NEXT(SZ_recv_mark);
lbl_recv_set: NEXT(SZ_recv_set);

    /* ---- bit syntax (vm_bits.c; match states built in the BIF window) ---- */
lbl_bs_start_match3: {
        term t = SRC(I[2]);
        if (!vm_is_ms(t)) {
            SWAPOUT;
            t = vm_bs_start_match(proc_heap(p), t);
            proc_heap_close(p);
            SWAPIN;
            if (!term_is_value(t)) {
                I = LBL(I[1]);
                DISPATCH();
            }
        }
        REG(I[4]) = t;
        NEXT(SZ_bs_start_match3);
    }
lbl_bs_start_match4_a:
lbl_bs_start_match4: {
        /* Fail Live Src Dst; Fail is a label or no_fail/resume */
        term t = SRC(I[3]);
        if (!vm_is_ms(t)) {
            SWAPOUT;
            t = vm_bs_start_match(proc_heap(p), t);
            proc_heap_close(p);
            SWAPIN;
            if (!term_is_value(t)) {
                if (I[1] && !term_is_atom(I[1])) { /* a fail label (code pointer) */
                    I = LBL(I[1]);
                    DISPATCH();
                }
                RAISE_ERROR(ATOM(badarg));
            }
        }
        REG(I[4]) = t;
        NEXT(SZ_bs_start_match4);
    }
#define BS_FAIL()                                                                                                \
    do {                                                                                                         \
        I = LBL(I[1]);                                                                                           \
        DISPATCH();                                                                                              \
    } while (0)
    /* extracting: vm_bits.c's code, shared with native code (vm_abi_bs.c) */
#define BS_GET(name, call)                                                                                       \
    lbl_##name : {                                                                                               \
        SWAPOUT;                                                                                                 \
        term r_ = call;                                                                                          \
        proc_heap_close(p);                                                                                      \
        SWAPIN;                                                                                                  \
        if (!term_is_value(r_)) BS_FAIL();                                                                       \
        REG(I[7]) = r_;                                                                                          \
        NEXT(SZ_##name);                                                                                         \
    }
    BS_GET(bs_get_integer2, vm_bs_get_integer2(p, REG(I[2]), SRC(I[4]), I[5], (unsigned)I[6]))
    BS_GET(bs_get_float2, vm_bs_get_float2(proc_heap(p), REG(I[2]), SRC(I[4]), I[5], (unsigned)I[6]))
    BS_GET(bs_get_binary2, vm_bs_get_binary2(proc_heap(p), REG(I[2]), SRC(I[4]), I[5]))
#undef BS_GET
lbl_bs_skip_bits2:
    if (!vm_bs_skip_bits2(REG(I[2]), SRC(I[3]), I[4])) BS_FAIL();
    NEXT(SZ_bs_skip_bits2);
lbl_bs_test_tail2: {
        term ms = REG(I[2]);
        if (vm_ms_end(ms) - vm_ms_pos(ms) != I[3]) BS_FAIL();
        NEXT(SZ_bs_test_tail2);
    }
lbl_bs_test_unit: {
        term ms = REG(I[2]);
        if (I[3] > 1 && (vm_ms_end(ms) - vm_ms_pos(ms)) % I[3]) BS_FAIL();
        NEXT(SZ_bs_test_unit);
    }
lbl_bs_match_string:
    if (!vm_bs_match_string(REG(I[2]), I[3], (const uint8_t *)(uintptr_t)I[4])) BS_FAIL();
    NEXT(SZ_bs_match_string);
#define BS_UTF(name, kind, skip, flagw, dstw)                                                                    \
    lbl_##name : {                                                                                               \
        term r_ = vm_bs_get_utf(REG(I[2]), kind, (unsigned)I[flagw], skip);                                      \
        if (!term_is_value(r_)) BS_FAIL();                                                                       \
        if (!(skip)) REG(I[dstw]) = r_;                                                                          \
        NEXT(SZ_##name);                                                                                         \
    }
    BS_UTF(bs_get_utf8, 8, false, 4, 5)
    BS_UTF(bs_get_utf16, 16, false, 4, 5)
    BS_UTF(bs_get_utf32, 32, false, 4, 5)
    BS_UTF(bs_skip_utf8, 8, true, 4, 4)
    BS_UTF(bs_skip_utf16, 16, true, 4, 4)
    BS_UTF(bs_skip_utf32, 32, true, 4, 4)
#undef BS_UTF
#undef BS_FAIL
lbl_bs_get_tail: {
        SWAPOUT;
        term r = vm_bs_get_tail(proc_heap(p), REG(I[1]));
        proc_heap_close(p);
        SWAPIN;
        REG(I[2]) = r;
        NEXT(SZ_bs_get_tail);
    }
lbl_bs_get_position:
    REG(I[2]) = term_from_small((int64_t)vm_ms_pos(REG(I[1])));
    NEXT(SZ_bs_get_position);
lbl_bs_set_position:
    vm_ms_set_pos(REG(I[1]), (uint64_t)term_to_small(SRC(I[2])));
    NEXT(SZ_bs_set_position);
lbl_bs_init_writable: {
        /* x0 = an empty binary to append to (binary comprehensions); the
         * appends copy (bs_create_bin's private_append), no in-place growth */
        SWAPOUT;
        x[0] = bin_make(proc_heap(p), NULL, 0, NULL);
        proc_heap_close(p);
        SWAPIN;
        NEXT(SZ_bs_init_writable);
    }
lbl_bs_create_bin: {
        uint64_t n = I[6];
        term segs[6 * 64], *seg = n <= 6 * 64 ? segs : malloc(n * sizeof(term));
        if (!seg) laser_oom("bs_create_bin", n * sizeof(term));
        for (uint64_t k = 0; k < n; k++) {
            uint64_t w = I[7 + k];
            /* string segments hold a tagged pointer, never a register */
            seg[k] = (k % 6 == 4 && (w & TAG_PRIMARY_MASK) == TAG_PRIMARY_BOXED) ? (term)w : SRC(w);
        }
        SWAPOUT;
        term cause = NIL;
        term r = vm_bs_create_bin(p, seg, n / 6, &cause);
        if (seg != segs) free(seg);
        if (!term_is_value(r) && cause == ATOM(system_limit) && !I[1]) {
            proc_heap_close(p);
            SWAPIN;
            RAISE_ERROR(ATOM(system_limit));
        }
        if (!term_is_value(r) && !I[1]) {
            /* [{error_info, #{cause => C, function => format_bs_fail,
             * module => erl_erts_errors}}] joins the location, as OTP's */
            heap_t *h = proc_heap(p);
            term keys[3] = {atom_from_cstr("cause"), atom_from_cstr("function"), atom_from_cstr("module")};
            term vals[3] = {cause, atom_from_cstr("format_bs_fail"), atom_from_cstr("erl_erts_errors")};
            term ei = mk_tuple2(p, atom_from_cstr("error_info"), map_from_pairs(h, keys, vals, 3));
            textra = heap_make_list(h, &ei, 1, NIL);
            p->fclass = EXC_ERROR, p->fvalue = ATOM(badarg), p->finfo = THE_NON_VALUE;
            tkind = VM_TRACE_PLAIN, tmfa = NULL;
            goto raise_built;
        }
        proc_heap_close(p);
        SWAPIN;
        if (!term_is_value(r)) {
            I = LBL(I[1]);
            DISPATCH();
        }
        /* Alloc (I[2]): the heap words the instructions after it need;
         * the compiler folds their test_heap in here. The result is kept
         * as x[Live] across the collection (also GC_AFTER_BIF's). */
        if (unlikely(gc_desired(&p->mem) || (size_t)(E - HTOP) < I[2] || gc_should_collect(&p->mem)) &&
            I[3] < LD_MAX_REG) {
            x[I[3]] = r;
            SWAPOUT;
            if (vm_gc(p, x, I[2], I[3] + 1)) goto heap_kill;
            SWAPIN;
            r = x[I[3]];
        }
        REG(I[5]) = r;
        NEXT(7 + n);
    }

    /* ---- pre-OTP-25 construction (OTP-24-compiled code, e.g. Elixir's):
     * bs_init2/bs_init_bits/bs_append/bs_private_append make the binary at
     * its final size and set js.bw; the bs_put_* that follow fill it. ---- */
#define BS_RAISE(reason)                                                                                         \
    do {                                                                                                         \
        if (I[1]) {                                                                                              \
            I = LBL(I[1]);                                                                                       \
            DISPATCH();                                                                                          \
        }                                                                                                        \
        RAISE_ERROR(reason);                                                                                     \
    } while (0)
lbl_bs_init2_imm:
    bs_bits = false;
    goto bs_init_imm;
lbl_bs_init_bits_imm:
    bs_bits = true;
bs_init_imm: {
        uint64_t n = I[2];
        if (!bs_bits && n > UINT64_MAX / 8) BS_RAISE(atom_from_cstr("system_limit"));
        uint64_t nbits = bs_bits ? n : n * 8;
        goto bs_init_common_n;
lbl_bs_init2:
        bs_bits = false;
        goto bs_init_src;
lbl_bs_init_bits:
        bs_bits = true;
    bs_init_src:;
        term why = vm_bs_init_check(SRC(I[2]), bs_bits, &nbits);
        if (why != NIL) BS_RAISE(why);
    bs_init_common_n:;
        NEED(vm_bs_init_words(nbits) + I[3], I[4]);
        SWAPOUT;
        term r = vm_bs_init(proc_heap(p), nbits, &js.bw);
        proc_heap_close(p);
        SWAPIN;
        REG(I[6]) = r;
        NEXT(SZ_bs_init2);
    }
lbl_bs_add: {
        /* Dst = Src1 + Src2 * Unit, both non-negative integers */
        term a = SRC(I[2]), b = SRC(I[3]);
        if (!term_is_integer(a) || !term_is_integer(b)) BS_RAISE(ATOM(badarg));
        if ((term_is_small(a) ? term_to_small(a) < 0 : term_big_is_neg(a)) ||
            (term_is_small(b) ? term_to_small(b) < 0 : term_big_is_neg(b)))
            BS_RAISE(ATOM(badarg));
        if (!term_is_small(a) || !term_is_small(b)) BS_RAISE(atom_from_cstr("system_limit"));
        uint64_t ua = (uint64_t)term_to_small(a), ub = (uint64_t)term_to_small(b), unit = I[4], r;
        if (__builtin_mul_overflow(ub, unit, &r) || __builtin_add_overflow(r, ua, &r) || r > (uint64_t)MAX_SMALL)
            BS_RAISE(atom_from_cstr("system_limit"));
        REG(I[5]) = term_from_small((int64_t)r);
        NEXT(SZ_bs_add);
    }
lbl_bs_append:
    bs_private = false;
    goto bs_append_common;
lbl_bs_private_append:
    bs_private = true;
bs_append_common: {
        /* bs_append Fail Size Extra Live Unit Bin Flags Dst;
         * bs_private_append Fail Size Unit Bin Flags Dst */
        bool priv = bs_private;
        uint64_t add;
        term bin = SRC(I[priv ? 4 : 6]);
        term why = vm_bs_append_check(SRC(I[2]), bin, priv ? I[3] : I[5], &add);
        if (why != NIL) BS_RAISE(why);
        if (!priv) {
            /* Bin need not be among the Live registers: keep it in x[Live]
             * across the collection, as OTP's loader does */
            uint64_t live = I[4];
            x[live] = bin;
            NEED(I[3] + vm_bs_append_words(bin, add), live + 1);
            bin = x[live];
        }
        SWAPOUT;
        term r = vm_bs_append(proc_heap(p), bin, add, &js.bw);
        proc_heap_close(p);
        SWAPIN;
        if (priv) {
            REG(I[6]) = r;
            NEXT(SZ_bs_private_append);
        }
        REG(I[8]) = r;
        NEXT(SZ_bs_append);
    }
lbl_bs_put_integer:
    /* Fail Size Unit Flags Src */
    if (!vm_bs_put_integer2(&js.bw, SRC(I[5]), SRC(I[2]), I[3], (unsigned)I[4])) BS_RAISE(ATOM(badarg));
    NEXT(SZ_bs_put_integer);
lbl_bs_put_float:
    if (!vm_bs_put_float2(&js.bw, SRC(I[5]), SRC(I[2]), I[3], (unsigned)I[4])) BS_RAISE(ATOM(badarg));
    NEXT(SZ_bs_put_float);
lbl_bs_put_binary:
    if (!vm_bs_put_bits(&js.bw, SRC(I[5]), SRC(I[2]), I[3])) BS_RAISE(ATOM(badarg));
    NEXT(SZ_bs_put_binary);
lbl_bs_put_string:
    vm_bs_put_bytes(&js.bw, (const uint8_t *)(uintptr_t)I[2], I[1]);
    NEXT(SZ_bs_put_string);
lbl_bs_put_utf8:
    if (!vm_bs_put_utf(&js.bw, SRC(I[3]), 8, (unsigned)I[2])) BS_RAISE(ATOM(badarg));
    NEXT(SZ_bs_put_utf8);
lbl_bs_put_utf16:
    if (!vm_bs_put_utf(&js.bw, SRC(I[3]), 16, (unsigned)I[2])) BS_RAISE(ATOM(badarg));
    NEXT(SZ_bs_put_utf16);
lbl_bs_put_utf32:
    if (!vm_bs_put_utf(&js.bw, SRC(I[3]), 32, (unsigned)I[2])) BS_RAISE(ATOM(badarg));
    NEXT(SZ_bs_put_utf32);
lbl_bs_utf8_size: {
        /* as OTP: by comparing the term word, so anything but a small code
         * point below 0x10000 counts 4 bytes (bs_put_utf8 rejects it) */
        term v = SRC(I[2]);
        REG(I[3]) = term_from_small(v < term_from_small(0x80) ? 1 : v < term_from_small(0x800) ? 2 : v < term_from_small(0x10000) ? 3 : 4);
        NEXT(SZ_bs_utf8_size);
    }
lbl_bs_utf16_size: {
        term v = SRC(I[2]);
        REG(I[3]) = term_from_small(v < term_from_small(0x10000) ? 2 : 4);
        NEXT(SZ_bs_utf16_size);
    }
#undef BS_RAISE

    /* ---- reached only by a jump into code_start/int_code_end: fail loudly ---- */
not_implemented: {
        const char *nm = (unsigned)missing < OP__COUNT ? ops_info[missing].name : "(invalid)";
        fprintf(stderr, "laser: instruction %s not implemented yet\n", nm);
        term t = atom_from_cstr(nm);
        RAISE_TAGGED(atom_from_cstr("laser_not_implemented"), t);
    }

    /* ---- raising ----
     * raise_bif: a BIF failed (tmfa = its bif_info_t, targsp = its args).
     * raise: p->fclass/fvalue set, plain trace.
     * raise_built: SWAPOUT done, tkind/tmfa/targsp set.
     * raise_delivered: the trace is in p->fstacktrace already. */
raise_bif: {
        const bif_info_t *b = tmfa;
        SWAPOUT;
        textra = NIL;
        if (b == bif_error1 || b == bif_exit1 || b == bif_throw1) {
            tkind = VM_TRACE_PLAIN;
        } else if (b == bif_error2 || b == bif_error3) {
            /* error(R, Args[, Opts]): the args replace the arity */
            tkind = VM_TRACE_PLAIN;
            if (list_len(targsp[1]) >= 0) {
                term a = targsp[1];
                tkind = VM_TRACE_ARGS;
                if (b == bif_error3) {
                    /* [{error_info, Map}] from the options */
                    for (term o = targsp[2]; term_is_list(o); o = term_cdr(o)) {
                        term e = term_car(o);
                        if (term_is_tuple(e) && term_tuple_arity(e) == 2 &&
                            term_tuple_elems(e)[0] == atom_from_cstr("error_info"))
                            textra = heap_make_list(proc_heap(p), &e, 1, NIL);
                    }
                }
                targs[0] = a;
                targsp = targs;
            }
        } else if (b == bif_raise3) {
            /* erlang:raise/3 validated its arguments and left the trace */
            goto raise_delivered;
        } else {
            tkind = VM_TRACE_BIF;
        }
        goto raise_built;
    }
raise:
    SWAPOUT;
    tmfa = NULL;
    textra = NIL;
raise_built:
    p->fstacktrace = vm_stacktrace(p, I, E, tkind, tmfa, targsp, textra);
    proc_heap_close(p);
    textra = NIL;
raise_delivered:
    SWAPIN;
    if (unlikely(p->flags & PF_KILLED)) goto vm_exit;
    if (unlikely(trace_flags(p) != 0)) {
        /* exception_trace frames the exception leaves (up to its catch) */
        term *q = E;
        if (p->catches)
            while (q < p->mem.hend && !term_is_catch(*q)) q++;
        else
            q = p->mem.hend;
        SWAPOUT;
        trace_unwind(p, E, q, vm_class_atom(p->fclass), p->fvalue);
        SWAPIN;
    }
    if (p->catches) {
        /* the innermost catch: stop becomes the top of its frame (just past
         * the last CP below it, pushed by a call from that frame) */
        term *prev = E, *q;
        for (q = E; q < p->mem.hend; q++) {
            term w = *q;
            if (term_is_catch(w)) break;
            if (term_is_header(w) && w != 0) prev = q + 1;
        }
        if (q < p->mem.hend) {
            E = prev;
            I = (const uint64_t *)(uintptr_t)(term_catch_val(*q) << 3);
            /* x3 is the raw stack trace: {Class, Trace}, so that the raise
             * instruction can recover the class as OTP's does */
            term cls = vm_class_atom(p->fclass);
            SWAPOUT;
            term raw = mk_tuple2(p, cls, p->fstacktrace);
            proc_heap_close(p);
            SWAPIN;
            x[0] = THE_NON_VALUE;
            x[1] = cls;
            x[2] = p->fvalue;
            x[3] = raw;
            p->fvalue = NIL;
            p->fstacktrace = NIL;
            /* a handler in native code goes on there */
            if (vm_jit.label && (jfn = vm_jit.label(I)) != NULL) goto enter_native;
            DISPATCH();
        }
    }
    SWAPOUT;
    /* uncaught: whoever gets VM_RAISED reads the trace as a list */
    p->fstacktrace = vm_trace_build(p, p->fstacktrace);
    proc_heap_close(p);
    p->i = I;
    p->reds += (uint64_t)(fc_start - FCALLS);
    return VM_RAISED;
}

static void vm_run_init(void) { vm_run(NULL, NULL, NULL); }

static vm_result_t apply_boot(proc_t *p, vm_sched_t *s, ops_t op, uint64_t target, const term *args, unsigned arity,
                              term *result)
{
    vm_init();
    for (unsigned k = 0; k < arity; k++) s->x[k] = args[k];
    /* start as a tail call from nowhere (call_ext_only / call_only) with
     * the exit CP */
    uint64_t boot[3] = {(uint64_t)(uintptr_t)op_labels[op], arity, target};
    if (p->mem.stop <= p->mem.htop) (void)vm_gc(p, s->x, 1, arity);
    size_t depth = (size_t)(p->mem.hend - p->mem.stop);
    *--p->mem.stop = (term)(uintptr_t)exit_code;
    /* nested: never yields, and the caller's slice is left as it was */
    int64_t fcalls = p->fcalls;
    const uint64_t *resume = p->i;
    p->nest++;
    vm_result_t r = vm_run(p, s, boot);
    p->nest--;
    p->fcalls = fcalls;
    p->i = resume;
    if (r == VM_RETURNED) {
        *result = s->x[0];
    } else {
        /* drop what the unwound frames left, and the exit CP */
        p->mem.stop = p->mem.hend - depth;
        p->catches = 0;
    }
    return r;
}

vm_result_t vm_apply(proc_t *p, vm_sched_t *s, export_entry_t *ep, const term *args, unsigned arity, term *result)
{
    return apply_boot(p, s, OP_call_ext_only, (uint64_t)(uintptr_t)ep, args, arity, result);
}

vm_result_t vm_apply_code(proc_t *p, vm_sched_t *s, const uint64_t *code, const term *args, unsigned arity,
                          term *result)
{
    return apply_boot(p, s, OP_call_only, (uint64_t)(uintptr_t)code, args, arity, result);
}

vm_result_t vm_execute(proc_t *p, vm_sched_t *s)
{
    memcpy(s->x, p->xsave, p->xlive * sizeof(term));
    p->xlive = 0;
    return vm_run(p, s, p->i);
}

void vm_start_apply(proc_t *p, term fun_or_mod, term fun, term args)
{
    vm_init();
    /* The arguments were copied first and may fill the new heap to its
     * end (a window that spilled exactly at the limit): make room for the
     * exit CP rather than write it over their last word. */
    if (p->mem.stop - p->mem.htop < 1) {
        term r[3] = {fun_or_mod, args, fun};
        gc_root_t roots[1] = {{r, term_is_value(fun) ? 3u : 2u}};
        gc_collect(&p->mem, 1, roots, 1);
        fun_or_mod = r[0], args = r[1], fun = term_is_value(fun) ? r[2] : fun;
    }
    /* erlang:apply/3 (or apply/2 for a fun) with the exit CP below: the
     * apply stub spreads the argument list and jumps */
    *--p->mem.stop = (term)(uintptr_t)exit_code;
    term x[3] = {fun_or_mod, fun, args};
    if (term_is_value(fun)) {
        vm_save_x(p, x, 3);
        p->i = apply_stubs[1];
    } else {
        x[1] = args;
        vm_save_x(p, x, 2);
        p->i = apply_stubs[0];
    }
}
