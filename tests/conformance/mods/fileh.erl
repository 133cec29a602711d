%% fileh: the scratch directory of the file_* conformance programs. It is
%% made and removed with prim_file alone, so that it works in a program
%% that tests file_server_2 or erl_prim_loader as well as the raw API.
-module(fileh).
-export([in_dir/2, rm_rf/1]).

-include_lib("kernel/include/file.hrl").

%% Runs F() in a fresh directory D (relative to the cwd) and removes D
%% afterwards, however F ends.
in_dir(D, F) ->
    rm_rf(D),
    ok = prim_file:make_dir(D),
    try F() after rm_rf(D) end.

rm_rf(Path) ->
    case prim_file:read_link_info(Path) of
        {ok, #file_info{type = directory}} ->
            {ok, Names} = prim_file:list_dir_all(Path),
            [rm_rf(Path ++ "/" ++ N) || N <- Names],
            ok = prim_file:del_dir(Path);
        {ok, _} ->
            ok = prim_file:delete(Path);
        {error, enoent} ->
            ok
    end.
