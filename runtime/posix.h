/*
 * posix.h - errno values as the atoms erts reports them ({error, enoent}):
 * the lower-case name of the E* constant (OTP's erl_errno_id; EAGAIN is
 * eagain, ENOTSUP enotsup), `unknown` for anything else; and opening a
 * directory for reading.
 */
#ifndef LASER_POSIX_H
#define LASER_POSIX_H

#include <laser/term.h>

term posix_errno_atom(int err);

/* opendir(path) through open(O_DIRECTORY) and fdopendir: ThreadSanitizer
 * does not see opendir create its descriptor, so a closedir of a number
 * the I/O thread used earlier for a pipe or socket looked like a race. */
#include <dirent.h>
DIR *posix_opendir(const char *path);

#endif
