%% bitsyntax - build a binary of N variable-length records with bit-level
%% fields (4- and 12-bit fields, little-endian and signed integers, a
%% length-prefixed payload, a 32-bit float) and parse it back with binary
%% pattern matching, several times: bit-syntax construction, matching and
%% sub-binaries. Size: number of records.
%% Result: record count and sums of the parsed fields.
-module(bitsyntax).
%% group: binary
-define(DEFAULT_SIZE, 300000).
-define(ROUNDS, 12).
-include("bench.hrl").

run(N) ->
    Bin = iolist_to_binary(records(N, 99, [])),
    rounds(?ROUNDS, Bin, none).

rounds(0, _Bin, Result) -> Result;
rounds(R, Bin, _) ->
    Result = parse(Bin, 0, 0, 0, 0),
    rounds(R - 1, Bin, Result).

%% One record:
%%   Kind:4, Flags:4, Id:12, Pad:4, Temp:16/signed-little, Len:8,
%%   Payload:Len bytes, Ratio:32/float, Crc:8 (xor of the payload bytes)
records(0, _S, Acc) -> Acc;
records(N, S, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    Len = S1 rem 23,
    Payload = << <<((S1 bsr 3 + I * 7) band 255)>> || I <- lists:seq(1, Len) >>,
    Crc = crc(Payload, 0),
    Temp = (S1 rem 2001) - 1000,
    Ratio = (S1 rem 1000) / 8,
    Rec = <<(S1 band 15):4, (N band 15):4, (N band 4095):12, 0:4,
            Temp:16/signed-little, Len:8, Payload/binary, Ratio:32/float, Crc:8>>,
    records(N - 1, S1, [Rec | Acc]).

crc(<<B, Rest/binary>>, C) -> crc(Rest, C bxor B);
crc(<<>>, C) -> C.

parse(<<Kind:4, Flags:4, Id:12, 0:4, Temp:16/signed-little, Len:8,
        Payload:Len/binary, Ratio:32/float, Crc:8, Rest/binary>>,
      Count, Sum, TSum, RSum) ->
    Crc = crc(Payload, 0),
    PSum = lists:sum(binary_to_list(Payload)),
    parse(Rest, Count + 1,
          (Sum + Kind * 3 + Flags + Id + PSum) band 16#FFFFFFF,
          TSum + Temp, RSum + trunc(Ratio * 8));
parse(<<>>, Count, Sum, TSum, RSum) -> {Count, Sum, TSum, RSum}.
