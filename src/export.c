/*
 * export.c - the global export table of export.h.
 *
 * An open-addressing hash table of pointers to individually allocated
 * entries; entries never move and are never freed, so their addresses can be
 * baked into loaded code. One mutex guards the table (lookups happen at load
 * time and on apply/external fun decode, not on every call: calls go through
 * the entry pointer the loader bound).
 */
#include "export.h"

#include "heap.h"

#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static export_entry_t **slots; /* power-of-two sized, NULL = empty */
static size_t nslots, count;

static uint64_t mfa_hash(term m, term f, uint32_t a)
{
    uint64_t h = m * UINT64_C(0x9E3779B97F4A7C15);
    h ^= f + UINT64_C(0xBF58476D1CE4E5B9) + (h << 6) + (h >> 2);
    h ^= a + UINT64_C(0x94D049BB133111EB) + (h << 6) + (h >> 2);
    return h ^ (h >> 29);
}

/* Slot of (m, f, a) or of the empty slot where it would go. Lock held. */
static size_t find_slot(term m, term f, uint32_t a)
{
    size_t mask = nslots - 1, i = (size_t)mfa_hash(m, f, a) & mask;
    for (;;) {
        export_entry_t *e = slots[i];
        if (!e || (e->module == m && e->function == f && e->arity == a)) return i;
        i = (i + 1) & mask;
    }
}

static void grow(void)
{
    size_t old_n = nslots;
    export_entry_t **old = slots;
    nslots = old_n ? old_n * 2 : 4096;
    slots = calloc(nslots, sizeof *slots);
    if (!slots) laser_oom("export table", nslots * sizeof *slots);
    for (size_t i = 0; i < old_n; i++)
        if (old[i]) slots[find_slot(old[i]->module, old[i]->function, old[i]->arity)] = old[i];
    free(old);
}

export_entry_t *export_put(term module, term function, uint32_t arity)
{
    pthread_mutex_lock(&lock);
    if ((count + 1) * 2 > nslots) grow();
    size_t i = find_slot(module, function, arity);
    export_entry_t *e = slots[i];
    if (!e) {
        e = calloc(1, sizeof *e);
        if (!e) laser_oom("export entry", sizeof *e);
        e->module = module;
        e->function = function;
        e->arity = arity;
        e->fun_term[0] = hdr_make(1, HDR_EXPORT);
        e->fun_term[1] = (term)(uintptr_t)e;
        slots[i] = e;
        count++;
    }
    pthread_mutex_unlock(&lock);
    return e;
}

export_entry_t *export_get(term module, term function, uint32_t arity)
{
    export_entry_t *e = NULL;
    pthread_mutex_lock(&lock);
    if (nslots) e = slots[find_slot(module, function, arity)];
    pthread_mutex_unlock(&lock);
    return e;
}

term export_fun_term(export_entry_t *e) { return term_from_boxed_ptr(e->fun_term); }

size_t export_count(void)
{
    pthread_mutex_lock(&lock);
    size_t n = count;
    pthread_mutex_unlock(&lock);
    return n;
}
