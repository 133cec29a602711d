%% std_compile_load: a module compiled at run time with compile:forms and
%% loaded with code:load_binary/3 (through code_server), erlang:load_module/2,
%% beam_lib:chunks/2 and the inline pass (ETS): erl loads and runs dyn,
%% lists its chunks and prints the inlined module's MD5.
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
