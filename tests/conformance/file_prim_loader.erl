%% file_prim_loader: OTP's preloaded erl_prim_loader (what the boot reads
%% code with) over prim_file: get_file/1, list_dir/1, read_file_info/1,
%% read_link_info/1, get_cwd/0 and their errors (those that erl_prim_loader
%% does not log: enoent, enotdir, einval). On erl the loader runs
%% already; where it does not (laser before the real boot), this program
%% starts it, answering init's get_argument requests itself if no init
%% process is registered.
-module(file_prim_loader).
-export([main/0]).

-include_lib("kernel/include/file.hrl").

-define(D, "file_prim_loader.tmp").

p(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

main() ->
    ensure_loader(),
    fileh:in_dir(?D, fun run/0).

run() ->
    ok = prim_file:write_file(?D ++ "/a.txt", <<"contents of a">>),
    ok = prim_file:make_dir(?D ++ "/sub"),
    ok = prim_file:write_file(?D ++ "/sub/b.bin", lists:duplicate(70000, 7)),
    ok = prim_file:make_symlink("a.txt", ?D ++ "/link"),
    {ok, Bin, Name} = erl_prim_loader:get_file(?D ++ "/a.txt"),
    p(get_file, {Bin, Name}),
    {ok, Big, _} = erl_prim_loader:get_file(?D ++ "/sub/b.bin"),
    p(get_file_big, {byte_size(Big), erlang:crc32(Big)}),
    p(get_file_atom, element(1, erl_prim_loader:get_file(list_to_atom(?D ++ "/a.txt")))),
    p(get_file_missing, erl_prim_loader:get_file(?D ++ "/nope")),
    {ok, Names} = erl_prim_loader:list_dir(?D),
    p(list_dir, lists:sort(Names)),
    p(list_dir_missing, erl_prim_loader:list_dir(?D ++ "/nope")),
    p(list_dir_file, erl_prim_loader:list_dir(?D ++ "/a.txt")),
    {ok, I} = erl_prim_loader:read_file_info(?D ++ "/link"),
    p(read_file_info, {I#file_info.type, I#file_info.size}),
    {ok, LI} = erl_prim_loader:read_link_info(?D ++ "/link"),
    p(read_link_info, LI#file_info.type),
    {ok, DI} = erl_prim_loader:read_file_info(?D ++ "/sub"),
    p(read_file_info_dir, DI#file_info.type),
    p(read_file_info_missing, erl_prim_loader:read_file_info(?D ++ "/nope")),
    {ok, Cwd} = erl_prim_loader:get_cwd(),
    {ok, Cwd2} = prim_file:get_cwd(),
    p(get_cwd, Cwd =:= Cwd2),
    %% a module's object code, as the code server asks for it
    %% (the runner's ebin under the current directory; the code server is the
    %% boot's, so code:which/1 is not used)
    Beam = "ebin/" ++ atom_to_list(?MODULE) ++ ".beam",
    {ok, Code, _} = erl_prim_loader:get_file(Beam),
    <<"FOR1", Size:32, "BEAM", _/binary>> = Code,
    p(beam, {Size + 8 =:= byte_size(Code), {ok, Code} =:= prim_file:read_file(Beam)}).

%% erl_prim_loader's process, started as init starts it, if it is not there.
ensure_loader() ->
    case whereis(erl_prim_loader) of
        undefined ->
            case whereis(init) of
                undefined -> register(init, spawn(fun no_arguments/0));
                _ -> ok
            end,
            {ok, _} = erl_prim_loader:start(),
            ok;
        _ ->
            ok
    end.

%% init's get_argument/1 for a command line without flags.
no_arguments() ->
    receive
        {From, {get_argument, _}} -> From ! {init, error};
        {From, _} -> From ! {init, error}
    end,
    no_arguments().
