%% Pattern matching of every term kind: atoms, small and big integers,
%% floats (0.0 and -0.0), tuples, lists, improper lists, strings, binaries,
%% maps, funs, pids, refs; aliases, repeated variables, nested patterns.
-module(lang_match_terms).
-export([main/0]).

id(X) -> X.

kind(a) -> atom_a;
kind('hello world') -> quoted_atom;
kind(0) -> zero;
kind(-1) -> minus_one;
kind(576460752303423487) -> max_small_60;
kind(576460752303423488) -> min_big_60;
kind(-576460752303423489) -> neg_big_60;
kind(18446744073709551616) -> two_64;
kind(123456789012345678901234567890) -> big30;
kind(1.5) -> one_and_half;
kind(0.0) -> zero_float;
kind(-0.0) -> neg_zero_float;
kind({}) -> empty_tuple;
kind({a}) -> tuple1_a;
kind({_, _}) -> tuple2;
kind({_, _, _}) -> tuple3;
kind([]) -> nil;
kind([a]) -> list1_a;
kind([_, _ | _]) -> list2plus;
kind([_ | b]) -> improper_b;
kind(<<>>) -> empty_bin;
kind(<<1, 2, 3>>) -> bin123;
kind(<<"abc">>) -> bin_abc;
kind(<<_:3>>) -> bits3;
kind(<<_/binary>>) -> other_bin;
kind(#{}) when map_size(#{}) =:= 0, false -> never;
kind(#{a := 1}) -> map_a1;
kind(#{a := _, b := _}) -> map_ab;
kind(M) when is_map(M), map_size(M) =:= 0 -> empty_map;
kind(M) when is_map(M) -> other_map;
kind(F) when is_function(F, 0) -> fun0;
kind(F) when is_function(F) -> fun_other;
kind(P) when is_pid(P) -> pid;
kind(R) when is_reference(R) -> ref;
kind(_) -> other.

same(X, X) -> same;
same(_, _) -> different.

deep({point, {X, Y}, [{color, C} | _]} = All) -> {X + Y, C, tuple_size(All)};
deep([H | T] = L) when length(L) > 2 -> {H, length(T)};
deep(<<Len:8, Data:Len/binary, Rest/binary>>) -> {Len, Data, Rest};
deep(#{key := #{inner := [V | _]}}) -> {inner, V};
deep(_) -> nomatch.

strings("abc" ++ Rest) -> {abc, Rest};
strings([$x, $y | Rest]) -> {xy, Rest};
strings(_) -> no.

main() ->
    Terms = [a, 'hello world', 0, -1, 576460752303423487, 576460752303423488,
             -576460752303423489, 18446744073709551616,
             123456789012345678901234567890, 1.5, 0.0, -0.0, {}, {a}, {1, 2},
             {1, 2, 3}, {1, 2, 3, 4}, [], [a], [a, b], [a, b, c], [a | b],
             <<>>, <<1, 2, 3>>, <<"abc">>, <<5:3>>, <<1, 2>>, #{}, #{a => 1},
             #{a => 2, b => 3}, #{c => 1}, fun() -> ok end, fun(X) -> X end,
             self(), make_ref(), 2.5, b, 576460752303423487 + id(1)],
    io:format("~p~n", [[kind(id(T)) || T <- Terms]]),
    io:format("~p~n", [[same(id(A), id(B)) || {A, B} <-
        [{1, 1}, {1, 1.0}, {a, a}, {[1, 2], [1, 2]}, {<<1>>, <<1>>},
         {#{a => 1}, #{a => 1}}, {#{a => 1}, #{a => 1.0}},
         {18446744073709551616, 18446744073709551616},
         {0.0, -0.0}, {{a, [b]}, {a, [b]}}, {"abc", <<"abc">>}]]]),
    io:format("~p~n", [[deep(id(X)) || X <-
        [{point, {1, 2}, [{color, red}, x]}, [1, 2, 3, 4], [1, 2],
         <<3, "abcdef">>, <<9, "ab">>, #{key => #{inner => [v1, v2]}},
         #{key => #{inner => []}}]]]),
    io:format("~p~n", [[strings(id(S)) || S <- ["abcdef", "abc", "xyz", "ab", ""]]]),
    {A, B, {C, D}} = id({1, 2, {3, 4}}),
    [E, F | G] = id([5, 6, 7, 8]),
    <<H:4, I:4, J/binary>> = id(<<16#AB, 1, 2>>),
    #{x := K, y := L} = id(#{x => 9, y => 10, z => 11}),
    io:format("~p~n", [{A, B, C, D, E, F, G, H, I, J, K, L}]),
    X = Y = id(both),
    io:format("~p~n", [{X, Y}]),
    R = [try {P, Q} = id(T), {ok, P, Q} catch error:Why -> {error, Why} end
         || T <- [{1, 2}, {1}, [1, 2], 3]],
    io:format("~p~n", [R]).
