%% The compiler running on the VM, as `erlc` would: compile benchmark
%% sources from bench/ to .beam binaries (with warnings), load them and run
%% their small cases, and compile sources with errors. The register choices
%% in the code may differ from erl's where the compiler iterates over maps
%% with atoms inside keys (laser cannot reproduce erts' atom hashes), so the
%% code chunk itself is not compared.
%% stress: skip
%% run: -run tool_erlc main $HERE/../../bench -s erlang halt
-module(tool_erlc).
-export([main/1]).

main([Dir]) ->
    [compile_one(Dir, M) || M <- [fib, tak, nbody, qsort, json, b64]],
    Bad = "-module(bad).\n-export([f/1]).\nf(X) -> Y.\ng() -> ok.\n",
    {ok, Toks, _} = erl_scan:string(Bad),
    io:format("~p~n", [compile:forms(forms(Toks, []), [return])]),
    ok.

compile_one(Dir, M) ->
    Src = filename:join(Dir, atom_to_list(M) ++ ".erl"),
    case compile:file(Src, [binary, return, export_all, {i, Dir}]) of
        {ok, M, Bin, Ws} ->
            {module, M} = code:load_binary(M, Src, Bin),
            io:format("~p ok ~p warnings, ~p exports~n",
                      [M, length(Ws), length(M:module_info(exports))]),
            io:format("  run(small) = ~p~n", [M:run(small(M))]);
        Other ->
            io:format("~p ~p~n", [M, Other])
    end.

small(fib) -> 15;
small(tak) -> 8;
small(nbody) -> 100;
small(qsort) -> 200;
small(json) -> 3;
small(b64) -> 300.

forms([{dot, _} = D | T], Cur) ->
    {ok, F} = erl_parse:parse_form(lists:reverse([D | Cur])),
    [F | forms(T, [])];
forms([Tok | T], Cur) -> forms(T, [Tok | Cur]);
forms([], []) -> [].
