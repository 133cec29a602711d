%% std_erl_eval_errors: the errors erl_eval raises for evaluated code
%% (unbound variables, badarith, case/if/try clauses, badmatch, badfun,
%% badarity, function_clause, throw and exit, illegal guards, bad binary
%% construction); erl_eval builds their stack traces with
%% process_info(self(), current_stacktrace).
-module(std_erl_eval_errors).
-export([main/0]).

ev(S) ->
    {ok, Ts, _} = erl_scan:string(S),
    {ok, Es} = erl_parse:parse_exprs(Ts),
    {value, V, _} = erl_eval:exprs(Es, erl_eval:new_bindings()),
    V.

t(Tag, F) ->
    R = try F() of V -> {ok, V} catch C:E -> {C, E} end,
    io:format("~p: ~p~n", [Tag, R]).

main() ->
    t(unbound, fun() -> ev("X + 1.") end),
    t(badarith, fun() -> ev("1 + a.") end),
    t(case_clause, fun() -> ev("case 3 of 1 -> a end.") end),
    t(if_clause, fun() -> ev("if false -> a end.") end),
    t(throw_out, fun() -> ev("throw(out).") end),
    t(fun_clause, fun() -> ev("(fun(1) -> a end)(2).") end),
    t(badfun, fun() -> ev("X = 1, X(2).") end),
    t(badarity, fun() -> try ev("(fun(A) -> A end)(1, 2).") catch error:{badarity, {F, A}} when is_function(F) -> {badarity, A} end end),
    t(badmatch, fun() -> ev("{a, X} = {b, 1}, X.") end),
    t(try_clause, fun() -> ev("try 1 of 2 -> a catch _ -> b end.") end),
    t(exit_out, fun() -> ev("exit(bye).") end),
    t(error_tuple, fun() -> ev("erlang:error({my, reason}).") end),
    t(badarg_bif, fun() -> ev("atom_to_list(123).") end),
    t(bad_bin, fun() -> ev("X = a, <<X/binary>>.") end),
    t(bad_bin_size, fun() -> ev("<<1:(-1)>>.") end),
    t(badkey, fun() -> ev("M = #{}, M#{a := 1}.") end),
    t(badmap, fun() -> ev("X = 1, X#{a => 1}.") end),
    t(nested_catch, fun() -> ev("catch (fun() -> throw(inner) end)().") end),
    t(lc_badgen, fun() -> ev("[X || X <- notalist].") end),
    t(illegal_guard, fun() -> ev("if hd([]) -> a; true -> b end.") end),
    ok.
