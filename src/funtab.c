/*
 * funtab.c - the global fun table of funtab.h.
 *
 * A chained hash table keyed by (module, index, uniq). An entry lives while
 * fun terms or a loaded module hold references to it, or for good once
 * pinned (funtab.h): the module's reference is then never returned, so the
 * count cannot reach zero. Lookups and the final
 * release (1 -> 0) take the table mutex, so an entry can never be found by
 * funtab_get while another thread frees it; funtab_retain only needs an
 * atomic increment because its caller already owns a reference, and a
 * release that leaves references a compare-and-swap.
 */
#include "funtab.h"

#include "heap.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct node {
    struct node *next;
    fun_entry_t e;
} node_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static node_t **buckets;
static size_t nbuckets, count;

static size_t key_hash(term module, uint32_t index, const uint8_t uniq[16])
{
    uint64_t u;
    memcpy(&u, uniq, sizeof u);
    uint64_t h = module * UINT64_C(0x9E3779B97F4A7C15) ^ (index + UINT64_C(0xBF58476D1CE4E5B9)) ^ u;
    h ^= h >> 31;
    h *= UINT64_C(0x94D049BB133111EB);
    return (size_t)(h ^ (h >> 29));
}

static void grow(void)
{
    size_t n = nbuckets ? nbuckets * 2 : 1024;
    node_t **nb = calloc(n, sizeof *nb);
    if (!nb) laser_oom("fun table", n * sizeof *nb);
    for (size_t i = 0; i < nbuckets; i++) {
        node_t *p = buckets[i];
        while (p) {
            node_t *next = p->next;
            size_t j = key_hash(p->e.module, p->e.index, p->e.uniq) & (n - 1);
            p->next = nb[j];
            nb[j] = p;
            p = next;
        }
    }
    free(buckets);
    buckets = nb;
    nbuckets = n;
}

fun_entry_t *funtab_get(term module, uint32_t index, const uint8_t uniq[16], uint32_t old_index,
                        uint32_t old_uniq, uint32_t arity, uint32_t num_free)
{
    pthread_mutex_lock(&lock);
    if (count >= nbuckets) grow();
    size_t b = key_hash(module, index, uniq) & (nbuckets - 1);
    node_t *p = buckets[b];
    /* OTP 25's key (erl_fun.c): two funs differing only in old index, old
     * uniq or arity are different funs and must compare as such */
    while (p && !(p->e.module == module && p->e.index == index && memcmp(p->e.uniq, uniq, 16) == 0 &&
                  p->e.old_index == old_index && p->e.old_uniq == old_uniq && p->e.arity == arity))
        p = p->next;
    if (p) {
        atomic_fetch_add(&p->e.refc, 1);
    } else {
        p = calloc(1, sizeof *p);
        if (!p) laser_oom("fun entry", sizeof *p);
        p->e.module = module;
        p->e.index = index;
        p->e.old_index = old_index;
        p->e.old_uniq = old_uniq;
        memcpy(p->e.uniq, uniq, 16);
        p->e.arity = arity;
        p->e.num_free = num_free;
        p->e.name = NIL;
        atomic_store(&p->e.address, NULL);
        atomic_store(&p->e.refc, 1);
        p->next = buckets[b];
        buckets[b] = p;
        count++;
    }
    pthread_mutex_unlock(&lock);
    return &p->e;
}

void funtab_retain(fun_entry_t *e)
{
    if (!funtab_pinned(e)) atomic_fetch_add(&e->refc, 1);
}

void funtab_pin(fun_entry_t *e) { atomic_store(&e->pinned, true); }

void funtab_release(fun_entry_t *e)
{
    /* pinned: the count no longer matters (and its holder, the module that
     * pinned it, keeps it above zero) */
    if (funtab_pinned(e)) return;
    /* not the last reference: no lock (every fun term the GC frees comes
     * here); only a drop from 1 to 0, under the lock, frees */
    uint64_t r = atomic_load_explicit(&e->refc, memory_order_relaxed);
    while (r > 1)
        if (atomic_compare_exchange_weak_explicit(&e->refc, &r, r - 1, memory_order_release, memory_order_relaxed))
            return;
    pthread_mutex_lock(&lock);
    if (atomic_fetch_sub(&e->refc, 1) == 1) {
        size_t b = key_hash(e->module, e->index, e->uniq) & (nbuckets - 1);
        node_t **pp = &buckets[b];
        while (*pp && &(*pp)->e != e) pp = &(*pp)->next;
        if (*pp) {
            node_t *dead = *pp;
            *pp = dead->next;
            count--;
            free(dead);
        }
    }
    pthread_mutex_unlock(&lock);
}
