%% file_prim: OTP's prim_file (the raw file layer under file:open(F, [raw]))
%% called directly: open modes, read/write/pread/pwrite/position/truncate/
%% close, read_line over the read-ahead buffer, whole-file reads, file
%% information of files, directories and symlinks (deterministic fields),
%% directory listings, links, renames and deletions with their exact error
%% reasons, and the filename encoding BIFs. Works in file_prim.tmp under
%% the current directory and removes it.
-module(file_prim).
-export([main/0]).

-include_lib("kernel/include/file.hrl").

-define(D, "file_prim.tmp").

p(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

%% an exception as class and reason (stack traces are the VM's own)
ex(F) -> try F() catch C:R -> {C, R} end.

main() ->
    fileh:in_dir(?D, fun() ->
        handles(),
        read_lines(),
        whole_files(),
        infos(),
        dirs(),
        links(),
        names()
    end),
    p(cleaned, prim_file:read_file_info(?D)).

f(Name) -> ?D ++ "/" ++ Name.

handles() ->
    F = f("a"),
    {ok, H} = prim_file:open(F, [write, read, binary]),
    p(write, prim_file:write(H, [<<"hello ">>, "wor", [$l, <<"d">>], "\nsecond line\n"])),
    p(position_bof, prim_file:position(H, bof)),
    p(read5, prim_file:read(H, 5)),
    p(position_cur, prim_file:position(H, cur)),
    p(read_rest, prim_file:read(H, 100)),
    p(read_at_eof, prim_file:read(H, 10)),
    p(read0_at_eof, prim_file:read(H, 0)),
    p(pread, prim_file:pread(H, 6, 5)),
    p(pread_past_eof, prim_file:pread(H, 1000, 5)),
    p(pread_list, prim_file:pread(H, [{0, 5}, {18, 6}, {500, 1}])),
    p(pwrite, prim_file:pwrite(H, 0, <<"J">>)),
    p(pwrite_list, prim_file:pwrite(H, [{1, "E"}, {2, [<<"L">>]}])),
    p(pwrite_hole, prim_file:pwrite(H, 40, "end")),
    p(pread_hole, prim_file:pread(H, 30, 20)),
    p(position_eof, prim_file:position(H, {eof, -3})),
    p(read_tail, prim_file:read(H, 10)),
    p(position_abs, prim_file:position(H, 6)),
    p(truncate, prim_file:truncate(H)),
    p(position_neg, prim_file:position(H, {bof, -1})),
    p(position_bad, prim_file:position(H, {sideways, 1})),
    p(read_neg, ex(fun() -> prim_file:read(H, -1) end)),
    p(sync, prim_file:sync(H)),
    p(datasync, prim_file:datasync(H)),
    p(advise, prim_file:advise(H, 0, 0, sequential)),
    p(advise_bad, prim_file:advise(H, 0, 0, bogus)),
    p(allocate, prim_file:allocate(H, 0, 100)),
    {ok, HI} = prim_file:read_handle_info(H),
    p(handle_info, {HI#file_info.size, HI#file_info.type, HI#file_info.access}),
    p(handle_bin, is_binary(prim_file:get_handle(H))),
    p(close, prim_file:close(H)),
    p(close_again, prim_file:close(H)),
    p(read_closed, prim_file:read(H, 1)),
    p(write_closed, prim_file:write(H, <<"x">>)),
    p(contents, prim_file:read_file(F)),
    %% append, exclusive, read-only, write truncates
    {ok, A} = prim_file:open(F, [append]),
    p(append, prim_file:write(A, <<"+tail">>)),
    p(append_pos, prim_file:position(A, cur)),
    ok = prim_file:close(A),
    p(appended, prim_file:read_file(F)),
    p(exclusive_exists, prim_file:open(F, [write, exclusive])),
    {ok, X} = prim_file:open(f("x"), [exclusive]),
    ok = prim_file:close(X),
    {ok, R} = prim_file:open(F, [read]),
    p(write_readonly, prim_file:write(R, <<"no">>)),
    ok = prim_file:close(R),
    {ok, W} = prim_file:open(F, [write]),
    p(read_writeonly, prim_file:read(W, 1)),
    ok = prim_file:close(W),
    p(truncated, prim_file:read_file(F)),
    p(default_mode, element(1, prim_file:open(f("missing"), []))),
    p(open_missing, prim_file:open(f("missing"), [read])),
    p(open_dir, prim_file:open(?D, [read])),
    p(open_in_missing_dir, prim_file:open(f("no/such"), [write])),
    p(open_badarg, prim_file:open(F, bad_modes)),
    p(open_atom_name, prim_file:open(foo, [read])),
    %% read_ahead: reads come from the buffer; position accounts for it
    ok = prim_file:write_file(F, list_to_binary([integer_to_list(I) || I <- lists:seq(1, 200)])),
    {ok, RA} = prim_file:open(F, [read, binary, {read_ahead, 64}]),
    p(ra_read1, prim_file:read(RA, 3)),
    p(ra_read2, prim_file:read(RA, 100)),
    p(ra_pos, prim_file:position(RA, cur)),
    p(ra_pos_back, prim_file:position(RA, {cur, -10})),
    p(ra_read3, prim_file:read(RA, 12)),
    ok = prim_file:close(RA),
    %% a big write and read (refc binaries, several iovec rounds)
    Big = [list_to_binary(lists:duplicate(1000, C)) || C <- lists:seq($a, $z)],
    Many = [<<I>> || I <- lists:seq(0, 255)],
    ok = prim_file:write_file(F, [Big, Many]),
    {ok, BigRead} = prim_file:read_file(F),
    p(big, {byte_size(BigRead), erlang:crc32(BigRead)}),
    {ok, BH} = prim_file:open(F, [read, binary]),
    {ok, Chunk} = prim_file:read(BH, 20000),
    p(big_chunk, {byte_size(Chunk), erlang:crc32(Chunk)}),
    {ok, Chunk2} = prim_file:read(BH, 20000),
    p(big_chunk2, {byte_size(Chunk2), erlang:crc32(Chunk2)}),
    p(ipread_eof, prim_file:ipread_s32bu_p32bu(BH, 26250, 100)),
    p(read_huge, prim_file:read(BH, 1 bsl 62)),
    p(pread_huge, prim_file:pread(BH, 0, 1 bsl 62)),
    p(read_too_big, prim_file:read(BH, 1 bsl 64)),
    {ok, Short} = prim_file:pread(BH, 26000, 10000000),
    p(short_read_storage, {byte_size(Short), binary:referenced_byte_size(Short)}),
    ok = prim_file:close(BH),
    %% ipread: a pointer block <<Size:32, Pos:32>> then the data
    ok = prim_file:write_file(F, <<0, 0, 0, 5, 0, 0, 0, 12, "....hello world">>),
    {ok, IH} = prim_file:open(F, [read, binary]),
    p(ipread, prim_file:ipread_s32bu_p32bu(IH, 0, infinity)),
    p(ipread_small_max, prim_file:ipread_s32bu_p32bu(IH, 0, 4)),
    p(ipread_short, prim_file:ipread_s32bu_p32bu(IH, 15, 100)),
    ok = prim_file:close(IH),
    %% another process may not use the handle; the owner's death closes it
    {ok, OH} = prim_file:open(F, [read, binary]),
    Self = self(),
    spawn(fun() -> Self ! {other, ex(fun() -> prim_file:read(OH, 1) end)} end),
    receive {other, Other} -> p(other_process, Other) end,
    {Pid, Ref} = spawn_monitor(fun() -> {ok, H2} = prim_file:open(F, [read]), Self ! {fd, H2} end),
    receive {fd, FdOfDead} -> ok end,
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    p(orphan, prim_file:close(FdOfDead#file_descriptor{data = (FdOfDead#file_descriptor.data)#{owner => self()}})),
    ok = prim_file:close(OH).

read_lines() ->
    F = f("lines"),
    Long = lists:duplicate(700, $x),
    ok = prim_file:write_file(F, ["one\n", "two\r\n", "\n", Long, "\n", "last without newline"]),
    {ok, H} = prim_file:open(F, [read, binary]),
    Lines = read_all_lines(H),
    p(lines, [{byte_size(L), binary:part(L, max(0, byte_size(L) - 6), min(6, byte_size(L)))} || L <- Lines]),
    p(line_eof, prim_file:read_line(H)),
    ok = prim_file:close(H),
    {ok, H2} = prim_file:open(F, [read, binary, {read_ahead, 8}]),
    p(line_ra, prim_file:read_line(H2)),
    p(read_after_line, prim_file:read(H2, 3)),
    p(pos_after_line, prim_file:position(H2, cur)),
    ok = prim_file:close(H2),
    ok = prim_file:write_file(F, <<>>),
    {ok, H3} = prim_file:open(F, [read, binary]),
    p(empty_line, prim_file:read_line(H3)),
    ok = prim_file:close(H3).

read_all_lines(H) ->
    case prim_file:read_line(H) of
        {ok, L} -> [L | read_all_lines(H)];
        eof -> []
    end.

whole_files() ->
    F = f("w"),
    p(write_file, prim_file:write_file(F, ["abc", <<"def">>])),
    p(read_file, prim_file:read_file(F)),
    p(read_file_bin_name, prim_file:read_file(list_to_binary(F))),
    p(read_file_missing, prim_file:read_file(f("nope"))),
    p(read_file_dir, prim_file:read_file(?D)),
    p(read_file_badname, prim_file:read_file({bad})),
    p(write_file_dir, prim_file:write_file(?D, "x")),
    p(write_file_badarg, prim_file:write_file(F, [bad])),
    {ok, Proc} = prim_file:read_file("/proc/self/stat"),
    p(read_file_proc, byte_size(Proc) > 0),
    ok = prim_file:write_file(F, <<>>),
    p(read_empty, prim_file:read_file(F)).

infos() ->
    F = f("info"),
    ok = prim_file:write_file(F, <<"12345">>),
    ok = prim_file:make_dir(f("sub")),
    ok = prim_file:make_symlink("info", f("link")),
    ok = prim_file:write_file_info(F, #file_info{mode = 8#640, mtime = 1000000000, atime = 1000000001}, [{time, posix}]),
    {ok, I} = prim_file:read_file_info(F, [{time, posix}]),
    p(info_file, fields(I)),
    {ok, IU} = prim_file:read_file_info(F, [{time, universal}]),
    p(info_universal, {IU#file_info.mtime, IU#file_info.atime}),
    {ok, D} = prim_file:read_file_info(f("sub")),
    p(info_dir, {D#file_info.type, D#file_info.access, D#file_info.links}),
    {ok, L} = prim_file:read_file_info(f("link"), [{time, posix}]),
    p(info_link_followed, fields(L)),
    {ok, LL} = prim_file:read_link_info(f("link")),
    p(info_link, {LL#file_info.type, LL#file_info.size}),
    p(info_missing, prim_file:read_file_info(f("nope"))),
    p(info_notdir, prim_file:read_file_info(f("info/x"))),
    p(info_badname, prim_file:read_file_info([bad])),
    {ok, Dev} = prim_file:read_file_info("/dev/null"),
    p(info_device, Dev#file_info.type),
    p(set_perms, prim_file:write_file_info(F, #file_info{mode = 8#400})),
    {ok, I2} = prim_file:read_file_info(F),
    p(info_readonly, {I2#file_info.mode band 8#777}),
    ok = prim_file:write_file_info(F, #file_info{mode = 8#644}),
    p(set_missing, prim_file:write_file_info(f("nope"), #file_info{mode = 8#644})),
    {ok, #file_info{uid = Uid, gid = Gid}} = prim_file:read_file_info(F),
    p(set_owner_same, prim_file:write_file_info(F, #file_info{uid = Uid, gid = Gid})),
    p(set_owner_uid_only, prim_file:write_file_info(F, #file_info{uid = Uid})),
    p(set_owner_missing, prim_file:write_file_info(f("nope"), #file_info{uid = Uid})),
    p(set_bad_mode, prim_file:write_file_info(F, #file_info{mode = bad})),
    p(set_time_local, prim_file:write_file_info(F, #file_info{mtime = {{2020, 1, 2}, {3, 4, 5}}})),
    {ok, I3} = prim_file:read_file_info(F),
    p(time_local, I3#file_info.mtime).

fields(#file_info{size = S, type = T, access = A, atime = At, mtime = Mt, mode = M, links = N}) ->
    {S, T, A, At, Mt, M band 8#7777, N}.

dirs() ->
    D = f("dir"),
    p(make_dir, prim_file:make_dir(D)),
    p(make_dir_again, prim_file:make_dir(D)),
    p(make_dir_missing_parent, prim_file:make_dir(f("no/dir"))),
    [ok = prim_file:write_file(D ++ "/" ++ N, N) || N <- ["c", "a", "b", "é"]],
    {ok, Names} = prim_file:list_dir(D),
    p(list_dir, lists:sort(Names)),
    {ok, AllNames} = prim_file:list_dir_all(D),
    p(list_dir_all, lists:sort(AllNames)),
    %% a name that is not UTF-8: list_dir_all gives its bytes (list_dir
    %% would log a warning and skip it)
    Raw = <<(list_to_binary(D))/binary, "/raw", 255>>,
    ok = prim_file:write_file(Raw, "r"),
    {ok, RawNames} = prim_file:list_dir_all(D),
    p(list_dir_all_raw, lists:sort(RawNames)),
    p(read_raw_name, prim_file:read_file(Raw)),
    p(delete_raw_name, prim_file:delete(Raw)),
    p(list_dir_missing, prim_file:list_dir(f("nope"))),
    p(list_dir_file, prim_file:list_dir(D ++ "/a")),
    p(del_dir_not_empty, prim_file:del_dir(D)),
    p(del_dir_file, prim_file:del_dir(D ++ "/a")),
    p(del_dir_missing, prim_file:del_dir(f("nope"))),
    p(delete_dir, prim_file:delete(D)),
    p(delete_missing, prim_file:delete(f("nope"))),
    p(rename, prim_file:rename(D ++ "/a", D ++ "/z")),
    p(rename_missing, prim_file:rename(D ++ "/a", D ++ "/y")),
    p(rename_over_dir, prim_file:rename(D ++ "/z", D)),
    ok = prim_file:make_dir(f("dir2")),
    ok = prim_file:write_file(f("dir2/x"), "x"),
    p(rename_dir_over_nonempty, prim_file:rename(D, f("dir2"))),
    {ok, After} = prim_file:list_dir(D),
    p(after_rename, lists:sort(After)),
    [ok = prim_file:delete(D ++ "/" ++ N) || N <- After],
    p(del_dir, prim_file:del_dir(D)),
    {ok, Cwd} = prim_file:get_cwd(),
    p(set_cwd, prim_file:set_cwd(?D)),
    {ok, Cwd2} = prim_file:get_cwd(),
    p(cwd_changed, lists:suffix("/" ++ ?D, Cwd2)),
    p(del_cwd, prim_file:del_dir(".")),
    p(set_cwd_back, prim_file:set_cwd(Cwd)),
    p(set_cwd_missing, prim_file:set_cwd(f("nope"))),
    p(set_cwd_file, prim_file:set_cwd(f("dir2/x"))),
    p(get_cwd_drive, prim_file:get_cwd("c:")),
    p(get_cwd_bad, prim_file:get_cwd("abc")),
    p(altname, prim_file:altname(?D)).

links() ->
    F = f("target"),
    ok = prim_file:write_file(F, "data"),
    p(hard_link, prim_file:make_link(F, f("hard"))),
    p(hard_link_exists, prim_file:make_link(F, f("hard"))),
    p(hard_link_missing, prim_file:make_link(f("nope"), f("hard2"))),
    {ok, I} = prim_file:read_file_info(F),
    p(links_after_hard, I#file_info.links),
    p(symlink, prim_file:make_symlink("target", f("soft"))),
    p(symlink_exists, prim_file:make_symlink("target", f("soft"))),
    p(read_link, prim_file:read_link(f("soft"))),
    p(read_link_all, prim_file:read_link_all(f("soft"))),
    p(read_link_not_link, prim_file:read_link(F)),
    p(read_link_missing, prim_file:read_link(f("nope"))),
    p(read_through_link, prim_file:read_file(f("soft"))),
    ok = prim_file:make_symlink("nowhere", f("dangling")),
    p(dangling_info, prim_file:read_file_info(f("dangling"))),
    p(dangling_link_info, element(3, element(2, prim_file:read_link_info(f("dangling"))))).

names() ->
    p(name_list, prim_file:internal_name2native("abc")),
    p(name_bin, prim_file:internal_name2native(<<"abc">>)),
    p(name_deep, prim_file:internal_name2native(["ab", [$c, "d"]])),
    p(name_unicode, prim_file:internal_name2native([$a, 233, 8364])),
    p(name_nul, ex(fun() -> prim_file:internal_name2native("a\0b") end)),
    p(name_bin_nul, ex(fun() -> prim_file:internal_name2native(<<"a", 0, "b">>) end)),
    p(name_atom, ex(fun() -> prim_file:internal_name2native(abc) end)),
    p(name_bin_in_list, ex(fun() -> prim_file:internal_name2native(["ab", <<"c">>]) end)),
    p(native_ok, prim_file:internal_native2name(<<"abc">>)),
    p(native_utf8, prim_file:internal_native2name(<<"h", 195, 169>>)),
    p(native_bad, prim_file:internal_native2name(<<255>>)),
    p(native_list, ex(fun() -> prim_file:internal_native2name("abc") end)),
    p(translatable, [prim_file:is_translatable(<<"ok">>), prim_file:is_translatable(<<255>>)]),
    p(translatable_list, ex(fun() -> prim_file:is_translatable("abc") end)),
    %% NIFs are not BIFs in OTP; the filename functions are
    p(is_builtin, [{M, F, A, erlang:is_builtin(M, F, A)}
                   || {M, F, A} <- [{prim_file, open_nif, 2}, {prim_file, read_file_nif, 1},
                                    {prim_file, internal_name2native, 1}, {prim_file, is_translatable, 1},
                                    {prim_buffer, new, 0}, {prim_buffer, write, 2}, {os, getenv, 1},
                                    {os, env, 0}, {os, getenv, 0}, {os, set_signal, 2},
                                    {erlang, dt_spread_tag, 1}]]).
