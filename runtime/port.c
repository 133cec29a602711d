/*
 * port.c - the port table, port state, the spawn/spawn_executable/fd
 * drivers on the I/O thread, and the signals between ports and processes
 * (see port.h for the model and the locks).
 */
#define _GNU_SOURCE /* pipe2 */
#include "port.h"

#include "atom.h"
#include "bin.h"
#include "bif/erlang_list.h"
#include "cmp.h"
#include "copy.h"
#include "errlog.h"
#include "inet.h"
#include "io.h"
#include "scheduler.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* OTP's default port limit (erlang:system_info(port_limit)). */
#define PORT_MAX 65536u

enum { PST_ALIVE = 0, PST_DEAD };

struct port {
    term id;
    uint32_t num;
    pthread_mutex_t lock;
    _Atomic uint32_t refc;
    _Atomic int state;
    port_opts_t o;
    term connected;
    term *links;
    uint32_t nlinks, links_cap;
    proc_mon_t *monby;
    uint32_t nmonby, monby_cap;
    term reg_name;        /* under the registry lock */
    uint64_t input, output;
    _Atomic uint64_t queue; /* bytes handed to the I/O thread, not written */
    bool busy;              /* queue past PORT_BUSY_HIGH, until it drains */
    bool quiet_exit;        /* links are not told (a socket closed by its peer) */
    term *waiters;          /* processes suspended on the busy port */
    uint32_t nwaiters, waiters_cap;
    int wfd;                /* the child's stdin (the pin handle's fd), -1 if none */
    int os_pid;
    heap_t data_heap;     /* port_set_data's term */
    term data;

    /* ---- the I/O thread's ---- */
    uv_process_t proc;
    uv_pipe_t pin, pout;   /* we write to pin, read from pout */
    int handles;           /* initialised handles not closed yet */
    bool has_pin, has_pout, has_proc, closing, exited, eof_seen;
    int64_t status;
    pframe_t frame;
    char *rbuf;
};

_Atomic uint64_t port_stat_input, port_stat_output;

static pthread_mutex_t ptab_lock = PTHREAD_MUTEX_INITIALIZER;
static port_t **ptab;
static uint32_t ptab_next, ptab_used;

static term a_data, a_eol, a_noeol, a_eof, a_exit_status, a_closed, a_connected, a_badsig, a_port, a_killed,
    a_kill, a_name, a_links, a_id, a_input, a_output, a_os_pid, a_monitors, a_monitored_by, a_queue_size,
    a_memory, a_registered_name, a_parallelism, a_locking, a_port_level, a_command, a_close, a_connect,
    a_DOWN, a_process, a_EXIT;
static pthread_once_t atoms_once = PTHREAD_ONCE_INIT;

static void atoms_init(void)
{
#define A(v, s) v = atom_from_cstr(s)
    A(a_data, "data"), A(a_eol, "eol"), A(a_noeol, "noeol"), A(a_eof, "eof"), A(a_exit_status, "exit_status");
    A(a_closed, "closed"), A(a_connected, "connected"), A(a_badsig, "badsig"), A(a_port, "port");
    A(a_killed, "killed"), A(a_kill, "kill"), A(a_name, "name"), A(a_links, "links"), A(a_id, "id");
    A(a_input, "input"), A(a_output, "output"), A(a_os_pid, "os_pid"), A(a_monitors, "monitors");
    A(a_monitored_by, "monitored_by"), A(a_queue_size, "queue_size"), A(a_memory, "memory");
    A(a_registered_name, "registered_name"), A(a_parallelism, "parallelism"), A(a_locking, "locking");
    A(a_port_level, "port_level"), A(a_command, "command"), A(a_close, "close"), A(a_connect, "connect");
    A(a_DOWN, "DOWN"), A(a_process, "process"), A(a_EXIT, "EXIT");
#undef A
}

/* ---------------------------------------------------------------------
 * Framing.
 * ------------------------------------------------------------------- */
/* Append n bytes to a growing buffer (input being framed, output being
 * flattened). */
/* Room for n more bytes; returns where they go (len grows by n). */
void port_bytes_grow(uint8_t **buf, size_t *cap, size_t need, const char *what)
{
    if (need <= *cap) return;
    size_t c = *cap ? *cap : 256;
    while (c < need) c *= 2;
    *buf = realloc(*buf, c);
    if (!*buf) laser_oom(what, c);
    *cap = c;
}

static uint8_t *bytes_reserve(uint8_t **buf, size_t *len, size_t *cap, size_t n)
{
    port_bytes_grow(buf, cap, *len + n, "port buffer");
    *len += n;
    return *buf + *len - n;
}

static void bytes_add(uint8_t **buf, size_t *len, size_t *cap, const uint8_t *d, size_t n)
{
    if (n) memcpy(bytes_reserve(buf, len, cap, n), d, n);
}

static void pf_keep(pframe_t *f, const uint8_t *d, size_t n) { bytes_add(&f->buf, &f->len, &f->cap, d, n); }

/* erts' line mode: a line longer than N goes out in N-byte noeol pieces
 * (a full piece waits for the next byte: a newline makes it eol); the
 * newline (and a CR before it) is dropped. */
static void pf_line_end(pframe_t *f, pframe_emit_t emit, void *ctx)
{
    size_t len = f->len;
    if (len && f->buf[len - 1] == '\r') len--;
    emit(ctx, PFR_EOL, f->buf, len);
    f->len = 0;
}

static void pf_lines(pframe_t *f, const uint8_t *d, size_t n, pframe_emit_t emit, void *ctx)
{
    while (n) {
        if (f->len >= f->line) {
            if (*d == '\n') {
                pf_line_end(f, emit, ctx);
                d++, n--;
            } else {
                emit(ctx, PFR_NOEOL, f->buf, f->len);
                f->len = 0;
            }
            continue;
        }
        size_t room = f->line - f->len, k = n < room ? n : room;
        const uint8_t *nl = memchr(d, '\n', k);
        if (nl) {
            pf_keep(f, d, (size_t)(nl - d));
            pf_line_end(f, emit, ctx);
            n -= (size_t)(nl - d) + 1;
            d = nl + 1;
        } else {
            pf_keep(f, d, k);
            d += k, n -= k;
        }
    }
}

void pframe_feed(pframe_t *f, const uint8_t *d, size_t n, pframe_emit_t emit, void *ctx)
{
    /* an empty read: nothing to do (and f->buf may still be NULL, which
     * memmove must not get; found by fuzz_port_framing) */
    if (!n) return;
    if (f->line) {
        pf_lines(f, d, n, emit, ctx);
        return;
    }
    if (!f->packet) {
        emit(ctx, PFR_DATA, d, n);
        return;
    }
    pf_keep(f, d, n);
    size_t pos = 0, h = f->packet;
    while (f->len - pos >= h) {
        size_t len = 0;
        for (size_t i = 0; i < h; i++) len = len << 8 | f->buf[pos + i];
        if (f->len - pos - h < len) break;
        emit(ctx, PFR_DATA, f->buf + pos + h, len);
        pos += h + len;
    }
    memmove(f->buf, f->buf + pos, f->len - pos);
    f->len -= pos;
}

void pframe_eof(pframe_t *f, pframe_emit_t emit, void *ctx)
{
    if (f->line && f->len) emit(ctx, PFR_NOEOL, f->buf, f->len);
    f->len = 0;
}

void pframe_free(pframe_t *f)
{
    free(f->buf);
    f->buf = NULL;
    f->len = f->cap = 0;
}

/* ---------------------------------------------------------------------
 * The table.
 * ------------------------------------------------------------------- */
void port_opts_free(port_opts_t *o)
{
    free(o->name);
    free(o->file);
    for (char **a = o->argv; a && *a; a++) free(*a);
    free(o->argv);
    for (char **e = o->env; e && *e; e++) free(*e);
    free(o->env);
    free(o->cd);
    if (o->inet) inet_free(o->inet);
    memset(o, 0, sizeof *o);
}

term port_id(const port_t *pt) { return pt->id; }

void port_unref(port_t *pt)
{
    if (atomic_fetch_sub(&pt->refc, 1) != 1) return;
    port_opts_free(&pt->o);
    free(pt->links);
    free(pt->monby);
    free(pt->waiters);
    heap_free(&pt->data_heap);
    pframe_free(&pt->frame);
    free(pt->rbuf);
    pthread_mutex_destroy(&pt->lock);
    free(pt);
}

port_t *port_get(term id)
{
    if (!term_is_local_port(id) || !ptab) return NULL;
    pthread_mutex_lock(&ptab_lock);
    port_t *pt = ptab[term_port_data(id) % PORT_MAX];
    if (pt && pt->id == id && atomic_load(&pt->state) == PST_ALIVE) atomic_fetch_add(&pt->refc, 1);
    else pt = NULL;
    pthread_mutex_unlock(&ptab_lock);
    return pt;
}

port_t *port_lookup(term t)
{
    if (term_is_atom(t)) t = reg_whereis(t);
    return port_get(t);
}

bool port_alive(term id)
{
    port_t *pt = port_get(id);
    if (pt) port_unref(pt);
    return pt != NULL;
}

term *port_name_slot(term id)
{
    port_t *pt = port_get(id);
    if (!pt) return NULL;
    term *slot = &pt->reg_name; /* the registry lock keeps it (see reg_unregister_slot) */
    port_unref(pt);
    return slot;
}

static port_t *ptab_add(void)
{
    pthread_once(&atoms_once, atoms_init);
    port_t *pt = calloc(1, sizeof *pt);
    if (!pt) laser_oom("port", sizeof *pt);
    pthread_mutex_init(&pt->lock, NULL);
    atomic_store(&pt->refc, 1);
    pt->reg_name = NIL;
    pt->wfd = -1;
    pt->data = ATOM(undefined);
    heap_init(&pt->data_heap);
    pthread_mutex_lock(&ptab_lock);
    if (!ptab) {
        ptab = calloc(PORT_MAX, sizeof *ptab);
        if (!ptab) laser_oom("port table", PORT_MAX * sizeof *ptab);
    }
    if (ptab_used + 1 >= PORT_MAX) {
        pthread_mutex_unlock(&ptab_lock);
        port_unref(pt);
        return NULL;
    }
    uint32_t n = ptab_next;
    while (ptab[n % PORT_MAX]) n = (n + 1) & ((1u << 28) - 1);
    ptab_next = (n + 1) & ((1u << 28) - 1);
    pt->num = n;
    pt->id = term_make_local_port(n);
    ptab[n % PORT_MAX] = pt;
    ptab_used++;
    pthread_mutex_unlock(&ptab_lock);
    return pt;
}

static void ptab_remove(port_t *pt)
{
    pthread_mutex_lock(&ptab_lock);
    if (ptab[pt->num % PORT_MAX] == pt) {
        ptab[pt->num % PORT_MAX] = NULL;
        ptab_used--;
    }
    pthread_mutex_unlock(&ptab_lock);
}

term port_list(heap_t *h)
{
    if (!ptab) return NIL;
    pthread_mutex_lock(&ptab_lock);
    term *ids = malloc((ptab_used + 1) * sizeof(term));
    if (!ids) laser_oom("ports/0", (ptab_used + 1) * sizeof(term));
    size_t k = 0;
    for (uint32_t i = 0; i < PORT_MAX && k < ptab_used; i++)
        if (ptab[i] && atomic_load(&ptab[i]->state) == PST_ALIVE) ids[k++] = ptab[i]->id;
    pthread_mutex_unlock(&ptab_lock);
    /* by number, as erlang:ports/0 (numbers wrap around the slots) */
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && term_port_data(ids[j - 1]) > term_port_data(ids[j]); j--) {
            term t = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = t;
        }
    term l = heap_make_list(h, ids, k, NIL);
    free(ids);
    return l;
}

/* ---------------------------------------------------------------------
 * Messages and signals from a port (under its lock).
 * ------------------------------------------------------------------- */
/* Send msg (built in frag) from the port to pid. */
static void send_frag(port_t *pt, term pid, term msg, gc_frag_t *frag)
{
    sig_t *s = calloc(1, sizeof *s);
    if (!s) laser_oom("signal", sizeof *s);
    s->kind = SIG_MSG;
    s->from = pt->id;
    s->msg = msg;
    s->frag = frag;
    sig_send(pid, s);
}

/* {Port, What} to the connected process (What copied). */
static void send_tagged(port_t *pt, term to, term what)
{
    size_t n = copy_size(what);
    gc_frag_t *f = sched_frag(3 + n);
    term msg = heap_make_tuple(&f->heap, 2, (term[]){pt->id, copy_term_n(&f->heap, what, n)});
    send_frag(pt, to, msg, f);
}

static term bytes_term(heap_t *h, bool binary, const uint8_t *d, size_t n)
{
    if (binary) return bin_make(h, d, n, NULL);
    term l = NIL;
    for (size_t i = n; i > 0; i--) l = heap_make_cons(h, term_from_small(d[i - 1]), l);
    return l;
}

static void emit_data(void *ctx, pframe_kind_t kind, const uint8_t *d, size_t n)
{
    port_t *pt = ctx;
    bool bin = pt->o.binary;
    gc_frag_t *f = sched_frag((bin ? bin_make_words(n) : 2 * n) + 3 + 3 + 3);
    heap_t *h = &f->heap;
    term b = bytes_term(h, bin, d, n);
    if (kind != PFR_DATA) b = heap_make_tuple(h, 2, (term[]){kind == PFR_EOL ? a_eol : a_noeol, b});
    term msg = heap_make_tuple(h, 2, (term[]){pt->id, heap_make_tuple(h, 2, (term[]){a_data, b})});
    send_frag(pt, pt->connected, msg, f);
}

static void port_io_close(void *arg);

/* Under the lock: the port is not busy any more; its waiters resume (and
 * retry their command). */
static void busy_clear_locked(port_t *pt)
{
    pt->busy = false;
    for (uint32_t i = 0; i < pt->nwaiters; i++) sig_send(pt->waiters[i], sig_new(SIG_RESUME, pt->id, NIL));
    pt->nwaiters = 0;
}

/* Under the lock, busy: p waits for the port (suspended: the scheduler
 * keeps it out of the run queues until the resume). */
static void busy_wait_locked(port_t *pt, proc_t *p)
{
    if (pt->nwaiters == pt->waiters_cap) {
        pt->waiters_cap = pt->waiters_cap ? 2 * pt->waiters_cap : 4;
        pt->waiters = realloc(pt->waiters, pt->waiters_cap * sizeof(term));
        if (!pt->waiters) laser_oom("busy port waiters", pt->waiters_cap * sizeof(term));
    }
    pt->waiters[pt->nwaiters++] = p->id;
    pthread_mutex_lock(&p->lock);
    p->suspended++;
    pthread_mutex_unlock(&p->lock);
    p->fcalls = 0; /* yield at the next reduction check */
}

static term down_msg(heap_t *h, const proc_mon_t *m, term id, term reason)
{
    term item = id;
    if (m->name != NIL) item = heap_make_tuple(h, 2, (term[]){m->name, ATOM(nonode_at_nohost)});
    term el[5] = {a_DOWN, sched_make_ref(h, m->ref), a_port, item, reason};
    return heap_make_tuple(h, 5, el);
}

/* The 'DOWN' signal of monitor m on port id, with reason (copied). */
static sig_t *down_sig(const proc_mon_t *m, term id, term reason)
{
    sig_t *s = calloc(1, sizeof *s);
    if (!s) laser_oom("signal", sizeof *s);
    s->kind = SIG_DOWN;
    s->from = id;
    memcpy(s->ref, m->ref, sizeof s->ref);
    size_t nr = copy_size(reason);
    s->frag = sched_frag(6 + 3 + 4 + nr);
    s->msg = down_msg(&s->frag->heap, m, id, copy_term_n(&s->frag->heap, reason, nr));
    return s;
}

/* The port ends with reason (under its lock, alive): it leaves the table
 * and the registry, tells its links and monitors, and its handles close
 * on the I/O thread. */
static void terminate_locked(port_t *pt, term reason)
{
    atomic_store(&pt->state, PST_DEAD);
    if (pt->o.kind == PK_INET) inet_terminated(pt, pt->o.inet);
    reg_unregister_slot(&pt->reg_name, pt->id);
    for (uint32_t i = 0; i < pt->nlinks && !pt->quiet_exit; i++)
        sig_send(pt->links[i], sig_new(SIG_EXIT_LINKED, pt->id, reason));
    pt->nlinks = 0;
    for (uint32_t i = 0; i < pt->nmonby; i++) sig_send(pt->monby[i].pid, down_sig(&pt->monby[i], pt->id, reason));
    pt->nmonby = 0;
    busy_clear_locked(pt);
    ptab_remove(pt);
    /* the table's reference: the caller holds another (a lookup's or
     * the I/O thread's, which port_io_close drops once the handles are
     * closed) */
    atomic_fetch_sub(&pt->refc, 1);
    io_run(port_io_close, pt);
}

static bool del_link(port_t *pt, term pid)
{
    for (uint32_t i = 0; i < pt->nlinks; i++)
        if (pt->links[i] == pid) {
            pt->links[i] = pt->links[--pt->nlinks];
            return true;
        }
    return false;
}

static void add_link(port_t *pt, term pid)
{
    for (uint32_t i = 0; i < pt->nlinks; i++)
        if (pt->links[i] == pid) return;
    if (pt->nlinks == pt->links_cap) {
        pt->links_cap = pt->links_cap ? 2 * pt->links_cap : 4;
        pt->links = realloc(pt->links, pt->links_cap * sizeof(term));
        if (!pt->links) laser_oom("port links", pt->links_cap * sizeof(term));
    }
    pt->links[pt->nlinks++] = pid;
}

void port_sig(term to, sig_t *s)
{
    port_t *pt = port_get(to);
    if (!pt) {
        /* what a closed port answers (erts): link -> exit noproc,
         * monitor -> 'DOWN' noproc */
        pthread_once(&atoms_once, atoms_init);
        if (s->kind == SIG_LINK && term_is_pid(s->from)) {
            sig_send(s->from, sig_new(SIG_EXIT_LINKED, to, ATOM(noproc)));
        } else if (s->kind == SIG_MONITOR && term_is_pid(s->from)) {
            proc_mon_t m = {{s->ref[0], s->ref[1], s->ref[2]}, s->from, s->msg};
            sig_send(s->from, down_sig(&m, to, ATOM(noproc)));
        }
        sig_free(s);
        return;
    }
    pthread_mutex_lock(&pt->lock);
    if (atomic_load(&pt->state) == PST_ALIVE) {
        switch (s->kind) {
        case SIG_LINK: add_link(pt, s->from); break;
        case SIG_UNLINK: del_link(pt, s->from); break;
        case SIG_MONITOR: {
            proc_mon_t m = {{s->ref[0], s->ref[1], s->ref[2]}, s->from, s->msg};
            proc_mon_add(&pt->monby, &pt->nmonby, &pt->monby_cap, &m);
            break;
        }
        case SIG_DEMONITOR: proc_mon_del(pt->monby, &pt->nmonby, s->ref, NULL); break;
        case SIG_EXIT:
            /* exit/2 on a port ends it whatever the reason (measured) */
            terminate_locked(pt, s->msg == a_kill ? a_killed : s->msg);
            break;
        case SIG_EXIT_LINKED:
            /* a linked process exited: normal only from the connected
             * process closes the port (erts_deliver_port_exit) */
            if (del_link(pt, s->from) && (s->msg != ATOM(normal) || s->from == pt->connected))
                terminate_locked(pt, s->msg);
            break;
        default: break;
        }
    }
    pthread_mutex_unlock(&pt->lock);
    port_unref(pt);
    sig_free(s);
}

/* ---------------------------------------------------------------------
 * The I/O thread's side.
 * ------------------------------------------------------------------- */
static void io_release(port_t *pt)
{
    if (pt->closing && !pt->handles) port_unref(pt);
}

static void on_handle_closed(uv_handle_t *h)
{
    port_t *pt = h->data;
    pt->handles--;
    io_release(pt);
}

static void close_handle(port_t *pt, uv_handle_t *h, bool *has)
{
    if (!*has) return;
    *has = false;
    uv_close(h, on_handle_closed);
    (void)pt;
}

/* Under the lock: the port's input is over and the child's status known
 * (or not wanted): send what OTP sends, maybe terminate. */
static void io_check_end(port_t *pt)
{
    if (atomic_load(&pt->state) != PST_ALIVE || !pt->eof_seen) return;
    if (pt->o.exit_status) {
        if (!pt->exited) return;
        term st = term_from_small(pt->status);
        gc_frag_t *f = sched_frag(6);
        term msg = heap_make_tuple(&f->heap, 2, (term[]){pt->id, heap_make_tuple(&f->heap, 2, (term[]){a_exit_status, st})});
        send_frag(pt, pt->connected, msg, f);
    }
    if (!pt->o.eof) terminate_locked(pt, ATOM(normal));
}

static void io_input_eof(port_t *pt)
{
    pthread_mutex_lock(&pt->lock);
    if (atomic_load(&pt->state) == PST_ALIVE) {
        pframe_eof(&pt->frame, emit_data, pt);
        pt->eof_seen = true;
        if (pt->o.eof) send_tagged(pt, pt->connected, a_eof);
        io_check_end(pt);
    }
    pthread_mutex_unlock(&pt->lock);
}

static void io_input(port_t *pt, const uint8_t *d, size_t n)
{
    pthread_mutex_lock(&pt->lock);
    if (atomic_load(&pt->state) == PST_ALIVE) {
        pt->input += n;
        atomic_fetch_add_explicit(&port_stat_input, n, memory_order_relaxed);
        pframe_feed(&pt->frame, d, n, emit_data, pt);
    }
    pthread_mutex_unlock(&pt->lock);
}

/* Under the lock, alive: the port fails with a POSIX error (erts'
 * driver_failure_posix). */
static void io_fail(port_t *pt, int uverr)
{
    char buf[32];
    const char *n = uv_err_name(uverr);
    size_t i = 0;
    for (; n[i] && i + 1 < sizeof buf; i++) buf[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]);
    buf[i] = 0;
    terminate_locked(pt, atom_from_cstr(buf));
}

static void on_alloc(uv_handle_t *h, size_t want, uv_buf_t *b)
{
    port_t *pt = h->data;
    (void)want;
    if (!pt->rbuf) {
        pt->rbuf = malloc(65536);
        if (!pt->rbuf) laser_oom("port read buffer", 65536);
    }
    *b = uv_buf_init(pt->rbuf, 65536);
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *b)
{
    port_t *pt = st->data;
    if (n > 0) {
        io_input(pt, (const uint8_t *)b->base, (size_t)n);
        return;
    }
    if (n == 0) return;
    /* EOF or an error: the input is over */
    uv_read_stop(st);
    close_handle(pt, (uv_handle_t *)&pt->pout, &pt->has_pout);
    io_input_eof(pt);
}

static void on_child_exit(uv_process_t *h, int64_t status, int sig)
{
    port_t *pt = h->data;
    close_handle(pt, (uv_handle_t *)&pt->proc, &pt->has_proc);
    pthread_mutex_lock(&pt->lock);
    pt->exited = true;
    pt->status = sig ? 128 + sig : status;
    io_check_end(pt);
    pthread_mutex_unlock(&pt->lock);
}

/* The fd driver reads with blocking reads on a thread of its own per
 * port: stdin may be a file, a pipe or a terminal, and is never made
 * non-blocking (it may share its file description with stdout). Not
 * libuv's thread pool: exit() would wait for its threads, blocked in a
 * read. The thread holds a reference; after the port closes it ends at
 * its next input. */
static void *fd_reader(void *arg)
{
    port_t *pt = arg;
    uint8_t *buf = malloc(65536);
    if (!buf) laser_oom("port read buffer", 65536);
    while (atomic_load(&pt->state) == PST_ALIVE) {
        ssize_t n = read(pt->o.fd_in, buf, 65536);
        if (n > 0) {
            io_input(pt, buf, (size_t)n);
        } else if (n < 0 && errno == EAGAIN) {
            struct pollfd pf = {pt->o.fd_in, POLLIN, 0};
            poll(&pf, 1, -1);
        } else if (!(n < 0 && errno == EINTR)) {
            io_input_eof(pt);
            break;
        }
    }
    free(buf);
    port_unref(pt);
    return NULL;
}

static void fd_start(port_t *pt)
{
    atomic_fetch_add(&pt->refc, 1);
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, fd_reader, pt)) {
        io_input_eof(pt);
        port_unref(pt);
    }
    pthread_attr_destroy(&a);
}

typedef struct {
    port_t *pt;
    int rc;
} spawn_job_t;

static int pipe_pair(int fds[2])
{
    if (pipe2(fds, O_CLOEXEC)) return uv_translate_sys_error(errno);
    return 0;
}

static void open_pipe(port_t *pt, uv_pipe_t *p, int fd, bool *has)
{
    uv_pipe_init(io_loop(), p, 0);
    p->data = pt;
    uv_pipe_open(p, fd);
    pt->handles++;
    *has = true;
}

static void io_end(void *arg)
{
    port_t *pt = arg;
    pthread_mutex_lock(&pt->lock);
    io_check_end(pt);
    pthread_mutex_unlock(&pt->lock);
}

/* On the I/O thread: start the child with its pipes. */
static void io_spawn(void *arg)
{
    spawn_job_t *j = arg;
    port_t *pt = j->pt;
    port_opts_t *o = &pt->o;
    int to_child[2] = {-1, -1}, from_child[2] = {-1, -1};
    uv_stdio_container_t st[5];
    memset(st, 0, sizeof st);
    for (int i = 0; i < 5; i++) st[i].flags = UV_IGNORE;
    int nst = 3;
    int rfd = o->use_stdio ? 0 : 3, wfd = o->use_stdio ? 1 : 4;
    if (!o->use_stdio) {
        nst = 5;
        st[0].flags = st[1].flags = UV_INHERIT_FD;
        st[0].data.fd = 0, st[1].data.fd = 1;
    }
    st[2].flags = UV_INHERIT_FD;
    st[2].data.fd = 2;
    int rc = 0;
    if (o->out && (rc = pipe_pair(to_child))) goto out;
    if (o->in && (rc = pipe_pair(from_child))) goto out;
    if (o->out) st[rfd].flags = UV_INHERIT_FD, st[rfd].data.fd = to_child[0];
    if (o->in) {
        st[wfd].flags = UV_INHERIT_FD, st[wfd].data.fd = from_child[1];
        if (o->stderr_to_stdout) st[2].data.fd = from_child[1];
    } else if (o->use_stdio) {
        st[1].flags = UV_INHERIT_FD, st[1].data.fd = 1;
    }
    /* the environment: ours with the {env, ...} changes */
    char **env = NULL;
    if (o->env && o->env[0]) {
        extern char **environ;
        size_t ne = 0, nc = 0;
        while (environ[ne]) ne++;
        while (o->env[nc]) nc++;
        env = calloc(ne + nc + 1, sizeof *env);
        if (!env) laser_oom("port environment", (ne + nc + 1) * sizeof *env);
        size_t k = 0;
        for (size_t i = 0; i < ne; i++) {
            bool drop = false;
            for (size_t c = 0; c < nc && !drop; c++) {
                const char *eq = strchr(o->env[c], '=');
                size_t kl = eq ? (size_t)(eq - o->env[c]) : strlen(o->env[c]);
                drop = !strncmp(environ[i], o->env[c], kl) && environ[i][kl] == '=';
            }
            if (!drop) env[k++] = environ[i];
        }
        for (size_t c = 0; c < nc; c++)
            if (strchr(o->env[c], '=')) env[k++] = o->env[c];
        env[k] = NULL;
    }
    uv_process_options_t po = {
        .exit_cb = on_child_exit,
        .file = o->file,
        .args = o->argv,
        .env = env,
        .cwd = o->cd,
        .stdio_count = nst,
        .stdio = st,
    };
    pt->proc.data = pt;
    rc = uv_spawn(io_loop(), &pt->proc, &po);
    free(env);
    if (rc) {
        /* the child could not start (erts' child setup fails after the
         * fork): the port opens, its input is over and the status is the
         * errno, as erl's; libuv's handle must still be closed */
        pt->handles++;
        uv_close((uv_handle_t *)&pt->proc, on_handle_closed);
        struct stat sb;
        if (o->cd && (stat(o->cd, &sb) || !S_ISDIR(sb.st_mode) || access(o->cd, X_OK)))
            fprintf(stderr, "spawn: Could not cd to %s\n", o->cd);
        pt->exited = pt->eof_seen = true;
        pt->status = -rc;
        rc = 0;
        io_run(io_end, pt);
        goto out;
    }
    pt->handles++;
    pt->has_proc = true;
    pt->os_pid = pt->proc.pid;
    if (o->out) {
        open_pipe(pt, &pt->pin, to_child[1], &pt->has_pin);
        pt->wfd = to_child[1]; /* non-blocking now (uv_pipe_open) */
        to_child[1] = -1;
    }
    if (o->in) {
        open_pipe(pt, &pt->pout, from_child[0], &pt->has_pout);
        from_child[0] = -1;
        uv_read_start((uv_stream_t *)&pt->pout, on_alloc, on_read);
    } else {
        pt->eof_seen = true;
    }
out:
    for (int i = 0; i < 2; i++) {
        if (to_child[i] >= 0) close(to_child[i]);
        if (from_child[i] >= 0) close(from_child[i]);
    }
    j->rc = rc;
}

/* On the I/O thread: close the handles once pending writes are done. */
static void on_shutdown(uv_shutdown_t *r, int status)
{
    port_t *pt = r->data;
    (void)status;
    free(r);
    close_handle(pt, (uv_handle_t *)&pt->pin, &pt->has_pin);
}

static void port_io_close(void *arg)
{
    port_t *pt = arg;
    pt->closing = true;
    if (pt->o.kind == PK_INET) {
        inet_io_close(pt, pt->o.inet);
        io_release(pt);
        return;
    }
    if (pt->has_pout) {
        uv_read_stop((uv_stream_t *)&pt->pout);
        close_handle(pt, (uv_handle_t *)&pt->pout, &pt->has_pout);
    }
    if (pt->has_pin) {
        uv_shutdown_t *r = malloc(sizeof *r);
        if (!r) laser_oom("port shutdown", sizeof *r);
        r->data = pt;
        if (uv_shutdown(r, (uv_stream_t *)&pt->pin, on_shutdown)) {
            free(r);
            close_handle(pt, (uv_handle_t *)&pt->pin, &pt->has_pin);
        }
    }
    /* the child is reaped when it exits (on_child_exit closes its handle) */
    io_release(pt);
}

typedef struct {
    uv_write_t req;
    port_t *pt;
    size_t n;
    char data[];
} write_job_t;

static void on_written(uv_write_t *r, int status)
{
    write_job_t *w = (write_job_t *)r;
    port_t *pt = w->pt;
    bool drained = atomic_fetch_sub(&pt->queue, w->n) == w->n;
    if ((status < 0 && status != UV_ECANCELED) || drained) {
        pthread_mutex_lock(&pt->lock);
        if (atomic_load(&pt->state) == PST_ALIVE) {
            if (status < 0 && status != UV_ECANCELED) io_fail(pt, status);
            /* erts' spawn driver: busy until its queue is empty */
            else if (pt->busy && !atomic_load(&pt->queue)) busy_clear_locked(pt);
        }
        pthread_mutex_unlock(&pt->lock);
    }
    free(w);
    port_unref(pt);
}

static void io_write(void *arg)
{
    write_job_t *w = arg;
    port_t *pt = w->pt;
    uv_buf_t b = uv_buf_init(w->data, (unsigned)w->n);
    if (!pt->has_pin || pt->closing || uv_write(&w->req, (uv_stream_t *)&pt->pin, &b, 1, on_written)) {
        atomic_fetch_sub(&pt->queue, w->n);
        free(w);
        port_unref(pt);
    }
}

/* ---------------------------------------------------------------------
 * Operations for the BIFs.
 * ------------------------------------------------------------------- */
int port_open(proc_t *p, port_opts_t *o, term *out)
{
    port_t *pt = ptab_add();
    if (!pt) return UV_EAGAIN;
    /* in the table already: port_info and ports/0 may look at it */
    pthread_mutex_lock(&pt->lock);
    pt->o = *o;
    memset(o, 0, sizeof *o);
    pt->frame.packet = pt->o.packet;
    pt->frame.line = pt->o.line;
    pt->connected = p->id;
    add_link(pt, p->id);
    pt->os_pid = -1;
    /* the I/O thread's reference, and ours: a child that ends at once
     * may have its port closed before io_run_sync returns */
    atomic_fetch_add(&pt->refc, 2);
    if (pt->o.kind == PK_FD && !pt->o.in) pt->eof_seen = true;
    pthread_mutex_unlock(&pt->lock);
    if (pt->o.kind == PK_INET) {
        /* the socket's handles start with its first wait (inet_kick) */
    } else if (pt->o.kind == PK_FD) {
        if (pt->o.in) fd_start(pt);
    } else {
        spawn_job_t j = {pt, 0};
        io_run_sync(io_spawn, &j);
        if (j.rc) {
            atomic_store(&pt->state, PST_DEAD);
            ptab_remove(pt);
            port_unref(pt); /* the table's; the I/O thread drops its own */
            port_unref(pt);
            return j.rc;
        }
    }
    proc_add_link(p, pt->id);
    *out = pt->id;
    port_unref(pt);
    return 0;
}

typedef struct {
    uint8_t *d;
    size_t n, cap;
} buf_t;

static void buf_add(void *ctx, const uint8_t *d, size_t n)
{
    buf_t *b = ctx;
    bytes_add(&b->d, &b->n, &b->cap, d, n);
}

/* Write all of d to fd from a scheduler thread, ordered with stdio's
 * output to the same fd (erts' fd driver writes at once too). */
static int fd_write_all(int fd, const uint8_t *d, size_t n)
{
    FILE *f = fd == 1 ? stdout : fd == 2 ? stderr : NULL;
    if (f) {
        flockfile(f);
        fflush(f);
    }
    int rc = 0;
    while (n) {
        ssize_t k = write(fd, d, n);
        if (k > 0) {
            d += k, n -= (size_t)k;
        } else if (k < 0 && errno == EAGAIN) {
            struct pollfd pf = {fd, POLLOUT, 0};
            poll(&pf, 1, -1);
        } else if (k < 0 && errno != EINTR) {
            rc = uv_translate_sys_error(errno);
            break;
        }
    }
    if (f) funlockfile(f);
    return rc;
}

/* One run of port_command's data, as erts takes it: a bitstring shorter
 * than a byte counts as empty, whole bytes with bits left over are
 * refused (measured on erl 25: <<1:3>> and [<<"a">>, <<1:3>>] are sent as
 * "" and "a", <<"ab", 1:3>> is badarg; erl's `!` also refuses some short
 * bitstrings before more data, depending on timing). */
typedef struct {
    buf_t b;
    bool bad;
} cmd_buf_t;

static void cmd_piece(void *ctx, const uint8_t *base, uint64_t bitoffs, uint64_t nbits)
{
    cmd_buf_t *c = ctx;
    if (nbits < 8) return;
    if (nbits % 8) {
        c->bad = true;
        return;
    }
    size_t n = (size_t)(nbits / 8);
    if (bitoffs % 8 == 0) {
        buf_add(&c->b, base + bitoffs / 8, n);
        return;
    }
    bin_copy_bits(base, bitoffs, bytes_reserve(&c->b.d, &c->b.n, &c->b.cap, n), 0, nbits);
}

/* Under the lock, alive: write d to the child's stdin. What the pipe does
 * not take at once (nothing queued: the order is kept) goes to the I/O
 * thread, and a queue past PORT_BUSY_HIGH makes the port busy. */
static void spawn_write(port_t *pt, const uint8_t *d, size_t n)
{
    size_t off = 0;
    if (pt->wfd >= 0 && !atomic_load(&pt->queue)) {
        ssize_t k;
        do k = write(pt->wfd, d, n);
        while (k < 0 && errno == EINTR);
        if (k < 0 && errno != EAGAIN) {
            io_fail(pt, uv_translate_sys_error(errno));
            return;
        }
        if (k > 0) off = (size_t)k;
    }
    if (off == n) return;
    write_job_t *w = malloc(sizeof *w + (n - off));
    if (!w) laser_oom("port write", sizeof *w + (n - off));
    w->pt = pt;
    w->n = n - off;
    memcpy(w->data, d + off, n - off);
    atomic_fetch_add(&pt->refc, 1);
    if (atomic_fetch_add(&pt->queue, w->n) + w->n >= PORT_BUSY_HIGH) pt->busy = true;
    io_run(io_write, w);
}

int port_command(proc_t *p, port_t *pt, term data, port_cmd_mode_t mode)
{
    cmd_buf_t c = {{0}, false};
    size_t h = pt->o.packet;
    if (h) buf_add(&c.b, (const uint8_t[4]){0}, h);
    bool iodata = bif_iolist_walk(data, true, cmd_piece, &c);
    if (!iodata || c.bad) {
        free(c.b.d);
        /* erts' badsig_received: reported, then badarg or badsig */
        size_t n = strlen(pt->o.name) + 40;
        char *text = malloc(n);
        if (!text) laser_oom("port report", n);
        snprintf(text, n, "Bad value on output port '%s'\n", pt->o.name);
        errlog_str_nogl(p, text);
        free(text);
        return iodata ? PORT_BADBITS : PORT_BADDATA;
    }
    buf_t b = c.b;
    size_t len = b.n - h;
    for (size_t i = 0; i < h; i++) b.d[h - 1 - i] = (uint8_t)(len >> (8 * i));
    int rc = PORT_DONE;
    pthread_mutex_lock(&pt->lock);
    if (atomic_load(&pt->state) != PST_ALIVE) {
        rc = PORT_CLOSED;
    } else if (pt->busy && mode != PC_AFTER) {
        if (mode == PC_NOSUSPEND) {
            rc = PORT_BUSY;
        } else {
            busy_wait_locked(pt, p);
            rc = PORT_SUSPENDED;
        }
    } else if (h && len >> (8 * h)) {
        /* too long for the packet header: accepted, the port fails */
        io_fail(pt, UV_EINVAL);
    } else if ((pt->output += b.n, atomic_fetch_add_explicit(&port_stat_output, b.n, memory_order_relaxed), !pt->o.out)) {
        /* erts drops output to a port opened without `out` */
    } else if (pt->o.kind == PK_INET) {
        inet_command(p, pt, pt->o.inet, b.d, b.n);
    } else if (pt->o.kind == PK_FD) {
        int e = fd_write_all(pt->o.fd_out, b.d, b.n);
        if (e) io_fail(pt, e);
    } else if (b.n) {
        spawn_write(pt, b.d, b.n);
        /* `!` to a busy port: sent, and the sender waits */
        if (pt->busy && mode == PC_AFTER && atomic_load(&pt->state) == PST_ALIVE) busy_wait_locked(pt, p);
    }
    pthread_mutex_unlock(&pt->lock);
    free(b.d);
    return rc;
}

bool port_close(port_t *pt)
{
    pthread_mutex_lock(&pt->lock);
    bool alive = atomic_load(&pt->state) == PST_ALIVE;
    if (alive) terminate_locked(pt, ATOM(normal));
    pthread_mutex_unlock(&pt->lock);
    return alive;
}

bool port_connect(proc_t *p, port_t *pt, term pid)
{
    pthread_mutex_lock(&pt->lock);
    bool alive = atomic_load(&pt->state) == PST_ALIVE;
    if (alive) {
        pt->connected = pid;
        add_link(pt, pid);
    }
    pthread_mutex_unlock(&pt->lock);
    if (alive && pid == p->id) proc_add_link(p, pt->id);
    else if (alive) sig_send(pid, sig_new(SIG_LINK, pt->id, NIL));
    return alive;
}

term port_control(proc_t *p, port_t *pt, uint64_t op, term data)
{
    if (pt->o.kind == PK_INET) {
        cmd_buf_t c = {{0}, false};
        if (!bif_iolist_walk(data, true, cmd_piece, &c) || c.bad) {
            free(c.b.d);
            return THE_NON_VALUE;
        }
        pthread_mutex_lock(&pt->lock);
        term r = THE_NON_VALUE;
        if (atomic_load(&pt->state) == PST_ALIVE) r = inet_control(p, pt, pt->o.inet, op, c.b.d, c.b.n);
        pthread_mutex_unlock(&pt->lock);
        free(c.b.d);
        return r;
    }
    /* the spawn driver has no control callback (badarg); the fd driver
     * answers FD_CTRL_OP_GET_WINSIZE (100) with a terminal's width and
     * height (user.erl's get_geometry), and fails otherwise (measured:
     * badarg on erl 25 when the fd is not a terminal) */
    struct winsize ws;
    if (pt->o.kind != PK_FD || op != 100 || ioctl(pt->o.fd_out, TIOCGWINSZ, &ws) || !ws.ws_col)
        return THE_NON_VALUE;
    uint32_t wh[2] = {ws.ws_col, ws.ws_row};
    const uint8_t *b = (const uint8_t *)wh;
    term l = NIL;
    for (int i = 7; i >= 0; i--) l = heap_make_cons(proc_heap(p), term_from_small(b[i]), l);
    return l;
}

static term str_term(heap_t *h, const char *s)
{
    size_t n = strlen(s);
    return bytes_term(h, false, (const uint8_t *)s, n);
}

/* erts' port index: numbers spread over cache lines of 8 slots
 * (erts_ptab_data2pix with a 65536-slot table). */
static uint64_t port_index(uint32_t num)
{
    uint32_t n = num % PORT_MAX;
    return (uint64_t)(n % (PORT_MAX / 8)) * 8 + n / (PORT_MAX / 8);
}

static int term_order(const void *a, const void *b) { return cmp_terms(*(const term *)a, *(const term *)b); }

/* Under the lock. */
static term info_value(heap_t *h, port_t *pt, term item, bool *ok)
{
    *ok = true;
    if (item == a_id) return term_from_small((int64_t)port_index(pt->num));
    if (item == a_name) return str_term(h, pt->o.name);
    if (item == a_connected) return pt->connected;
    if (item == a_links) {
        term *v = malloc((pt->nlinks + 1) * sizeof(term));
        if (!v) laser_oom("port_info", (pt->nlinks + 1) * sizeof(term));
        memcpy(v, pt->links, pt->nlinks * sizeof(term));
        qsort(v, pt->nlinks, sizeof(term), term_order);
        term l = heap_make_list(h, v, pt->nlinks, NIL);
        free(v);
        return l;
    }
    if (item == a_monitors) return NIL;
    if (item == a_monitored_by) {
        term l = NIL;
        for (uint32_t i = pt->nmonby; i > 0; i--) l = heap_make_cons(h, pt->monby[i - 1].pid, l);
        return l;
    }
    if (item == a_input) return term_from_small((int64_t)pt->input);
    if (item == a_output) return term_from_small((int64_t)pt->output);
    if (item == a_os_pid) return pt->os_pid > 0 ? term_from_small(pt->os_pid) : ATOM(undefined);
    if (item == a_queue_size) return term_from_small((int64_t)atomic_load(&pt->queue));
    if (item == a_memory)
        return term_from_small((int64_t)(sizeof *pt + pt->links_cap * sizeof(term) +
                                         pt->monby_cap * sizeof(proc_mon_t) + pt->frame.cap));
    if (item == a_parallelism) return ATOM_false;
    if (item == a_locking) return a_port_level;
    *ok = false;
    return NIL;
}

term port_info_item(heap_t *h, port_t *pt, term item)
{
    if (item == a_registered_name) {
        term n = reg_slot_read(&pt->reg_name);
        if (!port_alive(pt->id)) return ATOM(undefined);
        return n == NIL ? NIL : heap_make_tuple(h, 2, (term[]){a_registered_name, n});
    }
    bool ok;
    pthread_mutex_lock(&pt->lock);
    term v = NIL, r;
    if (atomic_load(&pt->state) != PST_ALIVE) r = ATOM(undefined);
    else if (v = info_value(h, pt, item, &ok), !ok) r = THE_NON_VALUE;
    else r = heap_make_tuple(h, 2, (term[]){item, v});
    pthread_mutex_unlock(&pt->lock);
    return r;
}

term port_info_all(heap_t *h, port_t *pt)
{
    term items[] = {a_name, a_links, a_id, a_connected, a_input, a_output, a_os_pid};
    size_t n = 7;
    term name = reg_slot_read(&pt->reg_name);
    term v[8];
    size_t k = 0;
    bool ok;
    pthread_mutex_lock(&pt->lock);
    if (atomic_load(&pt->state) != PST_ALIVE) {
        pthread_mutex_unlock(&pt->lock);
        return ATOM(undefined);
    }
    if (name != NIL) v[k++] = heap_make_tuple(h, 2, (term[]){a_registered_name, name});
    for (size_t i = 0; i < n; i++) v[k++] = heap_make_tuple(h, 2, (term[]){items[i], info_value(h, pt, items[i], &ok)});
    pthread_mutex_unlock(&pt->lock);
    return heap_make_list(h, v, k, NIL);
}

void port_set_data(port_t *pt, term data)
{
    pthread_mutex_lock(&pt->lock);
    heap_free(&pt->data_heap);
    heap_init(&pt->data_heap);
    pt->data = copy_term(&pt->data_heap, data);
    pthread_mutex_unlock(&pt->lock);
}

term port_get_data(heap_t *h, port_t *pt)
{
    pthread_mutex_lock(&pt->lock);
    term r = copy_term(h, pt->data);
    pthread_mutex_unlock(&pt->lock);
    return r;
}

term port_monitor(proc_t *p, term item)
{
    pthread_once(&atoms_once, atoms_init);
    proc_mon_t m = {{0, 0, 0}, item, NIL};
    if (term_is_atom(item)) {
        m.name = item;
        m.pid = reg_whereis(item);
    }
    sched_ref_numbers(m.ref);
    heap_t *h = proc_heap(p);
    term ref = sched_make_ref(h, m.ref);
    if (!term_is_port(m.pid)) m.pid = item; /* no port by that name */
    proc_mon_add(&p->mons, &p->nmons, &p->mons_cap, &m);
    if (!term_is_local_port(m.pid)) {
        sig_send(p->id, down_sig(&m, item, ATOM(noproc)));
        return ref;
    }
    sig_t *s = sig_new(SIG_MONITOR, p->id, m.name);
    memcpy(s->ref, m.ref, sizeof s->ref);
    port_sig(m.pid, s);
    return ref;
}

/* The port-message protocol: {Pid, {command, Data}}, {Pid, close},
 * {Pid, {connect, NewPid}} from the connected process; anything else
 * (or from another process) makes the port send its connected process an
 * exit signal badsig (erts' send_badsig; a command that is not iodata is
 * also reported to the logger). A closed port drops the message. */
void port_send(proc_t *p, term to, term msg)
{
    port_t *pt = port_get(to);
    if (!pt) return;
    const term *e = term_is_tuple(msg) && term_tuple_arity(msg) == 2 ? term_tuple_elems(msg) : NULL;
    pthread_mutex_lock(&pt->lock);
    term conn = pt->connected;
    pthread_mutex_unlock(&pt->lock);
    bool ok = false;
    if (e && e[0] == conn) {
        term c = e[1];
        const term *ce = term_is_tuple(c) && term_tuple_arity(c) == 2 ? term_tuple_elems(c) : NULL;
        if (ce && ce[0] == a_command && port_command(p, pt, ce[1], PC_AFTER) != PORT_BADDATA) {
            ok = true;
        } else if (c == a_close) {
            ok = true;
            pthread_mutex_lock(&pt->lock);
            if (atomic_load(&pt->state) == PST_ALIVE) {
                send_tagged(pt, e[0], a_closed);
                terminate_locked(pt, ATOM(normal));
            }
            pthread_mutex_unlock(&pt->lock);
        } else if (ce && ce[0] == a_connect && term_is_pid(ce[1])) {
            ok = true;
            pthread_mutex_lock(&pt->lock);
            if (atomic_load(&pt->state) == PST_ALIVE) {
                pt->connected = ce[1];
                send_tagged(pt, e[0], a_connected);
            }
            pthread_mutex_unlock(&pt->lock);
        }
    }
    if (!ok) sig_send(conn, sig_new(SIG_EXIT, pt->id, a_badsig));
    port_unref(pt);
}

/* ---------------------------------------------------------------------
 * For the inet driver (inet.c).
 * ------------------------------------------------------------------- */
void port_lock(port_t *pt) { pthread_mutex_lock(&pt->lock); }
void port_unlock(port_t *pt) { pthread_mutex_unlock(&pt->lock); }
void port_ref(port_t *pt) { atomic_fetch_add(&pt->refc, 1); }
struct inet *port_inet(port_t *pt) { return pt->o.inet; }
bool port_alive_locked(port_t *pt) { return atomic_load(&pt->state) == PST_ALIVE; }
term port_owner_locked(port_t *pt) { return pt->connected; }
void port_send_locked(port_t *pt, term to, term msg, gc_frag_t *frag) { send_frag(pt, to, msg, frag); }
void port_terminate_locked(port_t *pt, term reason, bool tell_links)
{
    pt->quiet_exit = !tell_links;
    terminate_locked(pt, reason);
}

void port_set_busy_locked(port_t *pt, bool busy)
{
    if (busy) pt->busy = true;
    else if (pt->busy) busy_clear_locked(pt);
}

void port_count_io(port_t *pt, uint64_t in, uint64_t out)
{
    pt->input += in;
    pt->output += out;
    atomic_fetch_add_explicit(&port_stat_input, in, memory_order_relaxed);
    atomic_fetch_add_explicit(&port_stat_output, out, memory_order_relaxed);
}

void port_handle_opened(port_t *pt) { pt->handles++; }

void port_handle_close(port_t *pt, uv_handle_t *h)
{
    (void)pt;
    uv_close(h, on_handle_closed);
}

port_t *port_open_inet(term owner, struct inet *in, const char *name)
{
    port_t *pt = ptab_add();
    if (!pt) return NULL;
    pthread_mutex_lock(&pt->lock);
    pt->o.kind = PK_INET;
    pt->o.inet = in;
    pt->o.name = strdup(name);
    if (!pt->o.name) laser_oom("port name", strlen(name) + 1);
    pt->o.binary = pt->o.in = pt->o.out = true;
    pt->connected = owner;
    add_link(pt, owner);
    pt->os_pid = -1;
    atomic_fetch_add(&pt->refc, 2); /* the I/O thread's and the caller's */
    pthread_mutex_unlock(&pt->lock);
    sig_send(owner, sig_new(SIG_LINK, pt->id, NIL));
    return pt;
}
