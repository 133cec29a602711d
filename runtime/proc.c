/* proc.c - process creation and the BIF allocation window (see proc.h). */
#include "proc.h"

#include "atom.h"
#include "scheduler.h"

#include <stdlib.h>

proc_t *proc_new(term pid, size_t min_heap_size)
{
    proc_t *p = calloc(1, sizeof *p);
    if (!p) laser_oom("a process", sizeof *p);
    gc_heap_init(&p->mem, min_heap_size);
    p->id = pid;
    p->group_leader = pid;
    p->dict = NIL;
    p->fvalue = THE_NON_VALUE;
    p->finfo = THE_NON_VALUE;
    p->fstacktrace = NIL;
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->run_lock, NULL);
    atomic_init(&p->state, PS_NEW);
    atomic_init(&p->refc, 1);
    p->prio = PRIO_NORMAL;
    /* OTP's default max_heap_size: #{size => 0, kill => true, error_logger => true} */
    p->mem.max_heap_kill = true;
    p->max_heap_flags = 1;
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
    free(p->xsave);
    free(p->mq);
    free(p->marks);
    free(p->links);
    free(p->mons);
    free(p->monby);
    while (p->in_head) {
        struct sig *n = p->in_head->next;
        sig_free(p->in_head);
        p->in_head = n;
    }
    pthread_mutex_destroy(&p->lock);
    pthread_mutex_destroy(&p->run_lock);
    gc_heap_free(&p->mem);
    free(p);
}

heap_t *proc_heap(proc_t *p)
{
    if (!p->hwin_open) {
        heap_init(&p->hwin);
        p->hwin.top = p->mem.htop;
        p->hwin.limit = p->mem.stop;
        p->hwin_start = p->mem.htop;
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
