%% Comparisons between numbers: == and =:= between integers, bignums and
%% floats (exact comparison of bignums against floats near 2^53 and
%% beyond), < and > across kinds, min/max with mixed types (which one is
%% returned when equal), and comparisons inside containers.
-module(lang_compare).
-export([main/0]).

id(X) -> X.

main() ->
    Pairs = [{1, 1.0}, {0, -0.0}, {0, 0.0}, {9007199254740992, 9007199254740992.0},
             {9007199254740993, 9007199254740992.0}, {1 bsl 64, 18446744073709551616.0},
             {(1 bsl 64) + 1, 18446744073709551616.0}, {1 bsl 1024 - 1, 1.7976931348623157e308},
             {-(1 bsl 70), -1.1805916207174113e21}, {2, 1.9999999999999998}, {3, 3.0000000000000004},
             {576460752303423488, 576460752303423488.0}, {a, 1}, {1.0, a}, {[], {}}, {"a", <<"a">>}],
    lists:foreach(fun({A, B}) ->
        X = id(A), Y = id(B),
        io:format("~p ~p: ~p~n", [X, Y, {X == Y, X =:= Y, X /= Y, X =/= Y, X < Y, X > Y, X =< Y, X >= Y}])
    end, Pairs),
    io:format("~p~n", [[{erlang:min(id(A), B), erlang:max(id(A), B)} || {A, B} <- [{1, 1.0}, {1.0, 1}, {0, -0.0}, {-0.0, 0}, {a, 1}, {[a], {a}}]]]),
    io:format("~p~n", [[{min(id(A), B), max(id(A), B)} || {A, B} <- [{1, 2}, {b, a}, {<<1>>, <<0, 1>>}, {1 bsl 70, 1.0e30}]]]),
    io:format("~p~n", [{[1, 2] == [1.0, 2.0], [1, 2] =:= [1.0, 2.0], {1, a} < {1.0, b}, {1, a} == {1.0, a}}]),
    io:format("~p~n", [{#{1 => a} == #{1.0 => a}, #{a => 1} == #{a => 1.0}, #{a => 1} =:= #{a => 1.0}, #{1 => a} < #{1.0 => a}}]),
    io:format("~p~n", [lists:sort([3, 2.0, 1, 2, 1.0, 3.0, -0.0, 0, 0.0])]),
    io:format("~p~n", [lists:usort([3, 2.0, 1, 2, 1.0, 3.0])]),
    io:format("~p~n", [lists:sort(fun(A, B) -> A >= B end, [1 bsl 64, 1.0e19, 1.8446744073709552e19, 1 bsl 63])]),
    io:format("~p~n", [[X || X <- [1, 1.0, 2, 2.0], X == 1]]),
    io:format("~p~n", [lists:member(1.0, [1]) orelse lists:member(1, [1.0])]),
    io:format("~p~n", [{lists:keyfind(1.0, 1, [{1, int}]), lists:keymember(1, 1, [{1.0, x}]), lists:delete(1.0, [1, 1.0])}]),
    io:format("~p~n", [{erlang:'=='(id(1), 1.0), erlang:'=:='(id(1), 1.0), erlang:'<'(1, 1.5)}]).
