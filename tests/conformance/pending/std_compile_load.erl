%% pending (code loading from a binary, ETS): a module compiled at run time
%% with compile:forms cannot be loaded yet - erlang:load_module/2 (what
%% code:load_binary calls) is undef in laser; beam_lib:chunks/2 on the
%% binary needs ets:new (beam_lib:read_chunk_data); and the compiler's
%% inline pass (cerl_inline, option inline) keeps its state in ETS, so its
%% linked helper process dies with undef and the caller, which traps exits
%% as erl's -s process does, waits for ever (this program then hangs until
%% the runner's timeout). erl loads and runs dyn, lists its chunks and
%% prints the inlined module's MD5.
-module(std_compile_load).
-export([main/0]).
-import(stdh, [forms/1]).

run(F) -> try F() of V -> {ok, V} catch C:E -> {C, E} end.

main() ->
    Fs = forms("-module(dyn). -export([f/1, g/0]). f(X) -> {X, lists:reverse(X)}. g() -> [N * N || N <- lists:seq(1, 5)]."),
    {ok, dyn, Bin} = compile:forms(Fs, [binary]),
    io:format("~p~n", [run(fun() -> {erlang:load_module(dyn, Bin), dyn:f("abc"), dyn:g()} end)]),
    io:format("~p~n", [run(fun() -> {code:load_binary(dyn, "dyn.beam", Bin), dyn:g()} end)]),
    io:format("~p~n", [run(fun() -> beam_lib:chunks(Bin, [exports, atoms]) end)]),
    io:format("~p~n", [run(fun() -> {ok, _, B} = compile:forms(Fs, [binary, inline]), erlang:md5(B) end)]),
    ok.
