/*
 * ets.c - ETS storage, locking and the table registry (see ets.h).
 */
#include "ets.h"

#include "atom.h"
#include "cmp.h"
#include "copy.h"
#include "etf.h"
#include "hash.h"
#include "scheduler.h"
#include "timer.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* erts' segment sizes: the first segment has 256 slots, the others 2048 */
#define SEG1 256u
#define SEGX 2048u
#define GROW_STEPS 5 /* splits or joins per operation, as erts */

/* ---------------------------------------------------------------------
 * Objects
 * ------------------------------------------------------------------- */
static inline term *obj_data(ets_obj_t *o) { return (term *)&o->fwd[o->level]; }

ets_obj_t *ets_obj_new(term tuple, unsigned level)
{
    size_t n = copy_size(tuple);
    size_t bytes = sizeof(ets_obj_t) + level * sizeof(ets_obj_t *) + n * sizeof(term);
    ets_obj_t *o = malloc(bytes);
    if (!o) laser_oom("ets object", bytes);
    memset(o, 0, sizeof *o + level * sizeof(ets_obj_t *));
    o->level = (uint8_t)level;
    o->nwords = n;
    /* a window onto the object's own words: copy_term never leaves it */
    heap_t h;
    heap_init(&h);
    h.top = obj_data(o);
    h.limit = h.top + n;
    o->val = copy_term_n(&h, tuple, n);
    o->offheap = h.offheap;
    return o;
}

void ets_obj_free(ets_obj_t *o)
{
    if (!o) return;
    heap_release_offheap(o->offheap);
    free(o->ext);
    free(o);
}

term ets_obj_copy(const ets_obj_t *o, heap_t *h)
{
    if (!o->ext) return copy_term(h, o->val);
    term r;
    if (etf_decode(o->ext, o->ext_len, h, false, &r, NULL) != ETF_OK) {
        fprintf(stderr, "laser: ets: a compressed object does not decode\n");
        abort();
    }
    return r;
}

/* erts' db_store_term_comp: the key stays a term (lookups and traversals
 * use it), the object goes to the external format. */
static ets_obj_t *obj_compressed(ets_tab_t *t, term tuple, unsigned level)
{
    etf_buf_t b = {0};
    if (etf_encode(tuple, NULL, &b) != 0) laser_oom("ets compressed object", 0);
    uint64_t n = term_tuple_arity(tuple);
    const term *e = term_tuple_elems(tuple);
    heap_t h;
    heap_init(&h);
    term *stub = heap_alloc(&h, n + 1);
    stub[0] = hdr_make(n, HDR_TUPLE);
    for (uint64_t i = 0; i < n; i++) stub[i + 1] = i == t->keypos - 1 || term_is_immed(e[i]) ? e[i] : NIL;
    ets_obj_t *o = ets_obj_new(term_from_boxed_ptr(stub), level);
    heap_free(&h);
    o->ext = realloc(b.data, b.size ? b.size : 1);
    if (!o->ext) laser_oom("ets compressed object", b.size);
    o->ext_len = b.size;
    o->nwords += (b.size + sizeof(term) - 1) / sizeof(term);
    return o;
}

/* erts' hash of a key (erl_db_hash.c MAKE_HASH): an atom's atom-table
 * hash (hashpjw of its text, erl_atom_table.c), anything else
 * make_internal_hash; so that small tables (no growth yet) list their
 * objects in erl's order. */
uint32_t ets_hash_key(term key)
{
    uint32_t h = 0;
    if (term_is_atom(key)) {
        size_t len;
        const uint8_t *p = atom_text(key, &len);
        while (len--) {
            uint32_t v = *p++;
            if (len && (v & 0xFE) == 0xC2 && (*p & 0xC0) == 0x80) v = ((v << 6) | (*p++ & 0x3F)) & 0xFF, len--;
            h = (h << 4) + v;
            uint32_t g = h & 0xf0000000u;
            if (g) h ^= g >> 24, h ^= g;
        }
    } else h = hash_internal(key, 0);
    return h;
}

static inline int64_t obj_cost(const ets_obj_t *o) { return (int64_t)(o->nwords + o->level + 5); }

static inline bool key_eq(const ets_tab_t *t, term a, term b)
{
    return t->type == ETS_ORDERED_SET ? cmp_eq(a, b) : (a == b || cmp_eq_exact(a, b));
}

static void obj_gone(ets_tab_t *t, ets_obj_t *o)
{
    atomic_fetch_sub(&t->words, obj_cost(o));
    ets_obj_free(o);
}

/* ---------------------------------------------------------------------
 * ordered_set key ranges
 * ------------------------------------------------------------------- */
static ets_part_t *part_new(void)
{
    ets_part_t *p = calloc(1, sizeof *p);
    if (p) p->head = calloc(1, sizeof(ets_obj_t) + ETS_SL_MAX * sizeof(ets_obj_t *));
    if (!p || !p->head) laser_oom("ets table", 0);
    p->head->level = ETS_SL_MAX;
    p->level = 1;
    pthread_rwlock_init(&p->lock, NULL);
    return p;
}

static void part_free(ets_part_t *p)
{
    for (ets_obj_t *o = p->head->fwd[0], *n; o; o = n) n = o->fwd[0], ets_obj_free(o);
    free(p->head);
    pthread_rwlock_destroy(&p->lock);
    free(p);
}

static inline term bound_key(const ets_tab_t *t, uint32_t i) { return term_tuple_elems(t->bounds[i]->val)[0]; }

/* The range holding key: the number of bounds at or below it. */
static uint32_t route(const ets_tab_t *t, term key)
{
    uint32_t lo = 0, hi = t->nparts - 1;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (cmp_terms(bound_key(t, mid), key) <= 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static inline ets_part_t *part_of(const ets_tab_t *t, term key)
{
    return t->nparts == 1 ? t->parts[0] : t->parts[route(t, key)];
}

/* ---------------------------------------------------------------------
 * Linear hashing (erl_db_hash.c)
 *
 * Slot i lives in segment (i + 1792) >> 11 at i & 2047. Segments never
 * move and are kept when the table shrinks (reused when it grows again,
 * freed with the table); a full segtab is replaced by a bigger copy and the
 * old one kept until the table goes, so a reader holding any segtab finds
 * every slot it may use. Writers publish segtab before nactive and szm;
 * readers load them in the other order.
 * ------------------------------------------------------------------- */
typedef struct old_segtab {
    struct old_segtab *next;
    ets_obj_t ***segtab;
} old_segtab_t;

static inline size_t seg_of(size_t ix) { return (ix + (SEGX - SEG1)) >> 11; }

static inline ets_obj_t **slot_ptr(ets_tab_t *t, size_t ix)
{
    return &atomic_load(&t->segtab)[seg_of(ix)][ix & (SEGX - 1)];
}

size_t ets_slot_of(ets_tab_t *t, uint32_t h)
{
    size_t mask = atomic_load(&t->szm);
    size_t ix = h & mask;
    if (ix >= atomic_load(&t->nactive)) ix &= mask >> 1;
    return ix;
}

size_t ets_nslots(ets_tab_t *t) { return atomic_load(&t->nactive); }
ets_obj_t *ets_slot_chain(ets_tab_t *t, size_t ix) { return *slot_ptr(t, ix); }

size_t ets_next_slot(ets_tab_t *t, size_t ix)
{
    ix += t->nlocks;
    if (ix < atomic_load(&t->nactive)) return ix;
    return (ix + 1) & (t->nlocks - 1);
}

static void hash_init(ets_tab_t *t)
{
    t->nlocks = 1;
    t->segcap = 4;
    ets_obj_t ***st = calloc(t->segcap, sizeof *st);
    if (!st) laser_oom("ets table", 0);
    st[0] = calloc(SEG1, sizeof(ets_obj_t *));
    if (!st[0]) laser_oom("ets table", SEG1);
    atomic_store(&t->segtab, st);
    t->nsegs = 1;
    t->nslots = SEG1;
    atomic_store(&t->nactive, SEG1);
    atomic_store(&t->szm, SEG1 - 1);
    atomic_store(&t->shrink_limit, 0);
}

/* erts' calc_shrink_limit: shrink only with three segments or more (and,
 * with decentralized counters, enough slots for the estimate), down to
 * half load after dropping a segment. */
static void calc_shrink_limit(ets_tab_t *t)
{
    bool enough = !t->stripe_items || t->nslots >= 100 * ETS_STRIPES;
    int64_t l = enough && t->nslots >= SEG1 + 2 * SEGX ? (int64_t)(t->nslots - SEGX) / 2 : 0;
    atomic_store(&t->shrink_limit, l);
}

static void alloc_seg(ets_tab_t *t)
{
    size_t si = seg_of(t->nslots);
    ets_obj_t ***st = atomic_load(&t->segtab);
    if (si >= t->segcap) {
        size_t cap = t->segcap * 2;
        ets_obj_t ***ns = calloc(cap, sizeof *ns);
        old_segtab_t *old = malloc(sizeof *old);
        if (!ns || !old) laser_oom("ets table", cap);
        memcpy(ns, st, t->segcap * sizeof *ns);
        old->segtab = st;
        old->next = t->old_segtabs;
        t->old_segtabs = old;
        t->segcap = cap;
        atomic_store(&t->segtab, ns);
        st = ns;
    }
    if (si >= t->nsegs) {
        ets_obj_t **seg = calloc(SEGX, sizeof *seg);
        if (!seg) laser_oom("ets table", SEGX);
        st[si] = seg;
        t->nsegs = si + 1;
    }
    t->nslots += SEGX;
    calc_shrink_limit(t);
}

/* The object count erts decides on: exact, or with decentralized counters
 * the estimate from the stripe of hash h (caller holds that stripe). */
static int64_t nitems_est(ets_tab_t *t, uint32_t h)
{
    if (!t->stripe_items) return (int64_t)atomic_load(&t->size);
    int64_t c = t->stripe_items[h % ETS_STRIPES];
    return ETS_STRIPES * (c <= 0 ? 1 : c);
}

/* What the calling thread's last write asks of ets_maybe_resize. */
enum { PEND_NONE, PEND_GROW, PEND_SHRINK };
static _Thread_local struct {
    ets_tab_t *t;
    int kind;
    int64_t nitems;
} pend;

static void count_items(ets_tab_t *t, uint32_t h, int64_t d)
{
    atomic_fetch_add(&t->size, (uint64_t)d);
    if (t->stripe_items) t->stripe_items[h % ETS_STRIPES] += d;
    pend.t = t;
    pend.kind = d > 0 ? PEND_GROW : PEND_SHRINK;
    pend.nitems = nitems_est(t, h);
}

static inline void lock_slot(ets_tab_t *t, size_t ix, bool held)
{
    if (!held) pthread_rwlock_wrlock(&t->stripes[ix % ETS_STRIPES]);
}
static inline void unlock_slot(ets_tab_t *t, size_t ix, bool held)
{
    if (!held) pthread_rwlock_unlock(&t->stripes[ix % ETS_STRIPES]);
}

/* Split slot nactive's partner into it (erts' grow). held: t is locked
 * whole, else the caller holds the table lock shared and the resizing
 * flag. */
static bool grow_step(ets_tab_t *t, int64_t nitems, bool held)
{
    size_t nactive = atomic_load(&t->nactive);
    if (nitems <= (int64_t)nactive || atomic_load(&t->fixcount)) return false;
    if (nactive == t->nslots) alloc_seg(t);
    size_t szm = atomic_load(&t->szm), from;
    if (nactive <= szm) from = nactive & (szm >> 1);
    else from = 0, szm = (szm << 1) | 1;
    size_t to = nactive;
    lock_slot(t, from, held);
    if (atomic_load(&t->fixcount)) {
        unlock_slot(t, from, held);
        return false;
    }
    /* keep both chains in their order */
    ets_obj_t **fp = slot_ptr(t, from), *stay = NULL, *move = NULL, **st = &stay, **mt = &move;
    for (ets_obj_t *o = *fp, *n; o; o = n) {
        n = o->fwd[0];
        if (o->dead) {
            atomic_fetch_sub(&t->ndead, 1);
            obj_gone(t, o);
        } else if ((o->hash & szm) == from) *st = o, st = &o->fwd[0];
        else *mt = o, mt = &o->fwd[0];
    }
    *st = *mt = NULL;
    *fp = stay;
    *slot_ptr(t, to) = move;
    atomic_store(&t->nactive, nactive + 1);
    if (from == 0) atomic_store(&t->szm, szm);
    unlock_slot(t, from, held);
    return nitems > (int64_t)nactive + 1;
}

/* Join the top slot onto its partner (erts' shrink). */
static bool shrink_step(ets_tab_t *t, int64_t nitems, bool held)
{
    if (!(nitems < atomic_load(&t->shrink_limit)) || atomic_load(&t->fixcount)) return false;
    size_t src = atomic_load(&t->nactive) - 1, low = atomic_load(&t->szm) >> 1, dst = src & low;
    lock_slot(t, dst, held);
    if (atomic_load(&t->fixcount)) {
        unlock_slot(t, dst, held);
        return false;
    }
    ets_obj_t **sp = slot_ptr(t, src), *list = *sp;
    *sp = NULL;
    atomic_store(&t->nactive, src);
    if (dst == 0) atomic_store(&t->szm, low);
    if (t->nslots - src >= SEGX) {
        t->nslots -= SEGX; /* the segment stays allocated for regrowth */
        calc_shrink_limit(t);
    }
    /* src's chain, then dst's */
    ets_obj_t **pp = &list;
    while (*pp) {
        ets_obj_t *o = *pp;
        if (o->dead) {
            *pp = o->fwd[0];
            atomic_fetch_sub(&t->ndead, 1);
            obj_gone(t, o);
        } else pp = &o->fwd[0];
    }
    ets_obj_t **dp = slot_ptr(t, dst);
    *pp = *dp;
    *dp = list;
    unlock_slot(t, dst, held);
    return nitems < atomic_load(&t->shrink_limit);
}

static void split_ranges(ets_tab_t *t);

static void resize(ets_tab_t *t, bool held)
{
    if (t->part_locks && atomic_load(&t->split_due)) {
        if (!held) pthread_rwlock_wrlock(&t->lock);
        if (atomic_exchange(&t->split_due, false)) split_ranges(t);
        if (!held) pthread_rwlock_unlock(&t->lock);
    }
    if (pend.t != t) return;
    int kind = pend.kind;
    int64_t n = pend.nitems;
    pend.t = NULL;
    if (t->type == ETS_ORDERED_SET || atomic_load(&t->fixcount)) return;
    /* a peek first: most writes need nothing */
    if (kind == PEND_GROW ? n <= (int64_t)atomic_load(&t->nactive) : !(n < atomic_load(&t->shrink_limit))) return;
    bool striped = t->stripes && !held;
    if (!held) {
        if (striped) pthread_rwlock_rdlock(&t->lock);
        else pthread_rwlock_wrlock(&t->lock);
    }
    for (int i = 0; i < GROW_STEPS; i++) {
        if (striped && atomic_exchange(&t->resizing, true)) break; /* another thread resizes */
        bool more = kind == PEND_GROW ? grow_step(t, n, !striped) : shrink_step(t, n, !striped);
        if (striped) atomic_store(&t->resizing, false);
        if (!more) break;
    }
    if (!held) pthread_rwlock_unlock(&t->lock);
}

void ets_maybe_resize(ets_tab_t *t) { resize(t, false); }
void ets_resize_held(ets_tab_t *t) { resize(t, true); }

/* ---------------------------------------------------------------------
 * Registry
 * ------------------------------------------------------------------- */
#define REG_PAGE 4096u
#define REG_PAGES 1024u /* 4M tables at once, 4M atom indexes */
typedef _Atomic(ets_tab_t *) reg_cell_t;
/* creating, deleting, renaming, the all-list: writers; ets:all and
 * process exits walk the all-list as readers. Lookups take no lock. */
static pthread_rwlock_t reg_lock = PTHREAD_RWLOCK_INITIALIZER;
static _Atomic(reg_cell_t *) id_pages[REG_PAGES], name_pages[REG_PAGES];
static uint32_t id_top, *id_free, id_nfree, id_free_cap; /* slots (under reg_lock) */
static uint32_t tab_gen;                                 /* (under reg_lock) */
static ets_tab_t *all_head;
/* recycled table structures, linked through all_next */
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static ets_tab_t *spare;

/* A table id's numbers: slot bits 0..17 in ref[0], bits 18.. in the high
 * 14 bits of ref[1], whose low 18 bits (make_ref's thread id, 1 on every
 * other ref) are 0; ref[2] the generation, bit 31 clear (zlib's and the
 * resources' handles set it): no other reference can look like one. */
static bool ref_slot(const uint32_t r[3], uint32_t *slot)
{
    if ((r[1] & 0x3FFFFu) || (r[2] & 0x80000000u) || r[0] > 0x3FFFFu) return false;
    *slot = r[0] | (r[1] >> 18) << 18;
    return true;
}

static reg_cell_t *reg_cell(_Atomic(reg_cell_t *) *pages, uint32_t i, bool make)
{
    if (i / REG_PAGE >= REG_PAGES) return NULL;
    reg_cell_t *pg = atomic_load(&pages[i / REG_PAGE]);
    if (!pg && make) { /* under reg_lock; pages stay for the VM's life */
        pg = calloc(REG_PAGE, sizeof *pg);
        if (!pg) laser_oom("ets registry", REG_PAGE);
        atomic_store(&pages[i / REG_PAGE], pg);
    }
    return pg ? &pg[i % REG_PAGE] : NULL;
}

static ets_tab_t *tab_alloc(void)
{
    pthread_mutex_lock(&spare_lock);
    ets_tab_t *t = spare;
    if (t) spare = t->all_next;
    pthread_mutex_unlock(&spare_lock);
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t) laser_oom("ets table", sizeof *t);
        return t;
    }
    /* a reader may still try its count (zero): clear all but it */
    size_t off = offsetof(ets_tab_t, refc) + sizeof t->refc;
    memset((char *)t + off, 0, sizeof *t - off);
    return t;
}

ets_tab_t *ets_new(term name, term owner, const ets_opts_t *o)
{
    ets_tab_t *t = tab_alloc();
    atomic_store(&t->name, name);
    t->type = (uint8_t)o->type;
    t->access = (uint8_t)o->access;
    t->named = o->named;
    t->rc = o->rc;
    t->dc = o->dc;
    t->wc = o->wc;
    t->compressed = o->compressed;
    t->keypos = o->keypos;
    atomic_store(&t->owner, owner);
    t->heir = ATOM(none);
    pthread_rwlock_init(&t->lock, NULL);
    pthread_mutex_init(&t->fix_lock, NULL);
    if (t->type == ETS_ORDERED_SET) {
        t->parts = malloc(sizeof *t->parts);
        if (!t->parts) laser_oom("ets table", 0);
        t->parts[0] = part_new();
        t->nparts = 1;
        t->part_locks = o->wc != ATOM(false);
    } else {
        hash_init(t);
        if (o->wc != ATOM(false)) {
            t->stripes = malloc(ETS_STRIPES * sizeof(pthread_rwlock_t));
            if (!t->stripes) laser_oom("ets table", 0);
            for (int i = 0; i < ETS_STRIPES; i++) pthread_rwlock_init(&t->stripes[i], NULL);
            t->nlocks = ETS_STRIPES;
            if (o->dc) {
                t->stripe_items = calloc(ETS_STRIPES, sizeof(int64_t));
                if (!t->stripe_items) laser_oom("ets table", 0);
            }
        }
    }
    if (o->heir != ATOM(none)) ets_set_heir(t, o->heir, o->heir_data);
    pthread_rwlock_wrlock(&reg_lock);
    reg_cell_t *nc = t->named ? reg_cell(name_pages, term_atom_index(name), true) : NULL;
    if (t->named && (!nc || atomic_load(nc))) {
        pthread_rwlock_unlock(&reg_lock);
        atomic_store(&t->deleted, true);
        atomic_store(&t->refc, 1);
        ets_put(t);
        return NULL;
    }
    uint32_t slot = id_nfree ? id_free[--id_nfree] : id_top++;
    reg_cell_t *ic = reg_cell(id_pages, slot, true);
    if (!ic) laser_oom("ets registry", slot);
    tab_gen = (tab_gen + 1) & 0x7FFFFFFFu;
    t->ref[0] = slot & 0x3FFFFu;
    t->ref[1] = slot >> 18 << 18;
    t->ref[2] = tab_gen;
    atomic_store(&t->refc, 1); /* the registry's; publishes the fields above */
    atomic_store(ic, t);
    if (nc) atomic_store(nc, t);
    t->all_next = all_head;
    if (all_head) all_head->all_prev = t;
    all_head = t;
    pthread_rwlock_unlock(&reg_lock);
    return t;
}

ets_tab_t *ets_get(term id)
{
    reg_cell_t *c = NULL;
    uint32_t slot;
    if (term_is_atom(id)) c = reg_cell(name_pages, term_atom_index(id), false);
    else if (term_is_local_ref(id) && ref_slot(term_ref_numbers(id), &slot)) c = reg_cell(id_pages, slot, false);
    ets_tab_t *t = c ? atomic_load(c) : NULL;
    if (!t) return NULL;
    /* a reference only on a live count: a table at zero is going */
    uint32_t n = atomic_load(&t->refc);
    do {
        if (!n) return NULL;
    } while (!atomic_compare_exchange_weak(&t->refc, &n, n + 1));
    bool ok = !atomic_load(&t->deleted);
    if (ok && term_is_atom(id)) ok = t->named && atomic_load(&t->name) == id;
    else if (ok) {
        const uint32_t *r = term_ref_numbers(id);
        ok = t->ref[0] == r[0] && t->ref[1] == r[1] && t->ref[2] == r[2];
    }
    if (!ok) {
        ets_put(t);
        return NULL;
    }
    return t;
}

static void free_storage(ets_tab_t *t)
{
    if (t->type == ETS_ORDERED_SET) {
        for (uint32_t i = 0; i < t->nparts; i++) part_free(t->parts[i]);
        for (uint32_t i = 0; i + 1 < t->nparts; i++) ets_obj_free(t->bounds[i]);
        free(t->parts);
        free(t->bounds);
    } else {
        size_t na = atomic_load(&t->nactive);
        for (size_t b = 0; b < na; b++)
            for (ets_obj_t *o = *slot_ptr(t, b), *n; o; o = n) n = o->fwd[0], ets_obj_free(o);
        ets_obj_t ***st = atomic_load(&t->segtab);
        for (size_t i = 0; i < t->nsegs; i++) free(st[i]);
        free(st);
        for (old_segtab_t *o = t->old_segtabs, *n; o; o = n) n = o->next, free(o->segtab), free(o);
        free(t->stripe_items);
    }
    if (t->stripes) {
        for (int i = 0; i < ETS_STRIPES; i++) pthread_rwlock_destroy(&t->stripes[i]);
        free(t->stripes);
    }
    heap_release_offheap(t->heir_off);
    free(t->heir_mem);
    free(t->fixes);
    pthread_rwlock_destroy(&t->lock);
    pthread_mutex_destroy(&t->fix_lock);
    pthread_mutex_lock(&spare_lock);
    t->all_next = spare;
    spare = t;
    pthread_mutex_unlock(&spare_lock);
}

void ets_put(ets_tab_t *t)
{
    if (atomic_fetch_sub(&t->refc, 1) == 1) free_storage(t);
}

term ets_ref(heap_t *h, const ets_tab_t *t) { return sched_make_ref(h, t->ref); }

term ets_name(ets_tab_t *t) { return atomic_load(&t->name); }
term ets_tid(heap_t *h, const ets_tab_t *t)
{
    return t->named ? atomic_load(&((ets_tab_t *)t)->name) : ets_ref(h, t);
}

/* Free a name cell that still holds t (under reg_lock). */
static void drop_name(ets_tab_t *t)
{
    reg_cell_t *c = reg_cell(name_pages, term_atom_index(atomic_load(&t->name)), false);
    ets_tab_t *expect = t;
    if (c) atomic_compare_exchange_strong(c, &expect, NULL);
}

bool ets_delete_table(ets_tab_t *t)
{
    pthread_rwlock_wrlock(&reg_lock);
    if (atomic_exchange(&t->deleted, true)) {
        pthread_rwlock_unlock(&reg_lock);
        return false;
    }
    uint32_t slot;
    if (ref_slot(t->ref, &slot)) {
        atomic_store(reg_cell(id_pages, slot, false), NULL);
        if (id_nfree == id_free_cap) {
            id_free_cap = id_free_cap ? id_free_cap * 2 : 64;
            id_free = realloc(id_free, id_free_cap * sizeof *id_free);
            if (!id_free) laser_oom("ets registry", id_free_cap);
        }
        id_free[id_nfree++] = slot;
    }
    if (t->named) drop_name(t);
    if (t->all_prev) t->all_prev->all_next = t->all_next;
    else all_head = t->all_next;
    if (t->all_next) t->all_next->all_prev = t->all_prev;
    pthread_rwlock_unlock(&reg_lock);
    ets_put(t); /* the registry's reference */
    return true;
}

bool ets_rename(ets_tab_t *t, term name)
{
    pthread_rwlock_wrlock(&reg_lock);
    bool ok = true;
    if (t->named && !atomic_load(&t->deleted)) {
        reg_cell_t *c = reg_cell(name_pages, term_atom_index(name), true);
        ets_tab_t *o = c ? atomic_load(c) : NULL;
        if (!c || (o && o != t)) ok = false;
        else if (!o) {
            drop_name(t);
            atomic_store(&t->name, name);
            atomic_store(c, t);
        }
    } else atomic_store(&t->name, name);
    pthread_rwlock_unlock(&reg_lock);
    return ok;
}

term ets_all(heap_t *h)
{
    pthread_rwlock_rdlock(&reg_lock);
    size_t n = 0;
    for (ets_tab_t *t = all_head; t; t = t->all_next) n++;
    term *v = malloc((n + 1) * sizeof(term));
    if (!v) laser_oom("ets:all", n);
    /* oldest first, as erl lists them */
    size_t i = n;
    for (ets_tab_t *t = all_head; t; t = t->all_next) v[--i] = ets_tid(h, t);
    pthread_rwlock_unlock(&reg_lock);
    term l = heap_make_list(h, v, n, NIL);
    free(v);
    return l;
}

void ets_set_heir(ets_tab_t *t, term heir, term data)
{
    heap_release_offheap(t->heir_off);
    free(t->heir_mem);
    t->heir_off = NULL;
    t->heir_mem = NULL;
    t->heir = heir;
    t->heir_data = data;
    if (heir == ATOM(none) || term_is_immed(data)) return;
    size_t n = copy_size(data);
    t->heir_mem = malloc(n * sizeof(term));
    if (!t->heir_mem) laser_oom("ets heir", n);
    heap_t h;
    heap_init(&h);
    h.top = t->heir_mem;
    h.limit = h.top + n;
    t->heir_data = copy_term_n(&h, data, n);
    t->heir_off = h.offheap;
}

void ets_transfer(ets_tab_t *t, proc_t *from, term to, term data)
{
    heap_t h;
    heap_init(&h);
    atomic_store(&t->owner, to);
    term tid = ets_tid(&h, t);
    term el[4] = {atom_from_cstr("ETS-TRANSFER"), tid, from->id, data};
    sched_send(from, to, heap_make_tuple(&h, 4, el));
    heap_free(&h);
}

static bool drop_fixes_of(ets_tab_t *t, term pid);
static void purge_dead(ets_tab_t *t);

void ets_proc_exit(proc_t *p)
{
    size_t n = 0, cap = 0;
    ets_tab_t **own = NULL, **fixed = NULL;
    size_t nf = 0, fcap = 0;
    pthread_rwlock_rdlock(&reg_lock);
    for (ets_tab_t *t = all_head; t; t = t->all_next) {
        bool o = atomic_load(&t->owner) == p->id;
        bool f = atomic_load(&t->fixcount) > 0;
        if (!o && !f) continue;
        atomic_fetch_add(&t->refc, 1);
        if (o) {
            if (n == cap) own = realloc(own, (cap = cap ? cap * 2 : 8) * sizeof *own);
            own[n++] = t;
        } else {
            if (nf == fcap) fixed = realloc(fixed, (fcap = fcap ? fcap * 2 : 8) * sizeof *fixed);
            fixed[nf++] = t;
        }
    }
    pthread_rwlock_unlock(&reg_lock);
    for (size_t i = 0; i < nf; i++) {
        if (drop_fixes_of(fixed[i], p->id)) purge_dead(fixed[i]);
        ets_put(fixed[i]);
    }
    for (size_t i = 0; i < n; i++) {
        ets_tab_t *t = own[i];
        drop_fixes_of(t, p->id);
        term heir = t->heir;
        if (heir != ATOM(none) && heir != p->id && sched_alive(heir)) {
            /* the message carries a copy: the table keeps its heir data
             * until the next setopts/give_away */
            ets_transfer(t, p, heir, t->heir_data);
        } else ets_delete_table(t);
        ets_put(t);
    }
    free(own);
    free(fixed);
}

/* ---------------------------------------------------------------------
 * Locking
 * ------------------------------------------------------------------- */
/* The range a thread holds (ets_lock_key to ets_unlock_key). */
static _Thread_local ets_part_t *held_part;

void ets_lock_key(ets_tab_t *t, term key, uint32_t h, bool write)
{
    if (t->stripes) {
        pthread_rwlock_rdlock(&t->lock);
        pthread_rwlock_t *s = &t->stripes[h % ETS_STRIPES];
        if (write) pthread_rwlock_wrlock(s);
        else pthread_rwlock_rdlock(s);
    } else if (t->part_locks) {
        pthread_rwlock_rdlock(&t->lock);
        ets_part_t *p = held_part = part_of(t, key);
        /* count the waits: a contended range is split (ets_maybe_resize) */
        if ((write ? pthread_rwlock_trywrlock(&p->lock) : pthread_rwlock_tryrdlock(&p->lock)) != 0) {
            if (atomic_fetch_add(&p->waits, 1) + 1 >= 16) atomic_store(&t->split_due, true);
            if (write) pthread_rwlock_wrlock(&p->lock);
            else pthread_rwlock_rdlock(&p->lock);
        }
    } else if (write) pthread_rwlock_wrlock(&t->lock);
    else pthread_rwlock_rdlock(&t->lock);
}

void ets_unlock_key(ets_tab_t *t, uint32_t h, bool write)
{
    if (t->stripes) pthread_rwlock_unlock(&t->stripes[h % ETS_STRIPES]);
    else if (t->part_locks) pthread_rwlock_unlock(&held_part->lock);
    else if (write) resize(t, true); /* the table is ours: no second lock */
    pthread_rwlock_unlock(&t->lock);
}

void ets_lock_all(ets_tab_t *t, bool write)
{
    /* shared whole-table readers of a striped table still exclude the
     * stripe writers: take the table lock exclusive for them too */
    if (write || t->stripes || t->part_locks) pthread_rwlock_wrlock(&t->lock);
    else pthread_rwlock_rdlock(&t->lock);
}

void ets_unlock_all(ets_tab_t *t, bool write)
{
    (void)write;
    pthread_rwlock_unlock(&t->lock);
}

/* Free what died while the table was fixed (at the last unfixation). */
static void purge_dead(ets_tab_t *t)
{
    if (t->type == ETS_ORDERED_SET || !atomic_load(&t->ndead)) return;
    pthread_rwlock_wrlock(&t->lock);
    if (!atomic_load(&t->fixcount)) {
        size_t na = atomic_load(&t->nactive);
        for (size_t b = 0; b < na; b++)
            for (ets_obj_t **pp = slot_ptr(t, b); *pp;) {
                ets_obj_t *o = *pp;
                if (o->dead) {
                    *pp = o->fwd[0];
                    obj_gone(t, o);
                } else pp = &o->fwd[0];
            }
        atomic_store(&t->ndead, 0);
    }
    pthread_rwlock_unlock(&t->lock);
}

/* ---------------------------------------------------------------------
 * Skiplist (ordered_set)
 * ------------------------------------------------------------------- */
/* Levels come from a per-thread generator: objects are made before the
 * table is locked. */
static unsigned sl_level(void)
{
    static _Thread_local uint64_t rng;
    if (!rng) rng = 0x2545F4914F6CDD1Dull ^ (uintptr_t)&rng;
    uint64_t x = rng;
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    rng = x;
    unsigned l = 1;
    while (l < ETS_SL_MAX && (x & 3) == 0) l++, x >>= 2;
    return l;
}

/* update[i]: the last node at level i whose key is < key (or <= key with
 * le). Returns update[0]. */
static ets_obj_t *sl_search(ets_tab_t *t, ets_part_t *p, term key, bool le, ets_obj_t **update)
{
    ets_obj_t *x = p->head;
    for (int i = (int)p->level - 1; i >= 0; i--) {
        for (ets_obj_t *n; (n = x->fwd[i]);) {
            int c = cmp_terms(ets_obj_key(t, n), key);
            if (c < 0 || (le && c == 0)) x = n;
            else break;
        }
        if (update) update[i] = x;
    }
    return x;
}

static void sl_unlink(ets_part_t *p, ets_obj_t *o, ets_obj_t **update)
{
    for (unsigned i = 0; i < o->level && i < p->level; i++)
        if (update[i]->fwd[i] == o) update[i]->fwd[i] = o->fwd[i];
    while (p->level > 1 && !p->head->fwd[p->level - 1]) p->level--;
}

static bool sl_insert(ets_tab_t *t, ets_obj_t *o, bool new_only)
{
    ets_obj_t *update[ETS_SL_MAX];
    term key = ets_obj_key(t, o);
    ets_part_t *p = part_of(t, key);
    ets_obj_t *x = sl_search(t, p, key, false, update)->fwd[0];
    if (x && cmp_terms(ets_obj_key(t, x), key) == 0) {
        if (new_only) return false;
        sl_unlink(p, x, update);
        for (unsigned i = p->level; i < ETS_SL_MAX; i++) update[i] = p->head;
        obj_gone(t, x);
        atomic_fetch_sub(&t->size, 1);
    }
    unsigned l = o->level;
    for (unsigned i = p->level; i < l; i++) update[i] = p->head;
    if (l > p->level) p->level = l;
    for (unsigned i = 0; i < l; i++) {
        o->fwd[i] = update[i]->fwd[i];
        update[i]->fwd[i] = o;
    }
    atomic_fetch_add(&t->size, 1);
    atomic_fetch_add(&t->words, obj_cost(o));
    return true;
}

/* Split the contended ranges at their middle keys (the table lock held
 * exclusive): erts' contention-adapting tree, splits only. */
static void split_ranges(ets_tab_t *t)
{
    for (uint32_t i = 0; i < t->nparts && t->nparts < ETS_MAX_PARTS; i++) {
        ets_part_t *p = t->parts[i];
        if (atomic_load(&p->waits) < 16) continue;
        atomic_store(&p->waits, 0);
        size_t n = 0;
        for (ets_obj_t *o = p->head->fwd[0]; o; o = o->fwd[0]) n++;
        if (n < 8) continue;
        ets_obj_t *mid = p->head->fwd[0];
        for (size_t k = 0; k < n / 2; k++) mid = mid->fwd[0];
        term mk = ets_obj_key(t, mid);
        ets_part_t *q = part_new();
        /* each level's links from the middle key on go to the new range */
        for (unsigned l = 0; l < p->level; l++) {
            ets_obj_t *x = p->head;
            while (x->fwd[l] && cmp_terms(ets_obj_key(t, x->fwd[l]), mk) < 0) x = x->fwd[l];
            q->head->fwd[l] = x->fwd[l];
            x->fwd[l] = NULL;
        }
        q->level = p->level;
        while (p->level > 1 && !p->head->fwd[p->level - 1]) p->level--;
        while (q->level > 1 && !q->head->fwd[q->level - 1]) q->level--;
        heap_t h;
        heap_init(&h);
        ets_obj_t *b = ets_obj_new(heap_make_tuple(&h, 1, &mk), 0);
        heap_free(&h);
        ets_part_t **np = realloc(t->parts, (t->nparts + 1) * sizeof *np);
        ets_obj_t **nb = np ? realloc(t->bounds, t->nparts * sizeof *nb) : NULL;
        if (!np || !nb) laser_oom("ets table", t->nparts);
        t->parts = np, t->bounds = nb;
        memmove(np + i + 2, np + i + 1, (t->nparts - i - 1) * sizeof *np);
        memmove(nb + i + 1, nb + i, (t->nparts - 1 - i) * sizeof *nb);
        np[i + 1] = q;
        nb[i] = b;
        t->nparts++;
        i++; /* the new range waits for its own contention */
    }
}

/* o =:= x (a term) / o =:= p (objects), compressed or not. */
static bool obj_is(const ets_obj_t *o, term x)
{
    if (!o->ext) return cmp_eq_exact(o->val, x);
    heap_t h;
    heap_init(&h);
    bool r = cmp_eq_exact(ets_obj_copy(o, &h), x);
    heap_free(&h);
    return r;
}

static bool obj_eq(const ets_obj_t *o, const ets_obj_t *p)
{
    if (!p->ext) return obj_is(o, p->val);
    heap_t h;
    heap_init(&h);
    bool r = obj_is(o, ets_obj_copy(p, &h));
    heap_free(&h);
    return r;
}

/* ---------------------------------------------------------------------
 * Storage
 * ------------------------------------------------------------------- */
ets_obj_t *ets_find(ets_tab_t *t, term key, uint32_t h)
{
    if (t->type == ETS_ORDERED_SET) {
        ets_obj_t *x = sl_search(t, part_of(t, key), key, false, NULL)->fwd[0];
        return x && cmp_terms(ets_obj_key(t, x), key) == 0 ? x : NULL;
    }
    for (ets_obj_t *o = *slot_ptr(t, ets_slot_of(t, h)); o; o = o->fwd[0])
        if (!o->dead && o->hash == h && key_eq(t, ets_obj_key(t, o), key)) return o;
    return NULL;
}

ets_obj_t *ets_same_next(ets_tab_t *t, ets_obj_t *o)
{
    if (t->type == ETS_ORDERED_SET) return NULL;
    term key = ets_obj_key(t, o);
    for (ets_obj_t *n = o->fwd[0]; n && n->hash == o->hash && key_eq(t, ets_obj_key(t, n), key); n = n->fwd[0])
        if (!n->dead) return n;
    return NULL;
}

ets_obj_t *ets_obj_for(ets_tab_t *t, term tuple)
{
    unsigned level = t->type == ETS_ORDERED_SET ? sl_level() : 1;
    ets_obj_t *o = t->compressed ? obj_compressed(t, tuple, level) : ets_obj_new(tuple, level);
    if (t->type != ETS_ORDERED_SET) o->hash = ets_hash_key(ets_obj_key(t, o));
    return o;
}

bool ets_insert_obj(ets_tab_t *t, ets_obj_t *o, bool new_only)
{
    if (t->type == ETS_ORDERED_SET) {
        if (!sl_insert(t, o, new_only)) {
            ets_obj_free(o);
            return false;
        }
        return true;
    }
    term key = ets_obj_key(t, o);
    ets_obj_t **pp = slot_ptr(t, ets_slot_of(t, o->hash));
    while (*pp && !((*pp)->hash == o->hash && key_eq(t, ets_obj_key(t, *pp), key))) pp = &(*pp)->fwd[0];
    if (!*pp) { /* a new key: at the chain's end, as erts */
        o->fwd[0] = NULL;
        *pp = o;
    } else if (t->type == ETS_SET) {
        ets_obj_t *old = *pp;
        if (new_only && !old->dead) {
            ets_obj_free(o);
            return false;
        }
        o->fwd[0] = old->fwd[0];
        *pp = o;
        bool revived = old->dead;
        obj_gone(t, old);
        atomic_fetch_add(&t->words, obj_cost(o));
        if (!revived) return true;
        /* erts counts a revived key but does not grow for it */
        atomic_fetch_sub(&t->ndead, 1);
        count_items(t, o->hash, 1);
        pend.t = NULL;
        return true;
    } else {
        /* a bag: at the head of the key's run (erts lists a bag key's
         * objects newest first, a duplicate bag's oldest first), unless
         * (bag) an equal object is live */
        ets_obj_t **run = pp;
        bool live = false;
        /* a duplicate bag takes anything: no need to look at the run */
        bool look = t->type == ETS_BAG || new_only;
        for (; look && *pp && (*pp)->hash == o->hash && key_eq(t, ets_obj_key(t, *pp), key); pp = &(*pp)->fwd[0]) {
            if ((*pp)->dead) continue;
            live = true;
            if (t->type == ETS_BAG && obj_eq(*pp, o)) {
                ets_obj_free(o);
                return !new_only;
            }
        }
        if (new_only && live) {
            ets_obj_free(o);
            return false;
        }
        o->fwd[0] = *run;
        *run = o;
    }
    atomic_fetch_add(&t->words, obj_cost(o));
    count_items(t, o->hash, 1);
    return true;
}

void ets_replace_obj(ets_tab_t *t, ets_obj_t *old, ets_obj_t *o)
{
    if (t->type == ETS_ORDERED_SET) {
        sl_insert(t, o, false);
        return;
    }
    ets_obj_t **pp = slot_ptr(t, ets_slot_of(t, old->hash));
    while (*pp != old) pp = &(*pp)->fwd[0];
    o->fwd[0] = old->fwd[0];
    *pp = o;
    atomic_fetch_add(&t->words, obj_cost(o));
    obj_gone(t, old);
}

/* Unlink (or, while fixed, mark dead) *pp; returns where to continue. */
static ets_obj_t **hash_remove(ets_tab_t *t, ets_obj_t **pp)
{
    ets_obj_t *o = *pp;
    count_items(t, o->hash, -1);
    if (atomic_load(&t->fixcount)) {
        o->dead = 1;
        atomic_fetch_add(&t->ndead, 1);
        return &o->fwd[0];
    }
    *pp = o->fwd[0];
    obj_gone(t, o);
    return pp;
}

static size_t delete_where(ets_tab_t *t, term key, uint32_t h, term obj)
{
    size_t n = 0;
    if (t->type == ETS_ORDERED_SET) {
        ets_obj_t *update[ETS_SL_MAX];
        ets_part_t *p = part_of(t, key);
        ets_obj_t *x = sl_search(t, p, key, false, update)->fwd[0];
        if (x && cmp_terms(ets_obj_key(t, x), key) == 0 && (!term_is_value(obj) || obj_is(x, obj))) {
            sl_unlink(p, x, update);
            obj_gone(t, x);
            atomic_fetch_sub(&t->size, 1);
            n = 1;
        }
        return n;
    }
    ets_obj_t **pp = slot_ptr(t, ets_slot_of(t, h));
    while (*pp && !((*pp)->hash == h && key_eq(t, ets_obj_key(t, *pp), key))) pp = &(*pp)->fwd[0];
    while (*pp && (*pp)->hash == h && key_eq(t, ets_obj_key(t, *pp), key)) {
        if ((*pp)->dead || (term_is_value(obj) && !obj_is(*pp, obj))) {
            pp = &(*pp)->fwd[0];
            continue;
        }
        pp = hash_remove(t, pp);
        n++;
    }
    return n;
}

size_t ets_delete_key(ets_tab_t *t, term key, uint32_t h) { return delete_where(t, key, h, THE_NON_VALUE); }

size_t ets_delete_matching(ets_tab_t *t, term obj, uint32_t h)
{
    return delete_where(t, term_tuple_elems(obj)[t->keypos - 1], h, obj);
}

void ets_delete_one(ets_tab_t *t, ets_obj_t *o)
{
    if (t->type == ETS_ORDERED_SET) {
        delete_where(t, ets_obj_key(t, o), 0, THE_NON_VALUE);
        return;
    }
    ets_obj_t **pp = slot_ptr(t, ets_slot_of(t, o->hash));
    while (*pp != o) pp = &(*pp)->fwd[0];
    hash_remove(t, pp);
}

void ets_delete_all(ets_tab_t *t)
{
    if (t->type == ETS_ORDERED_SET) {
        for (uint32_t i = 0; i < t->nparts; i++) {
            ets_part_t *p = t->parts[i];
            for (ets_obj_t *o = p->head->fwd[0], *n; o; o = n) n = o->fwd[0], obj_gone(t, o);
            memset(p->head->fwd, 0, ETS_SL_MAX * sizeof(ets_obj_t *));
            p->level = 1;
        }
        atomic_store(&t->size, 0);
        return;
    }
    size_t na = atomic_load(&t->nactive);
    if (atomic_load(&t->fixcount)) { /* every object dies in its place */
        for (size_t b = 0; b < na; b++)
            for (ets_obj_t **pp = slot_ptr(t, b); *pp;) {
                if ((*pp)->dead) pp = &(*pp)->fwd[0];
                else pp = hash_remove(t, pp);
            }
        pend.t = NULL;
        return;
    }
    /* erts frees the table and makes it anew: back to one segment */
    for (size_t b = 0; b < na; b++) {
        ets_obj_t **sp = slot_ptr(t, b);
        for (ets_obj_t *o = *sp, *n; o; o = n) n = o->fwd[0], obj_gone(t, o);
        *sp = NULL;
    }
    atomic_store(&t->size, 0);
    if (t->stripe_items) memset(t->stripe_items, 0, ETS_STRIPES * sizeof(int64_t));
    t->nslots = SEG1;
    atomic_store(&t->nactive, SEG1);
    atomic_store(&t->szm, SEG1 - 1);
    calc_shrink_limit(t);
}

/* ---------------------------------------------------------------------
 * Iteration
 * ------------------------------------------------------------------- */
/* ordered_set: the first object of ranges i.., the last of ranges ..i-1. */
static ets_obj_t *range_first(ets_tab_t *t, uint32_t i)
{
    for (; i < t->nparts; i++)
        if (t->parts[i]->head->fwd[0]) return t->parts[i]->head->fwd[0];
    return NULL;
}

static ets_obj_t *range_last(ets_tab_t *t, uint32_t i)
{
    while (i-- > 0) {
        ets_part_t *p = t->parts[i];
        ets_obj_t *x = p->head;
        for (int l = (int)p->level - 1; l >= 0; l--)
            while (x->fwd[l]) x = x->fwd[l];
        if (x != p->head) return x;
    }
    return NULL;
}

ets_obj_t *ets_succ(ets_tab_t *t, ets_obj_t *o)
{
    if (o->fwd[0] || t->nparts == 1) return o->fwd[0];
    return range_first(t, route(t, ets_obj_key(t, o)) + 1);
}

unsigned ets_sl_levels(ets_tab_t *t)
{
    unsigned l = 0;
    for (uint32_t i = 0; i < t->nparts; i++)
        if (t->parts[i]->level > l) l = t->parts[i]->level;
    return l;
}

/* The first live object from o on, in slot ix and the slots after it. */
static ets_obj_t *hash_from(ets_tab_t *t, ets_obj_t *o, size_t ix, size_t *at)
{
    for (;;) {
        for (; o; o = o->fwd[0])
            if (!o->dead) {
                if (at) *at = ix;
                return o;
            }
        if (!(ix = ets_next_slot(t, ix))) return NULL;
        o = *slot_ptr(t, ix);
    }
}

ets_obj_t *ets_first(ets_tab_t *t)
{
    if (t->type == ETS_ORDERED_SET) return range_first(t, 0);
    return hash_from(t, *slot_ptr(t, 0), 0, NULL);
}

ets_obj_t *ets_last(ets_tab_t *t)
{
    if (t->type != ETS_ORDERED_SET) return ets_first(t);
    return range_last(t, t->nparts);
}

ets_obj_t *ets_next(ets_tab_t *t, term key, bool *missing)
{
    *missing = false;
    if (t->type == ETS_ORDERED_SET) {
        uint32_t i = t->nparts == 1 ? 0 : route(t, key);
        ets_obj_t *x = sl_search(t, t->parts[i], key, true, NULL)->fwd[0];
        return x ? x : range_first(t, i + 1);
    }
    uint32_t h = ets_hash_key(key);
    size_t ix = ets_slot_of(t, h);
    ets_obj_t *o = *slot_ptr(t, ix);
    while (o && !(o->hash == h && key_eq(t, ets_obj_key(t, o), key))) o = o->fwd[0];
    if (!o) {
        *missing = true;
        return NULL;
    }
    while (o && o->hash == h && key_eq(t, ets_obj_key(t, o), key)) o = o->fwd[0];
    return hash_from(t, o, ix, NULL);
}

ets_obj_t *ets_prev(ets_tab_t *t, term key, bool *missing)
{
    if (t->type != ETS_ORDERED_SET) return ets_next(t, key, missing);
    *missing = false;
    uint32_t i = t->nparts == 1 ? 0 : route(t, key);
    ets_obj_t *x = sl_search(t, t->parts[i], key, false, NULL);
    return x != t->parts[i]->head ? x : range_last(t, i);
}

ets_obj_t *ets_iter(ets_tab_t *t, ets_obj_t *o, size_t *bucket)
{
    if (t->type == ETS_ORDERED_SET) return o ? ets_succ(t, o) : range_first(t, 0);
    if (!o) return hash_from(t, *slot_ptr(t, 0), 0, bucket);
    return hash_from(t, o->fwd[0], *bucket, bucket);
}

/* ---------------------------------------------------------------------
 * Fixation
 * ------------------------------------------------------------------- */
void ets_fix(ets_tab_t *t, term pid, bool on)
{
    pthread_mutex_lock(&t->fix_lock);
    uint32_t i = 0;
    while (i < t->nfixes && t->fixes[i].pid != pid) i++;
    if (on) {
        if (i == t->nfixes) {
            if (t->nfixes == t->fixes_cap) {
                t->fixes_cap = t->fixes_cap ? t->fixes_cap * 2 : 4;
                t->fixes = realloc(t->fixes, t->fixes_cap * sizeof *t->fixes);
                if (!t->fixes) laser_oom("ets fix", t->fixes_cap);
            }
            /* newest first, as erl lists them */
            memmove(t->fixes + 1, t->fixes, t->nfixes * sizeof *t->fixes);
            t->fixes[0] = (ets_fix_t){pid, 0};
            t->nfixes++;
            i = 0;
        }
        if (atomic_fetch_add(&t->fixcount, 1) == 0) t->fix_time = timer_system_ns(), t->fix_mono = timer_now_ns();
        t->fixes[i].count++;
    } else if (i < t->nfixes) {
        atomic_fetch_sub(&t->fixcount, 1);
        if (--t->fixes[i].count == 0) {
            memmove(t->fixes + i, t->fixes + i + 1, (t->nfixes - i - 1) * sizeof *t->fixes);
            t->nfixes--;
        }
    }
    pthread_mutex_unlock(&t->fix_lock);
    if (!on && !atomic_load(&t->fixcount)) purge_dead(t); /* frees what died while fixed */
}

/* Drop every fixation of pid; true if there was one. */
static bool drop_fixes_of(ets_tab_t *t, term pid)
{
    bool any = false;
    pthread_mutex_lock(&t->fix_lock);
    for (uint32_t i = 0; i < t->nfixes; i++)
        if (t->fixes[i].pid == pid) {
            atomic_fetch_sub(&t->fixcount, t->fixes[i].count);
            memmove(t->fixes + i, t->fixes + i + 1, (t->nfixes - i - 1) * sizeof *t->fixes);
            t->nfixes--;
            any = true;
            break;
        }
    pthread_mutex_unlock(&t->fix_lock);
    return any;
}

term ets_fix_info(heap_t *h, ets_tab_t *t, bool monotonic)
{
    pthread_mutex_lock(&t->fix_lock);
    term r = ATOM(false);
    if (t->nfixes) {
        term l = NIL;
        for (uint32_t i = t->nfixes; i-- > 0;) {
            term e[2] = {t->fixes[i].pid, term_from_small((int64_t)t->fixes[i].count)};
            l = heap_make_cons(h, heap_make_tuple(h, 2, e), l);
        }
        int64_t us = t->fix_time / 1000;
        term ts[3] = {term_from_small(us / 1000000000000), term_from_small(us / 1000000 % 1000000),
                      term_from_small(us % 1000000)};
        term e[2] = {monotonic ? term_from_small(t->fix_mono) : heap_make_tuple(h, 3, ts), l};
        r = heap_make_tuple(h, 2, e);
    }
    pthread_mutex_unlock(&t->fix_lock);
    return r;
}
