/*
 * res.h - C objects that Erlang code holds: OTP's NIF resources and magic
 * references (open files, prim_buffers, compiled match specs, atomics and
 * counters arrays, zlib streams, prepared code).
 *
 * A process sees a resource as a magic reference (term.h's term_mref_t):
 * a local reference that holds a count on the object and sits on its
 * heap's off-heap chain, like a refc binary's handle. Copying the term (a
 * message, ETS, persistent_term, a spawn's arguments) takes another count;
 * a garbage collection that drops the last copy on a heap, or freeing the
 * heap, gives its count back. The object's type frees it (dtor) when the
 * last count goes: erts frees a magic binary the same way.
 *
 * Numbers. Every object has a slot in one per-VM table, named by the
 * reference's numbers with the slot's generation:
 *
 *   num[0] = gen bits 0..17, num[1] = slot,
 *   num[2] = RES_REF_MARK | gen bits 18..47
 *
 * make_ref/0 never sets bit 31 of num[2] (sched_ref_numbers), so no
 * ordinary reference is a resource's. The table lets binary_to_term of a
 * term_to_binary'd magic reference find the object again while it lives
 * (res_revive; erts' magic ref table), as an ordinary ref once it is gone.
 *
 * Counts. res_lookup takes a count for the caller (res_unref gives it
 * back), so an object is never freed while a BIF on another scheduler uses
 * it; res_peek takes none: the caller's term keeps the object alive while
 * the BIF runs (a BIF never collects garbage).
 *
 * Owners. Each object records a process (its creator; zlib's controller
 * moves with res_set_owner). A type with owner_exit is told when that
 * process exits (res_proc_exit, called by proc_exit). A `pinned` type's
 * objects also live until released, whatever the GC finds: prim_file's
 * open files, which OTP keeps until closed or until their owner dies.
 * res_release marks an object released: its handles answer RES_STALE
 * (prim_file: {error, einval}, as OTP's closed file); the memory goes with
 * the last count.
 */
#ifndef LASER_RES_H
#define LASER_RES_H

#include <stdatomic.h>
#include <stdint.h>

#include "heap.h"

typedef struct res res_t;

typedef struct {
    const char *name;
    /* Frees the object: the last count went (no lock held). */
    void (*dtor)(res_t *r);
    /* NULL, or: its owner exited; runs with a count held, no lock held.
     * May call res_release. */
    void (*owner_exit)(res_t *r);
    /* Lives until res_release even with no term naming it. */
    bool pinned;
} res_type_t;

/* The header every resource object starts with. */
struct res {
    const res_type_t *type;
    _Atomic uint64_t refc;
    _Atomic term owner;    /* a local pid */
    _Atomic bool released;
    uint32_t slot;
    uint32_t num[3];       /* its references' numbers */
    uint64_t vheap_words;  /* C memory it holds, counted in its holders' virtual binary heaps */
    res_t *own_prev, *own_next; /* the owned list (types with owner_exit), under the table lock */
    bool owned;
};

typedef enum { RES_OK, RES_STALE, RES_BAD } res_status_t;

/* Register r (of `type`, owned by `owner`) with one count, the caller's
 * (NIF resources: enif_alloc_resource, no term yet). */
void res_init(res_t *r, const res_type_t *type, term owner);
/* Register r (of `type`, owned by `owner`) and return its first magic
 * reference, built on h. */
term res_register(heap_t *h, res_t *r, const res_type_t *type, term owner);
/* Another magic reference to r (which the caller holds a count on). */
term res_handle(heap_t *h, res_t *r);
/* The object of type `type` that t names, with a count taken (RES_OK),
 * or why not: RES_STALE released, RES_BAD anything else. */
res_status_t res_lookup(term t, const res_type_t *type, res_t **out);
/* The same without a count; NULL for RES_BAD, *st tells the rest. */
res_t *res_peek(term t, const res_type_t *type, res_status_t *st);
void res_retain(res_t *r);
void res_unref(res_t *r);
/* Mark r released (its handles become stale; a pinned object's own count
 * goes); false if it was released already. */
bool res_release(res_t *r);
term res_owner(const res_t *r);
void res_set_owner(res_t *r, term pid);
/* C memory r holds, in bytes: GC pressure on the heaps that hold it. */
void res_set_size(res_t *r, uint64_t bytes);
/* A magic reference to the live object that local ref numbers `num`
 * name, built on h (a count taken); THE_NON_VALUE if there is none. */
term res_revive(heap_t *h, const uint32_t num[3]);
/* proc_exit's hook: owner_exit for every object pid owns, then the exit
 * hook (res_on_exit). */
void res_proc_exit(term pid);
/* fn(pid) runs at every process exit from now on (NIF monitors: nif.c). */
void res_on_exit(void (*fn)(term pid));
/* A count on r unless its last one went already (its dtor is coming);
 * the caller keeps r's memory from being freed meanwhile. */
bool res_retain_live(res_t *r);
/* For tests: objects of a type (NULL: all) not released yet. */
size_t res_count(const res_type_t *type);

/* The off-heap chain's hooks (gc.c, copy.c, heap.c). */
static inline res_t *res_of_mref(const term_offheap_hdr_t *o) { return ((const term_mref_t *)o)->obj; }

#endif
