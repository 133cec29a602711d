/* erlang_proc.h - what erlang_proc.c shares with the other BIF files. */
#ifndef LASER_BIF_ERLANG_PROC_H
#define LASER_BIF_ERLANG_PROC_H

#include "proc.h"

/* A max_heap_size value (N or a map of size/kill/error_logger): keys not
 * given are size 0 and the system's flags; false if malformed. */
bool bif_max_heap_parse(term v, size_t *size, bool *kill, bool *report);
/* The map process_info and system_flag give. */
term bif_max_heap_term(heap_t *h, size_t size, bool kill, bool report);

/* A process for a remote spawn request, not started (see erlang_proc.c). */
proc_t *erlang_proc_dist_spawn(term m, term f, term args, term opts, term gl, term parent, const uint32_t ref[3],
                               int *flags, term *err);

#endif
