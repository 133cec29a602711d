/*
 * nif.c - NIF libraries (see nif.h): loading, calling, and erl_nif.h's
 * enif_* functions, which the laser executable exports to the libraries
 * it dlopen()s (linked with ENABLE_EXPORTS).
 *
 * Calls. A NIF function gets a slot of a fixed table: the slot's
 * bif_info_t names it (M:F/A, dirty flags) and points at the slot's own
 * trampoline, which passes the slot number to nif_call. So the
 * interpreter, the JIT and the dirty schedulers call a NIF as any BIF.
 * Slots are never reused (a module's NIFs stay callable in its old code
 * until the purge); NIF_SLOTS bounds the NIF functions of a VM's life.
 *
 * Environments. A call's env builds on the caller's heap (proc_heap): no
 * collection happens during the call, so terms stay where they are. A
 * process-independent env (enif_alloc_env, resource destructors, load
 * callbacks) has a heap_t of its own.
 *
 * Libraries are never dlclose()d: resource types keep pointers into them
 * (destructors), and erts too keeps a library while such types live.
 */
#include "nif.h"

#include "atom.h"
#include "big.h"
#include "bif.h"
#include "bif/erlang_id.h"
#include "bif/erlang_list.h"
#include "bin.h"
#include "cmp.h"
#include "copy.h"
#include "etf.h"
#include "hash.h"
#include "map.h"
#include "module.h"
#include "print.h"
#include "res.h"
#include "scheduler.h"
#include "timer.h"
#include "vm.h"

#include <dlfcn.h>
#include <errno.h>
#include <erl_nif.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- environments ---- */

struct enif_environment_t {
    proc_t *p;        /* the calling process, NULL for an independent env */
    heap_t *h;        /* where terms go */
    heap_t own;       /* an independent env's heap */
    struct nif_lib *lib;
    term exc;         /* the pending exception's reason, THE_NON_VALUE if none */
    struct iov_block *tmp; /* what enif_inspect_iovec made for this env: freed with it */
};

static void env_free_tmp(ErlNifEnv *env);

typedef struct nif_lib {
    void *handle;
    ErlNifEntry entry;
    void *priv_data;
    term module;
} nif_lib_t;

static void env_init_own(ErlNifEnv *env, nif_lib_t *lib)
{
    memset(env, 0, sizeof *env);
    heap_init(&env->own);
    env->h = &env->own;
    env->lib = lib;
    env->exc = THE_NON_VALUE;
}

static void env_init_proc(ErlNifEnv *env, proc_t *p, nif_lib_t *lib)
{
    memset(env, 0, sizeof *env);
    env->p = p;
    env->h = proc_heap(p);
    env->lib = lib;
    env->exc = THE_NON_VALUE;
}

ErlNifEnv *enif_alloc_env(void)
{
    ErlNifEnv *env = malloc(sizeof *env);
    if (!env) laser_oom("a NIF environment", sizeof *env);
    env_init_own(env, NULL);
    return env;
}

void enif_free_env(ErlNifEnv *env)
{
    if (!env) return;
    env_free_tmp(env);
    heap_free(&env->own);
    free(env);
}

void enif_clear_env(ErlNifEnv *env)
{
    env_free_tmp(env);
    heap_free(&env->own);
    heap_init(&env->own);
    env->exc = THE_NON_VALUE;
}

void *enif_priv_data(ErlNifEnv *env) { return env->lib ? env->lib->priv_data : NULL; }

/* ---- NIF slots and their trampolines ---- */

#define NIF_SLOTS 4000

typedef struct {
    bif_info_t info; /* first: the interpreter's b points here */
    ErlNifFunc fn;
    nif_lib_t *lib;
} nif_slot_t;

static nif_slot_t nif_slots[NIF_SLOTS];
static uint32_t nif_nslots;
static pthread_mutex_t nif_lock = PTHREAD_MUTEX_INITIALIZER;

bool nif_is_loaded(const bif_info_t *b)
{
    return (const char *)b >= (const char *)nif_slots && (const char *)b < (const char *)(nif_slots + NIF_SLOTS);
}

static term nif_call(proc_t *p, const term *args, unsigned slot)
{
    const nif_slot_t *s = &nif_slots[slot];
    ErlNifEnv env;
    env_init_proc(&env, p, s->lib);
    term r = s->fn.fptr(&env, (int)s->fn.arity, args);
    env_free_tmp(&env);
    if (term_is_value(env.exc)) return proc_raise(p, EXC_ERROR, env.exc);
    /* returning enif_make_badarg's term without the exception is
     * impossible here (make_badarg sets it): a NIF returning the non-value
     * of its own is a bug erts does not catch either; badarg is safe */
    if (!term_is_value(r)) return proc_raise(p, EXC_ERROR, ATOM(badarg));
    return r;
}

/* One trampoline per slot: nif_t_DDDD calls nif_call with DDDD. */
#define NIF_T(a, b, c, d)                                                                                        \
    static term nif_t_##a##b##c##d(proc_t *p, const term *args) { return nif_call(p, args, a * 1000 + b * 100 + c * 10 + d); }
#define NIF_T10(a, b, c) NIF_T(a, b, c, 0) NIF_T(a, b, c, 1) NIF_T(a, b, c, 2) NIF_T(a, b, c, 3) NIF_T(a, b, c, 4) \
    NIF_T(a, b, c, 5) NIF_T(a, b, c, 6) NIF_T(a, b, c, 7) NIF_T(a, b, c, 8) NIF_T(a, b, c, 9)
#define NIF_T100(a, b) NIF_T10(a, b, 0) NIF_T10(a, b, 1) NIF_T10(a, b, 2) NIF_T10(a, b, 3) NIF_T10(a, b, 4) \
    NIF_T10(a, b, 5) NIF_T10(a, b, 6) NIF_T10(a, b, 7) NIF_T10(a, b, 8) NIF_T10(a, b, 9)
#define NIF_T1000(a) NIF_T100(a, 0) NIF_T100(a, 1) NIF_T100(a, 2) NIF_T100(a, 3) NIF_T100(a, 4) \
    NIF_T100(a, 5) NIF_T100(a, 6) NIF_T100(a, 7) NIF_T100(a, 8) NIF_T100(a, 9)
NIF_T1000(0)
NIF_T1000(1)
NIF_T1000(2)
NIF_T1000(3)
#undef NIF_T
#define NIF_T(a, b, c, d) nif_t_##a##b##c##d,
static const bif_fn_t nif_trampolines[NIF_SLOTS] = {NIF_T1000(0) NIF_T1000(1) NIF_T1000(2) NIF_T1000(3)};
#undef NIF_T

/* ---- loading ---- */

static term text_list(heap_t *h, const char *text)
{
    term s = NIL;
    for (size_t i = strlen(text); i-- > 0;) s = heap_make_cons(h, term_from_small((unsigned char)text[i]), s);
    return s;
}

static term load_error(proc_t *p, const char *kind, const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    enif_vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    heap_t *h = proc_heap(p);
    term r = heap_make_tuple(h, 2, (term[]){atom_from_cstr(kind), text_list(h, text)});
    return heap_make_tuple(h, 2, (term[]){ATOM(error), r});
}

static int find_function(const ld_module_t *m, term name, unsigned arity)
{
    for (uint32_t i = 0; i < m->num_functions; i++)
        if (m->functions[i].name == name && m->functions[i].arity == arity) return (int)i;
    return -1;
}

/* Does function fi have a nif_start instruction (-nifs; not always its
 * first: `allocate` may come before it)? */
static bool declared_nif(const ld_module_t *m, uint32_t fi)
{
    uint32_t end = fi + 1 < m->num_functions ? m->functions[fi + 1].info : (uint32_t)m->code_size;
    for (uint32_t i = m->functions[fi].entry; i < end; i++)
        if (m->ops[i] == OP_nif_start) return true;
    return false;
}

/* Cannot fail once checked: slots are taken under the lock. */
static nif_lib_t *lib_of(const ld_module_t *m) { return m ? (nif_lib_t *)m->nif : NULL; }

term nif_load(proc_t *p, ld_module_t *m, const char *path, term load_info)
{
    term mod = m->name;
    if (module_old_contains(mod, m->code))
        return load_error(p, "old_code", "Calling load_nif from old module '%T' not allowed", mod);
    if (m->nif) return load_error(p, "reload", "NIF library already loaded (reload disallowed since OTP 20).");
    /* the version before this one: the current one while this one's
     * on_load runs, else the old one */
    ld_module_t *cur = module_current(mod);
    ld_module_t *prev = cur && cur != m ? cur : module_old(mod);
    if (prev == m) prev = NULL;
    char so[4200];
    snprintf(so, sizeof so, "%s.so", path);
    void *handle = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *e = dlerror();
        if (!e) e = "unknown error";
        if (strstr(e, so)) return load_error(p, "load_failed", "Failed to load NIF library: '%s'", e);
        return load_error(p, "load_failed", "Failed to load NIF library %s: '%s'", so, e);
    }
    ErlNifEntry *(*init)(void) = (ErlNifEntry * (*)(void)) dlsym(handle, "nif_init");
    if (!init) {
        const char *e = dlerror();
        term r = load_error(p, "bad_lib", "Failed to find library init function: '%s'", e ? e : "nif_init");
        dlclose(handle);
        return r;
    }
    ErlNifEntry *entry = init();
    const char *bad = NULL;
    char why[1024];
    if (!entry) {
        bad = "Library init-call unsuccessful";
    } else if (entry->major < ERL_NIF_MIN_REQUIRED_MAJOR_VERSION_ON_LOAD || (entry->major == 2 && entry->minor == 5)) {
        snprintf(why, sizeof why,
                 "That old NIF library (%d.%d) is not compatible with this erts runtime (%d.%d). Try recompile the NIF lib.",
                 entry->major, entry->minor, ERL_NIF_MAJOR_VERSION, ERL_NIF_MINOR_VERSION);
        bad = why;
    } else if (ERL_NIF_MAJOR_VERSION < entry->major ||
               (ERL_NIF_MAJOR_VERSION == entry->major && ERL_NIF_MINOR_VERSION < entry->minor)) {
        enif_snprintf(why, sizeof why,
                      "That '%T' NIF library needs %s or newer. Either try to recompile the NIF lib or use a newer erts runtime.",
                      mod, entry->min_erts ? entry->min_erts : "a newer erts");
        bad = why;
    } else if ((entry->major > 2 || entry->minor >= 1) && strcmp(entry->vm_variant, ERL_NIF_VM_VARIANT) != 0) {
        snprintf(why, sizeof why, "Library (%s) not compiled for this vm variant (%s).", entry->vm_variant,
                 ERL_NIF_VM_VARIANT);
        bad = why;
    } else if (atom_from_cstr(entry->name) != mod) {
        enif_snprintf(why, sizeof why, "Library module name '%s' does not match calling module '%T'", entry->name,
                      mod);
        bad = why;
    }
    /* a module compiled with -nifs (its stubs start with nif_start) may
     * bind only those */
    bool declares = false;
    for (uint32_t i = 0; i < m->num_functions && !declares; i++) declares = declared_nif(m, i);
    for (int i = 0; !bad && i < entry->num_of_funcs; i++) {
        const ErlNifFunc *f = &entry->funcs[i];
        term fa;
        int fi = -1;
        if (atom_get_latin1((const uint8_t *)f->name, strlen(f->name), &fa) != ATOM_OK ||
            (fi = find_function(m, fa, f->arity)) < 0) {
            enif_snprintf(why, sizeof why, "Function not found %T:%s/%u", mod, f->name, f->arity);
            bad = why;
        } else if (f->flags && f->flags != ERL_NIF_DIRTY_JOB_IO_BOUND && f->flags != ERL_NIF_DIRTY_JOB_CPU_BOUND) {
            enif_snprintf(why, sizeof why, "Illegal flags field value %d for NIF %T:%s/%u", f->flags, mod, f->name,
                          f->arity);
            bad = why;
        } else if (declares && !declared_nif(m, (uint32_t)fi)) {
            enif_snprintf(why, sizeof why, "Function not declared as nif %T:%s/%u", mod, f->name, f->arity);
            bad = why;
        }
        for (int j = 0; !bad && j < i; j++)
            if (entry->funcs[j].arity == f->arity && strcmp(entry->funcs[j].name, f->name) == 0) {
                enif_snprintf(why, sizeof why, "Duplicate NIF entry for %T:%s/%u", mod, f->name, f->arity);
                bad = why;
            }
    }
    if (bad) {
        term r = load_error(p, "bad_lib", "%s", bad);
        dlclose(handle);
        return r;
    }
    nif_lib_t *lib = calloc(1, sizeof *lib);
    if (!lib) laser_oom("a NIF library", sizeof *lib);
    lib->handle = handle;
    lib->entry = *entry;
    lib->module = mod;
    ErlNifEnv env;
    env_init_proc(&env, p, lib);
    nif_lib_t *plib = lib_of(prev);
    if (plib) {
        if (!entry->upgrade) {
            free(lib);
            return load_error(p, "upgrade", "Upgrade not supported by this NIF library.");
        }
        int veto = entry->upgrade(&env, &lib->priv_data, &plib->priv_data, load_info);
        if (veto) {
            free(lib);
            return load_error(p, "upgrade", "Library upgrade-call unsuccessful (%d).", veto);
        }
    } else if (entry->load) {
        int veto = entry->load(&env, &lib->priv_data, load_info);
        if (veto) {
            free(lib);
            return load_error(p, "load", "Library load-call unsuccessful (%d).", veto);
        }
    }
    pthread_mutex_lock(&nif_lock);
    if (nif_nslots + (uint32_t)entry->num_of_funcs > NIF_SLOTS) {
        pthread_mutex_unlock(&nif_lock);
        free(lib);
        return load_error(p, "load_failed", "laser: more than %d NIF functions loaded", NIF_SLOTS);
    }
    for (int i = 0; i < entry->num_of_funcs; i++) {
        const ErlNifFunc *f = &entry->funcs[i];
        nif_slot_t *s = &nif_slots[nif_nslots];
        term fa;
        atom_get_latin1((const uint8_t *)f->name, strlen(f->name), &fa);
        size_t tl;
        s->fn = *f;
        s->lib = lib;
        s->info = (bif_info_t){
            .module = mod,
            .name = fa,
            .module_text = entry->name,
            .name_text = (const char *)atom_text(fa, &tl),
            .arity = (uint8_t)f->arity,
            .flags = BIF_F_NIF | BIF_F_ALLOC | BIF_F_RAISE |
                     (f->flags == ERL_NIF_DIRTY_JOB_CPU_BOUND  ? BIF_F_DIRTY_CPU
                      : f->flags == ERL_NIF_DIRTY_JOB_IO_BOUND ? BIF_F_DIRTY_IO
                                                               : 0),
            .fn = nif_trampolines[nif_nslots],
        };
        /* too short a function keeps its Erlang body (erts refuses such
         * a library; every compiled function has room) */
        if (vm_bind_nif(m, (uint32_t)find_function(m, fa, f->arity), &s->info)) nif_nslots++;
    }
    m->nif = lib;
    pthread_mutex_unlock(&nif_lock);
    return ATOM(ok);
}

void nif_module_free(ld_module_t *m)
{
    nif_lib_t *lib = m->nif;
    m->nif = NULL;
    if (lib->entry.unload) {
        ErlNifEnv env;
        env_init_own(&env, lib);
        lib->entry.unload(&env, lib->priv_data);
        env_free_tmp(&env);
        heap_free(&env.own);
    }
    /* slots may still name lib (a stale fun in a trace): kept */
}

/* ---- memory ---- */

void *enif_alloc(size_t size) { return malloc(size); }
void *enif_realloc(void *ptr, size_t size) { return realloc(ptr, size); }
void enif_free(void *ptr) { free(ptr); }

/* ---- exceptions ---- */

ERL_NIF_TERM enif_make_badarg(ErlNifEnv *env) { return enif_raise_exception(env, ATOM(badarg)); }

ERL_NIF_TERM enif_raise_exception(ErlNifEnv *env, ERL_NIF_TERM reason)
{
    env->exc = reason;
    return THE_NON_VALUE;
}

int enif_has_pending_exception(ErlNifEnv *env, ERL_NIF_TERM *reason)
{
    if (!term_is_value(env->exc)) return 0;
    if (reason) *reason = env->exc;
    return 1;
}

int enif_is_exception(ErlNifEnv *env, ERL_NIF_TERM t) { return t == THE_NON_VALUE && term_is_value(env->exc); }

/* ---- type tests ---- */

int enif_is_atom(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_atom(t); }
int enif_is_binary(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_bitstring(t) && bin_bit_size(t) % 8 == 0; }
int enif_is_ref(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_ref(t); }
int enif_is_fun(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_any_fun(t); }
int enif_is_pid(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_pid(t); }
int enif_is_port(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_port(t); }
int enif_is_list(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_list(t) || t == NIL; }
int enif_is_empty_list(ErlNifEnv *env, ERL_NIF_TERM t) { return t == NIL; }
int enif_is_tuple(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_tuple(t); }
int enif_is_map(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_map(t); }
int enif_is_number(ErlNifEnv *env, ERL_NIF_TERM t) { return term_is_number(t); }
int enif_is_identical(ERL_NIF_TERM a, ERL_NIF_TERM b) { return cmp_eq_exact(a, b); }

int enif_compare(ERL_NIF_TERM a, ERL_NIF_TERM b)
{
    int c = cmp_terms(a, b);
    return c < 0 ? -1 : c > 0;
}

ErlNifTermType enif_term_type(ErlNifEnv *env, ERL_NIF_TERM t)
{
    if (term_is_atom(t)) return ERL_NIF_TERM_TYPE_ATOM;
    if (term_is_bitstring(t)) return ERL_NIF_TERM_TYPE_BITSTRING;
    if (term_is_float(t)) return ERL_NIF_TERM_TYPE_FLOAT;
    if (term_is_any_fun(t)) return ERL_NIF_TERM_TYPE_FUN;
    if (term_is_integer(t)) return ERL_NIF_TERM_TYPE_INTEGER;
    if (term_is_list(t) || t == NIL) return ERL_NIF_TERM_TYPE_LIST;
    if (term_is_map(t)) return ERL_NIF_TERM_TYPE_MAP;
    if (term_is_pid(t)) return ERL_NIF_TERM_TYPE_PID;
    if (term_is_port(t)) return ERL_NIF_TERM_TYPE_PORT;
    if (term_is_ref(t)) return ERL_NIF_TERM_TYPE_REFERENCE;
    return ERL_NIF_TERM_TYPE_TUPLE;
}

/* ---- numbers ---- */

static bool get_i64(term t, int64_t *v)
{
    if (term_is_small(t)) {
        *v = term_to_small(t);
        return true;
    }
    return term_is_big(t) && int_to_int64(t, v);
}

static bool get_u64(term t, uint64_t *v)
{
    int64_t s;
    if (term_is_small(t)) {
        s = term_to_small(t);
        if (s < 0) return false;
        *v = (uint64_t)s;
        return true;
    }
    if (!term_is_big(t) || term_big_is_neg(t) || term_big_size(t) != 1) return false;
    *v = term_big_digits(t)[0];
    return true;
}

int enif_get_int(ErlNifEnv *env, ERL_NIF_TERM t, int *ip)
{
    int64_t v;
    if (!get_i64(t, &v) || v < INT32_MIN || v > INT32_MAX) return 0;
    *ip = (int)v;
    return 1;
}

int enif_get_uint(ErlNifEnv *env, ERL_NIF_TERM t, unsigned *ip)
{
    uint64_t v;
    if (!get_u64(t, &v) || v > UINT32_MAX) return 0;
    *ip = (unsigned)v;
    return 1;
}

int enif_get_long(ErlNifEnv *env, ERL_NIF_TERM t, long *ip)
{
    int64_t v;
    if (!get_i64(t, &v)) return 0;
    *ip = (long)v;
    return 1;
}

int enif_get_ulong(ErlNifEnv *env, ERL_NIF_TERM t, unsigned long *ip)
{
    uint64_t v;
    if (!get_u64(t, &v)) return 0;
    *ip = (unsigned long)v;
    return 1;
}

int enif_get_double(ErlNifEnv *env, ERL_NIF_TERM t, double *dp)
{
    if (!term_is_float(t)) return 0;
    *dp = term_float_val(t);
    return 1;
}

ERL_NIF_TERM enif_make_long(ErlNifEnv *env, long i)
{
    return small_fits(i) ? term_from_small(i) : big_from_int64(env->h, i);
}

ERL_NIF_TERM enif_make_ulong(ErlNifEnv *env, unsigned long i)
{
    return i <= (uint64_t)MAX_SMALL ? term_from_small((int64_t)i) : big_from_uint64(env->h, i);
}

ERL_NIF_TERM enif_make_int(ErlNifEnv *env, int i) { return term_from_small(i); }
ERL_NIF_TERM enif_make_uint(ErlNifEnv *env, unsigned i) { return term_from_small(i); }

ERL_NIF_TERM enif_make_double(ErlNifEnv *env, double d)
{
    if (d != d || d - d != 0) return enif_make_badarg(env); /* NaN, infinities */
    return heap_make_float(env->h, d);
}

/* ---- atoms ---- */

ERL_NIF_TERM enif_make_atom_len(ErlNifEnv *env, const char *name, size_t len)
{
    term a;
    if (atom_put_latin1((const uint8_t *)name, len, &a) != ATOM_OK) return enif_make_badarg(env);
    return a;
}

ERL_NIF_TERM enif_make_atom(ErlNifEnv *env, const char *name) { return enif_make_atom_len(env, name, strlen(name)); }

int enif_make_existing_atom_len(ErlNifEnv *env, const char *name, size_t len, ERL_NIF_TERM *atom,
                                ErlNifCharEncoding enc)
{
    term a;
    if (atom_get_latin1((const uint8_t *)name, len, &a) != ATOM_OK) return 0;
    *atom = a;
    return 1;
}

int enif_make_existing_atom(ErlNifEnv *env, const char *name, ERL_NIF_TERM *atom, ErlNifCharEncoding enc)
{
    return enif_make_existing_atom_len(env, name, strlen(name), atom, enc);
}

/* The atom's text as Latin-1 in buf (NUL-terminated), or false if it has
 * a character above 255. */
static bool atom_latin1(term a, char *buf, size_t cap, size_t *n)
{
    size_t len;
    const uint8_t *s = atom_text(a, &len);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t c = s[i];
        if (c >= 0x80) {
            if ((c & 0xE0) != 0xC0 || i + 1 >= len) return false;
            c = (c & 0x1F) << 6 | (s[++i] & 0x3F);
            if (c > 255) return false;
        }
        if (buf && k < cap) buf[k] = (char)c;
        k++;
    }
    *n = k;
    return true;
}

int enif_get_atom(ErlNifEnv *env, ERL_NIF_TERM atom, char *buf, unsigned len, ErlNifCharEncoding enc)
{
    size_t n;
    if (!term_is_atom(atom) || !atom_latin1(atom, NULL, 0, &n) || n + 1 > len) return 0;
    atom_latin1(atom, buf, len, &n);
    buf[n] = 0;
    return (int)n + 1;
}

int enif_get_atom_length(ErlNifEnv *env, ERL_NIF_TERM atom, unsigned *len, ErlNifCharEncoding enc)
{
    size_t n;
    if (!term_is_atom(atom) || !atom_latin1(atom, NULL, 0, &n)) return 0;
    *len = (unsigned)n;
    return 1;
}

/* ---- tuples and lists ---- */

ERL_NIF_TERM enif_make_tuple_from_array(ErlNifEnv *env, const ERL_NIF_TERM arr[], unsigned cnt)
{
    return heap_make_tuple(env->h, cnt, arr);
}

ERL_NIF_TERM enif_make_tuple(ErlNifEnv *env, unsigned cnt, ...)
{
    term t = heap_make_tuple(env->h, cnt, NULL);
    va_list ap;
    va_start(ap, cnt);
    for (unsigned i = 0; i < cnt; i++) term_tuple_elems(t)[i] = va_arg(ap, ERL_NIF_TERM);
    va_end(ap);
    return t;
}

int enif_get_tuple(ErlNifEnv *env, ERL_NIF_TERM tpl, int *arity, const ERL_NIF_TERM **array)
{
    if (!term_is_tuple(tpl)) return 0;
    *arity = (int)term_tuple_arity(tpl);
    *array = term_tuple_elems(tpl);
    return 1;
}

ERL_NIF_TERM enif_make_list_from_array(ErlNifEnv *env, const ERL_NIF_TERM arr[], unsigned cnt)
{
    return heap_make_list(env->h, arr, cnt, NIL);
}

ERL_NIF_TERM enif_make_list(ErlNifEnv *env, unsigned cnt, ...)
{
    if (!cnt) return NIL;
    term *v = heap_alloc(env->h, 2 * (size_t)cnt);
    va_list ap;
    va_start(ap, cnt);
    for (unsigned i = 0; i < cnt; i++) {
        v[2 * i] = va_arg(ap, ERL_NIF_TERM);
        v[2 * i + 1] = i + 1 < cnt ? term_from_list_ptr(v + 2 * i + 2) : NIL;
    }
    va_end(ap);
    return term_from_list_ptr(v);
}

ERL_NIF_TERM enif_make_list_cell(ErlNifEnv *env, ERL_NIF_TERM car, ERL_NIF_TERM cdr)
{
    return heap_make_cons(env->h, car, cdr);
}

int enif_get_list_cell(ErlNifEnv *env, ERL_NIF_TERM t, ERL_NIF_TERM *head, ERL_NIF_TERM *tail)
{
    if (!term_is_list(t)) return 0;
    *head = term_car(t);
    *tail = term_cdr(t);
    return 1;
}

int enif_get_list_length(ErlNifEnv *env, ERL_NIF_TERM t, unsigned *len)
{
    uint64_t n = 0;
    for (; term_is_list(t); t = term_cdr(t)) n++;
    if (t != NIL || n > UINT32_MAX) return 0;
    *len = (unsigned)n;
    return 1;
}

int enif_make_reverse_list(ErlNifEnv *env, ERL_NIF_TERM t, ERL_NIF_TERM *list)
{
    term r = NIL;
    for (; term_is_list(t); t = term_cdr(t)) r = heap_make_cons(env->h, term_car(t), r);
    if (t != NIL) return 0;
    *list = r;
    return 1;
}

ERL_NIF_TERM enif_make_string_len(ErlNifEnv *env, const char *string, size_t len, ErlNifCharEncoding enc)
{
    if (!len) return NIL;
    term *v = heap_alloc(env->h, 2 * len);
    for (size_t i = 0; i < len; i++) {
        v[2 * i] = term_from_small((unsigned char)string[i]);
        v[2 * i + 1] = i + 1 < len ? term_from_list_ptr(v + 2 * i + 2) : NIL;
    }
    return term_from_list_ptr(v);
}

ERL_NIF_TERM enif_make_string(ErlNifEnv *env, const char *string, ErlNifCharEncoding enc)
{
    return enif_make_string_len(env, string, strlen(string), enc);
}

/* erts: the length written with the NUL, -size if it was cut short (NUL
 * written), 0 if list is not a Latin-1 string or len is 0 */
int enif_get_string(ErlNifEnv *env, ERL_NIF_TERM list, char *buf, unsigned len, ErlNifCharEncoding enc)
{
    if (!len) return 0;
    term t = list;
    for (; term_is_list(t); t = term_cdr(t)) {
        term c = term_car(t);
        if (!term_is_small(c) || term_to_small(c) < 0 || term_to_small(c) > 255) return 0;
    }
    if (t != NIL) return 0;
    unsigned n = 0;
    for (t = list; term_is_list(t); t = term_cdr(t)) {
        if (n + 1 >= len) {
            buf[n] = 0;
            return -(int)len;
        }
        buf[n++] = (char)term_to_small(term_car(t));
    }
    buf[n] = 0;
    return (int)n + 1;
}

/* ---- binaries ---- */

int enif_alloc_binary(size_t size, ErlNifBinary *bin)
{
    bin_store_t *b = bin_store_try_new(size);
    if (!b) return 0;
    bin->size = size;
    bin->data = b->data;
    bin->ref_bin = b;
    bin->__spare__[0] = bin->__spare__[1] = NULL;
    return 1;
}

int enif_realloc_binary(ErlNifBinary *bin, size_t size)
{
    if (bin->ref_bin && size <= ((bin_store_t *)bin->ref_bin)->orig_size) {
        bin->size = size;
        return 1;
    }
    ErlNifBinary nb;
    if (!enif_alloc_binary(size, &nb)) return 0;
    memcpy(nb.data, bin->data, bin->size < size ? bin->size : size);
    if (bin->ref_bin) bin_store_release(bin->ref_bin);
    *bin = nb;
    return 1;
}

void enif_release_binary(ErlNifBinary *bin)
{
    if (bin->ref_bin) bin_store_release(bin->ref_bin);
    bin->ref_bin = NULL;
}

ERL_NIF_TERM enif_make_binary(ErlNifEnv *env, ErlNifBinary *bin)
{
    term t;
    if (bin->ref_bin) {
        /* the binary's reference passes to the term */
        t = bin_make_from_store(env->h, bin->ref_bin, 0, bin->size);
        bin_store_release(bin->ref_bin);
        bin->ref_bin = NULL;
    } else {
        t = bin_make(env->h, bin->data, bin->size, NULL);
    }
    return t;
}

unsigned char *enif_make_new_binary(ErlNifEnv *env, size_t size, ERL_NIF_TERM *termp)
{
    uint8_t *bytes;
    *termp = bin_make(env->h, NULL, size, &bytes);
    return bytes;
}

int enif_inspect_binary(ErlNifEnv *env, ERL_NIF_TERM t, ErlNifBinary *bin)
{
    if (!term_is_bitstring(t)) return 0;
    bin_view_t v;
    bin_view(t, &v);
    if (v.bitsize % 8) return 0;
    memset(bin, 0, sizeof *bin);
    bin->size = v.bitsize / 8;
    if (v.bitoffs == 0) {
        bin->data = (unsigned char *)v.base;
    } else {
        /* an unaligned sub binary: its bytes copied onto the env's heap */
        uint8_t *bytes;
        bin_make(env->h, NULL, bin->size, &bytes);
        bin_copy_bits(v.base, v.bitoffs, bytes, 0, v.bitsize);
        bin->data = bytes;
    }
    return 1;
}

static void buf_put(void *ctx, const uint8_t *bytes, size_t n) { print_bytes(ctx, bytes, n); }

int enif_inspect_iolist_as_binary(ErlNifEnv *env, ERL_NIF_TERM t, ErlNifBinary *bin)
{
    if (term_is_bitstring(t)) return enif_inspect_binary(env, t, bin);
    if (!term_is_list(t) && t != NIL) return 0;
    print_buf_t b = {0};
    if (!bif_iolist_bytes(t, buf_put, &b)) {
        print_buf_free(&b);
        return 0;
    }
    memset(bin, 0, sizeof *bin);
    uint8_t *bytes;
    bin_make(env->h, (const uint8_t *)b.data, b.size, &bytes);
    bin->size = b.size;
    bin->data = bytes;
    print_buf_free(&b);
    return 1;
}

ERL_NIF_TERM enif_make_sub_binary(ErlNifEnv *env, ERL_NIF_TERM bin_term, size_t pos, size_t size)
{
    return bin_make_sub(env->h, bin_term, (uint64_t)pos * 8, (uint64_t)size * 8);
}

int enif_term_to_binary(ErlNifEnv *env, ERL_NIF_TERM t, ErlNifBinary *bin)
{
    etf_buf_t b = {0};
    if (etf_encode(t, NULL, &b) != 0 || !enif_alloc_binary(b.size, bin)) {
        etf_buf_free(&b);
        return 0;
    }
    memcpy(bin->data, b.data, b.size);
    etf_buf_free(&b);
    return 1;
}

size_t enif_binary_to_term(ErlNifEnv *env, const unsigned char *data, size_t sz, ERL_NIF_TERM *t, unsigned int opts)
{
    size_t used;
    if (etf_decode(data, sz, env->h, (opts & ERL_NIF_BIN2TERM_SAFE) != 0, t, &used) != ETF_OK) return 0;
    return used;
}

/* ---- maps ---- */

ERL_NIF_TERM enif_make_new_map(ErlNifEnv *env) { return map_new(env->h); }

int enif_get_map_size(ErlNifEnv *env, ERL_NIF_TERM t, size_t *size)
{
    if (!term_is_map(t)) return 0;
    *size = map_size(t);
    return 1;
}

int enif_make_map_put(ErlNifEnv *env, ERL_NIF_TERM map_in, ERL_NIF_TERM key, ERL_NIF_TERM value, ERL_NIF_TERM *out)
{
    if (!term_is_map(map_in)) return 0;
    *out = map_put(env->h, map_in, key, value);
    return 1;
}

int enif_get_map_value(ErlNifEnv *env, ERL_NIF_TERM map, ERL_NIF_TERM key, ERL_NIF_TERM *value)
{
    if (!term_is_map(map)) return 0;
    term v = map_get(map, key);
    if (!term_is_value(v)) return 0;
    *value = v;
    return 1;
}

int enif_make_map_update(ErlNifEnv *env, ERL_NIF_TERM map_in, ERL_NIF_TERM key, ERL_NIF_TERM value, ERL_NIF_TERM *out)
{
    if (!term_is_map(map_in) || !term_is_value(map_get(map_in, key))) return 0;
    *out = map_put(env->h, map_in, key, value);
    return 1;
}

int enif_make_map_remove(ErlNifEnv *env, ERL_NIF_TERM map_in, ERL_NIF_TERM key, ERL_NIF_TERM *out)
{
    if (!term_is_map(map_in)) return 0;
    *out = map_remove(env->h, map_in, key);
    return 1;
}

int enif_make_map_from_arrays(ErlNifEnv *env, ERL_NIF_TERM keys[], ERL_NIF_TERM values[], size_t cnt,
                              ERL_NIF_TERM *out)
{
    /* a duplicate key fails (erts) */
    for (size_t i = 0; i < cnt; i++)
        for (size_t j = i + 1; j < cnt; j++)
            if (cmp_eq_exact(keys[i], keys[j])) return 0;
    *out = map_from_pairs(env->h, keys, values, cnt);
    return 1;
}

/* An iterator holds the pairs in key order (flat.ks/vs, malloc'd); idx
 * runs from -1 (before the head) to size (after the tail). */
int enif_map_iterator_create(ErlNifEnv *env, ERL_NIF_TERM map, ErlNifMapIterator *it, ErlNifMapIteratorEntry entry)
{
    if (!term_is_map(map) || (entry != ERL_NIF_MAP_ITERATOR_FIRST && entry != ERL_NIF_MAP_ITERATOR_LAST)) return 0;
    size_t n = map_size(map);
    memset(it, 0, sizeof *it);
    it->map = map;
    it->size = n;
    it->u.flat.ks = malloc((n ? n : 1) * sizeof(term));
    it->u.flat.vs = malloc((n ? n : 1) * sizeof(term));
    if (!it->u.flat.ks || !it->u.flat.vs) laser_oom("a map iterator", n * 2 * sizeof(term));
    map_iter_t mi;
    map_iter_init(&mi, map);
    size_t i = 0;
    term k, v;
    while (i < n && map_iter_next(&mi, &k, &v)) {
        it->u.flat.ks[i] = k;
        it->u.flat.vs[i] = v;
        i++;
    }
    /* key order, as erts' flat maps (and its hash maps' iteration in
     * nif tests only ever check the pairs) */
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && cmp_terms_exact(it->u.flat.ks[b - 1], it->u.flat.ks[b]) > 0; b--) {
            term tk = it->u.flat.ks[b], tv = it->u.flat.vs[b];
            it->u.flat.ks[b] = it->u.flat.ks[b - 1], it->u.flat.vs[b] = it->u.flat.vs[b - 1];
            it->u.flat.ks[b - 1] = tk, it->u.flat.vs[b - 1] = tv;
        }
    it->idx = entry == ERL_NIF_MAP_ITERATOR_FIRST ? 0 : (n ? n - 1 : (ERL_NIF_UINT)-1);
    if (!n) it->idx = 0;
    return 1;
}

void enif_map_iterator_destroy(ErlNifEnv *env, ErlNifMapIterator *it)
{
    free(it->u.flat.ks);
    free(it->u.flat.vs);
    it->u.flat.ks = it->u.flat.vs = NULL;
}

int enif_map_iterator_is_head(ErlNifEnv *env, ErlNifMapIterator *it)
{
    return it->size == 0 || it->idx == (ERL_NIF_UINT)-1;
}

int enif_map_iterator_is_tail(ErlNifEnv *env, ErlNifMapIterator *it) { return it->idx == it->size; }

int enif_map_iterator_next(ErlNifEnv *env, ErlNifMapIterator *it)
{
    if (it->idx == it->size) return 0;
    it->idx++;
    return it->idx != it->size;
}

int enif_map_iterator_prev(ErlNifEnv *env, ErlNifMapIterator *it)
{
    if (it->idx == (ERL_NIF_UINT)-1) return 0;
    it->idx = it->idx == 0 ? (ERL_NIF_UINT)-1 : it->idx - 1;
    return it->idx != (ERL_NIF_UINT)-1;
}

int enif_map_iterator_get_pair(ErlNifEnv *env, ErlNifMapIterator *it, ERL_NIF_TERM *key, ERL_NIF_TERM *value)
{
    if (it->idx == (ERL_NIF_UINT)-1 || it->idx >= it->size) return 0;
    *key = it->u.flat.ks[it->idx];
    *value = it->u.flat.vs[it->idx];
    return 1;
}

/* ---- copying, sending, processes ---- */

ERL_NIF_TERM enif_make_copy(ErlNifEnv *dst_env, ERL_NIF_TERM src_term) { return copy_term(dst_env->h, src_term); }

int enif_send(ErlNifEnv *env, const ErlNifPid *to_pid, ErlNifEnv *msg_env, ERL_NIF_TERM msg)
{
    term to = to_pid->pid;
    proc_t *from = env ? env->p : NULL;
    bool ok = term_is_local_pid(to) && sched_send(from, to, msg);
    /* erts: msg_env is cleared whether or not the message arrived */
    if (msg_env) enif_clear_env(msg_env);
    return ok;
}

ErlNifPid *enif_self(ErlNifEnv *caller_env, ErlNifPid *pid)
{
    if (!caller_env || !caller_env->p) return NULL;
    pid->pid = caller_env->p->id;
    return pid;
}

int enif_get_local_pid(ErlNifEnv *env, ERL_NIF_TERM t, ErlNifPid *pid)
{
    if (!term_is_local_pid(t)) return 0;
    pid->pid = t;
    return 1;
}

int enif_get_local_port(ErlNifEnv *env, ERL_NIF_TERM t, ErlNifPort *port)
{
    if (!term_is_local_port(t)) return 0;
    port->port_id = t;
    return 1;
}

void enif_set_pid_undefined(ErlNifPid *pid) { pid->pid = ATOM(undefined); }
int enif_is_pid_undefined(const ErlNifPid *pid) { return pid->pid == ATOM(undefined); }
int enif_is_process_alive(ErlNifEnv *env, ErlNifPid *pid) { return term_is_local_pid(pid->pid) && sched_alive(pid->pid); }
int enif_is_current_process_alive(ErlNifEnv *env) { return env->p != NULL; }

int enif_whereis_pid(ErlNifEnv *env, ERL_NIF_TERM name, ErlNifPid *pid)
{
    if (!term_is_atom(name)) return 0;
    term w = reg_whereis(name);
    if (!term_is_local_pid(w)) return 0;
    pid->pid = w;
    return 1;
}

ERL_NIF_TERM enif_make_ref(ErlNifEnv *env)
{
    uint32_t num[3];
    sched_ref_numbers(num);
    return sched_make_ref(env->h, num);
}

/* ---- resources ---- */

struct enif_resource_type_t {
    res_type_t base; /* first: res_t.type points here */
    ErlNifResourceDtor *dtor;
    ErlNifResourceStop *stop;
    ErlNifResourceDown *down;
    term module, name;
    struct enif_resource_type_t *next;
};

typedef struct {
    res_t res;
    size_t size;
    _Alignas(16) unsigned char data[];
} nif_res_t;

static ErlNifResourceType *nif_types; /* under nif_lock */

static nif_res_t *res_of_obj(void *obj) { return (nif_res_t *)((char *)obj - offsetof(nif_res_t, data)); }

static void mon_drop_obj(nif_res_t *o);

static void nif_res_dtor(res_t *r)
{
    nif_res_t *o = (nif_res_t *)r;
    const ErlNifResourceType *t = (const ErlNifResourceType *)r->type;
    mon_drop_obj(o);
    if (t->dtor) {
        ErlNifEnv env;
        env_init_own(&env, NULL);
        t->dtor(&env, o->data);
        env_free_tmp(&env);
        heap_free(&env.own);
    }
    free(o);
}

ErlNifResourceType *enif_init_resource_type(ErlNifEnv *env, const char *name_str, const ErlNifResourceTypeInit *init,
                                            ErlNifResourceFlags flags, ErlNifResourceFlags *tried)
{
    if (!env || !env->lib || !(flags & (ERL_NIF_RT_CREATE | ERL_NIF_RT_TAKEOVER)) ||
        (flags & ~(ERL_NIF_RT_CREATE | ERL_NIF_RT_TAKEOVER)))
        return NULL;
    term name = enif_make_atom(env, name_str);
    if (!term_is_atom(name)) return NULL;
    pthread_mutex_lock(&nif_lock);
    ErlNifResourceType *t = nif_types;
    while (t && !(t->module == env->lib->module && t->name == name)) t = t->next;
    ErlNifResourceFlags op = ERL_NIF_RT_CREATE;
    if (t) {
        if (!(flags & ERL_NIF_RT_TAKEOVER)) t = NULL, op = 0;
        else op = ERL_NIF_RT_TAKEOVER;
    } else if (!(flags & ERL_NIF_RT_CREATE)) {
        op = 0;
    } else {
        t = calloc(1, sizeof *t);
        if (!t) laser_oom("a resource type", sizeof *t);
        t->base = (res_type_t){.name = "nif resource", .dtor = nif_res_dtor};
        t->module = env->lib->module;
        t->name = name;
        t->next = nif_types;
        nif_types = t;
    }
    if (t) {
        /* the callbacks init has (members: erts 25's _x passes 3) */
        t->dtor = init->dtor;
        t->stop = init->members >= 2 ? init->stop : NULL;
        t->down = init->members >= 3 ? init->down : NULL;
    }
    pthread_mutex_unlock(&nif_lock);
    if (tried) *tried = op;
    return t;
}

ErlNifResourceType *enif_open_resource_type_x(ErlNifEnv *env, const char *name_str, const ErlNifResourceTypeInit *init,
                                              ErlNifResourceFlags flags, ErlNifResourceFlags *tried)
{
    ErlNifResourceTypeInit three = {.dtor = init->dtor, .stop = init->stop, .down = init->down, .members = 3};
    return enif_init_resource_type(env, name_str, &three, flags, tried);
}

ErlNifResourceType *enif_open_resource_type(ErlNifEnv *env, const char *module_str, const char *name_str,
                                            void (*dtor)(ErlNifEnv *, void *), ErlNifResourceFlags flags,
                                            ErlNifResourceFlags *tried)
{
    ErlNifResourceTypeInit init = {.dtor = dtor};
    return enif_init_resource_type(env, name_str, &init, flags, tried);
}

void *enif_alloc_resource(ErlNifResourceType *type, size_t size)
{
    nif_res_t *o = calloc(1, sizeof *o + size);
    if (!o) laser_oom("a NIF resource", sizeof *o + size);
    o->size = size;
    res_init(&o->res, &type->base, NIL);
    res_set_size(&o->res, size);
    return o->data;
}

void enif_release_resource(void *obj) { res_unref(&res_of_obj(obj)->res); }
void enif_keep_resource(void *obj) { res_retain(&res_of_obj(obj)->res); }
size_t enif_sizeof_resource(void *obj) { return res_of_obj(obj)->size; }

ERL_NIF_TERM enif_make_resource(ErlNifEnv *env, void *obj) { return res_handle(env->h, &res_of_obj(obj)->res); }

int enif_get_resource(ErlNifEnv *env, ERL_NIF_TERM t, ErlNifResourceType *type, void **objp)
{
    res_status_t st;
    res_t *r = res_peek(t, &type->base, &st);
    if (!r) return 0;
    *objp = ((nif_res_t *)r)->data;
    return 1;
}

/* ---- scheduling ---- */

int enif_consume_timeslice(ErlNifEnv *env, int percent)
{
    /* laser does not preempt NIFs: the slice is never used up */
    return 0;
}

/* The continuation runs at once, in the caller's call (no yield): the
 * result is the same, only the preemption point is missing. */
ERL_NIF_TERM enif_schedule_nif(ErlNifEnv *env, const char *fun_name, int flags,
                               ERL_NIF_TERM (*fp)(ErlNifEnv *, int, const ERL_NIF_TERM[]), int argc,
                               const ERL_NIF_TERM argv[])
{
    if (!fun_name || (flags & ~(ERL_NIF_DIRTY_JOB_CPU_BOUND | ERL_NIF_DIRTY_JOB_IO_BOUND)) ||
        (flags & ERL_NIF_DIRTY_JOB_CPU_BOUND && flags & ERL_NIF_DIRTY_JOB_IO_BOUND))
        return enif_make_badarg(env);
    term copy[16];
    if (argc < 0 || argc > 16) return enif_make_badarg(env);
    memcpy(copy, argv, (size_t)argc * sizeof *copy); /* argv may live in the caller's frame */
    return fp(env, argc, copy);
}

int enif_thread_type(void)
{
    switch (sched_thread_kind()) {
    case 1: return ERL_NIF_THR_DIRTY_CPU_SCHEDULER;
    case 2: return ERL_NIF_THR_DIRTY_IO_SCHEDULER;
    default: return ERL_NIF_THR_NORMAL_SCHEDULER;
    }
}

/* ---- dynamic libraries ---- */

void *enif_dlopen(const char *lib, void (*err_handler)(void *, const char *), void *err_arg)
{
    char path[4200];
    snprintf(path, sizeof path, "%s.so", lib);
    void *h = dlopen(path, RTLD_NOW);
    if (!h && err_handler) err_handler(err_arg, dlerror());
    return h;
}

void *enif_dlsym(void *handle, const char *symbol, void (*err_handler)(void *, const char *), void *err_arg)
{
    dlerror();
    void *s = dlsym(handle, symbol);
    if (!s && err_handler) err_handler(err_arg, dlerror());
    return s;
}

/* ---- system ---- */

void enif_system_info(ErlNifSysInfo *sip, size_t si_size)
{
    ErlNifSysInfo si = {
        .driver_major_version = 3,
        .driver_minor_version = 4,
        .erts_version = "13.1.5",
        .otp_release = "25",
        .thread_support = 1,
        .smp_support = 1,
        .async_threads = 1,
        .scheduler_threads = 1,
        .nif_major_version = ERL_NIF_MAJOR_VERSION,
        .nif_minor_version = ERL_NIF_MINOR_VERSION,
        .dirty_scheduler_support = 1,
    };
    memcpy(sip, &si, si_size < sizeof si ? si_size : sizeof si);
}

int enif_getenv(const char *key, char *value, size_t *value_size)
{
    const char *v = getenv(key);
    if (!v) return -1;
    size_t n = strlen(v);
    if (n + 1 > *value_size) {
        *value_size = n + 1;
        return 1;
    }
    memcpy(value, v, n + 1);
    *value_size = n;
    return 0;
}

static int64_t unit_per_sec(ErlNifTimeUnit u)
{
    switch (u) {
    case ERL_NIF_SEC: return 1;
    case ERL_NIF_MSEC: return 1000;
    case ERL_NIF_USEC: return 1000000;
    case ERL_NIF_NSEC: return 1000000000;
    default: return 0;
    }
}

ErlNifTime enif_monotonic_time(ErlNifTimeUnit unit)
{
    int64_t ups = unit_per_sec(unit);
    if (!ups) return ERL_NIF_TIME_ERROR;
    return timer_now_ns() / (1000000000 / ups); /* erlang:monotonic_time's clock */
}

ErlNifTime enif_convert_time_unit(ErlNifTime val, ErlNifTimeUnit from, ErlNifTimeUnit to)
{
    int64_t f = unit_per_sec(from), t = unit_per_sec(to);
    if (!f || !t) return ERL_NIF_TIME_ERROR;
    /* erts rounds toward negative infinity */
    __int128 v = (__int128)val * t;
    __int128 q = v / f;
    if (v % f && v < 0) q--;
    return (ErlNifTime)q;
}

/* ---- process monitors of resources (the type's down callback) ----
 *
 * A monitor is an entry of one VM-wide list: the process it watches, the
 * object, and the numbers of its reference (ErlNifMonitor's bytes). It
 * holds no count: an object's destructor takes its monitors away first
 * (erts too). When the process exits (res.c's exit hook) each of its
 * monitors leaves the list and, if the object still lives, its down
 * callback runs with a count held. */

typedef struct nif_mon {
    uint32_t num[3];
    term pid;
    nif_res_t *obj;
    struct nif_mon *next;
} nif_mon_t;

static pthread_mutex_t mon_lock = PTHREAD_MUTEX_INITIALIZER;
static nif_mon_t *nif_mons;            /* under mon_lock */
static _Atomic uint32_t nif_nmons;     /* lets an exit skip the lock */

static void mon_fill(ErlNifMonitor *m, const uint32_t num[3])
{
    memset(m, 0, sizeof *m);
    memcpy(m->data, num, 3 * sizeof *num);
}

static void nif_proc_exit(term pid);
static void nif_mon_hook(void) { res_on_exit(nif_proc_exit); }

static void nif_proc_exit(term pid)
{
    if (!atomic_load_explicit(&nif_nmons, memory_order_acquire)) return;
    nif_mon_t *mine = NULL;
    pthread_mutex_lock(&mon_lock);
    for (nif_mon_t **pp = &nif_mons; *pp;) {
        nif_mon_t *m = *pp;
        if (m->pid != pid) {
            pp = &m->next;
            continue;
        }
        *pp = m->next;
        atomic_fetch_sub_explicit(&nif_nmons, 1, memory_order_relaxed);
        /* the list keeps the object's memory (its dtor waits for the lock) */
        if (res_retain_live(&m->obj->res)) {
            m->next = mine;
            mine = m;
        } else {
            free(m);
        }
    }
    pthread_mutex_unlock(&mon_lock);
    while (mine) {
        nif_mon_t *m = mine;
        mine = m->next;
        const ErlNifResourceType *t = (const ErlNifResourceType *)m->obj->res.type;
        ErlNifEnv env;
        env_init_own(&env, NULL);
        ErlNifPid ep = {.pid = pid};
        ErlNifMonitor em;
        mon_fill(&em, m->num);
        t->down(&env, m->obj->data, &ep, &em);
        env_free_tmp(&env);
        heap_free(&env.own);
        res_unref(&m->obj->res);
        free(m);
    }
}

/* The object goes: its monitors with it. */
static void mon_drop_obj(nif_res_t *o)
{
    if (!atomic_load_explicit(&nif_nmons, memory_order_acquire)) return;
    pthread_mutex_lock(&mon_lock);
    for (nif_mon_t **pp = &nif_mons; *pp;) {
        nif_mon_t *m = *pp;
        if (m->obj != o) {
            pp = &m->next;
            continue;
        }
        *pp = m->next;
        atomic_fetch_sub_explicit(&nif_nmons, 1, memory_order_relaxed);
        free(m);
    }
    pthread_mutex_unlock(&mon_lock);
}

int enif_monitor_process(ErlNifEnv *env, void *obj, const ErlNifPid *target, ErlNifMonitor *monitor)
{
    nif_res_t *o = res_of_obj(obj);
    const ErlNifResourceType *t = (const ErlNifResourceType *)o->res.type;
    if (!t->down) return -1;
    if (!term_is_local_pid(target->pid)) return 1;
    static pthread_once_t hook_once = PTHREAD_ONCE_INIT;
    pthread_once(&hook_once, nif_mon_hook);
    nif_mon_t *m = malloc(sizeof *m);
    if (!m) laser_oom("a NIF monitor", sizeof *m);
    sched_ref_numbers(m->num);
    m->pid = target->pid;
    m->obj = o;
    /* an exit sets the process's state before its hook takes mon_lock:
     * a monitor seen alive here is found by that hook */
    pthread_mutex_lock(&mon_lock);
    if (!sched_alive(target->pid)) {
        pthread_mutex_unlock(&mon_lock);
        free(m);
        return 1;
    }
    m->next = nif_mons;
    nif_mons = m;
    atomic_fetch_add_explicit(&nif_nmons, 1, memory_order_release);
    if (monitor) mon_fill(monitor, m->num);
    pthread_mutex_unlock(&mon_lock);
    return 0;
}

int enif_demonitor_process(ErlNifEnv *env, void *obj, const ErlNifMonitor *monitor)
{
    nif_res_t *o = res_of_obj(obj);
    nif_mon_t *found = NULL;
    pthread_mutex_lock(&mon_lock);
    for (nif_mon_t **pp = &nif_mons; *pp; pp = &(*pp)->next) {
        nif_mon_t *m = *pp;
        if (m->obj == o && memcmp(m->num, monitor->data, sizeof m->num) == 0) {
            *pp = m->next;
            atomic_fetch_sub_explicit(&nif_nmons, 1, memory_order_relaxed);
            found = m;
            break;
        }
    }
    pthread_mutex_unlock(&mon_lock);
    free(found);
    return found ? 0 : 1;
}

int enif_compare_monitors(const ErlNifMonitor *a, const ErlNifMonitor *b)
{
    int c = memcmp(a->data, b->data, sizeof a->data);
    return c < 0 ? -1 : c > 0;
}

ERL_NIF_TERM enif_make_monitor_term(ErlNifEnv *env, const ErlNifMonitor *m)
{
    uint32_t num[3];
    memcpy(num, m->data, sizeof num);
    return sched_make_ref(env->h, num);
}

/* ---- iovecs ----
 *
 * enif_inspect_iovec copies each binary of the list into a bin_store_t of
 * its own (a queue can then keep it with a count) and puts the stores,
 * the SysIOVec array and, when it makes it, the ErlNifIOVec in one block.
 * With an env the block goes on the env's list and is freed with the env
 * (the NIF call's end, as erts' contents live until then); without one
 * the iovec owns it until enif_free_iovec. */

typedef struct iov_block {
    struct iov_block *next; /* the env's list */
    size_t n;
    void *stores[];         /* n bin_store_t *, then n SysIOVec, then maybe the ErlNifIOVec */
} iov_block_t;

#define IOV_IN_ENV 1

static void iov_block_free(iov_block_t *b)
{
    for (size_t i = 0; i < b->n; i++) bin_store_release(b->stores[i]);
    free(b);
}

static void env_free_tmp(ErlNifEnv *env)
{
    while (env->tmp) {
        iov_block_t *b = env->tmp;
        env->tmp = b->next;
        iov_block_free(b);
    }
}

void enif_free_iovec(ErlNifIOVec *v)
{
    if (!v || (v->flags & IOV_IN_ENV) || !v->ref_bins) return; /* an env's: freed with it */
    iov_block_free((iov_block_t *)((char *)v->ref_bins - offsetof(iov_block_t, stores)));
}

int enif_inspect_iovec(ErlNifEnv *env, size_t max_elements, ERL_NIF_TERM list, ERL_NIF_TERM *tail,
                       ErlNifIOVec **iovec)
{
    /* the shape first, as erts: elements up to max_elements (at least
     * one), each a bitstring; one under a byte counts but is left out
     * (erts looks at its byte size), a longer one must be whole bytes;
     * then [] or more list */
    size_t seen = 0, n = 0, size = 0;
    term l = list;
    while (term_is_list(l)) {
        term b = term_car(l);
        if (!term_is_bitstring(b)) return 0;
        uint64_t bits = bin_bit_size(b);
        if (bits >= 8 && bits % 8) return 0;
        if (bits >= 8) n++, size += bits / 8;
        l = term_cdr(l);
        if (++seen >= max_elements) break;
    }
    if ((!term_is_list(l) && l != NIL) || n > INT32_MAX) return 0;
    term rest = l;
    size_t bytes = sizeof(iov_block_t) + n * (sizeof(void *) + sizeof(SysIOVec)) + (*iovec ? 0 : sizeof(ErlNifIOVec));
    iov_block_t *blk = malloc(bytes);
    if (!blk) laser_oom("an iovec", bytes);
    blk->n = n;
    SysIOVec *iov = (SysIOVec *)(blk->stores + n);
    ErlNifIOVec *v = *iovec ? *iovec : (ErlNifIOVec *)(iov + n);
    memset(v, 0, sizeof *v);
    l = list;
    for (size_t i = 0; i < n; l = term_cdr(l)) {
        bin_view_t bv;
        bin_view(term_car(l), &bv);
        if (bv.bitsize < 8) continue;
        size_t len = bv.bitsize / 8;
        bin_store_t *st = bin_store_new(len);
        bin_copy_bits(bv.base, bv.bitoffs, st->data, 0, bv.bitsize);
        blk->stores[i] = st;
        iov[i].iov_base = (char *)st->data;
        iov[i].iov_len = len;
        i++;
    }
    v->iovcnt = (int)n;
    v->size = size;
    v->iov = iov;
    v->ref_bins = blk->stores;
    if (env) {
        v->flags = IOV_IN_ENV;
        blk->next = env->tmp;
        env->tmp = blk;
    }
    if (tail) *tail = rest;
    *iovec = v;
    return 1;
}

/* ---- I/O queues: segments, each a count on a store and the bytes of it
 * still queued ---- */

typedef struct {
    bin_store_t *store;
    uint8_t *base;
    size_t len;
} ioq_seg_t;

struct erts_io_queue {
    ioq_seg_t *segs;
    size_t head, count, cap; /* segs[head .. head+count) */
    size_t size;
    SysIOVec *peek;          /* enif_ioq_peek's answer, valid until the next change */
    size_t peek_cap;
};

ErlNifIOQueue *enif_ioq_create(ErlNifIOQueueOpts opts)
{
    if (opts != ERL_NIF_IOQ_NORMAL) return NULL;
    ErlNifIOQueue *q = calloc(1, sizeof *q);
    if (!q) laser_oom("an I/O queue", sizeof *q);
    return q;
}

void enif_ioq_destroy(ErlNifIOQueue *q)
{
    if (!q) return;
    for (size_t i = 0; i < q->count; i++) bin_store_release(q->segs[q->head + i].store);
    free(q->segs);
    free(q->peek);
    free(q);
}

static void ioq_push(ErlNifIOQueue *q, bin_store_t *st, uint8_t *base, size_t len)
{
    if (!len) {
        bin_store_release(st);
        return;
    }
    if (q->head + q->count == q->cap) {
        if (q->head) { /* slide down before growing */
            memmove(q->segs, q->segs + q->head, q->count * sizeof *q->segs);
            q->head = 0;
        }
        if (q->count == q->cap) {
            size_t nc = q->cap ? q->cap * 2 : 8;
            ioq_seg_t *s = realloc(q->segs, nc * sizeof *s);
            if (!s) laser_oom("an I/O queue", nc * sizeof *s);
            q->segs = s;
            q->cap = nc;
        }
    }
    q->segs[q->head + q->count++] = (ioq_seg_t){st, base, len};
    q->size += len;
}

int enif_ioq_enq_binary(ErlNifIOQueue *q, ErlNifBinary *bin, size_t skip)
{
    /* the binary is the queue's to release, even when skip is too long */
    if (skip > bin->size) {
        enif_release_binary(bin);
        return 0;
    }
    bin_store_t *st = bin->ref_bin;
    uint8_t *base = bin->data;
    if (!st) { /* not the NIF's to give (enif_inspect_binary's): a copy */
        st = bin_store_new(bin->size);
        memcpy(st->data, bin->data, bin->size);
        base = st->data;
    }
    bin->ref_bin = NULL; /* the queue's now */
    ioq_push(q, st, base + skip, bin->size - skip);
    return 1;
}

int enif_ioq_enqv(ErlNifIOQueue *q, ErlNifIOVec *iov, size_t skip)
{
    if (skip > iov->size) return 0;
    for (int i = 0; i < iov->iovcnt; i++) {
        size_t len = iov->iov[i].iov_len;
        uint8_t *base = (uint8_t *)iov->iov[i].iov_base;
        size_t cut = skip < len ? skip : len;
        skip -= cut;
        bin_store_t *st = iov->ref_bins ? iov->ref_bins[i] : NULL;
        if (st) {
            bin_store_retain(st);
            ioq_push(q, st, base + cut, len - cut);
        } else { /* an iovec the NIF built itself */
            st = bin_store_new(len - cut);
            memcpy(st->data, base + cut, len - cut);
            ioq_push(q, st, st->data, len - cut);
        }
    }
    return 1;
}

size_t enif_ioq_size(ErlNifIOQueue *q) { return q->size; }

int enif_ioq_deq(ErlNifIOQueue *q, size_t count, size_t *size)
{
    if (count > q->size) return 0;
    q->size -= count;
    while (count) {
        ioq_seg_t *s = &q->segs[q->head];
        if (count < s->len) {
            s->base += count;
            s->len -= count;
            break;
        }
        count -= s->len;
        bin_store_release(s->store);
        q->head++;
        q->count--;
    }
    if (!q->count) q->head = 0;
    if (size) *size = q->size;
    return 1;
}

SysIOVec *enif_ioq_peek(ErlNifIOQueue *q, int *iovlen)
{
    if (q->count > q->peek_cap) {
        SysIOVec *p = realloc(q->peek, q->count * sizeof *p);
        if (!p) laser_oom("an I/O queue", q->count * sizeof *p);
        q->peek = p;
        q->peek_cap = q->count;
    }
    for (size_t i = 0; i < q->count; i++) {
        q->peek[i].iov_base = (char *)q->segs[q->head + i].base;
        q->peek[i].iov_len = q->segs[q->head + i].len;
    }
    if (iovlen) *iovlen = (int)q->count;
    return q->peek;
}

int enif_ioq_peek_head(ErlNifEnv *env, ErlNifIOQueue *q, size_t *size, ERL_NIF_TERM *head)
{
    if (!q->count) return 0;
    ioq_seg_t *s = &q->segs[q->head];
    if (size) *size = s->len;
    *head = bin_make_from_store(env->h, s->store, (size_t)(s->base - s->store->data), s->len);
    return 1;
}

/* ---- identities, hashes, time ---- */

ERL_NIF_TERM enif_make_unique_integer(ErlNifEnv *env, ErlNifUniqueInteger properties)
{
    return id_unique_integer(env->h, properties & ERL_NIF_UNIQUE_POSITIVE, properties & ERL_NIF_UNIQUE_MONOTONIC);
}

ErlNifUInt64 enif_hash(ErlNifHash type, ERL_NIF_TERM term, ErlNifUInt64 salt)
{
    switch (type) {
    case ERL_NIF_INTERNAL_HASH: return hash_internal(term, (uint32_t)salt);
    case ERL_NIF_PHASH2: return hash_phash2(term); /* erts ignores the salt */
    default: return 0;
    }
}

ErlNifTime enif_time_offset(ErlNifTimeUnit unit)
{
    if (!unit_per_sec(unit)) return ERL_NIF_TIME_ERROR;
    return enif_convert_time_unit(timer_system_ns() - timer_now_ns(), ERL_NIF_NSEC, unit);
}

ERL_NIF_TERM enif_cpu_time(ErlNifEnv *env)
{
    /* erts: the calling thread's CPU time, as erlang:timestamp/0's triple */
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return enif_make_badarg(env);
    int64_t us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    term el[3] = {term_from_small(us / 1000000000000), term_from_small(us / 1000000 % 1000000),
                  term_from_small(us % 1000000)};
    return heap_make_tuple(env->h, 3, el);
}

/* ---- printing: the C conversions and %T (a term) ---- */

int enif_vsnprintf(char *buffer, size_t size, const char *fmt, va_list ap)
{
    print_buf_t out = {0};
    for (const char *s = fmt; *s;) {
        if (*s != '%') {
            const char *e = strchr(s, '%');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            print_bytes(&out, s, n);
            s += n;
            continue;
        }
        /* one conversion: flags, width, precision, length, conversion */
        const char *start = s++;
        char spec[64];
        while (*s && strchr("-+ #0'", *s)) s++;
        int star[2] = {0, 0}, nstar = 0;
        if (*s == '*') star[nstar++] = va_arg(ap, int), s++;
        else while (*s >= '0' && *s <= '9') s++;
        if (*s == '.') {
            s++;
            if (*s == '*') star[nstar++] = va_arg(ap, int), s++;
            else while (*s >= '0' && *s <= '9') s++;
        }
        int lng = 0; /* 1 l, 2 ll, 3 z, 4 h, 5 hh, 6 L, 7 j, 8 t */
        if (*s == 'l' && s[1] == 'l') lng = 2, s += 2;
        else if (*s == 'l') lng = 1, s++;
        else if (*s == 'z') lng = 3, s++;
        else if (*s == 'h' && s[1] == 'h') lng = 5, s += 2;
        else if (*s == 'h') lng = 4, s++;
        else if (*s == 'L') lng = 6, s++;
        else if (*s == 'j') lng = 7, s++;
        else if (*s == 't') lng = 8, s++;
        char conv = *s ? *s++ : 0;
        size_t sl = (size_t)(s - start);
        if (sl >= sizeof spec || !conv) {
            print_bytes(&out, start, (size_t)(s - start));
            continue;
        }
        memcpy(spec, start, sl);
        spec[sl] = 0;
        char tmp[512];
        int n = 0;
#define FMT1(v) (nstar == 0 ? snprintf(tmp, sizeof tmp, spec, v) : nstar == 1 ? snprintf(tmp, sizeof tmp, spec, star[0], v) \
                                                                               : snprintf(tmp, sizeof tmp, spec, star[0], star[1], v))
        switch (conv) {
        case '%': print_bytes(&out, "%", 1); continue;
        case 'T': print_term(&out, va_arg(ap, ERL_NIF_TERM)); continue;
        case 'd': case 'i':
            if (lng == 1) n = FMT1(va_arg(ap, long));
            else if (lng == 2) n = FMT1(va_arg(ap, long long));
            else if (lng == 3 || lng == 8) n = FMT1(va_arg(ap, ssize_t));
            else if (lng == 7) n = FMT1(va_arg(ap, intmax_t));
            else n = FMT1(va_arg(ap, int));
            break;
        case 'u': case 'o': case 'x': case 'X': case 'c':
            if (lng == 1) n = FMT1(va_arg(ap, unsigned long));
            else if (lng == 2) n = FMT1(va_arg(ap, unsigned long long));
            else if (lng == 3 || lng == 8) n = FMT1(va_arg(ap, size_t));
            else if (lng == 7) n = FMT1(va_arg(ap, uintmax_t));
            else n = FMT1(va_arg(ap, unsigned));
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
            if (lng == 6) n = FMT1(va_arg(ap, long double));
            else n = FMT1(va_arg(ap, double));
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (nstar == 0 && strcmp(spec, "%s") == 0) {
                print_str(&out, str ? str : "(null)");
                continue;
            }
            n = FMT1(str);
            break;
        }
        case 'p': n = FMT1(va_arg(ap, void *)); break;
        default: print_bytes(&out, spec, sl); continue;
        }
#undef FMT1
        if (n > 0) print_bytes(&out, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
    }
    int total = (int)out.size;
    if (size) {
        size_t k = out.size < size - 1 ? out.size : size - 1;
        if (k) memcpy(buffer, out.data, k);
        buffer[k] = 0;
    }
    print_buf_free(&out);
    return total;
}

int enif_snprintf(char *buffer, size_t size, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = enif_vsnprintf(buffer, size, format, ap);
    va_end(ap);
    return n;
}

int enif_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = enif_vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return n;
    char *b = malloc((size_t)n + 1);
    if (!b) return -1;
    enif_vsnprintf(b, (size_t)n + 1, fmt, ap);
    fwrite(b, 1, (size_t)n, f);
    free(b);
    return n;
}

int enif_fprintf(FILE *f, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = enif_vfprintf(f, format, ap);
    va_end(ap);
    return n;
}

/* ---- threads (pthread wrappers, with erts' names) ---- */

struct ErlDrvMutex_ {
    pthread_mutex_t m;
    char *name;
};
struct ErlDrvCond_ {
    pthread_cond_t c;
    char *name;
};
struct ErlDrvRWLock_ {
    pthread_rwlock_t l;
    char *name;
};

static char *dup_name(const char *name) { return name ? strdup(name) : NULL; }

ErlNifMutex *enif_mutex_create(char *name)
{
    ErlNifMutex *m = malloc(sizeof *m);
    if (!m) return NULL;
    pthread_mutex_init(&m->m, NULL);
    m->name = dup_name(name);
    return m;
}
void enif_mutex_destroy(ErlNifMutex *m)
{
    pthread_mutex_destroy(&m->m);
    free(m->name);
    free(m);
}
int enif_mutex_trylock(ErlNifMutex *m) { return pthread_mutex_trylock(&m->m); }
void enif_mutex_lock(ErlNifMutex *m) { pthread_mutex_lock(&m->m); }
void enif_mutex_unlock(ErlNifMutex *m) { pthread_mutex_unlock(&m->m); }
char *enif_mutex_name(ErlNifMutex *m) { return m->name; }

ErlNifCond *enif_cond_create(char *name)
{
    ErlNifCond *c = malloc(sizeof *c);
    if (!c) return NULL;
    pthread_cond_init(&c->c, NULL);
    c->name = dup_name(name);
    return c;
}
void enif_cond_destroy(ErlNifCond *c)
{
    pthread_cond_destroy(&c->c);
    free(c->name);
    free(c);
}
void enif_cond_signal(ErlNifCond *c) { pthread_cond_signal(&c->c); }
void enif_cond_broadcast(ErlNifCond *c) { pthread_cond_broadcast(&c->c); }
void enif_cond_wait(ErlNifCond *c, ErlNifMutex *m) { pthread_cond_wait(&c->c, &m->m); }
char *enif_cond_name(ErlNifCond *c) { return c->name; }

ErlNifRWLock *enif_rwlock_create(char *name)
{
    ErlNifRWLock *l = malloc(sizeof *l);
    if (!l) return NULL;
    pthread_rwlock_init(&l->l, NULL);
    l->name = dup_name(name);
    return l;
}
void enif_rwlock_destroy(ErlNifRWLock *l)
{
    pthread_rwlock_destroy(&l->l);
    free(l->name);
    free(l);
}
int enif_rwlock_tryrlock(ErlNifRWLock *l) { return pthread_rwlock_tryrdlock(&l->l); }
void enif_rwlock_rlock(ErlNifRWLock *l) { pthread_rwlock_rdlock(&l->l); }
void enif_rwlock_runlock(ErlNifRWLock *l) { pthread_rwlock_unlock(&l->l); }
int enif_rwlock_tryrwlock(ErlNifRWLock *l) { return pthread_rwlock_trywrlock(&l->l); }
void enif_rwlock_rwlock(ErlNifRWLock *l) { pthread_rwlock_wrlock(&l->l); }
void enif_rwlock_rwunlock(ErlNifRWLock *l) { pthread_rwlock_unlock(&l->l); }
char *enif_rwlock_name(ErlNifRWLock *l) { return l->name; }

int enif_tsd_key_create(char *name, ErlNifTSDKey *key)
{
    pthread_key_t k;
    int rc = pthread_key_create(&k, NULL);
    if (rc) return rc;
    *key = (ErlNifTSDKey)k;
    return 0;
}
void enif_tsd_key_destroy(ErlNifTSDKey key) { pthread_key_delete((pthread_key_t)key); }
void enif_tsd_set(ErlNifTSDKey key, void *data) { pthread_setspecific((pthread_key_t)key, data); }
void *enif_tsd_get(ErlNifTSDKey key) { return pthread_getspecific((pthread_key_t)key); }

ErlNifThreadOpts *enif_thread_opts_create(char *name)
{
    ErlNifThreadOpts *o = malloc(sizeof *o);
    if (o) o->suggested_stack_size = -1;
    return o;
}
void enif_thread_opts_destroy(ErlNifThreadOpts *opts) { free(opts); }

/* ErlNifTid is the pthread_t itself (an integer the size of a pointer). */
_Static_assert(sizeof(pthread_t) <= sizeof(ErlNifTid), "pthread_t fits an ErlNifTid");

/* Threads the library made, for enif_thread_name: each is on the list
 * from its creation to its join (erts keeps the name as long). */
typedef struct nif_thr {
    pthread_t tid;
    char *name;
    void *(*func)(void *);
    void *arg;
    struct nif_thr *next;
} nif_thr_t;

static pthread_mutex_t thr_lock = PTHREAD_MUTEX_INITIALIZER;
static nif_thr_t *nif_thrs; /* under thr_lock */

static void *thr_start(void *a)
{
    nif_thr_t *t = a;
    /* the creator puts t on the list before the thread runs its code */
    pthread_mutex_lock(&thr_lock);
    void *(*func)(void *) = t->func;
    void *arg = t->arg;
    pthread_mutex_unlock(&thr_lock);
    return func(arg);
}

int enif_thread_create(char *name, ErlNifTid *tid, void *(*func)(void *), void *args, ErlNifThreadOpts *opts)
{
    nif_thr_t *t = malloc(sizeof *t);
    if (!t) return ENOMEM;
    t->name = dup_name(name);
    t->func = func;
    t->arg = args;
    pthread_attr_t a;
    pthread_attr_init(&a);
    if (opts && opts->suggested_stack_size > 0)
        pthread_attr_setstacksize(&a, (size_t)opts->suggested_stack_size * 1024);
    pthread_mutex_lock(&thr_lock);
    int rc = pthread_create(&t->tid, &a, thr_start, t);
    if (rc == 0) {
        t->next = nif_thrs;
        nif_thrs = t;
        *tid = (ErlNifTid)(uintptr_t)t->tid;
    }
    pthread_mutex_unlock(&thr_lock);
    pthread_attr_destroy(&a);
    if (rc) {
        free(t->name);
        free(t);
    }
    return rc;
}

char *enif_thread_name(ErlNifTid tid)
{
    char *name = NULL;
    pthread_mutex_lock(&thr_lock);
    for (nif_thr_t *t = nif_thrs; t; t = t->next)
        if (pthread_equal(t->tid, (pthread_t)(uintptr_t)tid)) name = t->name;
    pthread_mutex_unlock(&thr_lock);
    return name;
}

ErlNifTid enif_thread_self(void) { return (ErlNifTid)(uintptr_t)pthread_self(); }
int enif_equal_tids(ErlNifTid a, ErlNifTid b) { return pthread_equal((pthread_t)(uintptr_t)a, (pthread_t)(uintptr_t)b); }
void enif_thread_exit(void *resp) { pthread_exit(resp); }
int enif_thread_join(ErlNifTid tid, void **respp)
{
    int rc = pthread_join((pthread_t)(uintptr_t)tid, respp);
    if (rc) return rc;
    nif_thr_t *gone = NULL;
    pthread_mutex_lock(&thr_lock);
    for (nif_thr_t **pp = &nif_thrs; *pp; pp = &(*pp)->next)
        if (pthread_equal((*pp)->tid, (pthread_t)(uintptr_t)tid)) {
            gone = *pp;
            *pp = gone->next;
            break;
        }
    pthread_mutex_unlock(&thr_lock);
    if (gone) free(gone->name);
    free(gone);
    return 0;
}
