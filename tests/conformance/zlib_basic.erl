%% PENDING: rename to zlib_basic.erl (the suite runs *.erl) once the interpreter binds
%% NIF stubs (nif_start) to BIFs; see runtime/bif/zlib.c. Verified equal to erl
%% (plain and GC stress) with that change applied.
%% zlib_basic: zlib:compress/uncompress, zip/unzip, gzip/gunzip on inputs
%% from empty to 1 MB, as binaries and as deep iolists; results printed as
%% sizes, checksums and leading bytes so that erl and laser compare them.
-module(zlib_basic).
-export([main/0]).

data(0) -> <<>>;
data(N) -> data(N, 16#2545F491, []).
data(0, _, Acc) -> list_to_binary(Acc);
data(N, X, Acc) ->
    X1 = (X * 1103515245 + 12345) band 16#7FFFFFFF,
    B = case X1 rem 7 of 0 -> X1 band 255; _ -> element(1 + (X1 bsr 16) rem 9, {$a,$b,$c,$d,$e,$f,$g,$h,$\s}) end,
    data(N - 1, X1, [B | Acc]).

show(Tag, Bin) when is_binary(Bin) ->
    io:format("~p: ~p bytes crc ~p head ~w~n",
              [Tag, byte_size(Bin), erlang:crc32(Bin), binary:part(Bin, 0, min(12, byte_size(Bin)))]).

main() ->
    lists:foreach(fun run/1, [0, 1, 5, 100, 8191, 8192, 8193, 16385, 70000, 1 bsl 20]),
    Io = [<<"abc">>, [$d, [<<"efg">> | <<"hij">>]], lists:duplicate(300, $k)],
    show(iolist_compress, zlib:compress(Io)),
    show(iolist_zip, zlib:zip(Io)),
    show(iolist_gzip, zlib:gzip(Io)),
    io:format("~p~n", [zlib:uncompress(zlib:compress(Io)) =:= iolist_to_binary(Io)]),
    io:format("~p~n", [zlib:uncompress([zlib:compress(<<"split">>)]) ]),
    %% gunzip of concatenated members (inflateInit/3 with reset)
    io:format("~p~n", [zlib:gunzip([zlib:gzip(<<"one ">>), zlib:gzip(<<"two">>)])]),
    %% errors
    C = zlib:compress(data(5000)),
    Bad = <<(binary:part(C, 0, 2))/binary, 255, (binary:part(C, 3, byte_size(C) - 3))/binary>>,
    err(fun() -> zlib:uncompress(Bad) end),
    err(fun() -> zlib:uncompress(<<1,2,3>>) end),
    err(fun() -> zlib:uncompress(binary:part(C, 0, byte_size(C) div 2)) end),
    err(fun() -> zlib:unzip(<<255,255,255,255,255,255,255,255>>) end),
    err(fun() -> zlib:gunzip(<<"not gzip at all">>) end),
    err(fun() -> zlib:compress(foo) end),
    err(fun() -> zlib:zip([1, 2 | bar]) end),
    err(fun() -> zlib:uncompress(foo) end),
    ok.

%% the class and reason only: stack traces are not compared here
err(F) -> io:format("~p~n", [try F() catch C:R -> {C, R} end]).

run(N) ->
    D = data(N),
    C = zlib:compress(D),
    Z = zlib:zip(D),
    G = zlib:gzip(D),
    show({compress, N}, C),
    show({zip, N}, Z),
    show({gzip, N}, G),
    io:format("~p~n", [{N, zlib:uncompress(C) =:= D, zlib:unzip(Z) =:= D, zlib:gunzip(G) =:= D}]).
