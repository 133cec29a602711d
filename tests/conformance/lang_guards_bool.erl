%% Boolean guard operators: and/or/xor/not, andalso/orelse (short circuit,
%% non-boolean right operands), guard sequences with ; and ,, and errors
%% inside guards that make a guard (not the whole clause list) fail.
-module(lang_guards_bool).
-export([main/0]).

id(X) -> X.

b1(X, Y) when X and Y -> both;
b1(X, Y) when X or Y -> one;
b1(_, _) -> none.

b2(X, Y) when X xor Y -> xor_true;
b2(X, _) when not X -> not_x;
b2(_, _) -> other.

sc(X) when is_list(X) andalso length(X) > 2 -> long_list;
sc(X) when is_tuple(X) orelse is_map(X) -> container;
sc(X) when X > 10; X < -10 -> far;
sc(X) when is_integer(X), X rem 2 =:= 0 -> even;
sc(_) -> other.

%% a failing BIF makes only its guard (up to the ;) false
err(X) when length(X) > 1; is_atom(X) -> first;
err(X) when element(1, X) =:= a -> second;
err(X) when hd(X) =:= 1 orelse true -> third;
err(_) -> last.

%% andalso/orelse outside guards: the right side may be any term
expr(A, B) -> {A andalso B, A orelse B}.

nots(X) when not (is_atom(X) orelse is_integer(X)) -> neither;
nots(X) when not not is_atom(X) -> atom;
nots(_) -> integer.

cmp_guard(X, Y) when X == Y, X =/= Y -> equal_not_exact;
cmp_guard(X, Y) when X =:= Y -> exact;
cmp_guard(X, Y) when X /= Y, X < Y -> less;
cmp_guard(X, Y) when X >= Y -> greater_or_equal.

main() ->
    Bools = [true, false],
    io:format("~p~n", [[{X, Y, b1(X, Y), b2(X, Y)} || X <- Bools, Y <- Bools]]),
    io:format("~p~n", [[b1(id(X), id(Y)) || {X, Y} <- [{1, true}, {true, a}, {[], false}]]]),
    io:format("~p~n", [[sc(id(X)) || X <- [[1, 2, 3], [1], {}, #{}, 11, -11, 4, 3, a, 2.0]]]),
    io:format("~p~n", [[err(id(X)) || X <- [[1, 2], a, {a}, {b}, [1], [2], 5, "", <<>>]]]),
    io:format("~p~n", [[expr(id(A), id(B)) || A <- Bools, B <- [true, false, x, 7]]]),
    io:format("~p~n", [[try expr(id(A), true) catch C:R -> {C, R} end || A <- [x, 1, [], {}]]]),
    io:format("~p~n", [[try id(A) and id(B) catch C:R -> {C, R} end || {A, B} <- [{true, x}, {1, true}, {false, 3}]]]),
    io:format("~p~n", [[try not id(A) catch C:R -> {C, R} end || A <- [true, false, 0, nil]]]),
    io:format("~p~n", [[try id(A) xor id(B) catch C:R -> {C, R} end || {A, B} <- [{true, true}, {true, false}, {x, false}]]]),
    io:format("~p~n", [[nots(id(X)) || X <- [a, 1, "s", true]]]),
    io:format("~p~n", [[cmp_guard(id(X), id(Y)) || {X, Y} <- [{1, 1.0}, {1, 1}, {1, 2}, {2.0, 1}, {a, 1}, {"a", <<"a">>}, {{1}, {1.0}}]]]).
