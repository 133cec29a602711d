%% file_raw: the file module in raw mode (no file server: kernel's
%% raw_file_io_* and prim_file in the calling process): open options,
%% read_line with read_ahead and CRLF, read/pread/pwrite lists, position,
%% truncate, copy between raw handles, compressed files (zlib), delayed
%% writes, file info through handles and [raw] paths, and errors. Works in
%% file_raw.tmp under the current directory and removes it.
-module(file_raw).
-export([main/0]).

-include_lib("kernel/include/file.hrl").

-define(D, "file_raw.tmp").

p(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

f(N) -> filename:join(?D, N).

main() ->
    fileh:in_dir(?D, fun() ->
        basics(),
        lines(),
        compressed(),
        delayed(),
        copies(),
        errors()
    end),
    p(cleaned, file:read_file_info(?D, [raw])).

basics() ->
    F = f("basic"),
    p(write_file, file:write_file(F, <<"0123456789abcdef">>, [raw])),
    {ok, H} = file:open(F, [raw, read, write, binary]),
    p(read, file:read(H, 4)),
    p(position_cur, file:position(H, {cur, 2})),
    p(read2, file:read(H, 3)),
    p(pread, file:pread(H, [{0, 2}, {14, 10}, {99, 1}])),
    p(pwrite, file:pwrite(H, [{0, <<"AB">>}, {16, "tail"}])),
    p(position_eof, file:position(H, eof)),
    p(write, file:write(H, [<<"!">>, "?"])),
    p(position_bof, file:position(H, bof)),
    p(read_all, file:read(H, 100)),
    p(read_eof, file:read(H, 1)),
    p(truncate_at, file:position(H, 10)),
    p(truncate, file:truncate(H)),
    {ok, Info} = file:read_file_info(H),
    p(handle_info, {Info#file_info.size, Info#file_info.type}),
    p(datasync, file:datasync(H)),
    p(sync, file:sync(H)),
    p(advise, file:advise(H, 0, 10, random)),
    p(allocate, file:allocate(H, 0, 64)),
    p(close, file:close(H)),
    {ok, CI} = file:read_file_info(F, [raw]),
    p(contents, {CI#file_info.size, CI#file_info.type, CI#file_info.access}),
    {ok, PI} = file:read_file_info(F, [raw, {time, posix}]),
    p(posix_times, is_integer(PI#file_info.mtime)),
    {ok, H2} = file:open(F, [raw, read]),
    p(list_read, file:read(H2, 5)),
    p(read_line_list, file:read_line(H2)),
    ok = file:close(H2),
    {ok, H3} = file:open(F, [raw, append, binary]),
    ok = file:write(H3, <<"+">>),
    ok = file:close(H3),
    {ok, All} = file:open(F, [raw, read, binary]),
    {ok, Bin} = file:read(All, 1000),
    p(appended, Bin),
    ok = file:close(All),
    p(delete, file:delete(F, [raw])),
    p(deleted, file:read_file_info(F, [raw])).

lines() ->
    F = f("lines"),
    Text = ["alpha\n", "beta\r\n", "\n", lists:duplicate(300, $g), "\n", "no newline"],
    ok = file:write_file(F, Text, [raw]),
    [begin
         {ok, H} = file:open(F, [raw, read, binary | Opt]),
         Lines = read_lines(H),
         ok = file:close(H),
         p({lines, Opt}, [{byte_size(L), binary:last(L)} || L <- Lines])
     end || Opt <- [[], [read_ahead], [{read_ahead, 4}], [{read_ahead, 1000}]]],
    {ok, H} = file:open(F, [raw, read, binary, read_ahead]),
    {ok, _} = file:read_line(H),
    p(pos_after_line, file:position(H, cur)),
    p(read_after_line, file:read(H, 4)),
    p(pread_ignores_buffer, file:pread(H, 0, 5)),
    ok = file:close(H).

read_lines(H) ->
    case file:read_line(H) of
        {ok, L} -> [L | read_lines(H)];
        eof -> []
    end.

compressed() ->
    F = f("gz"),
    Data = iolist_to_binary([integer_to_list(I) ++ "\n" || I <- lists:seq(1, 2000)]),
    {ok, W} = file:open(F, [raw, write, compressed]),
    p(gz_write, file:write(W, Data)),
    p(gz_close, file:close(W)),
    {ok, Info} = file:read_file_info(F, [raw]),
    p(gz_smaller, Info#file_info.size < byte_size(Data)),
    {ok, R} = file:open(F, [raw, read, binary, compressed]),
    p(gz_read, file:read(R, 10)),
    p(gz_line, file:read_line(R)),
    {ok, Rest} = file:read(R, 1 bsl 20),
    p(gz_rest, {byte_size(Rest), erlang:crc32(Rest)}),
    p(gz_eof, file:read(R, 1)),
    ok = file:close(R),
    {ok, Raw} = file:open(F, [raw, read, binary]),
    {ok, Magic} = file:read(Raw, 2),
    p(gz_magic, Magic),
    ok = file:close(Raw).

delayed() ->
    F = f("delayed"),
    {ok, H} = file:open(F, [raw, write, binary, {delayed_write, 100, 60000}]),
    [ok = file:write(H, integer_to_binary(I)) || I <- lists:seq(1, 50)],
    p(delayed_close, file:close(H)),
    {ok, B} = prim_file:read_file(F),
    p(delayed_contents, {byte_size(B), erlang:crc32(B)}),
    {ok, H2} = file:open(F, [raw, write, binary, delayed_write]),
    ok = file:write(H2, <<"x">>),
    p(delayed_position, file:position(H2, cur)),
    ok = file:close(H2).

copies() ->
    Src = f("src"),
    Dst = f("dst"),
    ok = file:write_file(Src, lists:duplicate(5000, $s), [raw]),
    {ok, S} = file:open(Src, [raw, read, binary]),
    {ok, D} = file:open(Dst, [raw, write, binary]),
    p(copy_part, file:copy(S, D, 1234)),
    p(copy_rest, file:copy(S, D)),
    ok = file:close(S),
    ok = file:close(D),
    {ok, I} = file:read_file_info(Dst, [raw]),
    p(copied_size, I#file_info.size).

errors() ->
    p(open_missing, file:open(f("nope"), [raw, read])),
    p(open_dir, file:open(?D, [raw, read])),
    p(open_bad_mode, file:open(f("x"), [raw, bogus_mode])),
    p(read_file_missing, prim_file:read_file(f("nope"))),
    p(info_missing, file:read_file_info(f("nope"), [raw])),
    p(link_info_missing, file:read_link_info(f("nope"), [raw])),
    p(delete_missing, file:delete(f("nope"), [raw])),
    {ok, H} = file:open(f("e"), [raw, write]),
    ok = file:close(H),
    p(read_closed, file:read(H, 1)),
    p(write_closed, file:write(H, "x")),
    p(close_closed, file:close(H)),
    {ok, R} = file:open(f("e"), [raw, read]),
    p(write_readonly, file:write(R, "x")),
    p(bad_position, file:position(R, {bof, -5})),
    p(bad_pread, file:pread(R, -1, 5)),
    ok = file:close(R),
    %% the dynamic-trace tags file.erl passes around calls to its server
    Ex = fun(F) -> try F() catch C:E -> {C, E} end end,
    p(dt, [Ex(fun() -> erlang:dt_spread_tag(true) end), Ex(fun() -> erlang:dt_spread_tag(false) end),
           Ex(fun() -> erlang:dt_spread_tag(x) end), Ex(fun() -> erlang:dt_restore_tag(true) end),
           Ex(fun() -> erlang:dt_restore_tag(false) end), Ex(fun() -> erlang:dt_get_tag() end),
           Ex(fun() -> erlang:dt_get_tag_data() end), Ex(fun() -> erlang:dt_put_tag(<<"t">>) end),
           Ex(fun() -> erlang:dt_prepend_vm_tag_data(<<"a">>) end),
           Ex(fun() -> erlang:dt_append_vm_tag_data(<<"b">>) end)]).
