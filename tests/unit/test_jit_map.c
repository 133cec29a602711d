/*
 * test_jit_map.c - the lowering of maps, funs, tuples and apply
 * (jit/jit_emit_map.inc): each jm:Name/0 runs interpreted, then natively,
 * with the same result or the same exception and stack trace (jit_tiers.h),
 * also under GC stress. The pre-OTP-22 instructions put_tuple/put and
 * make_fun2, which OTP 25's erlc no longer assembles, come from a module
 * assembled with stand-ins of the same encoded length and patched. And:
 * no compiled unit meets an instruction jit_ops.def calls NEVER.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "cmp.h"
#include "../jit/jit_int.h"
#include "../src/vm.h"
#include "support/oracle.h"
#include "jit_tiers.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:index_new\nleak:libcriterion.so\nleak:libLLVM\n"; }

static const char *jm_src =
    "-module(jm).\n"
    "-compile([nowarn_unused_function]).\n"
    "-export([maps/0, hamt/0, map_errs/0, closures/0, applies/0, apply_errs/0, tests/0, stress/0, old/0, id/1]).\n"
    "-export([ap3/3, ap2/2, cnt/1, raises/0]).\n"
    "id(X) -> X.\n"
    "t(F) -> try F() catch C:R:S -> {C, R, S} end.\n"
    "mk(K, V) -> #{K => V, a => 1}.\n"
    "upd(M, V) -> M#{a := V}.\n"
    "upd2(M, K, V) -> M#{K := V, b => 2}.\n"
    "mget(#{a := A, b := B}) -> {A, B}; mget(#{k := K}) -> {k, K}; mget(#{{t, 1} := T}) -> {t, T};\n"
    "    mget(#{<<\"bin\">> := B}) -> {bin, B}; mget(#{1.5 := F}) -> {float, F}; mget(M) when is_map(M) -> other; mget(_) -> nomap.\n"
    "getv(M, K) -> case M of #{K := V} -> {found, V}; _ -> missing end.\n"
    "has(#{a := _, b := _}) -> yes; has(_) -> no.\n"
    "keys() -> [a, b, k, 0, 1, -1, 1.5, {t, 1}, <<\"bin\">>, [], \"str\", self()].\n"
    "maps() -> Ms = [#{}, #{a => 1}, #{a => 1, b => 2}, #{k => v, a => x}, #{{t, 1} => tt}, #{<<\"bin\">> => 3},\n"
    "                #{1.5 => f, 1 => i}, mk(z, 9), mk(a, 2), mk({t, 1}, w), (mk(b, 3))#{k => 4}],\n"
    "    [[mget(M), has(M), [getv(M, K) || K <- keys()], t(fun() -> upd(M, new) end), t(fun() -> upd2(M, a, 0) end),\n"
    "      maps:to_list(M#{c => 3, a => 0})] || M <- Ms] ++ [mget(notamap), has(42)].\n"
    "big(N) -> maps:from_list([{I, I * I} || I <- lists:seq(1, N)] ++ [{a, N}]).\n"
    "hm(#{5 := V, 33 := W, a := A}) -> {V, W, A}; hm(#{5 := V}) -> {only5, V}; hm(_) -> none.\n"
    "hamt() -> [begin M = big(N), M2 = M#{a := x, 100 => h}, M3 = M2#{5 => five},\n"
    "    {N, hm(M), hm(M2), hm(M3), getv(M3, 100), getv(M3, 7), map_size(M3), has(M3), has(M3#{b => 1}),\n"
    "     lists:sum(maps:values(maps:remove(a, M3#{a := 0, 100 := 0, 5 := 0})))} end || N <- [4, 31, 32, 33, 40, 200]].\n"
    "map_errs() -> [t(fun() -> upd(#{}, 1) end), t(fun() -> upd(notmap, 1) end), t(fun() -> upd2(big(40), nokey, 1) end),\n"
    "    t(fun() -> (id(notmap))#{a => 1} end), t(fun() -> #{a := _} = id(#{b => 1}) end),\n"
    "    t(fun() -> #{a := _} = id([]) end), t(fun() -> (id(big(50)))#{nokey := 1} end)].\n"
    "adder(N) -> fun(X) -> X + N end.\n"
    "cl(A, B, C) -> F = fun(X) -> {X, A, B, C} end, G = fun() -> F(A) end, [F(1), G(), (adder(10))(5)].\n"
    "nest(L) -> [fun() -> {I, L} end || I <- L].\n"
    "many(A, B, C, D, E, F, G) -> fun(X) -> [X, A, B, C, D, E, F, G] end.\n"
    "isf(F) when is_function(F, 1) -> one; isf(F) when is_function(F, 2) -> two; isf(F) when is_function(F) -> fn; isf(_) -> no.\n"
    "closures() -> [cl(1, b, \"c\"), [F() || F <- nest([1, 2, 3])], lists:map(adder(3), [1, 2]),\n"
    "    (many(1, 2, 3, 4, 5, 6, 7))(0), [isf(X) || X <- [adder(1), fun lists:map/2, fun id/1, fun() -> 0 end, a, {}]],\n"
    "    lists:foldl(fun(X, Acc) -> (adder(X))(Acc) end, 0, lists:seq(1, 100))].\n"
    "ap3(M, F, A) -> apply(M, F, A).\n"
    "ap3l(M, F, A) -> X = id(A), apply(M, F, X).\n"
    "ap2(F, A) -> apply(F, A).\n"
    "ap2l(F, A) -> X = id(A), apply(F, X).\n"
    "apc(M, F, X) -> {apply(M, F, [X, 1])}.\n"
    "apt(M, F, X) -> apply(M, F, [X]).\n"
    "aptl(M, F, X) -> Y = id(X), M:F(Y, Y).\n"
    "cnt(0) -> done; cnt(N) -> ap3(jm, cnt, [N - 1]).\n"
    "applies() -> K = 5, [ap3(lists, reverse, [[1, 2]]), ap3l(erlang, '+', [1, 2]), ap2(fun(X) -> X + K end, [1]),\n"
    "    ap2l(fun lists:reverse/1, [[a, b]]), ap2(fun id/1, [x]), apc(erlang, '-', 10), apt(lists, reverse, [3, 4]),\n"
    "    aptl(erlang, '*', 6), apc(erlang, max, 3), cnt(100000)].\n"
    "apply_errs() -> [t(fun() -> ap3(1, f, []) end), t(fun() -> ap3(lists, 2, []) end), t(fun() -> ap3(lists, reverse, [a | b]) end),\n"
    "    t(fun() -> ap3l(lists, reverse, x) end), t(fun() -> ap3(nomod_jm, f, [1]) end), t(fun() -> ap3(lists, nofun, []) end),\n"
    "    t(fun() -> ap2(fun(X) -> X end, [1, 2]) end), t(fun() -> ap2(notfun, []) end), t(fun() -> ap2l(fun id/1, [1 | 2]) end),\n"
    "    t(fun() -> ap2(fun lists:reverse/1, []) end), t(fun() -> apc(1, 2, 3) end), t(fun() -> apt(x, 1, 3) end),\n"
    "    t(fun() -> aptl(nomod_jm, f, 1) end)].\n"
    "gb(B) when is_binary(B) -> bin; gb(B) when is_bitstring(B) -> bits; gb(_) -> no.\n"
    "pl(X) -> +X.\n"
    "tests() -> B = <<1, 2, 3, 4, 5>>, <<_:3, S:20/bitstring, _/bitstring>> = B, <<_:8, S2:3/binary, _/binary>> = B,\n"
    "    [gb(B), gb(S), gb(S2), gb(list_to_binary(lists:seq(1, 200))), gb(<<>>), gb(a), gb([1]),\n"
    "     pl(1), pl(-7), pl(1 bsl 70), pl(2.5), pl(-0.0), t(fun() -> pl(a) end), t(fun() -> pl(id([])) end)].\n"
    "stress() -> [maps(), hamt(), closures(), applies(), tests()].\n"
    "fc(a, _) -> ok; fc(b, X) when X > 0 -> ok.\n"
    "raises() -> [t(fun() -> fc(c, 1) end), t(fun() -> fc(b, -1) end), t(fun() -> fc(id(a), 2) end), t(fun() -> ub:u(1) end),\n"
    "    t(fun() -> ub:u(<<\"x\">>) end)].\n"
    "old() -> {T, F} = pt:mk(1, 2), G = pt:mk3(7, x), [T, F(5), G(9), [element(1, pt:mk(I, I)) || I <- lists:seq(1, 300)]].\n";

/* pt: put_tuple/put and make_fun2 as pre-OTP-22 compilers emit them.
 * Assembled with stand-ins of the same encoded length (call_fun 1 for
 * make_fun2 of lambda 0; move {integer,3} for put_tuple 3; line for put),
 * which pt_patch turns into the real opcodes. */
static const char *pt_asm =
    "{module, pt}.\n"
    "{exports, [{mk,2},{mk3,2},{module_info,0}]}.\n"
    "{attributes, []}.\n"
    "{labels, 9}.\n"
    "{function, mk, 2, 2}.\n"
    "  {label,1}.\n"
    "    {func_info,{atom,pt},{atom,mk},2}.\n"
    "  {label,2}.\n"
    "    {allocate,1,2}.\n"
    "    {move,{x,1},{y,0}}.\n"
    "    {call_fun,1}.\n"
    "    {test_heap,7,1}.\n"
    "    {move,{integer,3},{x,1}}.\n"
    "    {line,[{location,\"pt.erl\",10}]}.\n"
    "    {line,[{location,\"pt.erl\",11}]}.\n"
    "    {line,[{location,\"pt.erl\",12}]}.\n"
    "    {put_tuple2,{x,0},{list,[{x,1},{x,0}]}}.\n"
    "    {deallocate,1}.\n"
    "    return.\n"
    "{function, mk3, 2, 8}.\n"
    "  {label,7}.\n"
    "    {func_info,{atom,pt},{atom,mk3},2}.\n"
    "  {label,8}.\n"
    "    {test_heap,{alloc,[{words,1},{floats,0},{funs,1}]},2}.\n"
    "    {make_fun3,{f,6},0,0,{x,0},{list,[{x,0}]}}.\n"
    "    return.\n"
    "{function, module_info, 0, 4}.\n"
    "  {label,3}.\n"
    "    {func_info,{atom,pt},{atom,module_info},0}.\n"
    "  {label,4}.\n"
    "    {move,{atom,pt},{x,0}}.\n"
    "    {call_ext_only,1,{extfunc,erlang,get_module_info,1}}.\n"
    "{function, '-mk/2-fun-0-', 2, 6}.\n"
    "  {label,5}.\n"
    "    {func_info,{atom,pt},{atom,'-mk/2-fun-0-'},2}.\n"
    "  {label,6}.\n"
    "    {test_heap,3,2}.\n"
    "    {put_tuple2,{x,0},{list,[{x,0},{x,1}]}}.\n"
    "    return.\n";

static void *memfind(uint8_t *b, size_t n, const uint8_t *pat, size_t pn)
{
    for (size_t i = 0; i + pn <= n; i++)
        if (!memcmp(b + i, pat, pn)) return b + i;
    return NULL;
}

/* ub: a call of a BIF that exists nowhere (the generic bif instruction
 * stays, and raises undef when it runs; erl refuses to load it) */
static const char *ub_asm =
    "{module, ub}.\n"
    "{exports, [{u,1},{module_info,0}]}.\n"
    "{attributes, []}.\n"
    "{labels, 5}.\n"
    "{function, u, 1, 2}.\n"
    "  {label,1}.\n"
    "    {func_info,{atom,ub},{atom,u},1}.\n"
    "  {label,2}.\n"
    "    {allocate,0,1}.\n"
    "    {bif,nosuchbif,{f,0},[{x,0},{atom,a}],{x,0}}.\n"
    "    {deallocate,0}.\n"
    "    return.\n"
    "{function, module_info, 0, 4}.\n"
    "  {label,3}.\n"
    "    {func_info,{atom,ub},{atom,module_info},0}.\n"
    "  {label,4}.\n"
    "    {move,{atom,ub},{x,0}}.\n"
    "    {call_ext_only,1,{extfunc,erlang,get_module_info,1}}.\n";

/* Assemble pt (into the directory compile_erl_source used: the same
 * process) and patch the stand-ins. */
static void pt_build(void)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/pt.beam", compile_source("jit_test", "pt.S", pt_asm));
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f);
    static uint8_t b[1 << 16];
    size_t n = fread(b, 1, sizeof b, f);
    /* call_fun 1; test_heap 7, 1  ->  make_fun2 lambda 0 */
    static const uint8_t cf[] = {75, 0x10, 16, 0x70, 0x10};
    uint8_t *p = memfind(b, n, cf, sizeof cf);
    cr_assert_not_null(p);
    p[0] = 103, p[1] = 0x00;
    /* move {integer,3} {x,1}; line; line; line  ->  put_tuple 3 {x,1};
     * put {x,0}; put pt (atom 1); put {y,0} */
    static const uint8_t mv[] = {64, 0x31, 0x13, 153};
    p = memfind(b, n, mv, sizeof mv);
    cr_assert_not_null(p);
    p[0] = 70, p[1] = 0x30;
    p[3] = 71, p[4] = 0x03;
    cr_assert_eq(p[5], 153);
    p[5] = 71, p[6] = 0x12;
    cr_assert_eq(p[7], 153);
    p[7] = 71, p[8] = 0x04;
    rewind(f);
    cr_assert_eq(fwrite(b, 1, n, f), n);
    fclose(f);
}

static void setup(void)
{
    vm_init();
    vm_path_add(compile_erl_source("jit_test", "jm", jm_src), false);
    pt_build();
    compile_source("jit_test", "ub.S", ub_asm);
    vm_path_add_otp();
}

TestSuite(jit_map, .init = setup);

/* Every jm:Name/0 returns (its errors are caught inside): a raise would
 * compare two equal exceptions and test nothing. */
static void jm_same(const char *fn, bool stress)
{
    run_t a = jt_run("jm", fn, false);
    cr_assert_eq(a.rc, VM_RETURNED, "jm:%s/0 raised", fn);
    jt_run_free(&a);
    jit_same_in_both_tiers("jm", fn, stress);
}

Test(jit_map, maps_flat) { jm_same("maps", false); }
Test(jit_map, maps_hamt) { jm_same("hamt", false); }
Test(jit_map, map_errors_and_traces) { jm_same("map_errs", false); }
Test(jit_map, closures) { jm_same("closures", false); }
Test(jit_map, applies) { jm_same("applies", false); }
Test(jit_map, apply_errors_and_traces) { jm_same("apply_errs", false); }
Test(jit_map, type_tests_and_unary_plus) { jm_same("tests", false); }
/* func_info's function_clause and an undefined BIF's undef (ub) raised
 * in native code (abi_raise_at), same traces */
Test(jit_map, raises)
{
    jm_same("raises", false);
    ld_module_t *ub = module_current(atom_from_cstr("ub"));
    cr_assert_not_null(ub);
    cr_assert(jit_compile_now(ub));
    jm_same("raises", false);
    jm_same("raises", true);
}
Test(jit_map, gc_stress) { jm_same("stress", true); }
Test(jit_map, map_errors_gc_stress) { jm_same("map_errs", true); }
Test(jit_map, apply_errors_gc_stress) { jm_same("apply_errs", true); }

/* put_tuple/put and make_fun2 (old code): pt compiled too */
Test(jit_map, old_instructions)
{
    run_t a = jt_run("jm", "old", false);
    cr_assert_eq(a.rc, VM_RETURNED);
    ld_module_t *pt = module_current(atom_from_cstr("pt"));
    cr_assert_not_null(pt);
    bool seen[3] = {false, false, false};
    for (uint32_t off = 0; off < pt->code_size; off++) {
        seen[0] |= pt->ops[off] == OP_put_tuple;
        seen[1] |= pt->ops[off] == OP_put;
        seen[2] |= pt->ops[off] == OP_make_fun2;
    }
    cr_assert(seen[0] && seen[1] && seen[2], "pt was not patched into the old instructions");
    cr_assert(jit_compile_now(pt));
    jt_run_free(&a);
    jm_same("old", false);
    jm_same("old", true);
}

/* The instructions jit_ops.def calls NEVER are in no function's reachable
 * code: lowering these modules meets none (and every unit is lowered). */
Test(jit_map, never_instructions_unreachable)
{
    const char *mods[] = {"jm", "pt", "lists", "maps", "gen_server", "io_lib_format", "erl_scan", "ets", "proc_lib",
                          "string", "unicode_util", "erlang", "init", "erts_internal"};
    run_t a = jt_run("jm", "old", false);
    jt_run_free(&a);
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
        term name = atom_from_cstr(mods[i]);
        if (!module_current(name)) cr_assert(vm_autoload(name), "cannot load %s", mods[i]);
        ld_module_t *m = module_current(name);
        cr_assert_not_null(m);
        LLVMContextRef ctx = LLVMContextCreate();
        LLVMModuleRef mod = LLVMModuleCreateWithNameInContext(mods[i], ctx);
        jit_emit_result_t out = {0};
        jit_emit_module(ctx, mod, m, NULL, "t", "t_table", &out);
        cr_assert_eq(out.nevers, 0, "%s: a unit reaches a NEVER instruction", mods[i]);
        cr_assert_gt(out.lowered, 0);
        free(out.sites);
        LLVMDisposeModule(mod);
        LLVMContextDispose(ctx);
    }
}
