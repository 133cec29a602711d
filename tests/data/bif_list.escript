#!/usr/bin/env escript
%% bif_list.escript OUT - erl's outcomes for the list and iolist BIFs of
%% runtime/bif/erlang_list.c; replayed by tests/unit/test_bif_list.c.
-mode(compile).
-include("bif_cases.hrl").

main([Out]) ->
    rand:seed(exsss, {3, 5, 7}),
    Long = lists:seq(1, 20000),
    Lists = [[], [a], [a, b, c], "hello", [1, 1.0, 2, a, {x}, [y], <<"z">>], Long,
             [-0.0, 0.0, 1 bsl 64, 1.0e300, #{a => 1}, <<1:3>>]],
    Improper = [[a | b], [a, b | c], [1 | 2.0], [a | <<1>>]],
    NonLists = [a, 1, 1.5, <<1, 2>>, {1, 2}, #{}, 1 bsl 70],
    All = Lists ++ Improper ++ NonLists,
    Rand = fun(N, K) -> [rand:uniform(K) || _ <- lists:seq(1, N)] end,
    Subtract =
        [{A, B} || A <- Lists ++ Improper ++ [a], B <- [[], [a], [b, a, a], [1.0], [1], "lo", [x | y], x]] ++
        [{[a, b, a, c, 1.0, 1, a], [a, 1, a]}, {[0.0], [-0.0]}, {[1, 2, 3, 1, 2, 3], [3, 2, 1, 3]},
         {Long, lists:reverse(Long)}, {Long, lists:seq(1, 20000, 7)}, {Rand(5000, 50), Rand(3000, 50)},
         {Rand(300, 10), Rand(20, 10)}, {Rand(300, 10), Rand(17, 10)}, {Rand(300, 10), Rand(16, 10)},
         {[{a, 1.0}, {a, 1}, <<"x">>, <<"x">>, "s", 2.0], [{a, 1}, <<"x">>, "s", 2] ++ lists:seq(100, 120)},
         {[1 bsl 64, 1 bsl 64, -(1 bsl 64)], [1 bsl 64 | lists:seq(1, 20)]}],
    KeyLists = [[], [{a, 1}, {b, 2}, {a, 3}], [{1, int}, {1.0, float}], [{1.0, float}, {1, int}],
                [x, {a}, {b, c, d}, [a], {a, b}], [{a, 1} | bad], [x | bad], [{b, 1}, {a, 1} | bad],
                [{1 bsl 64, big}, {1.8446744073709552e19, float}], [{"k", v}, {<<"k">>, v}, {{t}, v}],
                [{I, I * I} || I <- lists:seq(1, 5000)], bad],
    Keys = [a, b, c, 1, 1.0, 2, 1 bsl 64, 1.8446744073709552e19, "k", <<"k">>, {t}, d, 5000, 4999.0],
    Pos = [1, 2, 3, 4, 0, -1, 1.0, a, 1 bsl 60, 1 bsl 64],
    Bytes = list_to_binary(lists:seq(0, 255)),
    Big = binary:copy(<<"0123456789">>, 1000),
    Sub = binary:part(Big, 3, 77),
    Io = [[], [1, 2, 3], [<<1, 2>>, 3 | <<4>>], [[[[[1]]]], [], [[]], <<>> | []], [Bytes, [Big, Sub | Sub]],
          lists:duplicate(3000, [1, [2, <<3>>]]), deep(5000), [0, 255], [<<>> | <<>>],
          "abc" ++ <<"def">>, [[1 | <<2>>] | <<3>>]],
    BadIo = [[256], [-1], [1.0], [a], [1 | 2], [[1 | 2]], [<<1:3>>], [1 | <<1:7>>], [{}], [[] | a],
             [<<1>> | 2], deep_bad(3000), x, 1, 1 bsl 70],
    BitIo = [[<<1:3>>, 1 | <<1:2>>], [1 | <<1:1>>], [<<1:1>>, <<1:1>>, <<1:1>>, <<1:1>>, <<1:1>>, <<1:1>>,
             <<1:1>>, <<1:1>>, <<1:1>>], [[<<5:3>>], [[<<255>>]] | <<1:5>>], [Sub, <<3:2>>, Sub]],
    Bins = [<<>>, <<1, 2, 3>>, Bytes, Big, Sub, <<1, 2, 3:4>>, <<1:1>>, <<7:3>>, unaligned(), <<0:1001>>],
    Cases =
        [{erlang, F, [L]} || F <- [length, hd, tl], L <- All] ++
        [{erlang, '++', [A, B]} || A <- All, B <- [[], [z], x, [z | y]]] ++
        [{erlang, '--', [A, B]} || {A, B} <- Subtract] ++
        [{erlang, '--', [A, B]} || A <- [x, [1 | 2]], B <- [[], x]] ++
        [{erlang, append, [A, B]} || A <- [[], [a], [a | b], x], B <- [[], [z], x]] ++
        [{erlang, subtract, [A, B]} || A <- [[], [a, b, a], [a | b], x], B <- [[], [a], [a | b], x]] ++
        [{lists, reverse, [A, B]} || A <- All, B <- [[], [z], x]] ++
        [{lists, member, [E, L]} || L <- All ++ [[a | b], [b | c]], E <- [a, b, 1, 1.0, 20000, 0.0, -0.0, <<1:3>>,
                                                                       #{a => 1}, {x}, [y]]] ++
        [{lists, F, [K, P, L]} || F <- [keyfind, keymember, keysearch], L <- KeyLists, K <- Keys, P <- Pos] ++
        [{erlang, F, [I]} || F <- [list_to_binary, iolist_to_binary, iolist_size, list_to_bitstring],
                             I <- Io ++ BadIo ++ BitIo ++ Bins] ++
        [{erlang, F, [B]} || F <- [binary_to_list, bitstring_to_list], B <- Bins ++ [a, [1], 1]] ++
        [{erlang, binary_to_list, [B, S, E]} || B <- [<<>>, <<1, 2, 3>>, <<1, 2, 3:4>>, unaligned(), a],
                                                S <- [0, 1, 2, 3, 4, -1, a, 1 bsl 64],
                                                E <- [0, 1, 2, 3, 4, 1.0, 1 bsl 64]],
    write_cases(Out, Cases).

%% A list nested N deep: [[[...[1]...], 2], 3].
deep(0) -> [];
deep(N) -> [deep(N - 1), N rem 256].

deep_bad(0) -> [bad];
deep_bad(N) -> [deep_bad(N - 1)].

%% A binary that does not start on a byte boundary.
unaligned() ->
    <<_:3, B:40/bitstring, _:5>> = <<"abcdef">>,
    B.
