/*
 * test_vm.c - the interpreter (src/vm.c) on small modules compiled here
 * with erlc: results of calls, GC stress mode, exceptions with their class,
 * reason and stack trace, loading on demand from the code path, and the
 * loud failure of instructions that are not implemented yet.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "support/oracle.h"
#include "bin.h"
#include "map.h"
#include "cmp.h"
#include "../src/vm.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:index_new\nleak:libcriterion.so\n"; }

static const char *vm_src =
    "-module(vmt).\n"
    "-export([fib/1, build/1, sum/1, fc/1, bad/1, catcher/1, tail_undef/0, mapf/1, bits/1, fl/2, apply3/0, recv/0, recv_forever/0]).\n"
    "fib(0) -> 0;\n"
    "fib(1) -> 1;\n"
    "fib(N) -> fib(N - 1) + fib(N - 2).\n"
    "build(0) -> [];\n"
    "build(N) -> [{N, [N]} | build(N - 1)].\n"
    "sum([]) -> 0;\n"
    "sum([{N, [N]} | T]) -> N + sum(T).\n"
    "fc(a) -> ok.\n"
    "bad(X) -> {ok, _} = X.\n"
    "catcher(F) -> try F() catch C:R:S -> {C, R, S} end.\n"
    "tail_undef() -> nomod_vmt:f().\n"
    "mapf(M) -> M#{k => [v]}.\n"
    "bits(<<X, _/binary>>) -> X.\n"
    "fl(A, B) -> A * B + 1.5.\n"
    "apply3() -> apply(lists, reverse, [[1, 2, 3]]).\n"
    "recv() -> receive X -> X after 0 -> none end.\n"
    "recv_forever() -> receive X -> X end.\n";

static char dir[4096];

/* Compile module `name` from src into dir (on the code path). */
static void compile_src(const char *name, const char *src)
{
    /* one directory per test process: Criterion runs tests in parallel,
     * and each recompiles the module */
    snprintf(dir, sizeof dir, "%s", compile_erl_source("vm_test", name, src));
}

static void setup(void)
{
    vm_init();
    compile_src("vmt", vm_src);
    vm_path_add(dir, false);
    vm_path_add_otp();
}

TestSuite(vm, .init = setup);

typedef struct {
    proc_t *p;
    vm_sched_t *s;
} ctx_t;

static ctx_t ctx_new(bool stress)
{
    bool old = gc_stress_default;
    gc_stress_default = stress;
    ctx_t c = {proc_new(term_make_pid(1, 0), 0), calloc(1, sizeof(vm_sched_t))};
    gc_stress_default = old;
    cr_assert_not_null(c.s);
    return c;
}

static void ctx_free(ctx_t *c)
{
    proc_free(c->p);
    free(c->s);
}

static vm_result_t call(ctx_t *c, const char *f, const term *args, unsigned n, term *out)
{
    export_entry_t *ep = export_put(atom_from_cstr("vmt"), atom_from_cstr(f), n);
    return vm_apply(c->p, c->s, ep, args, n, out);
}

Test(vm, fib)
{
    ctx_t c = ctx_new(false);
    term r, a = term_from_small(20);
    cr_assert_eq(call(&c, "fib", &a, 1, &r), VM_RETURNED);
    cr_assert_eq(r, term_from_small(6765));
    ctx_free(&c);
}

/* Building and walking 20,000 tuples and lists with a collection at every
 * allocation point: any term the interpreter held outside the roots would
 * dangle at once. The sum is checked after the fact. */
Test(vm, gc_stress)
{
    ctx_t c = ctx_new(true);
    term l, r, a = term_from_small(2000);
    cr_assert_eq(call(&c, "build", &a, 1, &l), VM_RETURNED);
    cr_assert(term_is_list(l));
    cr_assert(c.p->mem.total_gcs > 2000, "stress mode collected %llu times", (unsigned long long)c.p->mem.total_gcs);
    cr_assert_eq(call(&c, "sum", &l, 1, &r), VM_RETURNED);
    cr_assert_eq(r, term_from_small(2000 * 2001 / 2));
    const char *bad = gc_verify(&c.p->mem, NULL, 0);
    cr_assert_null(bad, "%s", bad ? bad : "");
    ctx_free(&c);
}

/* {M, F, ArityOrArgs, Location} of trace entry i */
static term trace_entry(term trace, int i)
{
    while (i-- > 0) trace = term_cdr(trace);
    return term_car(trace);
}

Test(vm, function_clause_trace)
{
    ctx_t c = ctx_new(false);
    term r, a = atom_from_cstr("b");
    cr_assert_eq(call(&c, "fc", &a, 1, &r), VM_RAISED);
    cr_assert_eq(c.p->fclass, EXC_ERROR);
    cr_assert_eq(c.p->fvalue, ATOM(function_clause));
    term e = trace_entry(c.p->fstacktrace, 0);
    cr_assert_eq(term_tuple_elems(e)[0], atom_from_cstr("vmt"));
    cr_assert_eq(term_tuple_elems(e)[1], atom_from_cstr("fc"));
    /* the arguments replace the arity */
    term args = term_tuple_elems(e)[2];
    cr_assert(term_is_list(args) && term_car(args) == a && term_is_nil(term_cdr(args)));
    /* [{file, "..."}, {line, 10}] */
    term loc = term_tuple_elems(e)[3];
    term line = term_car(term_cdr(loc));
    cr_assert_eq(term_tuple_elems(line)[1], term_from_small(10));
    ctx_free(&c);
}

Test(vm, badmatch_caught_in_erlang)
{
    ctx_t c = ctx_new(false);
    term r, a = atom_from_cstr("error");
    cr_assert_eq(call(&c, "bad", &a, 1, &r), VM_RAISED);
    term v = c.p->fvalue;
    cr_assert(term_is_tuple(v) && term_tuple_elems(v)[0] == ATOM(badmatch) && term_tuple_elems(v)[1] == a);
    /* the process is usable after an uncaught exception */
    term n = term_from_small(10);
    cr_assert_eq(call(&c, "fib", &n, 1, &r), VM_RETURNED);
    cr_assert_eq(r, term_from_small(55));
    ctx_free(&c);
}

Test(vm, undef_tail_call)
{
    ctx_t c = ctx_new(false);
    term r;
    cr_assert_eq(call(&c, "tail_undef", NULL, 0, &r), VM_RAISED);
    cr_assert_eq(c.p->fvalue, ATOM(undef));
    term e = trace_entry(c.p->fstacktrace, 0);
    cr_assert_eq(term_tuple_elems(e)[0], atom_from_cstr("nomod_vmt"));
    /* a tail call leaves no entry for its caller */
    cr_assert(term_is_nil(term_cdr(c.p->fstacktrace)));
    ctx_free(&c);
}

Test(vm, maps_floats_apply)
{
    ctx_t c = ctx_new(false);
    term r;
    heap_t h;
    heap_init(&h);
    term m = map_new(&h);
    cr_assert_eq(call(&c, "mapf", &m, 1, &r), VM_RETURNED);
    cr_assert(term_is_map(r));
    term v = map_get(r, atom_from_cstr("k"));
    cr_assert(term_is_list(v));
    term fa[2] = {heap_make_float(&h, 2.0), heap_make_float(&h, 3.0)};
    cr_assert_eq(call(&c, "fl", fa, 2, &r), VM_RETURNED);
    cr_assert(term_is_float(r) && term_float_val(r) == 7.5);
    /* lists:reverse/1 from stdlib's lists.beam, loaded on demand */
    cr_assert_eq(call(&c, "apply3", NULL, 0, &r), VM_RETURNED);
    cr_assert(term_is_list(r) && term_car(r) == term_from_small(3));
    heap_free(&h);
    ctx_free(&c);
}

Test(vm, bit_syntax)
{
    ctx_t c = ctx_new(true);
    term r;
    heap_t h;
    heap_init(&h);
    term bin = bin_make(&h, (const uint8_t *)"ab", 2, NULL);
    cr_assert_eq(call(&c, "bits", &bin, 1, &r), VM_RETURNED);
    cr_assert_eq(r, term_from_small('a'));
    heap_free(&h);
    ctx_free(&c);
}

Test(vm, receive_after_0)
{
    ctx_t c = ctx_new(false);
    term r;
    cr_assert_eq(call(&c, "recv", NULL, 0, &r), VM_RETURNED);
    cr_assert_eq(r, atom_from_cstr("none"));
    ctx_free(&c);
}

/* What cannot work yet raises, never runs silently: a receive that would
 * wait for ever (no other process exists to send). */
Test(vm, wait_forever_raises)
{
    ctx_t c = ctx_new(false);
    term r;
    cr_assert_eq(call(&c, "recv_forever", NULL, 0, &r), VM_RAISED);
    term v = c.p->fvalue;
    cr_assert(term_is_tuple(v) && term_tuple_elems(v)[0] == atom_from_cstr("laser_not_implemented"));
    ctx_free(&c);
}

/* Loops whose only allocations are BIF results reach no test_heap: the
 * interpreter collects after such BIFs when fragments outgrow the free
 * heap (OTP's erts_gc_after_bif_call), or memory grows without bound. An
 * in-place append adds nothing to the virtual binary heap (as OTP's
 * writable ProcBin), or every append would count the whole binary and
 * collect every other iteration. */
static const char *alloc_src =
    "-module(vma).\n"
    "-export([app/2, big/2]).\n"
    "app(0, B) -> B;\n"
    "app(N, B) -> app(N - 1, <<B/binary, N:16>>).\n"
    "big(0, A) -> A;\n"
    "big(N, A) -> big(N - 1, (A * 3 + N) rem (1 bsl 300)).\n";

Test(vm, gc_after_bif_appends)
{
    compile_src("vma", alloc_src);
    ctx_t c = ctx_new(false);
    export_entry_t *ep = export_put(atom_from_cstr("vma"), atom_from_cstr("app"), 2);
    term r, a[2] = {term_from_small(200000), bin_make(proc_heap(c.p), NULL, 0, NULL)};
    proc_heap_close(c.p);
    cr_assert_eq(vm_apply(c.p, c.s, ep, a, 2, &r), VM_RETURNED);
    cr_assert_eq(bin_bit_size(r), 200000 * 16);
    bin_view_t v;
    bin_view(r, &v);
    cr_assert_eq(v.base[0] << 8 | v.base[1], 200000 & 0xFFFF);
    cr_assert_eq(v.base[399998] << 8 | v.base[399999], 1);
    /* without collections after bs_create_bin: 200000 fragments */
    cr_assert(c.p->mem.frag_words < 10000, "%zu words in fragments", c.p->mem.frag_words);
    cr_assert(c.p->mem.total_gcs > 100, "%llu collections", (unsigned long long)c.p->mem.total_gcs);
    /* counting every grown handle in full collects every other iteration */
    cr_assert(c.p->mem.total_gcs < 20000, "%llu collections", (unsigned long long)c.p->mem.total_gcs);
    const char *bad = gc_verify(&c.p->mem, &(gc_root_t){&r, 1}, 1);
    cr_assert_null(bad, "%s", bad ? bad : "");
    ctx_free(&c);
}

Test(vm, gc_after_bif_bignums)
{
    compile_src("vma", alloc_src);
    ctx_t c = ctx_new(false);
    export_entry_t *ep = export_put(atom_from_cstr("vma"), atom_from_cstr("big"), 2);
    term r, a[2] = {term_from_small(100000), term_from_small(1)};
    cr_assert_eq(vm_apply(c.p, c.s, ep, a, 2, &r), VM_RETURNED);
    cr_assert(term_is_integer(r));
    cr_assert(c.p->mem.frag_words < 10000, "%zu words in fragments", c.p->mem.frag_words);
    cr_assert(c.p->mem.total_gcs > 100, "%llu collections", (unsigned long long)c.p->mem.total_gcs);
    ctx_free(&c);
}
