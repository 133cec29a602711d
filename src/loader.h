/*
 * loader.h - turning .beam bytes into a ld_module_t: read every chunk OTP 25
 * writes, validate everything (a hostile file gets an error message, never
 * an out-of-bounds access), translate the generic instructions into the
 * internal ones of ops.h, bind imports to export entries and lambdas to fun
 * entries. Installing the result is module_install()'s job (module.h).
 */
#ifndef LASER_LOADER_H
#define LASER_LOADER_H

#include "module.h"

#define LD_ERRBUF_SIZE 256

/* Initialise what the loader needs (atom table, instruction table check).
 * Idempotent; ld_load_* call it. */
void ld_init(void);

/* Load a module from memory (code:load_binary). name_hint is the expected
 * module name (an atom), or THE_NON_VALUE to accept any. Returns 0 and sets
 * *out, or -1 with a one-line reason in errbuf (LD_ERRBUF_SIZE bytes). The
 * bytes are not referenced after the call. */
int ld_load_binary(term name_hint, const uint8_t *bytes, size_t len, ld_module_t **out, char *errbuf);

/* Load a module from a .beam file. */
int ld_load_file(const char *path, term name_hint, ld_module_t **out, char *errbuf);

#endif
