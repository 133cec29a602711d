/*
 * dist.h - Erlang distribution, the erts side that OTP 25's net_kernel,
 * dist_util and inet_tcp_dist run on unchanged.
 *
 * A connection (dist entry) per remote node: idle, pending (net_kernel is
 * setting it up; what is sent meanwhile is queued) or up, with a port as
 * its controller (inet_tcp_dist hands erlang:setnode/3 the socket, whose
 * {packet, 4} frames then carry distribution messages: inet.c gives each
 * incoming frame to dist_input and dist writes frames on it directly).
 * Messages use the pass-through form ('p', control term, payload term):
 * laser does not advertise the atom cache nor fragments.
 *
 * Remote pids in links, monitors and signal senders are interned
 * (dist_intern_pid): one permanent copy per pid, outside every heap, so
 * the C tables and the collector treat them as immediates.
 *
 * Signals to a remote pid (sig_send: messages, links, exits, monitors,
 * 'DOWN') become control messages (dist_sig). Each connection remembers
 * the links and monitors that cross it, so that a lost connection fires
 * them with noconnection, as erts does.
 */
#ifndef LASER_DIST_H
#define LASER_DIST_H

#include "etf.h"
#include "port.h"

struct sig;

/* Route signal s to `to` (an external pid, or the node atom of a remote
 * monitor by name); takes s. False (s untouched) if `to` is neither. */
bool dist_sig(term to, struct sig *s);
/* Send msg to a remote pid / {Name, Node} / remote alias (never fails:
 * like a local send to a dead process, an unreachable node drops it). */
void dist_send(proc_t *p, term to, term msg);
void dist_send_reg(proc_t *p, term name, term node, term msg);
void dist_send_alias(proc_t *p, term ref, term msg);
/* monitor(process, Remote): Remote a remote pid or a name on node `node`.
 * Records the monitor and returns its ref numbers in ref. */
void dist_monitor(proc_t *p, term target, term name, term node, uint32_t ref[3]);
/* link(RemotePid) from p. */
void dist_link(proc_t *p, term remote);
/* erts_internal:dist_spawn_request/4 on an alive node. */
term dist_spawn_request(proc_t *p, const term *args);
/* A permanent copy of the external pid t (shared by every user). */
term dist_intern_pid(term t);
/* The port's lock held: one frame of input from controller pt. */
void dist_input(port_t *pt, const uint8_t *d, size_t n);
/* The port's lock held: controller pt is ending (the connection goes). */
void dist_port_closed(port_t *pt);

/* One message as it travels (after the {packet, 4} length): 'p', the
 * control term and the payload term (THE_NON_VALUE: none), each in the
 * external format with its version byte. Encoding puts the 4-byte length
 * first (out is malloc'd; false if a term cannot be encoded); decoding
 * takes the frame without it and is false for anything malformed
 * (trailing bytes included), allocating on h. */
bool dist_frame_encode(term ctl, term payload, etf_buf_t *out);
bool dist_frame_decode(const uint8_t *d, size_t n, heap_t *h, term *ctl, term *payload);

/* For the BIFs (runtime/bif/erlang_dist.c). */
int dist_new_connection(term node, heap_t *h, term *out);
bool dist_abort_pending(term node, term dhandle);
term dist_create_channel(proc_t *p, term node, term port, uint64_t flags, uint32_t creation);
size_t dist_nodes(term *out, size_t max);
int64_t dist_conn_id(term node); /* -1 if not connected */
term dist_get_stat(proc_t *p, term dhandle);
void dist_monitor_node(proc_t *p, term node, bool on);

#endif
