/*
 * copy.h - copying a term into another heap (messages, spawn arguments,
 * exit reasons): OTP's size_object/copy_struct. Sharing inside the term is
 * not preserved (as OTP's default message copy); literals are copied like
 * any other data, so the copy depends on nothing but the off-heap objects it
 * takes new references to (refc binaries, fun entries, nodes).
 */
#ifndef LASER_COPY_H
#define LASER_COPY_H

#include "heap.h"

/* Words copy_term needs for t. */
size_t copy_size(term t);
/* A copy of t built in h (one heap_alloc of copy_size(t) words). A refc
 * binary's store loses its appendable flag: the sender's next append must
 * not write bytes the receiver can see. */
term copy_term(heap_t *h, term t);
/* The same when copy_size(t) is known. */
term copy_term_n(heap_t *h, term t, size_t size);

#endif
