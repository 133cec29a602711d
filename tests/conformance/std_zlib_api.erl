%% std_zlib_api: the one-shot zlib functions (compress/uncompress, zip/
%% unzip, gzip/gunzip) and a stream with deflateInit/2,6 parameters
%% (levels, raw/zlib/gzip windows, strategies), inflate/2 chunks, crc32/
%% adler32 and their combine forms, set_controlling_process-free use,
%% and errors on corrupt data.
-module(std_zlib_api).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Data = iolist_to_binary([integer_to_list(I) ++ " lorem ipsum dolor sit amet\n" || I <- lists:seq(1, 300)]),
    t(compress, fun() -> C = zlib:compress(Data), {byte_size(C) < byte_size(Data), zlib:uncompress(C) =:= Data, binary:part(C, 0, 2)} end),
    t(zip, fun() -> C = zlib:zip(Data), {zlib:unzip(C) =:= Data, byte_size(C) < byte_size(Data)} end),
    t(gzip, fun() -> C = zlib:gzip(Data), {zlib:gunzip(C) =:= Data, binary:part(C, 0, 3)} end),
    t(empty, fun() -> {zlib:uncompress(zlib:compress(<<>>)), zlib:unzip(zlib:zip(<<>>)), zlib:gunzip(zlib:gzip(<<>>)), zlib:compress(<<>>)} end),
    t(iolist_in, fun() -> zlib:uncompress(zlib:compress(["ab", <<"cd">>, [$e]])) end),
    t(deterministic, fun() -> {zlib:compress(<<"hello hello hello">>), zlib:zip(<<"abcabcabc">>)} end),
    t(uncompress_bad, fun() -> zlib:uncompress(<<"not zlib data">>) end),
    t(gunzip_bad, fun() -> zlib:gunzip(<<31, 139, 8, 0, 1, 2, 3>>) end),
    t(unzip_bad, fun() -> zlib:unzip(<<255, 255, 255>>) end),
    t(truncated, fun() -> C = zlib:compress(Data), zlib:uncompress(binary:part(C, 0, byte_size(C) - 10)) end),
    t(levels, fun() -> [begin Z = zlib:open(), ok = zlib:deflateInit(Z, L), C = iolist_to_binary(zlib:deflate(Z, Data, finish)), zlib:deflateEnd(Z), zlib:close(Z),
                              {L, zlib:uncompress(C) =:= Data} end || L <- [none, best_speed, best_compression, default, 0, 1, 9]] end),
    t(params, fun() -> [begin Z = zlib:open(), ok = zlib:deflateInit(Z, default, deflated, W, 8, St), C = iolist_to_binary(zlib:deflate(Z, Data, finish)),
                              zlib:deflateEnd(Z), zlib:close(Z), {W, St, byte_size(C) > 0, inflate_with(W, C) =:= Data}
                        end || W <- [-15, 15, 31, -9, 9], St <- [default, filtered, huffman_only, rle]] end),
    t(chunks, fun() -> Z = zlib:open(), ok = zlib:deflateInit(Z), C1 = zlib:deflate(Z, binary:part(Data, 0, 1000)), C2 = zlib:deflate(Z, binary:part(Data, 1000, byte_size(Data) - 1000), full),
                       C3 = zlib:deflate(Z, <<>>, finish), zlib:deflateEnd(Z), zlib:close(Z),
                       zlib:uncompress(iolist_to_binary([C1, C2, C3])) =:= Data end),
    t(inflate_pieces, fun() -> C = zlib:compress(Data), Z = zlib:open(), ok = zlib:inflateInit(Z),
                               Out = [zlib:inflate(Z, binary:part(C, I, min(100, byte_size(C) - I))) || I <- lists:seq(0, byte_size(C) - 1, 100)],
                               zlib:inflateEnd(Z), zlib:close(Z), iolist_to_binary(Out) =:= Data end),
    t(checksums, fun() -> {erlang:crc32(Data), erlang:adler32(Data), zlib:crc32(zlib:open(), Data) =:= erlang:crc32(Data), erlang:crc32(<<>>),
                           erlang:crc32(erlang:crc32(<<"abc">>), <<"def">>) =:= erlang:crc32(<<"abcdef">>),
                           erlang:crc32_combine(erlang:crc32(<<"abc">>), erlang:crc32(<<"def">>), 3) =:= erlang:crc32(<<"abcdef">>),
                           erlang:adler32_combine(erlang:adler32(<<"abc">>), erlang:adler32(<<"def">>), 3) =:= erlang:adler32(<<"abcdef">>)} end),
    t(crc_bad, fun() -> erlang:crc32(atom) end),
    t(closed_stream, fun() -> Z = zlib:open(), zlib:close(Z), zlib:deflateInit(Z) end),
    t(not_init, fun() -> Z = zlib:open(), R = stdh:run(fun() -> zlib:deflate(Z, <<"x">>) end), zlib:close(Z), R end),
    ok.

inflate_with(W, C) ->
    Z = zlib:open(),
    ok = zlib:inflateInit(Z, W),
    Out = iolist_to_binary(zlib:inflate(Z, C)),
    zlib:inflateEnd(Z),
    zlib:close(Z),
    Out.
