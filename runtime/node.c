/*
 * node.c - the table of known nodes (see node.h).
 *
 * Few nodes ever exist, so the table is a mutex-protected linked list.
 * Entries are refcounted by the external pids/ports/refs that point at
 * them; an entry whose count drops to zero is unlinked and freed. The local
 * node is not in the table: external terms of the local node never exist
 * (decoding turns them into local pids/ports/refs), and comparisons treat
 * a NULL node as the local one. The local node's name and creation change
 * once, when erlang:setnode/2 makes the node alive.
 */
#include "node.h"

#include "atom.h"
#include "heap.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct node_link {
    term_node_t node; /* first, so a term_node_t* is a node_link_t* */
    struct node_link *next;
} node_link_t;

static pthread_mutex_t node_lock = PTHREAD_MUTEX_INITIALIZER;
static node_link_t *node_list;

term_node_t *node_get(term name, uint32_t creation)
{
    pthread_mutex_lock(&node_lock);
    node_link_t *l = node_list;
    while (l && !(l->node.name == name && l->node.creation == creation)) l = l->next;
    if (l) {
        atomic_fetch_add(&l->node.refc, 1);
    } else {
        l = malloc(sizeof *l);
        if (!l) laser_oom("node table entry", sizeof *l);
        l->node.name = name;
        l->node.creation = creation;
        atomic_init(&l->node.refc, 1);
        l->next = node_list;
        node_list = l;
    }
    pthread_mutex_unlock(&node_lock);
    return &l->node;
}

void node_retain(term_node_t *n) { atomic_fetch_add(&n->refc, 1); }

void node_release(term_node_t *n)
{
    /* Take the lock before dropping to zero so that node_get cannot hand out
     * an entry that is being freed. */
    pthread_mutex_lock(&node_lock);
    if (atomic_fetch_sub(&n->refc, 1) == 1) {
        node_link_t **pp = &node_list;
        while (*pp && &(*pp)->node != n) pp = &(*pp)->next;
        if (*pp) {
            node_link_t *dead = *pp;
            *pp = dead->next;
            free(dead);
        }
    }
    pthread_mutex_unlock(&node_lock);
}

/* Set once by erlang:setnode/2 (net_kernel, when distribution starts),
 * read everywhere: atomics, no lock. */
static _Atomic term local_name;
static _Atomic uint32_t local_creation;

term node_local_name(void)
{
    term n = atomic_load_explicit(&local_name, memory_order_acquire);
    return n ? n : ATOM(nonode_at_nohost);
}

uint32_t node_local_creation(void) { return atomic_load_explicit(&local_creation, memory_order_acquire); }

bool node_is_alive(void) { return atomic_load_explicit(&local_name, memory_order_acquire) != 0; }

void node_set_local(term name, uint32_t creation)
{
    atomic_store_explicit(&local_creation, creation, memory_order_release);
    atomic_store_explicit(&local_name, name, memory_order_release);
}
