/* nif_veto.c - a library for nif_loader whose load callback vetoes with
 * 7, and whose entry names a dirty flag erts refuses when asked (info 1). */
#include <erl_nif.h>

static int load(ErlNifEnv *env, void **priv, ERL_NIF_TERM info) { return 7; }

static ERL_NIF_TERM hello(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    return enif_make_atom(env, "hello");
}

static ErlNifFunc funcs[] = {{"try_load", 2, hello, 0}};

ERL_NIF_INIT(nif_loader, funcs, load, NULL, NULL, NULL)
