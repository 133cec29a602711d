%% file_api: the file module through kernel's file server (file_server_2)
%% and its io servers (file_io_server), as OTP runs them over prim_file:
%% read_file/write_file, list_dir, consult/script/eval, open in the io
%% modes (io:get_line, io:format, io:get_chars, io:read, file:read_line,
%% pread/pwrite, position, encoding), copy, rename, directories, file info
%% and modes, errors with exact reasons. On erl kernel runs the server
%% already; where it does not (laser before the real boot), this program
%% starts it, answering init's get_argument requests itself if no init
%% process is registered. Works in file_api.tmp and removes it.
-module(file_api).
-export([main/0]).

-include_lib("kernel/include/file.hrl").

-define(D, "file_api.tmp").

p(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

f(N) -> filename:join(?D, N).

main() ->
    ensure_server(),
    fileh:in_dir(?D, fun() ->
        whole(),
        terms(),
        io_modes(),
        dirs()
    end),
    p(cleaned, file:read_file_info(?D)).

whole() ->
    F = f("w.txt"),
    p(write_file, file:write_file(F, ["line one\n", <<"line two\n">>])),
    p(read_file, file:read_file(F)),
    p(write_file_append, file:write_file(F, "three\n", [append])),
    p(read_again, file:read_file(F)),
    p(read_missing, file:read_file(f("nope"))),
    p(read_dir, file:read_file(?D)),
    p(write_in_missing_dir, file:write_file(f("no/x"), "x")),
    p(write_badarg, file:write_file(F, [bad])),
    {ok, I} = file:read_file_info(F),
    p(info, {I#file_info.size, I#file_info.type, I#file_info.access}),
    p(change_mode, file:change_mode(F, 8#600)),
    {ok, I2} = file:read_file_info(F),
    p(mode, I2#file_info.mode band 8#777),
    p(change_time, file:change_time(F, {{2021, 3, 4}, {5, 6, 7}})),
    {ok, I3} = file:read_file_info(F),
    p(mtime, I3#file_info.mtime),
    p(copy, file:copy(F, f("copy.txt"))),
    p(copied, file:read_file(f("copy.txt"))),
    p(copy_part, file:copy(F, f("part.txt"), 5)),
    p(copied_part, file:read_file(f("part.txt"))),
    p(rename, file:rename(f("copy.txt"), f("moved.txt"))),
    p(rename_missing, file:rename(f("copy.txt"), f("x.txt"))),
    p(delete, file:delete(f("moved.txt"))),
    p(delete_missing, file:delete(f("moved.txt"))),
    p(make_symlink, file:make_symlink("w.txt", f("sym"))),
    p(read_link, file:read_link(f("sym"))),
    {ok, LI} = file:read_link_info(f("sym")),
    p(link_info, LI#file_info.type),
    p(make_link, file:make_link(F, f("hard"))),
    {ok, HI} = file:read_file_info(F),
    p(links, HI#file_info.links).

terms() ->
    F = f("terms"),
    ok = file:write_file(F, "{a, 1}.\n[1, 2, \"three\"].\n#{k => v}.\n"),
    p(consult, file:consult(F)),
    ok = file:write_file(f("bad"), "{a, 1}.\n{oops\n"),
    p(consult_bad, file:consult(f("bad"))),
    p(consult_missing, file:consult(f("nope"))),
    ok = file:write_file(f("script"), "X = 6, Y = 7,\nX * Y.\n"),
    p(script, file:script(f("script"))),
    p(script_bindings, file:script(f("script"), [{'Z', 1}])),
    ok = file:write_file(f("eval"), "put(file_server_eval, done).\n"),
    p(eval, file:eval(f("eval"))),
    p(eval_effect, get(file_server_eval)),
    p(path_consult, file:path_consult([f("nope_dir"), ?D], "terms")).

io_modes() ->
    F = f("io.txt"),
    {ok, W} = file:open(F, [write]),
    p(io_format, io:format(W, "~p and ~s~n", [{x, 1}, "text"])),
    p(put_chars, io:put_chars(W, ["more ", <<"chars">>, $\n])),
    p(write_raw, file:write(W, "{term, 42}.\n")),
    p(position_w, file:position(W, cur)),
    p(close_w, file:close(W)),
    {ok, R} = file:open(F, [read]),
    p(get_line, io:get_line(R, "")),
    p(read_line, file:read_line(R)),
    p(io_read, io:read(R, "")),
    p(get_line_eof, io:get_line(R, "")),
    p(position_bof, file:position(R, bof)),
    p(get_chars, io:get_chars(R, "", 4)),
    p(read, file:read(R, 3)),
    p(pread, file:pread(R, 0, 5)),
    p(pread_list, file:pread(R, [{0, 2}, {1000, 1}])),
    p(close_r, file:close(R)),
    p(closed_read, catch file:read(R, 1)),
    {ok, B} = file:open(F, [read, binary]),
    p(binary_line, io:get_line(B, "")),
    p(binary_read, file:read(B, 4)),
    ok = file:close(B),
    {ok, RW} = file:open(f("rw"), [read, write]),
    p(rw_write, file:write(RW, "abcdef")),
    p(rw_pwrite, file:pwrite(RW, 2, "XY")),
    p(rw_position, file:position(RW, {bof, 1})),
    p(rw_read, file:read(RW, 4)),
    p(rw_truncate, begin {ok, 3} = file:position(RW, 3), file:truncate(RW) end),
    p(rw_sync, file:sync(RW)),
    ok = file:close(RW),
    p(rw_result, file:read_file(f("rw"))),
    U = f("u.txt"),
    {ok, UW} = file:open(U, [write, {encoding, utf8}]),
    ok = io:put_chars(UW, [233, 8364, $\n]),
    ok = file:close(UW),
    p(utf8_bytes, file:read_file(U)),
    {ok, UR} = file:open(U, [read, {encoding, utf8}]),
    p(utf8_line, io:get_line(UR, "")),
    ok = file:close(UR),
    p(open_missing, file:open(f("nope"), [read])),
    p(open_dir, file:open(?D, [read])),
    {ok, Bogus} = file:open(F, [bogus]), %% unknown options are ignored
    p(open_bad_mode, is_pid(Bogus)),
    ok = file:close(Bogus),
    %% the io server belongs to the opener: it ends with it
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() -> {ok, H} = file:open(F, [read]), Self ! {fd, H} end),
    receive {fd, Fd} -> ok end,
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    p(owner_gone, file:read(Fd, 1)).

dirs() ->
    D = f("d"),
    p(make_dir, file:make_dir(D)),
    p(make_dir_again, file:make_dir(D)),
    [ok = file:write_file(filename:join(D, N), N) || N <- ["b", "a", "c"]],
    {ok, L} = file:list_dir(D),
    p(list_dir, lists:sort(L)),
    {ok, LA} = file:list_dir_all(D),
    p(list_dir_all, lists:sort(LA)),
    p(list_dir_missing, file:list_dir(f("nope"))),
    p(del_dir_not_empty, file:del_dir(D)),
    p(del_dir_r, file:del_dir_r(D)),
    p(gone, file:read_file_info(D)),
    {ok, Cwd} = file:get_cwd(),
    p(set_cwd, file:set_cwd(?D)),
    {ok, In} = file:get_cwd(),
    p(cwd_inside, filename:basename(In)),
    p(relative_read, file:read_file("terms")),
    p(set_cwd_back, file:set_cwd(Cwd)),
    p(set_cwd_missing, file:set_cwd(f("nope"))),
    p(ensure_dir, filelib:ensure_dir(f("x/y/z/file"))),
    p(is_dir, {filelib:is_dir(f("x/y/z")), filelib:is_regular(f("terms")), filelib:is_file(f("nope"))}),
    p(wildcard, lists:sort(filelib:wildcard(?D ++ "/t*"))),
    p(file_size, filelib:file_size(f("terms"))).

%% kernel's file server, started as kernel starts it, if it is not there.
ensure_server() ->
    case whereis(file_server_2) of
        undefined ->
            case whereis(init) of
                undefined -> register(init, spawn(fun no_arguments/0));
                _ -> ok
            end,
            {ok, _} = file_server:start(),
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
