/* copy.c - copying terms between heaps (see copy.h).
 *
 * Both passes avoid C recursion: the size pass keeps an explicit stack of
 * terms still to measure; the copy pass is a Cheney scan of the
 * destination (each object copied flat, then its term words rewritten to
 * point at copies appended behind it). gc_obj_terms says which words of a
 * boxed object are terms, the same rule the collector uses. */
#include "copy.h"

#include "bin.h"
#include "gc.h"
#include "node.h"
#include "res.h"
#include "funtab.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    term *v;
    size_t n, cap;
    bool heap; /* v was malloc'd (it starts as a local buffer) */
} tstack_t;

static void push(tstack_t *s, term t)
{
    if (s->n == s->cap) {
        term *v = malloc(2 * s->cap * sizeof(term));
        if (!v) laser_oom("term copy stack", 2 * s->cap * sizeof(term));
        memcpy(v, s->v, s->n * sizeof(term));
        if (s->heap) free(s->v);
        s->v = v, s->cap *= 2, s->heap = true;
    }
    s->v[s->n++] = t;
}

size_t copy_size(term t)
{
    term local[64];
    tstack_t s = {local, 0, 64, false};
    size_t words = 0;
    for (;;) {
        while (!term_is_immed(t)) {
            if (term_is_list(t)) {
                words += 2;
                term *c = term_list_ptr(t);
                if (!term_is_immed(c[0])) push(&s, c[0]);
                t = c[1];
                continue;
            }
            term *p = term_boxed_ptr(t);
            words += 1 + (size_t)hdr_arity(p[0]);
            size_t first, n = gc_obj_terms(p, &first);
            t = NIL;
            for (size_t i = 0; i < n; i++)
                if (!term_is_immed(p[first + i])) push(&s, p[first + i]);
        }
        if (s.n == 0) break;
        t = s.v[--s.n];
    }
    if (s.heap) free(s.v);
    return words;
}

/* Copy the object or cons that t points at to *top (flat), return the new
 * term; the copy's term words still point at the source. */
static term copy_one(term t, term **top)
{
    term *to = *top;
    if (term_is_list(t)) {
        term *c = term_list_ptr(t);
        to[0] = c[0];
        to[1] = c[1];
        *top = to + 2;
        return term_from_list_ptr(to);
    }
    term *p = term_boxed_ptr(t);
    size_t n = 1 + (size_t)hdr_arity(p[0]);
    memcpy(to, p, n * sizeof(term));
    *top = to + n;
    return term_from_boxed_ptr(to);
}

term copy_term(heap_t *h, term t) { return term_is_immed(t) ? t : copy_term_n(h, t, copy_size(t)); }

term copy_term_n(heap_t *h, term t, size_t need)
{
    if (term_is_immed(t)) return t;
    term *start = heap_alloc(h, need), *top = start;
    term root = copy_one(t, &top);
    for (term *q = start; q < top;) {
        term w = *q;
        if (!term_is_header(w)) { /* a cons half */
            if (!term_is_immed(w)) *q = copy_one(w, &top);
            q++;
            continue;
        }
        size_t first, n = gc_obj_terms(q, &first);
        for (size_t i = 0; i < n; i++)
            if (!term_is_immed(q[first + i])) q[first + i] = copy_one(q[first + i], &top);
        switch (hdr_subtag(w)) {
        case HDR_REFC_BIN: {
            term_procbin_t *pb = (term_procbin_t *)q;
            bin_store_retain(pb->val);
            /* no more appends in place (vm_bits.c); only a store nobody else
             * sees yet has the flag, so only then is it written */
            if (pb->val->flags & 1) pb->val->flags &= ~(uint64_t)1;
            pb->flags = 0; /* the copy counts in full in its new heap (term.h) */
            heap_link_offheap(h, (term_offheap_hdr_t *)q);
            break;
        }
        case HDR_FUN:
            if (funtab_pinned(((term_fun_t *)q)->entry)) {
                ((term_fun_t *)q)->next = FUN_UNCHAINED;
                break;
            }
            funtab_retain(((term_fun_t *)q)->entry);
            heap_link_offheap(h, (term_offheap_hdr_t *)q);
            break;
        case HDR_EXT_PID:
        case HDR_EXT_PORT:
        case HDR_EXT_REF:
            node_retain(((term_external_t *)q)->node);
            heap_link_offheap(h, (term_offheap_hdr_t *)q);
            break;
        case HDR_REF:
            if (hdr_is_mref(w)) {
                res_retain(res_of_mref((term_offheap_hdr_t *)q));
                heap_link_offheap(h, (term_offheap_hdr_t *)q);
            }
            break;
        default: break;
        }
        q += 1 + hdr_arity(w);
    }
    return root;
}
