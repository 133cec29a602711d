/* res.c - the resource table (see res.h). */
#include "res.h"

#include <pthread.h>
#include <stdlib.h>

#define RES_REF_MARK 0xC0000000u
#define RES_GEN_LOW_BITS 18
#define RES_GEN_MAX ((UINT64_C(1) << 48) - 1)

typedef struct {
    res_t *obj; /* NULL: free */
    uint64_t gen; /* of the current (or last) object */
    uint32_t next_free;
} res_slot_t;

static pthread_mutex_t res_lock = PTHREAD_MUTEX_INITIALIZER;
static res_slot_t *res_table;
static uint32_t res_nslots, res_cap, res_free = RES_NO_SLOT;
/* Registered objects: lets res_proc_exit skip the lock when there is none. */
static _Atomic uint32_t res_live;

static term make_handle(heap_t *h, uint32_t slot, uint64_t gen)
{
    term *r = heap_alloc(h, 3);
    r[0] = hdr_make(2, HDR_REF);
    r[1] = r[2] = 0;
    uint32_t *num = (uint32_t *)(r + 1);
    num[0] = (uint32_t)(gen & ((1u << RES_GEN_LOW_BITS) - 1));
    num[1] = slot;
    num[2] = RES_REF_MARK | (uint32_t)(gen >> RES_GEN_LOW_BITS);
    return term_from_boxed_ptr(r);
}

term res_register(heap_t *h, res_t *r, const res_type_t *type, term owner)
{
    r->type = type;
    atomic_init(&r->refc, 1);
    r->owner = owner;
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
    atomic_fetch_add_explicit(&res_live, 1, memory_order_relaxed);
    pthread_mutex_unlock(&res_lock);
    return make_handle(h, slot, gen);
}

term res_handle(heap_t *h, const res_t *r)
{
    pthread_mutex_lock(&res_lock);
    uint32_t slot = r->slot;
    uint64_t gen = slot != RES_NO_SLOT ? res_table[slot].gen : 0;
    pthread_mutex_unlock(&res_lock);
    return make_handle(h, slot, gen);
}

res_status_t res_lookup(term t, const res_type_t *type, res_t **out)
{
    *out = NULL;
    if (!term_is_local_ref(t)) return RES_BAD;
    const uint32_t *num = term_ref_numbers(t);
    if ((num[2] & RES_REF_MARK) != RES_REF_MARK || num[0] >> RES_GEN_LOW_BITS) return RES_BAD;
    uint32_t slot = num[1];
    uint64_t gen = (uint64_t)num[0] | (uint64_t)(num[2] & ~RES_REF_MARK) << RES_GEN_LOW_BITS;
    res_status_t st;
    pthread_mutex_lock(&res_lock);
    if (slot >= res_nslots || gen == 0 || gen > res_table[slot].gen) {
        st = RES_BAD; /* never handed out */
    } else if (gen < res_table[slot].gen || !res_table[slot].obj) {
        /* released; the type is unknown now, as OTP's would be known: a
         * stale handle of another type answers as a stale one of this */
        st = RES_STALE;
    } else if (res_table[slot].obj->type != type) {
        st = RES_BAD;
    } else {
        *out = res_table[slot].obj;
        atomic_fetch_add_explicit(&(*out)->refc, 1, memory_order_relaxed);
        st = RES_OK;
    }
    pthread_mutex_unlock(&res_lock);
    return st;
}

void res_unref(res_t *r)
{
    if (atomic_fetch_sub_explicit(&r->refc, 1, memory_order_acq_rel) == 1) r->type->dtor(r);
}

bool res_release(res_t *r)
{
    pthread_mutex_lock(&res_lock);
    uint32_t slot = r->slot;
    bool was = slot != RES_NO_SLOT;
    if (was) {
        res_table[slot].obj = NULL;
        r->slot = RES_NO_SLOT;
        if (res_table[slot].gen < RES_GEN_MAX) {
            res_table[slot].next_free = res_free;
            res_free = slot;
        }
        atomic_fetch_sub_explicit(&res_live, 1, memory_order_relaxed);
    }
    pthread_mutex_unlock(&res_lock);
    if (was) res_unref(r);
    return was;
}

void res_proc_exit(term pid)
{
    if (!atomic_load_explicit(&res_live, memory_order_relaxed)) return;
    res_t **mine = NULL;
    size_t n = 0, cap = 0;
    pthread_mutex_lock(&res_lock);
    for (uint32_t i = 0; i < res_nslots; i++) {
        res_t *r = res_table[i].obj;
        if (!r || r->owner != pid) continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            res_t **m = realloc(mine, nc * sizeof *m);
            if (!m) laser_oom("an exiting process's resources", nc * sizeof *m);
            mine = m;
            cap = nc;
        }
        r->owner = NIL; /* seen once */
        atomic_fetch_add_explicit(&r->refc, 1, memory_order_relaxed);
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
    for (uint32_t i = 0; i < res_nslots; i++)
        if (res_table[i].obj && (!type || res_table[i].obj->type == type)) n++;
    pthread_mutex_unlock(&res_lock);
    return n;
}
