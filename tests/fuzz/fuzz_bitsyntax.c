/*
 * fuzz_bitsyntax.c - libFuzzer target: the interpreter's bit-syntax
 * matcher. bs_fuzz.erl (next to this file) is compiled with erlc once, at
 * start-up, into a fresh temporary directory and loaded from there; each
 * input then runs bs_fuzz:run(Skip, Bin) in a new process: Bin is the
 * input after its first byte, Skip (the first byte's low 3 bits) a bit
 * offset so every segment is matched at every alignment, including from
 * sub-binaries with a bit tail (the last byte's count of bits comes from
 * the first byte's bits 3..5).
 *
 * run/2 has a catch-all clause everywhere, so it must return: an exception
 * is a finding, as are crashes, sanitizer reports, leaks and hangs. The
 * first byte's top bits select GC-stress mode (a collection at every
 * allocation point) for short inputs, so a term the matcher holds outside
 * the roots is found; the heap is verified after every run.
 */
#include "atom.h"
#include "bin.h"
#include "../../src/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static vm_sched_t sched;
static export_entry_t *run_ep;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    vm_init();
    /* the source sits next to this file; __FILE__ is the absolute path
     * CMake compiles it by */
    char src[4096], cmd[9000], tmpl[] = "/tmp/laser-bs-fuzz-XXXXXX";
    snprintf(src, sizeof src, "%s", __FILE__);
    char *slash = strrchr(src, '/');
    if (!slash) abort();
    snprintf(slash + 1, sizeof src - (size_t)(slash + 1 - src), "bs_fuzz.erl");
    char *dir = mkdtemp(tmpl);
    if (!dir) abort();
    snprintf(cmd, sizeof cmd, "erlc -o '%s' '%s'", dir, src);
    if (system(cmd) != 0) {
        fprintf(stderr, "fuzz_bitsyntax: erlc failed on %s\n", src);
        abort();
    }
    vm_path_add(dir, false);
    vm_path_add_otp();
    if (!vm_autoload(atom_from_cstr("bs_fuzz"))) {
        fprintf(stderr, "fuzz_bitsyntax: cannot load bs_fuzz from %s\n", dir);
        abort();
    }
    /* the module stays loaded: remove the temporary copy now */
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "fuzz_bitsyntax: could not remove %s\n", dir);
    run_ep = export_put(atom_from_cstr("bs_fuzz"), atom_from_cstr("run"), 2);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t ctl = data[0];
    data++;
    size--;
    unsigned skip = ctl & 7, tail_bits = (ctl >> 3) & 7;
    bool stress = (ctl & 0xc0) == 0xc0 && size <= 256;

    bool old = gc_stress_default;
    gc_stress_default = stress;
    proc_t *p = proc_new(term_make_pid(1, 0), 0);
    gc_stress_default = old;

    heap_t *h = proc_heap(p);
    /* the last byte contributes only tail_bits bits (0: all eight) */
    uint64_t nbits = (uint64_t)size * 8;
    if (size > 0 && tail_bits) nbits -= 8 - tail_bits;
    term args[2] = {term_from_small(nbits >= skip ? skip : 0), bin_make_bits(h, data, nbits)};
    proc_heap_close(p);

    term result;
    vm_result_t rc = vm_apply(p, &sched, run_ep, args, 2, &result);
    if (rc != VM_RETURNED) {
        fprintf(stderr, "bs_fuzz:run/2 raised (class %d)\n", (int)p->fclass);
        abort();
    }
    if (!term_is_list(result)) {
        fprintf(stderr, "bs_fuzz:run/2 returned a non-list\n");
        abort();
    }
    const char *bad = gc_verify(&p->mem, NULL, 0);
    if (bad) {
        fprintf(stderr, "heap after bs_fuzz:run/2: %s\n", bad);
        abort();
    }
    proc_free(p);
    return 0;
}
