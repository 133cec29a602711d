%% file_prim_buffer: OTP's prim_buffer (the byte queue behind prim_file's
%% read-ahead and read_line) called directly: writes of iovecs, reads that
%% copy or share, skips, byte searches, the external lock, and badarg for
%% sizes past the end and for terms that are no buffer.
-module(file_prim_buffer).
-export([main/0]).

p(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

ex(F) -> try F() catch C:R -> {C, R} end.

main() ->
    B = prim_buffer:new(),
    p(is_ref, is_reference(B)),
    p(size0, prim_buffer:size(B)),
    p(find_empty, prim_buffer:find_byte_index(B, $a)),
    p(peek_empty, ex(fun() -> prim_buffer:read_iovec(B, 100) end)),
    p(write, prim_buffer:write(B, [<<"hello">>, <<" ">>, <<"world\n">>])),
    p(size, prim_buffer:size(B)),
    p(find_nl, prim_buffer:find_byte_index(B, $\n)),
    p(find_o, prim_buffer:find_byte_index(B, $o)),
    p(find_missing, prim_buffer:find_byte_index(B, $z)),
    p(read3, prim_buffer:read(B, 3)),
    p(skip2, prim_buffer:skip(B, 2)),
    p(read_rest, prim_buffer:read(B, prim_buffer:size(B))),
    p(size_after, prim_buffer:size(B)),
    %% big writes: read_iovec shares the head chunk
    Big = list_to_binary([lists:duplicate(5000, C) || C <- "abcdefghij"]),
    ok = prim_buffer:write(B, [Big]),
    ok = prim_buffer:write(B, [<<"tail">>]),
    p(big_size, prim_buffer:size(B)),
    V = prim_buffer:read_iovec(B, 20000),
    p(iovec, {iolist_size(V), erlang:crc32(V)}),
    p(find_after, prim_buffer:find_byte_index(B, $t)),
    R = prim_buffer:read(B, prim_buffer:size(B)),
    p(rest, {byte_size(R), erlang:crc32(R)}),
    %% many small writes, then reads that cross their boundaries
    [ok = prim_buffer:write(B, [integer_to_binary(I), <<",">>]) || I <- lists:seq(1, 3000)],
    p(small_size, prim_buffer:size(B)),
    p(small_find, prim_buffer:find_byte_index(B, $9)),
    p(small_read, prim_buffer:read(B, 30)),
    Mid = prim_buffer:read(B, 5000),
    p(small_mid, {byte_size(Mid), erlang:crc32(Mid)}),
    p(wipe, prim_buffer:wipe(B)),
    p(wiped, prim_buffer:size(B)),
    %% errors
    p(read_past, ex(fun() -> prim_buffer:read(B, 1) end)),
    p(skip_past, ex(fun() -> prim_buffer:skip(B, 1) end)),
    p(read_neg, ex(fun() -> prim_buffer:read(B, -1) end)),
    p(write_not_iovec, ex(fun() -> prim_buffer:write(B, <<"x">>) end)),
    p(write_chars, ex(fun() -> prim_buffer:write(B, ["x"]) end)),
    p(write_bits, ex(fun() -> prim_buffer:write(B, [<<1:3>>]) end)),
    p(after_bad_writes, prim_buffer:size(B)),
    p(find_bad, ex(fun() -> prim_buffer:find_byte_index(B, 256) end)),
    p(not_buffer, ex(fun() -> prim_buffer:size(make_ref()) end)),
    p(not_buffer_atom, ex(fun() -> prim_buffer:size(foo) end)),
    %% the external lock
    p(lock, prim_buffer:try_lock(B)),
    p(lock_again, prim_buffer:try_lock(B)),
    p(unlock, prim_buffer:unlock(B)),
    p(unlock_again, ex(fun() -> prim_buffer:unlock(B) end)),
    %% unaligned binaries are bytes too
    <<_:3, Unaligned:4/binary, _:5>> = <<"xabcd">>,
    ok = prim_buffer:write(B, [Unaligned]),
    p(unaligned, prim_buffer:read(B, 4)),
    %% another process may use it (OTP leaves exclusion to try_lock)
    Self = self(),
    spawn(fun() -> Self ! {done, prim_buffer:write(B, [<<"from other">>])} end),
    receive {done, W} -> p(other_write, W) end,
    p(other_read, prim_buffer:read(B, prim_buffer:size(B))).
