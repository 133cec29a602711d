/*
 * pdict.h - the process dictionary (erlang:put/get/erase...), as OTP's
 * erl_process_dict.c keeps it: an off-heap array of buckets, each NIL, one
 * {Key, Value} tuple on the process heap, or a list of them when keys
 * collide. The array is a GC root (pdict_roots); the tuples and lists are
 * ordinary heap terms. Keys compare with =:=. The order of get/0,
 * get_keys/0 and erase/0 is the table's, as in OTP (callers must not rely
 * on it).
 */
#ifndef LASER_PDICT_H
#define LASER_PDICT_H

#include "heap.h"

#include <laser/term.h>
#include <stdint.h>

typedef struct pdict {
    term *b;     /* nb buckets (NULL until the first put) */
    uint32_t nb; /* a power of two, or 0 */
    uint32_t n;  /* keys */
} pdict_t;

/* The value of key, or THE_NON_VALUE. */
term pdict_get(const pdict_t *d, term key);
/* Set key to val (the new pair built on h); the old value or THE_NON_VALUE. */
term pdict_put(pdict_t *d, heap_t *h, term key, term val);
/* Remove key; its value or THE_NON_VALUE. */
term pdict_erase(pdict_t *d, heap_t *h, term key);
/* A fresh list of every {Key, Value} pair on h (copied onto h when copy:
 * another process's dictionary). */
term pdict_list(const pdict_t *d, heap_t *h, bool copy);
/* A fresh list of the keys whose value is =:= v (every key when v is
 * THE_NON_VALUE). */
term pdict_keys(const pdict_t *d, heap_t *h, term v);
/* Empty the dictionary, returning its pairs as a list on h (erase/0). */
term pdict_clear(pdict_t *d, heap_t *h);
/* Free the bucket array (process exit). */
void pdict_free(pdict_t *d);

#endif
