/* erlang_vm.h - what the interpreter's BIF fragment (erlang_vm.c) offers
 * the rest of the VM. */
#ifndef LASER_ERLANG_VM_H
#define LASER_ERLANG_VM_H

#include <laser/term.h>
#include <stdio.h>

/* Write t as erlang:display/1 does (print.c), without a newline. */
void erlang_vm_print(FILE *out, term t);

#endif
