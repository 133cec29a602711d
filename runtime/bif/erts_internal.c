/*
 * erts_internal.c - erts_internal BIFs the boot needs (erts_internal.def).
 */
#include "bif/erts_internal.h"

#include "bif.h"
#include "hash.h"
#include "map.h"
#include "dist.h"
#include "node.h"
#include "scheduler.h"

#include <string.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

/* System processes (OTP's ERTS_SPO_SYSTEM_PROC): init leaves them alone
 * when it kills the others at a restart or stop. Few and long-lived: a
 * list of pids (a dead one is never equal to a new pid: serials grow). */
static pthread_mutex_t sys_lock = PTHREAD_MUTEX_INITIALIZER;
static term *sys_pids;
static size_t sys_n, sys_cap;

term bif_erts_internal_spawn_system_process_3(proc_t *p, const term *args)
{
    term pid = bif_erlang_spawn_3(p, args);
    if (!term_is_value(pid)) return pid;
    pthread_mutex_lock(&sys_lock);
    if (sys_n == sys_cap) {
        sys_cap = sys_cap ? 2 * sys_cap : 16;
        sys_pids = realloc(sys_pids, sys_cap * sizeof *sys_pids);
        if (!sys_pids) laser_oom("system processes", sys_cap * sizeof *sys_pids);
    }
    sys_pids[sys_n++] = pid;
    pthread_mutex_unlock(&sys_lock);
    return pid;
}

term bif_erts_internal_is_system_process_1(proc_t *p, const term *args)
{
    if (!term_is_pid(args[0])) BIF_BADARG(p);
    bool found = false;
    pthread_mutex_lock(&sys_lock);
    for (size_t i = 0; i < sys_n && !found; i++) found = sys_pids[i] == args[0];
    pthread_mutex_unlock(&sys_lock);
    return found ? ATOM_true : ATOM_false;
}

/* process_flag(monitor_nodes, Bool) and ({monitor_nodes, Opts}, Bool),
 * Opts net_kernel's map (list => true for monitor_nodes/2's list form,
 * connection_id, node_type => visible | hidden | all, nodedown_reason):
 * subscriptions counted per process and option set: true adds one, false
 * drops them all, and the count before is the result, as erts. What each
 * subscription asks for is kept as bits (dist.c's nodeup/nodedown
 * messages, erts_internal_nodes_notify). */
enum { NS_OPTS = 1, NS_LIST = 2, NS_CID = 4, NS_TYPE = 8, NS_REASON = 16, NS_HIDDEN_ONLY = 32 };
typedef struct {
    term pid;
    uint32_t opts_hash;
    uint32_t count;
    unsigned bits;
} node_sub_t;
static node_sub_t *subs;
static size_t subs_n, subs_cap;

static unsigned sub_bits(term opts)
{
    if (opts == NIL) return 0;
    unsigned b = NS_OPTS;
    if (!term_is_map(opts)) return b;
    term v;
    if (term_is_value(v = map_get(opts, atom_from_cstr("list"))) && v == ATOM_true) b |= NS_LIST;
    if (term_is_value(v = map_get(opts, atom_from_cstr("connection_id"))) && v == ATOM_true) b |= NS_CID;
    if (term_is_value(v = map_get(opts, atom_from_cstr("nodedown_reason"))) && v == ATOM_true) b |= NS_REASON;
    if (term_is_value(v = map_get(opts, atom_from_cstr("node_type")))) {
        b |= NS_TYPE;
        if (v == atom_from_cstr("hidden")) b |= NS_HIDDEN_ONLY;
    }
    return b;
}

bool erts_internal_monitor_nodes_flag(proc_t *p, term f, term v, term *result)
{
    term opts;
    if (f == atom_from_cstr("monitor_nodes")) opts = NIL;
    else if (term_is_tuple(f) && term_tuple_arity(f) == 2 && term_tuple_elems(f)[0] == atom_from_cstr("monitor_nodes") &&
             (term_is_list(term_tuple_elems(f)[1]) || term_tuple_elems(f)[1] == NIL || term_is_map(term_tuple_elems(f)[1])))
        opts = term_tuple_elems(f)[1];
    else return false;
    if (v != ATOM_true && v != ATOM_false) {
        *result = proc_raise(p, EXC_ERROR, ATOM(badarg));
        return true;
    }
    uint32_t h = hash_phash2(opts);
    pthread_mutex_lock(&sys_lock);
    node_sub_t *s = NULL;
    for (size_t i = 0; i < subs_n && !s; i++)
        if (subs[i].pid == p->id && subs[i].opts_hash == h) s = &subs[i];
    uint32_t old = s ? s->count : 0;
    if (v == ATOM_true) {
        if (!s) {
            if (subs_n == subs_cap) {
                subs_cap = subs_cap ? 2 * subs_cap : 16;
                subs = realloc(subs, subs_cap * sizeof *subs);
                if (!subs) laser_oom("node monitors", subs_cap * sizeof *subs);
            }
            s = &subs[subs_n++];
            *s = (node_sub_t){p->id, h, 0, sub_bits(opts)};
        }
        s->count++;
    } else if (s) {
        s->count = 0; /* false drops them all */
    }
    pthread_mutex_unlock(&sys_lock);
    *result = term_from_small(old);
    return true;
}

void erts_internal_nodes_notify(term node, bool up, int64_t conn_id, term reason)
{
    pthread_mutex_lock(&sys_lock);
    size_t n = subs_n;
    node_sub_t *copy = n ? malloc(n * sizeof *copy) : NULL;
    if (n && !copy) laser_oom("node monitors", n * sizeof *copy);
    if (n) memcpy(copy, subs, n * sizeof *copy);
    pthread_mutex_unlock(&sys_lock);
    term tag = atom_from_cstr(up ? "nodeup" : "nodedown");
    for (size_t i = 0; i < n; i++) {
        node_sub_t *s = &copy[i];
        if (!s->count || (s->bits & NS_HIDDEN_ONLY)) continue; /* laser's connections are visible */
        heap_t h;
        heap_init(&h);
        term msg;
        if (!(s->bits & NS_OPTS)) {
            msg = heap_make_tuple(&h, 2, (term[]){tag, node});
        } else {
            term keys[3], vals[3];
            size_t k = 0;
            if (s->bits & NS_CID) keys[k] = atom_from_cstr("connection_id"), vals[k++] = term_from_small(conn_id);
            if (s->bits & NS_TYPE) keys[k] = atom_from_cstr("node_type"), vals[k++] = atom_from_cstr("visible");
            if (!up && (s->bits & NS_REASON)) keys[k] = atom_from_cstr("nodedown_reason"), vals[k++] = reason;
            term info;
            if (s->bits & NS_LIST) {
                info = NIL;
                for (size_t j = k; j-- > 0;) info = heap_make_cons(&h, heap_make_tuple(&h, 2, (term[]){keys[j], vals[j]}), info);
            } else {
                info = map_from_pairs(&h, keys, vals, k);
            }
            msg = heap_make_tuple(&h, 3, (term[]){tag, node, info});
        }
        for (uint32_t c = 0; c < s->count; c++) sched_send(NULL, s->pid, msg);
        heap_free(&h);
    }
    free(copy);
}

/* ---- erlang:nodes/0,1,2 ----
 * Connected nodes are visible (laser never connects hidden). */
enum { NK_VISIBLE = 1, NK_HIDDEN = 2, NK_THIS = 4 };
static int nodes_arg(term a)
{
    static const char *const kinds[] = {"visible", "hidden", "connected", "this", "known"};
    static const int bits[] = {NK_VISIBLE, NK_HIDDEN, NK_VISIBLE | NK_HIDDEN, NK_THIS, NK_VISIBLE | NK_HIDDEN | NK_THIS};
    if (term_is_list(a) || a == NIL) {
        int r = 0;
        term l = a;
        for (; term_is_list(l); l = term_cdr(l)) {
            int k = nodes_arg(term_car(l));
            if (k < 0 || term_is_list(term_car(l))) return -1;
            r |= k;
        }
        return l == NIL ? r : -1;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (a == atom_from_cstr(kinds[i])) return bits[i];
    return -1;
}

/* The nodes of kind k, this node first (as erts lists it). */
static size_t nodes_of(int k, term **out)
{
    size_t n = (k & NK_VISIBLE) ? dist_nodes(NULL, 0) : 0;
    term *v = malloc((n + 1) * sizeof *v);
    if (!v) laser_oom("nodes", (n + 1) * sizeof *v);
    size_t m = 0;
    if (k & NK_THIS) v[m++] = node_local_name();
    if (k & NK_VISIBLE) {
        size_t got = dist_nodes(v + m, n);
        m += got < n ? got : n;
    }
    *out = v;
    return m;
}

term bif_erlang_nodes_0(proc_t *p, const term *args)
{
    (void)args;
    term *v;
    size_t n = nodes_of(NK_VISIBLE, &v);
    term r = heap_make_list(proc_heap(p), v, n, NIL);
    free(v);
    return r;
}

term bif_erlang_nodes_1(proc_t *p, const term *args)
{
    int k = nodes_arg(args[0]);
    if (k < 0) BIF_BADARG(p);
    term *v;
    size_t n = nodes_of(k, &v);
    term r = heap_make_list(proc_heap(p), v, n, NIL);
    free(v);
    return r;
}

/* Info keys: connection_id (undefined for this node) and node_type. */
term bif_erlang_nodes_2(proc_t *p, const term *args)
{
    int k = nodes_arg(args[0]);
    term opts = args[1];
    if (k < 0 || !term_is_map(opts)) BIF_BADARG(p);
    term cid = atom_from_cstr("connection_id"), nt = atom_from_cstr("node_type");
    term want_cid = map_get(opts, cid), want_nt = map_get(opts, nt);
    if (map_size(opts) != (term_is_value(want_cid) ? 1u : 0u) + (term_is_value(want_nt) ? 1u : 0u)) BIF_BADARG(p);
    if (term_is_value(want_cid) && want_cid != ATOM_true && want_cid != ATOM_false) BIF_BADARG(p);
    if (term_is_value(want_nt) && want_nt != ATOM_true && want_nt != ATOM_false) BIF_BADARG(p);
    term *v;
    size_t n = nodes_of(k, &v);
    heap_t *h = proc_heap(p);
    term r = NIL;
    for (size_t i = n; i-- > 0;) {
        term keys[2], vals[2];
        size_t m = 0;
        bool me = v[i] == node_local_name();
        if (want_cid == ATOM_true) {
            int64_t c = me ? -1 : dist_conn_id(v[i]);
            keys[m] = cid, vals[m++] = c < 0 ? ATOM(undefined) : term_from_small(c);
        }
        if (want_nt == ATOM_true) keys[m] = nt, vals[m++] = atom_from_cstr(me ? "this" : "visible");
        term info = map_from_pairs(h, keys, vals, m);
        r = heap_make_cons(h, heap_make_tuple(h, 2, (term[]){v[i], info}), r);
    }
    free(v);
    return r;
}

/* ---- erts_debug:size/1's helpers: the object kinds of the heap ---- */

static term am(const char *s) { return atom_from_cstr(s); }

term bif_erts_internal_term_type_1(proc_t *p, const term *args)
{
    (void)p;
    term t = args[0];
    if (term_is_list(t)) return am("list");
    if (term_is_boxed(t)) {
        switch (hdr_subtag(term_boxed_header(t))) {
        case HDR_TUPLE: return am("tuple");
        case HDR_MATCHSTATE: return am("matchstate");
        case HDR_POS_BIG:
        case HDR_NEG_BIG: return am("bignum");
        case HDR_REF: return am("reference");
        case HDR_FUN: return am("fun");
        case HDR_FLOAT: return am("hfloat");
        case HDR_EXPORT: return am("export");
        case HDR_REFC_BIN: return am("refc_binary");
        case HDR_HEAP_BIN: return am("heap_binary");
        case HDR_SUB_BIN: return am("sub_binary");
        case HDR_EXT_PID: return am("external_pid");
        case HDR_EXT_PORT: return am("external_port");
        case HDR_EXT_REF: return am("external_reference");
        default: break;
        }
        map_obj_t k = map_obj_kind(t);
        return am(k == MAP_OBJ_FLAT ? "flatmap" : k == MAP_OBJ_HEAD ? "hashmap" : "hashmap_node");
    }
    if (term_is_small(t)) return am("fixnum");
    if (term_is_local_pid(t)) return am("pid");
    if (term_is_local_port(t)) return am("port");
    if (term_is_atom(t)) return am("atom");
    if (term_is_catch(t)) return am("catch");
    return am("nil");
}

/* The keys tuple of a flatmap (shared, as erts returns it). */
term bif_erts_internal_map_to_tuple_keys_1(proc_t *p, const term *args)
{
    if (!term_is_map(args[0])) BIF_ERROR(p, heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(badmap), args[0]}));
    if (map_obj_kind(args[0]) != MAP_OBJ_FLAT) BIF_BADARG(p);
    return term_boxed_ptr(args[0])[2];
}

/* The children of a HAMT head or inner node, last slot first (erts'
 * order): leaves [K|V] and inner nodes, which erts_debug:size/1 keeps in
 * lists and tuples only. */
term bif_erts_internal_map_hashmap_children_1(proc_t *p, const term *args)
{
    if (!term_is_map(args[0])) BIF_ERROR(p, heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(badmap), args[0]}));
    if (map_obj_kind(args[0]) == MAP_OBJ_FLAT) BIF_BADARG(p);
    const term *kids;
    size_t n = map_node_kids(args[0], &kids);
    heap_t *h = proc_heap(p);
    term r = NIL;
    for (size_t i = 0; i < n; i++) r = heap_make_cons(h, kids[i], r);
    return r;
}
