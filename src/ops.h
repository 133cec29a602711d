/*
 * ops.h - the generic BEAM instructions (genop.def) and the internal
 * instructions the loader translates them into (ops.def), with the layout of
 * the internal code. Everything here is generated from the two tables.
 *
 * Internal code: one array of 64-bit words per module. An instruction is an
 * op word followed by one word per operand (kinds t, T, v, Y: a count word
 * and then the words it counts). The op word holds the ops_t value; the
 * interpreter may later replace it by a label address (threaded code), so
 * code must find instruction lengths with ops_insn_words(), never by
 * assuming an op word stays a small number. Offset 0 holds code_start, so a
 * code offset of 0 never names a real instruction and means "no label".
 *
 * Operand word layouts by kind letter:
 *   x y l     register index (0 .. LD_MAX_REG-1)
 *   r d       reg word: low two bits 00 (a header tag, which no term value
 *             has), bit 2 = y register, bits 3..31 = index, bits 32..63 =
 *             type index + 1 from the Type chunk (0: no type information)
 *   s         a reg word as above, or else the term itself (the two are told
 *             apart by ld_is_reg: every term value has a non-zero low tag)
 *   c I a     a term (I: immediate only; a: an atom)
 *   i h       a non-negative integer (h: heap words, allocation lists summed)
 *   f j       code offset of the label (f: 0 = no fail label)
 *   e         export_entry_t *     F  fun_entry_t *
 *   b         const bif_info_t * (only in threaded code: vm.c rewrites
 *             the e operand of a BIF call to it)
 *   L         index into the module's line table
 *   S         byte offset into the module's string table (lengths checked)
 *   t         n, values[n] (terms, ascending by word value, no duplicates),
 *             labels[n]; the values are immediates except for the rare
 *             float/bignum literals, which word order does not rank: a
 *             searcher must compare boxed values by value
 *   T         n, arities[n] (ascending), labels[n]
 *   v         n, words[n], each a reg word or a term (as s); unsigned
 *             numbers in the list (bs_create_bin's segment fields) are
 *             small integer terms
 *   Y         n, y register indexes[n]
 */
#ifndef LASER_OPS_H
#define LASER_OPS_H

#include <laser/term.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- generic instructions ---- */
enum ld_genop_kind { LD_G_TABLE, LD_G_LABEL, LD_G_LINE, LD_G_OBSOLETE };

enum {
    GENOP_none = 0,
#define GENOP(num, name, arity, kind) GENOP_##name = num,
#include "genop.def"
#undef GENOP
};
#define LD_GENOP_MAX 180

typedef struct {
    const char *name; /* NULL for the unused number 0 */
    uint8_t arity;
    uint8_t kind;     /* enum ld_genop_kind */
} ops_genop_info_t;
extern const ops_genop_info_t ops_genop[LD_GENOP_MAX + 1];

/* ---- internal instructions ---- */
typedef enum {
#define OP(name, gen, sig) OP_##name,
#include "ops.def"
#undef OP
    OP__COUNT
} ops_t;

typedef struct {
    const char *name;
    const char *sig;    /* operand kind letters */
    uint8_t genop;      /* GENOP_* it translates, GENOP_none if loader-made */
    uint8_t noperands;  /* strlen(sig) */
} ops_info_t;
extern const ops_info_t ops_info[OP__COUNT];

/* Limits on register numbers (OTP's MAX_REG). */
#define LD_MAX_REG 1024
/* Limit on call arities (OTP's MAX_ARG). */
#define LD_MAX_ARITY 255

/* ---- operand word helpers ---- */
#define LD_REG_Y 4u
static inline uint64_t ld_reg_word(bool is_y, uint32_t index, uint32_t type_plus_1)
{
    return ((uint64_t)type_plus_1 << 32) | ((uint64_t)index << 3) | (is_y ? LD_REG_Y : 0);
}
static inline bool ld_is_reg(uint64_t w) { return (w & 3u) == 0; }
static inline bool ld_reg_is_y(uint64_t w) { return (w & LD_REG_Y) != 0; }
static inline uint32_t ld_reg_index(uint64_t w) { return (uint32_t)w >> 3; }
static inline uint32_t ld_reg_type(uint64_t w) { return (uint32_t)(w >> 32); }

/* True if kind letter k takes a count word and a variable tail. */
static inline bool ops_kind_is_var(char k) { return k == 't' || k == 'T' || k == 'v' || k == 'Y'; }

/* Words taken by the instruction at code[pos] with op `op`, reading its
 * count words; 0 if it would run past `len` words (corrupt code). */
size_t ops_insn_words(ops_t op, const uint64_t *code, size_t pos, size_t len);

/* Check the tables' invariants (each signature's length matches its generic
 * instruction's arity, every translatable generic instruction has a variant
 * and no other one has, variable kinds only come last, no variant is
 * shadowed by an earlier one accepting everything it accepts). Returns NULL
 * or a description of the first violation. Run by the loader's
 * initialisation (a violation fails every load) and the unit tests. */
const char *ops_check_tables(void);

/* ---- reading loaded code (the loader's output) ---- */
struct ld_module;
#include <stdio.h>

/* Print the instruction at code offset pos of m on one line (offset, name,
 * decoded operands: registers, terms, labels as L<n>, imports as M:F/A,
 * lambdas, string bytes). Returns its length in words, 0 if corrupt. */
size_t ops_dis(FILE *out, const struct ld_module *m, size_t pos);

/* Check that m's code is a well-formed stream of internal instructions: it
 * starts with code_start, every op is known, every instruction fits, every
 * label operand is the offset of an instruction, register indexes are below
 * LD_MAX_REG, import/lambda pointers are m's own, string ranges lie in StrT,
 * every function's info/entry offsets and every line_refs offset lie on an
 * instruction boundary. Returns NULL or a description of the first problem.
 * The loader's own output must always pass (tests run it on every module). */
const char *ops_validate(const struct ld_module *m);

#endif
