%% std_erl_parse: erl_parse:parse_form/parse_exprs/parse_term on forms
%% of every kind (functions, attributes, records, types and specs, maps,
%% binaries, comprehensions, try/receive/maybe), abstract/normalise/
%% tokens round trips, and the error tuples for bad input.
-module(std_erl_parse).
-export([main/0]).
-import(stdh, [t/2]).

form(S) -> {ok, Ts, _} = erl_scan:string(S), erl_parse:parse_form(Ts).
exprs(S) -> {ok, Ts, _} = erl_scan:string(S), erl_parse:parse_exprs(Ts).
term(S) -> {ok, Ts, _} = erl_scan:string(S), erl_parse:parse_term(Ts).

main() ->
    Forms = ["f(X) when is_integer(X), X > 0; X =:= a -> X * 2; f(_) -> error.",
             "-module(m).", "-export([f/1, g/0]).", "-record(r, {a = 1 :: integer(), b, c = [] :: list()}).",
             "-type t(A) :: {A, [A]} | #{atom() => A} | fun((A) -> ok) | 1..10 | <<_:8, _:_*4>>.",
             "-spec f(integer()) -> {ok, term()} | {error, atom()}; (atom()) -> none().",
             "-callback cb(T) -> T when T :: term().", "-define(X, 1).", "-opaque o() :: [o()].", "-my_attr({any, [term], <<\"x\">>}).",
             "g() -> <<X:4/little-signed-integer-unit:8, Y/binary, Z/utf8>> = B, #{a := V, b => W} = M, R#r{a = 1}, R#r.b, #r{}.",
             "h() -> [X || X <- L, X > 1], << <<B>> || <<B>> <= Bin >>, #{K => V || K := V <- M}.",
             "i() -> try f() of ok -> 1 catch throw:X:S -> S; error:_ -> 2 after done end.",
             "j() -> receive {a, X} -> X; _ -> ok after 100 -> timeout end.",
             "k() -> fun (X) -> X end, fun m:f/2, fun f/0, fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end.",
             "l() -> begin a, b end, if X -> 1; true -> 2 end, case X of {_, _} = P -> P end, catch f(), -X, not Y, X -- Y.",
             "m() -> maybe {ok, A} ?= f(), A end."],
    [t({form, I}, fun() -> form(S) end) || {I, S} <- lists:zip(lists:seq(1, length(Forms)), Forms)],
    Es = ["1 + 2 * 3 - 4 / 5.", "A = B = C.", "a orelse b andalso c.", "X ! Y ! Z.", "-1 - -1.", "[1, 2 | T].", "#{a => 1}#{b := 2}.",
          "f(X)(Y).", "M:F(A).", "{'a b', \"s\", $c, 1.0}.", "<<\"abc\"/utf8>>.", "1 bsl 2 bor 3.", "(fun() -> ok end)()."],
    [t({exprs, E}, fun() -> exprs(E) end) || E <- Es],
    Terms = ["{a, [1, 2.5, \"s\"], <<1, 2>>, #{k => v}}.", "[].", "'quoted'.", "-12.", "<<\"bin\">>.", "{1, 2", "f(x).", "X.", "1 + 2."],
    [t({term, T}, fun() -> term(T) end) || T <- Terms],
    t(abstract, fun() -> [erl_parse:abstract(T) || T <- [a, 1, -1, 1.5, "str", [1, 2], {a, b}, <<"bin">>, #{a => 1}, [a | b], <<1:3>>]] end),
    t(abstract_line, fun() -> erl_parse:abstract({x, [1]}, [{line, 7}]) end),
    t(abstract_encoding, fun() -> erl_parse:abstract("\x{3B1}", [{encoding, unicode}]) end),
    t(normalise, fun() -> [erl_parse:normalise(erl_parse:abstract(T)) || T <- [{a, [1 | b]}, #{x => <<"y">>}, -5, "abc"]] end),
    t(normalise_bad, fun() -> erl_parse:normalise({var, 1, 'X'}) end),
    t(tokens, fun() -> erl_parse:tokens(erl_parse:abstract({a, "b", 1})) end),
    t(errors, fun() -> [exprs(S) || S <- ["1 + .", "f(.", "case x of end.", "a b.", "[1, 2.", "#{a => }."]] end),
    t(form_errors, fun() -> [form(S) || S <- ["f() -> .", "-export(f/1).", "f(X) X.", "-type t() :: .", "-record(r, {a := 1})."]] end),
    t(format_error, fun() -> {error, {_, M, E}} = exprs("1 + ."), lists:flatten(M:format_error(E)) end),
    t(map_anno, fun() -> {ok, [E]} = exprs("{a, X}."), erl_parse:map_anno(fun(A) -> {anno, A} end, E) end),
    t(fold_anno, fun() -> {ok, [E]} = exprs("{a, [X, Y]}."), erl_parse:fold_anno(fun(A, Acc) -> [A | Acc] end, [], E) end),
    t(new_anno, fun() -> erl_parse:anno_to_term(erl_parse:new_anno({x, 1, [y]})) end),
    t(inop_prec, fun() -> [erl_parse:inop_prec(O) || O <- ['+', '*', '=', '!', 'orelse', '==', '++']] end),
    t(preop_prec, fun() -> [erl_parse:preop_prec(O) || O <- ['-', 'not', 'catch']] end),
    ok.
