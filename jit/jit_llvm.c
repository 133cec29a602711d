/*
 * jit_llvm.c - owner of every LLVM object of the JIT tier. Today it only
 * reports the LLVM version the VM was built against (the JIT issue adds the
 * ORC session, lowering and tiering here and in jit/emit_*.c).
 */
#include "jit.h"

#include <llvm-c/Core.h>

void jit_llvm_version(unsigned *major, unsigned *minor, unsigned *patch) { LLVMGetVersion(major, minor, patch); }
