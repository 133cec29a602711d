/* jit.h - the JIT tier's interface to the rest of the VM (main.c). */
#ifndef LASER_JIT_H
#define LASER_JIT_H

#include <stdbool.h>
#include <stdio.h>

typedef enum { JIT_OFF, JIT_TIERED, JIT_EAGER } jit_mode_t;

void jit_llvm_version(unsigned *major, unsigned *minor, unsigned *patch);

/* A +J flag at argv[i]: 0 if it is none, the number of arguments taken,
 * or -1 (bad flag, message printed). +Joff / +Jtiered / +Jeager choose the
 * mode; +Jdump DIR writes each compiled module's IR to DIR/<module>.ll
 * (and the optimised IR to <module>.opt.ll); +Jstats reports compile time
 * and native code size on stderr; +Jperf writes /tmp/perf-<pid>.map. */
int jit_option(int argc, char **argv, int i);
jit_mode_t jit_mode(void);
/* Start the chosen mode (hooks into the interpreter, the LLVM session);
 * false if LLVM could not start. */
bool jit_start(void);
/* Stop compiling and print the stats if asked; runs at exit by itself
 * (jit_start registers it). */
void jit_finish(void);
/* Compile a loaded module now and install its native entries, whatever
 * the mode (tests; eager mode does this for every module). */
struct ld_module;
bool jit_compile_now(struct ld_module *m);
/* The modes bench/run compares, one NAME=FLAGS line each. */
void jit_bench_modes(FILE *out);

#endif
