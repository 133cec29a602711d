/*
 * fuzz_util.h - shared by the BIF-level fuzz targets: a byte reader over
 * the fuzz input and calling a BIF by name the way the interpreter does
 * (clear the exception, call, close the heap window).
 */
#ifndef LASER_FUZZ_UTIL_H
#define LASER_FUZZ_UTIL_H

#include "bif.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    const uint8_t *p;
    size_t n;
} fz_reader_t;

/* The next byte, 0 once the input is used up (so every input decodes). */
static inline uint8_t fz_byte(fz_reader_t *r)
{
    if (r->n == 0) return 0;
    r->n--;
    return *r->p++;
}

static inline uint32_t fz_u32(fz_reader_t *r)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v = v << 8 | fz_byte(r);
    return v;
}

/* Take up to max bytes (fewer if the input ends); returns how many. */
static inline size_t fz_take(fz_reader_t *r, size_t max, const uint8_t **out)
{
    size_t k = max < r->n ? max : r->n;
    *out = r->p;
    r->p += k;
    r->n -= k;
    return k;
}

static inline const bif_info_t *fz_bif(const char *mod, const char *name, unsigned arity)
{
    const bif_info_t *b = bif_lookup(atom_from_cstr(mod), atom_from_cstr(name), arity);
    if (!b) {
        fprintf(stderr, "no BIF %s:%s/%u\n", mod, name, arity);
        abort();
    }
    return b;
}

/* Call as the interpreter does; THE_NON_VALUE must come with a class set. */
static inline term fz_call(proc_t *p, const bif_info_t *b, const term *args)
{
    p->fclass = EXC_NONE;
    term r = b->fn(p, args);
    proc_heap_close(p);
    if (!term_is_value(r) && p->fclass == EXC_NONE) {
        fprintf(stderr, "%s:%s/%u failed without an exception\n", b->module_text, b->name_text, b->arity);
        abort();
    }
    if (term_is_value(r) && p->fclass != EXC_NONE) {
        fprintf(stderr, "%s:%s/%u returned a value with an exception set\n", b->module_text, b->name_text,
                b->arity);
        abort();
    }
    return r;
}

#endif
