/*
 * test_ms.c - the match specification compiler and runner (runtime/ms.c)
 * from C: results built off the object and the program, the error list,
 * the ETS key query, compiled-spec references and concurrent runs. The
 * semantics against erl are the conformance programs ms_test and ms_run.
 */
#include <criterion/criterion.h>
#include <pthread.h>

#include "atom.h"
#include "bif.h"
#include "cmp.h"
#include "gc.h"
#include "ms.h"
#include "res.h"

static term A(const char *s) { return atom_from_cstr(s); }
static term T2(heap_t *h, term a, term b) { return heap_make_tuple(h, 2, (term[]){a, b}); }
static term T3(heap_t *h, term a, term b, term c) { return heap_make_tuple(h, 3, (term[]){a, b, c}); }
static term L1(heap_t *h, term a) { return heap_make_cons(h, a, NIL); }
static term S(int64_t v) { return term_from_small(v); }

static void setup(void) { bif_init(); }

/* [{{'$1', '$2', '$1'}, [{'>', '$2', 10}], [{{'$2', '$1'}}]}] */
static term spec_swap(heap_t *h)
{
    term head = T3(h, A("$1"), A("$2"), A("$1"));
    term guard = L1(h, T3(h, A(">"), A("$2"), S(10)));
    term body = L1(h, heap_make_tuple(h, 1, (term[]){T2(h, A("$2"), A("$1"))}));
    return L1(h, T3(h, head, guard, body));
}

Test(ms, result_survives_object_and_program, .init = setup)
{
    heap_t sh, oh;
    heap_init(&sh);
    heap_init(&oh);
    ms_prog_t *prog = ms_compile(spec_swap(&sh), MS_TABLE, NULL, NULL);
    cr_assert_not_null(prog);
    heap_free(&sh); /* the program owns its copy */
    proc_t *p = proc_new(term_make_pid(5, 0), 0);
    heap_t rh;
    heap_init(&rh);
    term key = T2(&oh, A("k"), S(1));
    term obj = T3(&oh, key, heap_make_float(&oh, 20.5), key);
    term res;
    cr_assert_eq(ms_run(prog, p, &rh, obj, &res, NULL), MS_MATCH);
    term obj2 = T3(&oh, key, S(3), key); /* guard fails */
    cr_assert_eq(ms_run(prog, p, &rh, obj2, &res, NULL), MS_NOMATCH);
    term obj3 = T3(&oh, key, S(30), A("other")); /* repeated variable differs */
    cr_assert_eq(ms_run(prog, p, &rh, obj3, &res, NULL), MS_NOMATCH);
    cr_assert_eq(ms_run(prog, p, &rh, obj, &res, NULL), MS_MATCH);
    heap_free(&oh);
    ms_release(prog);
    /* {20.5, {k, 1}}, built in rh only */
    cr_assert(term_is_tuple(res));
    cr_assert_eq(term_float_val(term_tuple_elems(res)[0]), 20.5);
    term k = term_tuple_elems(res)[1];
    cr_assert_eq(term_tuple_elems(k)[0], A("k"));
    cr_assert_eq(term_tuple_elems(k)[1], S(1));
    heap_free(&rh);
    proc_heap_close(p);
    proc_free(p);
}

Test(ms, errors_are_listed, .init = setup)
{
    heap_t h;
    heap_init(&h);
    /* [{'_', [], [{foo}, '$3']}] */
    term body = heap_make_list(&h, (term[]){heap_make_tuple(&h, 1, (term[]){A("foo")}), A("$3")}, 2, NIL);
    term spec = L1(&h, T3(&h, A("_"), NIL, body));
    term errs;
    cr_assert_null(ms_compile(spec, MS_TABLE, &h, &errs));
    cr_assert(term_is_list(errs));
    term e1 = term_car(errs), e2 = term_car(term_cdr(errs));
    cr_assert(term_is_nil(term_cdr(term_cdr(errs))));
    cr_assert_eq(term_tuple_elems(e1)[0], ATOM(error));
    char buf[64];
    size_t n = 0;
    for (term l = term_tuple_elems(e2)[1]; term_is_list(l) && n < 63; l = term_cdr(l))
        buf[n++] = (char)term_to_small(term_car(l));
    buf[n] = 0;
    cr_assert_str_eq(buf, "Variable $3 is unbound.");
    cr_assert_null(ms_compile(A("foo"), MS_TABLE, NULL, NULL));
    heap_free(&h);
}

Test(ms, ground_keys, .init = setup)
{
    heap_t h;
    heap_init(&h);
    term c1 = T3(&h, T2(&h, A("a"), A("$1")), NIL, L1(&h, A("$_")));
    term c2 = T3(&h, T2(&h, T2(&h, S(1), S(2)), A("_")), NIL, L1(&h, A("$_")));
    ms_prog_t *prog = ms_compile(heap_make_list(&h, (term[]){c1, c2}, 2, NIL), MS_TABLE, NULL, NULL);
    cr_assert_not_null(prog);
    term keys[2];
    cr_assert_eq(ms_clause_count(prog), 2);
    cr_assert(ms_ground_keys(prog, 1, keys));
    cr_assert_eq(keys[0], A("a"));
    cr_assert(cmp_eq_exact(keys[1], T2(&h, S(1), S(2))));
    cr_assert_not(ms_ground_keys(prog, 2, keys));
    cr_assert_not(ms_ground_keys(prog, 3, keys));
    cr_assert(ms_returns_object(prog));
    ms_release(prog);
    heap_free(&h);
}

Test(ms, compiled_refs_outlive_their_owner, .init = setup)
{
    heap_t h;
    heap_init(&h);
    proc_t *p = proc_new(term_make_pid(9, 1), 0);
    ms_prog_t *prog = ms_compile(spec_swap(&h), MS_TABLE, NULL, NULL);
    term ref = ms_make_ref(p, prog);
    proc_heap_close(p);
    ms_prog_t *got = ms_from_ref(ref);
    cr_assert_eq(got, prog);
    ms_release(got);
    res_proc_exit(term_make_pid(10, 1)); /* another process: no effect */
    got = ms_from_ref(ref);
    cr_assert_not_null(got);
    ms_release(got);
    /* freed with the last term naming it (ASan's leak check), not when
     * its creator exits */
    res_proc_exit(p->id);
    got = ms_from_ref(ref);
    cr_assert_eq(got, prog);
    ms_release(got);
    proc_free(p);
    heap_free(&h);
}

/* Several threads run one program at once, each as its own process. */
static ms_prog_t *shared_prog;
static void *runner(void *arg)
{
    uintptr_t id = (uintptr_t)arg;
    proc_t *p = proc_new(term_make_pid(100 + (uint32_t)id, 0), 0);
    heap_t h;
    heap_init(&h);
    long ok = 0;
    for (int i = 0; i < 2000; i++) {
        term k = T2(&h, A("k"), S(i));
        term obj = T3(&h, k, S(i), k);
        term res;
        ms_result_t r = ms_run(shared_prog, p, &h, obj, &res, NULL);
        if ((i > 10) == (r == MS_MATCH) && (r != MS_MATCH || term_tuple_elems(res)[0] == S(i))) ok++;
        proc_heap_close(p);
    }
    heap_free(&h);
    proc_free(p);
    return (void *)ok;
}

Test(ms, concurrent_runs, .init = setup)
{
    heap_t h;
    heap_init(&h);
    shared_prog = ms_compile(spec_swap(&h), MS_TABLE, NULL, NULL);
    pthread_t th[4];
    for (uintptr_t i = 0; i < 4; i++) pthread_create(&th[i], NULL, runner, (void *)i);
    for (int i = 0; i < 4; i++) {
        void *ok;
        pthread_join(th[i], &ok);
        cr_assert_eq((long)ok, 2000);
    }
    ms_release(shared_prog);
    heap_free(&h);
}
