/*
 * erlang_sysflag.c - erlang:system_flag/2, one clause per flag. So far
 * only system_logger (errlog.h: where the VM's error reports go), which
 * returns the old value as erl does; every other flag is badarg until
 * its item is added here.
 */
#include "../errlog.h"
#include "bif.h"

term bif_erlang_system_flag_2(proc_t *p, const term *args)
{
    if (args[0] == atom_from_cstr("system_logger")) {
        term old = errlog_set_system_logger(args[1]);
        if (!term_is_value(old)) BIF_BADARG(p);
        return old;
    }
    BIF_BADARG(p);
}
