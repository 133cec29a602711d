/*
 * os.c - the os module's BIFs: the process environment.
 */
#include <stdlib.h>
#include <string.h>

#include "bif.h"

static term latin1_list(heap_t *h, const char *s)
{
    term l = NIL;
    for (size_t i = strlen(s); i-- > 0;) l = heap_make_cons(h, term_from_small((unsigned char)s[i]), l);
    return l;
}

term bif_os_getenv_1(proc_t *p, const term *args)
{
    char name[1024];
    size_t n = 0;
    term l = args[0];
    for (; term_is_list(l) && n + 1 < sizeof name; l = term_cdr(l)) {
        term c = term_car(l);
        if (!term_is_small(c) || term_to_small(c) <= 0 || term_to_small(c) > 255) BIF_BADARG(p);
        name[n++] = (char)term_to_small(c);
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    name[n] = 0;
    const char *v = getenv(name);
    return v ? latin1_list(proc_heap(p), v) : ATOM_false;
}
