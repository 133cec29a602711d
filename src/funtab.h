/*
 * funtab.h - the global fun table: one entry per fun (lambda) of a module,
 * keyed by module, index and the 16-byte uniq (md5) that NEW_FUN_EXT
 * carries. A loaded module fills in its entries' code addresses; decoding a
 * fun of a module that is not loaded creates an entry without code, and
 * calling such a fun raises undef as in OTP.
 *
 * An entry that no loaded module has bound is counted by the fun terms
 * pointing at it (decoded funs), freed at zero. Once a module installs it,
 * the entry is pinned: it lives for the VM's life (as the literal heaps of
 * purged code do, module.c), so closures made from loaded code take no
 * count and stay off their heap's off-heap chain (next = FUN_UNCHAINED).
 * Pinning is one-way; a count taken before it is simply never returned.
 */
#ifndef LASER_FUNTAB_H
#define LASER_FUNTAB_H

#include <laser/term.h>

#include <stdatomic.h>
#include <stdbool.h>

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
    _Atomic bool pinned; /* bound by a loaded module once: never freed */
} fun_entry_t;

/* A fun term's next word when it is on no off-heap chain (its entry is
 * pinned, so there is no count to give back when it dies). */
#define FUN_UNCHAINED ((struct term_offheap_hdr *)1)

static inline bool funtab_pinned(const fun_entry_t *e)
{
    return atomic_load_explicit(&((fun_entry_t *)e)->pinned, memory_order_relaxed);
}
static inline bool fun_chained(const term_fun_t *f) { return f->next != FUN_UNCHAINED; }

/* Find or create the entry, taking one reference. */
fun_entry_t *funtab_get(term module, uint32_t index, const uint8_t uniq[16], uint32_t old_index,
                        uint32_t old_uniq, uint32_t arity, uint32_t num_free);
void funtab_retain(fun_entry_t *e);
/* The entry is bound by loaded code from now on (module install). */
void funtab_pin(fun_entry_t *e);
void funtab_release(fun_entry_t *e);

#endif
