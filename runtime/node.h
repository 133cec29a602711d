/*
 * node.h - the table of known nodes (name atom + creation) that external
 * pids, ports and refs point at. Entries are refcounted by the terms that
 * reference them. The local node is 'nonode@nohost' with creation 0 until
 * distribution starts (runtime/dist.h).
 */
#ifndef LASER_NODE_H
#define LASER_NODE_H

#include <laser/term.h>

/* Find or create the entry for (name, creation) with one reference taken. */
term_node_t *node_get(term name, uint32_t creation);
void node_retain(term_node_t *n);
void node_release(term_node_t *n);
/* The local node's name and creation ('nonode@nohost' and 0 until
 * erlang:setnode/2 makes the node alive: node_set_local). */
term node_local_name(void);
uint32_t node_local_creation(void);
bool node_is_alive(void);
void node_set_local(term name, uint32_t creation);

#endif
