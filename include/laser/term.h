/*
 * term.h - the Erlang term: one 64-bit word, tagged as in BEAM (erl_term.h).
 *
 * Part of the fixed ABI: native code inlines these tests, so the layout may
 * only change together with LASER_ABI_VERSION in abi.h.
 *
 *   Primary tag (low 2 bits)
 *     ...........................00   header word (first word of a boxed object)
 *     [ pointer to 2-word cons ]01   list (cons cell: car, cdr)
 *     [ pointer to header word ]10   boxed
 *     ...........................11   immediate
 *
 *   Immediate-1 (low 4 bits)
 *     [ 60-bit pid data        ]0011   local pid
 *     [ 60-bit port data       ]0111   local port
 *     ..........................1011   immediate-2, see below
 *     [ 60-bit signed integer  ]1111   small integer
 *
 *   Immediate-2 (low 6 bits)
 *     [ atom index             ]001011  atom
 *     [ code offset            ]011011  catch (only on the stack)
 *     ........................101011   (unused; THE_NON_VALUE in debug builds)
 *     ........................111011   nil  []
 *
 *   Header word: [ arity (58 bits) ][ subtag (4 bits) ]00
 *     arity counts the words that follow the header.
 *     0000 tuple          0100 ref            1000 refc binary   1100 ext pid
 *     0001 match state    0101 fun            1001 heap binary   1101 ext port
 *     0010 pos bignum     0110 float          1010 sub binary    1110 ext ref
 *     0011 neg bignum     0111 export         1011 map           1111 (unused)
 *
 * Boxed layouts (words after the header):
 *   tuple      elements[arity]
 *   bignum     mp_limb_t digits[arity], least significant first, no leading 0
 *   float      double (arity 1)
 *   ref        uint32 num[4] packed in 2 words (arity 2); num[3] = 0
 *   fun        see term_fun_t        export  Export* (arity 1)
 *   heap bin   size in bytes, then the bytes, padded to a word
 *   refc bin   see term_procbin_t    sub bin see term_subbin_t
 *   map        flatmap: size, keys tuple, values[size]  (header arity = 2+size,
 *              map kind in bits 6..7, see map.h); hashmap nodes: see map.h
 *   ext pid/port/ref: see term_external_t
 */
#ifndef LASER_TERM_H
#define LASER_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint64_t term;
typedef int64_t sterm;

#ifdef LASER_DEBUG
#include <assert.h>
#define TERM_ASSERT(c) assert(c)
#else
#define TERM_ASSERT(c) ((void)0)
#endif

/* ---- primary tags ---- */
#define TAG_PRIMARY_MASK 0x3u
#define TAG_PRIMARY_HEADER 0x0u
#define TAG_PRIMARY_LIST 0x1u
#define TAG_PRIMARY_BOXED 0x2u
#define TAG_PRIMARY_IMMED1 0x3u

#define TAG_IMMED1_MASK 0xFu
#define TAG_IMMED1_PID 0x3u
#define TAG_IMMED1_PORT 0x7u
#define TAG_IMMED1_IMMED2 0xBu
#define TAG_IMMED1_SMALL 0xFu
#define TAG_IMMED1_SIZE 4

#define TAG_IMMED2_MASK 0x3Fu
#define TAG_IMMED2_ATOM 0x0Bu
#define TAG_IMMED2_CATCH 0x1Bu
#define TAG_IMMED2_SPARE 0x2Bu
#define TAG_IMMED2_NIL 0x3Bu
#define TAG_IMMED2_SIZE 6

/* header subtags, already shifted by the primary tag */
#define HDR_SUBTAG_MASK 0x3Cu
#define HDR_TUPLE (0x0u << 2)
#define HDR_MATCHSTATE (0x1u << 2)
#define HDR_POS_BIG (0x2u << 2)
#define HDR_NEG_BIG (0x3u << 2)
#define HDR_REF (0x4u << 2)
#define HDR_FUN (0x5u << 2)
#define HDR_FLOAT (0x6u << 2)
#define HDR_EXPORT (0x7u << 2)
#define HDR_REFC_BIN (0x8u << 2)
#define HDR_HEAP_BIN (0x9u << 2)
#define HDR_SUB_BIN (0xAu << 2)
#define HDR_MAP (0xBu << 2)
#define HDR_EXT_PID (0xCu << 2)
#define HDR_EXT_PORT (0xDu << 2)
#define HDR_EXT_REF (0xEu << 2)
#define HDR_ARITY_SHIFT 6

/* ---- special values ---- */
#define NIL ((term)TAG_IMMED2_NIL)
/* The non-value marks "no term" (empty register, failed BIF). It is zero in
 * release builds and a spare immediate in debug builds so that code assuming
 * zero is caught. */
#ifdef LASER_DEBUG
#define THE_NON_VALUE ((term)TAG_IMMED2_SPARE | ((term)0xBAD << TAG_IMMED2_SIZE))
#else
#define THE_NON_VALUE ((term)0)
#endif
static inline bool term_is_value(term t) { return t != THE_NON_VALUE; }

/* ---- small integers: 60 bits, two's complement ---- */
#define SMALL_BITS 60
#define MAX_SMALL ((int64_t)((UINT64_C(1) << (SMALL_BITS - 1)) - 1))
#define MIN_SMALL (-MAX_SMALL - 1)

static inline bool term_is_small(term t) { return (t & TAG_IMMED1_MASK) == TAG_IMMED1_SMALL; }
static inline bool small_fits(int64_t v) { return v >= MIN_SMALL && v <= MAX_SMALL; }
static inline term term_from_small(int64_t v)
{
    TERM_ASSERT(small_fits(v));
    return ((uint64_t)v << TAG_IMMED1_SIZE) | TAG_IMMED1_SMALL;
}
static inline int64_t term_to_small(term t)
{
    TERM_ASSERT(term_is_small(t));
    return (int64_t)t >> TAG_IMMED1_SIZE;
}

/* ---- atoms ---- */
static inline bool term_is_atom(term t) { return (t & TAG_IMMED2_MASK) == TAG_IMMED2_ATOM; }
static inline term term_from_atom_index(uint32_t i) { return ((term)i << TAG_IMMED2_SIZE) | TAG_IMMED2_ATOM; }
static inline uint32_t term_atom_index(term t)
{
    TERM_ASSERT(term_is_atom(t));
    return (uint32_t)(t >> TAG_IMMED2_SIZE);
}

static inline bool term_is_nil(term t) { return t == NIL; }
static inline bool term_is_catch(term t) { return (t & TAG_IMMED2_MASK) == TAG_IMMED2_CATCH; }
static inline term term_make_catch(uint64_t v) { return (v << TAG_IMMED2_SIZE) | TAG_IMMED2_CATCH; }
static inline uint64_t term_catch_val(term t) { return t >> TAG_IMMED2_SIZE; }

/* ---- local pids and ports: 60 bits of data ---- */
static inline bool term_is_local_pid(term t) { return (t & TAG_IMMED1_MASK) == TAG_IMMED1_PID; }
static inline bool term_is_local_port(term t) { return (t & TAG_IMMED1_MASK) == TAG_IMMED1_PORT; }
static inline term term_make_local_pid(uint64_t data) { return (data << TAG_IMMED1_SIZE) | TAG_IMMED1_PID; }
static inline term term_make_local_port(uint64_t data) { return (data << TAG_IMMED1_SIZE) | TAG_IMMED1_PORT; }
static inline uint64_t term_pid_data(term t) { return t >> TAG_IMMED1_SIZE; }
static inline uint64_t term_port_data(term t) { return t >> TAG_IMMED1_SIZE; }
/* A local pid's data is number (low 28 bits, as OTP's <0.Number.Serial>) and
 * serial (the 32 bits above); ETF's NEW_PID_EXT carries them as ID and Serial. */
#define PID_NUMBER_BITS 28
static inline uint32_t pid_number(term t) { return (uint32_t)(term_pid_data(t) & ((1u << PID_NUMBER_BITS) - 1)); }
static inline uint32_t pid_serial(term t) { return (uint32_t)(term_pid_data(t) >> PID_NUMBER_BITS); }
static inline term term_make_pid(uint32_t number, uint32_t serial)
{
    return term_make_local_pid(((uint64_t)serial << PID_NUMBER_BITS) | (number & ((1u << PID_NUMBER_BITS) - 1)));
}

static inline bool term_is_immed(term t) { return (t & TAG_PRIMARY_MASK) == TAG_PRIMARY_IMMED1; }

/* ---- lists ---- */
static inline bool term_is_list(term t) { return (t & TAG_PRIMARY_MASK) == TAG_PRIMARY_LIST; }
static inline term *term_list_ptr(term t)
{
    TERM_ASSERT(term_is_list(t));
    return (term *)(uintptr_t)(t - TAG_PRIMARY_LIST);
}
static inline term term_from_list_ptr(const term *p) { return (term)(uintptr_t)p + TAG_PRIMARY_LIST; }
static inline term term_car(term t) { return term_list_ptr(t)[0]; }
static inline term term_cdr(term t) { return term_list_ptr(t)[1]; }

/* ---- boxed ---- */
static inline bool term_is_boxed(term t) { return (t & TAG_PRIMARY_MASK) == TAG_PRIMARY_BOXED; }
static inline term *term_boxed_ptr(term t)
{
    TERM_ASSERT(term_is_boxed(t));
    return (term *)(uintptr_t)(t - TAG_PRIMARY_BOXED);
}
static inline term term_from_boxed_ptr(const term *p) { return (term)(uintptr_t)p + TAG_PRIMARY_BOXED; }

static inline term hdr_make(uint64_t arity, unsigned subtag) { return (arity << HDR_ARITY_SHIFT) | subtag; }
static inline bool term_is_header(term h) { return (h & TAG_PRIMARY_MASK) == TAG_PRIMARY_HEADER; }
static inline unsigned hdr_subtag(term h) { return (unsigned)(h & HDR_SUBTAG_MASK); }
static inline uint64_t hdr_arity(term h) { return h >> HDR_ARITY_SHIFT; }
static inline term term_boxed_header(term t) { return *term_boxed_ptr(t); }
static inline bool term_boxed_is(term t, unsigned subtag)
{
    return term_is_boxed(t) && hdr_subtag(term_boxed_header(t)) == subtag;
}

/* tuples */
static inline bool term_is_tuple(term t) { return term_boxed_is(t, HDR_TUPLE); }
static inline uint64_t term_tuple_arity(term t) { return hdr_arity(term_boxed_header(t)); }
/* 0-based element pointer */
static inline term *term_tuple_elems(term t) { return term_boxed_ptr(t) + 1; }

/* bignums: digits are 64-bit limbs, least significant first */
static inline bool hdr_is_big(term h) { return (h & (HDR_SUBTAG_MASK & ~(0x1u << 2))) == HDR_POS_BIG; }
static inline bool term_is_big(term t) { return term_is_boxed(t) && hdr_is_big(term_boxed_header(t)); }
static inline bool term_big_is_neg(term t) { return hdr_subtag(term_boxed_header(t)) == HDR_NEG_BIG; }
static inline uint64_t term_big_size(term t) { return hdr_arity(term_boxed_header(t)); }
static inline uint64_t *term_big_digits(term t) { return (uint64_t *)(term_boxed_ptr(t) + 1); }
static inline bool term_is_integer(term t) { return term_is_small(t) || term_is_big(t); }

/* floats */
static inline bool term_is_float(term t) { return term_boxed_is(t, HDR_FLOAT); }
static inline double term_float_val(term t)
{
    double d;
    memcpy(&d, term_boxed_ptr(t) + 1, sizeof d);
    return d;
}
static inline term float_header(void) { return hdr_make(1, HDR_FLOAT); }
static inline bool term_is_number(term t) { return term_is_integer(t) || term_is_float(t); }

/* refs: 3 (or 4) 32-bit numbers packed in 2 words */
#define REF_NUMBERS 3
static inline bool term_is_local_ref(term t) { return term_boxed_is(t, HDR_REF); }
/* A magic reference (runtime/res.h; erts' magic ref): a local ref that holds
 * a count on a C object (a resource), on its heap's off-heap chain:
 * header, next, the object, its numbers. Arity 4 tells it from an ordinary
 * ref (arity 2, the numbers right after the header). */
struct res;
typedef struct term_mref {
    term header; /* hdr_make(MREF_WORDS - 1, HDR_REF) */
    struct term_offheap_hdr *next;
    struct res *obj;
    uint32_t num[4]; /* num[3] = 0, as an ordinary ref's */
} term_mref_t;
#define MREF_WORDS (sizeof(term_mref_t) / sizeof(term))
static inline bool hdr_is_mref(term h) { return h == hdr_make(MREF_WORDS - 1, HDR_REF); }
static inline bool term_is_mref(term t) { return term_is_boxed(t) && hdr_is_mref(term_boxed_header(t)); }
static inline uint32_t *term_ref_numbers(term t)
{
    term *p = term_boxed_ptr(t);
    return hdr_is_mref(p[0]) ? ((term_mref_t *)p)->num : (uint32_t *)(p + 1);
}

/* funs and exports */
static inline bool term_is_fun(term t) { return term_boxed_is(t, HDR_FUN); }
static inline bool term_is_export(term t) { return term_boxed_is(t, HDR_EXPORT); }
static inline bool term_is_any_fun(term t) { return term_is_fun(t) || term_is_export(t); }

/* binaries */
static inline bool hdr_is_binary(term h)
{
    unsigned s = hdr_subtag(h);
    return s == HDR_REFC_BIN || s == HDR_HEAP_BIN || s == HDR_SUB_BIN;
}
static inline bool term_is_bitstring(term t) { return term_is_boxed(t) && hdr_is_binary(term_boxed_header(t)); }

/* maps */
static inline bool term_is_map(term t) { return term_boxed_is(t, HDR_MAP); }

/* external identifiers */
static inline bool term_is_ext_pid(term t) { return term_boxed_is(t, HDR_EXT_PID); }
static inline bool term_is_ext_port(term t) { return term_boxed_is(t, HDR_EXT_PORT); }
static inline bool term_is_ext_ref(term t) { return term_boxed_is(t, HDR_EXT_REF); }
static inline bool term_is_pid(term t) { return term_is_local_pid(t) || term_is_ext_pid(t); }
static inline bool term_is_port(term t) { return term_is_local_port(t) || term_is_ext_port(t); }
static inline bool term_is_ref(term t) { return term_is_local_ref(t) || term_is_ext_ref(t); }

/* ---- boxed object layouts (word-aligned structs overlaying the heap) ---- */

/* Off-heap objects that a heap points at (refc binaries, funs with an entry
 * refcount, external node refs) are chained so that GC can release them. */
typedef struct term_offheap_hdr {
    term header;
    struct term_offheap_hdr *next;
} term_offheap_hdr_t;

/* A reference-counted binary's storage, allocated off any heap. */
typedef struct bin_store {
    _Atomic uint64_t refc;
    uint64_t orig_size;
    uint64_t flags;
    uint8_t data[];
} bin_store_t;

/* refc binary handle on a heap ("ProcBin") */
typedef struct term_procbin {
    term header; /* hdr_make(PROCBIN_WORDS - 1, HDR_REFC_BIN) */
    struct term_offheap_hdr *next;
    uint64_t size;    /* bytes visible through this handle */
    bin_store_t *val; /* the storage */
    uint8_t *bytes;   /* first byte (val->data + offset) */
    uint64_t flags;   /* PROCBIN_GROWN or 0 */
} term_procbin_t;
#define PROCBIN_WORDS (sizeof(term_procbin_t) / sizeof(term))
/* A handle that adds nothing to the virtual binary heap until a GC keeps
 * it (the GC clears the flag, as does copying it to another heap). No
 * constructor sets it any more: appends (vm_bits.c) make one ProcBin per
 * store and sub binaries of it. */
#define PROCBIN_GROWN 1u
/* Words a handle adds to its process's virtual binary heap (gc.h). */
static inline uint64_t term_procbin_vheap_words(const term_procbin_t *pb)
{
    return (pb->flags & PROCBIN_GROWN) ? 0 : pb->size / sizeof(term);
}

/* heap binary: header, size, bytes. Binaries up to this size live on the heap. */
#define HEAP_BIN_LIMIT 64
static inline uint64_t heap_bin_words(uint64_t bytes) { return 2 + (bytes + 7) / 8; }

/* sub binary: a window into a heap or refc binary; bitoffs/bitsize make
 * non-byte-aligned bitstrings. */
typedef struct term_subbin {
    term header; /* hdr_make(SUBBIN_WORDS - 1, HDR_SUB_BIN) */
    uint64_t size; /* whole bytes */
    uint64_t offs; /* byte offset into orig */
    uint8_t bitsize; /* extra bits after size bytes, 0..7 */
    uint8_t bitoffs; /* bit offset after offs, 0..7 */
    uint8_t is_writable;
    uint8_t pad_[5];
    term orig; /* the heap or refc binary */
} term_subbin_t;
#define SUBBIN_WORDS (sizeof(term_subbin_t) / sizeof(term))

/* A node (for external pids/ports/refs); interned, never freed while
 * referenced. */
typedef struct term_node {
    term name; /* atom */
    uint32_t creation;
    _Atomic uint64_t refc;
} term_node_t;

/* external pid/port/ref: header, next (off-heap chain), node, data words.
 * pid: data = {number, serial}; port: data = {id lo, id hi}; ref: data = up
 * to 5 uint32 numbers, count given by arity. */
typedef struct term_external {
    term header;
    struct term_offheap_hdr *next;
    term_node_t *node;
    uint32_t data[];
} term_external_t;

/* Forward declarations of the code objects funs and exports point at. */
struct export_entry;
struct fun_entry;

/* closure: header (arity = FUN_WORDS - 1 + num_free), then env[num_free] */
typedef struct term_fun {
    term header;
    struct term_offheap_hdr *next;
    struct fun_entry *entry;
    uint32_t arity;    /* arity of the fun as called */
    uint32_t num_free; /* captured variables */
    term creator;      /* pid */
    term env[];
} term_fun_t;
#define FUN_WORDS (sizeof(term_fun_t) / sizeof(term))

/* export fun (fun M:F/A): header (arity 1), the export entry */
typedef struct term_export {
    term header;
    struct export_entry *ep;
} term_export_t;

#endif
