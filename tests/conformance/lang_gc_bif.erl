%% erlang:garbage_collect/0: a full sweep of the caller right after the
%% BIF; the heap shrinks back once a large structure is dead.
-module(lang_gc_bif).
-export([main/0, loop/2]).
main() ->
    L = lists:seq(1, 100000),
    io:format("~p~n", [{erlang:garbage_collect(), length(L)}]),
    {heap_size, Before} = process_info(self(), heap_size),
    true = erlang:garbage_collect(),
    {heap_size, After} = process_info(self(), heap_size),
    io:format("~p~n", [After =< Before]),
    %% called many times, from a hot function too
    io:format("~p~n", [loop(3000, 0)]),
    io:format("~p~n", [catch erlang:garbage_collect(a, b, c)]).
loop(0, Acc) -> Acc;
loop(N, Acc) ->
    T = {N, [N, N + 1], <<N:64>>},
    true = erlang:garbage_collect(),
    loop(N - 1, Acc + element(1, T) + length(element(2, T))).
