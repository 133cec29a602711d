/*
 * jit.c - the JIT tier's policy: modes (+Joff, +Jtiered, +Jeager), the
 * hooks it gives the interpreter (vm_jit), the background compiler thread
 * of tiered mode, installing native entries, freeing native code with its
 * module, and the tooling (+Jdump DIR, +Jstats, +Jperf).
 *
 * Tiering: every function entry starts with i_func_entry, whose handler
 * counts calls; at JIT_HOT_CALLS calls within JIT_WINDOW_MS of program
 * CPU the hot hook queues the module, the compiler thread (within its
 * share of the program's CPU, hottest module first) lowers and compiles
 * it while the interpreter keeps
 * running, then each entry's native address is stored in the
 * instruction's second operand and its op word switched (release store)
 * to i_func_native, which enters native code. Eager mode compiles every
 * module on the loading thread when it is threaded, before it is
 * installed.
 */
#include "jit_int.h"

#include "scheduler.h"
#include "vm.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define JIT_HOT_CALLS 1000
#define JIT_WARM_SHARE 4
/* Hotness is a rate: JIT_HOT_CALLS calls within JIT_WINDOW_MS of the
 * program's CPU time (on_hot). */
#define JIT_WINDOW_MS 20
/* The compiler thread's CPU stays under JIT_CPU_SHARE percent of the
 * program's CPU plus JIT_CPU_ALLOWANCE_MS (worker_main). */
#define JIT_CPU_SHARE 10
#define JIT_CPU_ALLOWANCE_MS 100
/* the compiler thread's nice value (Linux: per thread): the schedulers'
 * (docs/architecture.md: a lower priority only delays native code) */
#define JIT_NICE 0

/* Tiered by default. ThreadSanitizer builds default to off: the op word
 * switch is a release store that the interpreter's dispatch reads with a
 * plain load (by design: x86 and AArch64 order it), which TSan reports. */
#ifdef __SANITIZE_THREAD__
static jit_mode_t mode = JIT_OFF;
#else
static jit_mode_t mode = JIT_TIERED;
#endif
static bool started, want_stats, want_perf;
static uint64_t warm_share = JIT_WARM_SHARE, unit_budget = JIT_COMPILE_BUDGET;
static uint64_t window_ms = JIT_WINDOW_MS, cpu_share = JIT_CPU_SHARE, cpu_allowance = JIT_CPU_ALLOWANCE_MS;
static int jit_nice = JIT_NICE;
static const char *dump_dir;

/* `lock` guards the queue and the modules' states and is only held
 * briefly (the interpreter's hot hook takes it: a scheduler never waits
 * for a compilation); `clock` serialises compilations (the LLVM session,
 * the stats) and is held while one runs. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t clock_ = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static jit_module_t *queue_head, *queue_tail;
static pthread_t worker;
static bool worker_running, stopping;
/* the thread compiling now, valid while `compiling` (read at exit) */
static pthread_t compiler;
static _Atomic bool compiling;

/* stats */
static unsigned n_modules, n_failed, n_dropped;
static double total_ms;
static uint64_t total_bytes, total_lowered, total_deopts, total_sites;
static FILE *perf_map;

/* symbol sizes of the last object (perf map) */
typedef struct {
    char name[48];
    uint64_t size;
} symsize_t;
static symsize_t *syms;
static size_t nsyms, capsyms;

void jit_note_object_bytes(size_t bytes) { total_bytes += bytes; }
void jit_note_symbol_size(const char *name, uint64_t size)
{
    if (strlen(name) >= sizeof syms[0].name) return;
    if (nsyms == capsyms) {
        capsyms = capsyms ? capsyms * 2 : 256;
        syms = realloc(syms, capsyms * sizeof *syms);
        if (!syms) laser_oom("JIT symbols", capsyms);
    }
    strcpy(syms[nsyms].name, name);
    syms[nsyms++].size = size;
}
static uint64_t symbol_size(const char *name)
{
    for (size_t i = 0; i < nsyms; i++)
        if (!strcmp(syms[i].name, name)) return syms[i].size;
    return 0;
}

jit_mode_t jit_mode(void) { return mode; }

/* Both modes run the scalar cleanup that promotes registers and folds
 * the tag tests, which is what the lowering's IR needs most: against
 * default<O1> it takes a third of the optimiser's CPU and the code was as
 * fast or faster (fib, tak, nbody, spectralnorm, mandelbrot, json, qsort;
 * docs/architecture.md). Tiered mode generates code at level Less (the
 * greedy register allocator: level None's code was slower than the
 * interpreter); eager mode compiles every module it loads and takes
 * level None. LASER_JIT_PASSES and LASER_JIT_CG (fast, quick, less,
 * default) override them (for tuning). */
static const jit_tier_t tier_eager = {"function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg)",
                                      JIT_CG_FAST};
static const jit_tier_t tier_hot = {"function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg)",
                                    JIT_CG_LESS};

static jit_tier_t tier_for(void)
{
    jit_tier_t t = mode == JIT_EAGER ? tier_eager : tier_hot;
    const char *cgl = getenv("LASER_JIT_CG");
    if (cgl && !strcmp(cgl, "fast")) t.cg = JIT_CG_FAST;
    else if (cgl && !strcmp(cgl, "less")) t.cg = JIT_CG_LESS;
    else if (cgl && !strcmp(cgl, "quick")) t.cg = JIT_CG_QUICK;
    else if (cgl && !strcmp(cgl, "default")) t.cg = JIT_CG_DEFAULT;
    return t;
}

int jit_option(int argc, char **argv, int i)
{
    const char *a = argv[i];
    if (strncmp(a, "+J", 2)) return 0;
    a += 2;
    if (!strcmp(a, "off")) mode = JIT_OFF;
    else if (!strcmp(a, "tiered")) mode = JIT_TIERED;
    else if (!strcmp(a, "eager")) mode = JIT_EAGER;
    else if (!strcmp(a, "stats")) want_stats = true;
    else if (!strcmp(a, "perf")) want_perf = true;
    else if (!strcmp(a, "dump")) {
        if (i + 1 >= argc) {
            fprintf(stderr, "laser: +Jdump needs a directory\n");
            return -1;
        }
        dump_dir = argv[i + 1];
        return 2;
    } else {
        fprintf(stderr, "laser: unknown JIT flag +J%s (off, tiered, eager, dump DIR, stats, perf)\n", a);
        return -1;
    }
    return 1;
}

/* The continuation tables of the modules with native code, for returns
 * across modules (abi_cont): slots of [start, end) code ranges read
 * without a lock by native code. A slot is written by the compiler (with
 * `clock_` held: the table, the end, then the start, so a reader that
 * sees the start sees the rest) and emptied (start 0) when its module is
 * freed; slots are never reused, so a reader never mixes two modules'
 * ranges, and a return address inside a range keeps its module from
 * being freed. A module compiled again updates its slot's table (older
 * tables live until the module is freed). Past JIT_CONT_SLOTS modules,
 * such returns take the interpreter's path. */
#define JIT_CONT_SLOTS 64
static struct {
    _Atomic uintptr_t start, end;
    _Atomic(abi_native_fn *) conts;
} cont_slots[JIT_CONT_SLOTS];
static _Atomic unsigned n_cont_slots;

static void cont_register(ld_module_t *m, abi_native_fn *conts)
{
    uintptr_t start = (uintptr_t)m->code, end = (uintptr_t)(m->code + m->code_size);
    unsigned n = atomic_load(&n_cont_slots);
    for (unsigned i = 0; i < n; i++)
        if (atomic_load(&cont_slots[i].start) == start) {
            atomic_store(&cont_slots[i].conts, conts);
            return;
        }
    if (n == JIT_CONT_SLOTS) return;
    atomic_store(&cont_slots[n].conts, conts);
    atomic_store(&cont_slots[n].end, end);
    atomic_store(&cont_slots[n].start, start);
    atomic_store(&n_cont_slots, n + 1);
}

static void cont_unregister(ld_module_t *m)
{
    unsigned n = atomic_load(&n_cont_slots);
    for (unsigned i = 0; i < n; i++)
        if (atomic_load(&cont_slots[i].start) == (uintptr_t)m->code) atomic_store(&cont_slots[i].start, 0);
}

abi_native_fn abi_cont(const uint64_t *cp)
{
    uintptr_t a = (uintptr_t)cp;
    unsigned n = atomic_load_explicit(&n_cont_slots, memory_order_acquire);
    for (unsigned i = 0; i < n; i++) {
        uintptr_t s = atomic_load_explicit(&cont_slots[i].start, memory_order_acquire);
        if (s && a >= s && a < atomic_load_explicit(&cont_slots[i].end, memory_order_relaxed)) {
            abi_native_fn *t = atomic_load_explicit(&cont_slots[i].conts, memory_order_relaxed);
            return t ? t[(a - s) / sizeof(uint64_t)] : NULL;
        }
    }
    return NULL;
}

/* Make the entries of a compiled module native; the number installed.
 * In tiered mode a function whose unit lowered nothing (a select_val too
 * large for a switch at its entry: unicode_util's tables) would enter
 * native code only to exit at once, which costs more than the
 * interpreter: its entry stays interpreted and it is never compiled
 * again (jm->skip). */
static uint32_t install(ld_module_t *m, jit_site_addr_t *sa, uint32_t n, bool tiered)
{
    jit_module_t *jm = m->jit;
    if (jm && jm->code) cont_register(m, jm->code->conts);
    uint64_t native_op = vm_op_word(OP_i_func_native);
    uint32_t installed = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!sa[i].is_entry) continue;
        if (tiered && !sa[i].lowered) {
            const ld_function_t *f = module_function_at(m, sa[i].offset);
            if (!jm->skip && !(jm->skip = calloc(m->num_functions + 1, 1))) laser_oom("JIT skip set", m->num_functions);
            if (f) jm->skip[f - m->functions] = 1;
            continue;
        }
        uint64_t *w = &m->code[sa[i].offset];
        __atomic_store_n(&w[2], (uint64_t)(uintptr_t)sa[i].fn, __ATOMIC_RELAXED);
        __atomic_store_n(&w[0], native_op, __ATOMIC_RELEASE);
        installed++;
    }
    return installed;
}

/* Whether function i of m wants native code: interpreted, not skipped,
 * called at least `calls` times. */
static bool wants_native(const jit_module_t *jm, uint32_t i, uint64_t calls)
{
    const ld_module_t *m = jm->m;
    const uint64_t *w = &m->code[m->functions[i].entry];
    return m->ops[m->functions[i].entry] == OP_i_func_entry && !(jm->skip && jm->skip[i]) &&
           __atomic_load_n(&w[0], __ATOMIC_ACQUIRE) != vm_op_word(OP_i_func_native) &&
           __atomic_load_n(&w[1], __ATOMIC_RELAXED) >= calls;
}

static void perf_entry(ld_module_t *m, const jit_site_addr_t *s)
{
    if (!perf_map) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
        perf_map = fopen(path, "w");
        if (!perf_map) {
            want_perf = false;
            return;
        }
    }
    const ld_function_t *f = module_function_at(m, s->offset);
    size_t mn = 0, fnn = 0;
    const uint8_t *mt = atom_text(m->name, &mn);
    const uint8_t *ft = f ? atom_text(f->name, &fnn) : (const uint8_t *)"?";
    if (!f) fnn = 1;
    uint64_t size = symbol_size(s->symbol);
    fprintf(perf_map, "%llx %llx %.*s:%.*s/%u%s\n", (unsigned long long)(uintptr_t)s->fn,
            (unsigned long long)(size ? size : 16), (int)mn, (const char *)mt, (int)fnn, (const char *)ft,
            f ? f->arity : 0, s->is_entry ? "" : " (cont)");
}

/* Tiered mode compiles the functions that are hot (their counter reached
 * the threshold) or warm (a JIT_WARM_SHARE of it: they are likely to get
 * hot soon) and not native yet, hottest first, up to JIT_COMPILE_BUDGET
 * instructions per compilation (at least one function): a module with
 * many hot functions (lists:sort's merges, unicode_util) gets its hottest
 * native in one short compilation instead of waiting for all of them,
 * and the module is queued again, behind the others, for the rest that
 * is hot. A module is compiled again when another of its functions gets
 * hot, for the new ones only (calls to functions outside a compilation
 * go through their entry's native address, as call_ext does). NULL:
 * every function. *more: hot functions were left out. */
static uint8_t *hot_functions(const jit_module_t *jm, bool *more)
{
    const ld_module_t *m = jm->m;
    *more = false;
    if (mode == JIT_EAGER || !vm_jit.hot) return NULL;
    uint8_t *want = calloc(m->num_functions + 1, 1);
    uint32_t *cand = malloc((m->num_functions + 1) * sizeof *cand);
    uint64_t *count = malloc((m->num_functions + 1) * sizeof *count);
    if (!want || !cand || !count) laser_oom("JIT function set", m->num_functions);
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->num_functions; i++) {
        if (!wants_native(jm, i, vm_jit.hot_calls / warm_share)) continue;
        count[i] = __atomic_load_n(&m->code[m->functions[i].entry + 1], __ATOMIC_RELAXED);
        cand[n++] = i;
    }
    /* hottest first (insertion sort: a few dozen candidates) */
    for (uint32_t i = 1; i < n; i++) {
        uint32_t c = cand[i], j = i;
        for (; j > 0 && count[cand[j - 1]] < count[c]; j--) cand[j] = cand[j - 1];
        cand[j] = c;
    }
    uint32_t used = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = cand[k];
        uint32_t end = i + 1 < m->num_functions ? m->functions[i + 1].info : m->code_size, insns = 0;
        for (uint32_t o = m->functions[i].entry; o < end; o++) insns += m->ops[o] != OPS_NONE;
        if (used && used + insns > unit_budget) {
            if (count[i] >= vm_jit.hot_calls) *more = true;
            continue;
        }
        want[i] = 1;
        used += insns;
    }
    free(cand);
    free(count);
    return want;
}

static void *worker_main(void *arg);

static double clock_ms(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
static double mono_ms(void) { return clock_ms(CLOCK_MONOTONIC); }

/* The compiler thread's CPU time (ms, as a double's bits), which it
 * updates after each compilation. */
static _Atomic uint64_t worker_cpu_bits;
static double worker_cpu_ms(void)
{
    uint64_t b = atomic_load_explicit(&worker_cpu_bits, memory_order_relaxed);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}
/* The program's CPU time: the process's without the compiler thread's.
 * Hotness and the compiler's budget are measured on it, not on wall
 * time: on a busy machine the program gets a fraction of a core, and
 * its calls per second of wall time say little. */
static double prog_ms(void) { return clock_ms(CLOCK_PROCESS_CPUTIME_ID) - worker_cpu_ms(); }

/* The calls of m's functions that are hot and not native: a module's
 * claim on the compiler (their counters go on counting while it waits).
 * With `lock` held. */
static uint64_t heat_locked(const jit_module_t *jm)
{
    const ld_module_t *m = jm->m;
    uint64_t heat = 0;
    for (uint32_t i = 0; i < m->num_functions; i++)
        if (wants_native(jm, i, vm_jit.hot_calls))
            heat += __atomic_load_n(&m->code[m->functions[i].entry + 1], __ATOMIC_RELAXED);
    return heat;
}

/* Append jm to the compile queue (with `lock` held) and wake the
 * compiler thread, starting it on first use. */
static void enqueue_locked(jit_module_t *jm)
{
    jm->state = JIT_M_QUEUED;
    jm->queued = true;
    jm->queued_ms = mono_ms();
    jm->queued_prog = prog_ms();
    jm->queued_heat = heat_locked(jm);
    jm->rehot = false;
    jm->next_queued = NULL;
    if (queue_tail) queue_tail->next_queued = jm;
    else queue_head = jm;
    queue_tail = jm;
    if (!worker_running && pthread_create(&worker, NULL, worker_main, NULL) == 0) worker_running = true;
    pthread_cond_broadcast(&cond);
}

/* A hot function of m without native code (one that got hot while m
 * compiled and was not warm enough to be compiled with it). */
static bool new_hot(const jit_module_t *jm)
{
    for (uint32_t i = 0; i < jm->m->num_functions; i++)
        if (wants_native(jm, i, vm_jit.hot_calls)) return true;
    return false;
}

/* A function that got hot while its module was compiling (the set of hot
 * functions is taken when a compilation starts) queues the module again
 * when it is done, unless it was compiled with the rest: the counter
 * reaches the threshold only once. With `lock` held. */
static void set_state_locked(jit_module_t *jm, int state, bool more)
{
    jm->state = state;
    jm->rehot |= more;
    if (state == JIT_M_DONE && jm->rehot && !stopping && vm_jit.hot && new_hot(jm)) enqueue_locked(jm);
}

/* Free jm and its module, which was freed (purged) while it compiled
 * (on_free left it to the compiler); with `clock_` held. */
_Atomic unsigned jit_freed_late;
static void reap(jit_module_t *jm)
{
    ld_module_t *m = jm->m;
    cont_unregister(m);
    jit_llvm_free(jm);
    free(jm->skip);
    free(jm->since);
    free(jm);
    m->jit = NULL;
    module_free(m);
    atomic_fetch_add(&jit_freed_late, 1);
}

/* Native code of freed modules, waiting for `clock_` (next_queued links
 * them; under `lock`). */
static jit_module_t *reaped;

/* Free the native code on the reaped list; with `clock_` held. */
static void reap_pending(void)
{
    pthread_mutex_lock(&lock);
    jit_module_t *jm = reaped;
    reaped = NULL;
    pthread_mutex_unlock(&lock);
    while (jm) {
        jit_module_t *next = jm->next_queued;
        jit_llvm_free(jm);
        free(jm->skip);
        free(jm->since);
        free(jm);
        jm = next;
    }
}

/* Release `clock_`, freeing the native code of the modules freed while it
 * was held (on_free does not wait for it); one freed after the list was
 * taken is freed by whoever takes `clock_` next, or here again. */
static void compiler_unlock(void)
{
    for (;;) {
        reap_pending();
        pthread_mutex_unlock(&clock_);
        pthread_mutex_lock(&lock);
        bool more = reaped != NULL && !stopping;
        pthread_mutex_unlock(&lock);
        if (!more || pthread_mutex_trylock(&clock_)) return;
    }
}

/* Compile jm's module and install it; called with `clock_` held and
 * jm->state already JIT_M_COMPILING. False: it failed, or its module was
 * freed meanwhile (jm is gone). */
static bool compile_locked(jit_module_t *jm)
{
    jit_site_addr_t *sa = NULL;
    uint32_t n = 0;
    nsyms = 0;
    bool more;
    uint8_t *want = hot_functions(jm, &more);
    compiler = pthread_self();
    compiling = true;
    jit_tier_t tier = tier_for();
    double waited = jm->queued_ms ? mono_ms() - jm->queued_ms : 0;
    jm->queued_ms = 0;
    jm->nfunctions = 0;
    if (want)
        for (uint32_t i = 0; i < jm->m->num_functions; i++) jm->nfunctions += want[i];
    bool ok = jit_llvm_compile(jm, &tier, want, dump_dir, &sa, &n);
    compiling = false;
    /* the module freed meanwhile (on_free did not wait), or installed and
     * done: both under `lock`, so on_free sees one or the other */
    pthread_mutex_lock(&lock);
    bool doomed = jm->doomed;
    if (!doomed && ok) jm->nentries += install(jm->m, sa, n, want != NULL);
    if (!doomed) set_state_locked(jm, ok ? JIT_M_DONE : JIT_M_FAILED, ok && more);
    pthread_mutex_unlock(&lock);
    free(want);
    if (doomed) {
        free(sa);
        reap(jm);
        return false;
    }
    if (!ok) {
        n_failed++;
        return false;
    }
    if (want_perf)
        for (uint32_t i = 0; i < n; i++) perf_entry(jm->m, &sa[i]);
    if (perf_map) fflush(perf_map);
    free(sa);
    n_modules++;
    total_ms += jm->compile_ms;
    total_lowered += jm->lowered;
    total_deopts += jm->deopts;
    total_sites += n;
    if (want_stats) {
        size_t mn;
        const uint8_t *mt = atom_text(jm->m->name, &mn);
        fprintf(stderr,
                "laser: JIT: %.*s: %u functions, %u sites, %u instructions lowered, %u deopt, %.1f ms after %.1f ms "
                "queued (CPU: lower %.1f, optimise %.1f, codegen %.1f, link %.1f)\n",
                (int)mn, (const char *)mt, jm->nfunctions, n, jm->lowered, jm->deopts, jm->compile_ms, waited,
                jm->phase_ms[JIT_PH_LOWER], jm->phase_ms[JIT_PH_OPT], jm->phase_ms[JIT_PH_CODEGEN],
                jm->phase_ms[JIT_PH_LINK]);
    }
    return true;
}

static jit_module_t *jm_new(ld_module_t *m)
{
    jit_module_t *jm = calloc(1, sizeof *jm);
    if (!jm) laser_oom("JIT module", sizeof *jm);
    jm->state = JIT_M_DONE; /* nothing compiled, nothing queued */
    jm->m = m;
    m->jit = jm;
    return jm;
}

/* Take the queued module with the most calls of hot functions waiting
 * (the most interpreted work native code would take over), if `take`. A
 * module whose hot functions were called at less than a warm rate while
 * it waited is done with its work (a phase that ended): it is dropped,
 * and its functions' counters start again from 0. NULL: none taken.
 * With `lock` held. */
static jit_module_t *dequeue_locked(double prog, bool take)
{
    jit_module_t *best = NULL, *bprev = NULL, *prev = NULL;
    uint64_t bheat = 0;
    for (jit_module_t *jm = queue_head, *next; jm; jm = next) {
        next = jm->next_queued;
        uint64_t heat = heat_locked(jm);
        double waited = prog - jm->queued_prog;
        uint64_t grown = heat > jm->queued_heat ? heat - jm->queued_heat : 0;
        if (waited > (double)window_ms &&
            (double)grown * (double)window_ms * (double)warm_share < waited * (double)vm_jit.hot_calls) {
            if (prev) prev->next_queued = next;
            else queue_head = next;
            if (queue_tail == jm) queue_tail = prev;
            jm->queued = false;
            jm->state = JIT_M_DONE;
            const ld_module_t *m = jm->m;
            for (uint32_t i = 0; i < m->num_functions; i++)
                if (wants_native(jm, i, vm_jit.hot_calls)) {
                    __atomic_store_n(&m->code[m->functions[i].entry + 1], 0, __ATOMIC_RELAXED);
                    if (jm->since) jm->since[i] = 0;
                }
            n_dropped++;
            continue;
        }
        if (!best || heat > bheat) best = jm, bprev = prev, bheat = heat;
        prev = jm;
    }
    if (!best || !take) return NULL;
    if (bprev) bprev->next_queued = best->next_queued;
    else queue_head = best->next_queued;
    if (queue_tail == best) queue_tail = bprev;
    return best;
}

static void *worker_main(void *arg)
{
    (void)arg;
#ifdef __linux__
    /* LASER_JIT_NICE (tuning): above 0, the compiler thread gets less
     * than a scheduler's share of a busy core, and the program waits
     * longer for its native code */
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), jit_nice);
#endif
    for (;;) {
        pthread_mutex_lock(&lock);
        while (!queue_head && !stopping) pthread_cond_wait(&cond, &lock);
        if (stopping) {
            pthread_mutex_unlock(&lock);
            break;
        }
        /* over its share of the program's CPU: wait for the program (the
         * queue's order and claims are looked at again after) */
        double prog = prog_ms(), mine = clock_ms(CLOCK_THREAD_CPUTIME_ID);
        if (mine > prog * (double)cpu_share / 100 + (double)cpu_allowance) {
            dequeue_locked(prog, false);
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 20 * 1000000;
            if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
            pthread_cond_timedwait(&cond, &lock, &ts);
            pthread_mutex_unlock(&lock);
            continue;
        }
        jit_module_t *jm = dequeue_locked(prog, true);
        if (jm) {
            jm->state = JIT_M_COMPILING;
            jm->queued = false;
        }
        pthread_mutex_unlock(&lock);
        if (!jm) continue;
        pthread_mutex_lock(&clock_);
        compile_locked(jm);
        compiler_unlock();
        double c = clock_ms(CLOCK_THREAD_CPUTIME_ID);
        uint64_t bits;
        memcpy(&bits, &c, sizeof bits);
        atomic_store_explicit(&worker_cpu_bits, bits, memory_order_relaxed);
    }
    return NULL;
}

/* A new jit_module_t for m in state COMPILING. */
static jit_module_t *jm_compiling(ld_module_t *m)
{
    pthread_mutex_lock(&lock);
    jit_module_t *jm = m->jit ? m->jit : jm_new(m);
    jm->state = JIT_M_COMPILING;
    pthread_mutex_unlock(&lock);
    return jm;
}

/* ---- hooks ---- */
static void on_threaded(ld_module_t *m)
{
    pthread_mutex_lock(&clock_);
    compile_locked(jm_compiling(m));
    compiler_unlock();
}

/* A function's counter reached the threshold. It is hot if those calls
 * came within window_ms of the program's CPU time; otherwise its counter
 * starts again from 0 (a new window), so code that runs a while and is
 * done (a compiler pass, start-up, one-shot library code) is not
 * compiled for calls spread over its life. The first threshold only
 * starts a window. */
static void on_hot(const uint64_t *entry)
{
    ld_module_t *m = module_by_code(entry);
    if (!m) return;
    const ld_function_t *f = module_function_at(m, (size_t)(entry - m->code));
    if (!f || m->code + f->entry != entry) return;
    size_t fi = (size_t)(f - m->functions);
    double now = prog_ms();
    pthread_mutex_lock(&lock);
    jit_module_t *jm = m->jit;
    if (!jm) jm = jm_new(m);
    if (!jm->since && !(jm->since = calloc(m->num_functions + 1, sizeof *jm->since)))
        laser_oom("JIT call windows", m->num_functions);
    if (jm->since[fi] == 0 || now - jm->since[fi] > (double)window_ms) {
        jm->since[fi] = now > 0 ? now : 1e-9;
        __atomic_store_n((uint64_t *)(uintptr_t)&entry[1], 0, __ATOMIC_RELAXED);
    } else if (!stopping && jm->state == JIT_M_DONE && !jm->queued) {
        /* a new hot function (of a module compiled before or not) */
        enqueue_locked(jm);
    } else if (jm->state == JIT_M_COMPILING) {
        jm->rehot = true;
    }
    pthread_mutex_unlock(&lock);
}

/* A module is freed (purged). Its native code goes, and the scheduler
 * freeing it never waits for a compilation (seconds for a large module at
 * a busy time): a compilation of it in progress reads its code, so then
 * the compiler frees the module when it ends (compile_locked; true: the
 * caller leaves m to it); otherwise its native code is freed now if no
 * compilation holds the session, else when that one ends
 * (compiler_unlock). */
static bool on_free(ld_module_t *m)
{
    pthread_mutex_lock(&lock);
    jit_module_t *jm = m->jit;
    if (jm->state == JIT_M_COMPILING) {
        jm->doomed = true;
        pthread_mutex_unlock(&lock);
        return true;
    }
    if (jm->queued) {
        jit_module_t **pp = &queue_head, *prev = NULL;
        while (*pp && *pp != jm) prev = *pp, pp = &(*pp)->next_queued;
        if (*pp) {
            *pp = jm->next_queued;
            if (queue_tail == jm) queue_tail = prev;
        }
        jm->queued = false;
    }
    /* its continuations' slot (install, the only writer for this module,
     * runs under `lock`) */
    cont_unregister(m);
    m->jit = NULL;
    jm->m = NULL;
    jm->next_queued = reaped;
    reaped = jm;
    pthread_mutex_unlock(&lock);
    if (pthread_mutex_trylock(&clock_) == 0) compiler_unlock();
    return false;
}

static bool llvm_ready;
/* With `clock_` held. */
static bool llvm_up(void)
{
    if (!llvm_ready && jit_llvm_init()) {
        llvm_ready = true;
        vm_jit.enter = jit_llvm_enter();
        vm_jit.label = abi_cont;
        module_jit_free_hook = on_free;
    }
    return llvm_ready;
}

bool jit_compile_now(ld_module_t *m)
{
    pthread_mutex_lock(&clock_);
    bool ok = llvm_up() && (!m->jit || !((jit_module_t *)m->jit)->queued);
    if (ok) ok = compile_locked(jm_compiling(m));
    compiler_unlock();
    return ok;
}

/* The VM halts: a compilation still running on the compiler thread is not
 * waited for (a large module can take seconds): the VM ends at once with
 * _exit, its output already flushed. */
static void jit_halt(int status)
{
    if (compiling && !pthread_equal(compiler, pthread_self())) {
        if (want_stats) fprintf(stderr, "laser: JIT: halted during a compilation\n");
        fflush(NULL);
        _exit(status);
    }
    jit_finish();
}

/* A positive count from the environment (tuning), else def. */
static uint64_t env_count(const char *name, uint64_t def)
{
    const char *v = getenv(name);
    char *end;
    unsigned long long n = v ? strtoull(v, &end, 10) : 0;
    return v && *v && !*end && n > 0 ? n : def;
}

bool jit_start(void)
{
    if (started || mode == JIT_OFF) return true;
    pthread_mutex_lock(&clock_);
    bool up = llvm_up();
    pthread_mutex_unlock(&clock_);
    if (!up) return false;
    started = true;
    /* before exit: LLVM's statics made during a compilation are destroyed
     * by exit before any atexit handler registered earlier runs */
    sched_halt_hook = jit_halt;
    atexit(jit_finish);
    if (mode == JIT_EAGER) {
        vm_jit.threaded = on_threaded;
    } else {
        vm_jit.hot_calls = env_count("LASER_JIT_HOT", JIT_HOT_CALLS);
        unit_budget = env_count("LASER_JIT_UNIT", JIT_COMPILE_BUDGET);
        warm_share = env_count("LASER_JIT_WARM", JIT_WARM_SHARE);
        window_ms = env_count("LASER_JIT_WINDOW", JIT_WINDOW_MS);
        cpu_share = env_count("LASER_JIT_SHARE", JIT_CPU_SHARE);
        cpu_allowance = env_count("LASER_JIT_ALLOWANCE", JIT_CPU_ALLOWANCE_MS);
        const char *nv = getenv("LASER_JIT_NICE");
        if (nv && *nv) jit_nice = atoi(nv);
        vm_jit.hot = on_hot;
    }
    return true;
}

/* When the VM halts (sched_halt, before exit) and at exit: the
 * compilation lock is taken and kept, so the compiler thread is idle or
 * blocked and no LLVM code runs while static destructors do. */
void jit_finish(void)
{
    if (!started || stopping) return;
    /* wait for a compilation on another thread to end (LLVM's static
     * destructors run after this), not for one on this thread (an LLVM
     * fatal error exits from inside it) */
    if (compiling && pthread_equal(compiler, pthread_self())) return;
    pthread_mutex_lock(&clock_);
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    if (want_stats)
        fprintf(stderr,
                "laser: JIT: %u modules compiled (%u failed), %llu native functions, %llu instructions lowered, "
                "%llu deopt, %.1f ms compiling, %llu bytes of native code and data, %u queued compilations "
                "dropped\n",
                n_modules, n_failed, (unsigned long long)total_sites, (unsigned long long)total_lowered,
                (unsigned long long)total_deopts, total_ms, (unsigned long long)total_bytes, n_dropped);
    if (perf_map) fclose(perf_map);
    perf_map = NULL;
}


void jit_bench_modes(FILE *out)
{
    fprintf(out, "off=+Joff\ntiered=+Jtiered\n");
}
