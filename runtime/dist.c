/*
 * dist.c - distribution connections and their control messages (see
 * dist.h). The protocol facts are OTP 25's (erts' dist.h and erl_dist.c,
 * the distribution protocol chapter of erts' documentation).
 *
 * Locks: dist_lock guards the connection list and every entry. It is never
 * held while a port's lock is taken (input runs under the port's lock and
 * takes dist_lock), nor while signals are sent to local processes. Output
 * of one connection keeps its order: while queued output is being written
 * (a pending connection that just came up), later output joins the queue.
 */
#include "dist.h"

#include "atom.h"
#include "bif.h"
#include "bif/erlang_proc.h"
#include "bif/erts_internal.h"
#include "copy.h"
#include "etf.h"
#include "inet.h"
#include "node.h"
#include "scheduler.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Control message opcodes (erts' dist.h). */
enum {
    DOP_LINK = 1, DOP_SEND = 2, DOP_EXIT = 3, DOP_UNLINK = 4, DOP_REG_SEND = 6, DOP_GROUP_LEADER = 7,
    DOP_EXIT2 = 8, DOP_SEND_TT = 12, DOP_EXIT_TT = 13, DOP_REG_SEND_TT = 16, DOP_EXIT2_TT = 18,
    DOP_MONITOR_P = 19, DOP_DEMONITOR_P = 20, DOP_MONITOR_P_EXIT = 21, DOP_SEND_SENDER = 22,
    DOP_SEND_SENDER_TT = 23, DOP_PAYLOAD_EXIT = 24, DOP_PAYLOAD_EXIT_TT = 25, DOP_PAYLOAD_EXIT2 = 26,
    DOP_PAYLOAD_EXIT2_TT = 27, DOP_PAYLOAD_MONITOR_P_EXIT = 28, DOP_SPAWN_REQUEST = 29,
    DOP_SPAWN_REQUEST_TT = 30, DOP_SPAWN_REPLY = 31, DOP_SPAWN_REPLY_TT = 32, DOP_ALIAS_SEND = 33,
    DOP_ALIAS_SEND_TT = 34, DOP_UNLINK_ID = 35, DOP_UNLINK_ID_ACK = 36,
};
#define PASS_THROUGH 'p'
#define SPAWN_FLAG_LINK 1
#define SPAWN_FLAG_MONITOR 2

enum { DE_IDLE, DE_PENDING, DE_UP };

typedef struct { term local, remote; } dlink_t;
/* A monitor a local process holds on a remote one (target: the interned
 * pid, or the name; NIL while a spawn_request's child is not known). */
typedef struct { term watcher; uint32_t ref[3]; term target; bool by_name; } omon_t;
/* A monitor a remote process holds on a local one. */
typedef struct { term watcher, target; uint32_t ref[3]; } imon_t;
/* An outstanding spawn_request of a local process. */
typedef struct { term from; uint32_t ref[3]; term tag; bool ok, err, monitor; } sreq_t;
typedef struct { term pid; uint32_t count; } nmon_t;

#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_PUSH(vec, x)                                                                         \
    do {                                                                                         \
        if ((vec).n == (vec).cap) {                                                              \
            (vec).cap = (vec).cap ? 2 * (vec).cap : 8;                                           \
            (vec).v = realloc((vec).v, (vec).cap * sizeof *(vec).v);                             \
            if (!(vec).v) laser_oom("distribution table", (vec).cap * sizeof *(vec).v);          \
        }                                                                                        \
        (vec).v[(vec).n++] = (x);                                                                \
    } while (0)
#define VEC_DEL(vec, i) ((vec).v[i] = (vec).v[--(vec).n])

typedef struct dent {
    struct dent *next;
    term node;
    int state;
    int64_t conn_id;
    uint64_t flags;
    uint32_t creation;
    port_t *port;
    term port_id;
    bool flushing;
    etf_buf_t q; /* queued frames: 4-byte length + data each */
    uint64_t in_cnt, out_cnt;
    VEC(dlink_t) links;
    VEC(omon_t) omons;
    VEC(imon_t) imons;
    VEC(sreq_t) sreqs;
    VEC(nmon_t) nmons;
} dent_t;

static pthread_mutex_t dist_lock = PTHREAD_MUTEX_INITIALIZER;
static dent_t *dents;
static int64_t next_conn_id = 1;
/* The controller port whose lock this thread holds (dist_input): output to
 * it is written without taking the lock again. */
static __thread port_t *tl_port;

static term a(const char *s) { return atom_from_cstr(s); }

static bool is_proper_list(term l)
{
    while (term_is_list(l)) l = term_cdr(l);
    return l == NIL;
}

static size_t list_length(term l)
{
    size_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) n++;
    return n;
}

static dent_t *dent_find(term node)
{
    for (dent_t *d = dents; d; d = d->next)
        if (d->node == node) return d;
    return NULL;
}

static dent_t *dent_get(term node)
{
    dent_t *d = dent_find(node);
    if (d) return d;
    d = calloc(1, sizeof *d);
    if (!d) laser_oom("distribution entry", sizeof *d);
    d->node = node;
    d->next = dents;
    dents = d;
    return d;
}

static dent_t *dent_of_port(port_t *pt)
{
    for (dent_t *d = dents; d; d = d->next)
        if (d->port == pt && d->state == DE_UP) return d;
    return NULL;
}

static term node_of(term t) { return ((term_external_t *)term_boxed_ptr(t))->node->name; }

/* ---- interned remote pids ---- */
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static heap_t intern_heap;
static term *intern_tab;
static size_t intern_n, intern_cap;

static bool ext_same(term a1, term b)
{
    const term_external_t *x = (const term_external_t *)term_boxed_ptr(a1), *y = (const term_external_t *)term_boxed_ptr(b);
    return x->node == y->node && x->data[0] == y->data[0] && x->data[1] == y->data[1];
}

term dist_intern_pid(term t)
{
    if (!term_is_ext_pid(t)) return t;
    pthread_mutex_lock(&intern_lock);
    size_t h = 0;
    term r = THE_NON_VALUE;
    if (intern_cap) {
        const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
        h = ((uintptr_t)e->node * 31u + e->data[0] * 7u + e->data[1]) & (intern_cap - 1);
        for (size_t i = h; intern_tab[i]; i = (i + 1) & (intern_cap - 1))
            if (ext_same(intern_tab[i], t)) {
                r = intern_tab[i];
                break;
            }
    }
    if (!term_is_value(r)) {
        if (2 * (intern_n + 1) > intern_cap) {
            size_t nc = intern_cap ? 2 * intern_cap : 64;
            term *nt = calloc(nc, sizeof *nt);
            if (!nt) laser_oom("interned pids", nc * sizeof *nt);
            for (size_t i = 0; i < intern_cap; i++) {
                if (!intern_tab[i]) continue;
                const term_external_t *e = (const term_external_t *)term_boxed_ptr(intern_tab[i]);
                size_t k = ((uintptr_t)e->node * 31u + e->data[0] * 7u + e->data[1]) & (nc - 1);
                while (nt[k]) k = (k + 1) & (nc - 1);
                nt[k] = intern_tab[i];
            }
            free(intern_tab);
            intern_tab = nt;
            intern_cap = nc;
        }
        const term_external_t *e = (const term_external_t *)term_boxed_ptr(t);
        h = ((uintptr_t)e->node * 31u + e->data[0] * 7u + e->data[1]) & (intern_cap - 1);
        while (intern_tab[h]) h = (h + 1) & (intern_cap - 1);
        r = copy_term(&intern_heap, t);
        intern_tab[h] = r;
        intern_n++;
    }
    pthread_mutex_unlock(&intern_lock);
    return r;
}

/* An external ref on node n with the numbers ref (a local one if n is
 * this node). */
static term make_ref_on(heap_t *h, term_node_t *n, const uint32_t ref[3])
{
    if (!n) return sched_make_ref(h, ref);
    term *p = heap_alloc(h, 3 + 2);
    term_external_t *e = (term_external_t *)p;
    e->header = hdr_make(2 + 2, HDR_EXT_REF);
    node_retain(n);
    e->node = n;
    memset(e->data, 0, 2 * sizeof(term));
    memcpy(e->data, ref, 3 * sizeof(uint32_t));
    heap_link_offheap(h, (term_offheap_hdr_t *)e);
    return term_from_boxed_ptr(p);
}

static bool ref3(term r, uint32_t out[3])
{
    if (term_is_local_ref(r)) {
        memcpy(out, term_ref_numbers(r), 3 * sizeof(uint32_t));
        return true;
    }
    if (!term_is_ext_ref(r)) return false;
    const term_external_t *e = (const term_external_t *)term_boxed_ptr(r);
    size_t n32 = (term_boxed_header(r) >> HDR_ARITY_SHIFT) * 2 - 4;
    if (n32 < 3) return false;
    memcpy(out, e->data, 3 * sizeof(uint32_t));
    return true;
}

/* ---- output ---- */

bool dist_frame_encode(term ctl, term payload, etf_buf_t *out)
{
    etf_buf_t c = {0}, m = {0};
    bool ok = etf_encode(ctl, NULL, &c) == 0 && (!term_is_value(payload) || etf_encode(payload, NULL, &m) == 0);
    if (ok) {
        size_t n = 1 + c.size + m.size;
        out->data = malloc(n + 4);
        if (!out->data) laser_oom("distribution message", n + 4);
        out->data[0] = (uint8_t)(n >> 24), out->data[1] = (uint8_t)(n >> 16), out->data[2] = (uint8_t)(n >> 8);
        out->data[3] = (uint8_t)n;
        out->data[4] = PASS_THROUGH;
        memcpy(out->data + 5, c.data, c.size);
        if (m.size) memcpy(out->data + 5 + c.size, m.data, m.size);
        out->size = out->cap = n + 4;
    }
    etf_buf_free(&c);
    etf_buf_free(&m);
    return ok;
}

/* Decode one term at *pp (advanced); false if malformed. */
static bool dec(heap_t *h, const uint8_t **pp, const uint8_t *end, term *out)
{
    size_t used = 0;
    if (*pp >= end || etf_decode(*pp, (size_t)(end - *pp), h, false, out, &used) != ETF_OK) return false;
    *pp += used;
    return true;
}

bool dist_frame_decode(const uint8_t *d, size_t n, heap_t *h, term *ctl, term *payload)
{
    const uint8_t *p = d + 1, *end = d + n;
    *payload = THE_NON_VALUE;
    return n > 1 && d[0] == PASS_THROUGH && dec(h, &p, end, ctl) && (p == end || dec(h, &p, end, payload)) && p == end;
}

static void q_append(etf_buf_t *q, const uint8_t *d, size_t n)
{
    if (q->size + n > q->cap) {
        size_t nc = q->cap ? q->cap : 256;
        while (nc < q->size + n) nc *= 2;
        q->data = realloc(q->data, nc);
        if (!q->data) laser_oom("distribution queue", nc);
        q->cap = nc;
    }
    memcpy(q->data + q->size, d, n);
    q->size += n;
}

static void port_write(port_t *pt, const uint8_t *d, size_t n)
{
    bool mine = tl_port == pt;
    if (!mine) port_lock(pt);
    if (port_alive_locked(pt)) inet_dist_write(pt, port_inet(pt), d, n);
    if (!mine) port_unlock(pt);
}

static void auto_connect_locked(dent_t *d);

/* Write the framed message f to node's connection, connecting if needed;
 * dropped if this node is not alive. dist_lock held; released here. */
static void out_locked(dent_t *d, etf_buf_t *f)
{
    if (d->node == node_local_name()) {
        /* an old incarnation of this node: nowhere to go, as in erts */
        pthread_mutex_unlock(&dist_lock);
        return;
    }
    if (d->state == DE_IDLE) auto_connect_locked(d);
    if (d->state == DE_PENDING || d->flushing) {
        if (d->state != DE_IDLE) q_append(&d->q, f->data, f->size);
        pthread_mutex_unlock(&dist_lock);
        return;
    }
    if (d->state != DE_UP) {
        pthread_mutex_unlock(&dist_lock);
        return;
    }
    port_t *pt = d->port;
    port_ref(pt);
    d->out_cnt++;
    pthread_mutex_unlock(&dist_lock);
    port_write(pt, f->data + 4, f->size - 4);
    port_unref(pt);
}

/* Send ctl (+ payload) to node; the tables are updated by `then` under
 * the lock first (may be NULL). */
static void send_ctl(term node, term ctl, term payload)
{
    etf_buf_t f = {0};
    if (!dist_frame_encode(ctl, payload, &f)) return;
    pthread_mutex_lock(&dist_lock);
    out_locked(dent_get(node), &f);
    free(f.data);
}

/* ---- connecting ---- */

static term dhandle(heap_t *h, const dent_t *d) { return heap_make_tuple(h, 2, (term[]){term_from_small(d->conn_id), d->node}); }

static void auto_connect_locked(dent_t *d)
{
    if (!node_is_alive() || d->node == node_local_name()) return;
    d->state = DE_PENDING;
    d->conn_id = next_conn_id++;
    term nk = reg_whereis(a("net_kernel"));
    if (!term_is_local_pid(nk)) {
        d->state = DE_IDLE;
        return;
    }
    heap_t h;
    heap_init(&h);
    term msg = heap_make_tuple(&h, 3, (term[]){a("auto_connect"), d->node, dhandle(&h, d)});
    sched_send(NULL, nk, msg);
    heap_free(&h);
}

/* What a lost (or never made) connection leaves to do, taken from d under
 * the lock and done outside it. */
typedef struct {
    term node;
    VEC(dlink_t) links;
    VEC(omon_t) omons;
    VEC(imon_t) imons;
    VEC(sreq_t) sreqs;
    VEC(nmon_t) nmons;
    bool was_up;
    int64_t conn_id;
} down_t;

static void take_down(dent_t *d, down_t *w)
{
    w->node = d->node;
    w->was_up = d->state == DE_UP;
    w->conn_id = d->conn_id;
#define TAKE(f)                                                                                  \
    w->f.v = d->f.v, w->f.n = d->f.n, w->f.cap = d->f.cap;                                       \
    d->f.v = NULL, d->f.n = d->f.cap = 0
    TAKE(links);
    TAKE(omons);
    TAKE(imons);
    TAKE(sreqs);
    TAKE(nmons);
#undef TAKE
    d->state = DE_IDLE;
    d->flushing = false;
    etf_buf_free(&d->q);
    d->q = (etf_buf_t){0};
    if (d->port) port_unref(d->port);
    d->port = NULL;
    d->port_id = NIL;
}

static void spawn_reply_msg(term to, term tag, const uint32_t ref[3], term_node_t *on, bool ok, term result)
{
    (void)on;
    heap_t h;
    heap_init(&h);
    term msg = heap_make_tuple(&h, 4, (term[]){tag, sched_make_ref(&h, ref), ok ? ATOM(ok) : ATOM(error), result});
    sched_send(NULL, to, msg);
    heap_free(&h);
}

static void fire_down(down_t *w)
{
    term nc = ATOM(noconnection);
    for (size_t i = 0; i < w->links.n; i++)
        sig_send(w->links.v[i].local, sig_new(SIG_EXIT_LINKED, w->links.v[i].remote, nc));
    for (size_t i = 0; i < w->omons.n; i++) {
        omon_t *m = &w->omons.v[i];
        heap_t h;
        heap_init(&h);
        term item = m->by_name ? heap_make_tuple(&h, 2, (term[]){m->target, w->node}) : m->target;
        if (!term_is_value(item) || item == NIL) item = w->node;
        sched_send_down(m->watcher, m->ref, item, nc);
        heap_free(&h);
    }
    for (size_t i = 0; i < w->imons.n; i++) {
        sig_t *s = sig_new(SIG_DEMONITOR, w->imons.v[i].watcher, NIL);
        memcpy(s->ref, w->imons.v[i].ref, sizeof s->ref);
        sig_send(w->imons.v[i].target, s);
    }
    for (size_t i = 0; i < w->sreqs.n; i++) {
        sreq_t *r = &w->sreqs.v[i];
        if (r->err) spawn_reply_msg(r->from, r->tag, r->ref, NULL, false, nc);
    }
    for (size_t i = 0; i < w->nmons.n; i++) {
        heap_t h;
        heap_init(&h);
        term msg = heap_make_tuple(&h, 2, (term[]){a("nodedown"), w->node});
        for (uint32_t k = 0; k < w->nmons.v[i].count; k++) sched_send(NULL, w->nmons.v[i].pid, msg);
        heap_free(&h);
    }
    if (w->was_up) erts_internal_nodes_notify(w->node, false, w->conn_id, a("connection_closed"));
    free(w->links.v);
    free(w->omons.v);
    free(w->imons.v);
    free(w->sreqs.v);
    free(w->nmons.v);
}

void dist_port_closed(port_t *pt)
{
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_of_port(pt);
    down_t w;
    bool any = d != NULL;
    if (d) take_down(d, &w);
    pthread_mutex_unlock(&dist_lock);
    if (any) fire_down(&w);
}

/* ---- signals out ---- */

/* dist_lock held: the remote watcher's monitor ref is gone. */
static void imon_del(dent_t *d, term watcher, const uint32_t ref[3])
{
    for (size_t i = 0; i < d->imons.n; i++)
        if (d->imons.v[i].watcher == watcher && !memcmp(d->imons.v[i].ref, ref, 3 * sizeof(uint32_t))) {
            VEC_DEL(d->imons, i);
            return;
        }
}

/* dist_lock held: the link between local and remote is gone. */
static void link_del(dent_t *d, term local, term remote)
{
    for (size_t i = 0; i < d->links.n; i++)
        if (d->links.v[i].local == local && d->links.v[i].remote == remote) {
            VEC_DEL(d->links, i);
            return;
        }
}

static term tup(heap_t *h, size_t n, const term *el) { return heap_make_tuple(h, n, el); }

bool dist_sig(term to, sig_t *s)
{
    term node;
    if (term_is_ext_pid(to)) node = node_of(to);
    else if (term_is_atom(to) && to != ATOM(undefined) && node_is_alive() && to != node_local_name()) node = to;
    else return false;
    heap_t h;
    heap_init(&h);
    term ctl = THE_NON_VALUE, payload = THE_NON_VALUE;
    term from = s->from;
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_get(node);
    switch (s->kind) {
    case SIG_MSG:
        if (!term_is_ext_pid(to)) break;
        ctl = term_is_pid(from) ? tup(&h, 3, (term[]){term_from_small(DOP_SEND_SENDER), from, to})
                                : tup(&h, 3, (term[]){term_from_small(DOP_SEND), a(""), to});
        payload = s->msg;
        break;
    case SIG_EXIT:
        if (!term_is_pid(from) || !term_is_ext_pid(to)) break;
        ctl = tup(&h, 3, (term[]){term_from_small(DOP_PAYLOAD_EXIT2), from, to});
        payload = s->msg;
        break;
    case SIG_EXIT_LINKED:
        if (!term_is_pid(from) || !term_is_ext_pid(to)) break;
        link_del(d, from, to);
        ctl = tup(&h, 3, (term[]){term_from_small(DOP_PAYLOAD_EXIT), from, to});
        payload = s->msg;
        break;
    case SIG_LINK:
        if (!term_is_local_pid(from) || !term_is_ext_pid(to)) break;
        VEC_PUSH(d->links, ((dlink_t){from, to}));
        ctl = tup(&h, 3, (term[]){term_from_small(DOP_LINK), from, to});
        break;
    case SIG_UNLINK:
        if (!term_is_local_pid(from) || !term_is_ext_pid(to)) break;
        link_del(d, from, to);
        ctl = tup(&h, 3, (term[]){term_from_small(DOP_UNLINK), from, to});
        break;
    case SIG_DEMONITOR:
        for (size_t i = 0; i < d->omons.n; i++) {
            omon_t *m = &d->omons.v[i];
            if (m->watcher == from && !memcmp(m->ref, s->ref, sizeof m->ref)) {
                if (m->target != NIL)
                    ctl = tup(&h, 4, (term[]){term_from_small(DOP_DEMONITOR_P), from, m->target,
                                              sched_make_ref(&h, m->ref)});
                VEC_DEL(d->omons, i);
                break;
            }
        }
        break;
    case SIG_DOWN: {
        /* a local process a remote one monitored ended: s->msg is the
         * whole 'DOWN' message {'DOWN', Ref, process, Item, Reason} */
        if (!term_is_ext_pid(to)) break;
        imon_del(d, to, s->ref);
        term item = term_tuple_elems(s->msg)[3];
        if (term_is_tuple(item)) item = term_tuple_elems(item)[0];
        term ref = make_ref_on(&h, ((term_external_t *)term_boxed_ptr(to))->node, s->ref);
        ctl = tup(&h, 4, (term[]){term_from_small(DOP_PAYLOAD_MONITOR_P_EXIT), item, to, ref});
        payload = term_tuple_elems(s->msg)[4];
        break;
    }
    case SIG_GROUP_LEADER:
        if (!term_is_pid(s->msg) || !term_is_ext_pid(to)) break;
        ctl = tup(&h, 3, (term[]){term_from_small(DOP_GROUP_LEADER), s->msg, to});
        break;
    default: break;
    }
    etf_buf_t f = {0};
    /* only these connect; the others concern a peer that is gone anyway */
    bool connect = s->kind == SIG_MSG || s->kind == SIG_LINK || s->kind == SIG_EXIT || s->kind == SIG_GROUP_LEADER;
    if (term_is_value(ctl) && (connect || d->state != DE_IDLE) && dist_frame_encode(ctl, payload, &f)) {
        out_locked(d, &f);
        free(f.data);
    } else {
        pthread_mutex_unlock(&dist_lock);
    }
    heap_free(&h);
    sig_free(s);
    return true;
}

void dist_send(proc_t *p, term to, term msg)
{
    heap_t h;
    heap_init(&h);
    term ctl = tup(&h, 3, (term[]){term_from_small(DOP_SEND_SENDER), p ? p->id : a(""), to});
    if (!p) term_tuple_elems(ctl)[0] = term_from_small(DOP_SEND);
    send_ctl(node_of(to), ctl, msg);
    heap_free(&h);
}

void dist_send_reg(proc_t *p, term name, term node, term msg)
{
    if (!node_is_alive()) return;
    heap_t h;
    heap_init(&h);
    term ctl = tup(&h, 4, (term[]){term_from_small(DOP_REG_SEND), p->id, a(""), name});
    send_ctl(node, ctl, msg);
    heap_free(&h);
}

void dist_send_alias(proc_t *p, term ref, term msg)
{
    heap_t h;
    heap_init(&h);
    term ctl = tup(&h, 3, (term[]){term_from_small(DOP_ALIAS_SEND), p->id, ref});
    send_ctl(node_of(ref), ctl, msg);
    heap_free(&h);
}

void dist_monitor(proc_t *p, term target, term name, term node, uint32_t ref[3])
{
    sched_ref_numbers(ref);
    term t = name != NIL ? name : dist_intern_pid(target);
    heap_t h;
    heap_init(&h);
    term ctl = tup(&h, 4, (term[]){term_from_small(DOP_MONITOR_P), p->id, t, sched_make_ref(&h, ref)});
    etf_buf_t f = {0};
    bool ok = node_is_alive() && dist_frame_encode(ctl, THE_NON_VALUE, &f);
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_get(node);
    omon_t m = {p->id, {ref[0], ref[1], ref[2]}, t, name != NIL};
    if (ok) {
        if (d->state == DE_IDLE) auto_connect_locked(d);
        ok = d->state != DE_IDLE;
    }
    if (ok) {
        VEC_PUSH(d->omons, m);
        out_locked(d, &f);
    } else {
        pthread_mutex_unlock(&dist_lock);
        term item = name != NIL ? tup(&h, 2, (term[]){name, node}) : target;
        sched_send_down(p->id, ref, item, ATOM(noconnection));
    }
    free(f.data);
    heap_free(&h);
}

void dist_link(proc_t *p, term remote)
{
    term r = dist_intern_pid(remote);
    proc_add_link(p, r);
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_get(node_of(r));
    if (d->state == DE_IDLE) auto_connect_locked(d);
    bool ok = d->state != DE_IDLE;
    pthread_mutex_unlock(&dist_lock);
    if (ok) sig_send(r, sig_new(SIG_LINK, p->id, NIL));
    else sig_send(p->id, sig_new(SIG_EXIT_LINKED, r, ATOM(noconnection)));
}

/* erts_internal:dist_spawn_request(Node, {M, F, Args}, Opts, Kind). */
term dist_spawn_request(proc_t *p, const term *args)
{
    term node = args[0], mfa = args[1], opts = args[2];
    sreq_t r = {p->id, {0, 0, 0}, a("spawn_reply"), true, true, false};
    heap_t h;
    heap_init(&h);
    term ropts = NIL;
    bool link = false;
    for (term l = opts; term_is_list(l); l = term_cdr(l)) {
        term e = term_car(l);
        if (term_is_tuple(e) && term_tuple_arity(e) == 2 && term_tuple_elems(e)[0] == a("reply_tag")) {
            if (!term_is_immed(term_tuple_elems(e)[1])) return ATOM(badarg); /* kept in C: immediates only */
            r.tag = term_tuple_elems(e)[1];
            continue;
        }
        if (term_is_tuple(e) && term_tuple_arity(e) == 2 && term_tuple_elems(e)[0] == a("reply")) {
            term v = term_tuple_elems(e)[1];
            if (v == a("yes")) r.ok = r.err = true;
            else if (v == a("no")) r.ok = r.err = false;
            else if (v == a("error_only")) r.ok = false, r.err = true;
            else if (v == a("success_only")) r.ok = true, r.err = false;
            else return ATOM(badarg);
            continue;
        }
        if (e == ATOM(monitor) || (term_is_tuple(e) && term_tuple_arity(e) == 2 && term_tuple_elems(e)[0] == ATOM(monitor)))
            r.monitor = true;
        if (e == ATOM(link)) link = true;
        ropts = heap_make_cons(&h, e, ropts);
    }
    sched_ref_numbers(r.ref);
    heap_t *ph = proc_heap(p);
    term rterm = sched_make_ref(ph, r.ref);
    term mfa3 = tup(&h, 3, (term[]){term_tuple_elems(mfa)[0], term_tuple_elems(mfa)[1],
                                     term_from_small((int64_t)list_length(term_tuple_elems(mfa)[2]))});
    term ctl = tup(&h, 6, (term[]){term_from_small(DOP_SPAWN_REQUEST), rterm, p->id, p->group_leader, mfa3, ropts});
    etf_buf_t f = {0};
    bool ok = node_is_alive() && dist_frame_encode(ctl, term_tuple_elems(mfa)[2], &f);
    (void)link;
    if (r.monitor) {
        /* the monitor's reference is the request's; the target is known
         * once the reply comes (dist_sig's demonitor skips it till then) */
        proc_mon_t m = {{r.ref[0], r.ref[1], r.ref[2]}, node, NIL};
        proc_mon_add(&p->mons, &p->nmons, &p->mons_cap, &m);
    }
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_get(node);
    if (ok && d->state == DE_IDLE) auto_connect_locked(d);
    ok = ok && d->state != DE_IDLE;
    if (ok) {
        VEC_PUSH(d->sreqs, r);
        if (r.monitor) VEC_PUSH(d->omons, ((omon_t){p->id, {r.ref[0], r.ref[1], r.ref[2]}, NIL, false}));
        out_locked(d, &f);
    } else {
        pthread_mutex_unlock(&dist_lock);
        if (r.err) spawn_reply_msg(p->id, r.tag, r.ref, NULL, false, ATOM(noconnection));
        if (r.monitor) sched_send_down(p->id, r.ref, node, ATOM(noconnection));
    }
    free(f.data);
    heap_free(&h);
    if (args[3] == a("spawn_request")) return rterm;
    return heap_make_tuple(ph, 2, (term[]){rterm, r.monitor ? ATOM_true : ATOM_false});
}

/* ---- input ---- */

static void reply_spawn(dent_t *unused, term node, term reqid, term to, int flags, term result)
{
    (void)unused;
    heap_t h;
    heap_init(&h);
    term ctl = tup(&h, 5, (term[]){term_from_small(DOP_SPAWN_REPLY), reqid, to, term_from_small(flags), result});
    send_ctl(node, ctl, THE_NON_VALUE);
    heap_free(&h);
}

/* One control message; false if malformed (the connection closes). */
static bool handle(port_t *pt, heap_t *h, term ctl, term payload)
{
    if (!term_is_tuple(ctl) || term_tuple_arity(ctl) < 1 || !term_is_small(term_tuple_elems(ctl)[0])) return false;
    size_t n = term_tuple_arity(ctl);
    term *e = term_tuple_elems(ctl);
    int op = (int)term_to_small(e[0]);
    /* the trace-token forms: the token (last element) is dropped */
    switch (op) {
    case DOP_SEND_TT: op = DOP_SEND, n--; break;
    case DOP_EXIT_TT: op = DOP_EXIT, n--; break;
    case DOP_REG_SEND_TT: op = DOP_REG_SEND, n--; break;
    case DOP_EXIT2_TT: op = DOP_EXIT2, n--; break;
    case DOP_SEND_SENDER_TT: op = DOP_SEND_SENDER, n--; break;
    case DOP_PAYLOAD_EXIT_TT: op = DOP_PAYLOAD_EXIT, n--; break;
    case DOP_PAYLOAD_EXIT2_TT: op = DOP_PAYLOAD_EXIT2, n--; break;
    case DOP_SPAWN_REQUEST_TT: op = DOP_SPAWN_REQUEST, n--; break;
    case DOP_SPAWN_REPLY_TT: op = DOP_SPAWN_REPLY, n--; break;
    case DOP_ALIAS_SEND_TT: op = DOP_ALIAS_SEND, n--; break;
    default: break;
    }
    bool has_payload = term_is_value(payload);
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_of_port(pt);
    term node = d ? d->node : NIL;
    pthread_mutex_unlock(&dist_lock);
    if (!d) return true;
    /* a sender, linker or monitor must be a process of the peer itself */
#define PEER(t) (term_is_ext_pid(t) && node_of(t) == node)
    switch (op) {
    case DOP_SEND:
    case DOP_SEND_SENDER:
        if (n != 3 || !has_payload) return false;
        if (term_is_local_pid(e[2])) sched_send(NULL, e[2], payload);
        return true;
    case DOP_REG_SEND: {
        if (n != 4 || !has_payload || !term_is_atom(e[3])) return false;
        term pid = reg_whereis(e[3]);
        if (term_is_local_pid(pid)) sched_send(NULL, pid, payload);
        return true;
    }
    case DOP_ALIAS_SEND:
        if (n != 3 || !has_payload || !term_is_ref(e[2])) return false;
        if (term_is_local_ref(e[2])) alias_send(NULL, e[2], payload);
        return true;
    case DOP_LINK:
    case DOP_UNLINK: {
        if (n != 3 || !PEER(e[1]) || !term_is_pid(e[2])) return false;
        term from = dist_intern_pid(e[1]);
        if (!term_is_local_pid(e[2])) return true;
        pthread_mutex_lock(&dist_lock);
        if (op == DOP_LINK) {
            VEC_PUSH(d->links, ((dlink_t){e[2], from}));
        } else {
            link_del(d, e[2], from);
        }
        pthread_mutex_unlock(&dist_lock);
        sig_send(e[2], sig_new(op == DOP_LINK ? SIG_LINK : SIG_UNLINK, from, NIL));
        return true;
    }
    case DOP_UNLINK_ID:
        if (n != 4 || !PEER(e[2]) || !term_is_pid(e[3])) return false;
        if (term_is_local_pid(e[3])) {
            term from = dist_intern_pid(e[2]);
            sig_send(e[3], sig_new(SIG_UNLINK, from, NIL));
            term ack = tup(h, 4, (term[]){term_from_small(DOP_UNLINK_ID_ACK), e[1], e[3], e[2]});
            send_ctl(node, ack, THE_NON_VALUE);
        }
        return true;
    case DOP_UNLINK_ID_ACK: return n == 4;
    case DOP_EXIT:
    case DOP_EXIT2:
    case DOP_PAYLOAD_EXIT:
    case DOP_PAYLOAD_EXIT2: {
        bool pay = op == DOP_PAYLOAD_EXIT || op == DOP_PAYLOAD_EXIT2;
        if (n != (pay ? 3u : 4u) || (pay && !has_payload) || !PEER(e[1]) || !term_is_pid(e[2])) return false;
        term reason = pay ? payload : e[3];
        term from = dist_intern_pid(e[1]);
        if (!term_is_local_pid(e[2])) return true;
        bool linked = op == DOP_EXIT || op == DOP_PAYLOAD_EXIT;
        if (linked) {
            pthread_mutex_lock(&dist_lock);
            link_del(d, e[2], from);
            pthread_mutex_unlock(&dist_lock);
        }
        sig_send(e[2], sig_new(linked ? SIG_EXIT_LINKED : SIG_EXIT, from, reason));
        return true;
    }
    case DOP_MONITOR_P:
    case DOP_DEMONITOR_P: {
        uint32_t ref[3];
        if (n != 4 || !PEER(e[1]) || !(term_is_pid(e[2]) || term_is_atom(e[2])) || !ref3(e[3], ref))
            return false;
        term watcher = dist_intern_pid(e[1]);
        term target = term_is_atom(e[2]) ? reg_whereis(e[2]) : e[2];
        term name = term_is_atom(e[2]) ? e[2] : NIL;
        if (op == DOP_DEMONITOR_P) {
            if (!term_is_local_pid(target)) return true;
            pthread_mutex_lock(&dist_lock);
            imon_del(d, watcher, ref);
            pthread_mutex_unlock(&dist_lock);
            sig_t *s = sig_new(SIG_DEMONITOR, watcher, NIL);
            memcpy(s->ref, ref, sizeof ref);
            sig_send(target, s);
            return true;
        }
        if (!term_is_local_pid(target)) {
            term el[4] = {term_from_small(DOP_PAYLOAD_MONITOR_P_EXIT), e[2], e[1], e[3]};
            send_ctl(node, tup(h, 4, el), ATOM(noproc));
            return true;
        }
        pthread_mutex_lock(&dist_lock);
        VEC_PUSH(d->imons, ((imon_t){watcher, target, {ref[0], ref[1], ref[2]}}));
        pthread_mutex_unlock(&dist_lock);
        sig_t *s = sig_new(SIG_MONITOR, watcher, name);
        memcpy(s->ref, ref, sizeof ref);
        sig_send(target, s);
        return true;
    }
    case DOP_MONITOR_P_EXIT:
    case DOP_PAYLOAD_MONITOR_P_EXIT: {
        bool pay = op == DOP_PAYLOAD_MONITOR_P_EXIT;
        uint32_t ref[3];
        if (n != (pay ? 4u : 5u) || (pay && !has_payload) || !term_is_pid(e[2]) || !ref3(e[3], ref)) return false;
        term reason = pay ? payload : e[4];
        if (!term_is_local_pid(e[2])) return true;
        term item = THE_NON_VALUE;
        pthread_mutex_lock(&dist_lock);
        for (size_t i = 0; i < d->omons.n; i++) {
            omon_t *m = &d->omons.v[i];
            if (m->watcher == e[2] && !memcmp(m->ref, ref, sizeof ref)) {
                item = m->by_name ? tup(h, 2, (term[]){m->target, node}) : e[1];
                VEC_DEL(d->omons, i);
                break;
            }
        }
        pthread_mutex_unlock(&dist_lock);
        if (term_is_value(item)) sched_send_down(e[2], ref, item, reason);
        return true;
    }
    case DOP_GROUP_LEADER:
        if (n != 3 || !term_is_pid(e[1]) || !term_is_pid(e[2])) return false;
        if (term_is_local_pid(e[2])) sig_send(e[2], sig_new(SIG_GROUP_LEADER, NIL, dist_intern_pid(e[1])));
        return true;
    case DOP_SPAWN_REQUEST: {
        if (n != 6 || !has_payload || !term_is_ref(e[1]) || !PEER(e[2]) || !term_is_pid(e[3]))
            return false;
        term mfa = e[4];
        if (!term_is_tuple(mfa) || term_tuple_arity(mfa) != 3 || !term_is_atom(term_tuple_elems(mfa)[0]) ||
            !term_is_atom(term_tuple_elems(mfa)[1]) || !is_proper_list(payload) || !is_proper_list(e[5]))
            return false;
        uint32_t ref[3];
        if (!ref3(e[1], ref)) return false;
        term parent = dist_intern_pid(e[2]);
        term gl = dist_intern_pid(e[3]);
        int flags = 0;
        term err = THE_NON_VALUE;
        proc_t *c = erlang_proc_dist_spawn(term_tuple_elems(mfa)[0], term_tuple_elems(mfa)[1], payload, e[5], gl,
                                           parent, ref, &flags, &err);
        if (!c) {
            reply_spawn(d, node, e[1], e[2], 0, err);
            return true;
        }
        pthread_mutex_lock(&dist_lock);
        if (flags & SPAWN_FLAG_LINK) VEC_PUSH(d->links, ((dlink_t){c->id, parent}));
        if (flags & SPAWN_FLAG_MONITOR) VEC_PUSH(d->imons, ((imon_t){parent, c->id, {ref[0], ref[1], ref[2]}}));
        pthread_mutex_unlock(&dist_lock);
        /* the reply goes before anything the child sends */
        reply_spawn(d, node, e[1], e[2], flags, c->id);
        sched_start(c);
        return true;
    }
    case DOP_SPAWN_REPLY: {
        uint32_t ref[3];
        if (n != 5 || !ref3(e[1], ref) || !term_is_pid(e[2]) || !term_is_small(e[3])) return false;
        term res = e[4];
        bool ok = term_is_ext_pid(res);
        if (!ok && !term_is_atom(res)) return false;
        int flags = (int)term_to_small(e[3]);
        term child = ok ? dist_intern_pid(res) : NIL;
        sreq_t r;
        bool found = false;
        pthread_mutex_lock(&dist_lock);
        for (size_t i = 0; i < d->sreqs.n; i++)
            if (d->sreqs.v[i].from == e[2] && !memcmp(d->sreqs.v[i].ref, ref, sizeof ref)) {
                r = d->sreqs.v[i];
                VEC_DEL(d->sreqs, i);
                found = true;
                break;
            }
        if (found) {
            for (size_t i = 0; i < d->omons.n; i++) {
                omon_t *m = &d->omons.v[i];
                if (m->watcher == r.from && !memcmp(m->ref, ref, sizeof ref)) {
                    if (ok && (flags & SPAWN_FLAG_MONITOR)) m->target = child;
                    else VEC_DEL(d->omons, i);
                    break;
                }
            }
            if (ok && (flags & SPAWN_FLAG_LINK)) VEC_PUSH(d->links, ((dlink_t){r.from, child}));
        }
        pthread_mutex_unlock(&dist_lock);
        if (!found) {
            /* abandoned: a linked child is told (erts unlinks / exits it) */
            if (ok && (flags & SPAWN_FLAG_LINK)) {
                term el[3] = {term_from_small(DOP_PAYLOAD_EXIT), e[2], res};
                send_ctl(node, tup(h, 3, el), a("abandoned"));
            }
            return true;
        }
        if (ok && (flags & SPAWN_FLAG_LINK)) sig_send(r.from, sig_new(SIG_LINK, child, NIL));
        if (ok ? r.ok : r.err) spawn_reply_msg(r.from, r.tag, ref, NULL, ok, ok ? child : res);
        return true;
    }
    default: return false;
    }
#undef PEER
}

static void count_in(port_t *pt)
{
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_of_port(pt);
    if (d) d->in_cnt++;
    pthread_mutex_unlock(&dist_lock);
}

void dist_input(port_t *pt, const uint8_t *d, size_t n)
{
    count_in(pt);
    if (n == 0) return; /* a tick */
    heap_t h;
    heap_init(&h);
    term ctl, payload;
    bool ok = dist_frame_decode(d, n, &h, &ctl, &payload);
    tl_port = pt;
    if (ok) ok = handle(pt, &h, ctl, payload);
    tl_port = NULL;
    heap_free(&h);
    if (!ok) {
        /* erts closes a connection that sends garbage */
        port_terminate_locked(pt, a("dist_protocol_error"), true);
    }
}

/* ---- BIFs (erlang_dist.c) ---- */

int dist_new_connection(term node, heap_t *h, term *out)
{
    if (!node_is_alive()) return -1;
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_get(node);
    if (d->state == DE_IDLE) {
        d->state = DE_PENDING;
        d->conn_id = next_conn_id++;
    }
    *out = dhandle(h, d);
    pthread_mutex_unlock(&dist_lock);
    return 0;
}

static bool handle_is(const dent_t *d, term dh)
{
    return term_is_tuple(dh) && term_tuple_arity(dh) == 2 && term_tuple_elems(dh)[1] == d->node &&
           term_tuple_elems(dh)[0] == term_from_small(d->conn_id);
}

bool dist_abort_pending(term node, term dh)
{
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_find(node);
    down_t w;
    bool done = d && d->state == DE_PENDING && handle_is(d, dh);
    if (done) take_down(d, &w);
    pthread_mutex_unlock(&dist_lock);
    if (done) fire_down(&w);
    return done;
}

/* erlang:setnode/3 (erts_internal:create_dist_channel/3) with a port. */
term dist_create_channel(proc_t *p, term node, term port, uint64_t flags, uint32_t creation)
{
    port_t *pt = port_get(port);
    if (!pt) return ATOM(badarg);
    port_lock(pt);
    bool ok = port_alive_locked(pt) && port_inet(pt) && inet_set_dist(pt, port_inet(pt));
    port_unlock(pt);
    if (!ok) {
        port_unref(pt);
        return ATOM(badarg);
    }
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_get(node);
    if (d->state == DE_UP) {
        pthread_mutex_unlock(&dist_lock);
        port_unref(pt);
        return ATOM(badarg);
    }
    if (d->state == DE_IDLE) d->conn_id = next_conn_id++;
    d->state = DE_UP;
    d->port = pt; /* the reference taken by port_get */
    d->port_id = port;
    d->flags = flags;
    d->creation = creation;
    d->flushing = true;
    int64_t cid = d->conn_id;
    heap_t *h = proc_heap(p);
    term dh = dhandle(h, d);
    pthread_mutex_unlock(&dist_lock);
    /* net_kernel links to the controller: its exit is the nodedown */
    term nk = reg_whereis(a("net_kernel"));
    if (term_is_local_pid(nk)) {
        heap_t t;
        heap_init(&t);
        sched_send(p, nk, heap_make_tuple(&t, 4, (term[]){a("dist_ctrlr"), port, node, p->id}));
        heap_free(&t);
    }
    /* what was queued while pending goes first, in order */
    for (;;) {
        pthread_mutex_lock(&dist_lock);
        etf_buf_t q = d->q;
        d->q = (etf_buf_t){0};
        if (!q.size || d->port != pt) {
            d->flushing = false;
            pthread_mutex_unlock(&dist_lock);
            etf_buf_free(&q);
            break;
        }
        pthread_mutex_unlock(&dist_lock);
        for (size_t off = 0; off + 4 <= q.size;) {
            size_t len = (size_t)q.data[off] << 24 | (size_t)q.data[off + 1] << 16 | (size_t)q.data[off + 2] << 8 | q.data[off + 3];
            port_write(pt, q.data + off + 4, len);
            off += 4 + len;
        }
        etf_buf_free(&q);
    }
    erts_internal_nodes_notify(node, true, cid, NIL);
    return heap_make_tuple(h, 2, (term[]){ATOM(ok), dh});
}

/* nodes(): the connected ones (up), this node's name first if asked. */
size_t dist_nodes(term *out, size_t max)
{
    size_t n = 0;
    pthread_mutex_lock(&dist_lock);
    for (dent_t *d = dents; d; d = d->next)
        if (d->state == DE_UP) {
            if (n < max) out[n] = d->node;
            n++;
        }
    pthread_mutex_unlock(&dist_lock);
    return n;
}

int64_t dist_conn_id(term node)
{
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_find(node);
    int64_t r = d && d->state == DE_UP ? d->conn_id : -1;
    pthread_mutex_unlock(&dist_lock);
    return r;
}

term dist_get_stat(proc_t *p, term dh)
{
    pthread_mutex_lock(&dist_lock);
    dent_t *d = term_is_tuple(dh) && term_tuple_arity(dh) == 2 ? dent_find(term_tuple_elems(dh)[1]) : NULL;
    bool ok = d && d->state == DE_UP && handle_is(d, dh);
    uint64_t in = ok ? d->in_cnt : 0, out = ok ? d->out_cnt : 0;
    pthread_mutex_unlock(&dist_lock);
    if (!ok) return THE_NON_VALUE;
    return heap_make_tuple(proc_heap(p), 4, (term[]){ATOM(ok), term_from_small((int64_t)in), term_from_small((int64_t)out), term_from_small(0)});
}

/* monitor_node(Node, true|false) for p. */
void dist_monitor_node(proc_t *p, term node, bool on)
{
    pthread_mutex_lock(&dist_lock);
    dent_t *d = dent_get(node);
    size_t i = 0;
    while (i < d->nmons.n && d->nmons.v[i].pid != p->id) i++;
    if (!on) {
        if (i < d->nmons.n && --d->nmons.v[i].count == 0) VEC_DEL(d->nmons, i);
        pthread_mutex_unlock(&dist_lock);
        return;
    }
    if (d->state == DE_IDLE) auto_connect_locked(d);
    bool ok = d->state != DE_IDLE;
    if (ok) {
        if (i < d->nmons.n) d->nmons.v[i].count++;
        else VEC_PUSH(d->nmons, ((nmon_t){p->id, 1}));
    }
    pthread_mutex_unlock(&dist_lock);
    if (!ok) {
        heap_t h;
        heap_init(&h);
        sched_send(p, p->id, heap_make_tuple(&h, 2, (term[]){a("nodedown"), node}));
        heap_free(&h);
    }
}
