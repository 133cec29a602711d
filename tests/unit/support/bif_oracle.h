/*
 * bif_oracle.h - replay BIF calls whose outcome erl computed.
 *
 * tests/data/NAME.escript includes bif_cases.hrl and writes a list of
 * {M, F, Args, Outcome, Text}. bif_oracle_run calls laser's BIF for each
 * (looked up in the BIF table: a missing BIF is a failure) in a fresh
 * process, and checks the outcome: the same exception class and reason, or
 * a result whose external encoding equals that of erl's result (so -0.0,
 * map order and bignum signs count). Each result is then garbage-collected
 * as a root and checked again, with the heap verified, so a BIF that builds
 * a malformed term fails here.
 */
#ifndef LASER_TEST_BIF_ORACLE_H
#define LASER_TEST_BIF_ORACLE_H

#include <stddef.h>

/* Runs every case; reports each failing case (up to a limit) and fails the
 * current Criterion test if any failed. Returns the number of cases. */
size_t bif_oracle_run(const char *name);

#endif
