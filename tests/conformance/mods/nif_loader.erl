%% nif_loader: calls erlang:load_nif/2 for nif_lib.erl's error cases
%% (libraries of tests/nif/ that cannot load into this module).
-module(nif_loader).
-export([try_load/2]).

try_load(Path, Info) -> erlang:load_nif(Path, Info).
