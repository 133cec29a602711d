/* erlang_code.h - loading the preloaded modules (erlang_code.c). */
#ifndef LASER_ERLANG_CODE_H
#define LASER_ERLANG_CODE_H

#include <stdbool.h>
#include <stddef.h>

/* Load and install erl's 21 preloaded modules from otp_root's
 * lib/erts-VSN/ebin; false with the reason in err if one fails. */
bool erlang_code_preload(const char *otp_root, char *err, size_t errsize);

/* Before the real boot: unbind the interim BIFs that stand for functions
 * of init.beam (get_arguments/0, stop/0,1) and kernel, so that the loaded
 * modules' own code runs. */
void erlang_code_release_interim(void);

#endif
