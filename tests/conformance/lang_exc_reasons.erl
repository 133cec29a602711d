%% The exact error reasons (and top stack frame with its arguments or
%% arity) of every instruction-raised error: badmatch, case_clause,
%% function_clause (local, external, fun), if_clause, try_clause, badarg,
%% badarith, badfun, badarity, undef, badkey, badmap, badrecord, and
%% system_limit.
-module(lang_exc_reasons).
-export([main/0, ext/2]).
-record(rec, {a}).

id(X) -> X.
fc(1, a) -> ok.
ext(x, y) -> ok.

t(Name, F) ->
    R = try F() of V -> {value, V} catch C:E:S -> {C, E, lists:sublist(S, 2)} end,
    io:format("~p: ~p~n", [Name, R]).

main() ->
    t(badmatch, fun() -> {a, _} = id({b, 1}) end),
    t(badmatch_bin, fun() -> <<1, _/binary>> = id(<<2, 3>>) end),
    t(badmatch_big, fun() -> 1 = id(1 bsl 100) end),
    t(case_clause, fun() -> case id([1, 2]) of [] -> ok end end),
    t(function_clause, fun() -> fc(id(2), b) end),
    t(function_clause_ext, fun() -> ?MODULE:ext(id(1), 2) end),
    t(function_clause_fun, fun() -> (fun(a) -> ok end)(id(b)) end),
    t(function_clause_bif_wrapper, fun() -> lists:nth(id(0), [a]) end),
    t(if_clause, fun() -> V = id(false), if V -> ok end end),
    t(try_clause, fun() -> try id(3) of 4 -> ok catch _ -> no end end),
    t(badarg_bif, fun() -> atom_to_list(id("x")) end),
    t(badarg_element, fun() -> element(id(5), {a}) end),
    t(badarith_plus, fun() -> id(1) + a end),
    t(badarith_div0, fun() -> id(1) div 0 end),
    t(badarith_rem0, fun() -> id(1) rem 0 end),
    t(badarith_fdiv0, fun() -> id(1) / 0 end),
    t(badarith_neg, fun() -> -id(a) end),
    t(badarith_float_overflow, fun() -> id(1.0e308) * 10 end),
    t(badarith_bsl, fun() -> id(a) bsl 1 end),
    t(badfun, fun() -> (id(42))() end),
    t(badfun_tuple, fun() -> (id({m, f}))() end),
    t(badarity, fun() -> (id(fun(_) -> ok end))() end),
    t(undef_mod, fun() -> nomodule_xyz:f() end),
    t(undef_fun, fun() -> ?MODULE:not_exported(1, 2) end),
    t(undef_apply, fun() -> apply(lists, nofunc, [1]) end),
    t(badkey, fun() -> map_get(k, id(#{})) end),
    t(badkey_update, fun() -> (id(#{a => 1}))#{k := 1} end),
    t(badmap, fun() -> (id(x))#{a => 1} end),
    t(badrecord, fun() -> (id({other, 1}))#rec.a end),
    t(badrecord_update, fun() -> (id(x))#rec{a = 1} end),
    t(system_limit_atom, fun() -> list_to_atom(lists:duplicate(256, $a)) end),
    t(system_limit_tuple, fun() -> erlang:make_tuple(1 bsl 40, a) end),
    t(bad_generator, fun() -> [X || X <- id(a)] end),
    t(bad_filter, fun() -> [X || X <- [1], id(X)] end),
    t(nocatch_throw, fun() -> throw(id(ball)) end),
    t(exit_normal, fun() -> exit(id(normal)) end),
    t(error_tuple, fun() -> error(id({my, reason})) end),
    t(hd_nil, fun() -> hd(id([])) end),
    t(list_to_integer, fun() -> list_to_integer(id("12x")) end),
    t(binary_to_atom, fun() -> binary_to_existing_atom(id(<<"surely_not_an_atom_q9">>), utf8) end),
    t(apply_badarg_module, fun() -> (id(1)):f(2) end),
    t(apply_badarg_function, fun() -> {apply(m, id(2), [])} end),
    t(apply_badarg_args, fun() -> {apply(m, f, id([1 | 2]))} end),
    t(apply_badarg_fun_args, fun() -> [apply(fun() -> ok end, id(x))] end).
