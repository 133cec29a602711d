/*
 * erts_internal.c - erts_internal BIFs the boot needs (erts_internal.def).
 */
#include "bif.h"

#include <pthread.h>
#include <stdlib.h>

/* System processes (OTP's ERTS_SPO_SYSTEM_PROC): init leaves them alone
 * when it kills the others at a restart or stop. Few and long-lived: a
 * list of pids (a dead one is never equal to a new pid: serials grow). */
static pthread_mutex_t sys_lock = PTHREAD_MUTEX_INITIALIZER;
static term *sys_pids;
static size_t sys_n, sys_cap;

term bif_erts_internal_spawn_system_process_3(proc_t *p, const term *args)
{
    term pid = bif_erlang_spawn_3(p, args);
    if (!term_is_value(pid)) return pid;
    pthread_mutex_lock(&sys_lock);
    if (sys_n == sys_cap) {
        sys_cap = sys_cap ? 2 * sys_cap : 16;
        sys_pids = realloc(sys_pids, sys_cap * sizeof *sys_pids);
        if (!sys_pids) laser_oom("system processes", sys_cap * sizeof *sys_pids);
    }
    sys_pids[sys_n++] = pid;
    pthread_mutex_unlock(&sys_lock);
    return pid;
}

term bif_erts_internal_is_system_process_1(proc_t *p, const term *args)
{
    if (!term_is_pid(args[0])) BIF_BADARG(p);
    bool found = false;
    pthread_mutex_lock(&sys_lock);
    for (size_t i = 0; i < sys_n && !found; i++) found = sys_pids[i] == args[0];
    pthread_mutex_unlock(&sys_lock);
    return found ? ATOM_true : ATOM_false;
}
