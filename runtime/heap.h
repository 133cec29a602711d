/*
 * heap.h - where terms are built.
 *
 * A heap_t is a chain of blocks that terms are bump-allocated in, plus the
 * chain of off-heap objects (refc binaries, funs, external nodes) that its
 * terms reference. It backs module literal areas, decoded terms in tests, and
 * heap fragments; process heaps (gc.c, next issue) keep the same off-heap
 * chain so that every constructor here works on both.
 *
 * Rule for constructors: compute the words you need, allocate once, fill in.
 * Memory is never moved, so pointers into a heap_t stay valid until heap_free.
 */
#ifndef LASER_HEAP_H
#define LASER_HEAP_H

#include <laser/term.h>

typedef struct heap_block {
    struct heap_block *next;
    size_t size; /* words */
    term mem[];
} heap_block_t;

typedef struct heap {
    term *top, *limit;        /* free space of the current block */
    heap_block_t *blocks;     /* newest first */
    term_offheap_hdr_t *offheap; /* objects whose reference this heap holds */
    size_t words;             /* total words handed out */
    /* A heap_t may start as a window onto memory it does not own (top and
     * limit set, no blocks: proc_heap in proc.c). When heap_alloc has to
     * leave the window for a block, it records the window's top here. */
    term *window_end;
} heap_t;

/* Inline: the BIF window (proc_heap) resets one at every BIF call. */
static inline void heap_init(heap_t *h) { *h = (heap_t){0}; }
/* An empty heap whose first block holds exactly n words (messages: a
 * fragment per message must not cost a default-sized block). */
void heap_init_sized(heap_t *h, size_t n);
/* Allocate n words; aborts with a message naming the request on OOM. */
term *heap_alloc(heap_t *h, size_t n);
/* Link an off-heap object (procbin, fun, external) into h's chain. */
void heap_link_offheap(heap_t *h, term_offheap_hdr_t *o);
/* Move every block and off-heap object of `from` into h (from is left
 * empty); terms built in `from` stay where they are. Lets a builder that may
 * fail half-way (binary_to_term) work in a private heap and hand it over
 * only on success. */
void heap_absorb(heap_t *h, heap_t *from);
/* Drop the references of the off-heap chain and free every block. */
void heap_free(heap_t *h);
/* Release the off-heap references held by a chain (used by heap_free and GC). */
void heap_release_offheap(term_offheap_hdr_t *first);

/* Allocation failure that is not the program's fault: print and exit. */
_Noreturn void laser_oom(const char *what, size_t bytes);

/* Small constructors shared by everything. */
term heap_make_tuple(heap_t *h, size_t arity, const term *elems); /* elems may be NULL: filled with NIL */
term heap_make_cons(heap_t *h, term car, term cdr);
term heap_make_float(heap_t *h, double d);
/* A list of the given terms, ending in tail. */
term heap_make_list(heap_t *h, const term *elems, size_t n, term tail);

#endif
