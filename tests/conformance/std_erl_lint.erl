%% std_erl_lint: erl_lint:module/1,2 on forms parsed at run time: clean
%% modules, warnings (unused variables, functions, imports, shadowing,
%% export_all) and errors (unbound variables, undefined functions and
%% records, bad guards, duplicate definitions), with format_error texts;
%% plus erl_lint:is_guard_test and erl_internal's classification BIFs.
-module(std_erl_lint).
-export([main/0]).
-import(stdh, [t/2, forms/1]).

lint(Src) -> lint(Src, []).
lint(Src, Opts) ->
    case erl_lint:module(forms(Src), "m.erl", Opts) of
        {ok, Ws} -> {ok, texts(Ws)};
        {error, Es, Ws} -> {error, texts(Es), texts(Ws)}
    end.

texts(L) -> [{F, [{Loc, M, lists:flatten(M:format_error(E))} || {Loc, M, E} <- Is]} || {F, Is} <- L].

main() ->
    H = "-module(m). -export([f/1]). ",
    Cases = [{clean, H ++ "f(X) -> X + 1."},
             {unused_var, H ++ "f(X) -> Y = 1, X."},
             {unused_fun, H ++ "f(X) -> X. g() -> ok."},
             {unbound, H ++ "f(X) -> Y."},
             {undef_fun, H ++ "f(X) -> g(X)."},
             {undef_record, H ++ "f(X) -> X#r.a."},
             {bad_guard, H ++ "f(X) when g(X) -> X."},
             {duplicate, H ++ "f(X) -> X. f(Y) -> Y."},
             {export_undef, "-module(m). -export([f/1, nope/0]). f(X) -> X."},
             {shadow, H ++ "f(X) -> fun(X) -> X end."},
             {export_all, "-module(m). -compile(export_all). f(X) -> X."},
             {unsafe, H ++ "f(X) -> case X of a -> Y = 1; b -> ok end, Y."},
             {record_ok, H ++ "-record(r, {a = 1, b}). f(X) -> X#r{b = 2}."},
             {record_bad_field, H ++ "-record(r, {a}). f(X) -> X#r.b."},
             {spec_undef_type, H ++ "-spec f(t()) -> ok. f(_) -> ok."},
             {bad_bin, H ++ "f(X) -> <<X:foo>>."},
             {import_unused, "-module(m). -export([f/1]). -import(lists, [map/2]). f(X) -> X."},
             {deprecated_call, H ++ "f(X) -> erlang:now(), X."},
             {bad_attribute, "-module(m). -export(f). f(X) -> X."},
             {ok_complex, H ++ "f(L) -> [Y || {Y, _} <- L, is_atom(Y)] ++ [Z || <<Z>> <= <<1, 2>>] ++ maps:keys(#{a => 1})."}],
    [t(Name, fun() -> lint(Src) end) || {Name, Src} <- Cases],
    t(warn_opts, fun() -> lint(H ++ "f(X) -> Y = 1, X.", [nowarn_unused_vars]) end),
    t(is_guard_test, fun() -> [erl_lint:is_guard_test(E) || S <- ["is_atom(X).", "X > 1.", "f(X).", "element(1, X) =:= a.", "X#r.a."],
                                                            {ok, Ts, _} <- [erl_scan:string(S)], {ok, [E]} <- [erl_parse:parse_exprs(Ts)]] end),
    t(internal_bif, fun() -> [erl_internal:bif(F, A) || {F, A} <- [{length, 1}, {spawn, 3}, {foo, 0}, {apply, 3}, {binary_part, 3}]] end),
    t(internal_guard, fun() -> [erl_internal:guard_bif(F, A) || {F, A} <- [{length, 1}, {spawn, 3}, {is_map_key, 2}, {map_get, 2}]] end),
    t(internal_types, fun() -> [{erl_internal:type_test(F, 1), erl_internal:new_type_test(F, 1), erl_internal:old_type_test(F, 1)} || F <- [is_atom, atom, is_foo]] end),
    t(internal_ops, fun() -> [{O, erl_internal:arith_op(O, 2), erl_internal:bool_op(O, 2), erl_internal:comp_op(O, 2), erl_internal:list_op(O, 2),
                               erl_internal:send_op(O, 2), erl_internal:op_type(O, 2)} || O <- ['+', 'and', '==', '++', '!', 'bsl']] end),
    t(internal_add_predefined, fun() -> erl_internal:is_type(integer, 0) end),
    ok.
