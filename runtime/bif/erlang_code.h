/* erlang_code.h - loading the preloaded modules (erlang_code.c). */
#ifndef LASER_ERLANG_CODE_H
#define LASER_ERLANG_CODE_H

#include "proc.h"

#include <stdbool.h>
#include <stddef.h>

/* Load and install erl's 21 preloaded modules from otp_root's
 * lib/erts-VSN/ebin; false with the reason in err if one fails. */
bool erlang_code_preload(const char *otp_root, char *err, size_t errsize);

/* The OTP boot, once the first process (init) exists: undefined functions
 * go to error handlers from now on (vm_code_via_handler), and
 * erts_code_purger:start/0 is spawned at high priority as erts does, the
 * only process that may call erts_internal:purge_module/2. */
void erlang_code_boot(term init_pid);

/* erts_internal:request_system_task(Pid, Prio, {check_process_code,
 * ReqId, Module}): {check_process_code, ReqId, Bool} goes to p (false for
 * a dead Pid); THE_NON_VALUE with EXC_RETRY while Pid runs elsewhere. */
term erlang_code_cpc_task(proc_t *p, term pid, term req_id, term module);

#endif
