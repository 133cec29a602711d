%% fun_pinned: closures of loaded code take no count on their fun entry
%% (the module pins it): many made and collected, copied to other
%% processes, ETS and binaries; a fun decoded while its module is not loaded
%% (undef), after it is loaded again (same code: runs) and after other code
%% replaced it (badfun); fun_info of each.
-module(fun_pinned).
-export([main/0]).
-import(stdh, [t/2, forms/1]).

bin(N) ->
    {ok, _, B} = compile:forms(forms(
        "-module(dyn_fp). -export([mk/1, v/0]). "
        "v() -> " ++ integer_to_list(N) ++ ". "
        "mk(X) -> fun(Y) -> {X, Y, v()} end."), [binary]),
    B.

load(B) -> code:load_binary(dyn_fp, "dyn_fp.erl", B).

%% a closure of dyn_fp made and encoded in another process, so that this
%% one never holds the module's funs while it is purged
encoded(X) ->
    Self = self(),
    P = spawn(fun() -> Self ! {self(), term_to_binary(dyn_fp:mk(X))} end),
    receive {P, E} -> E end.

reason(R) when is_tuple(R) -> element(1, R);
reason(R) -> R.

info(F) -> [erlang:fun_info(F, K) || K <- [module, arity, env, type]].

churn(0, Acc) -> Acc;
churn(N, Acc) ->
    F = fun(X) -> X + N end,
    G = case N rem 2 of 0 -> F; 1 -> fun(X) -> F(X) * 2 end end,
    churn(N - 1, (Acc + G(N)) rem 1000003).

main() ->
    logger:set_primary_config(level, none),
    t(churn, fun() -> R = churn(200000, 0), erlang:garbage_collect(), R end),
    F = fun(X) -> {self_made, X} end,
    t(copy_msg, fun() ->
        Self = self(),
        P = spawn(fun() -> receive G -> Self ! {back, G(1), G} end end),
        P ! F,
        receive {back, R, G} -> {R, G =:= F, G(2)} end
    end),
    t(copy_ets, fun() ->
        T = ets:new(t, [set]),
        ets:insert(T, [{K, fun(X) -> X * K end} || K <- lists:seq(1, 100)]),
        erlang:garbage_collect(),
        R = lists:sum([(ets:lookup_element(T, K, 2))(2) || K <- lists:seq(1, 100)]),
        ets:delete(T),
        R
    end),
    t(roundtrip, fun() -> G = binary_to_term(term_to_binary(F)), {G =:= F, G(3)} end),
    B1 = bin(1), B2 = bin(2),
    t(load1, fun() -> load(B1) end),
    E1 = encoded(a),
    t(call1, fun() -> (binary_to_term(E1))(b) end),
    t(info1, fun() -> info(binary_to_term(E1)) end),
    t(delete, fun() -> code:delete(dyn_fp) end),
    t(purge, fun() -> code:purge(dyn_fp) end),
    t(call_unloaded, fun() ->
        G = binary_to_term(E1),
        try G(c) catch C:R -> {C, reason(R)} end
    end),
    t(info_unloaded, fun() -> info(binary_to_term(E1)) end),
    t(reload_same, fun() -> load(B1) end),
    t(call_reloaded, fun() -> (binary_to_term(E1))(d) end),
    t(load2, fun() -> load(B2) end),
    t(purge2, fun() -> code:purge(dyn_fp) end),
    t(call_replaced, fun() ->
        G = binary_to_term(E1),
        try G(e) catch C:R -> {C, reason(R)} end
    end),
    E2 = encoded(f),
    t(call2, fun() -> (binary_to_term(E2))(g) end),
    t(equal, fun() -> binary_to_term(E2) =:= binary_to_term(E2) end).
