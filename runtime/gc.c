/*
 * gc.c - the per-process generational copying collector (see gc.h for the
 * memory layout and the invariants).
 *
 * Pieces, in order: the heap size table (OTP's erts_next_heap_size), the
 * layout of boxed objects (which words are terms), copying (Cheney scan of
 * to-space with BEAM's forwarding marks), the off-heap sweep, resizing a
 * young block in place of OTP's grow_new_heap/shrink_new_heap, the minor
 * and major collections with erl_gc.c's sizing rules, and the verifier.
 *
 * Nothing here recurses over terms: copying is breadth first through
 * to-space, verification is a linear pass over each area.
 */
#include "gc.h"
#include "funtab.h"
#include "res.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

atomic_bool gc_stress_default = false;

_Noreturn static void gc_fatal(const char *what, const void *where)
{
    fprintf(stderr, "laser: gc.c: %s (at %p)\n", what, where);
    abort();
}

static inline uintptr_t addr(const void *p) { return (uintptr_t)p; }
static inline bool in_range(const void *p, const term *lo, const term *hi)
{
    return addr(p) >= addr(lo) && addr(p) < addr(hi);
}

/* ---------------------------------------------------------------------
 * Heap sizes: erl_gc.c's table. 12, 38, then a[i] = a[i-1] + a[i-2] + 1
 * up to index 22 (233 at index 5 is the default minimum), then 20% steps
 * while the size stays within 2^53 bytes. OTP's loop steps back one entry
 * more than it needs when it stops; we keep that, so the table has the 137
 * entries erlang:system_info(heap_sizes) shows.
 * ------------------------------------------------------------------- */
#define HEAP_SIZES_MAX 154
static size_t heap_sizes[HEAP_SIZES_MAX];
static size_t num_heap_sizes;
static pthread_once_t heap_sizes_once = PTHREAD_ONCE_INIT;

static void heap_sizes_init(void)
{
    const size_t max = ((size_t)1 << 53) / sizeof(term);
    size_t i;
    heap_sizes[0] = 12;
    heap_sizes[1] = 38;
    for (i = 2; i < 23; i++) heap_sizes[i] = heap_sizes[i - 1] + heap_sizes[i - 2] + 1;
    for (i = 23; i < HEAP_SIZES_MAX; i++) {
        heap_sizes[i] = heap_sizes[i - 1] + heap_sizes[i - 1] / 5;
        if (heap_sizes[i] > max) {
            i--;
            break;
        }
    }
    num_heap_sizes = i;
}

size_t gc_next_heap_size(size_t size, unsigned offset)
{
    pthread_once(&heap_sizes_once, heap_sizes_init);
    /* as OTP: below the table the first size, whatever the offset */
    if (size < heap_sizes[0]) return heap_sizes[0];
    /* lo = first entry >= size. OTP returns mid[offset] on an exact hit and
     * mid[offset + 1] for mid[0] < size < mid[1]: both are lo + offset. */
    size_t lo = 0, hi = num_heap_sizes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (heap_sizes[mid] < size)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo + offset < num_heap_sizes ? heap_sizes[lo + offset] : 0;
}

/* OTP's next_heap_size: never below the process's minimum. */
static size_t next_size(const gc_heap_t *h, size_t size, unsigned offset)
{
    size_t s = gc_next_heap_size(size, offset);
    if (s == 0) return 0;
    return s < h->min_heap_size ? h->min_heap_size : s;
}

/* ---------------------------------------------------------------------
 * Object layout. Every boxed object is its header plus hdr_arity(header)
 * words; the words that are terms form one contiguous run (possibly empty)
 * at [p + *first, p + *first + count). Raw words (digits, bytes, pointers
 * to C structures, the off-heap next link) must never be read as terms.
 * ------------------------------------------------------------------- */

/* HOOK for the interpreter issue: a binary match state holds the binary
 * being matched (a term) and saved offsets (raw words). Its layout is not
 * fixed yet, so no heap may contain one today; when bs_start_match lands,
 * return its term run here and teach gc_verify's header check its size. */
/* A match state (src/vm_bits.c): orig binary, position and end as small
 * integers; every word after the header is a term, as in a tuple. */
static size_t match_state_terms(const term *p, size_t *first)
{
    *first = 1;
    return (size_t)hdr_arity(p[0]);
}

size_t gc_obj_terms(const term *p, size_t *first)
{
    term hd = p[0];
    *first = 1;
    switch (hdr_subtag(hd)) {
    case HDR_TUPLE:
    case HDR_MAP: /* map.c: every word after the header is a term */
        return (size_t)hdr_arity(hd);
    case HDR_FUN:
        *first = offsetof(term_fun_t, creator) / sizeof(term);
        return 1 + ((const term_fun_t *)p)->num_free;
    case HDR_SUB_BIN:
        *first = offsetof(term_subbin_t, orig) / sizeof(term);
        return 1;
    case HDR_POS_BIG:
    case HDR_NEG_BIG:
    case HDR_FLOAT:
    case HDR_REF:
    case HDR_EXPORT:
    case HDR_REFC_BIN:
    case HDR_HEAP_BIN:
    case HDR_EXT_PID:
    case HDR_EXT_PORT:
    case HDR_EXT_REF:
        return 0;
    case HDR_MATCHSTATE:
        return match_state_terms(p, first);
    default:
        gc_fatal("unknown header subtag", p);
    }
}

static inline bool is_offheap(term hd)
{
    unsigned s = hdr_subtag(hd);
    return s == HDR_REFC_BIN || s == HDR_FUN || s == HDR_EXT_PID || s == HDR_EXT_PORT || s == HDR_EXT_REF ||
           hdr_is_mref(hd);
}

/* ---------------------------------------------------------------------
 * Fragment address ranges, sorted, for "is this pointer in a fragment".
 * A fragment's blocks are searched whole: heap_t does not record how much
 * of a retired block was used, and nothing points into the unused tail.
 * ------------------------------------------------------------------- */
typedef struct {
    const term *lo, *hi;
} range_t;

static int range_cmp(const void *a, const void *b)
{
    uintptr_t x = addr(((const range_t *)a)->lo), y = addr(((const range_t *)b)->lo);
    return x < y ? -1 : x > y;
}

/* A collection's fragment table: in buf (if any) when it fits (most
 * collections see a few dozen message fragments), else malloc'd;
 * frag_ranges_done frees it. Unsorted: frag_sort sorts it when first
 * needed (many collections never look: nothing live points into a
 * fragment but the messages being worked on, which the bounding box
 * answers for the rest). */
#define FRAG_RANGES_STACK 128
static range_t *frag_ranges(const gc_heap_t *h, size_t *n, range_t *buf)
{
    size_t c = 0;
    for (const gc_frag_t *f = h->frags; f; f = f->next)
        for (const heap_block_t *b = f->heap.blocks; b; b = b->next) c++;
    *n = c;
    if (c == 0) return NULL;
    range_t *r = buf;
    if (!buf || c > FRAG_RANGES_STACK) {
        r = malloc(c * sizeof *r);
        if (!r) laser_oom("GC fragment table", c * sizeof *r);
    }
    c = 0;
    for (const gc_frag_t *f = h->frags; f; f = f->next)
        for (const heap_block_t *b = f->heap.blocks; b; b = b->next) {
            r[c].lo = b->mem;
            r[c].hi = b->mem + b->size;
            c++;
        }
    return r;
}

static void frag_sort(range_t *r, size_t n)
{
    if (n > 32) {
        qsort(r, n, sizeof *r, range_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        range_t x = r[i];
        size_t j = i;
        for (; j > 0 && addr(r[j - 1].lo) > addr(x.lo); j--) r[j] = r[j - 1];
        r[j] = x;
    }
}

static void frag_ranges_done(range_t *r, const range_t *buf)
{
    if (r != buf) free(r);
}

static bool in_ranges(const range_t *r, size_t n, const void *p)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (addr(p) < addr(r[mid].lo))
            hi = mid;
        else if (addr(p) >= addr(r[mid].hi))
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------------
 * Copying.
 * ------------------------------------------------------------------- */
typedef struct {
    /* from-space */
    const term *young_lo, *young_hi; /* [heap, htop) */
    const term *mature_hi;           /* [heap, mature_hi) goes to the old heap */
    const term *old_lo, *old_hi;     /* full sweep: the used old heap */
    range_t *frag;  /* frag_ranges */
    size_t nfrag;
    bool frag_sorted;
    const term *frag_lo, *frag_hi; /* the fragments' bounding box */
    const term *skip_lo, *skip_hi; /* minor GC: the old heap, never copied */
    /* to-space */
    term *n_htop, *n_hend; /* new young block */
    term *o_htop, *o_hend; /* old heap (promotion) */
} copy_t;

enum { TO_NONE, TO_YOUNG, TO_OLD };

static bool in_frags(copy_t *c, const term *p)
{
    if (!c->frag_sorted) {
        frag_sort(c->frag, c->nfrag);
        c->frag_sorted = true;
    }
    return in_ranges(c->frag, c->nfrag, p);
}

/* The hot path of every collection: the young block first, then the old
 * heap (copied by a full sweep, left alone by a minor GC, which sees many
 * pointers into it), and only then the fragments: their bounding box
 * before the binary search. */
static inline int dest_of(copy_t *c, const term *p)
{
    if (in_range(p, c->young_lo, c->young_hi)) return addr(p) < addr(c->mature_hi) ? TO_OLD : TO_YOUNG;
    if (in_range(p, c->old_lo, c->old_hi)) return TO_YOUNG;
    if (in_range(p, c->skip_lo, c->skip_hi)) return TO_NONE;
    if (c->nfrag && in_range(p, c->frag_lo, c->frag_hi) && in_frags(c, p)) return TO_YOUNG;
    return TO_NONE; /* a literal, or the old heap during a minor GC */
}

static void copy_set_frags(copy_t *c, range_t *fr, size_t nfrag)
{
    c->frag = fr;
    c->nfrag = nfrag;
    c->frag_sorted = false;
    c->frag_lo = c->frag_hi = NULL;
    for (size_t i = 0; i < nfrag; i++) {
        if (!c->frag_lo || addr(fr[i].lo) < addr(c->frag_lo)) c->frag_lo = fr[i].lo;
        if (!c->frag_hi || addr(fr[i].hi) > addr(c->frag_hi)) c->frag_hi = fr[i].hi;
    }
}

static inline term *bump(copy_t *c, int dest, size_t n, const term *from)
{
    term **top = dest == TO_OLD ? &c->o_htop : &c->n_htop;
    term *end = dest == TO_OLD ? c->o_hend : c->n_hend;
    term *to = *top;
    if ((size_t)(end - to) < n) gc_fatal("to-space overflow: heap sizes miscomputed", from);
    *top = to + n;
    return to;
}

/* Most objects are a few words: a word loop beats a call to memcpy, which
 * GCC would put back in place of the loop without this attribute on the
 * functions copy_words is inlined into. */
#if defined(__GNUC__) && !defined(__clang__)
#define GC_NO_MEMCPY __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define GC_NO_MEMCPY
#endif
static inline __attribute__((always_inline)) void copy_words(term *restrict to, const term *restrict from, size_t n)
{
    for (size_t i = 0; i < n; i++) to[i] = from[i];
}

/* Make *slot point at the to-space copy of what it references, copying the
 * object (not its children) if this is the first reference seen. */
static inline __attribute__((always_inline)) void evacuate(copy_t *c, term *slot)
{
    term t = *slot;
    if (term_is_boxed(t)) {
        term *p = term_boxed_ptr(t);
        int d = dest_of(c, p);
        if (d == TO_NONE) return;
        term hd = p[0];
        if (term_is_boxed(hd)) { /* forwarded */
            *slot = hd;
            return;
        }
        if (!term_is_header(hd)) gc_fatal("boxed pointer to a word that is not a header", p);
        size_t n = 1 + (size_t)hdr_arity(hd);
        term *to = bump(c, d, n, p);
        if (n <= 16) copy_words(to, p, n);
        else memcpy(to, p, n * sizeof(term));
        p[0] = *slot = term_from_boxed_ptr(to);
    } else if (term_is_list(t)) {
        term *p = term_list_ptr(t);
        int d = dest_of(c, p);
        if (d == TO_NONE) return;
        if (p[0] == THE_NON_VALUE) { /* forwarded */
            *slot = p[1];
            return;
        }
        term *to = bump(c, d, 2, p);
        to[0] = p[0];
        to[1] = p[1];
        p[0] = THE_NON_VALUE;
        p[1] = *slot = term_from_list_ptr(to);
    }
}

/* Evacuate the references of the object or cons half at q; returns the
 * next word to scan. */
static inline __attribute__((always_inline)) GC_NO_MEMCPY term *scan_one(copy_t *c, term *q)
{
    term w = *q;
    if (!term_is_header(w)) { /* a cons cell: both words are terms */
        evacuate(c, q);
        evacuate(c, q + 1);
        return q + 2;
    }
    if (hdr_subtag(w) == HDR_TUPLE) { /* the common object, without gc_obj_terms' call */
        size_t n = (size_t)hdr_arity(w);
        for (size_t i = 1; i <= n; i++) evacuate(c, q + i);
        return q + 1 + n;
    }
    size_t first, n = gc_obj_terms(q, &first);
    for (size_t i = 0; i < n; i++) evacuate(c, q + first + i);
    return q + 1 + hdr_arity(w);
}

/* Copy everything reachable from the stack and the roots. to-space is two
 * regions (new young block, promoted part of the old heap): scan both
 * until neither has unscanned words. */
static GC_NO_MEMCPY void copy_live(copy_t *c, gc_heap_t *h, gc_root_t *roots, size_t nroots)
{
    term *ys = c->n_htop, *os = c->o_htop;
    for (term *q = h->stop; q < h->hend; q++)
        if (!term_is_header(*q)) evacuate(c, q); /* header tag: a continuation pointer */
    for (size_t r = 0; r < nroots; r++)
        for (size_t i = 0; i < roots[r].count; i++) evacuate(c, &roots[r].start[i]);
    while (ys < c->n_htop || (os && os < c->o_htop)) {
        while (ys < c->n_htop) ys = scan_one(c, ys);
        while (os && os < c->o_htop) os = scan_one(c, os);
    }
}

/* ---------------------------------------------------------------------
 * Off-heap sweep: an object that was copied has a forwarding header; its
 * copy goes on the chain of the area it now lives in. An object that was
 * not copied is unreachable: its reference (binary, fun entry, node) is
 * released.
 * ------------------------------------------------------------------- */
static void sweep_chain(term_offheap_hdr_t *o, const term *old_lo, const term *old_hi,
                        term_offheap_hdr_t **young, term_offheap_hdr_t **old)
{
    while (o) {
        term_offheap_hdr_t *next = o->next; /* word 1 is intact in from-space */
        if (term_is_boxed(o->header)) {
            term_offheap_hdr_t *copy = (term_offheap_hdr_t *)term_boxed_ptr(o->header);
            term_offheap_hdr_t **to = in_range(copy, old_lo, old_hi) ? old : young;
            /* a kept handle counts in full from now on (term.h) */
            if (hdr_subtag(copy->header) == HDR_REFC_BIN) ((term_procbin_t *)copy)->flags &= ~(uint64_t)PROCBIN_GROWN;
            copy->next = *to;
            *to = copy;
        } else {
            /* garbage: release it as a one-object chain */
            o->next = NULL;
            heap_release_offheap(o);
        }
        o = next;
    }
}

/* Words an off-heap object adds to the virtual binary heap: a refc
 * binary's bytes, a resource's C memory (erts counts a magic binary's
 * size the same way). */
static uint64_t vheap_words(const term_offheap_hdr_t *o)
{
    if (hdr_subtag(o->header) == HDR_REFC_BIN) return term_procbin_vheap_words((const term_procbin_t *)o);
    return hdr_is_mref(o->header) ? res_of_mref(o)->vheap_words : 0;
}

static uint64_t chain_bin_words(const term_offheap_hdr_t *o)
{
    uint64_t w = 0;
    for (; o; o = o->next)
        w += vheap_words(o);
    return w;
}

/* erl_gc.c's next_vheap_size: double past the limit, shrink by a quarter
 * when less than half is used; never below the minimum. */
static uint64_t next_vheap_size(const gc_heap_t *h, uint64_t vheap, uint64_t sz)
{
    if (vheap > sz) {
        size_t n = gc_next_heap_size((size_t)(2 * vheap), 0);
        sz = n ? n : 2 * vheap;
    } else if (vheap < sz / 2) {
        sz = sz * 3 / 4;
    }
    return sz < h->min_bin_vheap_size ? h->min_bin_vheap_size : sz;
}

/* ---------------------------------------------------------------------
 * Memory recycled per thread: young/old blocks of small sizes and small
 * fragments. A process that receives messages collects every few dozen:
 * a minor collection mallocs a young block and frees one of the same size
 * (beyond glibc's thread cache: each such malloc consolidated its fast
 * bins, a tenth of a message ring's time) and frees the dozens of message
 * fragments it copied out (beyond the 7 per size glibc's thread cache
 * keeps: _int_free was the ring's largest cost), while senders malloc new
 * ones. A thread keeps up to BLK_CACHE freed blocks of at most
 * BLK_CACHE_MAX words (1597: the 8th size of the table, 12.5 KB) and, per
 * 32-byte size class up to FRAG_CACHE_MAX bytes, up to FRAG_CACHE_N
 * fragments; all freed when the thread exits.
 * Larger blocks: a collection of a big heap frees a block and mallocs
 * one of the same size; glibc gives a scheduler thread's arena back to the
 * kernel at the free (its top above the trim threshold) and grows it again
 * at the malloc (mprotect, then a page fault per page touched): a third of
 * iolist's time. So a thread also keeps its last BIG_CACHE freed blocks of
 * up to BIG_CACHE_WORDS words together, reused at the same size.
 * ------------------------------------------------------------------- */
#define BLK_CACHE 8
#define BLK_CACHE_MAX 1597
#define FRAG_CLASS 32
#define FRAG_CACHE_MAX 512
#define FRAG_CACHE_N 128
#define BIG_CACHE 2
#define BIG_CACHE_WORDS ((size_t)8 << 20) /* 64 MB */
typedef struct {
    unsigned n, nbig;
    struct {
        term *b;
        size_t words;
    } e[BLK_CACHE], big[BIG_CACHE]; /* big: oldest first */
    gc_frag_t *frags[FRAG_CACHE_MAX / FRAG_CLASS]; /* linked by next */
    unsigned nfrags[FRAG_CACHE_MAX / FRAG_CLASS];
} tcache_t;
static _Thread_local tcache_t tcache;
static _Thread_local bool tcache_keyed;
static pthread_key_t tcache_key;
static pthread_once_t tcache_once = PTHREAD_ONCE_INIT;

static void tcache_drop(void *arg)
{
    tcache_t *c = arg;
    while (c->n) free(c->e[--c->n].b);
    while (c->nbig) free(c->big[--c->nbig].b);
    for (unsigned k = 0; k < FRAG_CACHE_MAX / FRAG_CLASS; k++)
        for (gc_frag_t *f = c->frags[k], *n; f; f = n) {
            n = f->next;
            free(f);
        }
    memset(c, 0, sizeof *c);
}

static void tcache_key_init(void) { (void)pthread_key_create(&tcache_key, tcache_drop); }

/* The calling thread's cache, set up to be freed when it exits. */
static tcache_t *tcache_get(void)
{
    if (!tcache_keyed) {
        pthread_once(&tcache_once, tcache_key_init);
        (void)pthread_setspecific(tcache_key, &tcache);
        tcache_keyed = true;
    }
    return &tcache;
}

static term *blk_get(size_t words)
{
    tcache_t *c = &tcache;
    if (words > BLK_CACHE_MAX) {
        for (unsigned i = c->nbig; i-- > 0;)
            if (c->big[i].words == words) {
                term *b = c->big[i].b;
                memmove(&c->big[i], &c->big[i + 1], (--c->nbig - i) * sizeof c->big[0]);
                return b;
            }
        return malloc(words * sizeof(term));
    }
    for (unsigned i = c->n; i-- > 0;)
        if (c->e[i].words == words) {
            term *b = c->e[i].b;
            c->e[i] = c->e[--c->n];
            return b;
        }
    return malloc(words * sizeof(term));
}

static void blk_put(term *b, size_t words)
{
    if (b && words > BLK_CACHE_MAX && words <= BIG_CACHE_WORDS) {
        tcache_t *c = tcache_get();
        size_t total = words;
        for (unsigned i = 0; i < c->nbig; i++) total += c->big[i].words;
        /* make room: the oldest go first */
        while (c->nbig && (c->nbig == BIG_CACHE || total > BIG_CACHE_WORDS)) {
            total -= c->big[0].words;
            free(c->big[0].b);
            memmove(&c->big[0], &c->big[1], --c->nbig * sizeof c->big[0]);
        }
        c->big[c->nbig].b = b;
        c->big[c->nbig++].words = words;
        return;
    }
    if (!b || words > BLK_CACHE_MAX) {
        free(b);
        return;
    }
    tcache_t *c = tcache_get();
    if (c->n == BLK_CACHE) {
        free(b);
        return;
    }
    c->e[c->n].b = b;
    c->e[c->n++].words = words;
}

/* A fragment chunk of class k (FRAG_CLASS * (k + 1) bytes) */
static gc_frag_t *frag_chunk_get(unsigned k)
{
    tcache_t *c = &tcache;
    gc_frag_t *f = c->frags[k];
    if (f) {
        c->frags[k] = f->next;
        c->nfrags[k]--;
        return f;
    }
    return malloc((size_t)FRAG_CLASS * (k + 1));
}

/* f (no longer used) back to the cache or freed. */
static void frag_chunk_put(gc_frag_t *f)
{
    if (f->cls) {
        tcache_t *c = tcache_get();
        unsigned k = f->cls - 1;
        if (c->nfrags[k] < FRAG_CACHE_N) {
            f->next = c->frags[k];
            c->frags[k] = f;
            c->nfrags[k]++;
            return;
        }
    }
    free(f);
}

/* Free f's blocks (its inline one goes with f) and f. */
static void frag_release(gc_frag_t *f)
{
    for (heap_block_t *b = f->heap.blocks, *n; b; b = n) {
        n = b->next;
        if (b != f->inl) free(b);
    }
    frag_chunk_put(f);
}

static void free_frags(gc_heap_t *h)
{
    for (gc_frag_t *f = h->frags, *n; f; f = n) {
        n = f->next;
        frag_release(f); /* its off-heap chain was swept already */
    }
    h->frags = NULL;
    h->frag_words = 0;
}

/* ---------------------------------------------------------------------
 * Resizing the young block after a collection (OTP's grow_new_heap and
 * shrink_new_heap): realloc the block, move the stack to its end and, if
 * the block moved, add the displacement to every pointer into the old one. Only the young
 * heap itself, the stack, the roots and the young off-heap chain can hold
 * such pointers: the old heap never points at the young heap and there are
 * no fragments right after a collection.
 * ------------------------------------------------------------------- */
typedef struct {
    const term *lo, *hi; /* the old block's used heap */
    intptr_t delta;      /* bytes */
} offset_t;

static inline void offset_word(const offset_t *o, term *slot)
{
    term t = *slot;
    if ((term_is_boxed(t) || term_is_list(t)) && in_range((const void *)(uintptr_t)(t & ~(term)TAG_PRIMARY_MASK), o->lo, o->hi))
        *slot = (term)((intptr_t)t + o->delta);
}

static int resize_young(gc_heap_t *h, size_t new_sz, gc_root_t *roots, size_t nroots)
{
    size_t used = (size_t)(h->htop - h->heap), stk = gc_stack_size(h), old_sz = gc_heap_size(h);
    size_t mature = (size_t)(h->high_water - h->heap);
    term *ob = h->heap;
    uintptr_t oa = addr(ob); /* after realloc, only as a number */
    /* realloc, as erts: a shrink mostly stays in place and a large block
     * grows by mremap, without copying; the stack moves to the new end
     * (first, when shrinking, while the whole block is still ours) */
    if (new_sz < old_sz) memmove(ob + new_sz - stk, h->stop, stk * sizeof(term));
    term *nb = realloc(ob, new_sz * sizeof(term));
    if (!nb) {
        if (new_sz < old_sz) memmove(h->stop, ob + new_sz - stk, stk * sizeof(term));
        return GC_NO_MEMORY;
    }
    if (new_sz > old_sz) memmove(nb + new_sz - stk, nb + old_sz - stk, stk * sizeof(term));
    if (addr(nb) != oa) {
        /* compares with the old addresses only, never dereferences them */
        offset_t o = {(const term *)oa, (const term *)oa + used, (intptr_t)addr(nb) - (intptr_t)oa};
        for (term *q = nb; q < nb + used;) {
            term w = *q;
            if (!term_is_header(w)) {
                offset_word(&o, q++);
                continue;
            }
            size_t first, n = gc_obj_terms(q, &first);
            for (size_t i = 0; i < n; i++) offset_word(&o, q + first + i);
            q += 1 + hdr_arity(w);
        }
        for (term *q = nb + new_sz - stk; q < nb + new_sz; q++)
            if (!term_is_header(*q)) offset_word(&o, q);
        for (size_t r = 0; r < nroots; r++)
            for (size_t i = 0; i < roots[r].count; i++) offset_word(&o, &roots[r].start[i]);
        /* The chain's links are raw pointers to headers of objects that moved. */
        term_offheap_hdr_t **link = &h->offheap;
        while (*link) {
            if (in_range(*link, o.lo, o.hi)) *link = (term_offheap_hdr_t *)((intptr_t)addr(*link) + o.delta);
            link = &(*link)->next;
        }
    }
    h->high_water = nb + mature;
    h->heap = nb;
    h->htop = nb + used;
    h->hend = nb + new_sz;
    h->stop = h->hend - stk;
    return GC_OK;
}

/* Install a new young block after copying: the stack moves to its end, the
 * old block and the fragments are freed. */
static void install_young(gc_heap_t *h, term *nb, size_t new_sz, term *n_htop)
{
    size_t stk = gc_stack_size(h);
    memcpy(nb + new_sz - stk, h->stop, stk * sizeof(term));
    blk_put(h->heap, gc_heap_size(h));
    free_frags(h);
    h->heap = nb;
    h->htop = n_htop;
    h->hend = nb + new_sz;
    h->stop = h->hend - stk;
    h->high_water = n_htop;
}

static inline size_t young_usage(const gc_heap_t *h) { return (size_t)(h->htop - h->heap) + h->frag_words; }

/* ---------------------------------------------------------------------
 * Minor collection (erl_gc.c minor_collection + do_minor). Returns -1 when
 * a full sweep is needed instead.
 * ------------------------------------------------------------------- */
static int minor_gc(gc_heap_t *h, size_t need, gc_root_t *roots, size_t nroots, bool *over)
{
    size_t mature = (size_t)(h->high_water - h->heap);
    size_t size_before = young_usage(h);
    size_t stack = gc_stack_size(h);

    if (h->max_heap_size) {
        /* OTP counts the free space between heap and stack too. Unlike
         * OTP we also count need, here and in major_gc, so that one huge
         * request is refused before the heap is grown for it. */
        size_t hs = size_before + need;
        if (!h->old_heap && mature) hs += gc_next_heap_size(size_before, 1);
        else hs += gc_old_heap_size(h);
        hs += next_size(h, (size_t)(h->hend - h->htop) + size_before, 0);
        if (hs > h->max_heap_size) {
            h->over_size = hs;
            if (h->max_heap_kill) return GC_MAX_HEAP_SIZE;
            *over = true;
        }
    }

    if (!h->old_heap && mature) {
        /* OTP picks one size more than needed: fewer full sweeps */
        size_t sz = gc_next_heap_size(size_before, 1);
        if (!sz) return GC_SYSTEM_LIMIT;
        term *o = blk_get(sz);
        if (!o) return GC_NO_MEMORY;
        h->old_heap = h->old_htop = o;
        h->old_hend = o + sz;
    }
    if (!h->old_heap || mature > (size_t)(h->old_hend - h->old_htop) || h->bin_old_vheap >= h->bin_old_vheap_sz)
        return -1;

    size_t new_sz = next_size(h, stack + size_before, 0);
    if (!new_sz) return GC_SYSTEM_LIMIT;
    term *nb = blk_get(new_sz);
    if (!nb) return GC_NO_MEMORY;

    size_t nfrag;
    range_t fbuf[FRAG_RANGES_STACK];
    range_t *fr = frag_ranges(h, &nfrag, fbuf);
    copy_t c = {
        .young_lo = h->heap, .young_hi = h->htop, .mature_hi = h->high_water,
        .old_lo = NULL, .old_hi = NULL, .skip_lo = h->old_heap, .skip_hi = h->old_hend,
        .n_htop = nb, .n_hend = nb + new_sz - stack,
        .o_htop = h->old_htop, .o_hend = h->old_hend,
    };
    copy_set_frags(&c, fr, nfrag);
    copy_live(&c, h, roots, nroots);
    frag_ranges_done(fr, fbuf);

    /* Sweep the young and fragment chains; promoted objects join the old
     * chain, whose other members are untouched by a minor GC. */
    term_offheap_hdr_t *young = NULL, *old = h->old_offheap;
    sweep_chain(h->offheap, h->old_heap, c.o_htop, &young, &old);
    for (gc_frag_t *f = h->frags; f; f = f->next) sweep_chain(f->heap.offheap, h->old_heap, c.o_htop, &young, &old);
    h->offheap = young;
    h->old_offheap = old;
    h->old_htop = c.o_htop;
    install_young(h, nb, new_sz, c.n_htop);

    h->bin_vheap = chain_bin_words(h->offheap);
    h->bin_old_vheap = chain_bin_words(h->old_offheap);
    h->bin_vheap_sz = next_vheap_size(h, h->bin_vheap, h->bin_vheap_sz);
    h->bin_old_vheap_sz = next_vheap_size(h, h->bin_old_vheap, h->bin_old_vheap_sz);
    h->minor_gcs++;

    /* Size for what is live plus what is asked for. Shrink only large heaps
     * that are mostly empty (after promotion the young heap often is), and
     * not far below the old heap's size. */
    size_t heap_sz = gc_heap_size(h);
    size_t need_after = (size_t)(h->htop - h->heap) + need + stack;
    size_t old_sz = gc_old_heap_size(h);
    if (heap_sz > 3000 && 4 * need_after < heap_sz && (heap_sz > 8000 || heap_sz > old_sz)) {
        size_t wanted = 3 * need_after;
        if (wanted * 9 < old_sz && old_sz / 8 > wanted) wanted = old_sz / 8;
        wanted = wanted < h->min_heap_size ? h->min_heap_size : next_size(h, wanted, 0);
        /* a failed shrink leaves a heap that is merely too big */
        if (wanted && wanted < heap_sz) (void)resize_young(h, wanted, roots, nroots);
    } else if (need_after > heap_sz) {
        size_t sz = next_size(h, need_after, 0);
        if (!sz) return GC_SYSTEM_LIMIT;
        return resize_young(h, sz, roots, nroots);
    }
    return GC_OK;
}

/* ---------------------------------------------------------------------
 * Full sweep (erl_gc.c major_collection + adjust_after_fullsweep).
 * ------------------------------------------------------------------- */
static int major_gc(gc_heap_t *h, size_t need, gc_root_t *roots, size_t nroots, bool *over)
{
    size_t size_before = young_usage(h) + (size_t)(h->old_htop - h->old_heap);
    size_t stack = gc_stack_size(h);
    size_t new_sz = next_size(h, stack + size_before, 0);
    if (!new_sz) return GC_SYSTEM_LIMIT;
    /* The last full sweep found the heap > 75% full: grow now. */
    if (new_sz == gc_heap_size(h) && (h->flags & GC_F_HEAP_GROW)) {
        size_t up = next_size(h, gc_heap_size(h), 1);
        if (up) new_sz = up;
    }

    if (h->max_heap_size) {
        size_t hs = size_before + need + (size_t)(h->old_hend - h->old_htop) + (size_t)(h->hend - h->htop) + new_sz;
        if (hs > h->max_heap_size) {
            h->over_size = hs;
            if (h->max_heap_kill) return GC_MAX_HEAP_SIZE;
            *over = true;
        }
    }

    term *nb = blk_get(new_sz);
    if (!nb) return GC_NO_MEMORY;
    h->flags &= ~(GC_F_HEAP_GROW | GC_F_NEED_FULLSWEEP);

    size_t nfrag;
    range_t fbuf[FRAG_RANGES_STACK];
    range_t *fr = frag_ranges(h, &nfrag, fbuf);
    copy_t c = {
        .young_lo = h->heap, .young_hi = h->htop, .mature_hi = h->heap, /* nothing is promoted */
        .old_lo = h->old_heap, .old_hi = h->old_htop,
        .n_htop = nb, .n_hend = nb + new_sz - stack,
        .o_htop = NULL, .o_hend = NULL,
    };
    copy_set_frags(&c, fr, nfrag);
    copy_live(&c, h, roots, nroots);
    frag_ranges_done(fr, fbuf);

    term_offheap_hdr_t *young = NULL;
    sweep_chain(h->offheap, NULL, NULL, &young, &young);
    sweep_chain(h->old_offheap, NULL, NULL, &young, &young);
    for (gc_frag_t *f = h->frags; f; f = f->next) sweep_chain(f->heap.offheap, NULL, NULL, &young, &young);
    h->offheap = young;
    h->old_offheap = NULL;
    blk_put(h->old_heap, gc_old_heap_size(h));
    h->old_heap = h->old_htop = h->old_hend = NULL;
    install_young(h, nb, new_sz, c.n_htop);

    h->bin_vheap = chain_bin_words(h->offheap);
    h->bin_old_vheap = 0;
    h->bin_vheap_sz = next_vheap_size(h, h->bin_vheap, h->bin_vheap_sz);
    h->bin_old_vheap_sz = next_vheap_size(h, 0, h->bin_old_vheap_sz);
    h->minor_gcs = 0;
    h->total_fullsweeps++;

    size_t heap_sz = gc_heap_size(h);
    size_t need_after = (size_t)(h->htop - h->heap) + need + stack;
    if (heap_sz < need_after) {
        size_t sz = next_size(h, need_after, 0);
        if (!sz) return GC_SYSTEM_LIMIT;
        return resize_young(h, sz, roots, nroots);
    } else if (3 * heap_sz < 4 * need_after) {
        h->flags |= GC_F_HEAP_GROW; /* more than 75% used: grow at the next full sweep */
    } else if (4 * need_after < heap_sz && heap_sz > GC_MIN_HEAP_SIZE) {
        size_t wanted = 2 * need_after;
        size_t sz = wanted < h->min_heap_size ? h->min_heap_size : next_size(h, wanted, 0);
        if (sz && sz < heap_sz) (void)resize_young(h, sz, roots, nroots);
    }
    return GC_OK;
}

_Atomic uint64_t gc_stat_collections, gc_stat_reclaimed;
atomic_bool gc_stat_timing;
_Thread_local _Atomic int64_t *gc_time_sink;

static int64_t gc_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Words in use: young and old heaps up to their tops, and fragments. */
static size_t gc_heap_used(const gc_heap_t *h)
{
    return (size_t)(h->htop - h->heap) + (size_t)(h->old_htop - h->old_heap) + h->frag_words;
}

/* Larger requests cannot be met by any heap of the table (2^53 bytes). */
#define GC_NEED_MAX ((size_t)1 << 50)

static int collect(gc_heap_t *h, size_t need, gc_root_t *roots, size_t nroots, bool full)
{
    /* a request beyond every heap size (also guards the sums below) */
    if (need > GC_NEED_MAX || gc_next_heap_size(need + gc_stack_size(h), 0) == 0) return GC_SYSTEM_LIMIT;
    bool over = false;
    int rc = -1;
    size_t before = gc_heap_used(h);
    int64_t t0 = gc_time_sink && atomic_load_explicit(&gc_stat_timing, memory_order_relaxed) ? gc_clock_ns() : 0;
    h->flags &= ~GC_F_REQUESTED;
    if (!full && h->minor_gcs < h->fullsweep_after && !(h->flags & GC_F_NEED_FULLSWEEP))
        rc = minor_gc(h, need, roots, nroots, &over);
    if (rc == -1) rc = major_gc(h, need, roots, nroots, &over);
    if (rc != GC_OK) return rc;
    h->total_gcs++;
    size_t after = gc_heap_used(h);
    atomic_fetch_add_explicit(&gc_stat_collections, 1, memory_order_relaxed);
    if (t0) atomic_fetch_add_explicit(gc_time_sink, gc_clock_ns() - t0, memory_order_relaxed);
    if (before > after) atomic_fetch_add_explicit(&gc_stat_reclaimed, before - after, memory_order_relaxed);
    if (h->max_heap_size && gc_total_heap_size(h) > h->max_heap_size) {
        h->over_size = gc_total_heap_size(h);
        over = true;
    }
    return over ? GC_MAX_HEAP_SIZE : GC_OK;
}

int gc_collect(gc_heap_t *h, size_t need, gc_root_t *roots, size_t nroots)
{
    return collect(h, need, roots, nroots, false);
}

int gc_collect_full(gc_heap_t *h, size_t need, gc_root_t *roots, size_t nroots)
{
    return collect(h, need, roots, nroots, true);
}

int gc_alloc(gc_heap_t *h, size_t words, gc_root_t *roots, size_t nroots, term **out)
{
    int rc = GC_OK;
    *out = NULL;
    if ((size_t)(h->stop - h->htop) < words || gc_should_collect(h)) {
        rc = gc_collect(h, words, roots, nroots);
        if (rc != GC_OK && !(rc == GC_MAX_HEAP_SIZE && !h->max_heap_kill)) return rc;
        if ((size_t)(h->stop - h->htop) < words) gc_fatal("collection left less room than asked for", h->htop);
    }
    *out = h->htop;
    h->htop += words;
    return rc;
}

/* ---------------------------------------------------------------------
 * Setup, teardown, fragments, off-heap links.
 * ------------------------------------------------------------------- */
void gc_heap_init(gc_heap_t *h, size_t min_heap_size)
{
    memset(h, 0, sizeof *h);
    h->min_heap_size = GC_MIN_HEAP_SIZE;
    if (min_heap_size) {
        size_t s = gc_next_heap_size(min_heap_size, 0);
        h->min_heap_size = s ? s : GC_MIN_HEAP_SIZE;
    }
    h->heap = blk_get(h->min_heap_size);
    if (!h->heap) laser_oom("a process heap", h->min_heap_size * sizeof(term));
    h->htop = h->high_water = h->heap;
    h->hend = h->stop = h->heap + h->min_heap_size;
    h->min_bin_vheap_size = h->bin_vheap_sz = h->bin_old_vheap_sz = GC_MIN_BIN_VHEAP_SIZE;
    h->fullsweep_after = GC_FULLSWEEP_AFTER;
    h->stress = gc_stress_default;
}

void gc_heap_free(gc_heap_t *h)
{
    heap_release_offheap(h->offheap);
    heap_release_offheap(h->old_offheap);
    for (gc_frag_t *f = h->frags, *n; f; f = n) {
        n = f->next;
        gc_frag_free(f);
    }
    blk_put(h->heap, gc_heap_size(h));
    blk_put(h->old_heap, gc_old_heap_size(h));
    memset(h, 0, sizeof *h);
}

void gc_link_offheap(gc_heap_t *h, term_offheap_hdr_t *o)
{
    o->next = h->offheap;
    h->offheap = o;
    h->bin_vheap += vheap_words(o);
}

gc_frag_t *gc_frag_new(void)
{
    gc_frag_t *f = malloc(sizeof *f);
    if (!f) laser_oom("a heap fragment", sizeof *f);
    f->next = NULL;
    f->inl = NULL;
    f->cls = 0;
    heap_init(&f->heap);
    return f;
}

gc_frag_t *gc_frag_new_sized(size_t words, size_t extra, void **extra_out)
{
    extra = (extra + 7) & ~(size_t)7;
    size_t bytes = sizeof(gc_frag_t) + extra + sizeof(heap_block_t) + words * sizeof(term);
    unsigned cls = 0;
    gc_frag_t *f;
    if (bytes <= FRAG_CACHE_MAX) {
        cls = (unsigned)((bytes + FRAG_CLASS - 1) / FRAG_CLASS);
        f = frag_chunk_get(cls - 1);
    } else {
        f = malloc(bytes);
    }
    if (!f) laser_oom("a heap fragment", bytes);
    f->cls = cls;
    f->next = NULL;
    heap_init(&f->heap);
    if (extra_out) *extra_out = (char *)(f + 1);
    heap_block_t *b = (heap_block_t *)((char *)(f + 1) + extra);
    b->next = NULL;
    b->size = words;
    f->inl = b;
    f->heap.blocks = b;
    f->heap.top = b->mem;
    f->heap.limit = b->mem + words;
    return f;
}

void gc_frag_attach(gc_heap_t *h, gc_frag_t *f)
{
    f->next = h->frags;
    h->frags = f;
    h->frag_words += f->heap.words;
    h->bin_vheap += chain_bin_words(f->heap.offheap);
}

void gc_frag_free(gc_frag_t *f)
{
    heap_release_offheap(f->heap.offheap);
    frag_release(f);
}

/* ---------------------------------------------------------------------
 * Verifier. One linear pass per area records where objects and cons cells
 * start (one byte per word) and checks headers; a second pass checks every
 * term word of the areas, then the stack, the roots and the chains.
 * ------------------------------------------------------------------- */
enum { AT_NONE = 0, AT_OBJ = 1, AT_CONS = 2 };
/* Where a checked word lives: old heap, young heap below / above high
 * water, the stack, a root array. Non-values are allowed only in the last
 * two (empty registers, y slots not yet written). */
enum { FROM_OLD, FROM_MATURE, FROM_YOUNG, FROM_STACK, FROM_ROOT };

typedef struct {
    gc_heap_t *h;
    uint8_t *ymap, *omap;
    range_t *frag;
    size_t nfrag;
    char *err;
} verify_t;

static char verify_msg[256];

#define VFAIL(...)                                                     \
    do {                                                               \
        snprintf(verify_msg, sizeof verify_msg, __VA_ARGS__);          \
        return verify_msg;                                             \
    } while (0)

/* Shape of the object at p (limit: end of its area). */
static const char *check_header(const term *p, const term *limit)
{
    term hd = p[0];
    uint64_t ar = hdr_arity(hd);
    if (ar >= (uint64_t)(limit - p)) VFAIL("object at %p (header %#llx) runs past its area", (void *)p, (unsigned long long)hd);
    switch (hdr_subtag(hd)) {
    case HDR_TUPLE: break;
    case HDR_POS_BIG:
    case HDR_NEG_BIG:
        if (ar == 0 || p[ar] == 0) VFAIL("bignum at %p with no digits or a leading zero limb", (void *)p);
        break;
    case HDR_FLOAT:
        if (ar != 1) VFAIL("float at %p with arity %llu", (void *)p, (unsigned long long)ar);
        break;
    case HDR_REF:
        if (ar != 2 && ar != MREF_WORDS - 1) VFAIL("ref at %p with arity %llu", (void *)p, (unsigned long long)ar);
        break;
    case HDR_EXPORT:
        if (ar != 1) VFAIL("export at %p with arity %llu", (void *)p, (unsigned long long)ar);
        break;
    case HDR_FUN:
        if (ar < FUN_WORDS - 1 || ar != FUN_WORDS - 1 + ((const term_fun_t *)p)->num_free)
            VFAIL("fun at %p: arity %llu does not match num_free", (void *)p, (unsigned long long)ar);
        break;
    case HDR_REFC_BIN:
        if (ar != PROCBIN_WORDS - 1) VFAIL("procbin at %p with arity %llu", (void *)p, (unsigned long long)ar);
        break;
    case HDR_HEAP_BIN:
        if (ar < 1 || heap_bin_words(p[1]) != ar + 1) VFAIL("heap binary at %p: size %llu in %llu words", (void *)p, (unsigned long long)p[1], (unsigned long long)ar);
        break;
    case HDR_SUB_BIN:
        if (ar != SUBBIN_WORDS - 1) VFAIL("sub binary at %p with arity %llu", (void *)p, (unsigned long long)ar);
        break;
    case HDR_MAP:
        if (ar < 2 || !term_is_small(p[1])) VFAIL("map at %p without its info word", (void *)p);
        break;
    case HDR_EXT_PID:
    case HDR_EXT_PORT:
    case HDR_EXT_REF:
        if (ar < 3) VFAIL("external at %p with arity %llu", (void *)p, (unsigned long long)ar);
        break;
    case HDR_MATCHSTATE:
        if (ar != 3) VFAIL("match state at %p with arity %llu", (void *)p, (unsigned long long)ar);
        break;
    default: VFAIL("bad header subtag at %p: %#llx", (void *)p, (unsigned long long)hd);
    }
    return NULL;
}

static const char *map_area(const term *lo, const term *hi, uint8_t *map)
{
    for (const term *q = lo; q < hi;) {
        term w = *q;
        if (term_is_header(w)) {
            const char *e = check_header(q, hi);
            if (e) return e;
            map[q - lo] = AT_OBJ;
            q += 1 + hdr_arity(w);
        } else {
            if (q + 1 >= hi) VFAIL("cons cell at %p cut by the end of its area", (void *)q);
            if (term_is_header(q[1])) VFAIL("cons cell at %p with a header word as cdr", (void *)q);
            map[q - lo] = AT_CONS;
            q += 2;
        }
    }
    return NULL;
}

/* t, found at `at` in a place of kind `from`, must reference a live object. */
static const char *check_ref(const verify_t *v, term t, const void *at, int from)
{
    const gc_heap_t *h = v->h;
    /* (THE_NON_VALUE is an immediate in debug builds, 0 - a header - in
     * release builds) */
    if (t == THE_NON_VALUE) {
        if (from != FROM_STACK && from != FROM_ROOT) VFAIL("THE_NON_VALUE at %p (a forwarded cons left behind?)", at);
        return NULL;
    }
    if (term_is_immed(t)) return NULL;
    if (term_is_header(t)) VFAIL("header word %#llx at %p where a term belongs", (unsigned long long)t, at);
    bool boxed = term_is_boxed(t);
    const term *p = boxed ? term_boxed_ptr(t) : term_list_ptr(t);
    uint8_t want = boxed ? AT_OBJ : AT_CONS;
    if (in_range(p, h->heap, h->hend)) {
        if (!in_range(p, h->heap, h->htop)) VFAIL("term at %p points into free space or the stack (%p)", at, (void *)p);
        if (v->ymap[p - h->heap] != want) VFAIL("term at %p does not point at the start of a %s (%p)", at, boxed ? "boxed object" : "cons cell", (void *)p);
        if (from == FROM_OLD) VFAIL("old heap word at %p points into the young heap (%p)", at, (void *)p);
        if (from == FROM_MATURE && addr(p) >= addr(h->high_water)) VFAIL("word at %p below high water points above it (%p)", at, (void *)p);
        return NULL;
    }
    if (h->old_heap && in_range(p, h->old_heap, h->old_hend)) {
        if (!in_range(p, h->old_heap, h->old_htop)) VFAIL("term at %p points into the free old heap (%p)", at, (void *)p);
        if (v->omap[p - h->old_heap] != want) VFAIL("term at %p does not point at the start of an old-heap %s (%p)", at, boxed ? "object" : "cons cell", (void *)p);
        return NULL;
    }
    if (v->nfrag && in_ranges(v->frag, v->nfrag, p)) {
        if (from == FROM_OLD || from == FROM_MATURE) VFAIL("word at %p of an older generation points into a fragment (%p)", at, (void *)p);
    }
    /* a fragment or a literal: not walked, but it must not be a forwarded
     * object */
    if (boxed && !term_is_header(p[0])) VFAIL("term at %p points at a non-header word (%p)", at, (void *)p);
    if (!boxed && (term_is_header(p[0]) || p[0] == THE_NON_VALUE)) VFAIL("list term at %p points at a forwarded or bad cons (%p)", at, (void *)p);
    return NULL;
}

static const char *check_area_terms(const verify_t *v, const term *lo, const term *hi, bool old)
{
    const gc_heap_t *h = v->h;
    for (const term *q = lo; q < hi;) {
        term w = *q;
        int from = old ? FROM_OLD : addr(q) < addr(h->high_water) ? FROM_MATURE : FROM_YOUNG;
        size_t first, n, size;
        if (term_is_header(w)) {
            n = gc_obj_terms(q, &first);
            size = 1 + (size_t)hdr_arity(w);
            if (hdr_subtag(w) == HDR_SUB_BIN) {
                term orig = q[first];
                if (!term_is_boxed(orig) || (hdr_subtag(term_boxed_header(orig)) != HDR_HEAP_BIN && hdr_subtag(term_boxed_header(orig)) != HDR_REFC_BIN))
                    VFAIL("sub binary at %p whose orig is not a heap or refc binary", (void *)q);
            }
        } else {
            first = 0;
            n = size = 2;
        }
        for (size_t i = 0; i < n; i++) {
            const char *e = check_ref(v, q[first + i], q + first + i, from);
            if (e) return e;
        }
        q += size;
    }
    return NULL;
}

/* Every off-heap object of the area is on the chain exactly once (but funs
 * of pinned entries, which are on none: funtab.h), and the chain holds
 * nothing else. Returns the refc binary words in *binw. */
static const char *check_chain(const term_offheap_hdr_t *o, const term *lo, const term *hi, const uint8_t *map,
                               const char *name, uint64_t *binw)
{
    size_t in_area = 0, on_chain = 0;
    for (const term *q = lo; q < hi;) {
        if (term_is_header(*q)) {
            if (is_offheap(*q) && !(hdr_subtag(*q) == HDR_FUN && !fun_chained((const term_fun_t *)q))) in_area++;
            q += 1 + hdr_arity(*q);
        } else {
            q += 2;
        }
    }
    *binw = 0;
    for (; o; o = o->next) {
        if (++on_chain > in_area) VFAIL("%s off-heap chain longer than the objects on that heap (%zu)", name, in_area);
        if (!in_range(o, lo, hi) || map[(const term *)o - lo] != AT_OBJ || !is_offheap(o->header))
            VFAIL("%s off-heap chain holds %p, not an off-heap object of that heap", name, (const void *)o);
        *binw += vheap_words(o);
    }
    if (on_chain != in_area) VFAIL("%s off-heap chain misses objects (%zu of %zu)", name, on_chain, in_area);
    return NULL;
}

const char *gc_verify(gc_heap_t *h, gc_root_t *roots, size_t nroots)
{
    if (!(addr(h->heap) <= addr(h->high_water) && addr(h->high_water) <= addr(h->htop) && addr(h->htop) <= addr(h->stop) &&
          addr(h->stop) <= addr(h->hend)))
        VFAIL("young block pointers out of order");
    if (h->old_heap && !(addr(h->old_heap) <= addr(h->old_htop) && addr(h->old_htop) <= addr(h->old_hend)))
        VFAIL("old heap pointers out of order");
    if (gc_next_heap_size(gc_heap_size(h), 0) != gc_heap_size(h) && gc_heap_size(h) != h->min_heap_size)
        VFAIL("young heap size %zu is not a size of the table", gc_heap_size(h));

    verify_t v = {.h = h};
    const char *e = NULL;
    size_t ywords = (size_t)(h->htop - h->heap), owords = (size_t)(h->old_htop - h->old_heap);
    v.ymap = calloc(ywords + 1, 1);
    v.omap = calloc(owords + 1, 1);
    if (!v.ymap || !v.omap) laser_oom("gc_verify maps", ywords + owords);
    v.frag = frag_ranges(h, &v.nfrag, NULL); /* malloc'd */
    if (v.frag) frag_sort(v.frag, v.nfrag);

    uint64_t ybin = 0, obin = 0;
    if (!e) e = map_area(h->heap, h->htop, v.ymap);
    if (!e && h->old_heap) e = map_area(h->old_heap, h->old_htop, v.omap);
    if (!e) e = check_area_terms(&v, h->heap, h->htop, false);
    if (!e && h->old_heap) e = check_area_terms(&v, h->old_heap, h->old_htop, true);
    for (const term *q = h->stop; !e && q < h->hend; q++)
        if (!term_is_header(*q)) e = check_ref(&v, *q, q, FROM_STACK);
    for (size_t r = 0; !e && r < nroots; r++)
        for (size_t i = 0; !e && i < roots[r].count; i++) e = check_ref(&v, roots[r].start[i], &roots[r].start[i], FROM_ROOT);
    if (!e) e = check_chain(h->offheap, h->heap, h->htop, v.ymap, "young", &ybin);
    if (!e && h->old_heap) e = check_chain(h->old_offheap, h->old_heap, h->old_htop, v.omap, "old", &obin);
    if (!e && !h->old_heap && h->old_offheap) e = "old off-heap chain without an old heap";
    if (!e) {
        size_t fw = 0;
        for (const gc_frag_t *f = h->frags; f; f = f->next) {
            ybin += chain_bin_words(f->heap.offheap);
            fw += f->heap.words;
        }
        if (fw != h->frag_words) {
            snprintf(verify_msg, sizeof verify_msg, "frag_words %zu but fragments hold %zu", h->frag_words, fw);
            e = verify_msg;
        }
    }
    if (!e && ybin != h->bin_vheap) {
        snprintf(verify_msg, sizeof verify_msg, "bin_vheap %llu but young refc binaries make %llu words",
                 (unsigned long long)h->bin_vheap, (unsigned long long)ybin);
        e = verify_msg;
    }
    if (!e && obin != h->bin_old_vheap) {
        snprintf(verify_msg, sizeof verify_msg, "bin_old_vheap %llu but old refc binaries make %llu words",
                 (unsigned long long)h->bin_old_vheap, (unsigned long long)obin);
        e = verify_msg;
    }
    free(v.ymap);
    free(v.omap);
    free(v.frag);
    return e;
}
