/* res.c - resources and their magic references (see res.h). */
#include "res.h"

#include <pthread.h>
#include <stdlib.h>

#define RES_REF_MARK 0xC0000000u
#define RES_GEN_LOW_BITS 18
#define RES_GEN_MAX ((UINT64_C(1) << 48) - 1)

typedef struct {
    res_t *obj;   /* NULL: free */
    uint64_t gen; /* of the current (or last) object */
    uint32_t next_free;
} res_slot_t;

#define RES_NO_SLOT UINT32_MAX

static pthread_mutex_t res_lock = PTHREAD_MUTEX_INITIALIZER;
static res_slot_t *res_table;
static uint32_t res_nslots, res_cap, res_free = RES_NO_SLOT;
static res_t *res_owned; /* objects of types with owner_exit */
/* lets res_proc_exit skip the lock when no object has an owner_exit */
static _Atomic uint32_t res_nowned;

static term make_mref(heap_t *h, res_t *r)
{
    term_mref_t *m = (term_mref_t *)heap_alloc(h, MREF_WORDS);
    m->header = hdr_make(MREF_WORDS - 1, HDR_REF);
    m->obj = r;
    m->num[0] = r->num[0];
    m->num[1] = r->num[1];
    m->num[2] = r->num[2];
    m->num[3] = 0;
    heap_link_offheap(h, (term_offheap_hdr_t *)m);
    return term_from_boxed_ptr((term *)m);
}

static void owned_unlink(res_t *r)
{
    if (!r->owned) return;
    r->owned = false;
    if (r->own_prev) r->own_prev->own_next = r->own_next;
    else res_owned = r->own_next;
    if (r->own_next) r->own_next->own_prev = r->own_prev;
    atomic_fetch_sub_explicit(&res_nowned, 1, memory_order_relaxed);
}

void res_init(res_t *r, const res_type_t *type, term owner)
{
    r->type = type;
    /* the term's count, and a pinned object's own */
    atomic_init(&r->refc, type->pinned ? 2 : 1);
    atomic_init(&r->owner, owner);
    atomic_init(&r->released, false);
    r->vheap_words = 0;
    r->owned = false;
    pthread_mutex_lock(&res_lock);
    uint32_t slot = res_free;
    if (slot != RES_NO_SLOT) {
        res_free = res_table[slot].next_free;
    } else {
        if (res_nslots == res_cap) {
            uint32_t nc = res_cap ? res_cap * 2 : 64;
            res_slot_t *t = realloc(res_table, nc * sizeof *t);
            if (!t) laser_oom("the resource table", nc * sizeof *t);
            res_table = t;
            res_cap = nc;
        }
        slot = res_nslots++;
        res_table[slot].gen = 0;
    }
    /* a slot whose generations ran out is retired (2^48 reuses) */
    uint64_t gen = ++res_table[slot].gen;
    res_table[slot].obj = r;
    r->slot = slot;
    r->num[0] = (uint32_t)(gen & ((1u << RES_GEN_LOW_BITS) - 1));
    r->num[1] = slot;
    r->num[2] = RES_REF_MARK | (uint32_t)(gen >> RES_GEN_LOW_BITS);
    if (type->owner_exit) {
        r->owned = true;
        r->own_prev = NULL;
        r->own_next = res_owned;
        if (res_owned) res_owned->own_prev = r;
        res_owned = r;
        atomic_fetch_add_explicit(&res_nowned, 1, memory_order_relaxed);
    }
    pthread_mutex_unlock(&res_lock);
}

term res_register(heap_t *h, res_t *r, const res_type_t *type, term owner)
{
    res_init(r, type, owner);
    return make_mref(h, r);
}

term res_handle(heap_t *h, res_t *r)
{
    res_retain(r);
    return make_mref(h, r);
}

res_t *res_peek(term t, const res_type_t *type, res_status_t *st)
{
    if (!term_is_mref(t) || res_of_mref((term_offheap_hdr_t *)term_boxed_ptr(t))->type != type) {
        *st = RES_BAD;
        return NULL;
    }
    res_t *r = res_of_mref((term_offheap_hdr_t *)term_boxed_ptr(t));
    *st = atomic_load_explicit(&r->released, memory_order_acquire) ? RES_STALE : RES_OK;
    return r;
}

res_status_t res_lookup(term t, const res_type_t *type, res_t **out)
{
    res_status_t st;
    res_t *r = res_peek(t, type, &st);
    *out = NULL;
    if (st == RES_OK) {
        res_retain(r);
        *out = r;
    }
    return st;
}

void res_retain(res_t *r) { atomic_fetch_add_explicit(&r->refc, 1, memory_order_relaxed); }

void res_unref(res_t *r)
{
    if (atomic_fetch_sub_explicit(&r->refc, 1, memory_order_acq_rel) != 1) return;
    /* res_revive only counts up from non-zero under the lock, so nothing
     * can find r any more */
    pthread_mutex_lock(&res_lock);
    res_table[r->slot].obj = NULL;
    if (res_table[r->slot].gen < RES_GEN_MAX) {
        res_table[r->slot].next_free = res_free;
        res_free = r->slot;
    }
    owned_unlink(r);
    pthread_mutex_unlock(&res_lock);
    r->type->dtor(r);
}

bool res_release(res_t *r)
{
    bool was = false;
    if (!atomic_compare_exchange_strong(&r->released, &was, true)) return false;
    pthread_mutex_lock(&res_lock);
    owned_unlink(r);
    pthread_mutex_unlock(&res_lock);
    if (r->type->pinned) res_unref(r);
    return true;
}

term res_owner(const res_t *r) { return atomic_load_explicit(&r->owner, memory_order_acquire); }

void res_set_owner(res_t *r, term pid) { atomic_store_explicit(&r->owner, pid, memory_order_release); }

void res_set_size(res_t *r, uint64_t bytes) { r->vheap_words = bytes / sizeof(term); }

/* Under the lock (which keeps r from being freed) or another that keeps
 * it: a count on r unless its last one went already. */
bool res_retain_live(res_t *r)
{
    uint64_t c = atomic_load_explicit(&r->refc, memory_order_relaxed);
    do {
        if (c == 0) return false;
    } while (!atomic_compare_exchange_weak_explicit(&r->refc, &c, c + 1, memory_order_relaxed, memory_order_relaxed));
    return true;
}

term res_revive(heap_t *h, const uint32_t num[3])
{
    if ((num[2] & RES_REF_MARK) != RES_REF_MARK || num[0] >> RES_GEN_LOW_BITS) return THE_NON_VALUE;
    uint32_t slot = num[1];
    uint64_t gen = (uint64_t)num[0] | (uint64_t)(num[2] & ~RES_REF_MARK) << RES_GEN_LOW_BITS;
    res_t *r = NULL;
    pthread_mutex_lock(&res_lock);
    if (slot < res_nslots && res_table[slot].gen == gen && res_table[slot].obj) {
        r = res_table[slot].obj;
        if (!res_retain_live(r)) r = NULL; /* its last count is going: as erts, a dead one */
    }
    pthread_mutex_unlock(&res_lock);
    return r ? make_mref(h, r) : THE_NON_VALUE;
}

static void (*_Atomic res_exit_hook)(term pid);

void res_on_exit(void (*fn)(term pid)) { atomic_store_explicit(&res_exit_hook, fn, memory_order_release); }

static void owned_exit(term pid);

void res_proc_exit(term pid)
{
    owned_exit(pid);
    void (*hook)(term) = atomic_load_explicit(&res_exit_hook, memory_order_acquire);
    if (hook) hook(pid);
}

static void owned_exit(term pid)
{
    if (!atomic_load_explicit(&res_nowned, memory_order_relaxed)) return;
    res_t **mine = NULL;
    size_t n = 0, cap = 0;
    pthread_mutex_lock(&res_lock);
    for (res_t *r = res_owned; r; r = r->own_next) {
        if (res_owner(r) != pid || !res_retain_live(r)) continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            res_t **m = realloc(mine, nc * sizeof *m);
            if (!m) laser_oom("an exiting process's resources", nc * sizeof *m);
            mine = m;
            cap = nc;
        }
        res_set_owner(r, NIL); /* seen once */
        mine[n++] = r;
    }
    pthread_mutex_unlock(&res_lock);
    for (size_t i = 0; i < n; i++) {
        mine[i]->type->owner_exit(mine[i]);
        res_unref(mine[i]);
    }
    free(mine);
}

size_t res_count(const res_type_t *type)
{
    size_t n = 0;
    pthread_mutex_lock(&res_lock);
    for (uint32_t i = 0; i < res_nslots; i++) {
        res_t *r = res_table[i].obj;
        if (r && (!type || r->type == type) && !atomic_load(&r->released)) n++;
    }
    pthread_mutex_unlock(&res_lock);
    return n;
}
