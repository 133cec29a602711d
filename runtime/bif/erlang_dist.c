/*
 * erlang_dist.c - the distribution BIFs OTP 25's net_kernel, dist_util and
 * erlang.erl call (erlang_dist.def); the connections themselves are
 * runtime/dist.c's.
 *
 * Controllers are ports (inet_tcp_dist's sockets). The dist_ctrl_* BIFs
 * serve process controllers (erts' alternative for distribution over
 * other carriers), which laser does not offer: on a port-controlled
 * connection erts raises badarg for them too.
 */
#include "bif.h"
#include "dist.h"
#include "node.h"

#include <stdatomic.h>
#include <string.h>

/* erts' distribution flags (dist.h). laser leaves out the atom cache,
 * fragments and unlink ids (old UNLINK is used), all rejectable. */
#define DF(x) ((uint64_t)(x))
#define DFLAG_MANDATORY_25 DF(0x1070F94)
#define DFLAG_LASER                                                                                        \
    (DFLAG_MANDATORY_25 | DF(0x8) /* DIST_MONITOR */ | DF(0x20) /* DIST_MONITOR_NAME */ |                 \
     DF(0x1000) /* UNICODE_IO */ | DF(0x4000) /* SMALL_ATOM_TAGS */ | DF(0x80000) /* SEND_SENDER */ |   \
     DF(0x100000) /* BIG_SEQTRACE_LABELS */ | DF(0x400000) /* EXIT_PAYLOAD */ |                          \
     DF(0x4000000) /* MANDATORY_25_DIGEST */ | (DF(1) << 32) /* SPAWN */ | (DF(4) << 32) /* V4_NC */ |    \
     (DF(8) << 32) /* ALIAS */)
#define DFLAG_REJECTABLE DF(0x802042)
#define DFLAG_STRICT_ORDER DF(0x2000)

static term big_or_small(proc_t *p, uint64_t v) { return term_from_small((int64_t)v); }

/* erlang:setnode(Node, Creation): this node becomes alive (net_kernel,
 * once epmd gave the creation). */
term bif_erlang_setnode_2(proc_t *p, const term *args)
{
    term node = args[0];
    if (!term_is_atom(node) || !term_is_small(args[1]) || term_to_small(args[1]) < 0 ||
        term_to_small(args[1]) > 0xFFFFFFFFll)
        BIF_BADARG(p);
    size_t n;
    const uint8_t *t = atom_text(node, &n);
    if (!memchr(t, '@', n) || node_is_alive()) BIF_BADARG(p);
    node_set_local(node, (uint32_t)term_to_small(args[1]));
    return ATOM_true;
}

/* erts_internal:create_dist_channel(Node, Controller, {Flags, Creation})
 * behind erlang:setnode/3: {ok, DHandle}, or an error atom. */
term bif_erts_internal_create_dist_channel_3(proc_t *p, const term *args)
{
    term node = args[0], ctrl = args[1], o = args[2];
    if (!term_is_atom(node) || node == node_local_name() || !node_is_alive() || !term_is_tuple(o) ||
        term_tuple_arity(o) != 2 || !term_is_small(term_tuple_elems(o)[0]) || term_to_small(term_tuple_elems(o)[0]) < 0 ||
        !term_is_small(term_tuple_elems(o)[1]) || term_to_small(term_tuple_elems(o)[1]) < 0)
        return ATOM(badarg);
    if (term_is_pid(ctrl)) return atom_from_cstr("notsup"); /* process controllers: see the header */
    if (!term_is_local_port(ctrl)) return ATOM(badarg);
    return dist_create_channel(p, node, ctrl, (uint64_t)term_to_small(term_tuple_elems(o)[0]),
                               (uint32_t)term_to_small(term_tuple_elems(o)[1]));
}

term bif_erts_internal_new_connection_1(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    term r;
    if (args[0] == node_local_name() || dist_new_connection(args[0], proc_heap(p), &r) < 0)
        BIF_ERROR(p, atom_from_cstr("notalive"));
    return r;
}

term bif_erts_internal_abort_pending_connection_2(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    return dist_abort_pending(args[0], args[1]) ? ATOM_true : ATOM_false;
}

/* #erts_dflags{default, mandatory, addable, rejectable, strict_order} */
term bif_erts_internal_get_dflags_0(proc_t *p, const term *args)
{
    (void)args;
    term el[6] = {atom_from_cstr("erts_dflags"), big_or_small(p, DFLAG_LASER), big_or_small(p, DFLAG_MANDATORY_25),
                  big_or_small(p, DFLAG_LASER), big_or_small(p, DFLAG_REJECTABLE), big_or_small(p, DFLAG_STRICT_ORDER)};
    return heap_make_tuple(proc_heap(p), 6, el);
}

term bif_erts_internal_get_creation_0(proc_t *p, const term *args)
{
    (void)p, (void)args;
    return term_from_small(node_local_creation());
}

/* net_kernel's flag for a node named by its peer (dynamic names): kept, as
 * erts keeps it; laser's own names are static. */
static _Atomic bool dynamic_name;

term bif_erts_internal_dynamic_node_name_0(proc_t *p, const term *args)
{
    (void)p, (void)args;
    return atomic_load(&dynamic_name) ? ATOM_true : ATOM_false;
}

term bif_erts_internal_dynamic_node_name_1(proc_t *p, const term *args)
{
    if (args[0] != ATOM_true && args[0] != ATOM_false) BIF_BADARG(p);
    atomic_store(&dynamic_name, args[0] == ATOM_true);
    return ATOM(ok);
}

term bif_erlang_dist_get_stat_1(proc_t *p, const term *args)
{
    term r = dist_get_stat(p, args[0]);
    if (!term_is_value(r)) BIF_BADARG(p);
    return r;
}

/* Process controllers only (see the header): badarg. */
#define CTRL_BIF(name)                                                                                     \
    term name(proc_t *p, const term *args)                                                                 \
    {                                                                                                      \
        (void)args;                                                                                        \
        BIF_BADARG(p);                                                                                     \
    }
CTRL_BIF(bif_erlang_dist_ctrl_get_data_1)
CTRL_BIF(bif_erlang_dist_ctrl_put_data_2)
CTRL_BIF(bif_erlang_dist_ctrl_get_data_notification_1)
CTRL_BIF(bif_erlang_dist_ctrl_input_handler_2)
CTRL_BIF(bif_erlang_dist_ctrl_get_opt_2)
CTRL_BIF(bif_erlang_dist_ctrl_set_opt_3)
