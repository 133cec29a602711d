#!/usr/bin/env escript
%% bif_binary.escript OUT - erl's outcomes for the binary module's BIFs
%% (runtime/bif/binary.c); replayed by tests/unit/test_bif_binary.c.
%% Compiled patterns cannot be passed through here (erl's are magic refs):
%% test_bif_binary.c checks them against the plain patterns instead.
-mode(compile).
-include("bif_cases.hrl").

main([Out]) ->
    rand:seed(exsss, {7, 11, 13}),
    Bins = [<<>>, <<0>>, <<1, 2, 3>>, <<"hello world">>, <<255, 0, 255>>,
            list_to_binary(lists:seq(0, 255)), binary:copy(<<"ab">>, 100)],
    Bits = [<<1:3>>, <<1, 2, 3:4>>, <<"abc", 5:7>>],
    Bad = [a, 1, 1.5, [], [1, 2], {<<"a">>}, -1, 1 bsl 70],
    Ints = [0, 1, 2, 3, -1, -2, -3, 10, 255, 256, 1 bsl 59, 1 bsl 64, -(1 bsl 64), a, 1.0],
    Simple =
        [{binary, at, [B, I]} || B <- Bins ++ Bits ++ Bad, I <- Ints] ++
        [{binary, F, [B]} || F <- [first, last, copy, decode_unsigned, referenced_byte_size],
                             B <- Bins ++ Bits ++ Bad] ++
        [{binary, part, [B, P, L]} || B <- Bins ++ Bits ++ [a], P <- Ints, L <- Ints] ++
        [{binary, part, [B, {P, L}]} || B <- Bins ++ Bits, P <- [0, 1, 3, -1], L <- [0, 1, -1, 3, -3, 300]] ++
        [{binary, part, [<<"abc">>, X]} || X <- [{1}, {1, 1, 1}, [1, 1], a]] ++
        [{binary, part, [<<"abc">>, P, L]} || {P, L} <- [{0, -(1 bsl 63)}, {(1 bsl 63) - 1, 1}, {3, -(1 bsl 63)},
                                                          {(1 bsl 63) - 1, -(1 bsl 63)}, {-(1 bsl 63), 3}]] ++
        [{binary, match, [<<"abc">>, <<"b">>, [{scope, S}]]} || S <- [{0, -(1 bsl 63)}, {(1 bsl 63) - 1, 1}]] ++
        [{binary, copy, [B, N]} || B <- Bins ++ Bits ++ [a], N <- [0, 1, 2, 5, -1, 1.0, a]] ++
        [{binary, copy, [<<>>, N]} || N <- [1 bsl 59, 1 bsl 60, (1 bsl 64) - 1, 1 bsl 64]] ++
        [{binary, copy, [<<1>>, 1 bsl 70]}] ++
        [{binary, decode_unsigned, [B, E]} || B <- Bins ++ Bits ++ [a], E <- [big, little, foo, 1]] ++
        [{binary, decode_unsigned, [binary:copy(<<N>>, K), E]} || N <- [0, 1, 128, 255], K <- [1, 7, 8, 9, 16, 17, 40],
                                                                   E <- [big, little]] ++
        [{binary, encode_unsigned, [I]} || I <- Ints ++ big_ints()] ++
        [{binary, encode_unsigned, [I, E]} || I <- Ints ++ big_ints(), E <- [big, little, foo]] ++
        [{binary, list_to_bin, [L]} || L <- iolists()] ++
        [{binary, F, [L]} || F <- [longest_common_prefix, longest_common_suffix], L <- common_lists()],
    Search = search_cases(),
    write_cases(Out, Simple ++ Search).

big_ints() ->
    [1 bsl 60, (1 bsl 64) - 1, 1 bsl 64, (1 bsl 200) + 12345, 16#0102030405060708090A0B0C0D0E0F, -(1 bsl 100)].

iolists() ->
    [[], [1, 2, 3], "abc", [<<"ab">>, "c", [[<<>>], 255]], [<<"a">> | <<"b">>], ["a" | <<"bc">>],
     [256], [-1], [a], [<<1:3>>], [1 | 2], <<"abc">>, a, [[[[[[1]]]]]], [[] | []], [<<1, 2>>, [<<3>> | <<4>>]],
     lists:duplicate(100, <<"xyz">>), [1.0], [1 bsl 64]].

common_lists() ->
    [[], [<<>>], [<<"abc">>], [<<"abc">>, <<"abd">>], [<<"abc">>, <<"xbc">>], [<<"abc">>, <<"abc">>],
     [<<"abc">>, <<>>], [<<"abcdef">>, <<"abc">>, <<"ab">>], [<<"abc">>, <<"ab", 1:3>>], [<<"abc">> | <<"c">>],
     [<<"abc">>, a], a, <<"abc">>, [<<"xabc">>, <<"yyabc">>, <<"zzzabc">>]].

%% Random subjects over a small alphabet so that patterns hit often and
%% overlap; several patterns share prefixes and suffixes to stress the
%% leftmost-longest rule.
rnd_bin(Alpha, Max) ->
    list_to_binary([lists:nth(rand:uniform(length(Alpha)), Alpha) || _ <- lists:seq(1, rand:uniform(Max + 1) - 1)]).

rnd_pattern() ->
    case rand:uniform(3) of
        1 -> nonempty(rnd_bin("ab", 4));
        _ -> [nonempty(rnd_bin("abc", 4)) || _ <- lists:seq(1, rand:uniform(4))]
    end.

nonempty(<<>>) -> <<"a">>;
nonempty(B) -> B.

rnd_scope(Size) ->
    S = rand:uniform(Size + 1) - 1,
    case rand:uniform(2) of
        1 -> {scope, {S, rand:uniform(Size - S + 1) - 1}};
        2 -> {scope, {S, -(rand:uniform(S + 1) - 1)}}
    end.

search_cases() ->
    Fixed =
        [{binary, match, [<<"abc">>, <<"b">>, [global]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {3, -2}}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {3, 0}}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {4, 0}}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {0, 4}}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {-1, 1}}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {1, -2}}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {0, 0}}, {scope, {0, 3}}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {0, 3}} | x]]},
         {binary, match, [<<"abc">>, <<"b">>, x]},
         {binary, match, [<<"abc">>, <<"b">>, [x]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, 1, 2}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {a, 2}}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, {0, 1 bsl 60}}]]},
         {binary, match, [<<"abc">>, <<"b">>, [{scope, [0, 1]}]]},
         {binary, matches, [<<"abc">>, <<"b">>, [trim]]},
         {binary, matches, [<<"abc">>, <<"b">>, [global]]},
         {binary, split, [<<"abc">>, <<"b">>, [foo]]},
         {binary, match, [<<"abc">>, <<>>]},
         {binary, match, [<<"abc">>, []]},
         {binary, match, [<<"abc">>, [<<>>]]},
         {binary, match, [<<"abc">>, [<<"a">>, <<>>]]},
         {binary, match, [<<"abc">>, [<<"a">> | <<"b">>]]},
         {binary, match, [<<"abc">>, <<1:3>>]},
         {binary, match, [<<"abc">>, [<<"a">>, <<1:3>>]]},
         {binary, match, [<<"abc">>, {bm, <<"b">>}]},
         {binary, match, [<<"abc">>, {ac, <<"b">>}]},
         {binary, match, [<<"abc">>, a]},
         {binary, match, [<<"ab", 1:3>>, <<"a">>]},
         {binary, match, [a, <<"a">>]},
         {binary, match, [<<>>, <<"a">>]},
         {binary, matches, [<<>>, <<"a">>]},
         {binary, split, [<<>>, <<"a">>]},
         {binary, split, [<<>>, <<"a">>, [trim]]},
         {binary, split, [<<>>, <<"a">>, [trim_all]]},
         {binary, split, [<<"a">>, <<"a">>, []]},
         {binary, split, [<<"a">>, <<"a">>, [trim]]},
         {binary, split, [<<"a">>, <<"a">>, [trim_all]]},
         {binary, split, [<<"aXbXXcXX">>, <<"X">>, [global]]},
         {binary, split, [<<"aXbXXcXX">>, <<"X">>, [global, trim]]},
         {binary, split, [<<"XaXbXXcXX">>, <<"X">>, [global, trim_all]]},
         {binary, split, [<<"XaXbXXcXX">>, <<"X">>, [trim_all, global, trim]]},
         {binary, split, [<<"XaXbXXcXX">>, <<"X">>, [{scope, {2, 4}}, global]]},
         {binary, matches, [<<"abcde">>, [<<"bcde">>, <<"bc">>, <<"de">>]]},
         {binary, matches, [<<"abcde">>, [<<"bcd">>, <<"cde">>, <<"ab">>, <<"abcdef">>]]},
         {binary, matches, [<<"aaaa">>, [<<"aa">>, <<"a">>]]},
         {binary, matches, [<<"abab">>, [<<"b">>, <<"aba">>]]},
         {binary, match, [<<"xabc">>, [<<"bc">>, <<"abcd">>]]},
         {binary, matches, [binary:copy(<<"ab">>, 5000), <<"ba">>]},
         {binary, matches, [binary:copy(<<"abc">>, 3000), [<<"ca">>, <<"bcab">>, <<"c">>]]},
         {binary, split, [binary:copy(<<"a,b;">>, 2000), [<<",">>, <<";">>], [global]]},
         {binary, match, [<<0:80000, 1>>, <<0, 1>>]}],
    Random =
        [begin
             Subj = rnd_bin("abc", 30),
             Pat = rnd_pattern(),
             Size = byte_size(Subj),
             Opts = [O || O <- [rnd_scope(Size), global, trim, trim_all], rand:uniform(3) =:= 1],
             case F of
                 split -> {binary, split, [Subj, Pat, Opts]};
                 _ -> {binary, F, [Subj, Pat, [O || O = {scope, _} <- Opts]]}
             end
         end || F <- [match, matches, split], _ <- lists:seq(1, 400)] ++
        [{binary, F, [rnd_bin("ab", 20), rnd_pattern()]} || F <- [match, matches, split], _ <- lists:seq(1, 100)],
    Fixed ++ Random.
