/* proc.c - process creation and the BIF allocation window (see proc.h). */
#include "proc.h"

#include "atom.h"
#include "scheduler.h"

#include <stdlib.h>

_Atomic size_t proc_default_min_heap = GC_MIN_HEAP_SIZE, proc_default_min_bin_vheap = GC_MIN_BIN_VHEAP_SIZE;
_Atomic uint32_t proc_default_fullsweep = GC_FULLSWEEP_AFTER;
_Atomic uint64_t proc_default_max_heap = 3; /* size 0, kill, error_logger */

proc_t *proc_new(term pid, size_t min_heap_size)
{
    proc_t *p = calloc(1, sizeof *p);
    if (!p) laser_oom("a process", sizeof *p);
    gc_heap_init(&p->mem, min_heap_size ? min_heap_size : atomic_load_explicit(&proc_default_min_heap, memory_order_relaxed));
    size_t vh = atomic_load_explicit(&proc_default_min_bin_vheap, memory_order_relaxed);
    p->mem.min_bin_vheap_size = p->mem.bin_vheap_sz = p->mem.bin_old_vheap_sz = vh;
    p->mem.fullsweep_after = atomic_load_explicit(&proc_default_fullsweep, memory_order_relaxed);
    p->id = pid;
    p->group_leader = pid;
    p->fvalue = THE_NON_VALUE;
    p->finfo = THE_NON_VALUE;
    p->fstacktrace = NIL;
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->run_lock, NULL);
    atomic_init(&p->state, PS_NEW);
    atomic_init(&p->refc, 1);
    p->prio = PRIO_NORMAL;
    /* OTP's default max_heap_size: #{size => 0, kill => true, error_logger => true} */
    uint64_t mh = atomic_load_explicit(&proc_default_max_heap, memory_order_relaxed);
    p->mem.max_heap_size = (size_t)(mh >> 2);
    p->mem.max_heap_kill = (mh >> 1) & 1;
    p->max_heap_flags = mh & 1;
    p->fcalls = PROC_SLICE;
    p->reg_name = NIL;
    p->init_mfa[0] = p->init_mfa[1] = ATOM(undefined);
    p->init_mfa[2] = term_from_small(0);
    return p;
}

void proc_free(proc_t *p)
{
    if (!p) return;
    proc_heap_close(p);
    pdict_free(&p->dict);
    free(p->xsave);
    free(p->mq);
    free(p->marks);
    free(p->links);
    free(p->mons);
    free(p->monby);
    free(p->susp);
    struct sig **lists[3] = {&p->in_head, &p->susp_wait, &p->tasks};
    for (int k = 0; k < 3; k++)
        while (*lists[k]) {
            struct sig *n = (*lists[k])->next;
            sig_free(*lists[k]);
            *lists[k] = n;
        }
    if (p->mq_frags) {
        for (uint32_t i = 0; i < p->mq_cap; i++)
            if (p->mq_frags[i]) gc_frag_free(p->mq_frags[i]);
        free(p->mq_frags);
    }
    pthread_mutex_destroy(&p->lock);
    pthread_mutex_destroy(&p->run_lock);
    gc_heap_free(&p->mem);
    free(p);
}

size_t proc_memory(const proc_t *p)
{
    return sizeof *p + 8 * (gc_total_heap_size(&p->mem) + p->mq_off_words + p->mq_cap + p->xcap + p->links_cap) +
           (p->mq_frags ? p->mq_cap * sizeof *p->mq_frags : 0) + sizeof(proc_mon_t) * (p->mons_cap + p->monby_cap) +
           sizeof(proc_susp_t) * p->susp_cap + (p->marks ? PROC_MARKS * sizeof(proc_mark_t) : 0);
}

void proc_publish_memory(proc_t *p)
{
    const gc_heap_t *h = &p->mem;
    size_t unused = 8 * (size_t)((h->stop - h->htop) + (h->old_hend - h->old_htop));
    size_t all = proc_memory(p);
    atomic_store_explicit(&p->mem_bytes, all, memory_order_relaxed);
    atomic_store_explicit(&p->mem_used, all - unused, memory_order_relaxed);
}

heap_t *proc_heap(proc_t *p)
{
    if (!p->hwin_open) {
        /* htop and stop were just stored one by one (abi_call_bif, the
         * interpreter's BIF call): loaded as one 16-byte vector they miss
         * store forwarding and stall, a tenth of a BIF-heavy loop's time;
         * the barrier keeps the loads apart */
        term *top = p->mem.htop;
        __asm__("" : "+r"(top));
        heap_init(&p->hwin);
        p->hwin.top = top;
        p->hwin.limit = p->mem.stop;
        p->hwin_start = top;
        p->hwin_open = true;
    }
    return &p->hwin;
}

void proc_heap_close(proc_t *p)
{
    if (!p->hwin_open) return;
    heap_t *w = &p->hwin;
    p->hwin_open = false;
    /* heap_alloc records where it left the window when it had to spill */
    term *end = w->blocks ? w->window_end : w->top;
    if (!end) end = p->hwin_start;
    p->mem.htop = end;

    term_offheap_hdr_t *o = w->offheap, *spilled = NULL;
    w->offheap = NULL;
    while (o) {
        term_offheap_hdr_t *next = o->next;
        if ((term *)o >= p->hwin_start && (term *)o < end) {
            gc_link_offheap(&p->mem, o);
        } else {
            o->next = spilled;
            spilled = o;
        }
        o = next;
    }
    if (w->blocks) {
        gc_frag_t *f = gc_frag_new();
        /* top/limit now point into the newest spilled block; the window's
         * words stay on the young heap and are not the fragment's */
        w->words -= (size_t)(end - p->hwin_start);
        w->window_end = NULL;
        w->offheap = spilled;
        heap_absorb(&f->heap, w);
        gc_frag_attach(&p->mem, f);
    }
    heap_init(w);
}
