/* erlang_vm.h - what the interpreter's BIF fragment (erlang_vm.c) offers
 * the rest of the VM. */
#ifndef LASER_ERLANG_VM_H
#define LASER_ERLANG_VM_H

#include <laser/term.h>
#include <stdio.h>

/* Write t as erlang:display/1 does (print.c), without a newline. */
void erlang_vm_print(FILE *out, term t);

/* The command line's flags as init:get_arguments/0 reports them: each
 * flag (without its dash) with its values. main.c records them. */
void erlang_vm_add_argument(const char *flag, char **values, int nvalues);

#endif
