/*
 * erlang_id.h - erlang:unique_integer's counters, shared with NIFs
 * (enif_make_unique_integer draws from the same ones, as in erts).
 */
#ifndef LASER_BIF_ERLANG_ID_H
#define LASER_BIF_ERLANG_ID_H

#include "heap.h"

/* A new unique integer on h (erlang:unique_integer/1's options). */
term id_unique_integer(heap_t *h, bool positive, bool monotonic);

#endif
