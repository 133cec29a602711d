/*
 * test_res.c - the resource table (runtime/res.c): handles, stale and
 * forged handles, type checks, reference counts across a release, owner
 * exit; and the owner rule as prim_file and prim_buffer apply it (an
 * exiting owner's files are closed and its buffers freed, a file that a
 * read on another thread uses only when that read ends).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bif.h"
#include "bin.h"
#include "res.h"
#include "scheduler.h"

size_t pf_open_files(void);
size_t pb_buffers(void);

static proc_t *P;

static void setup(void)
{
    bif_init();
    P = proc_new(term_make_pid(41, 0), 0);
}

static void teardown(void) { proc_free(P); }

TestSuite(res, .init = setup, .fini = teardown);

typedef struct {
    res_t res;
    int *freed;
    int *exits;
} obj_t;

static void obj_dtor(res_t *r)
{
    obj_t *o = (obj_t *)r;
    (*o->freed)++;
    free(o);
}

static void obj_owner_exit(res_t *r)
{
    obj_t *o = (obj_t *)r;
    (*o->exits)++;
    res_release(r);
}

static const res_type_t type_a = {"a", obj_dtor, obj_owner_exit};
static const res_type_t type_b = {"b", obj_dtor, obj_owner_exit};

static obj_t *obj_new(int *freed, int *exits)
{
    obj_t *o = calloc(1, sizeof *o);
    o->freed = freed;
    o->exits = exits;
    return o;
}

Test(res, lookup_types_and_stale_handles)
{
    int freed = 0, exits = 0;
    obj_t *o = obj_new(&freed, &exits);
    term h = res_register(proc_heap(P), &o->res, &type_a, P->id);
    cr_assert(term_is_local_ref(h));
    res_t *r;
    cr_assert_eq(res_lookup(h, &type_a, &r), RES_OK);
    cr_assert_eq(r, &o->res);
    res_unref(r);
    cr_assert_eq(res_lookup(h, &type_b, &r), RES_BAD);
    cr_assert_null(r);
    /* a second handle term names the same object */
    term h2 = res_handle(proc_heap(P), &o->res);
    cr_assert_eq(res_lookup(h2, &type_a, &r), RES_OK);
    /* released while a user holds it: freed when that user lets go */
    cr_assert(res_release(&o->res));
    cr_assert_not(res_release(&o->res));
    cr_assert_eq(freed, 0);
    res_unref(r);
    cr_assert_eq(freed, 1);
    cr_assert_eq(res_lookup(h, &type_a, &r), RES_STALE);
    cr_assert_eq(res_lookup(h2, &type_b, &r), RES_STALE);
    /* the slot is reused with a new generation: the old handle stays stale */
    obj_t *o2 = obj_new(&freed, &exits);
    term h3 = res_register(proc_heap(P), &o2->res, &type_a, P->id);
    cr_assert_eq(res_lookup(h, &type_a, &r), RES_STALE);
    cr_assert_eq(res_lookup(h3, &type_a, &r), RES_OK);
    res_unref(r);
    res_release(&o2->res);
    cr_assert_eq(freed, 2);
    proc_heap_close(P);
}

Test(res, forged_and_foreign_terms)
{
    res_t *r;
    uint32_t num[3];
    sched_ref_numbers(num);
    term ref = sched_make_ref(proc_heap(P), num);
    cr_assert_eq(res_lookup(ref, &type_a, &r), RES_BAD);
    cr_assert_eq(res_lookup(atom_from_cstr("x"), &type_a, &r), RES_BAD);
    cr_assert_eq(res_lookup(term_from_small(1), &type_a, &r), RES_BAD);
    /* zlib's mark alone (bit 31) and a generation never handed out */
    uint32_t z[3] = {1, 0, 0x80000000u};
    cr_assert_eq(res_lookup(sched_make_ref(proc_heap(P), z), &type_a, &r), RES_BAD);
    int freed = 0, exits = 0;
    obj_t *o = obj_new(&freed, &exits);
    term h = res_register(proc_heap(P), &o->res, &type_a, P->id);
    uint32_t *hn = term_ref_numbers(h);
    uint32_t ahead[3] = {hn[0] + 1, hn[1], hn[2]};
    cr_assert_eq(res_lookup(sched_make_ref(proc_heap(P), ahead), &type_a, &r), RES_BAD);
    uint32_t far_slot[3] = {hn[0], 1000000, hn[2]};
    cr_assert_eq(res_lookup(sched_make_ref(proc_heap(P), far_slot), &type_a, &r), RES_BAD);
    res_release(&o->res);
    proc_heap_close(P);
}

Test(res, owner_exit)
{
    int freed = 0, exits = 0;
    term other = term_make_pid(42, 0);
    obj_t *mine1 = obj_new(&freed, &exits), *mine2 = obj_new(&freed, &exits), *theirs = obj_new(&freed, &exits);
    res_register(proc_heap(P), &mine1->res, &type_a, P->id);
    res_register(proc_heap(P), &mine2->res, &type_b, P->id);
    term th = res_register(proc_heap(P), &theirs->res, &type_a, other);
    res_proc_exit(P->id);
    cr_assert_eq(exits, 2);
    cr_assert_eq(freed, 2);
    res_proc_exit(P->id);
    cr_assert_eq(exits, 2, "owner_exit runs once");
    res_t *r;
    cr_assert_eq(res_lookup(th, &type_a, &r), RES_OK);
    res_unref(r);
    res_proc_exit(other);
    cr_assert_eq(freed, 3);
    proc_heap_close(P);
}

static term call(const char *mod, const char *name, unsigned arity, const term *args)
{
    const bif_info_t *b = bif_lookup(atom_from_cstr(mod), atom_from_cstr(name), arity);
    cr_assert_not_null(b, "%s:%s/%u is not a BIF", mod, name, arity);
    P->fclass = EXC_NONE;
    term r = b->fn(P, args);
    proc_heap_close(P);
    return r;
}

Test(res, files_and_buffers_of_an_exiting_owner)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/laser_test_res_%ld", (long)getpid());
    term name = bin_make(proc_heap(P), (const uint8_t *)path, strlen(path) + 1, NULL);
    term modes = heap_make_list(proc_heap(P), (term[]){atom_from_cstr("write")}, 1, NIL);
    size_t files0 = pf_open_files(), bufs0 = pb_buffers();
    term r = call("prim_file", "open_nif", 2, (term[]){name, modes});
    cr_assert(term_is_tuple(r) && term_tuple_elems(r)[0] == ATOM(ok));
    term fh = term_tuple_elems(r)[1];
    term bh = call("prim_buffer", "new", 0, NULL);
    cr_assert_eq(pf_open_files(), files0 + 1);
    cr_assert_eq(pb_buffers(), bufs0 + 1);
    res_proc_exit(P->id);
    cr_assert_eq(pf_open_files(), files0);
    cr_assert_eq(pb_buffers(), bufs0);
    /* the closed file answers einval; the freed buffer is no buffer */
    r = call("prim_file", "read_nif", 2, (term[]){fh, term_from_small(1)});
    cr_assert(term_is_tuple(r) && term_tuple_elems(r)[1] == atom_from_cstr("einval"));
    r = call("prim_buffer", "size", 1, &bh);
    cr_assert_eq(r, THE_NON_VALUE);
    cr_assert_eq(P->fvalue, ATOM(badarg));
    unlink(path);
}

/* A read blocks on a pipe (BUSY) while its owner exits: the file is not
 * closed under the read (CLOSE_PENDING) but when it ends. */
typedef struct {
    term handle;
    term result;
} reader_t;

static void *reader(void *arg)
{
    reader_t *r = arg;
    proc_t *q = proc_new(term_make_pid(43, 0), 0);
    const bif_info_t *b = bif_lookup(atom_from_cstr("prim_file"), atom_from_cstr("read_nif"), 2);
    term args[2] = {r->handle, term_from_small(5)};
    term res = b->fn(q, args);
    /* {ok, <<"hello">>} read whole through the pending close */
    r->result = term_is_tuple(res) && term_tuple_elems(res)[0] == ATOM(ok) ? ATOM(ok) : ATOM(error);
    proc_heap_close(q);
    proc_free(q);
    return NULL;
}

Test(res, owner_exit_during_a_read)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    size_t files0 = pf_open_files();
    term r = call("prim_file", "file_desc_to_ref_nif", 1, (term[]){term_from_small(fds[0])});
    cr_assert(term_is_tuple(r) && term_tuple_elems(r)[0] == ATOM(ok));
    reader_t rd = {term_tuple_elems(r)[1], THE_NON_VALUE};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, reader, &rd), 0);
    usleep(50000); /* let the read block */
    res_proc_exit(P->id);
    cr_assert_eq(pf_open_files(), files0 + 1, "closed under a running read");
    cr_assert_neq(fcntl(fds[0], F_GETFD), -1);
    cr_assert_eq(write(fds[1], "hello", 5), 5);
    pthread_join(t, NULL);
    cr_assert_eq(rd.result, ATOM(ok));
    cr_assert_eq(pf_open_files(), files0);
    cr_assert_eq(fcntl(fds[0], F_GETFD), -1, "the read's end closed the fd");
    close(fds[1]);
}
