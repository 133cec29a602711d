/* erts_internal.h - erts_internal helpers other BIFs call (erts_internal.c). */
#ifndef LASER_ERTS_INTERNAL_H
#define LASER_ERTS_INTERNAL_H

#include "proc.h"

/* process_flag/2's monitor_nodes items: true (with *result set, a value
 * or THE_NON_VALUE after raising) if f is one. */
bool erts_internal_monitor_nodes_flag(proc_t *p, term f, term v, term *result);

/* Tell the monitor_nodes subscribers that node went up or down. */
void erts_internal_nodes_notify(term node, bool up, int64_t conn_id, term reason);

#endif
