/* bif.c - the BIF table generated from bifs.def, and its binding to the
 * export table (see bif.h). */
#include "bif.h"

#include "../src/export.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

bif_info_t bif_table[] = {
#define BIF(mod, nm, ar, f, fl) {.module_text = #mod, .name_text = nm, .arity = ar, .flags = (fl), .fn = f},
#include "bifs.def"
#undef BIF
};
const size_t bif_count = sizeof bif_table / sizeof bif_table[0];

static void do_init(void)
{
    atom_init();
    for (size_t i = 0; i < bif_count; i++) {
        bif_info_t *b = &bif_table[i];
        b->module = atom_from_cstr(b->module_text);
        b->name = atom_from_cstr(b->name_text);
        export_entry_t *e = export_put(b->module, b->name, b->arity);
        if (e->bif_index) {
            fprintf(stderr, "laser: bifs.def declares %s:%s/%u twice\n", b->module_text, b->name_text, b->arity);
            abort();
        }
        e->bif_index = (uint32_t)i + 1;
    }
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
void bif_init(void) { pthread_once(&init_once, do_init); }

const bif_info_t *bif_lookup(term module, term name, unsigned arity)
{
    bif_init();
    export_entry_t *e = export_get(module, name, arity);
    return e && e->bif_index ? &bif_table[e->bif_index - 1] : NULL;
}

term bif_trap(proc_t *p, term module, term name, unsigned n, const term *args)
{
    heap_t *h = proc_heap(p);
    term l = NIL;
    for (unsigned i = n; i-- > 0;) l = heap_make_cons(h, args[i], l);
    p->fclass = EXC_TRAP;
    p->fvalue = l;
    p->finfo = export_fun_term(export_put(module, name, n));
    return THE_NON_VALUE;
}
