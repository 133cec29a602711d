/*
 * crash.h - ending the VM as erts_exit(ERTS_DUMP_EXIT, ...) does: for
 * conditions OTP treats as fatal to the whole node (the atom table full),
 * not for bugs (those abort) nor for a process's errors (those raise).
 */
#ifndef LASER_CRASH_H
#define LASER_CRASH_H

/* Print the slogan on stderr, write a crash dump (to $ERL_CRASH_DUMP, else
 * erl_crash.dump; none when $ERL_CRASH_DUMP_SECONDS is 0) and exit with
 * status 1, with erl's messages. The dump is minimal: OTP's header and
 * slogan, laser's version and the atom count. */
_Noreturn void crash_dump_exit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Only the dump and erl's "Crash dump is being written to" lines (halt/1
 * with a slogan: the caller prints the slogan and halts). */
void crash_dump_write(const char *slogan);

#endif
