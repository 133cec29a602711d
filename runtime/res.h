/*
 * res.h - handles for C objects that Erlang code holds: OTP's NIF resources
 * as the built-in NIFs of prim_file (open files) and prim_buffer (byte
 * queues) use them.
 *
 * A process sees a resource as a local reference (OTP's resources are magic
 * refs: is_reference/1 is true) whose numbers name a slot of one per-VM
 * table and that slot's generation:
 *
 *   num[0] = gen bits 0..17, num[1] = slot,
 *   num[2] = RES_REF_MARK | gen bits 18..47
 *
 * make_ref/0 never sets bit 31 of num[2] (sched_ref_numbers), and zlib's
 * stream handles (bif/zlib.c) set bit 31 but never bit 30, so a handle is
 * never taken for another kind of reference nor forged by one. A handle of
 * a released object (older generation) is `stale`; callers decide what
 * that means (prim_file: {error, einval}, as OTP's closed file).
 *
 * Lifetime. The table holds one reference to each registered object; each
 * res_lookup takes another for the caller, given back with res_unref, so an
 * object is never freed while a BIF on another scheduler uses it. The
 * object's type frees it (dtor) when the last reference goes.
 *
 * Owners. OTP frees a resource when the last term naming it is collected,
 * except prim_file's files, which live until closed or until their owner
 * dies (a monitor), as here. Laser has no
 * resource GC: every object has an owner process, and when the owner exits
 * (res_proc_exit, called by proc_exit) its type's owner_exit runs (close
 * the file, release the buffer). An object that its owner released is
 * gone for every holder.
 */
#ifndef LASER_RES_H
#define LASER_RES_H

#include <stdatomic.h>
#include <stdint.h>

#include "proc.h"

typedef struct res res_t;

typedef struct {
    const char *name;
    /* Frees the object: the last reference went (no lock held). */
    void (*dtor)(res_t *r);
    /* Its owner exited; runs with a reference held, no lock held. May call
     * res_release. */
    void (*owner_exit)(res_t *r);
} res_type_t;

/* The header every resource object starts with. */
struct res {
    const res_type_t *type;
    _Atomic uint32_t refc;
    uint32_t slot; /* RES_NO_SLOT once released */
    term owner;    /* a local pid */
};

#define RES_NO_SLOT UINT32_MAX

typedef enum { RES_OK, RES_STALE, RES_BAD } res_status_t;

/* Register r (refc becomes 1: the table's) for owner; returns its handle,
 * built on h. */
term res_register(heap_t *h, res_t *r, const res_type_t *type, term owner);
/* A new handle term for a registered object. */
term res_handle(heap_t *h, const res_t *r);
/* The object of type `type` behind handle t, with a reference taken
 * (RES_OK), or why not. */
res_status_t res_lookup(term t, const res_type_t *type, res_t **out);
void res_unref(res_t *r);
/* Drop r from the table (its handles become stale) and the table's
 * reference; false if it was released already. */
bool res_release(res_t *r);
/* proc_exit's hook: owner_exit for every object pid owns. */
void res_proc_exit(term pid);
/* For tests: registered objects of a type (NULL: all). */
size_t res_count(const res_type_t *type);

#endif
