/*
 * cmdline.h - erl's command line as erlexec reads it (cmdline.c).
 */
#ifndef LASER_CMDLINE_H
#define LASER_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char **v;
    size_t n, cap;
} cmdline_words_t;

/* argv[0], then ERL_AFLAGS, argv[1..], ERL_FLAGS, ERL_ZFLAGS with the
 * -extra parts last and -args_file expanded; false (after a message) for
 * a bad -args_file. */
bool cmdline_words(int argc, char **argv, cmdline_words_t *out);
/* Free the words (main's early exits; the VM never returns). */
void cmdline_free(cmdline_words_t *w);
/* The emulator flag argv[i] ("+..."): the words it takes (1 or 2) and
 * its separate value (NULL when attached or none); -1 for a malformed
 * +B, -2 for a missing value. */
int cmdline_emu_flag(int argc, char **argv, int i, const char **value);
/* Act on a flag that sets a runtime setting (+A, +W, +pc, +fn, +h...):
 * 1 done, 0 not such a flag, -1 a bad value (after a message). */
int cmdline_apply(const char *flag, const char *value);
/* A beam flag that tunes what laser does not have (allocators, binding,
 * poll threads, ...): accepted without effect. */
bool cmdline_known(const char *flag);

#endif
