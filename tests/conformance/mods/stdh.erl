%% stdh: helpers shared by the std_*/io_* conformance programs. Each test
%% runs a fun and prints its tag and {ok, Value} or {Class, Reason}, so
%% errors compare with erl's as well as values.
-module(stdh).
-export([run/1, t/2, tw/2, fmt/2]).

%% {ok, F()} or the {Class, Reason} it raised.
run(F) ->
    try F() of V -> {ok, V} catch C:E -> {C, E} end.

%% One line per test: ~p, or ~w to show every character code.
t(Tag, F) -> io:format("~p: ~p~n", [Tag, run(F)]).
tw(Tag, F) -> io:format("~p: ~w~n", [Tag, run(F)]).

%% io_lib:format's flattened result, or what it raised.
fmt(Fmt, Args) -> run(fun() -> lists:flatten(io_lib:format(Fmt, Args)) end).
