%% b64 - base64 encode/decode: stdlib's base64:encode/1 and decode/1 (plain
%% Erlang binary code) round-tripping a pseudo-random binary of N bytes
%% several times, the list forms on a slice, and a hand-written encoder
%% that works 3 bytes at a time: binary construction and matching.
%% Size: bytes. Result: encoded length and hashes of the encodings.
-module(b64).
%% group: binary
-define(DEFAULT_SIZE, 3000000).
-define(ROUNDS, 3).
-include("bench.hrl").

run(N) ->
    Bin = bytes(N, 12345, []),
    rounds(?ROUNDS, Bin, N).

rounds(R, Bin, N) ->
    Results = [round1(Bin, N, I) || I <- lists:seq(1, R)],
    [First | _] = Results,
    true = lists:all(fun(X) -> X =:= First end, Results),
    First.

round1(Bin, N, _I) ->
    Enc = base64:encode(Bin),
    Bin = base64:decode(Enc),
    Enc = encode(Bin),
    Slice = binary:part(Bin, 7, min(N - 7, 30000)),
    Str = base64:encode_to_string(Slice),
    Slice = base64:decode(Str),
    {byte_size(Enc), erlang:phash2(Enc), erlang:phash2(Str)}.

bytes(0, _S, Acc) -> list_to_binary(Acc);
bytes(N, S, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    bytes(N - 1, S1, [(S1 bsr 16) band 255 | Acc]).

%% Hand-written encoder: three bytes in, four characters out, appended to
%% a growing binary (the append is done in place by both VMs' binary
%% optimisation).
encode(Bin) -> encode(Bin, <<>>).

encode(<<A:6, B:6, C:6, D:6, Rest/binary>>, Acc) ->
    encode(Rest, <<Acc/binary, (enc(A)), (enc(B)), (enc(C)), (enc(D))>>);
encode(<<A:6, B:6, C:4>>, Acc) ->
    <<Acc/binary, (enc(A)), (enc(B)), (enc(C bsl 2)), $=>>;
encode(<<A:6, B:2>>, Acc) ->
    <<Acc/binary, (enc(A)), (enc(B bsl 4)), $=, $=>>;
encode(<<>>, Acc) -> Acc.

enc(C) when C < 26 -> $A + C;
enc(C) when C < 52 -> $a + C - 26;
enc(C) when C < 62 -> $0 + C - 52;
enc(62) -> $+;
enc(63) -> $/.
