/*
 * test_vm_bits.c - binary construction in src/vm_bits.c on a plain heap_t:
 * appends (in place on the handle that covers an appendable store, a copy
 * for any other handle, for an unaligned base, and once the store was
 * copied to another heap as a message is), and integer fields at every bit
 * offset against a bit-at-a-time reference, near the end of the buffer
 * and in the middle (the 8-byte read-modify-write path).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "bin.h"
#include "copy.h"
#include "vm_bits.h"

static term bytes_bin(heap_t *h, const char *s) { return bin_make(h, (const uint8_t *)s, strlen(s), NULL); }

/* The bytes of a binary (whole bytes) as a C string, for comparisons. */
static const char *text(term b, char *out, size_t cap)
{
    bin_view_t v;
    bin_view(b, &v);
    cr_assert(bin_view_is_bytes(&v));
    size_t n = (size_t)(v.bitsize / 8);
    cr_assert(n < cap);
    memcpy(out, v.base, n);
    out[n] = 0;
    return out;
}

/* Append the string s to b. */
static term app(heap_t *h, term b, const char *s)
{
    vm_bw_t w;
    term r = vm_bs_append(h, b, 8 * strlen(s), &w);
    vm_bs_put_bytes(&w, (const uint8_t *)s, strlen(s));
    return r;
}

static const uint8_t *store_data(term b)
{
    bin_view_t v;
    bin_view(b, &v);
    return v.base;
}

Test(vm_bits, appends_grow_in_place_on_the_newest_handle)
{
    heap_t h;
    heap_init(&h);
    char buf[512];
    term a = app(&h, bytes_bin(&h, "ab"), "cd");
    cr_assert(term_boxed_is(a, HDR_SUB_BIN));
    term b = app(&h, a, "ef");
    cr_assert_eq(store_data(a), store_data(b), "the newest handle grows in place");
    cr_assert_str_eq(text(a, buf, sizeof buf), "abcd");
    cr_assert_str_eq(text(b, buf, sizeof buf), "abcdef");
    /* a is no longer the whole binary: appending to it copies */
    term c = app(&h, a, "XY");
    cr_assert_neq(store_data(c), store_data(a));
    cr_assert_str_eq(text(c, buf, sizeof buf), "abcdXY");
    cr_assert_str_eq(text(b, buf, sizeof buf), "abcdef");
    /* and b still grows in place */
    term d = app(&h, b, "gh");
    cr_assert_eq(store_data(d), store_data(b));
    cr_assert_str_eq(text(d, buf, sizeof buf), "abcdefgh");
    cr_assert_str_eq(text(a, buf, sizeof buf), "abcd");
    heap_free(&h);
}

Test(vm_bits, appends_past_the_capacity_move_to_a_larger_store)
{
    heap_t h;
    heap_init(&h);
    term b = bytes_bin(&h, "");
    for (int i = 0; i < 5000; i++) b = app(&h, b, i % 2 ? "xy" : "z");
    cr_assert_eq(bin_bit_size(b), 8 * 7500);
    bin_view_t v;
    bin_view(b, &v);
    for (int i = 0, at = 0; i < 5000; i++) {
        if (i % 2) {
            cr_assert(v.base[at] == 'x' && v.base[at + 1] == 'y');
            at += 2;
        } else {
            cr_assert_eq(v.base[at++], 'z');
        }
    }
    heap_free(&h);
}

Test(vm_bits, a_copied_binary_is_no_longer_appended_in_place)
{
    heap_t h, other;
    heap_init(&h);
    heap_init(&other);
    char buf[64];
    term a = app(&h, bytes_bin(&h, "ab"), "cd");
    term sent = copy_term(&other, a); /* as send does */
    term b = app(&h, a, "ef");
    cr_assert_neq(store_data(b), store_data(a), "the store is shared: copy");
    term c = app(&other, sent, "gh");
    cr_assert_neq(store_data(c), store_data(sent));
    cr_assert_str_eq(text(b, buf, sizeof buf), "abcdef");
    cr_assert_str_eq(text(c, buf, sizeof buf), "abcdgh");
    cr_assert_str_eq(text(sent, buf, sizeof buf), "abcd");
    heap_free(&other);
    heap_free(&h);
}

Test(vm_bits, unaligned_bases_are_copied)
{
    heap_t h;
    heap_init(&h);
    uint8_t one = 0xA0;
    term bits = bin_make_bits(&h, &one, 3); /* 101 */
    vm_bw_t w;
    term r = vm_bs_append(&h, bits, 5, &w);
    cr_assert(vm_bs_put_integer(&w, term_from_small(0x15), 5, 0));
    bin_view_t v;
    bin_view(r, &v);
    cr_assert_eq(v.bitsize, 8);
    cr_assert_eq(v.base[0], 0xB5);
    cr_assert_not(term_is_value(vm_bs_append_in_place(&h, r, 16, &w)), "no appendable store under it");
    heap_free(&h);
}

static void ref_put(uint8_t *buf, uint64_t pos, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++, pos++) {
        unsigned bit = (v >> (n - 1 - i)) & 1;
        if (bit) buf[pos / 8] |= (uint8_t)(0x80 >> pos % 8);
        else buf[pos / 8] &= (uint8_t)~(0x80 >> pos % 8);
    }
}

Test(vm_bits, integer_fields_at_every_offset_keep_their_neighbours)
{
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (unsigned n = 1; n <= 64; n++)
        for (uint64_t pos = 0; pos < 80; pos++) {
            uint8_t got[16], want[16];
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            memset(got, 0x5C, sizeof got);
            memcpy(want, got, sizeof got);
            int64_t v = (int64_t)(seed >> 5) >> (seed % 8); /* fits a small */
            if (seed & 16) v = -v;
            if ((pos + n + 7) / 8 > sizeof got) continue;
            /* the field at the end of the buffer, or with room after it */
            uint64_t cap = seed % 3 ? pos + n : 8 * sizeof got;
            vm_bw_t w = {got, pos, cap};
            cr_assert(vm_bs_put_integer(&w, term_from_small(v), n, 0), "n %u pos %llu cap %llu v %lld", n, (unsigned long long)pos, (unsigned long long)cap, (long long)v);
            ref_put(want, pos, (uint64_t)v, n);
            cr_assert_eq(w.pos, pos + n);
            cr_assert_arr_eq(got, want, sizeof got, "n %u at %llu", n, (unsigned long long)pos);
        }
}
