/* jit.h - the JIT tier's interface to the rest of the VM. */
#ifndef LASER_JIT_H
#define LASER_JIT_H

void jit_llvm_version(unsigned *major, unsigned *minor, unsigned *patch);

#endif
