/*
 * ets.h - ETS tables: storage, locking and the table registry (ets.c). The
 * BIFs of the ets module are in runtime/bif/ets.c.
 *
 * Objects. Each stored object is one malloc'd ets_obj_t holding a copy of
 * the tuple (copy_term into a window onto the object's own words), so
 * table memory belongs to no process heap. The copy's off-heap references
 * (refc binaries, funs, nodes) hang off obj->offheap and are released when
 * the object is freed. Readers copy objects out to their own heap.
 *
 * Storage. set/bag/duplicate_bag: erts' linear hash table (erl_db_hash.c),
 * so that every traversal lists objects in erl's order: slots live in
 * segments (256, then 2048 each) that never move; nactive slots are in use
 * and a key's slot is hash & szm, folded by szm >> 1 when past nactive.
 * After an insert the table grows while the objects outnumber the slots
 * (one slot split at a time, at most 5 per operation); after a delete it
 * shrinks (the top slot joined onto its partner) while the objects are
 * fewer than shrink_limit, which is non-zero only with three segments or
 * more. Tables with decentralized counters decide on an estimate (64 times
 * the count of the key's lock stripe), as erts does. A new key goes at the
 * end of its chain; objects of one key are adjacent, newest first, as erts
 * chains them (lookups list them back to front); keys compare with =:=
 * (cmp_eq_exact). Traversals visit slots 0, L, 2L, ... then 1, 1+L, ...
 * where L is the lock count (64 with write_concurrency, else 1).
 * ordered_set: skiplists in term order (cmp_terms, so 1 and 1.0 are the
 * same key), one per key range; obj->fwd[0..level-1] are its links (a hash
 * object has level 1: fwd[0] is the chain). A table with write_concurrency
 * starts with one range and splits a range at its middle key when its
 * lock is contended (as erts' contention-adapting tree), up to 64.
 *
 * Registry. ets_get takes no lock: a table id is a reference whose
 * numbers name a registry slot (with a generation), a name is an atom
 * whose index names another; the slot holds the table pointer, and the
 * reader takes a reference on the table only while its count is not zero,
 * then checks that the table is the one asked for. Table structures are
 * recycled, never freed (their contents are freed with the last
 * reference), so a reader holding a stale pointer meets a live count or a
 * zero, never freed memory. Creating, deleting, renaming and ets:all take
 * the registry lock.
 *
 * Locking. Each table has a rwlock: point reads take it shared,
 * writes exclusive. A hash table with write_concurrency also has 64
 * striped rwlocks (bucket b -> stripe b % 64): point operations take the
 * table lock shared and their stripe shared or exclusive, so readers and
 * writers of different keys on several schedulers run in parallel; whole-
 * table operations take the table lock exclusive. Resizing runs after the
 * operation, outside its locks: one resizer at a time (an atomic flag),
 * with the table lock shared and the stripe lock of the slots it splits or
 * joins (a slot and its partner share a stripe); readers of other stripes
 * find their slot from atomics (segtab, nactive, szm). An ordered_set
 * with write_concurrency locks its key ranges apart the same way (the
 * table lock shared, then the range's lock); splitting a range takes the
 * table lock exclusive.
 * read_concurrency tables use the same rwlocks (readers never wait for
 * each other).
 *
 * Safe iteration (safe_fixtable, and the traversals ets.erl and select
 * make): while a hash table is fixed it does not resize, and deleted
 * objects stay in their chain marked dead (skipped by every reader) so
 * that next/2 of a deleted key still finds its place; they are freed when
 * the last fixation goes.
 */
#ifndef LASER_ETS_H
#define LASER_ETS_H

#include "proc.h"

#include <pthread.h>
#include <stdatomic.h>

typedef enum { ETS_SET = 0, ETS_ORDERED_SET, ETS_BAG, ETS_DBAG } ets_type_t;
typedef enum { ETS_PRIVATE = 0, ETS_PROTECTED, ETS_PUBLIC } ets_access_t;

#define ETS_STRIPES 64
#define ETS_SL_MAX 24 /* skiplist levels */

typedef struct ets_obj {
    term val;                    /* the tuple, in data[] below */
    term_offheap_hdr_t *offheap; /* the copy's off-heap references */
    uint32_t hash;               /* of the key (hash tables) */
    uint8_t level;               /* links in fwd[] */
    uint8_t dead;                /* deleted while the table is fixed */
    size_t nwords;               /* data words */
    /* compressed tables: the whole tuple in the external format (val is
     * then a stub holding only the key and the immediates) */
    uint8_t *ext;
    size_t ext_len;
    struct ets_obj *fwd[];       /* then the data */
} ets_obj_t;

/* An ordered_set is one skiplist per key range (one range unless the
 * table has write_concurrency); each range has its own rwlock. */
typedef struct ets_part {
    ets_obj_t *head; /* ETS_SL_MAX links */
    unsigned level;
    pthread_rwlock_t lock;
    _Atomic uint32_t waits; /* lock acquisitions that had to wait */
} ets_part_t;
#define ETS_MAX_PARTS 64

typedef struct ets_fix {
    term pid;
    uint64_t count;
} ets_fix_t;

typedef struct ets_tab {
    /* first: a recycled table is cleared after it, never it (ets.c) */
    _Atomic uint32_t refc;
    uint32_t ref[3];     /* the table id's reference numbers */
    _Atomic term name;   /* atom (rename/2 changes it) */
    uint8_t type, access;
    bool named, rc, dc, compressed;
    term wc; /* true, false or auto: as given */
    uint32_t keypos;
    _Atomic term owner;   /* local pid */
    term heir;            /* local pid or ATOM(none) (under the table lock) */
    term heir_data;       /* in heir_heap */
    term_offheap_hdr_t *heir_off;
    term *heir_mem;

    pthread_rwlock_t lock;
    pthread_rwlock_t *stripes; /* write_concurrency hash tables, else NULL */
    _Atomic uint64_t size;
    _Atomic int64_t words;

    /* hash tables (ets.c: linear hashing) */
    _Atomic(ets_obj_t ***) segtab; /* segment pointers */
    size_t segcap;                 /* segtab's room */
    size_t nsegs;                  /* segments allocated (kept when shrinking) */
    size_t nslots;                 /* slots of the segments in use (erts' nslots) */
    _Atomic size_t nactive, szm;
    _Atomic int64_t shrink_limit;
    _Atomic bool resizing;
    unsigned nlocks;       /* traversal stride: the stripe count, or 1 */
    int64_t *stripe_items; /* decentralized counters: objects per stripe */
    void *old_segtabs;     /* replaced segtabs, freed with the table */
    _Atomic uint64_t ndead;
    /* ordered_set: key ranges in order; bounds[i] holds {LowestKey} of
     * range i + 1. Changed only with the table lock exclusive. */
    ets_part_t **parts;
    uint32_t nparts;
    ets_obj_t **bounds;
    bool part_locks;        /* ranges lock apart (write_concurrency) */
    _Atomic bool split_due; /* a range's lock is contended */

    /* fixations (under fix_lock) */
    pthread_mutex_t fix_lock;
    ets_fix_t *fixes;
    uint32_t nfixes, fixes_cap;
    int64_t fix_time, fix_mono; /* system and monotonic time (ns) of the first fixation */
    _Atomic uint64_t fixcount;

    _Atomic bool deleted;
    struct ets_tab *all_next, *all_prev; /* under the registry lock */
} ets_tab_t;

/* ---- objects ---- */
ets_obj_t *ets_obj_new(term tuple, unsigned level);
void ets_obj_free(ets_obj_t *o);
static inline term ets_obj_key(const ets_tab_t *t, const ets_obj_t *o)
{
    return term_tuple_elems(o->val)[t->keypos - 1];
}
uint32_t ets_hash_key(term key);
/* A new object for t holding a copy of tuple (no lock needed); in a
 * compressed table, as erts, the key stays a term and the rest is kept in
 * the external format. */
ets_obj_t *ets_obj_for(ets_tab_t *t, term tuple);
/* The object as a term built on h (a copy: the caller's). */
term ets_obj_copy(const ets_obj_t *o, heap_t *h);
/* The object to read in place: o->val, or a compressed object decoded on
 * scratch (which the caller frees). */
static inline term ets_obj_view(const ets_obj_t *o, heap_t *scratch)
{
    return o->ext ? ets_obj_copy(o, scratch) : o->val;
}

/* ---- tables ---- */
typedef struct {
    ets_type_t type;
    ets_access_t access;
    bool named, rc, dc, compressed;
    term wc;
    uint32_t keypos;
    term heir, heir_data;
} ets_opts_t;

/* A new table owned by owner, registered (NULL if named and the name is
 * taken). The caller gets no reference. */
ets_tab_t *ets_new(term name, term owner, const ets_opts_t *o);
/* The table named by an id reference or a name, with a reference taken;
 * NULL if there is none. */
ets_tab_t *ets_get(term id);
void ets_put(ets_tab_t *t);
/* The table's id as a term (its reference, or its name if named). */
term ets_tid(heap_t *h, const ets_tab_t *t);
term ets_ref(heap_t *h, const ets_tab_t *t);
/* t's name (rename/2 changes it under the registry lock). */
term ets_name(ets_tab_t *t);
/* Remove t from the registry (the storage goes with the last reference).
 * False if it was deleted already. */
bool ets_delete_table(ets_tab_t *t);
/* false if the name is taken. */
bool ets_rename(ets_tab_t *t, term name);
/* Every live table id, as ets:all/0 lists them. */
term ets_all(heap_t *h);
/* A process exits: its tables go to their heirs or are deleted, its
 * fixations are released (called by proc_exit). */
void ets_proc_exit(proc_t *p);
/* Hand t over to a new owner with the 'ETS-TRANSFER' message. */
void ets_transfer(ets_tab_t *t, proc_t *from, term to, term data);
void ets_set_heir(ets_tab_t *t, term heir, term data);

/* ---- locking ---- */
/* A point operation on key (hash h) (write: exclusive). */
void ets_lock_key(ets_tab_t *t, term key, uint32_t h, bool write);
void ets_unlock_key(ets_tab_t *t, uint32_t h, bool write);
/* The whole table. */
void ets_lock_all(ets_tab_t *t, bool write);
void ets_unlock_all(ets_tab_t *t, bool write);
/* After a write, outside any lock: grow or shrink a hash table if the
 * calling thread's last insert or delete on t calls for it (as erts checks
 * after each operation). ets_resize_held: the same with t locked whole for
 * writing. */
void ets_maybe_resize(ets_tab_t *t);
void ets_resize_held(ets_tab_t *t);

/* ---- hash slots (caller holds the whole table) ---- */
size_t ets_nslots(ets_tab_t *t); /* active slots */
ets_obj_t *ets_slot_chain(ets_tab_t *t, size_t ix);
/* The slot after ix in traversal order; 0 at the end. */
size_t ets_next_slot(ets_tab_t *t, size_t ix);
/* The slot of key hash h. */
size_t ets_slot_of(ets_tab_t *t, uint32_t h);

/* ---- storage (caller holds the right lock) ---- */
/* The first live object with key (hash h), or NULL. Later objects of the
 * key (bags) follow it: use ets_same_next. */
ets_obj_t *ets_find(ets_tab_t *t, term key, uint32_t h);
ets_obj_t *ets_same_next(ets_tab_t *t, ets_obj_t *o);
/* Insert o (set: replaces the key's object; bag: unless an equal object
 * is there; duplicate_bag: always). new_only: fail (false, o freed) if
 * the key exists. */
bool ets_insert_obj(ets_tab_t *t, ets_obj_t *o, bool new_only);
/* Replace an object in place by o (same key). */
void ets_replace_obj(ets_tab_t *t, ets_obj_t *old, ets_obj_t *o);
/* Delete every object of key; return how many. */
size_t ets_delete_key(ets_tab_t *t, term key, uint32_t h);
/* Delete objects =:= obj; return how many. */
size_t ets_delete_matching(ets_tab_t *t, term obj, uint32_t h);
/* Delete one given object (from an iteration). */
void ets_delete_one(ets_tab_t *t, ets_obj_t *o);
void ets_delete_all(ets_tab_t *t);

/* Iteration by key: first/last object, the first object after (before)
 * key; NULL at the end. next/prev of a key not in a hash table: *missing
 * is set (badarg unless fixed, where dead objects keep the place). */
ets_obj_t *ets_first(ets_tab_t *t);
ets_obj_t *ets_last(ets_tab_t *t);
ets_obj_t *ets_next(ets_tab_t *t, term key, bool *missing);
ets_obj_t *ets_prev(ets_tab_t *t, term key, bool *missing);
/* Every live object in table order (for traversals under ets_lock_all):
 * start with NULL; *bucket is the object's slot. */
ets_obj_t *ets_iter(ets_tab_t *t, ets_obj_t *o, size_t *bucket);
/* ordered_set: the object after o in term order (NULL at the end). */
ets_obj_t *ets_succ(ets_tab_t *t, ets_obj_t *o);
/* ordered_set: skiplist levels in use (info stats). */
unsigned ets_sl_levels(ets_tab_t *t);

/* Fixation (safe_fixtable) by pid. */
void ets_fix(ets_tab_t *t, term pid, bool on);
/* safe_fixed's value: false or {Time, [{Pid, Count}]}, Time as
 * erlang:timestamp() or (monotonic) erlang:monotonic_time(). */
term ets_fix_info(heap_t *h, ets_tab_t *t, bool monotonic);

#endif
