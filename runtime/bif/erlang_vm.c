/*
 * erlang_vm.c - erlang BIFs tied to the interpreter (erlang_vm.def):
 * error/1,2,3, exit/1, throw/1, raise/3, halt/0,1,2, the process
 * dictionary, and erlang:display/1 with an interim term printer.
 *
 * Raising BIFs only set the class and reason: the interpreter builds the
 * stack trace and knows these BIFs (no BIF frame in the trace; error/2,3
 * put their argument list in place of the arity, as OTP does).
 *
 * The dictionary is pdict.c's hash table.
 */
#include "bif/erlang_sysflag.h"
#include "bif/erlang_vm.h"
#include "bif/os.h"

#include "big.h"
#include "bin.h"
#include "bif.h"
#include "cmp.h"
#include "crash.h"
#include "print.h"
#include "scheduler.h"
#include "settings.h"
#include "vm.h"
#include "map.h"
#include "pdict.h"
#include "etf.h"
#include <pthread.h>
#include "../../src/funtab.h"
#include "../../src/export.h"
#include "../../src/module.h"

#include <langinfo.h>
#include <locale.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

term bif_erlang_error_1(proc_t *p, const term *args) { return proc_raise(p, EXC_ERROR, args[0]); }
term bif_erlang_error_2(proc_t *p, const term *args) { return proc_raise(p, EXC_ERROR, args[0]); }
term bif_erlang_error_3(proc_t *p, const term *args) { return proc_raise(p, EXC_ERROR, args[0]); }
term bif_erlang_exit_1(proc_t *p, const term *args) { return proc_raise(p, EXC_EXIT, args[0]); }
term bif_erlang_throw_1(proc_t *p, const term *args) { return proc_raise(p, EXC_THROW, args[0]); }

/* raise(Class, Reason, Stacktrace): an invalid class or trace is not an
 * exception but the return value badarg (OTP's documented behaviour).
 * Entries are {Fun, Args}, {Fun, Args, Location}, {M, F, A} or
 * {M, F, A, Location} (M, F atoms, Location a list); as OTP, the short
 * forms get Location [] added. The interpreter raises with the trace left
 * in p->fstacktrace. */
term bif_erlang_raise_3(proc_t *p, const term *args)
{
    exc_class_t c;
    size_t n;
    const uint8_t *s;
    if (args[0] == ATOM(error)) c = EXC_ERROR;
    else if (term_is_atom(args[0]) && (s = atom_text(args[0], &n), n == 4 && !memcmp(s, "exit", 4))) c = EXC_EXIT;
    else if (term_is_atom(args[0]) && (s = atom_text(args[0], &n), n == 5 && !memcmp(s, "throw", 5))) c = EXC_THROW;
    else return ATOM(badarg);
    size_t len = 0, grow = 0;
    term l = args[2];
    for (; term_is_list(l); l = term_cdr(l), len++) {
        term e = term_car(l);
        if (!term_is_tuple(e)) return ATOM(badarg);
        const term *el = term_tuple_elems(e);
        uint64_t ar = term_tuple_arity(e);
        bool mf = ar >= 3 && term_is_atom(el[0]) && term_is_atom(el[1]);
        term loc = NIL;
        if (ar == 2 && term_is_any_fun(el[0])) grow++;
        else if (ar == 3 && term_is_any_fun(el[0])) loc = el[2];
        else if (ar == 3 && mf) grow++;
        else if (ar == 4 && mf) loc = el[3];
        else return ATOM(badarg);
        if (!term_is_list(loc) && !term_is_nil(loc)) return ATOM(badarg);
    }
    if (!term_is_nil(l)) return ATOM(badarg);
    term trace = args[2];
    if (grow) {
        term *items = malloc(len * sizeof(term));
        if (!items) laser_oom("raise/3 trace", len * sizeof(term));
        heap_t *h = proc_heap(p);
        size_t i = 0;
        for (l = args[2]; term_is_list(l); l = term_cdr(l)) {
            term e = term_car(l);
            uint64_t ar = term_tuple_arity(e);
            const term *el = term_tuple_elems(e);
            if (ar == 2 || (ar == 3 && !term_is_any_fun(el[0]))) {
                term t[4] = {el[0], el[1], ar == 3 ? el[2] : NIL, NIL};
                e = heap_make_tuple(h, ar + 1, t);
            }
            items[i++] = e;
        }
        trace = heap_make_list(h, items, len, NIL);
        free(items);
    }
    p->fstacktrace = trace;
    return proc_raise(p, c, args[1]);
}

static _Noreturn void do_halt(int status) { sched_halt(status); }

term bif_erlang_halt_0(proc_t *p, const term *args) { do_halt(0); }

/* halt(Status): a non-negative integer (OTP takes it modulo 256 on Unix),
 * `abort`, or a string slogan (printed, status 1). */
term bif_erlang_halt_1(proc_t *p, const term *args)
{
    term s = args[0];
    if (term_is_small(s) && term_to_small(s) >= 0) do_halt((int)(term_to_small(s) & 255));
    if (s == atom_from_cstr("abort")) {
        fflush(stdout);
        abort();
    }
    if (term_is_list(s) || term_is_nil(s)) {
        /* a slogan: printed, and a crash dump written with it (erts'
         * ERTS_DUMP_EXIT), then status 1 */
        char slogan[1024];
        size_t n = 0;
        for (term l = s; term_is_list(l); l = term_cdr(l)) {
            if (!term_is_small(term_car(l))) continue;
            int c = (int)(term_to_small(term_car(l)) & 255);
            fputc(c, stderr);
            if (n + 1 < sizeof slogan) slogan[n++] = (char)c;
        }
        slogan[n] = 0;
        fputc('\n', stderr);
        crash_dump_write(slogan);
        do_halt(1);
    }
    BIF_BADARG(p);
}

term bif_erlang_halt_2(proc_t *p, const term *args)
{
    if (!term_is_list(args[1]) && !term_is_nil(args[1])) BIF_BADARG(p);
    return bif_erlang_halt_1(p, args);
}

term bif_erlang_display_1(proc_t *p, const term *args)
{
    print_display(args[0]);
    return ATOM_true;
}

/* ---- process dictionary (pdict.c) ---- */

static term or_undefined(term v) { return term_is_value(v) ? v : ATOM(undefined); }

term bif_erlang_put_2(proc_t *p, const term *args)
{
    return or_undefined(pdict_put(&p->dict, proc_heap(p), args[0], args[1]));
}

term bif_erlang_get_1(proc_t *p, const term *args) { return or_undefined(pdict_get(&p->dict, args[0])); }

term bif_erlang_get_0(proc_t *p, const term *args) { return pdict_list(&p->dict, proc_heap(p), false); }

term bif_erlang_erase_1(proc_t *p, const term *args)
{
    return or_undefined(pdict_erase(&p->dict, proc_heap(p), args[0]));
}

term bif_erlang_get_keys_0(proc_t *p, const term *args) { return pdict_keys(&p->dict, proc_heap(p), THE_NON_VALUE); }
term bif_erlang_get_keys_1(proc_t *p, const term *args) { return pdict_keys(&p->dict, proc_heap(p), args[0]); }

term bif_erlang_erase_0(proc_t *p, const term *args) { return pdict_clear(&p->dict, proc_heap(p)); }

/* ---- the module table ---- */

term bif_erlang_module_loaded_1(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    return module_current(args[0]) ? ATOM_true : ATOM_false;
}

/* True for an export of a current module, or a BIF (OTP's definition). */
term bif_erlang_function_exported_3(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || !term_is_atom(args[1]) || !term_is_small(args[2]) || term_to_small(args[2]) < 0)
        BIF_BADARG(p);
    export_entry_t *e = export_get(args[0], args[1], (uint32_t)term_to_small(args[2]));
    if (!e) return ATOM_false;
    if (e->bif_index || vm_is_apply_export(e)) return ATOM_true;
    ld_module_t *m = atomic_load(&e->owner);
    return m && m == module_current(args[0]) ? ATOM_true : ATOM_false;
}

static int fa_cmp(const void *a, const void *b)
{
    const ld_export_t *x = a, *y = b;
    int c = atom_compare(x->function, y->function);
    return c ? c : (x->arity > y->arity) - (x->arity < y->arity);
}

static term fa_pair(heap_t *h, term f, uint32_t a) { return heap_make_tuple(h, 2, (term[]){f, term_from_small(a)}); }

/* module_info(Key) of a loaded module; THE_NON_VALUE for an unknown key. */
static term module_info(heap_t *h, ld_module_t *m, term key)
{
    size_t n;
    const uint8_t *k = atom_text(key, &n);
#define IS(s) (n == strlen(s) && !memcmp(k, s, n))
    if (IS("module")) return m->name;
    if (IS("exports")) {
        /* as erl: sorted by name and arity */
        ld_export_t *ex = malloc((m->num_exports + 1) * sizeof *ex);
        if (!ex) laser_oom("module_info", m->num_exports * sizeof *ex);
        memcpy(ex, m->exports, m->num_exports * sizeof *ex);
        qsort(ex, m->num_exports, sizeof *ex, fa_cmp);
        term l = NIL;
        for (uint32_t i = m->num_exports; i-- > 0;) l = heap_make_cons(h, fa_pair(h, ex[i].function, ex[i].arity), l);
        free(ex);
        return l;
    }
    if (IS("functions")) {
        term l = NIL;
        for (uint32_t i = m->num_functions; i-- > 0;)
            l = heap_make_cons(h, fa_pair(h, m->functions[i].name, m->functions[i].arity), l);
        return l;
    }
    if (IS("attributes") || IS("compile")) {
        /* the Attr/CInf terms are lists of {Key, Value}: [] if absent */
        term t = IS("attributes") ? m->attributes : m->compile_info;
        return term_is_value(t) ? t : NIL;
    }
    if (IS("md5")) return bin_make(h, m->md5, 16, NULL);
    if (IS("nifs")) return NIL;
    if (IS("native")) return ATOM_false;
#undef IS
    return THE_NON_VALUE;
}

term bif_erlang_get_module_info_2(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || !term_is_atom(args[1])) BIF_BADARG(p);
    ld_module_t *m = module_current(args[0]);
    if (!m) BIF_BADARG(p);
    term r = module_info(proc_heap(p), m, args[1]);
    if (!term_is_value(r)) BIF_BADARG(p);
    return r;
}

term bif_erlang_get_module_info_1(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    ld_module_t *m = module_current(args[0]);
    if (!m) BIF_BADARG(p);
    static const char *keys[] = {"module", "exports", "attributes", "compile", "md5"};
    heap_t *h = proc_heap(p);
    term items[5];
    for (int i = 0; i < 5; i++) {
        term k = atom_from_cstr(keys[i]);
        items[i] = heap_make_tuple(h, 2, (term[]){k, module_info(h, m, k)});
    }
    return heap_make_list(h, items, 5, NIL);
}

/* ---- persistent_term: a global table (interim) ----
 * Values are copied through the external term format into a heap_t that
 * lives as long as the VM, so every process can read them like literals
 * (never moved, never collected). A replaced or erased value is not freed:
 * a process may still hold it. OTP frees it after a global GC; that comes
 * with the scheduler. Lookup is linear: persistent_term is for few keys. */
typedef struct {
    term key, val;
} pt_entry_t;
static pthread_mutex_t pt_lock = PTHREAD_MUTEX_INITIALIZER;
static pt_entry_t *pt;
static size_t pt_n, pt_cap;
static heap_t pt_heap;
static bool pt_heap_ready;

static term pt_copy(term t)
{
    etf_buf_t b = {0};
    term r = THE_NON_VALUE;
    if (etf_encode(t, NULL, &b) == 0) {
        if (!pt_heap_ready) heap_init(&pt_heap), pt_heap_ready = true;
        if (etf_decode(b.data, b.size, &pt_heap, false, &r, NULL) != ETF_OK) r = THE_NON_VALUE;
    }
    etf_buf_free(&b);
    return r;
}

static pt_entry_t *pt_find(term key)
{
    for (size_t i = 0; i < pt_n; i++)
        if (cmp_eq_exact(pt[i].key, key)) return &pt[i];
    return NULL;
}

term bif_persistent_term_get_1(proc_t *p, const term *args)
{
    pthread_mutex_lock(&pt_lock);
    pt_entry_t *e = pt_find(args[0]);
    term v = e ? e->val : THE_NON_VALUE;
    pthread_mutex_unlock(&pt_lock);
    if (!term_is_value(v)) BIF_BADARG(p);
    return v;
}

term bif_persistent_term_get_2(proc_t *p, const term *args)
{
    pthread_mutex_lock(&pt_lock);
    pt_entry_t *e = pt_find(args[0]);
    term v = e ? e->val : args[1];
    pthread_mutex_unlock(&pt_lock);
    return v;
}

/* All {Key, Value} pairs (the terms stay in the table's heap). */
term bif_persistent_term_get_0(proc_t *p, const term *args)
{
    (void)args;
    heap_t *h = proc_heap(p);
    term l = NIL;
    pthread_mutex_lock(&pt_lock);
    for (size_t i = pt_n; i-- > 0;) l = heap_make_cons(h, heap_make_tuple(h, 2, (term[]){pt[i].key, pt[i].val}), l);
    pthread_mutex_unlock(&pt_lock);
    return l;
}

/* #{count, memory}: memory counts the table and the words of its heap */
term bif_persistent_term_info_0(proc_t *p, const term *args)
{
    (void)args;
    pthread_mutex_lock(&pt_lock);
    size_t count = pt_n, mem = pt_cap * sizeof *pt + (pt_heap_ready ? pt_heap.words * sizeof(term) : 0);
    pthread_mutex_unlock(&pt_lock);
    heap_t *h = proc_heap(p);
    term keys[2] = {atom_from_cstr("count"), atom_from_cstr("memory")};
    term vals[2] = {term_from_small((int64_t)count), big_from_uint64(h, mem)};
    return map_from_pairs(h, keys, vals, 2);
}

term bif_persistent_term_put_2(proc_t *p, const term *args)
{
    pthread_mutex_lock(&pt_lock);
    /* the same value again: nothing to do (OTP neither copies nor GCs) */
    pt_entry_t *old = pt_find(args[0]);
    if (old && cmp_eq_exact(old->val, args[1])) {
        pthread_mutex_unlock(&pt_lock);
        return ATOM(ok);
    }
    term k = old ? old->key : pt_copy(args[0]), v = pt_copy(args[1]);
    if (!term_is_value(k) || !term_is_value(v)) {
        pthread_mutex_unlock(&pt_lock);
        BIF_BADARG(p);
    }
    pt_entry_t *e = pt_find(k);
    if (!e) {
        if (pt_n == pt_cap) {
            pt_cap = pt_cap ? 2 * pt_cap : 16;
            pt = realloc(pt, pt_cap * sizeof *pt);
            if (!pt) laser_oom("persistent_term", pt_cap * sizeof *pt);
        }
        e = &pt[pt_n++];
        e->key = k;
    }
    e->val = v;
    pthread_mutex_unlock(&pt_lock);
    return ATOM(ok);
}

term bif_persistent_term_erase_1(proc_t *p, const term *args)
{
    pthread_mutex_lock(&pt_lock);
    pt_entry_t *e = pt_find(args[0]);
    if (e) *e = pt[--pt_n];
    pthread_mutex_unlock(&pt_lock);
    return e ? ATOM_true : ATOM_false;
}

/* ---- text helpers ---- */

/* ---- os:getenv/1 ---- */

static term latin1_list(heap_t *h, const char *s)
{
    term l = NIL;
    for (size_t i = strlen(s); i-- > 0;) l = heap_make_cons(h, term_from_small((unsigned char)s[i]), l);
    return l;
}

/* net_kernel:dflag_unicode_io/1 (io.erl asks before each request), a BIF
 * in OTP: true for a local process; a remote one only over a connection
 * that says so, and without distribution there is none (erts' dist.c). */
term bif_net_kernel_dflag_unicode_io_1(proc_t *p, const term *args)
{
    if (term_is_local_pid(args[0])) return ATOM_true;
    if (term_is_ext_pid(args[0])) return ATOM_false;
    BIF_BADARG(p);
}

/* ---- printing (runtime/print.c) ---- */

void erlang_vm_print(FILE *out, term t)
{
    print_buf_t b = {0};
    print_term(&b, t);
    print_write(out, b.data, b.size);
    print_buf_free(&b);
}

/* ---- erlang:system_info/1: the items that describe the build and the
 * platform, with the values erl 25 gives on this machine (OTP 25.2.3,
 * ERTS 13.1.5, x86_64 Linux); stdlib asks for some of them (filename
 * asks for os_type). Items about the running system (schedulers, heap
 * sizes, counts) are not served yet: badarg, as for an unknown item. ---- */

term bif_erlang_system_info_1(proc_t *p, const term *args)
{
    static const struct {
        const char *item, *string; /* a string result, or an atom if string is NULL */
        const char *atom;
        int64_t integer;
    } items[] = {
        {"otp_release", "25", NULL, 0},          {"version", "13.1.5", NULL, 0},
        {"machine", "BEAM", NULL, 0},            {"system_architecture", "x86_64-pc-linux-gnu", NULL, 0},
        {"nif_version", "2.16", NULL, 0},        {"driver_version", "3.3", NULL, 0},
        {"endian", NULL, "little", 0},           {"smp_support", NULL, "true", 0},
        {"threads", NULL, "true", 0},            {"hipe_architecture", NULL, "undefined", 0},
        {"debug_compiled", NULL, "false", 0},    {"heap_type", NULL, "private", 0},
        {"build_type", NULL, "opt", 0},          {"wordsize", NULL, NULL, 8},
        {"compat_rel", NULL, NULL, 25},          {"atom_limit", NULL, NULL, 1048576},
        {"process_limit", NULL, NULL, 262144},   {"port_limit", NULL, NULL, 65536},
        {"ets_limit", NULL, NULL, 8192},
    };
    term it = args[0];
    term flagged = sysflag_info(p, it); /* what system_flag/2 sets: erlang_sysflag.c */
    if (term_is_value(flagged)) return flagged;
    heap_t *h = proc_heap(p);
    if (term_is_tuple(it) && term_tuple_arity(it) == 2 && term_tuple_elems(it)[0] == atom_from_cstr("wordsize") &&
        (term_tuple_elems(it)[1] == atom_from_cstr("internal") || term_tuple_elems(it)[1] == atom_from_cstr("external")))
        return term_from_small(8);
    if (it == atom_from_cstr("os_type"))
        return heap_make_tuple(h, 2, (term[]){atom_from_cstr("unix"), atom_from_cstr("linux")});
    if (it == atom_from_cstr("os_version")) return os_version_term(h); /* bif/os.c */
    /* the running system */
    if (it == atom_from_cstr("process_count")) return term_from_small(sched_count());
    if (it == atom_from_cstr("schedulers") || it == atom_from_cstr("schedulers_online"))
        return term_from_small(sched_nthreads ? sched_nthreads : 1); /* ets:all/0: one reply per scheduler */
    if (it == atom_from_cstr("atom_count")) return term_from_small((int64_t)atom_count());
    bool cpu_item;
    term cpu = cpu_system_info(p, it, &cpu_item);
    if (cpu_item) return cpu;
    if (it == atom_from_cstr("logical_processors") || it == atom_from_cstr("logical_processors_online") ||
        it == atom_from_cstr("logical_processors_available")) {
        long n = sysconf(it == atom_from_cstr("logical_processors") ? _SC_NPROCESSORS_CONF : _SC_NPROCESSORS_ONLN);
        return n > 0 ? term_from_small(n) : atom_from_cstr("unknown");
    }
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        if (it != atom_from_cstr(items[i].item)) continue;
        if (items[i].string) return latin1_list(h, items[i].string);
        if (items[i].atom) return atom_from_cstr(items[i].atom);
        return term_from_small(items[i].integer);
    }
    term more = sysinfo_more(p, it, &cpu_item);
    if (cpu_item) return more;
    BIF_BADARG(p);
}

/* ---- file:native_name_encoding/0: +fnl and +fnu choose; by default
 * (+fna) erts uses utf8 when the character set
 * of the locale the environment selects (setlocale(LC_CTYPE, "")) is
 * UTF-8, latin1 otherwise (measured: LANG=C.UTF-8 gives utf8, LC_ALL=C
 * and a locale that is not installed give latin1). newlocale reads it
 * without changing the process's locale. ---- */

term bif_file_native_name_encoding_0(proc_t *p, const term *args)
{
    (void)p;
    (void)args;
    if (vm_settings.fn_encoding != 'a') return atom_from_cstr(vm_settings.fn_encoding == 'u' ? "utf8" : "latin1");
    bool utf8 = false;
    locale_t loc = newlocale(LC_CTYPE_MASK, "", (locale_t)0);
    if (loc != (locale_t)0) {
        utf8 = strcmp(nl_langinfo_l(CODESET, loc), "UTF-8") == 0;
        freelocale(loc);
    }
    return atom_from_cstr(utf8 ? "utf8" : "latin1");
}

/* error_logger:warning_map/0: the level warning reports are logged at (+W). */
term bif_error_logger_warning_map_0(proc_t *p, const term *args)
{
    (void)p;
    (void)args;
    char w = vm_settings.warning_map;
    return atom_from_cstr(w == 'i' ? "info" : w == 'e' ? "error" : "warning");
}
