-module(onload).
-export([main/0]).
%% -on_load: the function runs when the module is loaded, before any of
%% its exports is called; anything but ok unloads the module again.
main() ->
    erlang:display(start),
    t(fun() -> onload_ok:hello() end),
    t(fun() -> onload_ok:hello() end),
    t(fun() -> erlang:module_loaded(onload_ok) end),
    t(fun() -> onload_bad:hello() end),
    t(fun() -> erlang:module_loaded(onload_bad) end),
    t(fun() -> onload_crash:hello() end),
    t(fun() -> onload_atom:hello() end),
    t(fun() -> erlang:module_loaded(onload_atom) end),
    ok.

t(F) ->
    R = try {ok, F()} catch C:E -> {C, E} end,
    erlang:display(R).
