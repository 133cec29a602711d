/*
 * export.h - the global export table: one entry per {Module, Function, Arity}
 * ever referenced (by an import, an export, `fun M:F/A`, apply or a decoded
 * external fun). An entry exists before its module is loaded; calling it
 * then raises undef. Entries are never freed, so code may hold their address.
 */
#ifndef LASER_EXPORT_H
#define LASER_EXPORT_H

#include <laser/term.h>

typedef struct export_entry {
    term module, function; /* atoms */
    uint32_t arity;
    uint32_t bif_index;         /* index into the BIF table + 1, or 0 */
    const void *_Atomic address; /* entry of the current code, NULL = undef */
    struct ld_module *_Atomic owner; /* module instance that exports it, or NULL */
    term fun_term[2];            /* a literal `fun M:F/A`: {export header, this} */
} export_entry_t;

/* Find or create; never fails except on OOM (which exits). */
export_entry_t *export_put(term module, term function, uint32_t arity);
/* Find only; NULL if never referenced. */
export_entry_t *export_get(term module, term function, uint32_t arity);
/* The term `fun M:F/A` for an entry (boxed, lives as long as the entry). */
term export_fun_term(export_entry_t *e);
/* Number of entries (for tests and statistics). */
size_t export_count(void);

#endif
