/*
 * fuzz_loader.c - libFuzzer target: the whole .beam loader on arbitrary
 * bytes. A load either fails with a reason or yields a module that is
 * freed again; any crash, leak or hang is a bug.
 */
#include "atom.h"
#include "loader.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m = NULL;
    ld_init();
    if (ld_load_binary(THE_NON_VALUE, data, size, &m, err) == 0) module_free(m);
    return 0;
}
