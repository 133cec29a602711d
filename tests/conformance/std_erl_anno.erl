%% std_erl_anno: erl_anno's constructors and accessors (new/from_term/
%% to_term, line/column/location/file/text/generated/record/end_location,
%% set_*), and how erl_scan/erl_parse attach them; plus erl_pp printing
%% forms and expressions back to source text.
-module(std_erl_anno).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    As = [erl_anno:new(5), erl_anno:new({5, 3}), erl_anno:set_file("f.erl", erl_anno:new(1)), erl_anno:set_generated(true, erl_anno:new({2, 2})),
          erl_anno:set_text("txt", erl_anno:new({3, 1})), erl_anno:set_record(true, erl_anno:new(9)), erl_anno:new(0)],
    [t({anno, I}, fun() -> {erl_anno:to_term(A), erl_anno:line(A), erl_anno:column(A), erl_anno:location(A), erl_anno:file(A), erl_anno:generated(A),
                            erl_anno:text(A), erl_anno:record(A), erl_anno:end_location(A), erl_anno:is_anno(A)} end) || {I, A} <- lists:zip(lists:seq(1, length(As)), As)],
    t(set_line, fun() -> erl_anno:to_term(erl_anno:set_line(7, erl_anno:new({1, 4}))) end),
    t(set_location, fun() -> erl_anno:to_term(erl_anno:set_location({8, 2}, erl_anno:new(1))) end),
    t(from_term, fun() -> [erl_anno:to_term(erl_anno:from_term(T)) || T <- [1, {1, 2}, [{location, 3}, {file, "x"}]]] end),
    t(is_anno, fun() -> [erl_anno:is_anno(X) || X <- [1, {1, 1}, -1, {1, -1}, [], [{location, 1}], foo, [{bad, 1}]]] end),
    t(new_bad, fun() -> erl_anno:new(-1) end),
    t(new_bad2, fun() -> erl_anno:new(a) end),
    Srcs = ["f(X, Y) when X > Y -> {X, [Y | X]}; f(_, _) -> #{a => <<1, 2:4>>}.",
            "g() -> try a() of B -> B catch C:D:S -> {C, D, S} after z end.",
            "h(L) -> [X * 2 || X <- L, X > 0] ++ << <<B>> || <<B>> <= <<\"ab\">> >>.",
            "-record(r, {a = 1, b :: atom()}).", "-spec k(integer()) -> ok | {error, term()}.", "-type t() :: [t()] | atom().",
            "i(F) -> case F of fun m:f/1 -> receive M -> M after 10 -> t end; _ -> fun(A) -> A end end.",
            "j() -> begin X = 1 + 2 * 3 - (4 - 5), Y = not true orelse false andalso X, -X end."],
    [t({pp, I}, fun() -> {ok, Ts, _} = erl_scan:string(S), {ok, Form} = erl_parse:parse_form(Ts), lists:flatten(erl_pp:form(Form)) end)
     || {I, S} <- lists:zip(lists:seq(1, length(Srcs)), Srcs)],
    t(pp_exprs, fun() -> {ok, Ts, _} = erl_scan:string("A = {1, \"s\"}, B = A, [B | []]."), {ok, Es} = erl_parse:parse_exprs(Ts), lists:flatten(erl_pp:exprs(Es)) end),
    t(pp_expr_indent, fun() -> {ok, Ts, _} = erl_scan:string("case X of a -> 1; b -> 2 end."), {ok, [E]} = erl_parse:parse_exprs(Ts), lists:flatten(erl_pp:expr(E, 4, none)) end),
    t(pp_attribute, fun() -> lists:flatten(erl_pp:attribute({attribute, 1, export, [{f, 1}, {g, 2}]})) end),
    t(pp_function, fun() -> {ok, Ts, _} = erl_scan:string("f() -> ok."), {ok, Form} = erl_parse:parse_form(Ts), lists:flatten(erl_pp:function(Form)) end),
    t(pp_guard, fun() -> lists:flatten(erl_pp:guard([[{op, 1, '>', {var, 1, 'X'}, {integer, 1, 0}}]])) end),
    ok.
