/*
 * jit_tiers.h - the JIT tests' harness (test_jit*.c): run a function of
 * an Erlang module interpreted, compile the module, run it natively, and
 * require the same outcome (result, or class, reason and stack trace).
 * The module must be on the code path (compile_erl_source + vm_path_add).
 */
#ifndef LASER_TEST_JIT_TIERS_H
#define LASER_TEST_JIT_TIERS_H

#include <criterion/criterion.h>
#include <stdlib.h>

#include "atom.h"
#include "cmp.h"
#include "../jit/jit_int.h"
#include "../src/vm.h"

typedef struct {
    proc_t *p;
    vm_sched_t *s;
    vm_result_t rc;
    term r;
} run_t;

static run_t jt_run(const char *mod, const char *fn, bool stress)
{
    bool old = gc_stress_default;
    gc_stress_default = stress;
    run_t c = {proc_new(term_make_pid(1, 0), 0), calloc(1, sizeof(vm_sched_t)), 0, 0};
    gc_stress_default = old;
    cr_assert_not_null(c.s);
    c.rc = vm_apply(c.p, c.s, export_put(atom_from_cstr(mod), atom_from_cstr(fn), 0), NULL, 0, &c.r);
    return c;
}

static void jt_run_free(run_t *c)
{
    proc_free(c->p);
    free(c->s);
}

/* Run mod:fn() interpreted, compile mod, run it natively: same outcome. */
static void jit_same_in_both_tiers(const char *mod, const char *fn, bool stress)
{
    run_t a = jt_run(mod, fn, stress);
    ld_module_t *m = module_current(atom_from_cstr(mod));
    cr_assert_not_null(m);
    cr_assert(jit_compile_now(m), "compiling %s failed", mod);
    /* every function entry is native now */
    for (uint32_t i = 0; i < m->num_functions; i++)
        cr_assert_eq(m->code[m->functions[i].entry], vm_op_word(OP_i_func_native));
    run_t b = jt_run(mod, fn, stress);
    cr_assert_eq(a.rc, b.rc, "%s: returned in one tier and raised in the other", fn);
    if (a.rc == VM_RETURNED) {
        cr_assert(cmp_eq_exact(a.r, b.r) || a.r == b.r, "%s: results differ", fn);
    } else {
        cr_assert_eq(a.p->fclass, b.p->fclass);
        cr_assert(cmp_terms(a.p->fvalue, b.p->fvalue) == 0);
        cr_assert(cmp_terms(a.p->fstacktrace, b.p->fstacktrace) == 0, "%s: stack traces differ", fn);
    }
    if (stress) cr_assert_null(gc_verify(&b.p->mem, NULL, 0));
    jt_run_free(&a);
    jt_run_free(&b);
}

#endif
