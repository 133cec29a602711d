%% std_parse: erl_scan and erl_parse on expressions, forms and terms (the abstract format printed), erl_pp, and erl_eval of simple expressions, compared with erl. (An error
%% raised inside evaluated code needs process_info/2: see
%% tests/conformance/pending/eval_badmatch.erl.)
-module(std_parse).
-export([main/0]).

%% Each result is formatted with ~p and ~w and gathered; the output goes
%% out in one io:put_chars at the end (see
%% tests/conformance/pending/io_many_requests.erl).
t(Tag, F) ->
    R = try F() of V -> {ok, V} catch C:E -> {C, E} end,
    put(out, [io_lib:format("~p: ~p~n~w~n", [Tag, R, R]) | get_out()]).
get_out() -> case get(out) of undefined -> []; L -> L end.
flush() -> io:put_chars(lists:reverse(get_out())), put(out, []).

main() ->
    Srcs = ["X = 1 + 2 * 3.", "foo(A, [H | T]) -> {A, H, T}.", "case X of {ok, V} when V > 0 -> V; _ -> 0 end.",
            "#{a => 1, b := 2}.", "<<A:8, B/binary>> = Bin.", "fun(X) -> X * 2 end.", "[X || X <- L, X > 1].",
            "try f() catch error:R:S -> {R, S} after ok end.", "'quoted atom' ++ \"str\\n\" -- [$a, $\\n].",
            "receive {msg, M} -> M after 100 -> timeout end.", "-module(m).", "-record(r, {a = 1, b}).", "1.5e10 bsl 2 band 16#ff.",
            "X#r.a.", "begin 1, 2 end.", "<< <<B>> || <<B>> <= Bin >>.", "a:b(c).", "fun m:f/2.", "not true orelse false.",
            "\"unterminated.", "1 +.", "X = $\\x{3b1}."],
    [t({scan, S}, fun() -> erl_scan:string(S) end) || S <- Srcs],
    [t({parse_exprs, S}, fun() -> {ok, Ts, _} = erl_scan:string(S), erl_parse:parse_exprs(Ts) end) || S <- Srcs],
    [t({parse_form, S}, fun() -> {ok, Ts, _} = erl_scan:string(S), erl_parse:parse_form(Ts) end) || S <- Srcs],
    t(scan_opts, fun() -> {erl_scan:string("a %c\n b", {1, 1}, [return_comments]), erl_scan:string("x.", 1, [text]),
                           erl_scan:string("if", 1, []), erl_scan:reserved_word('if'), erl_scan:string("1 2", 5)} end),
    t(tokens, fun() -> {erl_scan:tokens([], "a. b", 1), erl_scan:tokens([], "a", 1)} end),
    t(parse_term, fun() -> [begin {ok, Ts, _} = erl_scan:string(S), erl_parse:parse_term(Ts) end
                            || S <- ["{a, [1, 2.5, \"s\"], #{k => <<1, 2>>}}.", "[a | b].", "f(x).", "-1."]] end),
    t(abstract, fun() -> {erl_parse:abstract({a, [1, "s"], <<"b">>, #{1 => 2}, 1.5}), erl_parse:normalise(erl_parse:abstract([x, -3]))} end),
    t(pp, fun() -> [begin {ok, Ts, _} = erl_scan:string(S), {ok, F} = erl_parse:parse_form(Ts), lists:flatten(erl_pp:form(F)) end
                    || S <- ["f(X) -> case X of 1 -> a; _ -> b end.", "g() -> [Y || Y <- [1, 2]]."]] end),
    t(pp_expr, fun() -> {ok, Ts, _} = erl_scan:string("X = #{a => [1, 2]}, Y = X."), {ok, Es} = erl_parse:parse_exprs(Ts),
                        lists:flatten(erl_pp:exprs(Es)) end),
    Evals = ["1 + 2 * 3.", "X = 5, X * X.", "lists:map(fun(A) -> A + 1 end, [1, 2, 3]).", "case {a, 1} of {a, N} -> N * 10 end.",
             "[X * 2 || X <- [1, 2, 3], X > 1].", "#{a := V} = #{a => 9}, V.", "<<A:4, B:4>> = <<16#AB>>, {A, B}.",
             "F = fun F(0) -> 1; F(N) -> N * F(N - 1) end, F(20).", "try 1 / 0 catch error:E -> E end.", "atom_to_list(abc) ++ \"def\".",
             "element(2, {a, b, c}).", "undefined_fun(1).", "lists:seq(1, 5) -- [2, 4].", "throw(thrown)."],
    [t({eval, S}, fun() -> {ok, Ts, _} = erl_scan:string(S), {ok, Es} = erl_parse:parse_exprs(Ts),
                           {value, V, B} = erl_eval:exprs(Es, erl_eval:new_bindings()), {V, lists:sort(B)} end) || S <- Evals],
    t(eval_bindings, fun() -> {ok, Ts, _} = erl_scan:string("X + Y."), {ok, [E]} = erl_parse:parse_exprs(Ts),
                              erl_eval:expr(E, erl_eval:add_binding('X', 1, erl_eval:add_binding('Y', 2, erl_eval:new_bindings()))) end),
    flush().
