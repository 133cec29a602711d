/*
 * gc.h - a process's memory and its generational copying garbage collector,
 * modelled on OTP's erl_gc.c (BEAM's scheme, OTP 25 sizing policy).
 *
 * Memory of one process (gc_heap_t):
 *
 *   young block (one malloc'd area of heap_size words)
 *
 *     heap      high_water          htop           stop                hend
 *      |  mature  |  new since last GC  |   free     |  stack (y regs, CPs) |
 *      [==========|=====================|............|======================]
 *       survived one GC: promoted at     allocation   grows down; a frame
 *       the next minor GC                grows up     word with tag 00 is a
 *                                                     continuation pointer
 *
 *   old heap (allocated at the first promotion)
 *
 *     old_heap                 old_htop                old_hend
 *      [========================|......................]
 *
 *   heap fragments: heap_t chains holding terms built outside the process
 *   (messages, big BIF results); they belong to the young generation.
 *
 *   off-heap chains: every procbin, fun and external pid/port/ref that lives
 *   on the young heap is on `offheap`, every one on the old heap is on
 *   `old_offheap`, every one in a fragment is on that fragment's chain.
 *
 * Invariants the collector relies on (gc_verify checks them):
 *   - [heap, htop) and [old_heap, old_htop) are dense sequences of boxed
 *     objects (a header word followed by hdr_arity words) and cons cells
 *     (two words, neither a header);
 *   - no pointer leads from the old heap into the young heap or a fragment,
 *     and none leads from [heap, high_water) above high_water: Erlang data
 *     is immutable, so an object only points at older objects;
 *   - anything outside the young heap, the old heap and the fragments
 *     (module literals, other heap_t's) is never moved nor scanned: that is
 *     BEAM's literal rule, so literal areas must outlive every process that
 *     can see their terms.
 *
 * Collections. A minor GC copies the live young data (roots: the stack, the
 * caller's root arrays) out of the young block and the fragments: objects
 * below high_water go to the old heap (promotion), the rest to a fresh young
 * block; then high_water = htop. After fullsweep_after minor GCs, or when
 * the old heap is too small, a major GC (full sweep) copies everything live
 * from young, old and fragments into one fresh young block and frees the old
 * heap (OTP 25 does the same; high_water = htop so the next minor promotes
 * all of it). Forwarding is BEAM's: a moved boxed object's header becomes a
 * boxed pointer to its copy; a moved cons gets car = THE_NON_VALUE and cdr =
 * the new cons. Copying is Cheney's breadth-first scan, so the C stack does
 * not grow with the depth of the data.
 *
 * Sizes follow OTP exactly: gc_next_heap_size is erts_next_heap_size (12,
 * 38, then Fibonacci + 1 up to index 22 - 233, 376, 610, ... - then 20%
 * steps), and the grow/shrink decisions after a minor and after a full
 * sweep are those of erl_gc.c (see gc.c).
 *
 * Stress mode: when h->stress is set (gc_heap_init copies it from
 * gc_stress_default, for the VM's GC-stress test mode to set), every
 * allocation point must collect: gc_alloc and gc_should_collect honour it,
 * and the interpreter's test_heap/allocate must call gc_collect whenever
 * gc_should_collect is true even if the free space would suffice. Any term
 * held in C across such a point and not passed as a root then dangles at
 * once, which is what the mode is for. The conformance suite runs once in
 * this mode.
 */
#ifndef LASER_GC_H
#define LASER_GC_H

#include "heap.h"
#include <stdatomic.h>

/* OTP defaults (erlang:system_info/1). */
#define GC_MIN_HEAP_SIZE 233         /* words */
#define GC_MIN_BIN_VHEAP_SIZE 46422  /* words */
#define GC_FULLSWEEP_AFTER 65535

/* gc_collect results. Only GC_OK and GC_MAX_HEAP_SIZE (without kill) leave
 * stop - htop >= need. */
enum {
    GC_OK = 0,
    /* The heap would exceed max_heap_size. With max_heap_kill set nothing
     * was collected (the caller must kill the process); otherwise the
     * collection was done and this only reports the overflow (OTP's
     * kill => false: the caller logs it). */
    GC_MAX_HEAP_SIZE = 1,
    /* need is beyond the largest heap size there is (system_limit). */
    GC_SYSTEM_LIMIT = 2,
    /* malloc failed for a new heap; nothing was changed. */
    GC_NO_MEMORY = 3,
};

/* A heap fragment: terms built outside the process (a message, a large
 * BIF result), in an ordinary heap_t. After gc_frag_attach the process owns
 * it; the next GC copies the live part out and frees it. */
typedef struct gc_frag {
    struct gc_frag *next;
    heap_t heap;
    /* gc_frag_new_sized: the first block, part of the fragment's own
     * allocation (freed with it, never alone); NULL otherwise */
    heap_block_t *inl;
    uint32_t cls; /* gc.c's size class of a recycled allocation, 0: none */
} gc_frag_t;

/* A root array: x registers 0..live-1, the dictionary, message queue
 * terms, saved exception values... The GC rewrites moved terms in place. */
typedef struct gc_root {
    term *start;
    size_t count;
} gc_root_t;

typedef struct gc_heap {
    /* young block: heap <= high_water <= htop <= stop <= hend */
    term *heap, *htop, *stop, *hend;
    term *high_water;
    /* old generation (all NULL until the first promotion) */
    term *old_heap, *old_htop, *old_hend;

    term_offheap_hdr_t *offheap;     /* off-heap objects on the young heap */
    term_offheap_hdr_t *old_offheap; /* ... on the old heap */
    gc_frag_t *frags;                /* newest first */
    size_t frag_words;               /* words handed out in frags (OTP's mbuf_sz) */

    /* Virtual binary heap (OTP's bin_vheap), in words (bytes / 8) of refc
     * binaries referenced from the young generation (fragments included) and
     * from the old heap; exceeding bin_vheap_sz asks for a GC, exceeding
     * bin_old_vheap_sz forces the next GC to be a full sweep. */
    uint64_t bin_vheap, bin_vheap_sz;
    uint64_t bin_old_vheap, bin_old_vheap_sz;
    uint64_t min_bin_vheap_size;

    /* settings (process_flag / spawn_opt) */
    size_t min_heap_size;     /* words, a size of the table */
    size_t max_heap_size;     /* words, 0 = off; young + old + fragments */
    size_t over_size;         /* the size that went over max_heap_size last (its report's Total Heap Size) */
    bool max_heap_kill;       /* see GC_MAX_HEAP_SIZE */
    uint32_t fullsweep_after; /* minor GCs between full sweeps */
    bool stress;              /* collect at every allocation point */

    /* state */
    uint32_t minor_gcs; /* since the last full sweep (OTP's GEN_GCS) */
    unsigned flags;     /* GC_F_* */
    uint64_t total_gcs, total_fullsweeps;
} gc_heap_t;

#define GC_F_HEAP_GROW 1u      /* a full sweep found the heap > 75% full */
#define GC_F_NEED_FULLSWEEP 2u /* next collection must be a full sweep */
#define GC_F_REQUESTED 4u      /* erlang:garbage_collect/0: collect after the BIF */

/* Default of gc_heap_t.stress for new heaps (atomic: the boot turns it on
 * while schedulers run, see vm_boot_begin). */
extern atomic_bool gc_stress_default;

/* A heap with a young block of min_heap_size words (0: OTP's default 233;
 * other values are rounded up to the table) and OTP's default settings. */
void gc_heap_init(gc_heap_t *h, size_t min_heap_size);
/* Release every off-heap reference and free all memory. */
void gc_heap_free(gc_heap_t *h);

/* OTP's erts_next_heap_size: the smallest table size >= size (offset 0) or
 * the size after that (offset 1); 0 if the table has no such size. */
size_t gc_next_heap_size(size_t size, unsigned offset);

/* Collect so that stop - htop >= need afterwards (see the result codes).
 * Minor or full sweep as the policy says. */
int gc_collect(gc_heap_t *h, size_t need, gc_root_t *roots, size_t nroots);
/* The same, always a full sweep (erlang:garbage_collect/0). */
int gc_collect_full(gc_heap_t *h, size_t need, gc_root_t *roots, size_t nroots);

/* Whether an allocation point should collect even if there is room: stress
 * mode, refc binaries of the young generation over their virtual heap
 * limit (OTP forces a GC then, so that dead big binaries are freed soon),
 * or heap fragments (received messages) larger than the young block, as
 * OTP's MBUF_SIZE check. */
static inline bool gc_should_collect(const gc_heap_t *h)
{
    return h->stress || h->bin_vheap > h->bin_vheap_sz || h->frag_words > (size_t)(h->hend - h->heap);
}

/* Whether to collect after a BIF built its result (OTP's
 * ERTS_IS_GC_DESIRED): its fragments outgrow the free space, or refc
 * binaries exceed their virtual heap. Without this, a loop whose only
 * allocations are BIF results (binary appends, bignum arithmetic) reaches
 * no allocation point and its fragments and dead binaries pile up. */
static inline bool gc_desired(const gc_heap_t *h)
{
    return h->frag_words > (size_t)(h->stop - h->htop) || h->bin_vheap > h->bin_vheap_sz ||
           (h->flags & GC_F_REQUESTED);
}

/* Allocate `words` on the young heap, collecting first when there is not
 * room or gc_should_collect says so. *out is NULL if the result is not
 * GC_OK / GC_MAX_HEAP_SIZE-without-kill. */
int gc_alloc(gc_heap_t *h, size_t words, gc_root_t *roots, size_t nroots, term **out);

/* Link an off-heap object just built on the young heap (procbin, fun,
 * external) into its chain; accounts refc binaries in bin_vheap. */
void gc_link_offheap(gc_heap_t *h, term_offheap_hdr_t *o);

/* Which words of the boxed object at p are terms: n of them from p[first]
 * (the collector's rule; copy.c uses it too). */
size_t gc_obj_terms(const term *p, size_t *first);

/* Collections of every process and the words they freed (statistics(
 * garbage_collection)): young, old and fragment words in use before minus
 * after. */
extern _Atomic uint64_t gc_stat_collections, gc_stat_reclaimed;
/* While gc_stat_timing (microstate accounting), a collection adds its
 * nanoseconds to the calling thread's gc_time_sink, if it has one. */
extern atomic_bool gc_stat_timing;
extern _Thread_local _Atomic int64_t *gc_time_sink;

/* Fragments: build terms in frag->heap with the heap_t constructors, then
 * attach it (ownership passes to h). gc_frag_free discards one that was
 * never attached. */
gc_frag_t *gc_frag_new(void);
/* A fragment whose first block holds exactly `words`, in one allocation
 * with the fragment and `extra` more bytes for the caller (*extra_out, 8-byte
 * aligned; a signal header: a message costs one malloc). The extra bytes
 * live as long as the fragment. */
gc_frag_t *gc_frag_new_sized(size_t words, size_t extra, void **extra_out);
void gc_frag_attach(gc_heap_t *h, gc_frag_t *f);
void gc_frag_free(gc_frag_t *f);

/* Sizes in words, as process_info reports them. */
static inline size_t gc_heap_size(const gc_heap_t *h) { return (size_t)(h->hend - h->heap); }
static inline size_t gc_old_heap_size(const gc_heap_t *h) { return (size_t)(h->old_hend - h->old_heap); }
static inline size_t gc_stack_size(const gc_heap_t *h) { return (size_t)(h->hend - h->stop); }
/* Everything max_heap_size limits: young + old blocks + fragments. */
static inline size_t gc_total_heap_size(const gc_heap_t *h)
{
    return gc_heap_size(h) + gc_old_heap_size(h) + h->frag_words;
}

/* Check the heap: pointer fields ordered, every object of the young and old
 * heap well formed, every term word (heaps, stack, roots) pointing at an
 * object start in a live area or outside all of them (a literal), no
 * old->young pointers, off-heap chains complete and vheap counts right.
 * NULL if all is well, else a description of the first problem (static
 * buffer). Costs a linear pass; meant for tests and debug builds. */
const char *gc_verify(gc_heap_t *h, gc_root_t *roots, size_t nroots);

#endif
