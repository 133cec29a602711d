%% pending (process_info/2, owned by the processes work): erl_eval raises
%% the errors of evaluated code with a stack trace it gets from
%% erlang:process_info(self(), current_stacktrace); laser raises undef
%% from there instead, so every line below shows {error,undef} where erl
%% shows {error,{unbound_var,'X'}}, {error,{case_clause,3}}, ... (the same
%% cause as pending/eval_badmatch.erl).
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
    t(illegal_guard, fun() -> ev("if hd([]) -> a; true -> b end.") end),
    ok.
