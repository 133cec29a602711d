/* nif_other.c - a library for nif_loader (tests/conformance/mods) naming
 * a function the module lacks: {error, {bad_lib, "Function not found
 * nif_loader:no_such_function/3"}}. */
#include <erl_nif.h>

static ERL_NIF_TERM hello(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    return enif_make_atom(env, "hello");
}

static ErlNifFunc funcs[] = {{"no_such_function", 3, hello, 0}};

ERL_NIF_INIT(nif_loader, funcs, NULL, NULL, NULL, NULL)
