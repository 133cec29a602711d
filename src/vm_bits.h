/*
 * vm_bits.h - the bit syntax helpers of the interpreter (vm_bits.c): match
 * states and binary construction. All build on the heap_t or proc_heap(p)
 * given, never GC.
 */
#ifndef LASER_VM_BITS_H
#define LASER_VM_BITS_H

#include "proc.h"
#include "atom.h"

#include <laser/abi.h>

/* Segment flags as the compiler encodes them (OTP's BSF_*). */
#define VM_BSF_ALIGNED 1u
#define VM_BSF_LITTLE 2u
#define VM_BSF_SIGNED 4u

/* Data bytes of a heap or refc binary. */
const uint8_t *vm_bin_base(term orig);
/* A new match state over a bitstring. */
term vm_ms_new(heap_t *h, term bin);
term vm_sub_binary(heap_t *h, term orig, uint64_t pos, uint64_t nbits);
bool vm_bs_size(term size, uint64_t unit, uint64_t *bits);
/* Extract and advance; THE_NON_VALUE if it does not match. */
term vm_bs_get_integer(proc_t *p, term ms, uint64_t nbits, unsigned flags);
term vm_bs_get_float(heap_t *h, term ms, uint64_t nbits, unsigned flags);
/* kind 8/16/32; skip returns `true` instead of the code point. */
term vm_bs_get_utf(term ms, int kind, unsigned flags, bool skip);
/* bs_create_bin's segments, 6 words each (type, seg, unit, flags, value,
 * size); THE_NON_VALUE on a bad segment (badarg), with *cause = OTP 25's
 * error_info cause {SegNo, Type, Error, Value} (or NIL); *cause =
 * system_limit: a size too large to build (system_limit, as OTP). */
term vm_bs_create_bin(proc_t *p, const term *seg, size_t nseg, term *cause);
/* The VM_BSF_* of a bs_create_bin segment's flags: an integer, or a list
 * of atoms. */
unsigned vm_bs_seg_flags(term f);

/* Writing a bitstring: buf, bit position, capacity in bits (the OTP 24
 * instructions' binary under construction is abi_state_t.bw, seen by
 * both tiers). */
typedef abi_bw_t vm_bw_t;
/* Pre-OTP-25 construction (bs_init2, bs_append, bs_put_*): the new
 * binary (nbits zero bits / bin followed by addbits zero bits) and *w set
 * to write its remaining bits. */
term vm_bs_init(heap_t *h, uint64_t nbits, vm_bw_t *w);
term vm_bs_append(heap_t *h, term bin, uint64_t addbits, vm_bw_t *w);
/* vm_bs_append's common case alone: bin is the appendable binary's
 * handle with room for `total` bits (whole bytes) in place; a sub binary
 * (SUBBIN_WORDS) made, else THE_NON_VALUE and nothing done. */
term vm_bs_append_in_place(heap_t *h, term bin, uint64_t total, vm_bw_t *w);
/* Put one segment at w; false (w unchanged) if the value, size or unit is
 * bad or it would overrun the binary. */
bool vm_bs_put_integer(vm_bw_t *w, term v, uint64_t nbits, unsigned flags);
bool vm_bs_put_float(vm_bw_t *w, term v, uint64_t nbits, unsigned flags);
bool vm_bs_put_bits(vm_bw_t *w, term bin, term size, uint64_t unit);
bool vm_bs_put_utf(vm_bw_t *w, term v, int kind, unsigned flags);
void vm_bs_put_bytes(vm_bw_t *w, const uint8_t *s, uint64_t nbytes);
/* The same with a size operand times unit (bs_put_integer/float). */
bool vm_bs_put_integer2(vm_bw_t *w, term v, term size, uint64_t unit, unsigned flags);
bool vm_bs_put_float2(vm_bw_t *w, term v, term size, uint64_t unit, unsigned flags);

/* The matching instructions, shared by both tiers (size: the operand
 * term, times unit): THE_NON_VALUE / false = no match; the position moves
 * only on a match. */
term vm_bs_start_match(heap_t *h, term t);
term vm_bs_get_integer2(proc_t *p, term ms, term size, uint64_t unit, unsigned flags);
term vm_bs_get_float2(heap_t *h, term ms, term size, uint64_t unit, unsigned flags);
term vm_bs_get_binary2(heap_t *h, term ms, term size, uint64_t unit);
bool vm_bs_skip_bits2(term ms, term size, uint64_t unit);
bool vm_bs_match_string(term ms, uint64_t bits, const uint8_t *str);
term vm_bs_get_tail(heap_t *h, term ms);
/* The OTP 24 construction's operand checks: NIL if good (*nbits / *add
 * set), else the reason to raise; the heap words they need. */
term vm_bs_init_check(term sz, bool bits, uint64_t *nbits);
term vm_bs_append_check(term sz, term bin, uint64_t unit, uint64_t *add);
size_t vm_bs_init_words(uint64_t nbits);
size_t vm_bs_append_words(term bin, uint64_t add);

/* Match state fields (see vm_bits.c). */
static inline uint64_t vm_ms_pos(term ms) { return (uint64_t)term_to_small(term_boxed_ptr(ms)[2]); }
static inline uint64_t vm_ms_end(term ms) { return (uint64_t)term_to_small(term_boxed_ptr(ms)[3]); }
static inline term vm_ms_orig(term ms) { return term_boxed_ptr(ms)[1]; }
static inline void vm_ms_set_pos(term ms, uint64_t pos) { term_boxed_ptr(ms)[2] = term_from_small((int64_t)pos); }
static inline bool vm_is_ms(term t) { return term_boxed_is(t, HDR_MATCHSTATE); }

#endif
