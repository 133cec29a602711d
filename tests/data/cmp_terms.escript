#!/usr/bin/env escript
%% cmp_terms.escript OUT - a few hundred terms of every type and how erl
%% orders every pair. Used by tests/unit/test_cmp.c (through etf_decode).
%% Output: u32 N; N x (u32 len, term_to_binary(T)); then N*N bytes, row-major
%% (i, j): bits 0-1 = compare(Ti, Tj) + 1 (0: <, 1: ==, 2: >),
%%         bit 2 = Ti =:= Tj,
%%         bits 3-4 = exact order + 1 (the order of map keys, read back
%%         from maps:keys/1 of a two-key map).
-mode(compile).

main([Out]) ->
    Terms = terms(),
    N = length(Terms),
    Bins = [begin B = term_to_binary(T), <<(byte_size(B)):32, B/binary>> end || T <- Terms],
    Rel = [<< <<(rel(A, B))>> || B <- Terms >> || A <- Terms],
    ok = file:write_file(Out, [<<N:32>>, Bins, Rel]).

rel(A, B) ->
    C = if A < B -> 0; A == B -> 1; true -> 2 end,
    E = case A =:= B of true -> 1; false -> 0 end,
    X = case maps:keys(#{A => 0, B => 0}) of
            [_] -> 1;
            [First, _] -> case First =:= A of true -> 0; false -> 2 end
        end,
    C bor (E bsl 2) bor (X bsl 3).

%% ---- crafted external terms ----
a(N) -> B = atom_to_binary(N), <<119, (byte_size(B)), B/binary>>.
pid(N, Id, Ser, Cr) -> binary_to_term(<<131, 88, (a(N))/binary, Id:32, Ser:32, Cr:32>>).
port(N, Id, Cr) -> binary_to_term(<<131, 120, (a(N))/binary, Id:64, Cr:32>>).
ref(N, Cr, Ids) ->
    binary_to_term(<<131, 90, (length(Ids)):16, (a(N))/binary, Cr:32, (<< <<I:32>> || I <- Ids >>)/binary>>).
%% NEW_FUN_EXT of a module that need not exist
fn(Mod, Uniq, Index, OldUniq, Free) ->
    FreeB = << <<B/binary>> || <<131, B/binary>> <- [term_to_binary(F) || F <- Free] >>,
    Body = <<1, Uniq:128, Index:32, (length(Free)):32, (a(Mod))/binary,
             98, Index:32/signed, 98, OldUniq:32/signed,
             88, (a('nonode@nohost'))/binary, 1:32, 0:32, 0:32, FreeB/binary>>,
    binary_to_term(<<131, 112, (byte_size(Body) + 4):32, Body/binary>>).

closure(X) -> fun() -> X end.
closure2(X, Y) -> fun() -> {X, Y} end.

terms() ->
    numbers() ++ atoms() ++ refs() ++ funs() ++ ports() ++ pids() ++ tuples() ++ maps() ++ lists() ++ bits().

numbers() ->
    P = fun(E) -> 1 bsl E end,
    Ints = [0, 1, -1, 2, 42, -42, P(27), P(53) - 1, P(53), P(53) + 1, -P(53) - 1,
            P(59) - 1, P(59), -P(59), -P(59) - 1, P(60), P(63) - 1, P(63), P(64) - 1, P(64),
            -P(64), P(64) + 1, P(64) + P(63) + P(11) + 1, 1000000000000000000000000000000,
            -1000000000000000000000000000000, P(1023), P(1024), P(1024) + 1, -P(1024),
            P(3000) + 7, -P(3000)],
    Floats = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.0, 42.0, 9007199254740991.0,
              9007199254740992.0, 9007199254740994.0, -9007199254740994.0,
              576460752303423488.0, -576460752303423488.0, 1152921504606846976.0,
              9223372036854775808.0, 18446744073709551616.0, -18446744073709551616.0,
              1.0e30, -1.0e30, float(P(1023)), 1.7976931348623157e308, -1.7976931348623157e308,
              5.0e-324, -5.0e-324, 1.0e-300, 3.14, 0.1],
    Ints ++ Floats.

atoms() ->
    ['', a, b, aa, ab, 'B', 'Z', zz, 'λ', 'λa', 'ä', 'a😀', true, false, 'nonode@nohost',
     list_to_atom(lists:duplicate(255, $x)), list_to_atom(lists:duplicate(254, $x) ++ "y")].

refs() ->
    [make_ref(), make_ref(),
     ref('nonode@nohost', 0, [1, 2, 3]), ref('nonode@nohost', 0, [3, 2, 1]),
     ref('nonode@nohost', 0, [1, 2, 16#80000001]), ref('nonode@nohost', 0, [16#3FFFF, 0, 0]),
     ref('a@b', 1, [1, 2, 3]), ref('a@b', 1, [1, 2, 3, 0]), ref('a@b', 1, [1, 2, 3, 4]),
     ref('a@b', 1, [1, 2, 3, 4, 5]), ref('a@b', 1, [1, 2]), ref('a@b', 1, [5]),
     ref('a@b', 2, [1, 2, 3]), ref('b@b', 1, [0, 0, 0]), ref('a@b', 1, [16#80000001, 2, 3]),
     ref('a@b', 1, [1, 2, 16#FFFFFFFF]), ref('z@b', 3, [1, 2, 3])].

funs() ->
    [fun() -> ok end, fun(X) -> X end, fun(X, Y) -> {X, Y} end,
     closure(1), closure(1.0), closure(a), closure([]), closure2(1, 2), closure2(1, 2.0),
     fn(zz, 1, 0, 5, []), fn(zz, 2, 0, 5, []), fn(zz, 1, 1, 5, []), fn(zz, 1, 1, -5, []),
     fn(zz, 1, 1, 5, [a]), fn(zz, 1, 1, 5, [b]), fn(zz, 1, 1, 5, [1]), fn(zz, 1, 1, 5, [1.0]),
     fn(zz, 1, 1, 5, [a, b]), fn(zy, 1, 7, 5, []), fn('λ', 1, 0, 0, []),
     fun lists:map/2, fun erlang:abs/1, fun a:b/0, fun a:b/1, fun a:c/0, fun zz:a/0].

ports() ->
    lists:sublist(erlang:ports(), 3) ++
        [port('nonode@nohost', 3, 0), port('nonode@nohost', 1 bsl 27, 0),
         port('a@b', 5, 1), port('a@b', 1 bsl 40, 1), port('b@b', 0, 1), port('a@b', 5, 2),
         port('a@b', 0, 1)].

pids() ->
    [self(), list_to_pid("<0.1.0>"), list_to_pid("<0.5.1>"), list_to_pid("<0.100.0>"),
     list_to_pid("<0.0.7>"),
     pid('a@b', 5, 0, 1), pid('b@b', 4, 0, 1), pid('a@b', 5, 0, 2), pid('a@b', 5, 1, 1),
     pid('z@b', 1 bsl 28, 0, 1), pid('a@b', 16#ffffffff, 16#ffffffff, 1), pid('a@b', 0, 1, 1),
     pid('a@b', 100, 0, 1)].

tuples() ->
    Deep = lists:foldl(fun(I, Acc) -> {I, Acc} end, end_, lists:seq(1, 200)),
    DeepF = lists:foldl(fun(I, Acc) -> {I, Acc} end, end_, [1.0 | lists:seq(2, 200)]),
    [{}, {a}, {1}, {1.0}, {1, 2}, {1, 2.0}, {2, 1}, {a, b, c}, {{}}, {{1}}, {[]}, {#{}},
     {<<>>}, {self()}, Deep, DeepF, erlang:make_tuple(100, x), erlang:make_tuple(100, y)].

maps() ->
    M33 = maps:from_list([{I, I} || I <- lists:seq(1, 33)]),
    Mixed = maps:from_list([{K, K} || K <- [a, b, c, 1, 2.0, {x}, [y], <<"z">>, self()]
                                      ++ lists:seq(100, 130)]),
    [#{}, #{a => 1}, #{a => 1.0}, #{1 => a}, #{1.0 => a}, #{2 => a}, #{a => 1, b => 2},
     #{a => 1, c => 2}, #{b => 1}, #{a => 2, b => 1}, #{1 => a, 1.0 => a},
     #{#{1 => 1} => x}, #{#{1 => 1.0} => x}, #{[1] => x}, #{[1.0] => x},
     maps:from_list([{I, I} || I <- lists:seq(1, 32)]),
     M33, M33#{33 => 33.0}, M33#{1 => 1.0}, maps:put(33.0, 33, maps:remove(33, M33)),
     maps:put(34, 34, maps:remove(33, M33)), maps:put(0, 0, maps:remove(33, M33)),
     M33#{34 => 34}, maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
     maps:from_list([{float(I), I} || I <- lists:seq(1, 33)]),
     M33#{1.0 => x}, Mixed, Mixed#{a => 1.0}, Mixed#{zzz => 0},
     maps:from_list([{I, #{I => I}} || I <- lists:seq(1, 40)]),
     maps:from_list([{#{I => I}, I} || I <- lists:seq(1, 40)])].

lists() ->
    Nest = lists:foldl(fun(_, Acc) -> [Acc] end, [], lists:seq(1, 100)),
    NestX = lists:foldl(fun(_, Acc) -> [Acc] end, [x], lists:seq(1, 100)),
    [[], [1], [1.0], [2], [1, 2, 3], [1, 2 | 3], [1 | 2], [1 | 2.0], [a | b], "abc", "abd",
     "ab", [[]], [[1]], [1, [2, [3]]], lists:seq(1, 1000), lists:seq(1, 999) ++ [1000.0],
     lists:seq(1, 999), Nest, NestX, [#{a => 1}], [{}], [<<>>]].

bits() ->
    Big = list_to_binary(lists:seq(0, 255) ++ lists:seq(0, 255)),
    <<BigHead:511/binary, _/binary>> = Big,
    [<<>>, <<0>>, <<1>>, <<1, 2>>, <<1, 2, 3>>, <<0:1>>, <<1:1>>, <<1:3>>, <<1:4>>,
     <<255, 1:7>>, <<255, 1:6>>, <<1, 2, 0:1>>, <<1, 2, 1:1>>, <<"abc">>, <<"abd">>,
     list_to_binary(lists:duplicate(100, 7)), <<(list_to_binary(lists:duplicate(100, 7)))/binary, 5:3>>,
     <<(list_to_binary(lists:duplicate(99, 7)))/binary, 8>>, Big, BigHead, <<Big/binary, 1:1>>,
     <<16#F0, 16#0F, 16#AA:7>>].
