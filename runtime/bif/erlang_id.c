/*
 * erlang_id.c - erlang BIFs on identities and funs (erlang_id.def).
 *
 * Text forms: pid_to_list/1, port_to_list/1, ref_to_list/1 and
 * fun_to_list/1 are erts_printf's %T of the term (print.c writes exactly
 * erl's `<0.80.0>`, `#Port<0.5>`, `#Ref<0.1.2.3>`, `#Fun<m.0.123>`,
 * `fun m:f/1`), as a list of bytes.
 *
 * list_to_pid/port/ref parse those forms as OTP 25's bif.c does (measured
 * on erl): decimal numbers, leading zeros allowed, nothing before or after,
 * every character a byte. The first number is the node's channel: 0 is the
 * local node; any other channel names a node by the index of its name atom
 * and needs a distribution entry for that node, which exists only for a
 * connected node, so without distribution every non-zero channel is badarg
 * (as on an erl that is not connected to the node). Local limits as OTP:
 * pid number < 2^15, serial < 2^13; port number < 2^28; a ref has exactly
 * three numbers, the last < 2^18, the others 32 bits, and the low 16 bits
 * of the middle one (the number of the scheduler that made it) at most the
 * number of schedulers. OTP's default is one scheduler per online core;
 * laser has no scheduler count yet, so that default stands in for it (the
 * scheduler issue must use its +S count here).
 *
 * fun_info/1 is Erlang code in OTP's erlang.erl over fun_info/2; laser's
 * erlang module is all BIFs, so it is here, with the same item order.
 */
#include "bif.h"
#include "bif/erlang_id.h"
#include "node.h"
#include "big.h"
#include "bin.h"
#include "print.h"
#include "res.h"

#include "../../src/export.h"
#include "../../src/funtab.h"
#include "../../src/vm.h"

#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

/* OTP 25's limits for local identifiers (erl_term.h, measured). */
#define ID_PID_NUMBER_MAX 0x7FFFu
#define ID_PID_SERIAL_MAX 0x1FFFu
#define ID_PORT_NUMBER_MAX 0xFFFFFFFu
#define ID_REF_FIRST_MAX 0x3FFFFu
/* OTP's CONTEXT_REDS: bump_reductions/1 charges at most one slice. */
#define ID_CONTEXT_REDS 4000

/* ---- term -> text ---- */

/* The display form of t as a list of bytes on the process heap. */
static term text_list(proc_t *p, term t)
{
    print_buf_t b = {0};
    print_term(&b, t);
    term l = NIL;
    if (b.size) {
        term *hp = heap_alloc(proc_heap(p), 2 * b.size);
        for (size_t i = b.size; i-- > 0;) {
            hp[2 * i] = term_from_small((uint8_t)b.data[i]);
            hp[2 * i + 1] = l;
            l = term_from_list_ptr(hp + 2 * i);
        }
    }
    print_buf_free(&b);
    return l;
}

term bif_erlang_pid_to_list_1(proc_t *p, const term *args)
{
    if (!term_is_pid(args[0])) BIF_BADARG(p);
    return text_list(p, args[0]);
}

term bif_erlang_port_to_list_1(proc_t *p, const term *args)
{
    if (!term_is_port(args[0])) BIF_BADARG(p);
    return text_list(p, args[0]);
}

term bif_erlang_ref_to_list_1(proc_t *p, const term *args)
{
    if (!term_is_ref(args[0])) BIF_BADARG(p);
    return text_list(p, args[0]);
}

term bif_erlang_fun_to_list_1(proc_t *p, const term *args)
{
    if (!term_is_any_fun(args[0])) BIF_BADARG(p);
    return text_list(p, args[0]);
}

/* ---- text -> term ---- */

/* The bytes of a proper list of integers 0..255 into buf (at most cap);
 * false if it is anything else or longer. */
static bool list_bytes(term l, char *buf, size_t cap, size_t *len)
{
    size_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) {
        term c = term_car(l);
        if (!term_is_small(c) || term_to_small(c) < 0 || term_to_small(c) > 255 || n == cap) return false;
        buf[n++] = (char)term_to_small(c);
    }
    if (!term_is_nil(l)) return false;
    *len = n;
    return true;
}

/* Parse `prefix N.N...N>` with exactly want numbers (or, if want is 0,
 * 1..max numbers; their count in *got), each at most 32 bits except the
 * first, which is the channel. */
static bool parse_id(const char *s, size_t n, const char *prefix, uint64_t *nums, size_t min, size_t max,
                     size_t *got)
{
    size_t k = strlen(prefix), i, cnt = 0;
    if (n < k || memcmp(s, prefix, k)) return false;
    i = k;
    for (;;) {
        if (i == n || s[i] < '0' || s[i] > '9') return false;
        uint64_t v = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (uint64_t)(s[i] - '0');
            if (v > UINT64_C(0xFFFFFFFFFFFF)) return false; /* far beyond every limit */
            i++;
        }
        if (cnt == max) return false;
        nums[cnt++] = v;
        if (i == n) return false;
        if (s[i] == '>') {
            i++;
            break;
        }
        if (s[i] != '.') return false;
        i++;
    }
    if (i != n || cnt < min) return false;
    *got = cnt;
    return true;
}

#define ID_TEXT_MAX 128

/* See the top of the file: OTP's default scheduler count. */
static uint64_t id_schedulers(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (uint64_t)n : 1;
}

term bif_erlang_list_to_pid_1(proc_t *p, const term *args)
{
    char s[ID_TEXT_MAX];
    size_t n, cnt;
    uint64_t v[3];
    if (!list_bytes(args[0], s, sizeof s, &n) || !parse_id(s, n, "<", v, 3, 3, &cnt)) BIF_BADARG(p);
    if (v[0] != 0 || v[1] > ID_PID_NUMBER_MAX || v[2] > ID_PID_SERIAL_MAX) BIF_BADARG(p);
    return term_make_pid((uint32_t)v[1], (uint32_t)v[2]);
}

term bif_erlang_list_to_port_1(proc_t *p, const term *args)
{
    char s[ID_TEXT_MAX];
    size_t n, cnt;
    uint64_t v[2];
    if (!list_bytes(args[0], s, sizeof s, &n) || !parse_id(s, n, "#Port<", v, 2, 2, &cnt)) BIF_BADARG(p);
    if (v[0] != 0 || v[1] > ID_PORT_NUMBER_MAX) BIF_BADARG(p);
    return term_make_local_port(v[1]);
}

term bif_erlang_list_to_ref_1(proc_t *p, const term *args)
{
    char s[ID_TEXT_MAX];
    size_t n, cnt;
    uint64_t v[1 + REF_NUMBERS];
    if (!list_bytes(args[0], s, sizeof s, &n) || !parse_id(s, n, "#Ref<", v, 1 + REF_NUMBERS, 1 + REF_NUMBERS, &cnt))
        BIF_BADARG(p);
    if (v[0] != 0) BIF_BADARG(p);
    for (size_t i = 1; i <= REF_NUMBERS; i++)
        if (v[i] > UINT32_MAX) BIF_BADARG(p);
    /* a live resource's text: its magic reference, as erts' lookup in the
     * magic ref table */
    uint32_t nums[REF_NUMBERS];
    for (size_t i = 0; i < REF_NUMBERS; i++) nums[i] = (uint32_t)v[REF_NUMBERS - i];
    term m = res_revive(proc_heap(p), nums);
    if (term_is_value(m)) return m;
    /* the text shows the numbers highest first */
    if (v[REF_NUMBERS] > ID_REF_FIRST_MAX) BIF_BADARG(p);
    if ((v[REF_NUMBERS - 1] & 0xFFFF) > id_schedulers()) BIF_BADARG(p);
    term *r = heap_alloc(proc_heap(p), 3);
    r[0] = hdr_make(2, HDR_REF);
    r[1] = r[2] = 0;
    uint32_t *num = (uint32_t *)(r + 1);
    for (size_t i = 0; i < REF_NUMBERS; i++) num[i] = (uint32_t)v[REF_NUMBERS - i];
    return term_from_boxed_ptr(r);
}

/* ---- funs ---- */

static term tuple2(proc_t *p, term a, term b)
{
    term *hp = heap_alloc(proc_heap(p), 3);
    hp[0] = hdr_make(2, HDR_TUPLE);
    hp[1] = a;
    hp[2] = b;
    return term_from_boxed_ptr(hp);
}

/* The value of one fun_info item, or THE_NON_VALUE if item is not one. */
static term fun_item(proc_t *p, term f, term item)
{
    if (term_is_export(f)) {
        const export_entry_t *ep = ((const term_export_t *)term_boxed_ptr(f))->ep;
        if (item == ATOM(module)) return ep->module;
        if (item == ATOM(name)) return ep->function;
        if (item == ATOM(arity)) return term_from_small(ep->arity);
        if (item == ATOM(env)) return NIL;
        if (item == ATOM(type)) return ATOM(external);
        if (item == ATOM(index) || item == ATOM(new_index) || item == ATOM(new_uniq) || item == ATOM(uniq) ||
            item == ATOM(pid) || item == ATOM(refc))
            return ATOM(undefined);
        return THE_NON_VALUE;
    }
    const term_fun_t *fn = (const term_fun_t *)term_boxed_ptr(f);
    const fun_entry_t *e = fn->entry;
    if (item == ATOM(module)) return e->module;
    /* the implementing function is known once its module is loaded */
    if (item == ATOM(name)) return term_is_atom(e->name) ? e->name : ATOM(undefined);
    if (item == ATOM(arity)) return term_from_small(fn->arity);
    if (item == ATOM(env)) return heap_make_list(proc_heap(p), fn->env, fn->num_free, NIL);
    if (item == ATOM(index)) return term_from_small(e->old_index);
    if (item == ATOM(new_index)) return term_from_small(e->index);
    if (item == ATOM(new_uniq)) return bin_make(proc_heap(p), e->uniq, sizeof e->uniq, NULL);
    if (item == ATOM(uniq)) return term_from_small(e->old_uniq);
    if (item == ATOM(pid)) return fn->creator;
    if (item == ATOM(type)) return ATOM(local);
    if (item == ATOM(refc)) return term_from_small((int64_t)atomic_load(&((fun_entry_t *)e)->refc));
    return THE_NON_VALUE;
}

term bif_erlang_fun_info_2(proc_t *p, const term *args)
{
    if (!term_is_any_fun(args[0]) || !term_is_atom(args[1])) BIF_BADARG(p);
    term v = fun_item(p, args[0], args[1]);
    if (!term_is_value(v)) BIF_BADARG(p);
    return tuple2(p, args[1], v);
}

/* OTP's erlang:fun_info/1 (erlang.erl): these items in this order. */
term bif_erlang_fun_info_1(proc_t *p, const term *args)
{
    static const int local_items[] = {ATOM_IDX_pid,  ATOM_IDX_module, ATOM_IDX_new_index, ATOM_IDX_new_uniq,
                                      ATOM_IDX_index, ATOM_IDX_uniq,  ATOM_IDX_name,      ATOM_IDX_arity,
                                      ATOM_IDX_env,   ATOM_IDX_type};
    static const int ext_items[] = {ATOM_IDX_module, ATOM_IDX_name, ATOM_IDX_arity, ATOM_IDX_env, ATOM_IDX_type};
    if (!term_is_any_fun(args[0])) BIF_BADARG(p);
    bool ext = term_is_export(args[0]);
    const int *items = ext ? ext_items : local_items;
    size_t n = ext ? sizeof ext_items / sizeof ext_items[0] : sizeof local_items / sizeof local_items[0];
    term elems[10];
    for (size_t i = 0; i < n; i++) {
        term item = term_from_atom_index((uint64_t)items[i]);
        elems[i] = tuple2(p, item, fun_item(p, args[0], item));
    }
    return heap_make_list(proc_heap(p), elems, n, NIL);
}

term bif_erlang_fun_info_mfa_1(proc_t *p, const term *args)
{
    if (!term_is_any_fun(args[0])) BIF_BADARG(p);
    term m = fun_item(p, args[0], ATOM(module)), f = fun_item(p, args[0], ATOM(name)),
         a = fun_item(p, args[0], ATOM(arity));
    term *hp = heap_alloc(proc_heap(p), 4);
    hp[0] = hdr_make(3, HDR_TUPLE);
    hp[1] = m;
    hp[2] = f;
    hp[3] = a;
    return term_from_boxed_ptr(hp);
}

/* make_fun(M, F, A): `fun M:F/A`; the export term lives with its entry. */
term bif_erlang_make_fun_3(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || !term_is_atom(args[1]) || !term_is_small(args[2]) || term_to_small(args[2]) < 0 ||
        term_to_small(args[2]) > 255)
        BIF_BADARG(p);
    return export_fun_term(export_put(args[0], args[1], (uint32_t)term_to_small(args[2])));
}

/* ---- is_builtin ---- */

/* Laser implements these as BIFs (for speed, or because its erlang module
 * is all BIFs, or as interim stand-ins before the OTP boot), but in OTP 25
 * they are plain Erlang functions (erlang.erl, init.erl), and is_builtin/3
 * must answer as OTP: false. Checked against erl by the conformance program
 * std_erlang_id over every BIF laser declares. */
static const struct {
    const char *module, *name;
    unsigned arity;
} not_builtin_in_otp[] = {
    {"erlang", "min", 2},
    {"erlang", "max", 2},
    {"erlang", "atom_to_binary", 1},
    {"erlang", "binary_to_atom", 1},
    {"erlang", "binary_to_existing_atom", 1},
    {"erlang", "fun_info", 1},
    {"erlang", "halt", 0},
    {"erlang", "halt", 1},
    {"erlang", "convert_time_unit", 3},
    {"erlang", "memory", 0},
    {"erlang", "memory", 1},
    /* the whole module: laser implements zlib's NIFs as BIFs, and OTP's
     * is_builtin/3 is false for every NIF */
    {"zlib", NULL, 0},
};

static bool name_is(term a, const char *s)
{
    size_t n;
    const uint8_t *t = atom_text(a, &n);
    return n == strlen(s) && !memcmp(t, s, n);
}

term bif_erlang_is_builtin_3(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || !term_is_atom(args[1]) || !term_is_small(args[2])) BIF_BADARG(p);
    int64_t ar = term_to_small(args[2]);
    if (ar < 0 || ar > 255) return ATOM_false;
    unsigned arity = (unsigned)ar;
    for (size_t i = 0; i < sizeof not_builtin_in_otp / sizeof not_builtin_in_otp[0]; i++)
        if (name_is(args[0], not_builtin_in_otp[i].module) &&
            (!not_builtin_in_otp[i].name ||
             (arity == not_builtin_in_otp[i].arity && name_is(args[1], not_builtin_in_otp[i].name))))
            return ATOM_false;
    /* apply/2,3 are export stubs of the interpreter, BIFs in OTP */
    if (args[0] == ATOM(erlang) && args[1] == ATOM(apply) && (arity == 2 || arity == 3)) return ATOM_true;
    const bif_info_t *b = bif_lookup(args[0], args[1], arity);
    return b && !(b->flags & BIF_F_NIF) ? ATOM_true : ATOM_false;
}

/* bump_reductions(N): charge N reductions (at most one slice, as OTP). */
term bif_erlang_bump_reductions_1(proc_t *p, const term *args)
{
    if (!term_is_small(args[0]) || term_to_small(args[0]) < 0) BIF_BADARG(p);
    int64_t n = term_to_small(args[0]);
    p->reds += (uint64_t)(n > ID_CONTEXT_REDS ? ID_CONTEXT_REDS : n);
    return ATOM_true;
}

/* node/0,1: local identifiers are on this node (nonode@nohost until
 * distribution starts); an external one names its node. */
term bif_erlang_node_0(proc_t *p, const term *args)
{
    (void)p, (void)args;
    return node_local_name();
}

term bif_erlang_node_1(proc_t *p, const term *args)
{
    term t = args[0];
    if (term_is_local_pid(t) || term_is_local_port(t) || term_is_local_ref(t)) return node_local_name();
    if (term_is_ext_pid(t) || term_is_ext_port(t) || term_is_ext_ref(t))
        return ((term_external_t *)term_boxed_ptr(t))->node->name;
    BIF_BADARG(p);
}

/* ---- erlang:unique_integer/0,1 ---- */

/* Two VM-wide counters, as erts keeps: one for monotonic values (strictly
 * increasing in the order the calls happen), one for merely unique ones.
 * Without `positive` a value starts at the least small integer, so the
 * first million fit a word as erl's do; with it, at 1. */
static _Atomic int64_t uniq_mono, uniq_plain;

term id_unique_integer(heap_t *h, bool positive, bool monotonic)
{
    int64_t n = atomic_fetch_add_explicit(monotonic ? &uniq_mono : &uniq_plain, 1, memory_order_relaxed);
    return big_from_int64(h, positive ? n + 1 : MIN_SMALL + n);
}

static term unique(proc_t *p, bool positive, bool monotonic) { return id_unique_integer(proc_heap(p), positive, monotonic); }

term bif_erlang_unique_integer_0(proc_t *p, const term *args)
{
    (void)args;
    return unique(p, false, false);
}

term bif_erlang_unique_integer_1(proc_t *p, const term *args)
{
    bool positive = false, monotonic = false;
    term l = args[0];
    for (; term_is_list(l); l = term_cdr(l)) {
        if (term_car(l) == atom_from_cstr("positive")) positive = true;
        else if (term_car(l) == atom_from_cstr("monotonic")) monotonic = true;
        else BIF_BADARG(p);
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    return unique(p, positive, monotonic);
}
