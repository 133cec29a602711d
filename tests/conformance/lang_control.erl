%% case / if / nested control flow, clause selection order, variables
%% bound in all branches, block expressions, and the errors case_clause
%% and if_clause with their exact reasons.
-module(lang_control).
-export([main/0]).

id(X) -> X.

classify(X) ->
    case X of
        {ok, V} when V > 0 -> {positive, V};
        {ok, 0} -> zero;
        {ok, V} -> {negative, V};
        {error, _} = E -> E;
        [_ | _] -> list;
        _ when is_atom(X) -> atom
    end.

grade(N) ->
    if N >= 90 -> a;
       N >= 80 -> b;
       N >= 70 -> c;
       true -> f
    end.

bind(X) ->
    case X of
        1 -> Y = one, Z = uno;
        2 -> Y = two, Z = dos;
        _ -> Y = many, Z = muchos
    end,
    {Y, Z}.

nested(X, Y) ->
    case X of
        a ->
            case Y of
                1 -> a1;
                2 -> if Y > 1 -> a2 end
            end;
        b ->
            R = begin T = Y * 2, T + 1 end,
            {b, R}
    end.

fizz(N) ->
    case {N rem 3, N rem 5} of
        {0, 0} -> fizzbuzz;
        {0, _} -> fizz;
        {_, 0} -> buzz;
        _ -> N
    end.

t(F) -> try F() catch C:R:S -> {C, R, hd(S)} end.

main() ->
    io:format("~p~n", [[classify(id(X)) || X <- [{ok, 5}, {ok, 0}, {ok, -3}, {error, x}, [1], a]]]),
    io:format("~p~n", [[grade(id(N)) || N <- [95, 85, 75, 10, 90.0, 79.999]]]),
    io:format("~p~n", [[bind(id(N)) || N <- [1, 2, 3]]]),
    io:format("~p~n", [[nested(id(X), id(Y)) || {X, Y} <- [{a, 1}, {a, 2}, {b, 10}]]]),
    io:format("~p~n", [[fizz(N) || N <- lists:seq(1, 30)]]),
    io:format("~p~n", [t(fun() -> classify(id("")) end)]),
    io:format("~p~n", [t(fun() -> classify(id({ok, x, y})) end)]),
    io:format("~p~n", [t(fun() -> grade(id(a)) end)]),
    io:format("~p~n", [t(fun() -> nested(id(c), 1) end)]),
    io:format("~p~n", [t(fun() -> nested(id(a), 3) end)]),
    io:format("~p~n", [t(fun() -> V = id(1), if V > 2 -> x end end)]),
    io:format("~p~n", [t(fun() -> case id(7) of 8 -> x end end)]),
    io:format("~p~n", [t(fun() -> case id({1, [2]}) of {1, [3]} -> x end end)]).
