/*
 * cmp.h - Erlang term order and equality, exactly as OTP 25:
 *   number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring
 * Numbers compare by value (1 == 1.0); the exact variants (=:=, and the
 * order used for map keys) order an integer before an equal float.
 */
#ifndef LASER_CMP_H
#define LASER_CMP_H

#include <laser/term.h>

/* -1, 0 or 1 as `<`, `==`, `>` (arithmetic equality). */
int cmp_terms(term a, term b);
/* -1, 0 or 1 in the exact order (integers before floats of equal value),
 * the order of map keys. */
int cmp_terms_exact(term a, term b);
/* `=:=` */
bool cmp_eq_exact(term a, term b);
/* `==` */
static inline bool cmp_eq(term a, term b) { return a == b || cmp_terms(a, b) == 0; }

#endif
