/*
 * oracle.h - data computed by erl, the oracle. tests/data/NAME.escript is
 * run once per build tree (escript NAME.escript OUTFILE) and its output file
 * is cached under the build directory; tests read it back.
 */
#ifndef LASER_TEST_ORACLE_H
#define LASER_TEST_ORACLE_H

#include <stddef.h>
#include <stdint.h>

/* Path of the output of tests/data/NAME.escript (generated if missing). */
const char *oracle_path(const char *name);
/* Its whole contents (malloc'd), length in *len. Aborts the test on error. */
uint8_t *oracle_read(const char *name, size_t *len);
/* Read any file (malloc'd); NULL if it cannot be read. */
uint8_t *read_file(const char *path, size_t *len);
/* Write src to LASER_BINARY_DIR/SUBDIR/<pid>/MODULE.erl (one directory
 * per test process: Criterion runs tests in parallel) and compile it there
 * with erlc; returns that directory (static). Aborts the test on error. */
const char *compile_erl_source(const char *subdir, const char *module, const char *src);
/* The same for any source erlc compiles, FILE named with its extension
 * (NAME.S: an assembly module). */
const char *compile_source(const char *subdir, const char *file, const char *src);
/* Big-endian readers for the simple length-prefixed formats the scripts write. */
uint32_t get_u32(const uint8_t **p);

#endif
