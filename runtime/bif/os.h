/* os.h - what os.c offers the rest of the VM. */
#ifndef LASER_BIF_OS_H
#define LASER_BIF_OS_H

#include <stdbool.h>

#include "heap.h"

/* erlang:system_info(os_version): {Major, Minor, Release} of uname's
 * release, as erts reads it. */
term os_version_term(heap_t *h);

/* os_signal.c: set the disposition of one of OTP's signals ("sighup", ...)
 * to "ignore", "default" or "handle"; false for anything else. */
bool os_signal_set(const char *signame, const char *how);
/* os.c: a handled signal arrived (called on os_signal.c's thread). */
void os_signal_deliver(const char *signame);

#endif
