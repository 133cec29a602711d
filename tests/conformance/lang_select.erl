%% Dense and sparse select_val (integers, atoms, negative and big values,
%% floats), select_tuple_arity, and long clause lists on mixed types.
-module(lang_select).
-export([main/0]).

id(X) -> X.

dense(0) -> zero; dense(1) -> one; dense(2) -> two; dense(3) -> three;
dense(4) -> four; dense(5) -> five; dense(6) -> six; dense(7) -> seven;
dense(8) -> eight; dense(9) -> nine; dense(10) -> ten; dense(11) -> eleven;
dense(12) -> twelve; dense(13) -> thirteen; dense(14) -> fourteen;
dense(15) -> fifteen; dense(-1) -> minus_one; dense(-2) -> minus_two;
dense(_) -> other.

sparse(1) -> a; sparse(10) -> b; sparse(100) -> c; sparse(1000) -> d;
sparse(10000) -> e; sparse(100000) -> f; sparse(1000000) -> g;
sparse(-1000000) -> h; sparse(576460752303423487) -> max_small;
sparse(-576460752303423488) -> min_small; sparse(1 bsl 64) -> big;
sparse(2.0) -> float_two; sparse(_) -> none.

atoms(monday) -> 1; atoms(tuesday) -> 2; atoms(wednesday) -> 3;
atoms(thursday) -> 4; atoms(friday) -> 5; atoms(saturday) -> 6;
atoms(sunday) -> 7; atoms(true) -> t; atoms(false) -> f; atoms([]) -> nil;
atoms(undefined) -> u; atoms(_) -> 0.

arity({}) -> 0; arity({_}) -> 1; arity({_, _}) -> 2; arity({_, _, _}) -> 3;
arity({_, _, _, _}) -> 4; arity({_, _, _, _, _}) -> 5;
arity({_, _, _, _, _, _, _, _, _, _}) -> 10; arity(T) when is_tuple(T) -> many;
arity(_) -> not_tuple.

shape({circle, R}) -> {circle, R * R * 3};
shape({rect, W, H}) -> {rect, W * H};
shape({tri, A, B, C}) -> {tri, A + B + C};
shape({square, S}) -> {square, S * S};
shape({point}) -> point;
shape(_) -> unknown.

mixed(X) ->
    case X of
        0 -> int0;
        0.0 -> float0;
        a -> atom_a;
        "a" -> string_a;
        <<"a">> -> bin_a;
        {a} -> tuple_a;
        [a] -> list_a;
        #{a := 1} -> map_a;
        1 -> int1;
        b -> atom_b;
        _ -> other
    end.

main() ->
    io:format("~p~n", [[dense(id(N)) || N <- lists:seq(-3, 17)]]),
    io:format("~p~n", [[dense(id(N)) || N <- [1.0, a, 1 bsl 70]]]),
    io:format("~p~n", [[sparse(id(N)) || N <- [1, 10, 100, 1000, 10000, 100000, 1000000,
        -1000000, 576460752303423487, -576460752303423488, 1 bsl 64, 2.0, 2, 3, 1 bsl 65]]]),
    io:format("~p~n", [[atoms(id(A)) || A <- [monday, tuesday, wednesday, thursday, friday,
        saturday, sunday, true, false, [], undefined, other, 1]]]),
    io:format("~p~n", [[arity(id(T)) || T <- [{}, {1}, {1, 2}, {1, 2, 3}, {1, 2, 3, 4},
        {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5, 6}, list_to_tuple(lists:seq(1, 10)), [], a]]]),
    io:format("~p~n", [[shape(id(S)) || S <- [{circle, 2}, {rect, 3, 4}, {tri, 1, 2, 3},
        {square, 5}, {point}, {circle}, {rect, 1}, {}]]]),
    io:format("~p~n", [[mixed(id(X)) || X <- [0, 0.0, a, "a", <<"a">>, {a}, [a],
        #{a => 1}, 1, b, c, -0.0, 1.0]]]),
    io:format("~p~n", [lists:sum([case dense(N rem 20) of other -> 0; _ -> 1 end || N <- lists:seq(1, 10000)])]).
