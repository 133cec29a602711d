%% Maps: construction (literal and dynamic keys of every kind), update
%% with => and :=, matching (single and multiple keys, keys bound earlier,
%% nested), map_size, is_map_key, map_get, and key equality (1 vs 1.0).
-module(lang_maps_basic).
-export([main/0]).

id(X) -> X.

get_ab(#{a := A, b := B}) -> {A, B};
get_ab(#{a := A}) -> {only_a, A};
get_ab(#{}) -> empty_or_other;
get_ab(_) -> not_map.

key_match(K, M) ->
    case M of
        #{K := V} -> {found, V};
        #{} -> missing
    end.

nested(#{inner := #{value := V}}) -> V;
nested(_) -> none.

main() ->
    K = id(key),
    M0 = #{},
    M1 = #{a => 1, b => 2, K => 3, {t, 1} => tuple, [l] => list, <<"bin">> => bin,
           1 => int, 1.0 => float, 18446744073709551616 => big, #{} => map, self_key => id(x)},
    io:format("~p~n", [{M0, map_size(M1)}]),
    io:format("~p~n", [lists:sort(maps:to_list(M1))]),
    M2 = M1#{a := 10, new => 5},
    M3 = M2#{b => 20, 1 := one},
    io:format("~p~n", [{maps:get(a, M2), maps:get(new, M2), maps:get(b, M3), maps:get(1, M3), maps:get(1.0, M3)}]),
    io:format("~p~n", [[get_ab(id(M)) || M <- [#{a => 1, b => 2}, #{a => 1}, #{b => 1}, #{}, [a]]]]),
    io:format("~p~n", [[key_match(id(Key), M1) || Key <- [a, key, {t, 1}, 1, 1.0, 2, [l], <<"bin">>, #{}]]]),
    io:format("~p~n", [[nested(id(X)) || X <- [#{inner => #{value => 42}}, #{inner => #{}}, #{}]]]),
    io:format("~p~n", [{is_map_key(a, M1), is_map_key(zz, M1), map_get(b, M1), maps:find(a, M1), maps:find(zz, M1)}]),
    io:format("~p~n", [{#{1 => a} =:= #{1.0 => a}, #{1 => a} == #{1.0 => a}, #{a => 1} =:= #{a => 1}}]),
    io:format("~p~n", [{#{a => 1, a => 2}, #{id(a) => 1, id(a) => 2}}]),
    #{a := A, b := B} = M3,
    io:format("~p~n", [{A, B}]),
    io:format("~p~n", [[maps:is_key(X, #{1 => a, 2.0 => b}) || X <- [1, 1.0, 2, 2.0]]]),
    Upd = lists:foldl(fun(I, Acc) -> Acc#{I => I * I} end, #{}, lists:seq(1, 20)),
    io:format("~p~n", [Upd]),
    io:format("~p~n", [maps:fold(fun(Kk, V, Acc) -> Kk + V + Acc end, 0, Upd)]).
