/*
 * inet.h - the tcp_inet and udp_inet drivers: the sockets of gen_tcp and
 * gen_udp, speaking erts' inet_drv protocol to OTP's prim_inet unchanged
 * (port_control requests INET_REQ_* answered [1 | Reply] or
 * [0 | ErrorName], port_command sends answered {inet_reply, S, Status},
 * {inet_async, S, Ref, Result} for accept, connect and recv, and the
 * active-mode messages {tcp, S, Data}, {tcp_closed, S}, {udp, S, IP,
 * Port, Data}, ...).
 *
 * A socket is a port (port.c) of kind PK_INET with an inet_t as its
 * driver data. Its state is under the port's lock. Requests run their
 * system calls at once on the calling scheduler (the socket is
 * non-blocking); what has to wait (a read, an accept, a connect, output
 * the kernel did not take, a timeout) waits on the I/O thread: a uv_poll_t
 * on the socket and a uv_timer_t, which only that thread touches. After a
 * change of what the socket waits for, the scheduler queues a job that
 * brings the poll and the timer up to date (inet_kick).
 */
#ifndef LASER_INET_H
#define LASER_INET_H

#include "port.h"

typedef struct inet inet_t;

/* A socket's driver data for a port being opened ({spawn_driver,
 * "tcp_inet" | "udp_inet"}); NULL for another driver name. */
inet_t *inet_new(const char *driver);
void inet_free(inet_t *in);

/* Under the port's lock, the port alive: */
/* erlang:port_control(S, Op, Data): the reply list, or THE_NON_VALUE
 * (badarg). */
term inet_control(proc_t *p, port_t *pt, inet_t *in, uint64_t op, const uint8_t *d, size_t n);
/* erlang:port_command(S, Data) with Data flattened: send (TCP) or sendto
 * (UDP: address first); the {inet_reply, S, Status} goes to p. */
void inet_command(proc_t *p, port_t *pt, inet_t *in, const uint8_t *d, size_t n);
/* Make the socket a distribution controller (erlang:setnode/3): each
 * incoming {packet, 4} frame goes to dist_input; false if it is not a TCP
 * socket in packet 4 mode. */
bool inet_set_dist(port_t *pt, inet_t *in);
/* Write one frame of distribution output (the 4-byte length added). */
void inet_dist_write(port_t *pt, inet_t *in, const uint8_t *d, size_t n);
/* The port is ending: pending callers get {error, closed}. */
void inet_terminated(port_t *pt, inet_t *in);

/* On the I/O thread, the port dead: close the handles and the socket. */
void inet_io_close(port_t *pt, inet_t *in);

#endif
