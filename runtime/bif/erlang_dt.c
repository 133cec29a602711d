/*
 * erlang_dt.c - erlang:dt_* as erts answers them without VM probes
 * (USE_VM_PROBES off, measured on erl 25): there is never a tag, spreading
 * one is accepted for a boolean, restoring only `true` (what spread
 * returned), and the tag-data helpers return their argument.
 */
#include "bif.h"

term bif_erlang_dt_spread_tag_1(proc_t *p, const term *args)
{
    if (args[0] != ATOM(true) && args[0] != ATOM(false)) BIF_BADARG(p);
    return ATOM(true);
}

term bif_erlang_dt_restore_tag_1(proc_t *p, const term *args)
{
    if (args[0] != ATOM(true)) BIF_BADARG(p);
    return ATOM(true);
}

term bif_erlang_dt_get_tag_0(proc_t *p, const term *args)
{
    (void)p;
    (void)args;
    return ATOM(undefined);
}

term bif_erlang_dt_get_tag_data_0(proc_t *p, const term *args) { return bif_erlang_dt_get_tag_0(p, args); }

term bif_erlang_dt_put_tag_1(proc_t *p, const term *args) { return bif_erlang_dt_get_tag_0(p, args); }

term bif_erlang_dt_prepend_vm_tag_data_1(proc_t *p, const term *args)
{
    (void)p;
    return args[0];
}

term bif_erlang_dt_append_vm_tag_data_1(proc_t *p, const term *args)
{
    (void)p;
    return args[0];
}
