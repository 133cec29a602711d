%% OTP 25 copies whole-byte extracts of at most 64 bytes into heap binaries
%% (binary_part, binary:part/split, split_binary, bit-syntax matches);
%% longer or non-byte extracts refer to the original binary.
-module(bin_extract_copy).
-export([main/0]).
main() ->
    Large = binary:copy(<<"x">>, 1000),
    [begin
         Sub = binary:part(Large, 10, N),
         S2 = erlang:binary_part(Large, 10, N),
         <<_:10/binary, S3:N/binary, _/binary>> = Large,
         <<_:3, S4:N/bitstring, _/bitstring>> = Large,
         <<_:8, S5:N/bitstring, _/bitstring>> = Large,
         {S6, _} = split_binary(Large, N),
         io:format("~p ~p~n", [N, [binary:referenced_byte_size(X) || X <- [Sub, S2, S3, S4, S5, S6]]])
     end || N <- [0, 1, 20, 63, 64, 65, 100, 512, 513, 520]],
    [C | _] = binary:split(<<(binary:copy(<<"x">>, 10))/binary, "y", Large/binary>>, <<"y">>),
    <<_:3, S7/bitstring>> = binary:part(Large, 0, 9),
    io:format("~p~n", [[binary:referenced_byte_size(X) || X <- [C, S7]]]).
