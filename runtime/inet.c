/*
 * inet.c - the tcp_inet and udp_inet drivers (see inet.h for the model).
 *
 * The protocol is erts' inet_drv.c as OTP 25's prim_inet speaks it:
 * port_control(S, ?INET_REQ_* + 16#3f1a300, Data) answers [1 | Reply] or
 * [0 | "errname"]; accept, connect and recv answer [1, R1, R0] at once
 * and later send {inet_async, S, Ref, Result}; port_command sends and
 * answers {inet_reply, S, Status}. Multi-byte values are big-endian.
 */
#define _GNU_SOURCE
#include "inet.h"

#include "atom.h"
#include "bin.h"
#include "dist.h"
#include "packet.h"
#include "posix.h"
#include "scheduler.h"

#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define INET_MAGIC 0x03f1a300u /* added to every request by prim_inet */

enum {
    REQ_OPEN = 1, REQ_CLOSE = 2, REQ_CONNECT = 3, REQ_PEER = 4, REQ_NAME = 5, REQ_BIND = 6, REQ_SETOPTS = 7,
    REQ_GETOPTS = 8, REQ_GETSTAT = 11, REQ_GETHOSTNAME = 12, REQ_GETFD = 14, REQ_GETTYPE = 15,
    REQ_GETSTATUS = 16, REQ_GETSERVBYNAME = 17, REQ_GETSERVBYPORT = 18, REQ_SUBSCRIBE = 24, REQ_GETIFADDRS = 25, REQ_ACCEPT = 26, REQ_LISTEN = 27, REQ_IGNOREFD = 28,
    TCP_REQ_RECV = 42, TCP_REQ_UNRECV = 43, TCP_REQ_SHUTDOWN = 44, PACKET_REQ_RECV = 60,
};

/* getstatus flags (inet_int.hrl) */
enum { F_OPEN = 1, F_BOUND = 2, F_ACTIVE = 4, F_LISTEN = 8, F_CON = 16, F_ACC = 32 };
#define ST_CONNECTED (F_OPEN | F_BOUND | F_ACTIVE)

/* active modes */
enum { ACT_PASSIVE = 0, ACT_TRUE = 1, ACT_ONCE = 2, ACT_MULTI = 3 };

/* option codes (prim_inet:enc_opt) */
enum {
    O_REUSEADDR = 0, O_KEEPALIVE = 1, O_DONTROUTE = 2, O_LINGER = 3, O_BROADCAST = 4, O_SNDBUF = 6, O_RCVBUF = 7,
    O_PRIORITY = 8, O_TOS = 9, O_NODELAY = 10, O_MULTICAST_IF = 11, O_MULTICAST_TTL = 12, O_MULTICAST_LOOP = 13,
    O_V6ONLY = 16, O_BUFFER = 20, O_HEADER = 21, O_ACTIVE = 22, O_PACKET = 23, O_MODE = 24, O_DELIVER = 25,
    O_EXITONCLOSE = 26, O_HIWTRMRK = 27, O_LOWTRMRK = 28, O_SEND_TIMEOUT = 30, O_DELAY_SEND = 31,
    O_PACKET_SIZE = 32, O_READ_PACKETS = 33, O_SEND_TIMEOUT_CLOSE = 35, O_MSGQ_HIWTRMRK = 36,
    O_MSGQ_LOWTRMRK = 37, O_SHOW_ECONNRESET = 39, O_LINE_DELIM = 40, O_TCLASS = 41, O_RECVTOS = 43,
    O_RECVTCLASS = 44, O_TTL = 46, O_RECVTTL = 47, O_NOPUSH = 48,
};

typedef struct {
    term pid;
    uint16_t ref;
    int64_t deadline; /* monotonic ms, -1: none */
} waiter_t;

struct inet {
    bool udp;
    int fd, family, state;
    /* options */
    int active;
    int16_t active_n;
    pkt_type_t ptype;
    uint32_t psize, header, bufsz;
    bool binary, exitf, delay_send, send_timeout_close, show_econnreset, deliver_port;
    bool dist; /* a distribution controller: frames go to dist_input */
    int64_t send_timeout; /* ms, -1: infinity */
    int32_t hiwtr, lowtr, msgq_hi, msgq_lo, read_packets;
    uint8_t delim;
    int http_state;
    /* input */
    uint8_t *ibuf;
    size_t ilen, icap;
    bool eof;                   /* the peer closed: nothing more to read */
    bool closed_recv, closed_send; /* report `closed` once more (erts' delayed close) */
    /* output */
    uint8_t *obuf;
    size_t olen, ocap, ooff;
    bool shut_wr;     /* shutdown(write) once the output is out */
    bool busy;        /* output past high_watermark until under low_watermark */
    term busy_caller; /* whose send made it busy: its inet_reply waits, or NIL */
    int64_t send_deadline; /* send_timeout of that send, -1: none */
    term subscriber;  /* {empty_out_q, S} when the output drains, or NIL */
    /* waiting callers */
    uint16_t next_ref;
    bool recv_on, conn_on;
    waiter_t recv, conn;
    uint32_t recv_len;
    waiter_t *acc;
    size_t nacc, acc_cap;
    /* statistics */
    uint64_t recv_cnt, recv_max, recv_oct, send_cnt, send_max, send_oct;
    double recv_avg, recv_dvi, send_avg;
    /* the I/O thread's */
    uv_poll_t poll;
    uv_timer_t timer;
    bool handles, kick_queued;
    int events; /* what the poll waits for now */
};

static term a_inet_async, a_inet_reply, a_tcp, a_tcp_closed, a_tcp_error, a_tcp_passive, a_udp, a_udp_passive,
    a_http, a_closed, a_timeout, a_empty_out_q, a_einval, a_enotconn;
static pthread_once_t atoms_once = PTHREAD_ONCE_INIT;

static void atoms_init(void)
{
#define A(v, s) v = atom_from_cstr(s)
    A(a_inet_async, "inet_async"), A(a_inet_reply, "inet_reply"), A(a_tcp, "tcp"), A(a_tcp_closed, "tcp_closed");
    A(a_tcp_error, "tcp_error"), A(a_tcp_passive, "tcp_passive"), A(a_udp, "udp"), A(a_udp_passive, "udp_passive");
    A(a_http, "http"), A(a_closed, "closed"), A(a_timeout, "timeout"), A(a_empty_out_q, "empty_out_q");
    A(a_einval, "einval"), A(a_enotconn, "enotconn");
#undef A
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t get32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* ---------------------------------------------------------------------
 * Creation.
 * ------------------------------------------------------------------- */
static inet_t *inet_alloc(bool udp)
{
    pthread_once(&atoms_once, atoms_init);
    inet_t *in = calloc(1, sizeof *in);
    if (!in) laser_oom("socket", sizeof *in);
    in->udp = udp;
    in->fd = -1;
    in->exitf = true;
    in->send_timeout = -1;
    in->bufsz = udp ? 9216 : 1460; /* erts' defaults (INET_DEF_BUFFER, INET_MAX_UDP..) */
    in->delim = '\n';
    in->hiwtr = 8192, in->lowtr = 4096;
    in->msgq_hi = 8192, in->msgq_lo = 4096;
    in->read_packets = 5;
    in->subscriber = NIL;
    in->busy_caller = NIL;
    in->send_deadline = -1;
    return in;
}

inet_t *inet_new(const char *driver)
{
    if (!strcmp(driver, "tcp_inet")) return inet_alloc(false);
    if (!strcmp(driver, "udp_inet")) return inet_alloc(true);
    return NULL;
}

void inet_free(inet_t *in)
{
    if (in->fd >= 0 && !in->handles) close(in->fd);
    free(in->ibuf);
    free(in->obuf);
    free(in->acc);
    free(in);
}

/* ---------------------------------------------------------------------
 * Replies and messages.
 * ------------------------------------------------------------------- */
/* port_control's reply: [Code | bytes]. */
static term reply(proc_t *p, int code, const uint8_t *d, size_t n)
{
    heap_t *h = proc_heap(p);
    term l = NIL;
    for (size_t i = n; i > 0; i--) l = heap_make_cons(h, term_from_small(d[i - 1]), l);
    return heap_make_cons(h, term_from_small(code), l);
}

static term reply_ok(proc_t *p) { return reply(p, 1, NULL, 0); }

static term reply_err_name(proc_t *p, const char *name) { return reply(p, 0, (const uint8_t *)name, strlen(name)); }

static term reply_errno(proc_t *p, int err)
{
    size_t n;
    const uint8_t *s = atom_text(posix_errno_atom(err), &n);
    return reply(p, 0, s, n);
}

static term reply_ref(proc_t *p, uint16_t ref)
{
    uint8_t b[2] = {(uint8_t)(ref >> 8), (uint8_t)ref};
    return reply(p, 1, b, 2);
}

static void send_msg(port_t *pt, term to, gc_frag_t *f, term msg) { port_send_locked(pt, to, msg, f); }

/* {inet_async, S, Ref, What} with What built by the caller in f. */
static void send_async(port_t *pt, const waiter_t *w, gc_frag_t *f, term what)
{
    term msg = heap_make_tuple(&f->heap, 4, (term[]){a_inet_async, port_id(pt), term_from_small(w->ref), what});
    send_msg(pt, w->pid, f, msg);
}

static void async_error(port_t *pt, const waiter_t *w, term reason)
{
    gc_frag_t *f = sched_frag(3 + 5);
    send_async(pt, w, f, heap_make_tuple(&f->heap, 2, (term[]){ATOM(error), reason}));
}

static void async_ok(port_t *pt, const waiter_t *w)
{
    gc_frag_t *f = sched_frag(5);
    send_async(pt, w, f, ATOM(ok));
}

/* {inet_reply, S, Status} to the sender. */
static void inet_reply(port_t *pt, term to, term reason)
{
    gc_frag_t *f = sched_frag(4 + 3);
    term st = reason == THE_NON_VALUE ? ATOM(ok) : heap_make_tuple(&f->heap, 2, (term[]){ATOM(error), reason});
    send_msg(pt, to, f, heap_make_tuple(&f->heap, 3, (term[]){a_inet_reply, port_id(pt), st}));
}

/* {Tag, S} or {Tag, S, Arg} to the owner. */
static void owner_msg(port_t *pt, term tag, term arg)
{
    gc_frag_t *f = sched_frag(4);
    term msg = arg == THE_NON_VALUE ? heap_make_tuple(&f->heap, 2, (term[]){tag, port_id(pt)})
                                    : heap_make_tuple(&f->heap, 3, (term[]){tag, port_id(pt), arg});
    send_msg(pt, port_owner_locked(pt), f, msg);
}

/* Data as the socket's mode gives it: a list, a binary, or with {header,
 * N} in binary mode the first N bytes as a list ending in the binary. */
static term data_term(heap_t *h, const inet_t *in, const uint8_t *d, size_t n)
{
    size_t hd = in->binary ? (in->header < n ? in->header : n) : n;
    term tail = in->binary ? bin_make(h, d + hd, n - hd, NULL) : NIL;
    for (size_t i = hd; i > 0; i--) tail = heap_make_cons(h, term_from_small(d[i - 1]), tail);
    return tail;
}

static size_t data_words(size_t n) { return 2 * n + bin_make_words(n) + 8; }

/* ---------------------------------------------------------------------
 * Waiting on the I/O thread.
 * ------------------------------------------------------------------- */
static void io_update(port_t *pt, inet_t *in);
static int parse_addr(inet_t *in, const uint8_t **pp, size_t *np, struct sockaddr_storage *ss, socklen_t *sl);
static void udp_read(port_t *pt, inet_t *in);

static void on_poll(uv_poll_t *h, int status, int events);
static void on_timer(uv_timer_t *t);

static void kick_job(void *arg)
{
    port_t *pt = arg;
    port_lock(pt);
    inet_t *in = NULL;
    if (port_alive_locked(pt)) {
        in = port_inet(pt);
        in->kick_queued = false;
        io_update(pt, in);
    }
    port_unlock(pt);
    port_unref(pt);
}

/* Under the lock: what the socket waits for changed; the I/O thread
 * brings its poll and timer up to date. */
static void kick(port_t *pt, inet_t *in)
{
    if (in->kick_queued) return;
    in->kick_queued = true;
    port_ref(pt);
    io_run(kick_job, pt);
}

static int64_t earliest_deadline(const inet_t *in)
{
    int64_t d = in->busy ? in->send_deadline : -1;
    if (in->recv_on && in->recv.deadline >= 0 && (d < 0 || in->recv.deadline < d)) d = in->recv.deadline;
    if (in->conn_on && in->conn.deadline >= 0 && (d < 0 || in->conn.deadline < d)) d = in->conn.deadline;
    for (size_t i = 0; i < in->nacc; i++)
        if (in->acc[i].deadline >= 0 && (d < 0 || in->acc[i].deadline < d)) d = in->acc[i].deadline;
    return d;
}

static int wanted_events(const inet_t *in)
{
    int ev = 0;
    if (in->fd < 0) return 0;
    if (in->state & F_LISTEN) {
        if (in->nacc) ev |= UV_READABLE;
    } else if (in->udp) {
        if (in->active != ACT_PASSIVE || in->recv_on) ev |= UV_READABLE;
    } else if ((in->state & F_ACTIVE) && !in->eof && (in->active != ACT_PASSIVE || in->recv_on)) {
        ev |= UV_READABLE;
    }
    if (in->conn_on || in->olen > in->ooff) ev |= UV_WRITABLE;
    return ev;
}

/* On the I/O thread, under the lock. */
static void io_update(port_t *pt, inet_t *in)
{
    if (in->fd < 0) return;
    if (!in->handles) {
        if (uv_poll_init_socket(io_loop(), &in->poll, in->fd)) return;
        in->poll.data = pt;
        port_handle_opened(pt);
        uv_timer_init(io_loop(), &in->timer);
        in->timer.data = pt;
        port_handle_opened(pt);
        in->handles = true;
    }
    int ev = wanted_events(in);
    if (ev != in->events) {
        if (ev) uv_poll_start(&in->poll, ev, on_poll);
        else uv_poll_stop(&in->poll);
        in->events = ev;
    }
    int64_t d = earliest_deadline(in);
    if (d < 0) {
        uv_timer_stop(&in->timer);
    } else {
        int64_t wait = d - now_ms();
        uv_timer_start(&in->timer, on_timer, (uint64_t)(wait > 0 ? wait : 0), 0);
    }
}

/* ---------------------------------------------------------------------
 * Input.
 * ------------------------------------------------------------------- */
static void ibuf_reserve(inet_t *in, size_t n) { port_bytes_grow(&in->ibuf, &in->icap, in->ilen + n, "socket input"); }

static void consume(inet_t *in, size_t n)
{
    memmove(in->ibuf, in->ibuf + n, in->ilen - n);
    in->ilen -= n;
}

static void count_recv(port_t *pt, inet_t *in, size_t n)
{
    in->recv_cnt++;
    in->recv_oct += n;
    if (n > in->recv_max) in->recv_max = n;
    double dv = (double)n - in->recv_avg;
    in->recv_avg += dv / (double)in->recv_cnt;
    in->recv_dvi += ((dv < 0 ? -dv : dv) - in->recv_dvi) / (double)in->recv_cnt;
    port_count_io(pt, n, 0);
}

/* Active mode after one delivery: once turns passive; N counts down and
 * turns passive with {tcp_passive, S}. */
static void active_delivered(port_t *pt, inet_t *in)
{
    if (in->active == ACT_ONCE) {
        in->active = ACT_PASSIVE;
    } else if (in->active == ACT_MULTI && --in->active_n <= 0) {
        in->active = ACT_PASSIVE;
        in->active_n = 0;
        owner_msg(pt, in->udp ? a_udp_passive : a_tcp_passive, THE_NON_VALUE);
    }
}

/* Deliver the whole packet d[0..n) to the recv caller or the owner. */
static void deliver_packet(port_t *pt, inet_t *in, const uint8_t *d, size_t n)
{
    if (in->dist && !in->recv_on && in->active != ACT_PASSIVE) {
        const uint8_t *b = d;
        size_t bn = n;
        pkt_body(in->ptype, &b, &bn);
        dist_input(pt, b, bn);
        return;
    }
    bool parsed = pkt_parsed(in->ptype);
    size_t words = parsed ? 4 * n + 64 : data_words(n);
    gc_frag_t *f = sched_frag(words + 8);
    heap_t *h = &f->heap;
    term data;
    if (parsed) {
        data = pkt_parse_term(h, in->ptype, d, n, &in->http_state);
    } else {
        const uint8_t *b = d;
        size_t bn = n;
        pkt_body(in->ptype, &b, &bn);
        data = data_term(h, in, b, bn);
    }
    if (in->recv_on) {
        in->recv_on = false;
        send_async(pt, &in->recv, f, heap_make_tuple(h, 2, (term[]){ATOM(ok), data}));
        return;
    }
    term tag = parsed && in->ptype != PKT_SSL_TLS ? a_http : a_tcp;
    send_msg(pt, port_owner_locked(pt), f, heap_make_tuple(h, 3, (term[]){tag, port_id(pt), data}));
    active_delivered(pt, in);
}

/* Under the lock: the socket is closed for reading (the peer closed, or an
 * error); tell the caller or the owner as erts does. */
static void input_closed(port_t *pt, inet_t *in, int err)
{
    term reason = err ? posix_errno_atom(err) : a_closed;
    if (err == ECONNRESET && !in->show_econnreset) reason = a_closed;
    in->ilen = 0;
    if (in->active != ACT_PASSIVE && !in->recv_on) {
        if (reason != a_closed) owner_msg(pt, a_tcp_error, reason);
        owner_msg(pt, a_tcp_closed, THE_NON_VALUE);
        if (in->exitf) {
            port_terminate_locked(pt, ATOM(normal), false);
            return;
        }
        /* half closed: sending goes on */
        return;
    }
    if (in->recv_on) {
        in->recv_on = false;
        async_error(pt, &in->recv, reason);
    } else {
        in->closed_recv = true;
    }
    in->closed_send = true;
    in->state &= ~F_ACTIVE;
    if (in->exitf && in->fd >= 0) shutdown(in->fd, SHUT_RDWR);
}

/* Deliver what the buffer holds while someone wants it. */
static void deliver(port_t *pt, inet_t *in)
{
    while (port_alive_locked(pt) && (in->recv_on || in->active != ACT_PASSIVE)) {
        size_t len;
        if (in->ptype == PKT_RAW) {
            if (!in->ilen) break;
            len = in->ilen;
            if (in->recv_on && in->recv_len) {
                if (in->ilen < in->recv_len) break;
                len = in->recv_len;
            }
        } else {
            int64_t l = pkt_length(in->ptype, in->ibuf, in->ilen, in->psize, in->bufsz, in->delim, &in->http_state);
            if (l < 0) {
                /* too long or malformed: erts' emsgsize */
                in->ilen = 0;
                if (in->recv_on) {
                    in->recv_on = false;
                    async_error(pt, &in->recv, posix_errno_atom(EMSGSIZE));
                } else {
                    owner_msg(pt, a_tcp_error, posix_errno_atom(EMSGSIZE));
                }
                break;
            }
            if (l == 0 || (size_t)l > in->ilen) {
                /* a short read at the end: what is there, as erts' line
                 * mode does not (it waits), so wait */
                break;
            }
            len = (size_t)l;
        }
        count_recv(pt, in, len);
        deliver_packet(pt, in, in->ibuf, len);
        consume(in, len);
    }
}

/* Under the lock, alive: read what the socket has (non-blocking). */
static void tcp_read(port_t *pt, inet_t *in)
{
    for (int rounds = 0; rounds < 16 && !in->eof; rounds++) {
        size_t want = in->bufsz > 1024 ? in->bufsz : 1024;
        if (in->recv_on && in->ptype == PKT_RAW && in->recv_len > in->ilen && in->recv_len - in->ilen > want)
            want = in->recv_len - in->ilen;
        ibuf_reserve(in, want);
        ssize_t k = recv(in->fd, in->ibuf + in->ilen, want, 0);
        if (k > 0) {
            in->ilen += (size_t)k;
            deliver(pt, in);
            if (!port_alive_locked(pt) || (!in->recv_on && in->active == ACT_PASSIVE)) return;
            if ((size_t)k < want) return;
            continue;
        }
        if (k < 0 && (errno == EAGAIN || errno == EINTR)) return;
        int err = k < 0 ? errno : 0;
        in->eof = true;
        deliver(pt, in);
        if (port_alive_locked(pt)) input_closed(pt, in, err);
        return;
    }
}

/* ---------------------------------------------------------------------
 * Output.
 * ------------------------------------------------------------------- */
/* erts' watermarks: the send that takes the queue past high_watermark
 * makes the port busy (other senders are suspended by port_command) and
 * waits for its inet_reply until the queue is under low_watermark, or
 * {error, timeout} after send_timeout. */
static void check_busy(port_t *pt, inet_t *in)
{
    if (!in->busy || in->olen - in->ooff >= (size_t)(in->lowtr > 0 ? in->lowtr : 0) + 1) return;
    in->busy = false;
    in->send_deadline = -1;
    port_set_busy_locked(pt, false);
    if (in->busy_caller != NIL) inet_reply(pt, in->busy_caller, THE_NON_VALUE);
    in->busy_caller = NIL;
}

static void out_drained(port_t *pt, inet_t *in)
{
    if (in->subscriber != NIL) {
        gc_frag_t *f = sched_frag(3);
        send_msg(pt, in->subscriber, f, heap_make_tuple(&f->heap, 2, (term[]){a_empty_out_q, port_id(pt)}));
        in->subscriber = NIL;
    }
    if (in->shut_wr && in->fd >= 0) {
        shutdown(in->fd, SHUT_WR);
        in->shut_wr = false;
    }
}

/* Write what is queued; false on an error (then reported). */
static void tcp_flush(port_t *pt, inet_t *in)
{
    while (in->ooff < in->olen) {
        ssize_t k = send(in->fd, in->obuf + in->ooff, in->olen - in->ooff, MSG_NOSIGNAL);
        if (k > 0) {
            in->ooff += (size_t)k;
            continue;
        }
        if (k < 0 && (errno == EAGAIN || errno == EINTR)) {
            check_busy(pt, in);
            return;
        }
        /* the peer is gone: erts reports it at the next read or send */
        in->olen = in->ooff = 0;
        check_busy(pt, in);
        in->closed_send = true;
        if (in->active != ACT_PASSIVE) {
            in->eof = true;
            input_closed(pt, in, 0);
        }
        return;
    }
    in->olen = in->ooff = 0;
    check_busy(pt, in);
    out_drained(pt, in);
}

void inet_command(proc_t *p, port_t *pt, inet_t *in, const uint8_t *d, size_t n)
{
    term caller = p->id;
    if (in->udp) {
        /* [Addr, AncLen:32, Anc, Data] */
        struct sockaddr_storage ss;
        socklen_t sl = 0;
        const uint8_t *q = d;
        size_t left = n;
        int e = parse_addr(in, &q, &left, &ss, &sl);
        if (e || left < 4 || get32(q) > left - 4) {
            inet_reply(pt, caller, e ? posix_errno_atom(e) : a_einval);
            return;
        }
        size_t anc = get32(q);
        q += 4 + anc, left -= 4 + anc;
        ssize_t k = in->fd < 0 ? -1 : sendto(in->fd, q, left, MSG_NOSIGNAL, (struct sockaddr *)&ss, sl);
        if (in->fd < 0) errno = EBADF;
        if (k < 0) {
            inet_reply(pt, caller, posix_errno_atom(errno));
            return;
        }
        in->send_cnt++, in->send_oct += (size_t)k;
        if ((size_t)k > in->send_max) in->send_max = (size_t)k;
        inet_reply(pt, caller, THE_NON_VALUE);
        return;
    }
    if (!(in->state & F_ACTIVE) || in->fd < 0) {
        if (in->closed_send) {
            in->closed_send = false;
            inet_reply(pt, caller, a_closed);
        } else {
            inet_reply(pt, caller, a_enotconn);
        }
        return;
    }
    if (in->closed_send) {
        inet_reply(pt, caller, a_closed);
        return;
    }
    uint8_t hdr[4];
    size_t hl = in->ptype == PKT_1 ? 1 : in->ptype == PKT_2 ? 2 : in->ptype == PKT_4 ? 4 : 0;
    if (hl && hl < 4 && n >> (8 * hl)) {
        inet_reply(pt, caller, a_einval);
        return;
    }
    for (size_t i = 0; i < hl; i++) hdr[i] = (uint8_t)(n >> (8 * (hl - 1 - i)));
    size_t total = hl + n;
    port_bytes_grow(&in->obuf, &in->ocap, in->olen + total, "socket output");
    if (hl) memcpy(in->obuf + in->olen, hdr, hl);
    if (n) memcpy(in->obuf + in->olen + hl, d, n);
    in->olen += total;
    in->send_cnt++;
    in->send_oct += total;
    if (total > in->send_max) in->send_max = total;
    in->send_avg += ((double)total - in->send_avg) / (double)in->send_cnt;
    bool was_queued = in->ooff < in->olen - total;
    if (!was_queued) tcp_flush(pt, in);
    if (!port_alive_locked(pt)) return;
    if (in->olen - in->ooff > (size_t)(in->hiwtr > 0 ? in->hiwtr : 0)) {
        in->busy = true;
        port_set_busy_locked(pt, true);
        in->busy_caller = caller;
        in->send_deadline = in->send_timeout >= 0 ? now_ms() + in->send_timeout : -1;
    } else {
        inet_reply(pt, caller, THE_NON_VALUE);
    }
    if (in->olen > in->ooff) kick(pt, in);
}

/* ---------------------------------------------------------------------
 * Accept and connect.
 * ------------------------------------------------------------------- */
/* The options an accepted socket takes from its listener (erts copies
 * the descriptor). */
static inet_t *inet_copy(const inet_t *l, int fd)
{
    inet_t *in = inet_alloc(false);
    in->fd = fd;
    in->family = l->family;
    in->state = ST_CONNECTED;
    /* passive until accept's setopts gives it the listener's active */
    in->ptype = l->ptype;
    in->psize = l->psize;
    in->header = l->header;
    in->bufsz = l->bufsz;
    in->binary = l->binary;
    in->exitf = l->exitf;
    in->delay_send = l->delay_send;
    in->send_timeout = l->send_timeout;
    in->send_timeout_close = l->send_timeout_close;
    in->show_econnreset = l->show_econnreset;
    in->delim = l->delim;
    in->hiwtr = l->hiwtr, in->lowtr = l->lowtr;
    in->msgq_hi = l->msgq_hi, in->msgq_lo = l->msgq_lo;
    return in;
}

/* Under the lock: accept connections for waiting acceptors. */
static void tcp_accept(port_t *pt, inet_t *in)
{
    while (in->nacc) {
        int fd = accept4(in->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) return;
            waiter_t w = in->acc[0];
            memmove(in->acc, in->acc + 1, --in->nacc * sizeof *in->acc);
            async_error(pt, &w, posix_errno_atom(errno));
            continue;
        }
        waiter_t w = in->acc[0];
        memmove(in->acc, in->acc + 1, --in->nacc * sizeof *in->acc);
        inet_t *ns = inet_copy(in, fd);
        port_t *np = port_open_inet(w.pid, ns, "tcp_inet");
        if (!np) {
            inet_free(ns);
            async_error(pt, &w, ATOM(system_limit));
            continue;
        }
        gc_frag_t *f = sched_frag(3 + 5);
        send_async(pt, &w, f, heap_make_tuple(&f->heap, 2, (term[]){ATOM(ok), port_id(np)}));
        port_unref(np);
    }
}

/* Under the lock: the connect in progress is done (or failed). */
static void tcp_connected(port_t *pt, inet_t *in)
{
    int err = 0;
    socklen_t el = sizeof err;
    if (getsockopt(in->fd, SOL_SOCKET, SO_ERROR, &err, &el)) err = errno;
    if (err == EINPROGRESS) return;
    in->conn_on = false;
    if (err) {
        in->state = F_OPEN;
        async_error(pt, &in->conn, posix_errno_atom(err));
        return;
    }
    in->state = ST_CONNECTED;
    async_ok(pt, &in->conn);
}

/* ---------------------------------------------------------------------
 * The I/O thread's callbacks.
 * ------------------------------------------------------------------- */

static void on_poll(uv_poll_t *h, int status, int events)
{
    port_t *pt = h->data;
    port_lock(pt);
    if (port_alive_locked(pt)) {
        inet_t *in = port_inet(pt);
        if (status < 0) events = UV_READABLE | UV_WRITABLE;
        if ((events & UV_WRITABLE) && in->conn_on) tcp_connected(pt, in);
        if ((events & UV_WRITABLE) && in->olen > in->ooff) tcp_flush(pt, in);
        if (port_alive_locked(pt) && (events & UV_READABLE)) {
            if (in->state & F_LISTEN) tcp_accept(pt, in);
            else if (in->udp) udp_read(pt, in);
            else if (in->state & F_ACTIVE) tcp_read(pt, in);
        }
        if (port_alive_locked(pt)) io_update(pt, in);
    }
    port_unlock(pt);
}

static void on_timer(uv_timer_t *t)
{
    port_t *pt = t->data;
    port_lock(pt);
    if (port_alive_locked(pt)) {
        inet_t *in = port_inet(pt);
        int64_t now = now_ms();
        if (in->recv_on && in->recv.deadline >= 0 && in->recv.deadline <= now) {
            in->recv_on = false;
            async_error(pt, &in->recv, a_timeout);
        }
        if (in->conn_on && in->conn.deadline >= 0 && in->conn.deadline <= now) {
            in->conn_on = false;
            in->state = F_OPEN;
            /* erts closes the half-opened socket: a later connect fails */
            async_error(pt, &in->conn, a_timeout);
        }
        for (size_t i = 0; i < in->nacc;) {
            if (in->acc[i].deadline >= 0 && in->acc[i].deadline <= now) {
                waiter_t w = in->acc[i];
                memmove(in->acc + i, in->acc + i + 1, (--in->nacc - i) * sizeof *in->acc);
                async_error(pt, &w, a_timeout);
            } else {
                i++;
            }
        }
        if (!in->nacc && (in->state & F_ACC)) in->state &= ~F_ACC;
        if (in->busy && in->send_deadline >= 0 && in->send_deadline <= now) {
            /* send_timeout: the waiting send fails, the port is not busy
             * any more; with send_timeout_close the socket closes */
            in->busy = false;
            in->send_deadline = -1;
            port_set_busy_locked(pt, false);
            if (in->busy_caller != NIL) inet_reply(pt, in->busy_caller, a_timeout);
            in->busy_caller = NIL;
            if (in->send_timeout_close) {
                in->olen = in->ooff = 0;
                shutdown(in->fd, SHUT_RDWR);
                in->state &= ~F_ACTIVE;
            }
        }
        io_update(pt, in);
    }
    port_unlock(pt);
}

bool inet_set_dist(port_t *pt, inet_t *in)
{
    (void)pt;
    if (in->udp || in->ptype != PKT_4) return false;
    in->dist = true;
    return true;
}

void inet_dist_write(port_t *pt, inet_t *in, const uint8_t *d, size_t n)
{
    if (!(in->state & F_ACTIVE) || in->fd < 0 || in->closed_send) return;
    uint8_t hdr[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
    port_bytes_grow(&in->obuf, &in->ocap, in->olen + 4 + n, "socket output");
    memcpy(in->obuf + in->olen, hdr, 4);
    if (n) memcpy(in->obuf + in->olen + 4, d, n);
    in->olen += 4 + n;
    in->send_cnt++;
    in->send_oct += 4 + n;
    bool was_queued = in->ooff < in->olen - 4 - n;
    if (!was_queued) tcp_flush(pt, in);
    if (port_alive_locked(pt) && in->olen > in->ooff) kick(pt, in);
}

void inet_terminated(port_t *pt, inet_t *in)
{
    if (in->dist) dist_port_closed(pt);
    /* the socket closes now, as erts closes it (a listener refuses new
     * connections, the peer sees the end); the descriptor itself goes
     * with the poll handle on the I/O thread */
    if (in->fd >= 0) {
        if (in->olen > in->ooff)
            (void)!send(in->fd, in->obuf + in->ooff, in->olen - in->ooff, MSG_NOSIGNAL | MSG_DONTWAIT);
        in->olen = in->ooff = 0;
        shutdown(in->fd, SHUT_RDWR);
    }
    if (in->recv_on) async_error(pt, &in->recv, a_closed);
    if (in->conn_on) async_error(pt, &in->conn, a_closed);
    for (size_t i = 0; i < in->nacc; i++) async_error(pt, &in->acc[i], a_closed);
    if (in->busy_caller != NIL) inet_reply(pt, in->busy_caller, a_closed);
    in->busy_caller = NIL;
    in->recv_on = in->conn_on = false;
    in->nacc = 0;
}

void inet_io_close(port_t *pt, inet_t *in)
{
    if (in->handles) {
        port_handle_close(pt, (uv_handle_t *)&in->poll);
        port_handle_close(pt, (uv_handle_t *)&in->timer);
    }
    if (in->fd >= 0) {
        close(in->fd);
        in->fd = -1;
    }
    in->handles = false;
}

/* ---------------------------------------------------------------------
 * Addresses.
 * ------------------------------------------------------------------- */
/* prim_inet's addr encoding (0 or an errno value): [1, P1, P0, A, B, C, D] (inet), [2, P1, P0,
 * 16 bytes, FlowInfo:32, ScopeId:32] (inet6), [3, P1, P0] any, [4, P1,
 * P0] loopback. */
static int parse_addr(inet_t *in, const uint8_t **pp, size_t *np, struct sockaddr_storage *ss, socklen_t *sl)
{
    const uint8_t *p = *pp;
    size_t n = *np;
    memset(ss, 0, sizeof *ss);
    if (n < 3) return EINVAL;
    uint16_t port = get16(p + 1);
    int fam = in->family == AF_INET6 ? AF_INET6 : AF_INET;
    if (p[0] == 1 || ((p[0] == 3 || p[0] == 4) && fam == AF_INET)) {
        if (fam != AF_INET) return EINVAL;
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        if (p[0] == 1) {
            if (n < 7) return EINVAL;
            memcpy(&a->sin_addr, p + 3, 4);
            p += 7, n -= 7;
        } else {
            a->sin_addr.s_addr = htonl(p[0] == 3 ? INADDR_ANY : INADDR_LOOPBACK);
            p += 3, n -= 3;
        }
        *sl = sizeof *a;
    } else if (p[0] == 2 || p[0] == 3 || p[0] == 4) {
        if (fam != AF_INET6) return EINVAL;
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        if (p[0] == 2) {
            if (n < 3 + 16 + 8) return EINVAL;
            memcpy(&a->sin6_addr, p + 3, 16);
            a->sin6_flowinfo = htonl(get32(p + 19));
            a->sin6_scope_id = get32(p + 23);
            p += 27, n -= 27;
        } else {
            a->sin6_addr = p[0] == 3 ? in6addr_any : in6addr_loopback;
            p += 3, n -= 3;
        }
        *sl = sizeof *a;
    } else {
        return EAFNOSUPPORT;
    }
    *pp = p, *np = n;
    return 0;
}

/* [F, P1, P0 | Address bytes] of a socket address. */
static size_t addr_bytes(const struct sockaddr_storage *ss, uint8_t *out)
{
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        uint16_t port = ntohs(a->sin6_port);
        out[0] = 2, out[1] = (uint8_t)(port >> 8), out[2] = (uint8_t)port;
        memcpy(out + 3, &a->sin6_addr, 16);
        return 19;
    }
    const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
    uint16_t port = ntohs(a->sin_port);
    out[0] = 1, out[1] = (uint8_t)(port >> 8), out[2] = (uint8_t)port;
    memcpy(out + 3, &a->sin_addr, 4);
    return 7;
}

/* ---------------------------------------------------------------------
 * UDP input.
 * ------------------------------------------------------------------- */
static void udp_read(port_t *pt, inet_t *in)
{
    for (int rounds = 0; rounds < (in->read_packets > 0 ? in->read_packets : 1); rounds++) {
        if (!in->recv_on && in->active == ACT_PASSIVE) return;
        size_t want = in->bufsz ? in->bufsz : 1;
        ibuf_reserve(in, want);
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        ssize_t k = recvfrom(in->fd, in->ibuf, want, 0, (struct sockaddr *)&ss, &sl);
        if (k < 0) {
            if (errno == EAGAIN || errno == EINTR) return;
            /* errors of earlier datagrams (ICMP): the caller's, silent in active mode */
            if (in->recv_on) {
                in->recv_on = false;
                async_error(pt, &in->recv, posix_errno_atom(errno));
            }
            return;
        }
        size_t n = (size_t)k;
        count_recv(pt, in, n);
        uint8_t ab[19];
        size_t al = addr_bytes(&ss, ab);
        gc_frag_t *f = sched_frag(data_words(n) + 2 * al + 40);
        heap_t *h = &f->heap;
        if (in->recv_on) {
            /* {ok, [F, P1, P0, Addr... | Data]} */
            term data = data_term(h, in, in->ibuf, n);
            for (size_t i = al; i > 0; i--) data = heap_make_cons(h, term_from_small(ab[i - 1]), data);
            in->recv_on = false;
            send_async(pt, &in->recv, f, heap_make_tuple(h, 2, (term[]){ATOM(ok), data}));
            continue;
        }
        term ip;
        uint16_t port = (uint16_t)(ab[1] << 8 | ab[2]);
        if (ab[0] == 1) {
            ip = heap_make_tuple(h, 4, (term[]){term_from_small(ab[3]), term_from_small(ab[4]), term_from_small(ab[5]),
                                                term_from_small(ab[6])});
        } else {
            term e[8];
            for (int i = 0; i < 8; i++) e[i] = term_from_small(ab[3 + 2 * i] << 8 | ab[4 + 2 * i]);
            ip = heap_make_tuple(h, 8, e);
        }
        term data = data_term(h, in, in->ibuf, n);
        term msg = heap_make_tuple(h, 5, (term[]){a_udp, port_id(pt), ip, term_from_small(port), data});
        send_msg(pt, port_owner_locked(pt), f, msg);
        active_delivered(pt, in);
    }
}

/* ---------------------------------------------------------------------
 * Options.
 * ------------------------------------------------------------------- */
typedef struct {
    int code, level, name;
    bool boolean;
} sockopt_t;

static const sockopt_t sockopts[] = {
    {O_REUSEADDR, SOL_SOCKET, SO_REUSEADDR, true}, {O_KEEPALIVE, SOL_SOCKET, SO_KEEPALIVE, true},
    {O_DONTROUTE, SOL_SOCKET, SO_DONTROUTE, true}, {O_BROADCAST, SOL_SOCKET, SO_BROADCAST, true},
    {O_SNDBUF, SOL_SOCKET, SO_SNDBUF, false},      {O_RCVBUF, SOL_SOCKET, SO_RCVBUF, false},
    {O_PRIORITY, SOL_SOCKET, SO_PRIORITY, false},  {O_TOS, IPPROTO_IP, IP_TOS, false},
    {O_TTL, IPPROTO_IP, IP_TTL, false},            {O_RECVTOS, IPPROTO_IP, IP_RECVTOS, true},
    {O_RECVTTL, IPPROTO_IP, IP_RECVTTL, true},     {O_NODELAY, IPPROTO_TCP, TCP_NODELAY, true},
    {O_NOPUSH, IPPROTO_TCP, TCP_CORK, true},       {O_V6ONLY, IPPROTO_IPV6, IPV6_V6ONLY, true},
    {O_TCLASS, IPPROTO_IPV6, IPV6_TCLASS, false},  {O_RECVTCLASS, IPPROTO_IPV6, IPV6_RECVTCLASS, true},
    {O_MULTICAST_TTL, IPPROTO_IP, IP_MULTICAST_TTL, false}, {O_MULTICAST_LOOP, IPPROTO_IP, IP_MULTICAST_LOOP, true},
};

static const sockopt_t *find_sockopt(int code)
{
    for (size_t i = 0; i < sizeof sockopts / sizeof sockopts[0]; i++)
        if (sockopts[i].code == code) return &sockopts[i];
    return NULL;
}

/* Set the options encoded in d[0..n); an errno value or 0. Bytes left
 * over that do not make a whole option are ignored, as erts does. */
static int set_opts(port_t *pt, inet_t *in, const uint8_t *d, size_t n)
{
    bool deliver_now = false;
    while (n >= 5) {
        int code = d[0];
        int32_t v = (int32_t)get32(d + 1);
        d += 5, n -= 5;
        const sockopt_t *so = find_sockopt(code);
        if (so) {
            if (in->fd < 0) continue;
            /* the IPv4-level options on an IPv6 socket and the other way
             * round: not applicable, as erts ignores them */
            if ((so->level == IPPROTO_IP && in->family == AF_INET6) ||
                (so->level == IPPROTO_IPV6 && in->family != AF_INET6) || (so->level == IPPROTO_TCP && in->udp))
                continue;
            int iv = so->boolean ? v != 0 : v;
            if (setsockopt(in->fd, so->level, so->name, &iv, sizeof iv)) {
                if (code == O_PRIORITY || code == O_TOS || code == O_TTL) continue;
                return errno;
            }
            continue;
        }
        switch (code) {
        case O_LINGER: {
            if (n < 4) return 0;
            struct linger lg = {v != 0, (int)get32(d)};
            d += 4, n -= 4;
            if (in->fd >= 0 && setsockopt(in->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg)) return errno;
            break;
        }
        case O_ACTIVE:
            if (v == ACT_MULTI) {
                if (n < 2) return 0;
                int16_t k = (int16_t)get16(d);
                d += 2, n -= 2;
                int32_t c = (in->active == ACT_MULTI ? in->active_n : 0) + k;
                if (c > 32767 || c < -32768) return EINVAL;
                if (c <= 0) {
                    in->active = ACT_PASSIVE;
                    in->active_n = 0;
                    owner_msg(pt, in->udp ? a_udp_passive : a_tcp_passive, THE_NON_VALUE);
                } else {
                    in->active = ACT_MULTI;
                    in->active_n = (int16_t)c;
                    deliver_now = true;
                }
            } else if (v >= ACT_PASSIVE && v <= ACT_ONCE) {
                in->active = v;
                in->active_n = 0;
                if (v != ACT_PASSIVE) deliver_now = true;
            } else {
                return EINVAL;
            }
            break;
        case O_PACKET:
            if (v < 0 || v >= PKT_NTYPES) return EINVAL;
            in->ptype = (pkt_type_t)v;
            if (in->ptype == PKT_HTTP || in->ptype == PKT_HTTP_BIN) in->http_state = 0;
            break;
        case O_MODE:
            if (v != 0 && v != 1) return EINVAL;
            in->binary = v == 1;
            break;
        case O_HEADER:
            if (v < 0) return EINVAL;
            in->header = (uint32_t)v;
            break;
        case O_BUFFER:
            if (v < 0) return EINVAL;
            in->bufsz = v < 36 ? 36 : (uint32_t)v;
            break;
        case O_DELIVER: in->deliver_port = v == 0; break;
        case O_EXITONCLOSE: in->exitf = v != 0; break;
        case O_HIWTRMRK: in->hiwtr = v; break;
        case O_LOWTRMRK: in->lowtr = v; break;
        case O_MSGQ_HIWTRMRK: in->msgq_hi = v; break;
        case O_MSGQ_LOWTRMRK: in->msgq_lo = v; break;
        case O_SEND_TIMEOUT: in->send_timeout = v; break;
        case O_SEND_TIMEOUT_CLOSE: in->send_timeout_close = v != 0; break;
        case O_DELAY_SEND: in->delay_send = v != 0; break;
        case O_PACKET_SIZE:
            in->psize = (uint32_t)v;
            break;
        case O_READ_PACKETS:
            if (v <= 0) return EINVAL;
            in->read_packets = v;
            break;
        case O_SHOW_ECONNRESET: in->show_econnreset = v != 0; break;
        case O_LINE_DELIM: in->delim = (uint8_t)v; break;
        default: return EINVAL;
        }
    }
    if (deliver_now) {
        deliver(pt, in);
        /* what the socket has now (and its end) goes out at once, not
         * after a round through the I/O thread */
        if (port_alive_locked(pt) && in->active != ACT_PASSIVE && in->fd >= 0) {
            if (in->udp) udp_read(pt, in);
            else if ((in->state & F_ACTIVE) && !in->eof) tcp_read(pt, in);
        }
        if (port_alive_locked(pt)) {
            if (in->eof && !in->ilen && !in->udp && (in->state & F_ACTIVE)) input_closed(pt, in, 0);
            if (port_alive_locked(pt)) kick(pt, in);
        }
    }
    return 0;
}

typedef struct {
    uint8_t *d;
    size_t n, cap;
} obuf_t;

static void ob_put(obuf_t *b, const void *d, size_t n)
{
    port_bytes_grow(&b->d, &b->cap, b->n + n, "socket reply");
    memcpy(b->d + b->n, d, n);
    b->n += n;
}

static void ob_opt(obuf_t *b, int code, int32_t v)
{
    uint8_t x[5] = {(uint8_t)code, (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    ob_put(b, x, 5);
}

/* The options asked for in d[0..n) as getopts' reply bytes; an errno
 * value or 0. */
static int get_opts(inet_t *in, const uint8_t *d, size_t n, obuf_t *b)
{
    for (; n; d++, n--) {
        int code = d[0];
        const sockopt_t *so = find_sockopt(code);
        if (so) {
            if (in->fd < 0) return EINVAL;
            if ((so->level == IPPROTO_IP && in->family == AF_INET6) ||
                (so->level == IPPROTO_IPV6 && in->family != AF_INET6) || (so->level == IPPROTO_TCP && in->udp))
                continue;
            int v = 0;
            socklen_t vl = sizeof v;
            if (getsockopt(in->fd, so->level, so->name, &v, &vl)) continue; /* erts skips what it cannot get */
            ob_opt(b, code, so->boolean ? v != 0 : v);
            continue;
        }
        switch (code) {
        case O_LINGER: {
            struct linger lg = {0, 0};
            socklen_t ll = sizeof lg;
            if (in->fd < 0 || getsockopt(in->fd, SOL_SOCKET, SO_LINGER, &lg, &ll)) continue;
            ob_opt(b, code, lg.l_onoff != 0);
            uint8_t x[4] = {(uint8_t)(lg.l_linger >> 24), (uint8_t)(lg.l_linger >> 16), (uint8_t)(lg.l_linger >> 8),
                            (uint8_t)lg.l_linger};
            ob_put(b, x, 4);
            break;
        }
        case O_ACTIVE:
            ob_opt(b, code, in->active);
            if (in->active == ACT_MULTI) {
                uint8_t x[2] = {(uint8_t)((uint16_t)in->active_n >> 8), (uint8_t)in->active_n};
                ob_put(b, x, 2);
            }
            break;
        case O_PACKET: ob_opt(b, code, in->ptype); break;
        case O_MODE: ob_opt(b, code, in->binary); break;
        case O_HEADER: ob_opt(b, code, (int32_t)in->header); break;
        case O_BUFFER: ob_opt(b, code, (int32_t)in->bufsz); break;
        case O_DELIVER: ob_opt(b, code, !in->deliver_port); break;
        case O_EXITONCLOSE: ob_opt(b, code, in->exitf); break;
        case O_HIWTRMRK: ob_opt(b, code, in->hiwtr); break;
        case O_LOWTRMRK: ob_opt(b, code, in->lowtr); break;
        case O_MSGQ_HIWTRMRK: ob_opt(b, code, in->msgq_hi); break;
        case O_MSGQ_LOWTRMRK: ob_opt(b, code, in->msgq_lo); break;
        case O_SEND_TIMEOUT: ob_opt(b, code, (int32_t)in->send_timeout); break;
        case O_SEND_TIMEOUT_CLOSE: ob_opt(b, code, in->send_timeout_close); break;
        case O_DELAY_SEND: ob_opt(b, code, in->delay_send); break;
        case O_PACKET_SIZE: ob_opt(b, code, (int32_t)in->psize); break;
        case O_READ_PACKETS: ob_opt(b, code, in->read_packets); break;
        case O_SHOW_ECONNRESET: ob_opt(b, code, in->show_econnreset); break;
        case O_LINE_DELIM: ob_opt(b, code, in->delim); break;
        default: return EINVAL;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------------
 * Requests.
 * ------------------------------------------------------------------- */
static term reply_buf(proc_t *p, obuf_t *b)
{
    term r = reply(p, 1, b->d, b->n);
    free(b->d);
    return r;
}

static int64_t deadline_of(uint32_t t) { return t == 0xFFFFFFFFu ? -1 : now_ms() + (int64_t)t; }

static term req_open(proc_t *p, inet_t *in, const uint8_t *d, size_t n)
{
    if (n < 2) return reply_errno(p, EINVAL);
    if (in->fd >= 0) return reply_errno(p, EALREADY);
    int fam = d[0] == 1 ? AF_INET : d[0] == 2 ? AF_INET6 : -1;
    int type = d[1] == 1 ? SOCK_STREAM : d[1] == 2 ? SOCK_DGRAM : -1;
    if (fam < 0 || type < 0 || (type == SOCK_STREAM) == in->udp) return reply_errno(p, EAFNOSUPPORT);
    int fd = socket(fam, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return reply_errno(p, errno);
    in->fd = fd;
    in->family = fam;
    in->state = F_OPEN;
    if (in->udp) in->state |= F_ACTIVE; /* a datagram socket can send at once */
    return reply_ok(p);
}

static term req_bind(proc_t *p, inet_t *in, const uint8_t *d, size_t n)
{
    if (n < 3) return reply_err_name(p, "exbadport");
    if (in->fd < 0) return reply_errno(p, EINVAL);
    struct sockaddr_storage ss;
    socklen_t sl;
    if (parse_addr(in, &d, &n, &ss, &sl)) return reply_errno(p, EINVAL);
    if (bind(in->fd, (struct sockaddr *)&ss, sl)) return reply_errno(p, errno);
    in->state |= F_BOUND;
    struct sockaddr_storage got;
    socklen_t gl = sizeof got;
    getsockname(in->fd, (struct sockaddr *)&got, &gl);
    uint16_t port = ntohs(got.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&got)->sin6_port
                                                    : ((struct sockaddr_in *)&got)->sin_port);
    uint8_t b[2] = {(uint8_t)(port >> 8), (uint8_t)port};
    return reply(p, 1, b, 2);
}

static term req_name(proc_t *p, inet_t *in, bool peer)
{
    if (in->fd < 0) return reply_errno(p, EINVAL);
    if (peer && !(in->state & F_ACTIVE) && !in->udp) return reply_errno(p, ENOTCONN);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if ((peer ? getpeername : getsockname)(in->fd, (struct sockaddr *)&ss, &sl)) return reply_errno(p, errno);
    uint8_t b[19];
    size_t n = addr_bytes(&ss, b);
    return reply(p, 1, b, n);
}

static term req_connect(proc_t *p, port_t *pt, inet_t *in, const uint8_t *d, size_t n)
{
    if (n < 4 + 3 || in->fd < 0) return reply_errno(p, EINVAL);
    uint32_t t = get32(d);
    d += 4, n -= 4;
    struct sockaddr_storage ss;
    socklen_t sl;
    if (parse_addr(in, &d, &n, &ss, &sl)) return reply_errno(p, EINVAL);
    if (in->udp) {
        if (connect(in->fd, (struct sockaddr *)&ss, sl)) return reply_errno(p, errno);
        return reply_ok(p);
    }
    if (in->state & (F_LISTEN | F_ACTIVE)) return reply_errno(p, EISCONN);
    if (in->conn_on) return reply_errno(p, EALREADY);
    uint16_t ref = ++in->next_ref;
    term r = reply_ref(p, ref);
    waiter_t w = {p->id, ref, deadline_of(t)};
    if (!connect(in->fd, (struct sockaddr *)&ss, sl)) {
        in->state = ST_CONNECTED;
        async_ok(pt, &w);
    } else if (errno == EINPROGRESS) {
        in->state = F_OPEN | F_BOUND | F_CON;
        in->conn = w;
        in->conn_on = true;
        kick(pt, in);
    } else {
        async_error(pt, &w, posix_errno_atom(errno));
    }
    return r;
}

static term req_listen(proc_t *p, inet_t *in, const uint8_t *d, size_t n)
{
    if (n < 2 || in->fd < 0 || in->udp) return reply_errno(p, EINVAL);
    if (in->state & F_ACTIVE) return reply_errno(p, EISCONN);
    if (listen(in->fd, get16(d))) return reply_errno(p, errno);
    in->state = F_OPEN | F_BOUND | F_LISTEN;
    return reply_ok(p);
}

static term req_accept(proc_t *p, port_t *pt, inet_t *in, const uint8_t *d, size_t n)
{
    if (n != 4 || !(in->state & F_LISTEN)) return reply_errno(p, EINVAL);
    uint16_t ref = ++in->next_ref;
    term r = reply_ref(p, ref);
    if (in->nacc == in->acc_cap) {
        in->acc_cap = in->acc_cap ? 2 * in->acc_cap : 4;
        in->acc = realloc(in->acc, in->acc_cap * sizeof *in->acc);
        if (!in->acc) laser_oom("acceptors", in->acc_cap * sizeof *in->acc);
    }
    in->acc[in->nacc++] = (waiter_t){p->id, ref, deadline_of(get32(d))};
    in->state |= F_ACC;
    tcp_accept(pt, in);
    if (in->nacc) {
        /* a zero timeout: only what is there now */
        if (get32(d) == 0) {
            waiter_t w = in->acc[--in->nacc];
            async_error(pt, &w, a_timeout);
        } else {
            kick(pt, in);
        }
    }
    if (!in->nacc) in->state &= ~F_ACC;
    return r;
}

static term req_recv(proc_t *p, port_t *pt, inet_t *in, const uint8_t *d, size_t n, bool udp)
{
    if (udp != in->udp) return reply_errno(p, EINVAL);
    if (!udp && !(in->state & F_ACTIVE)) {
        if (in->closed_recv) {
            in->closed_recv = false;
            in->closed_send = false;
            return reply_err_name(p, "closed");
        }
        return reply_errno(p, ENOTCONN);
    }
    if (n != 8 || in->active != ACT_PASSIVE) return reply_errno(p, EINVAL);
    if (in->recv_on) return reply_errno(p, EALREADY);
    uint32_t t = get32(d), len = get32(d + 4);
    if (!udp && len && in->ptype != PKT_RAW) return reply_errno(p, EINVAL);
    uint16_t ref = ++in->next_ref;
    term r = reply_ref(p, ref);
    in->recv = (waiter_t){p->id, ref, deadline_of(t)};
    in->recv_on = true;
    in->recv_len = len;
    if (udp) {
        udp_read(pt, in);
    } else {
        deliver(pt, in);
        if (in->recv_on && !in->eof) tcp_read(pt, in);
        if (port_alive_locked(pt) && in->recv_on && in->eof) input_closed(pt, in, 0);
    }
    if (port_alive_locked(pt) && in->recv_on) {
        if (t == 0) {
            in->recv_on = false;
            async_error(pt, &in->recv, a_timeout);
        } else {
            kick(pt, in);
        }
    }
    return r;
}

static term req_getstat(proc_t *p, inet_t *in, const uint8_t *d, size_t n)
{
    obuf_t b = {0};
    for (; n; d++, n--) {
        uint64_t v;
        switch (d[0]) {
        case 1: v = in->recv_cnt; break;
        case 2: v = in->recv_max; break;
        case 3: v = (uint64_t)in->recv_avg; break;
        case 4: v = (uint64_t)in->recv_dvi; break;
        case 5: v = in->send_cnt; break;
        case 6: v = in->send_max; break;
        case 7: v = (uint64_t)in->send_avg; break;
        case 8: v = in->olen - in->ooff; break;
        case 9: v = in->recv_oct; break;
        case 10: v = in->send_oct; break;
        default: free(b.d); return THE_NON_VALUE; /* erts: badarg */
        }
        uint8_t x[9];
        x[0] = d[0];
        if (d[0] >= 9) {
            for (int i = 0; i < 8; i++) x[1 + i] = (uint8_t)(v >> (56 - 8 * i));
            ob_put(&b, x, 9);
        } else {
            for (int i = 0; i < 4; i++) x[1 + i] = (uint8_t)(v >> (24 - 8 * i));
            ob_put(&b, x, 5);
        }
    }
    return reply_buf(p, &b);
}

/* INET_IFOPT_* and the flags of inet_int.hrl */
enum { IFO_ADDR = 1, IFO_BROADADDR = 2, IFO_DSTADDR = 3, IFO_NETMASK = 5, IFO_FLAGS = 6, IFO_HWADDR = 7 };

static void ob_sockaddr(obuf_t *b, int opt, const struct sockaddr *sa)
{
    uint8_t x[18];
    x[0] = (uint8_t)opt;
    if (sa->sa_family == AF_INET6) {
        x[1] = 2;
        memcpy(x + 2, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
        ob_put(b, x, 18);
    } else {
        x[1] = 1;
        memcpy(x + 2, &((const struct sockaddr_in *)sa)->sin_addr, 4);
        ob_put(b, x, 6);
    }
}

/* getifaddrs(3) as erts' inet_ctl_getifaddrs encodes it: per entry the
 * name, 0, the flags, its address, netmask and broadcast or destination
 * address (or a link-level entry's hardware address), 0. */
static term req_getifaddrs(proc_t *p)
{
    struct ifaddrs *all;
    if (getifaddrs(&all)) return reply_errno(p, errno);
    obuf_t b = {0};
    for (struct ifaddrs *ifa = all; ifa; ifa = ifa->ifa_next) {
        ob_put(&b, ifa->ifa_name, strlen(ifa->ifa_name) + 1);
        unsigned f = ifa->ifa_flags;
        int32_t fl = (f & IFF_UP ? 1 : 0) | (f & IFF_BROADCAST ? 2 : 0) | (f & IFF_LOOPBACK ? 4 : 0) |
                     (f & IFF_POINTOPOINT ? 8 : 0) | (f & IFF_RUNNING ? 16 : 0) | (f & IFF_MULTICAST ? 32 : 0);
        ob_opt(&b, IFO_FLAGS, fl);
        const struct sockaddr *sa = ifa->ifa_addr;
        if (sa && (sa->sa_family == AF_INET || sa->sa_family == AF_INET6)) {
            ob_sockaddr(&b, IFO_ADDR, sa);
            if (ifa->ifa_netmask) ob_sockaddr(&b, IFO_NETMASK, ifa->ifa_netmask);
            if ((f & IFF_POINTOPOINT) && ifa->ifa_dstaddr) ob_sockaddr(&b, IFO_DSTADDR, ifa->ifa_dstaddr);
            else if ((f & IFF_BROADCAST) && ifa->ifa_broadaddr) ob_sockaddr(&b, IFO_BROADADDR, ifa->ifa_broadaddr);
        } else if (sa && sa->sa_family == AF_PACKET) {
            const struct sockaddr_ll *ll = (const struct sockaddr_ll *)sa;
            if (ll->sll_halen > 0) {
                uint8_t x[3] = {IFO_HWADDR, 0, ll->sll_halen};
                ob_put(&b, x, 3);
                ob_put(&b, ll->sll_addr, ll->sll_halen);
            }
        }
        ob_put(&b, "", 1);
    }
    freeifaddrs(all);
    return reply_buf(p, &b);
}

/* getservbyname: [L1, Name, L2, Proto] -> [P1, P0]; getservbyport:
 * [P1, P0, L, Proto] -> Name (not found: einval, as erts). */
static term req_serv(proc_t *p, const uint8_t *d, size_t n, bool byname)
{
    char name[256], proto[256];
    size_t i = 0;
    uint16_t port = 0;
    if (byname) {
        if (n < 1 || d[0] + 1u > n) return reply_errno(p, EINVAL);
        memcpy(name, d + 1, d[0]);
        name[d[0]] = 0;
        i = 1 + d[0];
    } else {
        if (n < 2) return reply_errno(p, EINVAL);
        port = get16(d);
        i = 2;
    }
    if (n < i + 1 || d[i] + i + 1 != n) return reply_errno(p, EINVAL);
    memcpy(proto, d + i + 1, d[i]);
    proto[d[i]] = 0;
    struct servent se, *r = NULL;
    char buf[1024];
    if (byname) getservbyname_r(name, proto, &se, buf, sizeof buf, &r);
    else getservbyport_r(htons(port), proto, &se, buf, sizeof buf, &r);
    if (!r) return reply_errno(p, EINVAL);
    if (!byname) return reply(p, 1, (const uint8_t *)r->s_name, strlen(r->s_name));
    uint16_t pn = ntohs((uint16_t)r->s_port);
    uint8_t b[2] = {(uint8_t)(pn >> 8), (uint8_t)pn};
    return reply(p, 1, b, 2);
}

term inet_control(proc_t *p, port_t *pt, inet_t *in, uint64_t op, const uint8_t *d, size_t n)
{
    if (op < INET_MAGIC) return reply_err_name(p, "exbadport");
    uint64_t code = op - INET_MAGIC;
    switch (code) {
    case REQ_OPEN: return req_open(p, in, d, n);
    case REQ_BIND: return req_bind(p, in, d, n);
    case REQ_NAME: return req_name(p, in, false);
    case REQ_PEER: return req_name(p, in, true);
    case REQ_CONNECT: return req_connect(p, pt, in, d, n);
    case REQ_LISTEN: return req_listen(p, in, d, n);
    case REQ_ACCEPT: return req_accept(p, pt, in, d, n);
    case TCP_REQ_RECV: return req_recv(p, pt, in, d, n, false);
    case PACKET_REQ_RECV: return req_recv(p, pt, in, d, n, true);
    case REQ_SETOPTS: {
        int e = set_opts(pt, in, d, n);
        return e ? reply_errno(p, e) : reply_ok(p);
    }
    case REQ_GETOPTS: {
        obuf_t b = {0};
        int e = get_opts(in, d, n, &b);
        if (e) {
            free(b.d);
            return reply_errno(p, e);
        }
        return reply_buf(p, &b);
    }
    case REQ_GETSTAT: return req_getstat(p, in, d, n);
    case REQ_GETSTATUS: {
        uint8_t b[4] = {0, 0, 0, (uint8_t)(in->state | (in->busy ? 128 : 0))};
        return reply(p, 1, b, 4);
    }
    case REQ_GETTYPE: {
        if (in->fd < 0) return reply_errno(p, EINVAL);
        uint8_t b[8] = {0, 0, 0, (uint8_t)(in->family == AF_INET6 ? 2 : 1), 0, 0, 0, (uint8_t)(in->udp ? 2 : 1)};
        return reply(p, 1, b, 8);
    }
    case REQ_GETFD: {
        if (in->fd < 0) return reply_errno(p, EINVAL);
        uint8_t b[4] = {(uint8_t)(in->fd >> 24), (uint8_t)(in->fd >> 16), (uint8_t)(in->fd >> 8), (uint8_t)in->fd};
        return reply(p, 1, b, 4);
    }
    case REQ_GETHOSTNAME: {
        if (n) return reply_errno(p, EINVAL);
        char host[256];
        if (gethostname(host, sizeof host)) return reply_errno(p, errno);
        host[sizeof host - 1] = 0;
        return reply(p, 1, (const uint8_t *)host, strlen(host));
    }
    case REQ_SUBSCRIBE: {
        obuf_t b = {0};
        for (; n; d++, n--) {
            if (d[0] != 1) {
                free(b.d);
                return reply_errno(p, EINVAL);
            }
            size_t q = in->olen - in->ooff;
            if (q) in->subscriber = p->id;
            uint8_t x[5] = {1, (uint8_t)(q >> 24), (uint8_t)(q >> 16), (uint8_t)(q >> 8), (uint8_t)q};
            ob_put(&b, x, 5);
        }
        return reply_buf(p, &b);
    }
    case TCP_REQ_SHUTDOWN: {
        if (n != 1 || d[0] > 2 || in->udp) return reply_errno(p, EINVAL);
        if (!(in->state & F_ACTIVE)) return reply_errno(p, ENOTCONN);
        if (d[0] == 1 && in->olen > in->ooff) {
            in->shut_wr = true; /* after the output is written */
            return reply_ok(p);
        }
        if (shutdown(in->fd, d[0] == 0 ? SHUT_RD : d[0] == 1 ? SHUT_WR : SHUT_RDWR)) return reply_errno(p, errno);
        return reply_ok(p);
    }
    case TCP_REQ_UNRECV: {
        if (in->udp) return reply_errno(p, EINVAL);
        if (!n) return reply_ok(p);
        ibuf_reserve(in, n);
        memmove(in->ibuf + n, in->ibuf, in->ilen);
        memcpy(in->ibuf, d, n);
        in->ilen += n;
        return reply_ok(p);
    }
    case REQ_IGNOREFD: return reply_ok(p);
    case REQ_GETIFADDRS: return req_getifaddrs(p);
    case REQ_GETSERVBYNAME: return req_serv(p, d, n, true);
    case REQ_GETSERVBYPORT: return req_serv(p, d, n, false);
    case REQ_CLOSE: return reply_errno(p, EINVAL);
    default: return reply_err_name(p, "exbadport");
    }
}
