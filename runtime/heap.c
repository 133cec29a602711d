/* heap.c - block heaps for literals, fragments and tests (see heap.h). */
#include "heap.h"

#include "bin.h"
#include "node.h"
#include "res.h"
#include "../src/funtab.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void laser_oom(const char *what, size_t bytes)
{
    fprintf(stderr, "laser: out of memory allocating %zu bytes for %s\n", bytes, what);
    exit(70);
}


term *heap_alloc(heap_t *h, size_t n)
{
    if ((size_t)(h->limit - h->top) < n) {
        size_t sz = n > 4096 ? n : 4096;
        if (h->blocks && h->blocks->size * 2 > sz && h->blocks->size < (1u << 20)) sz = h->blocks->size * 2;
        if (!h->blocks && h->top) h->window_end = h->top; /* leaving a window */
        heap_block_t *b = malloc(sizeof *b + sz * sizeof(term));
        if (!b) laser_oom("a heap block", sz * sizeof(term));
        b->size = sz;
        b->next = h->blocks;
        h->blocks = b;
        h->top = b->mem;
        h->limit = b->mem + sz;
    }
    term *p = h->top;
    h->top += n;
    h->words += n;
    return p;
}

void heap_init_sized(heap_t *h, size_t n)
{
    heap_init(h);
    if (!n) return;
    heap_block_t *b = malloc(sizeof *b + n * sizeof(term));
    if (!b) laser_oom("a heap block", n * sizeof(term));
    b->size = n;
    b->next = NULL;
    h->blocks = b;
    h->top = b->mem;
    h->limit = b->mem + n;
}

void heap_link_offheap(heap_t *h, term_offheap_hdr_t *o)
{
    o->next = h->offheap;
    h->offheap = o;
}

void heap_absorb(heap_t *h, heap_t *from)
{
    if (!from->blocks) {
        /* nothing allocated; an off-heap chain needs blocks to live in */
        heap_init(from);
        return;
    }
    if (!h->blocks) {
        h->blocks = from->blocks;
        h->top = from->top;
        h->limit = from->limit;
    } else {
        /* keep h's current block first so that h->top/limit stay valid */
        heap_block_t *last = from->blocks;
        while (last->next) last = last->next;
        last->next = h->blocks->next;
        h->blocks->next = from->blocks;
    }
    if (from->offheap) {
        term_offheap_hdr_t *o = from->offheap;
        while (o->next) o = o->next;
        o->next = h->offheap;
        h->offheap = from->offheap;
    }
    h->words += from->words;
    heap_init(from);
}

void heap_release_offheap(term_offheap_hdr_t *o)
{
    for (; o; o = o->next) {
        switch (hdr_subtag(o->header)) {
        case HDR_REFC_BIN: bin_store_release(((term_procbin_t *)o)->val); break;
        case HDR_FUN: funtab_release(((term_fun_t *)o)->entry); break;
        case HDR_EXT_PID:
        case HDR_EXT_PORT:
        case HDR_EXT_REF: node_release(((term_external_t *)o)->node); break;
        case HDR_REF: res_unref(res_of_mref(o)); break; /* a magic ref: the only kind on a chain */
        default: break;
        }
    }
}

void heap_free(heap_t *h)
{
    heap_release_offheap(h->offheap);
    for (heap_block_t *b = h->blocks, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    heap_init(h);
}

term heap_make_tuple(heap_t *h, size_t arity, const term *elems)
{
    term *p = heap_alloc(h, arity + 1);
    p[0] = hdr_make(arity, HDR_TUPLE);
    if (elems) {
        memcpy(p + 1, elems, arity * sizeof(term));
    } else {
        for (size_t i = 0; i < arity; i++) p[1 + i] = NIL;
    }
    return term_from_boxed_ptr(p);
}

term heap_make_cons(heap_t *h, term car, term cdr)
{
    term *p = heap_alloc(h, 2);
    p[0] = car;
    p[1] = cdr;
    return term_from_list_ptr(p);
}

term heap_make_float(heap_t *h, double d)
{
    term *p = heap_alloc(h, 2);
    p[0] = float_header();
    memcpy(&p[1], &d, sizeof d);
    return term_from_boxed_ptr(p);
}

term heap_make_list(heap_t *h, const term *elems, size_t n, term tail)
{
    if (n == 0) return tail;
    term *p = heap_alloc(h, 2 * n);
    for (size_t i = 0; i < n; i++) {
        p[2 * i] = elems[i];
        p[2 * i + 1] = i + 1 < n ? term_from_list_ptr(&p[2 * i + 2]) : tail;
    }
    return term_from_list_ptr(p);
}
