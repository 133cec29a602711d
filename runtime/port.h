/*
 * port.h - ports: the port table, port state, the spawn and fd drivers,
 * and the signals between ports and processes.
 *
 * A port is a port_t in a table indexed by its number (#Port<0.N>). Its
 * state (connected process, links, monitors, counters, options) is under
 * its lock; its libuv handles belong to the I/O thread (io.h). Scheduler
 * threads run the BIFs (runtime/bif/erlang_port.c): they check and change
 * the state under the lock and hand writes and closes to the I/O thread as
 * jobs; the I/O thread reads, frames what it reads ({packet,N}, {line,N})
 * and sends messages to the connected process with sig_send, as any
 * process does. Exit signals, links and monitors between ports and
 * processes reuse the process signals: sig_send routes a signal addressed
 * to a port to port_sig.
 *
 * Lifetime: the table holds one reference to a live port, the I/O thread
 * one until all its handles are closed, lookups (port_get) one each. A
 * port that terminates leaves the table at once (port_info says
 * undefined), tells its links and monitors, and its handles close on the
 * I/O thread after pending output is written.
 *
 * Lock order: a port's lock, then the registry lock or a process's lock
 * (a port sends signals under its lock, so its messages and its exit stay
 * in order); the port table lock is taken alone.
 */
#ifndef LASER_PORT_H
#define LASER_PORT_H

#include "io.h"
#include "proc.h"

struct sig;

/* ---- framing of input ({packet, N}, {line, N}): pure, unit tested ---- */
typedef enum { PFR_DATA, PFR_EOL, PFR_NOEOL } pframe_kind_t;
typedef void (*pframe_emit_t)(void *ctx, pframe_kind_t kind, const uint8_t *d, size_t n);
typedef struct {
    uint8_t packet; /* 0 (stream), 1, 2 or 4 header bytes */
    uint32_t line;  /* {line, N}: N, 0 if not in line mode */
    uint8_t *buf;   /* bytes of an incomplete packet or line */
    size_t len, cap;
} pframe_t;
/* Feed bytes read; emit is called once per complete message. */
void pframe_feed(pframe_t *f, const uint8_t *d, size_t n, pframe_emit_t emit, void *ctx);
/* End of input: a partial line is emitted as noeol (an incomplete packet
 * is dropped, as erts does). */
void pframe_eof(pframe_t *f, pframe_emit_t emit, void *ctx);
void pframe_free(pframe_t *f);
/* Room for `need` bytes in a growing byte buffer (doubling from 256; out
 * of memory names `what`). Also the inet driver's buffers. */
void port_bytes_grow(uint8_t **buf, size_t *cap, size_t need, const char *what);

/* ---- for the BIFs (erlang_port.c) ---- */
typedef struct port port_t;

enum { PK_SPAWN, PK_EXEC, PK_FD, PK_INET };

struct inet;

typedef struct {
    int kind;           /* PK_* */
    char *name;         /* port_info name: the command, file or "In/Out" */
    char *file;         /* executable run (PK_SPAWN: /bin/sh) */
    char **argv;        /* NULL-terminated, argv[0] included */
    char **env;         /* "K=V" to set, "K" to unset; NULL-terminated */
    char *cd;
    int fd_in, fd_out;  /* PK_FD */
    struct inet *inet;  /* PK_INET: the socket (inet.c), owned */
    uint8_t packet;
    uint32_t line;
    bool binary, eof, exit_status, in, out, use_stdio, stderr_to_stdout;
} port_opts_t;

void port_opts_free(port_opts_t *o);

/* Open a port connected to (and linked with) p. 0 and *out, or a
 * negative libuv error (uv_err_name) with nothing made. */
int port_open(proc_t *p, port_opts_t *o, term *out);

/* The live port of a local port id (or a registered name) with a
 * reference taken, or NULL. */
port_t *port_get(term id);
port_t *port_lookup(term id_or_name);
void port_unref(port_t *pt);
term port_id(const port_t *pt);
bool port_alive(term id);

/* port_command: write iodata. How a busy port (its output queue past
 * PORT_BUSY_HIGH bytes, until it drains) treats the sender: */
typedef enum {
    PC_SUSPEND,   /* port_command/2,3: suspend p, nothing written (PORT_SUSPENDED) */
    PC_NOSUSPEND, /* [nosuspend]: nothing written (PORT_BUSY) */
    PC_AFTER,     /* Port ! Msg: written, then p suspended */
} port_cmd_mode_t;
enum { PORT_BADDATA = -2, PORT_BADBITS = -1, PORT_CLOSED = 0, PORT_DONE = 1, PORT_BUSY = 2, PORT_SUSPENDED = 3 };
/* PORT_DONE, PORT_CLOSED, PORT_BADDATA (not iodata), PORT_BADBITS (iodata
 * with bitstrings erts' driver output refuses: port_command's badarg, but
 * no badsig for `!`), PORT_BUSY or PORT_SUSPENDED (p is suspended until
 * the port is not busy: the caller retries, BIF_RETRY). */
int port_command(proc_t *p, port_t *pt, term data, port_cmd_mode_t mode);
#define PORT_BUSY_HIGH 8192 /* erts' spawn driver: 1 << 13 */
/* port_close: terminate with reason normal; false if already closed. */
bool port_close(port_t *pt);
/* port_connect: pid becomes the connected process (and gets linked). */
bool port_connect(proc_t *p, port_t *pt, term pid);
/* port_control: the result (a list) or THE_NON_VALUE for badarg. */
term port_control(proc_t *p, port_t *pt, uint64_t op, term data);
/* port_info(Port, Item): the {Item, Value} tuple, ATOM(undefined) for a
 * closed port, THE_NON_VALUE for a bad item. */
term port_info_item(heap_t *h, port_t *pt, term item);
/* port_info/1's list. */
term port_info_all(heap_t *h, port_t *pt);
/* erlang:port_set_data/port_get_data. */
void port_set_data(port_t *pt, term data);
term port_get_data(heap_t *h, port_t *pt);
/* erlang:ports/0. */
term port_list(heap_t *h);
/* monitor(port, Item): the reference (Item a port or a name). */
term port_monitor(proc_t *p, term item);

/* ---- for the inet driver (inet.c) ---- */
void port_lock(port_t *pt);
void port_unlock(port_t *pt);
void port_ref(port_t *pt);
struct inet *port_inet(port_t *pt);
/* Under the lock: */
bool port_alive_locked(port_t *pt);
term port_owner_locked(port_t *pt);
/* Send msg (built in frag) from the port to pid. */
void port_send_locked(port_t *pt, term to, term msg, gc_frag_t *frag);
/* The port ends with reason; its monitors are told, its links too if
 * tell_links (erts' inet driver ends a socket its peer closed without
 * exit signals: measured). */
void port_terminate_locked(port_t *pt, term reason, bool tell_links);
/* Busy (port_command suspends its callers) or not (they resume). */
void port_set_busy_locked(port_t *pt, bool busy);
/* Count bytes received and sent (port_info input/output). */
void port_count_io(port_t *pt, uint64_t in, uint64_t out);
/* On the I/O thread: a libuv handle of the port was initialised (its data
 * must be the port); close it (the port is freed once all are closed). */
void port_handle_opened(port_t *pt);
void port_handle_close(port_t *pt, uv_handle_t *h);
/* A new inet port (an accepted socket) connected to and linked with
 * owner, with a reference for the caller; NULL if the table is full. */
port_t *port_open_inet(term owner, struct inet *in, const char *name);

/* ---- hooks for the scheduler, the registry and send ---- */
/* Bytes every port received and was given to send (statistics(io)). */
extern _Atomic uint64_t port_stat_input, port_stat_output;

/* A signal addressed to a port (sig_send routes them here; s is freed). */
void port_sig(term to, struct sig *s);
/* Port ! Msg from p (the port-message protocol). */
void port_send(proc_t *p, term to, term msg);
/* The registry (scheduler.c) keeps a port's name in this slot (under the
 * registry lock); NULL if the port is not alive. */
term *port_name_slot(term id);

#endif
