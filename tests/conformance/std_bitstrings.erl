%% std_bitstrings: the erlang BIFs on binaries and bitstrings that the
%% standard library builds on: bit_size/byte_size, bitstring_to_list,
%% list_to_bitstring, split_binary, binary_part, iolist_size/
%% iolist_to_binary on deep mixes, binary_to_list/3, the bit syntax on
%% unaligned data, and the badargs.
-module(std_bitstrings).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Bs = [<<>>, <<1>>, <<1:1>>, <<255, 7:3>>, <<"abc", 1:7>>, <<0:64>>, <<-1:65>>],
    [t({sizes, I}, fun() -> {bit_size(B), byte_size(B), bitstring_to_list(B), list_to_bitstring(bitstring_to_list(B)) =:= B, is_binary(B), is_bitstring(B)} end)
     || {I, B} <- lists:zip(lists:seq(1, length(Bs)), Bs)],
    t(list_to_bitstring, fun() -> [list_to_bitstring(L) || L <- [[], [<<1:1>>, <<1:1>>], [1, <<2:4>>, [<<3:4>>]], [<<"a">>, [[<<1:3>>]]]]] end),
    t(list_to_bitstring_bad, fun() -> list_to_bitstring([<<1:1>> | 2]) end),
    t(list_to_binary_bits, fun() -> list_to_binary([<<1:1>>]) end),
    t(split, fun() -> [split_binary(<<"hello">>, N) || N <- [0, 2, 5]] end),
    t(split_bad, fun() -> split_binary(<<"hi">>, 3) end),
    t(split_bits, fun() -> split_binary(<<1:9>>, 1) end),
    t(part, fun() -> [binary_part(<<"hello">>, P, L) || {P, L} <- [{0, 5}, {1, 2}, {5, 0}, {5, -2}, {3, -3}]] end),
    t(part_bad, fun() -> binary_part(<<"hello">>, 4, 2) end),
    t(iolist, fun() -> D = [<<"ab">>, $c, [[<<"de">>], [], $f], <<>>], {iolist_size(D), iolist_to_binary(D), erlang:iolist_to_iovec(D)} end),
    t(iolist_bad, fun() -> iolist_size([<<1:1>>]) end),
    t(iolist_bad2, fun() -> iolist_to_binary([256]) end),
    t(iolist_bad3, fun() -> iolist_to_binary([a]) end),
    t(b2l3, fun() -> [binary_to_list(<<"hello">>, S, E) || {S, E} <- [{1, 5}, {2, 2}, {3, 4}]] end),
    t(b2l3_bad, fun() -> binary_to_list(<<"hello">>, 4, 2) end),
    t(unaligned, fun() -> <<_:3, Rest/bitstring>> = <<"abcdef">>, {bit_size(Rest), binary:bin_to_list(<<Rest/bitstring, 0:3>>), << <<X:3>> || <<X:5>> <= Rest >>} end),
    t(bin_comp, fun() -> {<< <<(X * 2)>> || <<X>> <= <<1, 2, 3>> >>, << <<X:4>> || X <- [1, 2, 3] >>, [X || <<X:2>> <= <<2#11011000>>]} end),
    t(copy_of_sub, fun() -> B = binary:copy(<<"0123456789">>, 100), S = binary:part(B, 10, 20), {S, byte_size(binary:copy(S))} end),
    t(big_concat, fun() -> B = lists:foldl(fun(I, A) -> <<A/bitstring, I:3>> end, <<>>, lists:seq(1, 1000)), {bit_size(B), erlang:md5(<<B/bitstring, 0:((8 - bit_size(B) rem 8) rem 8)>>)} end),
    t(compare, fun() -> lists:sort([<<1:1>>, <<0:1>>, <<1>>, <<0>>, <<>>, <<0:2>>, <<1, 0:1>>, <<1, 1:1>>]) end),
    t(md5_bits, fun() -> erlang:md5(<<1:1>>) end),
    ok.
