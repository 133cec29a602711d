/*
 * test_res.c - resources and magic references (runtime/res.c): handles,
 * stale and forged handles, type checks, counts held by terms (copies,
 * heaps freed, garbage collection), term_to_binary's numbers revived,
 * owner exit; and the owner rule as prim_file applies it (an exiting
 * owner's files are closed, a file that a read on another thread uses
 * only when that read ends; buffers live while a term names them).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bif.h"
#include "bin.h"
#include "cmp.h"
#include "copy.h"
#include "gc.h"
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

/* pinned with an owner (as files), and GC-only (as buffers, specs) */
static const res_type_t type_a = {"a", obj_dtor, obj_owner_exit, true};
static const res_type_t type_b = {"b", obj_dtor, obj_owner_exit, true};
static const res_type_t type_g = {"g", obj_dtor, NULL, false};

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
    heap_t h;
    heap_init(&h);
    obj_t *o = obj_new(&freed, &exits);
    term t = res_register(&h, &o->res, &type_a, P->id);
    cr_assert(term_is_local_ref(t) && term_is_mref(t));
    res_t *r;
    cr_assert_eq(res_lookup(t, &type_a, &r), RES_OK);
    cr_assert_eq(r, &o->res);
    res_unref(r);
    cr_assert_eq(res_lookup(t, &type_b, &r), RES_BAD);
    cr_assert_null(r);
    /* a second handle term names the same object and compares equal */
    term t2 = res_handle(&h, &o->res);
    cr_assert(cmp_eq_exact(t, t2));
    cr_assert_eq(res_lookup(t2, &type_a, &r), RES_OK);
    /* released while a user holds it: its handles are stale, and it is
     * freed when the user and the terms let go */
    cr_assert(res_release(&o->res));
    cr_assert_not(res_release(&o->res));
    cr_assert_eq(res_lookup(t, &type_a, &r), RES_STALE);
    cr_assert_eq(res_lookup(t2, &type_b, &r), RES_BAD);
    res_unref(&o->res);
    cr_assert_eq(freed, 0);
    heap_free(&h);
    cr_assert_eq(freed, 1);
}

Test(res, the_last_term_frees)
{
    int freed = 0, exits = 0;
    heap_t h1, h2;
    heap_init(&h1);
    heap_init(&h2);
    obj_t *o = obj_new(&freed, &exits);
    term t = res_register(&h1, &o->res, &type_g, P->id);
    term msg = heap_make_tuple(&h1, 2, (term[]){ATOM(ok), t});
    term copy = copy_term(&h2, msg); /* a message to another process */
    cr_assert_eq(res_count(&type_g), 1);
    heap_free(&h1);
    cr_assert_eq(freed, 0);
    res_t *r;
    cr_assert_eq(res_lookup(term_tuple_elems(copy)[1], &type_g, &r), RES_OK);
    res_unref(r);
    /* term_to_binary's numbers find it again while it lives */
    uint32_t num[3];
    memcpy(num, term_ref_numbers(term_tuple_elems(copy)[1]), sizeof num);
    heap_t h3;
    heap_init(&h3);
    term back = res_revive(&h3, num);
    cr_assert(term_is_mref(back));
    heap_free(&h2);
    cr_assert_eq(freed, 0);
    heap_free(&h3);
    cr_assert_eq(freed, 1);
    cr_assert_eq(res_count(&type_g), 0);
    heap_init(&h3);
    cr_assert_eq(res_revive(&h3, num), THE_NON_VALUE, "a dead one is an ordinary ref");
    heap_free(&h3);
}

Test(res, garbage_collection_frees)
{
    int freed = 0, exits = 0;
    obj_t *keep = obj_new(&freed, &exits), *drop = obj_new(&freed, &exits);
    term kt = res_register(proc_heap(P), &keep->res, &type_g, P->id);
    res_register(proc_heap(P), &drop->res, &type_g, P->id);
    proc_heap_close(P);
    term roots[1] = {kt};
    gc_root_t rs = {roots, 1};
    cr_assert_eq(gc_collect(&P->mem, 0, &rs, 1), GC_OK);
    cr_assert_null(gc_verify(&P->mem, &rs, 1));
    cr_assert_eq(freed, 1);
    res_t *r;
    cr_assert_eq(res_lookup(roots[0], &type_g, &r), RES_OK);
    cr_assert_eq(r, &keep->res);
    res_unref(r);
    cr_assert_eq(gc_collect_full(&P->mem, 0, NULL, 0), GC_OK);
    cr_assert_eq(freed, 2);
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
    int freed = 0, exits = 0;
    obj_t *o = obj_new(&freed, &exits);
    term h = res_register(proc_heap(P), &o->res, &type_a, P->id);
    /* an ordinary ref with a live resource's numbers is no handle */
    cr_assert_eq(res_lookup(sched_make_ref(proc_heap(P), term_ref_numbers(h)), &type_a, &r), RES_BAD);
    uint32_t *hn = term_ref_numbers(h);
    uint32_t ahead[3] = {hn[0] + 1, hn[1], hn[2]};
    cr_assert_eq(res_revive(proc_heap(P), ahead), THE_NON_VALUE);
    uint32_t far_slot[3] = {hn[0], 1000000, hn[2]};
    cr_assert_eq(res_revive(proc_heap(P), far_slot), THE_NON_VALUE);
    cr_assert_eq(res_revive(proc_heap(P), num), THE_NON_VALUE);
    res_release(&o->res);
    proc_heap_close(P);
}

Test(res, owner_exit)
{
    int freed = 0, exits = 0;
    term other = term_make_pid(42, 0);
    heap_t h;
    heap_init(&h);
    obj_t *mine1 = obj_new(&freed, &exits), *mine2 = obj_new(&freed, &exits), *theirs = obj_new(&freed, &exits);
    res_register(&h, &mine1->res, &type_a, P->id);
    res_register(&h, &mine2->res, &type_b, P->id);
    term th = res_register(&h, &theirs->res, &type_a, other);
    res_proc_exit(P->id);
    cr_assert_eq(exits, 2);
    cr_assert_eq(freed, 0, "the terms still hold them");
    res_proc_exit(P->id);
    cr_assert_eq(exits, 2, "owner_exit runs once");
    res_t *r;
    cr_assert_eq(res_lookup(th, &type_a, &r), RES_OK);
    res_unref(r);
    res_proc_exit(other);
    cr_assert_eq(exits, 3);
    heap_free(&h);
    cr_assert_eq(freed, 3);
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
    cr_assert_eq(pb_buffers(), bufs0 + 1, "a buffer lives while a term names it, as OTP's");
    /* the closed file answers einval; the buffer still works */
    r = call("prim_file", "read_nif", 2, (term[]){fh, term_from_small(1)});
    cr_assert(term_is_tuple(r) && term_tuple_elems(r)[1] == atom_from_cstr("einval"));
    r = call("prim_buffer", "size", 1, &bh);
    cr_assert_eq(r, term_from_small(0));
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
