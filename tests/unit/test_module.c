/*
 * test_module.c - the module table's versions (src/module.c): current and
 * old code, purging through erts_internal:purge_module/2's steps, on_load
 * versions kept or left for the purger, and unexported NIF stubs hidden
 * from remote calls.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "atom.h"
#include "bif.h"
#include "support/oracle.h"
#include "../src/loader.h"
#include "../src/module.h"
#include "../src/vm.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:index_new\nleak:libcriterion.so\n"; }

static char dir[4096];

static ld_module_t *load(const char *name, const char *src)
{
    vm_init();
    snprintf(dir, sizeof dir, "%s", compile_erl_source("module_test", name, src));
    char path[4200], err[LD_ERRBUF_SIZE];
    snprintf(path, sizeof path, "%s/%s.beam", dir, name);
    ld_module_t *m;
    cr_assert_eq(ld_load_file(path, atom_from_cstr(name), &m, err), 0, "%s", err);
    vm_thread_module(m);
    return m;
}

/* The code address of m's export f/0. */
static const void *entry_of(const ld_module_t *m, const char *f)
{
    for (uint32_t i = 0; i < m->num_exports; i++)
        if (m->exports[i].function == atom_from_cstr(f) && m->exports[i].arity == 0)
            return &m->code[m->exports[i].entry];
    cr_assert_fail("no export %s/0", f);
    return NULL;
}

static const void *addr(const char *mod, const char *f, unsigned a)
{
    return atomic_load(&export_put(atom_from_cstr(mod), atom_from_cstr(f), a)->address);
}

Test(module, versions_and_purge)
{
    term name = atom_from_cstr("modt");
    ld_module_t *v1 = load("modt", "-module(modt). -export([f/0]). f() -> 1.");
    ld_module_t *v2 = load("modt", "-module(modt). -export([f/0]). f() -> 2.");
    ld_module_t *v3 = load("modt", "-module(modt). -export([f/0]). f() -> 3.");
    cr_assert_eq(module_install(v1), MODULE_OK);
    cr_assert_eq(module_purge_prepare(name, false), 0, "no old code yet");
    cr_assert_eq(module_install(v2), MODULE_OK);
    cr_assert_eq(module_old(name), v1);
    cr_assert_eq(module_install(v3), MODULE_NOT_PURGED);
    cr_assert(module_old_contains(name, &v1->code[1]));
    cr_assert_not(module_old_contains(name, &v2->code[1]));
    /* one purge at a time; abort keeps the old code */
    cr_assert_eq(module_purge_prepare(name, false), 1);
    cr_assert_eq(module_purge_prepare(name, false), -1);
    cr_assert_eq(module_purge_end(atom_from_cstr("other"), true), -1);
    cr_assert_eq(module_purge_end(name, false), 0);
    cr_assert_eq(module_old(name), v1);
    cr_assert_eq(module_purge_end(name, true), -1, "nothing prepared");
    cr_assert_eq(module_purge_prepare(name, false), 1);
    cr_assert_eq(module_purge_end(name, true), 1);
    cr_assert_null(module_old(name));
    cr_assert_eq(module_install(v3), MODULE_OK);
    cr_assert_eq(addr("modt", "f", 0), entry_of(v3, "f"));
    /* delete: never loaded, old in the way, then done */
    cr_assert_eq(module_delete(atom_from_cstr("never_loaded_modt")), MODULE_UNKNOWN);
    cr_assert_eq(module_delete(name), MODULE_NOT_PURGED);
    cr_assert(module_purge(name));
    cr_assert_eq(module_delete(name), MODULE_OK);
    cr_assert_null(addr("modt", "f", 0));
    cr_assert(module_purge(name));
}

Test(module, on_load_kept_or_left_to_purge)
{
    term name = atom_from_cstr("modo");
    const char *src = "-module(modo). -export([f/0]). -on_load(i/0). i() -> ok. f() -> on.";
    ld_module_t *cur = load("modo", "-module(modo). -export([f/0]). f() -> plain.");
    cr_assert_eq(module_install(cur), MODULE_OK);
    ld_module_t *p1 = load("modo", src);
    cr_assert_eq(module_install_pending(p1), MODULE_OK);
    cr_assert_eq(module_pending(name), p1);
    cr_assert_not_null(vm_code_on_load_entry(name));
    cr_assert_eq(addr("modo", "f", 0), entry_of(cur, "f"), "the current version serves meanwhile");
    /* failed: left unbound for the purger, which takes it as old code */
    cr_assert_eq(module_on_load_done(name, false), 0);
    cr_assert_null(module_pending(name));
    cr_assert_eq(module_on_load_done(name, false), -1);
    cr_assert_eq(module_purge_prepare(name, true), 1);
    cr_assert_eq(module_purge_end(name, true), 1);
    cr_assert_null(module_old(name));
    cr_assert_eq(module_current(name), cur);
    /* succeeded: current, the previous one old */
    ld_module_t *p2 = load("modo", src);
    cr_assert_eq(module_install_pending(p2), MODULE_OK);
    cr_assert_eq(module_on_load_done(name, true), 0);
    cr_assert_eq(module_current(name), p2);
    cr_assert_eq(module_old(name), cur);
    cr_assert_eq(addr("modo", "f", 0), entry_of(p2, "f"));
    cr_assert_null(vm_code_on_load_entry(name));
    cr_assert(module_purge(name));
}

Test(module, unexported_nif_hidden)
{
    /* a module defining a BIF's name without exporting it (prim_file's
     * read_nif/2 and its kind): remote calls are undef */
    vm_init();
    const bif_info_t *b = bif_lookup(atom_from_cstr("prim_file"), atom_from_cstr("read_nif"), 2);
    cr_assert_not_null(b);
    export_entry_t *e = export_put(atom_from_cstr("prim_file"), atom_from_cstr("read_nif"), 2);
    cr_assert_not_null(atomic_load(&e->address), "a BIF stub before the module loads");
    ld_module_t *m = load("prim_file", "-module(prim_file). -export([read/2]). "
                                       "read(F, N) -> read_nif(F, N). read_nif(_, _) -> erlang:nif_error(undef).");
    cr_assert_eq(module_install(m), MODULE_OK);
    cr_assert_null(atomic_load(&e->address));
    cr_assert_eq(e->bif_index, 0u);
    cr_assert_not_null(addr("prim_file", "read", 2));
}

/* module_by_code's range index: every word of every version the table
 * holds (current, old, pending) maps to its module, the words around
 * them to none, and a purged or dropped version leaves it. */
Test(module, by_code_index)
{
    term name = atom_from_cstr("modi");
    ld_module_t *v1 = load("modi", "-module(modi). -export([f/0]). f() -> 1.");
    ld_module_t *v2 = load("modi", "-module(modi). -export([f/0]). f() -> {2, 2}.");
    ld_module_t *other = load("modj", "-module(modj). -export([g/0]). g() -> j.");
    cr_assert_null(module_by_code(&v1->code[0]), "not installed yet");
    cr_assert_eq(module_install(v1), MODULE_OK);
    cr_assert_eq(module_install(other), MODULE_OK);
    cr_assert_eq(module_install(v2), MODULE_OK);
    ld_module_t *all[3] = {v1, v2, other};
    for (int k = 0; k < 3; k++) {
        ld_module_t *m = all[k];
        cr_assert_eq(module_by_code(&m->code[0]), m);
        cr_assert_eq(module_by_code(&m->code[m->code_size / 2]), m);
        cr_assert_eq(module_by_code((const char *)&m->code[m->code_size] - 1), m, "the last byte");
        ld_module_t *past = module_by_code(&m->code[m->code_size]);
        cr_assert(past != m, "one past the end is not the module");
        cr_assert(module_by_code((const char *)m->code - 1) != m, "before the start");
    }
    cr_assert_null(module_by_code(NULL));
    cr_assert_null(module_by_code(&name), "a stack address");
    /* old code stays found until purged; then only the other versions */
    cr_assert(module_purge(name));
    cr_assert_eq(module_by_code(&v2->code[1]), v2);
    cr_assert_eq(module_by_code(&other->code[1]), other);
    /* a pending (on_load) version is found too, and leaves when dropped */
    ld_module_t *p = load("modi", "-module(modi). -export([f/0]). -on_load(i/0). i() -> ok. f() -> 3.");
    cr_assert_eq(module_install_pending(p), MODULE_OK);
    cr_assert_eq(module_by_code(&p->code[1]), p);
    cr_assert_eq(module_finish_on_load(name, false), p);
    cr_assert(module_by_code(&p->code[1]) != p);
    module_free(p);
    cr_assert_eq(module_by_code(&v2->code[1]), v2);
}

/* Readers on other threads (stack traces on other schedulers) always find
 * a module that stays installed while the index is rebuilt under them. */
static ld_module_t *stable;
static atomic_bool stop_readers;
static void *reader(void *arg)
{
    (void)arg;
    long n = 0, bad = 0;
    while (!atomic_load(&stop_readers) || n < 1000) {
        for (size_t i = 0; i < stable->code_size; i += 3)
            if (module_by_code(&stable->code[i]) != stable) bad++;
        n++;
    }
    return (void *)bad;
}

Test(module, by_code_concurrent_readers)
{
    stable = load("modk", "-module(modk). -export([f/0]). f() -> k.");
    cr_assert_eq(module_install(stable), MODULE_OK);
    /* 150 modules with current and old versions (300 ranges): the index
     * grows past its first capacity while the readers search it; one erlc
     * run compiles them all */
    enum { NMOD = 150 };
    char cmd[8192], path[4400];
    int len = snprintf(cmd, sizeof cmd, "cd '%s' && erlc", dir);
    for (int k = 0; k < NMOD; k++) {
        snprintf(path, sizeof path, "%s/modl%d.erl", dir, k);
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fprintf(f, "-module(modl%d). -export([f/0]). f() -> %d.\n", k, k);
        fclose(f);
        len += snprintf(cmd + len, sizeof cmd - (size_t)len, " modl%d.erl", k);
    }
    cr_assert_eq(system(cmd), 0, "erlc failed");
    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, reader, NULL);
    for (int round = 0; round < 3; round++)
        for (int k = 0; k < NMOD; k++) {
            char mod[32], err[LD_ERRBUF_SIZE];
            snprintf(mod, sizeof mod, "modl%d", k);
            snprintf(path, sizeof path, "%s/%s.beam", dir, mod);
            ld_module_t *m;
            cr_assert_eq(ld_load_file(path, atom_from_cstr(mod), &m, err), 0, "%s", err);
            vm_thread_module(m);
            if (round == 2) cr_assert(module_purge(atom_from_cstr(mod)));
            cr_assert_eq(module_install(m), MODULE_OK);
            cr_assert_eq(module_by_code(&m->code[1]), m);
        }
    atomic_store(&stop_readers, true);
    for (int i = 0; i < 2; i++) {
        void *bad;
        pthread_join(t[i], &bad);
        cr_assert_eq((long)bad, 0, "a reader missed the stable module");
    }
}
