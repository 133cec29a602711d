%% The compiler running on the VM: a module with map patterns (whose keys
%% the compiler sorts with erts_internal:cmp_term/2), records, binaries,
%% funs and try, compiled from source text, loaded and called.
-module(code_compile_maps).
-export([main/0]).

src() -> "
-module(cm_gen).
-export([run/0]).
-record(r, {a, b = 2}).
pick(#{a := A, b := B}) -> {A, B};
pick(#{a := A}) -> {only_a, A};
pick(#{{k, 1} := V, \"s\" := W, 2.0 := X, 1 := Y}) -> {mixed, V, W, X, Y};
pick(#{}) -> empty;
pick(_) -> not_map.
upd(M) -> M#{a => 0, c := 3}.
run() ->
    [pick(#{a => 1, b => 2}), pick(#{a => 1}), pick(#{b => 1}), pick(#{{k, 1} => v, \"s\" => w, 2.0 => x, 1 => y}),
     pick([]), catch upd(#{}), upd(#{c => 1}), #r{a = 1}, (#r{a = 1})#r.b,
     << <<(X * 2)>> || <<X>> <= <<1, 2, 3>> >>, [F(3) || F <- [fun(X) -> X + 1 end, fun erlang:abs/1]],
     try error(boom) catch error:E:S -> {E, length(S) > 0} end].
".

main() ->
    {ok, Toks, _} = erl_scan:string(src()),
    Forms = split(Toks, [], []),
    {ok, Mod, Bin, Ws} = compile:forms(Forms, [return, binary]),
    io:format("~p ~p ~p~n", [Mod, is_binary(Bin), Ws]),
    {module, Mod} = code:load_binary(Mod, "cm_gen.erl", Bin),
    io:format("~p~n", [Mod:run()]),
    {ok, _, Asm} = compile:forms(Forms, ['S', binary]),
    io:format("~p~n", [[element(2, F) || F <- element(4, Asm), element(1, F) =:= function]]),
    {error, Es, _} = compile:forms(split(element(2, erl_scan:string("-module(bad). -export([f/0]). f() -> X.")), [], []), [return]),
    io:format("~p~n", [Es]).

split([{dot, _} = D | T], Cur, Acc) ->
    {ok, F} = erl_parse:parse_form(lists:reverse([D | Cur])),
    split(T, [], [F | Acc]);
split([Tok | T], Cur, Acc) -> split(T, [Tok | Cur], Acc);
split([], [], Acc) -> lists:reverse(Acc).
