%% Pattern matching, guards, case/if/receive-free control flow.
-module(patterns).
-export([main/0]).

classify(X) when is_integer(X), X < 0 -> negative;
classify(0) -> zero;
classify(X) when is_integer(X) -> positive;
classify(X) when is_float(X) -> float;
classify(X) when is_atom(X) -> atom;
classify([]) -> empty_list;
classify([_ | _]) -> list;
classify({}) -> empty_tuple;
classify({_, _}) -> pair;
classify(X) when is_tuple(X) -> tuple;
classify(X) when is_map(X) -> map;
classify(X) when is_function(X) -> function;
classify(_) -> other.

grade(S) ->
    if S >= 90 -> a;
       S >= 80 -> b;
       S >= 70 -> c;
       true -> f
    end.

day(1) -> mon; day(2) -> tue; day(3) -> wed; day(4) -> thu;
day(5) -> fri; day(6) -> sat; day(7) -> sun.

sz({_}) -> 1; sz({_, _}) -> 2; sz({_, _, _}) -> 3; sz({_, _, _, _}) -> 4; sz(_) -> many.

guards(X) when X =:= 1; X =:= 2 -> one_or_two;
guards(X) when X == 3.0 -> three_ish;
guards(X) when X /= 4, X =/= 5, X > 5, X =< 10 -> six_to_ten;
guards(X) when not is_integer(X) -> not_int;
guards(X) when (X band 1) =:= 0 andalso X > 100 -> big_even;
guards(X) when X rem 2 =:= 1 orelse X < 0 -> odd;
guards(_) -> other.

main() ->
    erlang:display([classify(V) || V <- [-5, 0, 7, 1.5, foo, [], [1], {}, {1, 2}, {1, 2, 3}, #{}, fun main/0, self()]]),
    erlang:display([grade(S) || S <- [95, 85, 75, 10]]),
    erlang:display([day(D) || D <- lists:seq(1, 7)]),
    erlang:display([sz(T) || T <- [{a}, {a, b}, {a, b, c}, {a, b, c, d}, {}, x]]),
    erlang:display([guards(G) || G <- [1, 2, 3, 3.0, 7, 4, a, 102, 103, 100, -4]]),
    {ok, V} = {ok, 42},
    erlang:display(V),
    [H | T] = "hello",
    erlang:display({H, T}),
    case {1, [2, 3]} of
        {1, [_, Z]} -> erlang:display(Z);
        _ -> erlang:display(no)
    end,
    X = 5,
    R = case X of
            Y when Y > 3 -> big;
            _ -> small
        end,
    erlang:display(R),
    erlang:display(case "abc" of "ab" ++ Rest -> Rest end),
    erlang:display(a < b), erlang:display(1 < a), erlang:display({1} < [1]),
    erlang:display(1 == 1.0), erlang:display(1 =:= 1.0),
    erlang:display(lists:sort([b, 1, "s", {t}, [l], 2.5, #{}])).
