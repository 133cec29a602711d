/* erlang_sysflag.h - system flags (erlang_sysflag.c) for system_info. */
#ifndef LASER_BIF_ERLANG_SYSFLAG_H
#define LASER_BIF_ERLANG_SYSFLAG_H

#include "proc.h"

/* erlang:system_info(Item) for the items system_flag/2 sets (and the
 * scheduler counts); THE_NON_VALUE if Item is not one of them. */
term sysflag_info(proc_t *p, term item);
/* A process that blocked multi-scheduling (PF_MSCHED) exits: its blocks go. */
void sysflag_proc_exit(term pid);

#endif
