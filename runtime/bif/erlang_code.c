/*
 * erlang_code.c - the preloaded modules and OTP 25's code-loading BIFs
 * (erlang_code.def).
 *
 * At start the VM loads the 21 modules of erts' ebin that erl preloads
 * (erlang_code_preload), erlang.beam included: a function that is a BIF in
 * Laser's table stays bound to the BIF (module.c's bind), the others run as
 * Erlang code, and an erts stub of a BIF Laser lacks stays undefined.
 *
 * Loading as OTP 25 splits it: erts_internal:prepare_loading/2 parses a
 * .beam into prepared code (a resource owned by the caller, a magic ref as
 * OTP's), erlang:finish_loading/1 installs a list of them, all or nothing:
 * {duplicated, Mods} or {not_purged, Mods}, else the modules become current
 * and those with an on_load function are held pending ({on_load, Mods}).
 * erlang:load_module/2 is erlang.beam's, on top of these.
 *
 * on_load and purging as erts (OTP 25): code_server runs the on_load
 * function in a process of its own (erlang:call_on_load_function/1 jumps
 * into it: an export stub, i_on_load_stub), then erts_code_purger calls
 * erlang:finish_after_on_load/2, which makes the code current or leaves
 * it to be purged. erts_code_purger (spawned at boot) purges with
 * erts_internal:purge_module/2 after asking every process whether it
 * runs the old code (check_process_code, a system task) and killing
 * those that do (purge) or giving up (soft_purge).
 */
#include "bif/erlang_code.h"

#include "bif.h"
#include "bin.h"
#include "errlog.h"
#include "nif.h"
#include "res.h"
#include "../../src/beam.h"
#include "../../src/loader.h"
#include "../../src/module.h"
#include "../../src/vm.h"
#include "scheduler.h"

#include <dirent.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* erlang:pre_loaded/0 in erl's order */
static const char *const preloaded[] = {
    "persistent_term", "counters", "atomics", "erts_dirty_process_signal_handler", "erts_literal_area_collector",
    "erl_tracer", "erts_internal", "erlang", "erl_prim_loader", "prim_zip", "prim_net", "prim_socket",
    "socket_registry", "zlib", "prim_file", "prim_inet", "prim_eval", "prim_buffer", "init", "erl_init",
    "erts_code_purger",
};
#define NPRELOADED (sizeof preloaded / sizeof *preloaded)

/* erlang:call_on_load_function/1: not in the BIF table (a call_ext to a
 * BIF calls it in place); its export is this stub, which runs the module's
 * on_load function in the caller's place or, when none waits, this BIF
 * for its badarg. */
static term col_badarg(proc_t *p, const term *args)
{
    (void)args;
    BIF_BADARG(p);
}
static bif_info_t col_info = {.module_text = "erlang", .name_text = "call_on_load_function", .arity = 1,
                              .flags = BIF_F_RAISE, .fn = col_badarg};
static uint64_t col_stub[2];

static void bind_col_stub(void)
{
    col_info.module = ATOM(erlang);
    col_info.name = atom_from_cstr("call_on_load_function");
    col_stub[0] = vm_op_word(OP_i_on_load_stub);
    col_stub[1] = (uint64_t)(uintptr_t)&col_info;
    export_entry_t *e = export_put(col_info.module, col_info.name, 1);
    /* an address without owner: erlang.beam's nif_error stub stays unbound */
    if (!atomic_load(&e->address)) atomic_store(&e->address, (const void *)col_stub);
}

bool erlang_code_preload(const char *otp_root, char *err, size_t errsize)
{
    bind_col_stub();
    /* the erts-VSN directory of the install */
    char lib[4096], ebin[4096 + 512] = "";
    snprintf(lib, sizeof lib, "%s/lib", otp_root);
    DIR *d = opendir(lib);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (!strncmp(e->d_name, "erts-", 5)) snprintf(ebin, sizeof ebin, "%s/%s/ebin", lib, e->d_name);
        closedir(d);
    }
    if (!*ebin) {
        snprintf(err, errsize, "no erts-* directory under %s", lib);
        return false;
    }
    for (size_t i = 0; i < NPRELOADED; i++) {
        char path[sizeof ebin + 64], lerr[LD_ERRBUF_SIZE];
        snprintf(path, sizeof path, "%s/%s.beam", ebin, preloaded[i]);
        ld_module_t *m;
        if (ld_load_file(path, atom_from_cstr(preloaded[i]), &m, lerr) != 0) {
            snprintf(err, errsize, "%s: %s", path, lerr);
            return false;
        }
        m->preloaded = true;
        vm_thread_module(m);
        if (module_install(m) != MODULE_OK) {
            snprintf(err, errsize, "%s: already loaded", path);
            module_free(m);
            return false;
        }
    }
    return true;
}

static term purger_pid = THE_NON_VALUE;

void erlang_code_boot(term init_pid)
{
    vm_code_via_handler = true; /* error_handler and code_server load */
    proc_t *p = sched_new_proc(0);
    if (!p) laser_oom("erts_code_purger", 0);
    term m = atom_from_cstr("erts_code_purger"), f = atom_from_cstr("start");
    p->init_mfa[0] = m, p->init_mfa[1] = f, p->init_mfa[2] = term_from_small(0);
    p->group_leader = init_pid;
    p->prio = PRIO_HIGH;
    vm_start_apply(p, m, f, NIL);
    purger_pid = p->id;
    sched_start(p);
}

/* ---- on_load, purging, check_process_code ---- */

term bif_erlang_finish_after_on_load_2(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || (args[1] != ATOM_true && args[1] != ATOM_false)) BIF_BADARG(p);
    if (module_on_load_done(args[0], args[1] == ATOM_true) < 0) BIF_BADARG(p);
    return ATOM_true;
}

term bif_erts_internal_purge_module_2(proc_t *p, const term *args)
{
    if (p->id != purger_pid) BIF_ERROR(p, atom_from_cstr("notsup"));
    term m = args[0], op = args[1];
    if (!term_is_atom(m)) BIF_BADARG(p);
    int r;
    if (op == atom_from_cstr("prepare") || op == atom_from_cstr("prepare_on_load"))
        r = module_purge_prepare(m, op != atom_from_cstr("prepare"));
    else if (op == atom_from_cstr("complete") || op == atom_from_cstr("abort"))
        r = module_purge_end(m, op == atom_from_cstr("complete"));
    else
        r = -1;
    if (r < 0) BIF_BADARG(p);
    return r ? ATOM_true : ATOM_false;
}

/* The caller itself: where it is (the BIF call) and its stack. */
term bif_erts_internal_check_process_code_1(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    return vm_code_in_old(p, args[0]) ? ATOM_true : ATOM_false;
}

term erlang_code_cpc_task(proc_t *p, term pid, term req_id, term module)
{
    if (!term_is_atom(module)) BIF_BADARG(p);
    bool in_old = false;
    if (pid == p->id) {
        in_old = vm_code_in_old(p, module);
    } else {
        proc_t *t = sched_get(pid);
        if (t) {
            /* erts runs the check in the target: here the requester reads
             * the target while its scheduler cannot run it (as
             * process_info), retrying after a yield if it is running */
            if (pthread_mutex_trylock(&t->run_lock) != 0) {
                proc_unref(t);
                p->fclass = EXC_RETRY;
                return THE_NON_VALUE;
            }
            in_old = atomic_load(&t->state) != PS_EXITING && vm_code_in_old(t, module);
            pthread_mutex_unlock(&t->run_lock);
            proc_unref(t);
        }
    }
    term msg = heap_make_tuple(proc_heap(p), 3,
                               (term[]){atom_from_cstr("check_process_code"), req_id, in_old ? ATOM_true : ATOM_false});
    sched_send(p, p->id, msg);
    return ATOM(ok);
}

term bif_erlang_pre_loaded_0(proc_t *p, const term *args)
{
    (void)args;
    term l = NIL;
    for (size_t i = NPRELOADED; i-- > 0;) l = heap_make_cons(proc_heap(p), atom_from_cstr(preloaded[i]), l);
    return l;
}

term bif_erlang_loaded_0(proc_t *p, const term *args)
{
    (void)args;
    size_t cap = module_count() + 16, n;
    term *names;
    for (;;) {
        names = malloc(cap * sizeof *names);
        if (!names) laser_oom("erlang:loaded/0", cap * sizeof *names);
        n = module_current_names(names, cap);
        if (n <= cap) break;
        free(names);
        cap = n + 16;
    }
    term l = NIL;
    for (size_t i = n; i-- > 0;) l = heap_make_cons(proc_heap(p), names[i], l);
    free(names);
    return l;
}

term bif_erlang_check_old_code_1(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    return module_old(args[0]) ? ATOM_true : ATOM_false;
}

/* true (the current code, if any, is now old), undefined for a module
 * never loaded; badarg and erts' report while old code is still there */
term bif_erlang_delete_module_1(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    module_err_t r = module_delete(args[0]);
    if (r == MODULE_UNKNOWN) return ATOM(undefined);
    if (r == MODULE_NOT_PURGED) {
        char text[600];
        size_t n;
        const uint8_t *name = atom_text(args[0], &n);
        snprintf(text, sizeof text, "Module %.*s must be purged before deleting\n", (int)n, (const char *)name);
        errlog_str_nogl(p, text);
        BIF_BADARG(p);
    }
    return ATOM_true;
}

term bif_erlang_nif_error_1(proc_t *p, const term *args) { return proc_raise(p, EXC_ERROR, args[0]); }
term bif_erlang_nif_error_2(proc_t *p, const term *args) { return proc_raise(p, EXC_ERROR, args[0]); }

/* ---- erlang:load_nif/2 ---- */

/* Does module m have built-in NIFs (BIFs of its own in the table)? OTP's
 * static NIF modules always load, as in erts: those whose NIFs Laser lacks
 * (erl_tracer's, for trace/3's tracer modules; prim_socket/prim_net) keep
 * their stubs, which raise as an unloaded NIF does. */
static bool has_builtin_nifs(term m)
{
    static const char *const static_nifs[] = {"erl_tracer", "prim_buffer", "prim_file", "prim_net", "prim_socket", "zlib"};
    for (size_t i = 0; i < sizeof static_nifs / sizeof *static_nifs; i++)
        if (m == atom_from_cstr(static_nifs[i])) return true;
    for (size_t i = 0; i < bif_count; i++)
        if (bif_table[i].module == m) return true;
    return false;
}

/* The calling module's NIFs: ok when Laser has them built in (OTP's static
 * NIFs: zlib, prim_file, prim_buffer, ...), else the library Path ++ ".so"
 * is loaded (nif.c). */
term bif_erlang_load_nif_2(proc_t *p, const term *args)
{
    char path[4096];
    size_t n = 0;
    term t = args[0];
    for (; term_is_list(t); t = term_cdr(t)) {
        term c = term_car(t);
        if (!term_is_small(c) || term_to_small(c) < 0 || term_to_small(c) > 255 || n + 1 >= sizeof path) BIF_BADARG(p);
        path[n++] = (char)term_to_small(c);
    }
    if (t != NIL || memchr(path, 0, n)) BIF_BADARG(p);
    path[n] = 0;
    /* the caller: where the call is, or (through apply) its CP */
    ld_module_t *mod = module_by_code(p->i);
    if (!mod && p->mem.stop < p->mem.hend) mod = module_by_code((const void *)(uintptr_t)p->mem.stop[0]);
    if (!mod) BIF_BADARG(p);
    if (has_builtin_nifs(mod->name)) return ATOM(ok);
    return nif_load(p, mod, path, args[1]);
}

/* ---- prepared code ---- */

static bool beam_bytes(term t, const uint8_t **data, size_t *len)
{
    if (!term_is_bitstring(t)) return false;
    bin_view_t v;
    bin_view(t, &v);
    if (!bin_view_is_bytes(&v)) return false;
    *data = v.base, *len = v.bitsize / 8;
    return true;
}


typedef struct {
    res_t res;
    ld_module_t *m; /* NULL once installed */
} prepared_t;

static void pc_dtor(res_t *r)
{
    prepared_t *pc = (prepared_t *)r;
    module_free(pc->m);
    free(pc);
}

/* OTP's prepared code is a magic binary that any process may finish (init
 * finishes what erl_prim_loader's workers prepared) and the GC frees: a
 * res.h resource with no owner rule. */
static const res_type_t pc_type = {"prepared_code", pc_dtor, NULL, false};

/* A reference of Mod's code from the .beam in Code, or {error, badfile}. */
term bif_erts_internal_prepare_loading_2(proc_t *p, const term *args)
{
    const uint8_t *data;
    size_t len;
    if (!term_is_atom(args[0]) || !beam_bytes(args[1], &data, &len)) BIF_BADARG(p);
    ld_module_t *m;
    char err[LD_ERRBUF_SIZE];
    if (ld_load_binary(args[0], data, len, &m, err) != 0)
        return heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(error), atom_from_cstr("badfile")});
    prepared_t *pc = calloc(1, sizeof *pc);
    if (!pc) laser_oom("prepared code", sizeof *pc);
    pc->m = m;
    return res_register(proc_heap(p), &pc->res, &pc_type, p->id);
}

static bool prepared(term t, prepared_t **out)
{
    res_t *r;
    if (res_lookup(t, &pc_type, &r) != RES_OK) return false;
    *out = (prepared_t *)r;
    if ((*out)->m) return true;
    res_unref(r);
    return false;
}

term bif_erlang_has_prepared_code_on_load_1(proc_t *p, const term *args)
{
    prepared_t *pc;
    if (!prepared(args[0], &pc)) BIF_BADARG(p);
    term r = pc->m->on_load ? ATOM_true : ATOM_false;
    res_unref(&pc->res);
    return r;
}

static term mod_list(proc_t *p, prepared_t **pcs, const bool *mark, size_t n)
{
    term l = NIL;
    for (size_t i = n; i-- > 0;)
        if (mark[i]) l = heap_make_cons(proc_heap(p), pcs[i]->m->name, l);
    return l;
}

term bif_erlang_finish_loading_1(proc_t *p, const term *args)
{
    size_t n = 0;
    term t = args[0];
    for (; term_is_list(t); t = term_cdr(t)) n++;
    if (t != NIL) BIF_BADARG(p);
    prepared_t **pcs = calloc(n ? n : 1, sizeof *pcs);
    bool *mark = calloc(n ? n : 1, sizeof *mark);
    if (!pcs || !mark) laser_oom("finish_loading", n * sizeof *pcs);
    size_t got = 0;
    term r = THE_NON_VALUE, why = THE_NON_VALUE;
    for (t = args[0]; term_is_list(t); t = term_cdr(t), got++)
        if (!prepared(term_car(t), &pcs[got])) goto out;
    /* all or nothing: duplicates first, then modules whose old code is
     * still there, as erts_finish_loading checks */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (pcs[i]->m->name == pcs[j]->m->name) mark[i] = true, why = atom_from_cstr("duplicated");
    if (why == THE_NON_VALUE)
        for (size_t i = 0; i < n; i++)
            if (module_current(pcs[i]->m->name) && module_old(pcs[i]->m->name))
                mark[i] = true, why = atom_from_cstr("not_purged");
    if (why != THE_NON_VALUE) {
        r = heap_make_tuple(proc_heap(p), 2, (term[]){why, mod_list(p, pcs, mark, n)});
        goto out;
    }
    term on_load = NIL;
    for (size_t i = n; i-- > 0;) {
        ld_module_t *m = pcs[i]->m;
        pcs[i]->m = NULL;
        res_release(&pcs[i]->res);
        term name = m->name;
        vm_thread_module(m);
        bool pending = m->on_load != 0;
        if ((pending ? module_install_pending(m) : module_install(m)) != MODULE_OK) {
            /* lost a race with another loader: the module stays as it was */
            module_free(m);
            continue;
        }
        if (pending) on_load = heap_make_cons(proc_heap(p), name, on_load);
    }
    r = on_load == NIL ? ATOM(ok) : heap_make_tuple(proc_heap(p), 2, (term[]){atom_from_cstr("on_load"), on_load});
out:
    for (size_t i = 0; i < got; i++) res_unref(&pcs[i]->res);
    free(pcs);
    free(mark);
    if (r == THE_NON_VALUE) BIF_BADARG(p);
    return r;
}

/* ---- reading .beam binaries ---- */

/* The named chunk's contents, undefined if the file has none or is not a
 * .beam (erl_features:load_allowed asks for "Meta" before each load). */
term bif_erts_internal_beamfile_chunk_2(proc_t *p, const term *args)
{
    const uint8_t *data;
    size_t len;
    char id[5];
    int n = 0;
    term t = args[1];
    for (; term_is_list(t) && n < 4; t = term_cdr(t)) {
        term c = term_car(t);
        if (!term_is_small(c) || term_to_small(c) < 0 || term_to_small(c) > 255) BIF_BADARG(p);
        id[n++] = (char)term_to_small(c);
    }
    if (!beam_bytes(args[0], &data, &len) || n != 4 || t != NIL) BIF_BADARG(p);
    id[4] = 0;
    beam_file_t bf;
    char err[LD_ERRBUF_SIZE];
    if (beam_parse(data, len, &bf, err, sizeof err) != 0) return ATOM(undefined);
    const beam_span_t *sp = NULL;
    for (int i = 0; i < BEAM_NKNOWN && !sp; i++)
        if (!memcmp(beam_chunk_ids[i], id, 4) && bf.known[i].present) sp = &bf.known[i];
    for (unsigned i = 0; i < bf.num_other && !sp; i++)
        if (!memcmp(bf.other[i].id, id, 4)) sp = &bf.other[i].span;
    if (!sp) return ATOM(undefined);
    return bin_make(proc_heap(p), sp->data, sp->size, NULL);
}

/* module_info(md5) of the module in a .beam binary, undefined if it does
 * not load. */
term bif_erts_internal_beamfile_module_md5_1(proc_t *p, const term *args)
{
    const uint8_t *data;
    size_t len;
    if (!beam_bytes(args[0], &data, &len)) BIF_BADARG(p);
    ld_module_t *m;
    char err[LD_ERRBUF_SIZE];
    if (ld_load_binary(THE_NON_VALUE, data, len, &m, err) != 0) return ATOM(undefined);
    term r = bin_make(proc_heap(p), m->md5, 16, NULL);
    module_free(m);
    return r;
}
