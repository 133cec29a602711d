%% Binary and bitstring comprehensions: binary results from list and
%% binary generators, segment sizes in the template, bitstring (non-byte)
%% results, filters, nested generators, and large results.
-module(lang_bincomp).
-export([main/0]).

id(X) -> X.

main() ->
    io:format("~p~n", [<< <<X>> || X <- [1, 2, 3] >>]),
    io:format("~p~n", [<< <<(X * 2):16>> || X <- lists:seq(1, 5) >>]),
    io:format("~p~n", [<< <<X:4>> || <<X:8>> <= <<1, 2, 3, 15>> >>]),
    io:format("~p~n", [<< <<B:1>> || B <- [1, 0, 1, 1, 0] >>]),
    io:format("~p~n", [<< <<X:3, Y:5>> || X <- [1, 2], Y <- [3, 4] >>]),
    io:format("~p~n", [<< <<C>> || <<C>> <= <<"Hello World">>, C =/= $o >>]),
    io:format("~p~n", [<< <<(C - 32)>> || <<C>> <= <<"upper">> >>]),
    io:format("~p~n", [<< <<X/utf8>> || X <- [$a, 233, 8364, 128512] >>]),
    io:format("~p~n", [<< <<X:16/little>> || <<X:16/big>> <= <<1, 2, 3, 4, 5>> >>]),
    io:format("~p~n", [<< <<Bin/binary, ",">> || Bin <- [<<"a">>, <<"bc">>, <<>>] >>]),
    io:format("~p~n", [<< <<Bits/bitstring>> || Bits <- [<<1:3>>, <<2:5>>, <<3:7>>] >>]),
    io:format("~p~n", [<< <<X:8/signed>> || X <- [-1, -128, 127] >>]),
    io:format("~p~n", [<< <<F:32/float>> || F <- [1.0, -2.5] >>]),
    Big = << <<(X band 255)>> || X <- lists:seq(1, 100000) >>,
    io:format("~p~n", [{byte_size(Big), binary:at(Big, 99999), erlang:crc32(Big)}]),
    Rev = << <<X>> || <<X>> <= Big, X > 250 >>,
    io:format("~p~n", [{byte_size(Rev), binary:part(Rev, 0, 5)}]),
    Bits = << <<X:1>> || <<X:1>> <= <<16#A5, 16#5A, 1:3>> >>,
    io:format("~p~n", [{Bits, bit_size(Bits)}]),
    io:format("~p~n", [[X || <<X:16>> <= <<1, 2, 3>>]]),
    io:format("~p~n", [try << <<X>> || X <- [1, a] >> catch C:R -> {C, R} end]),
    io:format("~p~n", [try << <<X:(id(-1))>> || X <- [1] >> catch C2:R2 -> {C2, R2} end]),
    io:format("~p~n", [<< <<X:N>> || {X, N} <- [{1, 1}, {2, 2}, {3, 3}, {255, 8}, {1, 0}] >>]).
