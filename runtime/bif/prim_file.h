/*
 * prim_file.h - what prim_file.c offers the other built-ins: erts's
 * conversions between character lists and the native filename encoding
 * (os.c uses them for environment variables, as erts does).
 */
#ifndef LASER_BIF_PRIM_FILE_H
#define LASER_BIF_PRIM_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "heap.h"

/* True if file:native_name_encoding/0 is utf8 (else latin1). */
bool pf_names_utf8(void);
/* A possibly deep list of characters as native bytes (malloc'd, *n bytes,
 * followed by a NUL not counted); NULL if it is not one, a character is
 * NUL or does not fit the encoding. */
uint8_t *pf_chars_to_native(term l, size_t *n);
/* Native bytes as a list of characters: the code points of valid UTF-8 in
 * utf8 mode, else (or when latin1_fallback) the bytes; THE_NON_VALUE for
 * invalid UTF-8 without the fallback. */
term pf_native_to_chars(heap_t *h, const uint8_t *s, size_t n, bool latin1_fallback);

#endif
