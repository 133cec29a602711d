/*
 * vm_exc.c - stack traces as OTP 25 builds them (erts_build_stacktrace):
 *
 *   [{M, F, ArityOrArgs, Location} ...]   Location = [{file, "m.erl"}, {line, N}]
 *
 * Entries, at most OTP's default backtrace_depth (8):
 *   1. for a failing BIF, {BifM, BifF, Args, [{error_info, #{module => ...}}]}
 *      (erlang and erts_internal BIFs name erl_erts_errors, others erl_stdlib_errors; a
 *      `cause` from p->finfo joins the map); for undef, {M, F, Args, []};
 *   2. the function the failing instruction is in, with the location of
 *      that instruction (its argument list instead of the arity for
 *      function_clause and erlang:error/2,3);
 *   3. one entry per continuation pointer on the stack, innermost first,
 *      located at the call that pushed it, skipping one equal to the CP
 *      before it, as OTP does. Tail calls leave no entry.
 * The bottom continuation (vm.c's exit code) adds the two frames erl's
 * init process shows for code run by -s/-run, when vm_boot_frames is set.
 *
 * The trace is taken raw when an exception is raised (vm_stacktrace) and
 * built into that list when something asks for it (vm_trace_build).
 * Everything is built on proc_heap(p): no collection can happen here.
 */
#include "vm.h"

#include "atom.h"
#include "map.h"
#include "nif.h"

#define TRACE_DEPTH 64 /* erts' MAX_BACKTRACE_SIZE: the most backtrace_depth allows */
_Atomic int vm_backtrace_depth = 8; /* erlang:system_flag(backtrace_depth, N) */

/* A UTF-8 file name as a list of code points (how OTP gives {file, F}). */
static term utf8_list(heap_t *h, const char *s, size_t n)
{
    term cps[512];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 512;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        size_t len = 1;
        if (c >= 0xF0) cp = c & 7, len = 4;
        else if (c >= 0xE0) cp = c & 15, len = 3;
        else if (c >= 0xC0) cp = c & 31, len = 2;
        for (size_t j = 1; j < len && i + j < n; j++) cp = (cp << 6) | ((unsigned char)s[i + j] & 63);
        cps[k++] = term_from_small(cp);
        i += len;
    }
    return heap_make_list(h, cps, k, NIL);
}

static term location(heap_t *h, const ld_module_t *m, size_t pos, term extra)
{
    /* erts' preloaded modules are built into the emulator without line
     * information: erl's traces show {init,start_em,1,[]} */
    if (m->preloaded) return extra;
    uint32_t li = module_line_at(m, pos);
    if (!li || li >= m->num_lines) return extra;
    const ld_line_t *ln = &m->lines[li];
    term file;
    if (ln->file < m->num_files && m->files[ln->file].len) {
        file = utf8_list(h, m->files[ln->file].name, m->files[ln->file].len);
    } else {
        /* no file name (compile:forms without -file): erts says Mod.erl */
        size_t n;
        const uint8_t *mod = atom_text(m->atoms[1], &n);
        char buf[260];
        n = n > 255 ? 255 : n;
        memcpy(buf, mod, n);
        memcpy(buf + n, ".erl", 4);
        file = utf8_list(h, buf, n + 4);
    }
    term f2[2] = {atom_from_cstr("file"), file};
    term l2[2] = {atom_from_cstr("line"), term_from_small(ln->line)};
    term items[2] = {heap_make_tuple(h, 2, f2), heap_make_tuple(h, 2, l2)};
    return heap_make_list(h, items, 2, extra);
}

static term entry(heap_t *h, term m, term f, term a, term loc)
{
    term el[4] = {m, f, a, loc};
    return heap_make_tuple(h, 4, el);
}

/* The entry for the function containing code address pc (located at
 * pos_adjust words before it), or THE_NON_VALUE outside every module. */
static term code_entry(heap_t *h, const void *pc, size_t back, term args, term extra)
{
    ld_module_t *m = module_by_code(pc);
    if (!m) return THE_NON_VALUE;
    size_t pos = (size_t)((const uint64_t *)pc - m->code);
    if (pos >= back) pos -= back;
    const ld_function_t *fn = module_function_at(m, pos);
    if (!fn) return THE_NON_VALUE;
    term a = term_is_value(args) ? args : term_from_small(fn->arity);
    return entry(h, m->name, fn->name, a, location(h, m, pos, extra));
}

bool vm_code_mfa(const void *pc, term *m, term *f, unsigned *arity)
{
    ld_module_t *mod = pc ? module_by_code(pc) : NULL;
    if (!mod) return false;
    const ld_function_t *fn = module_function_at(mod, (size_t)((const uint64_t *)pc - mod->code));
    if (!fn) return false;
    *m = mod->name, *f = fn->name, *arity = fn->arity;
    return true;
}

/* The raw trace: what the list is built from, taken when the exception is
 * raised (the stack is unwound after) but turned into the list only when a
 * handler asks (OTP's save_stacktrace / build_stacktrace): most caught
 * exceptions (throw to a catch, a try without a stacktrace variable)
 * never need it. A tuple, which a built trace (a list) never is:
 *   {Kind, Pc, Mfa, Args, Extra, Finfo, Depth, Cp1, ..., Cpn}
 * Kind, Pc, Mfa, Depth and the continuation pointers as smalls (code
 * addresses and static descriptors, below 2^47 in user space); Args the
 * argument list (BIF, UNDEF, ARGS) or NIL; Finfo the BIF's error cause or
 * NIL. The CPs are the ones in module code, consecutive duplicates
 * dropped, at most Depth. */
enum { RT_KIND, RT_PC, RT_MFA, RT_ARGS, RT_EXTRA, RT_FINFO, RT_DEPTH, RT_CPS };

static term addr_small(const void *a) { return term_from_small((int64_t)(uintptr_t)a); }
static const void *small_addr(term t) { return (const void *)(uintptr_t)term_to_small(t); }

term vm_stacktrace(proc_t *p, const uint64_t *pc, const term *stop, vm_trace_kind_t kind, const void *mfa,
                   const term *args, term extra)
{
    heap_t *h = proc_heap(p);
    term el[RT_CPS + TRACE_DEPTH];
    el[RT_KIND] = term_from_small(kind);
    el[RT_PC] = addr_small(pc);
    el[RT_MFA] = addr_small(mfa);
    el[RT_ARGS] = kind == VM_TRACE_BIF     ? heap_make_list(h, args, ((const bif_info_t *)mfa)->arity, NIL)
                  : kind == VM_TRACE_UNDEF ? heap_make_list(h, args, ((const export_entry_t *)mfa)->arity, NIL)
                  : kind == VM_TRACE_ARGS  ? args[0]
                                           : NIL;
    el[RT_EXTRA] = extra;
    el[RT_FINFO] = kind == VM_TRACE_BIF && term_is_value(p->finfo) ? p->finfo : NIL;
    /* backtrace_depth counts every entry; erts keeps the first even at 0 */
    size_t depth = (size_t)atomic_load_explicit(&vm_backtrace_depth, memory_order_relaxed);
    if (depth == 0) depth = 1;
    el[RT_DEPTH] = term_from_small((int64_t)depth);
    /* OTP records a continuation pointer only when it differs from the one
     * before it (gather_stacktrace: "non-duplicates only"), so recursion
     * through one call site (body recursion, list comprehensions) shows
     * that site once. */
    term prev = kind == VM_TRACE_ARGS ? 0 : (term)(uintptr_t)pc;
    size_t n = 0;
    for (const term *q = stop; q < p->mem.hend && n < depth; q++) {
        term w = *q;
        if (!term_is_header(w) || w == 0 || w == prev) continue;
        prev = w;
        if (module_by_code((const void *)(uintptr_t)w)) el[RT_CPS + n++] = term_from_small((int64_t)w);
    }
    return heap_make_tuple(h, RT_CPS + n, el);
}

term vm_trace_build(proc_t *p, term raw)
{
    if (!term_is_tuple(raw)) return raw; /* built already (erlang:raise/3) */
    const term *r = term_tuple_elems(raw);
    size_t ncps = term_tuple_arity(raw) - RT_CPS;
    vm_trace_kind_t kind = (vm_trace_kind_t)term_to_small(r[RT_KIND]);
    const void *mfa = small_addr(r[RT_MFA]);
    const void *pc = small_addr(r[RT_PC]);
    heap_t *h = proc_heap(p);
    term items[TRACE_DEPTH + 2];
    size_t n = 0;
    term top_args = THE_NON_VALUE;
    bool loaded_nif = kind == VM_TRACE_BIF && nif_is_loaded(mfa);
    if (loaded_nif) {
        /* a NIF of a library is its function: {M, F, Args, []} stands
         * for the stub's frame (erts) */
        const bif_info_t *b = mfa;
        items[n++] = entry(h, b->module, b->name, r[RT_ARGS], NIL);
    } else if (kind == VM_TRACE_BIF) {
        const bif_info_t *b = mfa;
        term keys[2], vals[2];
        size_t nk = 0;
        if (r[RT_FINFO] != NIL) keys[nk] = atom_from_cstr("cause"), vals[nk++] = r[RT_FINFO];
        keys[nk] = atom_from_cstr("module");
        vals[nk++] = atom_from_cstr(b->module == ATOM(erlang) || b->module == atom_from_cstr("erts_internal")
                                        ? "erl_erts_errors"
                                        : "erl_stdlib_errors");
        term ei[2] = {atom_from_cstr("error_info"), map_from_pairs(h, keys, vals, nk)};
        term loc = heap_make_list(h, (term[]){heap_make_tuple(h, 2, ei)}, 1, NIL);
        items[n++] = entry(h, b->module, b->name, r[RT_ARGS], loc);
    } else if (kind == VM_TRACE_UNDEF) {
        const export_entry_t *e = mfa;
        items[n++] = entry(h, e->module, e->function, r[RT_ARGS], NIL);
    } else if (kind == VM_TRACE_ARGS) {
        top_args = r[RT_ARGS];
    }
    term t = loaded_nif ? THE_NON_VALUE : code_entry(h, pc, 0, top_args, r[RT_EXTRA]);
    if (term_is_value(t)) items[n++] = t;
    size_t depth = (size_t)term_to_small(r[RT_DEPTH]);
    if (n > depth) n = depth;
    for (size_t i = 0; i < ncps && n < depth; i++) {
        t = code_entry(h, small_addr(r[RT_CPS + i]), 1, THE_NON_VALUE, NIL);
        if (term_is_value(t)) items[n++] = t;
    }
    return heap_make_list(h, items, n, NIL);
}
