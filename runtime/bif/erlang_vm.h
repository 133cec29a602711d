/* erlang_vm.h - what the interpreter's BIF fragment (erlang_vm.c) offers
 * the rest of the VM. */
#ifndef LASER_ERLANG_VM_H
#define LASER_ERLANG_VM_H

#include <laser/term.h>
#include <stdbool.h>
#include <stdio.h>

/* Write t as erlang:display/1 does (print.c), without a newline. */
void erlang_vm_print(FILE *out, term t);

struct proc;
/* system_info's CPU items (erlang_cpu.c): *handled false if it is not
 * one; else the result, or THE_NON_VALUE with a raise or bif_trap set. */
term cpu_system_info(struct proc *p, term it, bool *handled);
/* The other system_info items about the running system (erlang_sysinfo.c):
 * *handled false if it is not one. */
term sysinfo_more(struct proc *p, term it, bool *handled);

#endif
