%% limits_sizes - sizes beyond OTP's limits fail at once with erl's
%% exception instead of trying to allocate: tuples of 2^24 elements or
%% more, bitstrings and shifts of 2^60 bits and more, atoms over 255
%% characters, positions and counts given as bignums.
-module(limits_sizes).
-export([main/0]).

main() ->
    Big = 1 bsl 60,
    Huge = 1 bsl 64,
    Cases =
        [{make_tuple_2p24, fun() -> erlang:make_tuple(1 bsl 24, a) end},
         {make_tuple_big, fun() -> erlang:make_tuple(Big, a) end},
         {make_tuple_huge, fun() -> erlang:make_tuple(Huge, a) end},
         {make_tuple_neg, fun() -> erlang:make_tuple(-1, a) end},
         {make_tuple_3_big, fun() -> erlang:make_tuple(Big, a, [{1, b}]) end},
         {make_tuple_3_2p24, fun() -> erlang:make_tuple(1 bsl 24, a, []) end},
         {binary_copy_empty, fun() -> binary:copy(<<>>, Big) end},
         {binary_copy_neg, fun() -> binary:copy(<<"ab">>, -1) end},
         {binary_copy_huge_empty, fun() -> binary:copy(<<>>, Huge) end},
         {bitstr_big, fun() -> <<0:Big>> end},
         {bitstr_huge, fun() -> <<0:Huge>> end},
         {bitstr_unit, fun() -> X = <<1>>, <<X:Big/binary-unit:8>> end},
         {bsl_big, fun() -> 1 bsl Big end},
         {bsl_huge, fun() -> 1 bsl Huge end},
         {bsl_2p32, fun() -> 1 bsl (1 bsl 32) end},
         {pow, fun() -> math:pow(2, 10000) end},
         {list_to_atom_256, fun() -> list_to_atom(lists:duplicate(256, $a)) end},
         {list_to_atom_255, fun() -> length(atom_to_list(list_to_atom(lists:duplicate(255, $a)))) end},
         {binary_to_atom_256, fun() -> binary_to_atom(binary:copy(<<"a">>, 256)) end},
         {binary_to_atom_utf8_256, fun() -> binary_to_atom(binary:copy(<<"ä"/utf8>>, 256), utf8) end},
         {binary_to_atom_utf8_255, fun() -> length(atom_to_list(binary_to_atom(binary:copy(<<"ä"/utf8>>, 255), utf8))) end},
         {latin1_to_atom_256, fun() -> binary_to_atom(binary:copy(<<"ä">>, 256), latin1) end},
         {list_to_existing_atom_256, fun() -> list_to_existing_atom(lists:duplicate(256, $b)) end},
         {split_binary, fun() -> split_binary(<<"ab">>, Big) end},
         {binary_part, fun() -> binary_part(<<"ab">>, Big, 1) end},
         {binary_part_len, fun() -> binary_part(<<"ab">>, 0, Huge) end},
         {binary_at, fun() -> binary:at(<<"ab">>, Huge) end},
         {bump_reductions, fun() -> erlang:bump_reductions(Huge) end},
         {setelement_big, fun() -> setelement(Big, {a}, b) end},
         {element_huge, fun() -> element(Huge, {a}) end},
         {duplicate_neg, fun() -> lists:duplicate(-1, a) end},
         {nthtail_huge, fun() -> lists:nthtail(Huge, [a]) end},
         {sublist_huge, fun() -> lists:sublist([a], Huge) end},
         {integer_to_binary_base, fun() -> integer_to_binary(1, 37) end},
         {list_to_binary_bad, fun() -> list_to_binary([256]) end},
         {binary_to_list_range, fun() -> binary_to_list(<<"ab">>, 1, Huge) end},
         {atom_to_binary_latin1, fun() -> atom_to_binary('ä', latin1) end}],
    lists:foreach(fun({Name, F}) -> io:format("~p: ~p~n", [Name, t(F)]) end, Cases).

%% the size of a result rather than the result: some are large
t(F) ->
    try F() of
        V when is_binary(V) -> {ok, byte_size(V)};
        V when is_bitstring(V) -> {ok, bit_size(V)};
        V when is_list(V) -> {ok, length(V)};
        V when is_tuple(V) -> {ok, tuple_size(V)};
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.
