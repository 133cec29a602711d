/*
 * posix.h - errno values as the atoms erts reports them ({error, enoent}):
 * the lower-case name of the E* constant (OTP's erl_errno_id; EAGAIN is
 * eagain, ENOTSUP enotsup), `unknown` for anything else.
 */
#ifndef LASER_POSIX_H
#define LASER_POSIX_H

#include <laser/term.h>

term posix_errno_atom(int err);

#endif
