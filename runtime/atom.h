/*
 * atom.h - the global atom table.
 *
 * Atoms are interned once for the life of the VM and never freed, so an atom
 * term is just an index. The table is safe to read from any thread without a
 * lock (entries are published before the count that makes them visible);
 * inserts take a mutex. Limits are OTP's: at most ATOM_MAX_CHARS characters
 * per atom and ATOM_LIMIT atoms (the default of +t, which atom_set_limit
 * changes). A full table ends the VM with erl's crash (crash.h: "no more
 * index entries in atom_tab (max=N)", status 1): in OTP no atom-creating
 * BIF returns an error for it.
 */
#ifndef LASER_ATOM_H
#define LASER_ATOM_H

#include <laser/term.h>

#define ATOM_MAX_CHARS 255
#define ATOM_LIMIT 1048576
/* The range of erl's +t. */
#define ATOM_LIMIT_MIN 8192
#define ATOM_LIMIT_MAX 2147483647u

enum {
#define X(c, s) ATOM_IDX_##c,
#include "atoms.def"
#undef X
    ATOM_IDX_PREDEF_COUNT_
};
#define ATOM(c) term_from_atom_index(ATOM_IDX_##c)
#define ATOM_true ATOM(true)
#define ATOM_false ATOM(false)

typedef enum {
    ATOM_OK = 0,
    ATOM_ERR_TOO_LONG,/* more than 255 characters: system_limit */
    ATOM_ERR_BAD_UTF8,/* badarg */
    ATOM_ERR_NOT_FOUND,
} atom_err_t;

/* Must be called once before any other function. Idempotent. */
void atom_init(void);
/* The table's limit (+t): false if n is outside erl's range or below the
 * atoms that exist. */
bool atom_set_limit(uint64_t n);

/* Intern UTF-8 text. */
atom_err_t atom_put_utf8(const uint8_t *s, size_t len, term *out);
/* Intern Latin-1 text (each byte one character). */
atom_err_t atom_put_latin1(const uint8_t *s, size_t len, term *out);
/* Look up without creating (for binary_to_term(_, [safe]), list_to_existing_atom). */
atom_err_t atom_get_utf8(const uint8_t *s, size_t len, term *out);
atom_err_t atom_get_latin1(const uint8_t *s, size_t len, term *out);
/* Convenience for C string literals (ASCII); aborts on failure. */
term atom_from_cstr(const char *s);

/* UTF-8 text of an atom, not NUL-terminated; stable for the VM's lifetime. */
const uint8_t *atom_text(term a, size_t *len);
/* Number of characters (code points) of an atom. */
size_t atom_chars(term a);
/* True if every character is < 256 (representable in Latin-1). */
bool atom_is_latin1(term a);
/* Number of atoms in the table. */
size_t atom_count(void);
/* Bytes the atom table holds (erlang:memory(atom)) and uses (atom_used). */
size_t atom_memory(size_t *used);
/* Compare two atoms by text as OTP orders them (code point order). */
int atom_compare(term a, term b);

#endif
