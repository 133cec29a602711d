/*
 * funtab.h - the global fun table: one entry per fun (lambda) of a module,
 * keyed by module, index and the 16-byte uniq (md5) that NEW_FUN_EXT
 * carries. A loaded module fills in its entries' code addresses; decoding a
 * fun of a module that is not loaded creates an entry without code, and
 * calling such a fun raises undef as in OTP. Entries are refcounted by the
 * fun terms that point at them.
 */
#ifndef LASER_FUNTAB_H
#define LASER_FUNTAB_H

#include <laser/term.h>

typedef struct fun_entry {
    term module;          /* atom */
    uint32_t index;       /* index in the module's FunT */
    uint32_t old_index;   /* as in NEW_FUN_EXT (= index in OTP 25) */
    uint32_t old_uniq;    /* 32-bit uniq of FunT */
    uint8_t uniq[16];     /* md5 of the module, as in NEW_FUN_EXT */
    uint32_t arity;       /* arity of the called function: fun arity + num_free */
    uint32_t num_free;
    term name;            /* name of the local function implementing it */
    const void *_Atomic address; /* code, NULL if the module is not loaded */
    _Atomic uint64_t refc;
} fun_entry_t;

/* Find or create the entry, taking one reference. */
fun_entry_t *funtab_get(term module, uint32_t index, const uint8_t uniq[16], uint32_t old_index,
                        uint32_t old_uniq, uint32_t arity, uint32_t num_free);
void funtab_retain(fun_entry_t *e);
void funtab_release(fun_entry_t *e);

#endif
