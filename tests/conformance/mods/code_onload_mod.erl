%% code_onload_mod: a module of the code path with an on_load function,
%% loaded on its first call (conformance program code_onload).
-module(code_onload_mod).
-export([hello/0]).
-on_load(init/0).

init() ->
    persistent_term:put(code_onload_mod, {ran, self() =/= whereis(code_server)}),
    ok.

hello() -> {hello, persistent_term:get(code_onload_mod)}.
