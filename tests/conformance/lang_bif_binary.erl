%% Binary BIFs: byte_size, bit_size, binary_part/2,3 (negative lengths),
%% split_binary, list_to_binary, iolist_to_binary, iolist_size,
%% binary_to_list/1,3, bitstring_to_list, list_to_bitstring,
%% binary:copy/bin_to_list/referenced_byte_size, and errors.
-module(lang_bif_binary).
-export([main/0]).

id(X) -> X.
t(F) -> try F() catch C:R:S -> {C, R, hd(S)} end.

main() ->
    B = id(<<"0123456789">>),
    io:format("~p~n", [{byte_size(B), bit_size(B), byte_size(<<1:9>>), bit_size(<<1:9>>)}]),
    io:format("~p~n", [[binary_part(B, P, L) || {P, L} <- [{0, 0}, {0, 10}, {3, 4}, {10, 0}, {10, -3}, {5, -5}]]]),
    io:format("~p~n", [[binary_part(B, {P, L}) || {P, L} <- [{2, 2}, {9, -9}]]]),
    io:format("~p~n", [[t(fun() -> binary_part(B, P, L) end) || {P, L} <- [{0, 11}, {11, 0}, {-1, 1}, {5, -6}, {a, 1}]]]),
    io:format("~p~n", [[t(fun() -> binary_part(id(<<1:9>>), 0, 1) end)]]),
    io:format("~p~n", [[split_binary(B, N) || N <- [0, 5, 10]]]),
    io:format("~p~n", [{list_to_binary([]), list_to_binary([[], [[]], <<>>]), list_to_binary([$a, [$b, [<<"c">>]] | <<"d">>])}]),
    io:format("~p~n", [[t(fun() -> list_to_binary(id(X)) end) || X <- [a, [a], [1 | 2], [256], [<<1:1>>]]]]),
    io:format("~p~n", [{iolist_size([]), iolist_size([1, [2, <<3, 4>>] | <<5>>]), iolist_to_binary(<<"x">>)}]),
    io:format("~p~n", [[t(fun() -> iolist_size(id(X)) end) || X <- [a, [1.0], [<<1:1>>]]]]),
    io:format("~p~n", [{binary_to_list(B), binary_to_list(B, 2, 4), bitstring_to_list(<<1, 2, 3:2>>), list_to_bitstring([1, <<2:3>>])}]),
    io:format("~p~n", [[t(fun() -> binary_to_list(B, S, E) end) || {S, E} <- [{0, 1}, {3, 2}, {1, 11}]]]),
    io:format("~p~n", [{binary:copy(<<"ab">>, 3), binary:copy(<<>>, 5), binary:bin_to_list(B, {2, 3}), binary:list_to_bin([1, <<2>>])}]),
    Large = binary:copy(<<"x">>, 1000),
    Sub = binary:part(Large, 10, 20),
    io:format("~p~n", [{binary:referenced_byte_size(binary:copy(Sub)), byte_size(Sub)}]),
    io:format("~p~n", [{binary:first(B), binary:last(B), binary:at(B, 4), t(fun() -> binary:at(B, 10) end)}]),
    io:format("~p~n", [{binary:match(B, <<"45">>), binary:matches(<<"abcabc">>, <<"bc">>), binary:split(<<"a,b,,c">>, <<",">>, [global])}]),
    io:format("~p~n", [{binary:replace(<<"aXbXc">>, <<"X">>, <<"--">>, [global]), binary:longest_common_prefix([<<"abcd">>, <<"abxy">>])}]),
    io:format("~p~n", [{binary:encode_unsigned(1 bsl 70), binary:decode_unsigned(<<1, 0, 0>>), binary:decode_unsigned(<<1, 0>>, little)}]).
