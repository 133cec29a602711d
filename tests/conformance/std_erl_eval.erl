%% std_erl_eval: erl_eval evaluating expressions parsed at run time:
%% arithmetic, pattern matching and bindings, funs (including recursive
%% named funs) called from compiled code, comprehensions, maps, records-
%% free binaries, try/catch, case/if/receive after 0, local and non-local
%% function handlers (errors raised in evaluated code: pending/std_erl_eval_errors).
-module(std_erl_eval).
-export([main/0]).
-import(stdh, [t/2]).

ev(S) -> ev(S, erl_eval:new_bindings()).
ev(S, B) ->
    {ok, Ts, _} = erl_scan:string(S),
    {ok, Es} = erl_parse:parse_exprs(Ts),
    {value, V, B2} = erl_eval:exprs(Es, B),
    {V, lists:sort(erl_eval:bindings(B2))}.

main() ->
    Es = ["1 + 2 * 3.", "X = 5, Y = X * X, {X, Y}.", "[A, B | C] = [1, 2, 3, 4], {A, B, C}.", "lists:map(fun(E) -> E * 2 end, [1, 2, 3]).",
          "F = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end, F(20).", "[{X, Y} || X <- [1, 2, 3], Y <- [a, b], X =/= 2].",
          "<< <<(B + 1)>> || <<B>> <= <<1, 2, 3>> >>.", "M = #{a => 1}, M2 = M#{b => 2, a := 0}, #{b := Bv} = M2, {M2, Bv}.",
          "case {1, 2} of {A, A} -> same; {A, B} when A < B -> lt; _ -> other end.", "if 1 > 2 -> a; true -> b end.",
          "try throw(x) catch throw:T -> {caught, T} after ok end.", "try 1 / 0 catch error:R -> R end.",
          "catch 1 + a.", "receive X -> X after 0 -> timeout end.", "begin A = 1, B = A + 1, B end.",
          "Bin = <<1:4, 2:12, \"abc\">>, <<H:4, L:12, Rest/binary>> = Bin, {H, L, Rest}.", "<<X/utf8, _/binary>> = <<\"\x{3B1}x\"/utf8>>, X.",
          "{ok, Ts, _} = erl_scan:string(\"1 + 1.\"), length(Ts).", "erlang:element(2, {a, b, c}).", "fun erlang:abs/1(-4).",
          "G = fun(X) -> fun(Y) -> X + Y end end, (G(1))(2).", "[X || {X, _} <- [{1, a}, bad, {2, b}]].", "<<1, 2>> =:= <<1, 2>>.",
          "lists:foldl(fun(X, {S, P}) -> {S + X, P * X} end, {0, 1}, lists:seq(1, 10)).", "[X || X <- lists:seq(1, 20), X rem 3 =:= 0].",
          "#{K => V || K := V <- #{a => 1, b => 2}}.", "maybe {ok, V} ?= {ok, 1}, V + 1 end.", "maybe {ok, V} ?= {error, e}, V else {error, E} -> {else, E} end.",
          "self() =:= self().", "is_function(fun(A, B) -> A + B end, 2).", "2#1010 + 16#ff + $a + 1.5e1.", "\"abc\" ++ \"def\" -- \"bd\"."],
    [t({eval, I}, fun() -> ev(S) end) || {I, S} <- lists:zip(lists:seq(1, length(Es)), Es)],
    t(bindings_in, fun() -> ev("X + Y.", erl_eval:add_binding('Y', 10, erl_eval:add_binding('X', 1, erl_eval:new_bindings()))) end),
    t(binding_ops, fun() -> B = erl_eval:add_binding('A', 1, erl_eval:new_bindings()), {erl_eval:binding('A', B), erl_eval:binding('Z', B),
                                                                                           erl_eval:bindings(erl_eval:del_binding('A', B))} end),
    t(fun_from_eval, fun() -> {F, _} = ev("fun(X) -> X * 3 end."), {F(7), lists:map(F, [1, 2])} end),
    t(local_handler, fun() -> {ok, Ts, _} = erl_scan:string("double(21) + triple(1)."), {ok, Es2} = erl_parse:parse_exprs(Ts),
                              H = {value, fun(double, [X]) -> 2 * X; (triple, [X]) -> 3 * X end},
                              erl_eval:exprs(Es2, erl_eval:new_bindings(), H) end),
    t(nonlocal_handler, fun() -> {ok, Ts, _} = erl_scan:string("lists:reverse([1, 2])."), {ok, Es2} = erl_parse:parse_exprs(Ts),
                                 NL = {value, fun({M, F}, As) -> {intercepted, M, F, As} end},
                                 erl_eval:exprs(Es2, erl_eval:new_bindings(), none, NL) end),
    t(expr_single, fun() -> {ok, Ts, _} = erl_scan:string("1 + 2."), {ok, [E]} = erl_parse:parse_exprs(Ts), erl_eval:expr(E, []) end),
    t(undef_local, fun() -> ev("nofun(1).") end),
    t(undef_remote, fun() -> ev("nomod:nofun(1).") end),
    ok.
