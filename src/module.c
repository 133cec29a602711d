/*
 * module.c - loaded modules: freeing, code-offset queries, and the global
 * module table (name -> current and old version).
 *
 * The table is a small open-addressing hash of slots under one mutex; module
 * loading is rare. Installing binds every export entry of the new version
 * (address, owner) and every fun entry; deleting unbinds them.
 *
 * module_by_code (every stack-trace frame, every exception) reads a code
 * range index without the mutex: the code ranges of every version the
 * table holds, sorted, rebuilt after each change of the table and read
 * under a sequence lock (odd while a writer copies; a reader retries when
 * the count moved). An index outgrown is kept, never freed, since a reader
 * may still be searching it; together the kept ones are smaller than the
 * current one.
 */
#include "module.h"

#include "bif.h"
#include "nif.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

bool (*module_jit_free_hook)(ld_module_t *m);

void module_free(ld_module_t *m)
{
    if (!m) return;
    if (m->nif) nif_module_free(m); /* once: clears m->nif */
    if (m->lambdas) {
        for (uint32_t i = 0; i < m->num_lambdas; i++)
            if (m->lambdas[i].fe) {
                /* a purged version's funs must not run its freed code */
                fun_entry_t *f = m->lambdas[i].fe;
                if (m->code && atomic_load(&f->address) == (const void *)&m->code[m->lambdas[i].entry])
                    atomic_store(&f->address, NULL);
                funtab_release(f);
            }
        free(m->lambdas);
        m->lambdas = NULL;
    }
    /* a compilation in progress reads the code: the JIT frees m after it */
    if (m->jit && module_jit_free_hook && module_jit_free_hook(m)) return;
    free(m->ops);
    free(m->labels);
    free(m->functions);
    free(m->exports);
    free(m->locals);
    free(m->imports);
    free(m->atoms);
    heap_free(&m->literal_heap);
    free(m->literals);
    free(m->strings);
    free(m->lines);
    if (m->files) {
        for (uint32_t i = 0; i < m->num_files; i++) free(m->files[i].name);
        free(m->files);
    }
    free(m->line_refs);
    free(m->code);
    free(m->types);
    if (m->extra) {
        for (uint32_t i = 0; i < m->num_extra; i++) free(m->extra[i].data);
        free(m->extra);
    }
    free(m);
}

/* Literal heaps of purged code. Processes may still hold terms in them
 * (erts copies those into the process heaps first: its literal area
 * collector); Laser keeps them for the VM's life instead. */
static pthread_mutex_t retired_lock = PTHREAD_MUTEX_INITIALIZER;
static heap_t *retired;
static size_t nretired, retired_cap;

void module_retire(ld_module_t *m)
{
    if (!m) return;
    pthread_mutex_lock(&retired_lock);
    if (nretired == retired_cap) {
        retired_cap = retired_cap ? 2 * retired_cap : 16;
        retired = realloc(retired, retired_cap * sizeof *retired);
        if (!retired) laser_oom("retired literals", retired_cap * sizeof *retired);
    }
    retired[nretired++] = m->literal_heap;
    pthread_mutex_unlock(&retired_lock);
    memset(&m->literal_heap, 0, sizeof m->literal_heap);
    module_free(m);
}

const ld_function_t *module_function_at(const ld_module_t *m, size_t pos)
{
    /* functions are in code order: find the last one starting at or before pos */
    uint32_t lo = 0, hi = m->num_functions;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->functions[mid].info <= pos) lo = mid + 1;
        else hi = mid;
    }
    return lo ? &m->functions[lo - 1] : NULL;
}

uint32_t module_line_at(const ld_module_t *m, size_t pos)
{
    uint32_t lo = 0, hi = m->num_line_refs;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->line_refs[mid].offset <= pos) lo = mid + 1;
        else hi = mid;
    }
    return lo ? m->line_refs[lo - 1].line : 0;
}

const ld_chunk_t *module_chunk(const ld_module_t *m, const char id[4])
{
    for (uint32_t i = 0; i < m->num_extra; i++)
        if (memcmp(m->extra[i].id, id, 4) == 0) return &m->extra[i];
    return NULL;
}

/* ---- the table ---- */

typedef struct {
    term name; /* 0 = empty slot */
    ld_module_t *current, *old;
    ld_module_t *pending; /* loaded, its on_load function not finished */
    bool pending_failed;  /* its on_load failed: waiting to be purged */
} slot_t;

/* The purge under way (erts_internal:purge_module/2): the module, and the
 * old version a purge of failed on_load code set aside. */
static term purging;
static ld_module_t *saved_old;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static slot_t *slots;
static size_t nslots, nused, ncurrent;

/* ---- the code range index (see the top of the file) ---- */

typedef struct {
    _Atomic uintptr_t start, end; /* [start, end) of the module's code */
    _Atomic(ld_module_t *) m;
} code_range_t;

typedef struct code_index {
    struct code_index *retired; /* the index this one replaced */
    size_t cap;
    _Atomic size_t n;
    code_range_t e[];
} code_index_t;

static _Atomic unsigned ix_seq;
static _Atomic(code_index_t *) ix_cur;
static ld_module_t **ix_scratch; /* the writer's list, sorted before the copy */
static size_t ix_scratch_cap;

static int by_start(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)(*(ld_module_t *const *)a)->code, y = (uintptr_t)(*(ld_module_t *const *)b)->code;
    return (x > y) - (x < y);
}

static void ix_add(size_t *n, ld_module_t *m)
{
    if (!m || !m->code || !m->code_size) return;
    if (*n == ix_scratch_cap) {
        ix_scratch_cap = ix_scratch_cap ? 2 * ix_scratch_cap : 256;
        ix_scratch = realloc(ix_scratch, ix_scratch_cap * sizeof *ix_scratch);
        if (!ix_scratch) laser_oom("code index", ix_scratch_cap * sizeof *ix_scratch);
    }
    ix_scratch[(*n)++] = m;
}

/* Called with the lock held after every change of which versions the
 * table holds (current, old, pending, and an old version a purge of
 * on_load code set aside). Code ranges never overlap (separate mallocs). */
static void ix_rebuild(void)
{
    size_t n = 0;
    for (size_t i = 0; i < nslots; i++) {
        if (!slots[i].name) continue;
        ix_add(&n, slots[i].current);
        ix_add(&n, slots[i].old);
        ix_add(&n, slots[i].pending);
    }
    ix_add(&n, saved_old);
    if (n > 1) qsort(ix_scratch, n, sizeof *ix_scratch, by_start);
    code_index_t *x = atomic_load_explicit(&ix_cur, memory_order_relaxed);
    if (!x || x->cap < n) {
        size_t cap = x ? 2 * x->cap : 256;
        while (cap < n) cap *= 2;
        code_index_t *nx = calloc(1, sizeof *nx + cap * sizeof nx->e[0]);
        if (!nx) laser_oom("code index", cap * sizeof nx->e[0]);
        nx->cap = cap;
        nx->retired = x;
        x = nx;
    }
    unsigned seq = atomic_load_explicit(&ix_seq, memory_order_relaxed);
    atomic_store_explicit(&ix_seq, seq + 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    for (size_t i = 0; i < n; i++) {
        ld_module_t *m = ix_scratch[i];
        atomic_store_explicit(&x->e[i].start, (uintptr_t)m->code, memory_order_relaxed);
        atomic_store_explicit(&x->e[i].end, (uintptr_t)(m->code + m->code_size), memory_order_relaxed);
        atomic_store_explicit(&x->e[i].m, m, memory_order_relaxed);
    }
    atomic_store_explicit(&x->n, n, memory_order_relaxed);
    atomic_store_explicit(&ix_cur, x, memory_order_release);
    atomic_store_explicit(&ix_seq, seq + 2, memory_order_release);
}

/* Unlock after a change of the versions the table holds. */
static void unlock_changed(void)
{
    ix_rebuild();
    pthread_mutex_unlock(&lock);
}

static size_t find(term name)
{
    size_t mask = nslots - 1, i = (size_t)((name * UINT64_C(0x9E3779B97F4A7C15)) >> 20) & mask;
    while (slots[i].name && slots[i].name != name) i = (i + 1) & mask;
    return i;
}

static slot_t *get_slot(term name, bool create)
{
    if (!nslots) {
        if (!create) return NULL;
        nslots = 256;
        slots = calloc(nslots, sizeof *slots);
        if (!slots) laser_oom("module table", nslots * sizeof *slots);
    }
    size_t i = find(name);
    if (slots[i].name) return &slots[i];
    if (!create) return NULL;
    if ((nused + 1) * 2 > nslots) {
        slot_t *old = slots;
        size_t on = nslots;
        nslots *= 2;
        slots = calloc(nslots, sizeof *slots);
        if (!slots) laser_oom("module table", nslots * sizeof *slots);
        for (size_t j = 0; j < on; j++)
            if (old[j].name) slots[find(old[j].name)] = old[j];
        free(old);
        i = find(name);
    }
    slots[i].name = name;
    nused++;
    return &slots[i];
}

static void bind_funs(ld_module_t *m, bool on);

static bool exported(const ld_module_t *m, term f, uint32_t a)
{
    for (uint32_t i = 0; i < m->num_exports; i++)
        if (m->exports[i].function == f && m->exports[i].arity == a) return true;
    return false;
}

/* A NIF the module does not export (prim_file:read_nif/2) is a local
 * function in OTP: a remote call is undef. Its BIF stays for the
 * module's local calls (vm.c threads those to the BIF). */
static void hide_local_bifs(ld_module_t *m)
{
    for (uint32_t i = 0; i < m->num_functions; i++) {
        const ld_function_t *f = &m->functions[i];
        if (!bif_lookup(m->name, f->name, f->arity) || exported(m, f->name, f->arity)) continue;
        export_entry_t *e = export_get(m->name, f->name, f->arity);
        if (!e || atomic_load(&e->owner)) continue;
        e->bif_index = 0;
        atomic_store(&e->address, NULL);
    }
}

static void bind(ld_module_t *m, bool on)
{
    if (on) hide_local_bifs(m);
    for (uint32_t i = 0; i < m->num_exports; i++) {
        export_entry_t *e = m->exports[i].ep;
        if (on) {
            /* an address without an owner is a BIF's stub (vm.c): a BIF
             * wins over a module's export of the same name, as in OTP */
            if (atomic_load(&e->address) && !atomic_load(&e->owner)) continue;
            /* an erts module's stub of a BIF Laser lacks stays undef */
            if (m->preloaded && m->exports[i].bif_stub) continue;
            atomic_store(&e->owner, m);
            atomic_store(&e->address, (const void *)&m->code[m->exports[i].entry]);
        } else if (atomic_load(&e->owner) == m) {
            atomic_store(&e->address, NULL);
            atomic_store(&e->owner, NULL);
        }
    }
    bind_funs(m, on);
}

static void bind_funs(ld_module_t *m, bool on)
{
    for (uint32_t i = 0; i < m->num_lambdas; i++) {
        fun_entry_t *f = m->lambdas[i].fe;
        if (on) {
            f->name = m->lambdas[i].function;
            funtab_pin(f);
            atomic_store(&f->address, (const void *)&m->code[m->lambdas[i].entry]);
        } else if (atomic_load(&f->address) == (const void *)&m->code[m->lambdas[i].entry]) {
            atomic_store(&f->address, NULL);
        }
    }
}

/* Called with the lock held. */
static module_err_t install_locked(slot_t *s, ld_module_t *m)
{
    if (s->current && s->old) return MODULE_NOT_PURGED;
    if (s->current) {
        bind(s->current, false);
        s->old = s->current;
        ncurrent--;
    }
    s->current = m;
    ncurrent++;
    bind(m, true);
    return MODULE_OK;
}

module_err_t module_install(ld_module_t *m)
{
    pthread_mutex_lock(&lock);
    module_err_t r = install_locked(get_slot(m->name, true), m);
    unlock_changed();
    return r;
}

module_err_t module_install_pending(ld_module_t *m)
{
    pthread_mutex_lock(&lock);
    slot_t *s = get_slot(m->name, true);
    if (s->pending || (s->current && s->old)) {
        pthread_mutex_unlock(&lock);
        return MODULE_NOT_PURGED;
    }
    s->pending = m;
    /* its own funs must run (the on_load function may make and call
     * them); its exports stay unbound until it succeeds */
    bind_funs(m, true);
    unlock_changed();
    return MODULE_OK;
}

ld_module_t *module_pending(term name)
{
    pthread_mutex_lock(&lock);
    slot_t *s = get_slot(name, false);
    ld_module_t *m = s && !s->pending_failed ? s->pending : NULL;
    pthread_mutex_unlock(&lock);
    return m;
}

ld_module_t *module_finish_on_load(term name, bool keep)
{
    pthread_mutex_lock(&lock);
    slot_t *s = get_slot(name, false);
    ld_module_t *m = s ? s->pending : NULL;
    if (!m) {
        pthread_mutex_unlock(&lock);
        return NULL;
    }
    s->pending = NULL;
    if (keep && install_locked(s, m) == MODULE_OK) {
        unlock_changed();
        return NULL;
    }
    /* dropped: the current version (if any) gets its funs back */
    bind_funs(m, false);
    if (s->current) bind_funs(s->current, true);
    unlock_changed();
    return m;
}

int module_on_load_done(term name, bool keep)
{
    pthread_mutex_lock(&lock);
    slot_t *s = get_slot(name, false);
    int r = -1;
    if (s && s->pending && !s->pending_failed) {
        r = 0;
        if (keep && install_locked(s, s->pending) == MODULE_OK) {
            s->pending = NULL;
        } else {
            /* kept until erts_code_purger purges it (prepare_on_load) */
            s->pending_failed = true;
            bind_funs(s->pending, false);
            if (s->current) bind_funs(s->current, true);
        }
    }
    unlock_changed();
    return r;
}

int module_purge_prepare(term name, bool on_load)
{
    pthread_mutex_lock(&lock);
    int r = 0;
    slot_t *s = get_slot(name, false);
    if (purging) {
        r = -1;
    } else if (s && on_load) {
        if (s->pending && s->pending_failed) {
            saved_old = s->old;
            s->old = s->pending;
            s->pending = NULL;
            s->pending_failed = false;
        }
    }
    if (r == 0 && s && s->old) {
        purging = name;
        r = 1;
    } else if (r == 0 && saved_old) {
        s->old = saved_old; /* nothing to purge after all */
        saved_old = NULL;
    }
    unlock_changed();
    return r;
}

int module_purge_end(term name, bool complete)
{
    pthread_mutex_lock(&lock);
    if (!purging || purging != name) {
        pthread_mutex_unlock(&lock);
        return -1;
    }
    purging = 0;
    slot_t *s = get_slot(name, false);
    ld_module_t *m = NULL;
    if (complete && s) {
        m = s->old;
        s->old = saved_old;
        saved_old = NULL;
    }
    unlock_changed();
    module_retire(m);
    return m != NULL;
}

bool module_old_contains(term name, const void *pc)
{
    pthread_mutex_lock(&lock);
    slot_t *s = get_slot(name, false);
    const ld_module_t *m = s ? s->old : NULL;
    bool r = m && pc && (const uint64_t *)pc >= m->code && (const uint64_t *)pc < m->code + m->code_size;
    pthread_mutex_unlock(&lock);
    return r;
}

ld_module_t *module_current(term name)
{
    pthread_mutex_lock(&lock);
    slot_t *s = get_slot(name, false);
    ld_module_t *m = s ? s->current : NULL;
    pthread_mutex_unlock(&lock);
    return m;
}

ld_module_t *module_old(term name)
{
    pthread_mutex_lock(&lock);
    slot_t *s = get_slot(name, false);
    ld_module_t *m = s ? s->old : NULL;
    pthread_mutex_unlock(&lock);
    return m;
}

bool module_purge(term name)
{
    pthread_mutex_lock(&lock);
    slot_t *s = get_slot(name, false);
    ld_module_t *m = s ? s->old : NULL;
    if (m) s->old = NULL;
    unlock_changed();
    module_retire(m);
    return m != NULL;
}

module_err_t module_delete(term name)
{
    pthread_mutex_lock(&lock);
    slot_t *s = get_slot(name, false);
    if (!s) {
        pthread_mutex_unlock(&lock);
        return MODULE_UNKNOWN;
    }
    if (s->old) {
        pthread_mutex_unlock(&lock);
        return MODULE_NOT_PURGED;
    }
    if (s->current) {
        bind(s->current, false);
        s->old = s->current;
        s->current = NULL;
        ncurrent--;
    }
    pthread_mutex_unlock(&lock);
    return MODULE_OK;
}

size_t module_current_names(term *out, size_t cap)
{
    pthread_mutex_lock(&lock);
    size_t n = 0;
    for (size_t i = 0; i < nslots; i++)
        if (slots[i].name && (slots[i].current || slots[i].old)) {
            if (n < cap) out[n] = slots[i].name;
            n++;
        }
    pthread_mutex_unlock(&lock);
    return n;
}

size_t module_count(void)
{
    pthread_mutex_lock(&lock);
    size_t n = ncurrent;
    pthread_mutex_unlock(&lock);
    return n;
}

/* Each thread's last answers (a trace's frames are in a few modules, and
 * its walk ends at the same stub outside every module each time): valid
 * while the index's sequence number is the one they were found at. A
 * miss is kept as the one-byte range [pc, pc + 1) with no module. */
#define IX_LAST 4
static _Thread_local struct {
    unsigned seq, next;
    struct {
        uintptr_t start, end;
        ld_module_t *m;
    } e[IX_LAST];
} ix_last;

ld_module_t *module_by_code(const void *pc)
{
    uintptr_t a = (uintptr_t)pc;
    for (;;) {
        unsigned seq = atomic_load_explicit(&ix_seq, memory_order_acquire);
        if (seq & 1) {
            sched_yield(); /* a writer is copying (a few hundred words) */
            continue;
        }
        if (ix_last.seq == seq) {
            for (int i = 0; i < IX_LAST; i++)
                if (a >= ix_last.e[i].start && a < ix_last.e[i].end) return ix_last.e[i].m;
        }
        code_index_t *x = atomic_load_explicit(&ix_cur, memory_order_acquire);
        ld_module_t *r = NULL;
        uintptr_t start = a, end = a + 1;
        if (x) {
            size_t lo = 0, hi = atomic_load_explicit(&x->n, memory_order_relaxed);
            if (hi > x->cap) hi = x->cap; /* torn: the retry below catches it */
            /* the last range starting at or before a */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (atomic_load_explicit(&x->e[mid].start, memory_order_relaxed) <= a) lo = mid + 1;
                else hi = mid;
            }
            if (lo && a < atomic_load_explicit(&x->e[lo - 1].end, memory_order_relaxed)) {
                start = atomic_load_explicit(&x->e[lo - 1].start, memory_order_relaxed);
                end = atomic_load_explicit(&x->e[lo - 1].end, memory_order_relaxed);
                r = atomic_load_explicit(&x->e[lo - 1].m, memory_order_relaxed);
            }
        }
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&ix_seq, memory_order_relaxed) != seq) continue;
        if (ix_last.seq != seq) memset(&ix_last, 0, sizeof ix_last), ix_last.seq = seq;
        unsigned k = ix_last.next++ % IX_LAST;
        ix_last.e[k].start = start, ix_last.e[k].end = end, ix_last.e[k].m = r;
        return r;
    }
}

size_t module_memory(void)
{
    size_t bytes = 0;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nslots; i++) {
        const ld_module_t *v[2] = {slots[i].current, slots[i].old};
        for (int k = 0; k < 2; k++)
            if (v[k]) bytes += sizeof *v[k] + 8 * (v[k]->code_size + v[k]->literal_heap.words) + v[k]->strings_size;
    }
    pthread_mutex_unlock(&lock);
    return bytes;
}
