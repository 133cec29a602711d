%% ld_onload - fixture of tests/unit/test_loader.c: a module with -on_load.
-module(ld_onload).
-on_load(init/0).
-export([hello/0]).

init() -> ok.

hello() -> world.
