%% stdh: helpers shared by the std_*/io_* conformance programs. Each test
%% runs a fun and prints its tag and {ok, Value} or {Class, Reason}, so
%% errors compare with erl's as well as values.
-module(stdh).
-export([run/1, t/2, tw/2, fmt/2, forms/1]).

%% {ok, F()} or the {Class, Reason} it raised.
run(F) ->
    try F() of V -> {ok, V} catch C:E -> {C, E} end.

%% One line per test: ~p, or ~w to show every character code.
t(Tag, F) -> io:format("~p: ~p~n", [Tag, run(F)]).
tw(Tag, F) -> io:format("~p: ~w~n", [Tag, run(F)]).

%% io_lib:format's flattened result, or what it raised.
fmt(Fmt, Args) -> run(fun() -> lists:flatten(io_lib:format(Fmt, Args)) end).

%% The forms of a module's source text ("-module(m). f() -> ok." ...).
forms(Src) ->
    {ok, Ts, _} = erl_scan:string(Src),
    split_forms(Ts, [], []).

split_forms([], [], Acc) -> lists:reverse(Acc);
split_forms([{dot, _} = D | R], Cur, Acc) ->
    {ok, F} = erl_parse:parse_form(lists:reverse([D | Cur])),
    split_forms(R, [], [F | Acc]);
split_forms([T | R], Cur, Acc) -> split_forms(R, [T | Cur], Acc).
