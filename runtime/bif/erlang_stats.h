/* erlang_stats.h - what erlang_stats.c offers the other BIF fragments. */
#ifndef LASER_ERLANG_STATS_H
#define LASER_ERLANG_STATS_H

#include <laser/term.h>

/* system_flag(microstate_accounting, true | false | reset): the state
 * before, or THE_NON_VALUE for another action. */
term stats_msacc_set(term action);

#endif
