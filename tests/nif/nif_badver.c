/* nif_badver.c - a NIF library whose entry claims NIF version 3.0:
 * erlang:load_nif/2 answers {error, {bad_lib, "Library version ..."}}. */
#include <erl_nif.h>

ERL_NIF_INIT_EXPORT ErlNifEntry *nif_init(void);
ERL_NIF_INIT_EXPORT ErlNifEntry *nif_init(void)
{
    static ErlNifEntry entry = {3, 0, "nif_loader", 0, NULL, NULL, NULL, NULL, NULL, ERL_NIF_VM_VARIANT, 1,
                                sizeof(ErlNifResourceTypeInit), ERL_NIF_MIN_ERTS_VERSION};
    return &entry;
}
