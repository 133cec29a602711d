/*
 * nif.h - NIF libraries: erlang:load_nif/2 and the erl_nif.h API (nif.c).
 *
 * A library is dlopen()ed (Path ++ ".so"); its nif_init entry's functions
 * replace the module's NIF stubs: each gets a bif_info_t whose fn is one
 * of a fixed pool of trampolines (nif.c), so a NIF is called, traced,
 * raised from and sent to a dirty scheduler exactly as a BIF is. Terms a
 * NIF makes go on the calling process's heap (proc_heap: it may grow
 * without a collection during the call, as for a BIF).
 */
#ifndef LASER_NIF_H
#define LASER_NIF_H

#include "bif.h"
#include "proc.h"

struct ld_module;

/* erlang:load_nif(Path, LoadInfo) for module m (the caller's code): ok or
 * erts' {error, {Reason, Text}}. */
term nif_load(proc_t *p, struct ld_module *m, const char *path, term load_info);
/* Is b a function of a loaded library (its trace has no error_info and no
 * frame of its own, as erts')? */
bool nif_is_loaded(const bif_info_t *b);
/* m's code goes: its library's unload callback runs. */
void nif_module_free(struct ld_module *m);

#endif
