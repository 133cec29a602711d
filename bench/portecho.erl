%% portecho - bytes through a spawn port and back: a writer process streams
%% 64 KB blocks into `cat` (suspended while the port is busy) while the
%% port's owner takes them back; then small {packet, 2} requests, each
%% answered (echoed) before the next. Size: 64 KB blocks; Size * 4 round
%% trips. Result: bytes back, their CRC-32, the round trips' sum.
-module(portecho).
%% group: io
-define(DEFAULT_SIZE, 4000).
-include("bench.hrl").

run(N) ->
    P = open_port({spawn, "cat"}, [binary, stream]),
    Block = list_to_binary([X band 255 || X <- lists:seq(1, 65536)]),
    spawn_link(fun() -> [port_command(P, Block) || _ <- lists:seq(1, N)] end),
    {Bytes, Crc} = drain(P, N * 65536, 0, 0),
    port_close(P),
    Q = open_port({spawn, "cat"}, [binary, {packet, 2}]),
    Sum = trips(Q, N * 4, 0),
    port_close(Q),
    {Bytes, Crc, Sum}.

drain(_P, 0, Bytes, Crc) -> {Bytes, Crc};
drain(P, Left, Bytes, Crc) ->
    receive
        {P, {data, D}} -> drain(P, Left - byte_size(D), Bytes + byte_size(D), erlang:crc32(Crc, D))
    end.

trips(_Q, 0, Sum) -> Sum;
trips(Q, K, Sum) ->
    port_command(Q, <<K:32, 0:640>>),
    receive
        {Q, {data, <<V:32, _/binary>>}} -> trips(Q, K - 1, (Sum + V) band 16#FFFFFFF)
    end.
