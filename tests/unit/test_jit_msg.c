/*
 * test_jit_msg.c - the JIT's lowering of exceptions and messages
 * (jit/jit_emit_msg.inc, src/vm_abi_msg.c): each jm:Name/0 runs first in
 * the interpreter, then natively (jit_tiers.h), with the same result or
 * the same class, reason and stack trace. Also: exception handlers and
 * receive loops are native entries, and a raise from native code leaves
 * no catch count behind.
 */
#include <criterion/criterion.h>

#include "scheduler.h"
#include "support/oracle.h"
#include "jit_tiers.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:index_new\nleak:libcriterion.so\nleak:libLLVM\n"; }

static const char *jm_src =
    "-module(jm).\n"
    "-compile([nowarn_unused_function, nowarn_unused_vars]).\n"
    "-export([classes/0, nested/0, afters/0, raises/0, traces/0, uncaught/0, uncaught_if/0, rethrown/0,\n"
    "         uncaught_fc/0, recv/0, selective/0, refs/0, timeouts/0, sends/0, bad_send/0, bad_timeout/0, loop/0]).\n"
    "-record(r, {a}).\n"
    "t(F) -> try F() catch C:R:S -> {C, R, S} end.\n"
    "c(F) -> catch F().\n"
    "raiser(error) -> error(e); raiser(exit) -> exit(x); raiser(throw) -> throw(t); raiser(V) -> V.\n"
    "classes() -> [{t(fun() -> raiser(C) end), c(fun() -> raiser(C) end)} || C <- [error, exit, throw, ok]].\n"
    "nested() -> try try raiser(error) catch throw:_ -> inner after put(k, inner_after) end\n"
    "            catch error:E -> {outer, E, get(k), catch (catch raiser(exit))} end.\n"
    "afters() -> R = [try raiser(C) of V -> {value, V} catch K:E -> {K, E} after put(C, done) end\n"
    "                  || C <- [error, exit, throw, ok]],\n"
    "            {R, [get(C) || C <- [error, exit, throw, ok]]}.\n"
    "bm(X) -> {ok, Y} = X, Y.\n"
    "ce(X) -> case X of a -> 1; b -> 2 end.\n"
    "ie(X) -> if X > 1 -> big; X < 0 -> neg end.\n"
    "tce(X) -> try X of a -> 1 catch _ -> 0 end.\n"
    "br(R) -> R#r.a.\n"
    "fcl(a, _, _) -> ok.\n"
    "uncaught_fc() -> [fcl(x, [1, 2], {t})].\n"
    "raises() -> [t(fun() -> bm(x) end), t(fun() -> ce(c) end), t(fun() -> ie(1) end), t(fun() -> tce(b) end),\n"
    "             t(fun() -> br({x}) end), t(fun() -> fcl(1, 2, 3) end), t(fun() -> erlang:raise(throw, v, []) end),\n"
    "             t(fun() -> erlang:raise(exit, v, [{m, f, 1, []}]) end), catch erlang:raise(bad, v, []),\n"
    "             t(fun() -> try bm(y) catch error:R:S -> erlang:raise(error, {re, R}, S) end end)].\n"
    "deep(0, C) -> raiser(C); deep(N, C) -> [N | deep(N - 1, C)].\n"
    "traces() -> [t(fun() -> deep(20, error) end), t(fun() -> deep(3, exit) end), t(fun() -> {ok, 1} = deep(2, ok) end),\n"
    "             try deep(5, error) catch error:e:S -> length(S) end].\n"
    "uncaught() -> deep(4, ok) ++ bm(z).\n"
    "uncaught_if() -> [ie(0)].\n"
    "rethrown() -> try deep(3, error) catch C:R:S -> erlang:raise(C, {again, R}, S) end.\n"
    "recv() -> self() ! one, self() ! two, A = receive X -> X end, B = receive Y -> Y end,\n"
    "          C = receive Z -> Z after 0 -> empty end, {A, B, C}.\n"
    "selective() -> [self() ! M || M <- [a, {b, 1}, c, {b, 2}, d]],\n"
    "               L1 = [receive {b, N1} -> N1 end, receive {b, N2} -> N2 end],\n"
    "               L2 = [receive d -> d end, receive M1 -> M1 end, receive M2 -> M2 end],\n"
    "               {L1, L2, receive M3 -> M3 after 0 -> none end}.\n"
    "refs() -> self() ! old, R = make_ref(), self() ! {R, reply},\n"
    "          V = receive {R, X} -> X end, M = monitor(process, self()), demonitor(M, [flush]),\n"
    "          {V, receive O -> O after 0 -> none end}.\n"
    "timeouts() -> A = receive x -> x after 3 -> t3 end, B = receive x -> x after 0 -> t0 end,\n"
    "              self() ! y, C = receive y -> y after 1000 -> late end, {A, B, C}.\n"
    "sends() -> P = self(), R = (P ! {a, 1}), P ! b,\n"
    "           L = [receive M1 -> M1 end, receive M2 -> M2 end], {R, L, catch nobody ! x, catch {x} ! y}.\n"
    "bad_send() -> [ok | nobody_here ! x].\n"
    "bad_timeout() -> receive x -> x after -1 -> t end.\n"
    "loop() -> lp(500, 0).\n"
    "lp(0, A) -> A; lp(N, A) -> self() ! N, A2 = receive N -> A + case catch raiser(throw) of t -> 1 end end, lp(N - 1, A2).\n";

static void setup(void)
{
    vm_init();
    vm_path_add(compile_erl_source("jit_msg_test", "jm", jm_src), false);
    vm_path_add_otp();
    sched_init(1, 4096);
}

TestSuite(jit_msg, .init = setup);

static void same(const char *fn) { jit_same_in_both_tiers("jm", fn, false); }

/* Receives need a process in the process table (sends to it are
 * delivered): jm:fn() in a new one, interpreted, then compiled; the
 * function must return, and the same in both tiers. */
static term run_in_proc(const char *fn, proc_t **pp, vm_sched_t *s)
{
    proc_t *p = sched_new_proc(0);
    cr_assert_not_null(p);
    term r;
    vm_result_t rc = vm_apply(p, s, export_put(atom_from_cstr("jm"), atom_from_cstr(fn), 0), NULL, 0, &r);
    cr_assert_eq(rc, VM_RETURNED, "jm:%s/0 did not return", fn);
    *pp = p;
    return r;
}
static void same_receiving(const char *fn)
{
    vm_sched_t *s = calloc(1, sizeof *s);
    cr_assert_not_null(s);
    proc_t *a, *b;
    term ra = run_in_proc(fn, &a, s);
    ld_module_t *m = module_current(atom_from_cstr("jm"));
    cr_assert(jit_compile_now(m));
    term rb = run_in_proc(fn, &b, s);
    cr_assert(cmp_terms(ra, rb) == 0, "jm:%s/0: results differ", fn);
    for (int k = 0; k < 2; k++) {
        proc_t *p = k ? b : a;
        proc_exit(p, ATOM(normal));
        pthread_mutex_unlock(&p->run_lock);
        proc_unref(p);
    }
    free(s);
}

Test(jit_msg, every_class_caught) { same("classes"); }
Test(jit_msg, nested_catches) { same("nested"); }
Test(jit_msg, try_after) { same("afters"); }
/* badmatch, case_clause, if_clause, try_clause, badrecord,
 * function_clause, raise/3 and
 * its rethrow: each raised by native code through the ABI */
Test(jit_msg, raising_instructions) { same("raises"); }
Test(jit_msg, stack_traces) { same("traces"); }
/* uncaught: the harness compares class, reason and stack trace */
Test(jit_msg, uncaught_badmatch_trace) { same("uncaught"); }
Test(jit_msg, uncaught_if_clause_trace) { same("uncaught_if"); }
Test(jit_msg, uncaught_rethrow_trace) { same("rethrown"); }
Test(jit_msg, uncaught_function_clause_trace) { same("uncaught_fc"); }
Test(jit_msg, receive) { same_receiving("recv"); }
Test(jit_msg, selective_receive) { same_receiving("selective"); }
Test(jit_msg, receive_markers_with_refs) { same_receiving("refs"); }
Test(jit_msg, receive_timeouts) { same_receiving("timeouts"); }
Test(jit_msg, send) { same_receiving("sends"); }
Test(jit_msg, send_badarg_trace) { same("bad_send"); }
Test(jit_msg, bad_timeout_value) { same("bad_timeout"); }
Test(jit_msg, receive_and_catch_loop) { same_receiving("loop"); }
Test(jit_msg, under_gc_stress) { jit_same_in_both_tiers("jm", "raises", true); }

/* Every try/catch handler and every receive loop (a wait's label) has a
 * native entry, which the interpreter enters when it unwinds to it or
 * resumes a waiting process there; native code leaves no catch frame
 * counted after a raise. */
Test(jit_msg, handlers_and_receive_loops_are_native_entries)
{
    run_t a = jt_run("jm", "classes", false);
    jt_run_free(&a);
    ld_module_t *m = module_current(atom_from_cstr("jm"));
    cr_assert_not_null(m);
    cr_assert(jit_compile_now(m));
    unsigned handlers = 0, loops = 0;
    for (uint32_t off = 0; off < m->code_size; off++) {
        ops_t op = (ops_t)m->ops[off];
        if (op == OP_try || op == OP_catch) {
            const uint64_t *h = (const uint64_t *)(uintptr_t)m->code[off + 2];
            cr_assert(abi_cont(h) != NULL, "no native entry at the handler of the try at %u", off);
            handlers++;
        } else if (op == OP_wait || op == OP_wait_timeout) {
            const uint64_t *l = (const uint64_t *)(uintptr_t)m->code[off + 1];
            cr_assert(abi_cont(l) != NULL, "no native entry at the receive loop of the wait at %u", off);
            loops++;
        }
    }
    cr_assert(handlers > 5 && loops > 5);
    run_t b = jt_run("jm", "nested", false);
    cr_assert_eq(b.rc, VM_RETURNED);
    cr_assert_eq(b.p->catches, 0);
    jt_run_free(&b);
}
