/*
 * fuzz_compact.c - libFuzzer target: the container splitter and the
 * compact term decoder of beam.c, which every operand of the Code and Line
 * chunks goes through.
 */
#include "beam.h"

#include <stddef.h>
#include <stdint.h>

/* keeps the reads below from being optimised away */
volatile unsigned long fuzz_sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    beam_file_t bf;
    char err[256];
    (void)beam_parse(data, size, &bf, err, sizeof err);

    beam_rd_t r;
    beam_rd_init(&r, data, size);
    beam_compact_t c;
    unsigned long sum = 0;
    while (beam_read_compact(&r, &c)) {
        /* touch every byte the decoder claims, so ASan checks its bounds */
        for (size_t i = 0; i < c.nbytes; i++) sum += c.bytes[i];
        sum += (unsigned long)c.val + c.tag;
    }
    fuzz_sink = sum;
    return 0;
}
