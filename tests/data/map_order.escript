#!/usr/bin/env escript
%% map_order.escript OUT - how erl orders maps built in different ways, for
%% tests/unit/test_map.c. OUT is term_to_binary of a list of
%%   {Build, Keys, Size, term_to_binary(Map)}
%% where Build says how the map was made, for the C side to repeat:
%%   {from_list, Pairs}            maps:from_list(Pairs)
%%   {ops, Ops}                    fold over Ops from #{}: {put, K, V} is
%%                                 maps:put, {remove, K} is maps:remove
%% and Keys is maps:keys(Map), the iteration order (= maps:to_list/1).
%% Keys are integers, floats, bignums, binaries, lists and tuples of those:
%% the hash that orders large maps is VM-independent for them (not for atoms,
%% pids, ports, refs or funs, which OTP hashes by index or address).
-mode(compile).

main([Out]) ->
    rand:seed(exsss, {7, 8, 9}),
    Recs = [record(B) || B <- builds()],
    ok = file:write_file(Out, term_to_binary(Recs)).

record({from_list, Pairs} = B) -> rec(B, maps:from_list(Pairs));
record({ops, Ops} = B) -> rec(B, lists:foldl(fun op/2, #{}, Ops)).

rec(B, M) -> {B, maps:keys(M), map_size(M), term_to_binary(M)}.

op({put, K, V}, M) -> maps:put(K, V, M);
op({remove, K}, M) -> maps:remove(K, M).

seq_pairs(N) -> [{I, I * I} || I <- lists:seq(1, N)].

builds() ->
    FromList = [{from_list, seq_pairs(N)} || N <- [0, 1, 2, 16, 31, 32, 33, 34, 64, 100, 1000, 5000, 100000]],
    Mixed = [{from_list, [{K, I} || {K, I} <- lists:zip(mixed_keys(), lists:seq(1, length(mixed_keys())))]}],
    Dups = [{from_list, [{K rem 50, K} || K <- lists:seq(1, 200)]},
            {from_list, [{K rem 20, K} || K <- lists:seq(1, 60)]}],
    Floats = [{from_list, [{float(I), I} || I <- lists:seq(1, 40)] ++ [{I, -I} || I <- lists:seq(1, 40)]}],
    Grow = [{ops, [{put, I, I} || I <- lists:seq(1, N)]} || N <- [31, 32, 33, 40]],
    Shrink = [{ops, [{put, I, I} || I <- lists:seq(1, 40)] ++ [{remove, I} || I <- lists:seq(1, N)]}
              || N <- [1, 7, 8, 9, 20, 40]],
    Update = [{ops, [{put, I, I} || I <- lists:seq(1, 50)] ++ [{put, I, x} || I <- lists:seq(1, 50, 3)]
                   ++ [{remove, 1000}]}],
    Random = [{ops, random_ops(3000, 500)}, {ops, random_ops(20000, 5000)}],
    Big = [{ops, [{put, rand:uniform(1 bsl 40), I} || I <- lists:seq(1, 100000)]
                 ++ [{remove, I} || I <- lists:seq(1, 1000)]},
           {ops, [{put, I, I} || I <- lists:seq(1, 100000)] ++ [{remove, I} || I <- lists:seq(1, 99980)]}],
    FromList ++ Mixed ++ Dups ++ Floats ++ Grow ++ Shrink ++ Update ++ Random ++ Big.

mixed_keys() ->
    [-1, 0, 1 bsl 70, -(1 bsl 70), 0.5, -0.5, 1.0e300, <<>>, <<"abc">>, <<1:1>>, <<1:9>>,
     [], [1], "str", [1 | 2], {}, {1}, {1, 2.0}, #{}, #{1 => 2}, #{2 => [3]}]
        ++ [integer_to_binary(I) || I <- lists:seq(1, 100)] ++ [{I, I} || I <- lists:seq(1, 100)]
        ++ [[I, I + 1] || I <- lists:seq(1, 100)].

random_ops(N, KeySpace) ->
    [case rand:uniform(3) of
         3 -> {remove, rand:uniform(KeySpace)};
         _ -> {put, rand:uniform(KeySpace), rand:uniform(100)}
     end || _ <- lists:seq(1, N)].
