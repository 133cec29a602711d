/*
 * test_bin.c - binary storage helpers (runtime/bin.c): bin_copy_bits
 * against a bit-at-a-time reference on random offsets and lengths, the
 * bits around the destination range untouched.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "bin.h"

static void ref_copy(const uint8_t *src, uint64_t s, uint8_t *dst, uint64_t d, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        unsigned bit = (src[(s + i) / 8] >> (7 - (s + i) % 8)) & 1;
        if (bit) dst[(d + i) / 8] |= (uint8_t)(0x80 >> ((d + i) % 8));
        else dst[(d + i) / 8] &= (uint8_t)~(0x80 >> ((d + i) % 8));
    }
}

static uint64_t seed = 88172645463325252ull;
static uint64_t rnd(void)
{
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    return seed;
}

Test(bin, copy_bits_matches_bit_by_bit)
{
    enum { N = 64 };
    uint8_t src[N], a[N + 1], b[N + 1];
    for (int round = 0; round < 200000; round++) {
        for (int i = 0; i < N; i++) src[i] = (uint8_t)rnd();
        for (int i = 0; i <= N; i++) a[i] = b[i] = (uint8_t)rnd();
        uint64_t s = rnd() % (N * 8), d = rnd() % (N * 8);
        uint64_t max = N * 8 - (s > d ? s : d);
        uint64_t n = round % 4 == 0 ? rnd() % 17 : rnd() % (max + 1);
        if (n > max) n = max;
        bin_copy_bits(src, s, a, d, n);
        ref_copy(src, s, b, d, n);
        cr_assert_eq(memcmp(a, b, sizeof a), 0, "src bit %llu, dst bit %llu, %llu bits", (unsigned long long)s,
                     (unsigned long long)d, (unsigned long long)n);
    }
}

/* The last source byte is read only if the copied bits reach into it (a
 * binary's data may end exactly there). */
Test(bin, copy_bits_reads_no_byte_past_the_bits)
{
    uint8_t *src = malloc(1);
    src[0] = 0xA5;
    uint8_t dst[2] = {0, 0};
    bin_copy_bits(src, 3, dst, 5, 5);
    uint8_t want[2] = {0, 0};
    ref_copy(src, 3, want, 5, 5);
    cr_assert_eq(memcmp(dst, want, 2), 0);
    free(src);
}
