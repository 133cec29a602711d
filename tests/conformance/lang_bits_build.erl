%% Binary construction: binary and bitstring segments with and without
%% sizes, unit, appending in loops (the append optimisation), sizes that do
%% not fit the value, bitstrings that are not whole bytes, and the errors
%% of bad segments; huge binaries, split_binary, and refc sub-binaries.
-module(lang_bits_build).
-export([main/0]).

id(X) -> X.

acc(0, B) -> B;
acc(N, B) -> acc(N - 1, <<B/binary, (N rem 256)>>).

bacc(0, B) -> B;
bacc(N, B) -> bacc(N - 1, <<B/bits, (N band 1):1>>).

main() ->
    B = id(<<"hello">>),
    io:format("~p~n", [{<<B/binary, " world">>, <<B:2/binary>>, <<B:3/binary-unit:8>>, <<B/bits, 1:1>>}]),
    io:format("~p~n", [[catch <<(id(B)):10/binary>>, catch <<(id(<<1:1>>))/binary>>, catch <<(id(x))/binary>>]]),
    io:format("~p~n", [{<<1:3, 2:5>>, <<1:3, 2:6>>, <<(id(<<1:3>>))/bits, (id(<<2:5>>))/bits>>, <<>>}]),
    A = acc(100000, <<>>),
    io:format("~p~n", [{byte_size(A), binary:first(A), binary:last(A), erlang:md5(A)}]),
    Bits = bacc(1001, <<>>),
    io:format("~p~n", [{bit_size(Bits), byte_size(Bits), Bits =:= bacc(1001, <<>>)}]),
    Huge = binary:copy(<<1, 2, 3, 4, 5, 6, 7, 8>>, 2000000),
    io:format("~p~n", [{byte_size(Huge), erlang:crc32(Huge)}]),
    {H1, H2} = split_binary(Huge, 8000001),
    io:format("~p~n", [{byte_size(H1), byte_size(H2), binary:at(H2, 0), binary:at(H1, 8000000)}]),
    Joined = <<H1/binary, H2/binary>>,
    io:format("~p~n", [Joined =:= Huge]),
    Parts = [binary:part(Huge, I * 1000, 10) || I <- lists:seq(0, 9)],
    io:format("~p~n", [Parts]),
    io:format("~p~n", [[lang_util:trim(catch split_binary(id(<<1, 2>>), N)) || N <- [0, 2, 3, -1]]]),
    io:format("~p~n", [{list_to_binary([1, [2, <<3>>], <<>>, "ab"]), list_to_bitstring([<<1:3>>, 1, <<2:5>>]),
                        iolist_to_binary([<<"a">>, [$b | <<"c">>]]), iolist_size([1, <<2, 3>>, [[4]]])}]),
    io:format("~p~n", [{bit_size(<<1:13>>), byte_size(<<1:13>>), bit_size(<<>>), is_binary(<<1:8>>), is_binary(<<1:9>>)}]),
    io:format("~p~n", [{bitstring_to_list(<<1, 2, 3:3>>), binary_to_list(<<"abc">>, 2, 3), binary_to_list(<<>>)}]),
    io:format("~p~n", [[catch binary_to_list(id(<<1:3>>)), catch list_to_binary(id([1 | 2])), catch list_to_binary(id([-1]))]]),
    L = [<<I:32>> || I <- lists:seq(1, 10000)],
    io:format("~p~n", [erlang:md5(iolist_to_binary(L))]),
    io:format("~p~n", [<<(id(3)):4/integer-unit:2, 1.5/float, "x", (id(<<9>>))/binary, $a/utf8>>]).
