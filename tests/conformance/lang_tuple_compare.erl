%% Comparing tuples of one arity (laser compares their elements in turn
%% without its work stack): small integers, floats equal to integers
%% (== against =:=), bignums, nested tuples, lists and maps in elements,
%% and sorting tuple lists.
-module(lang_tuple_compare).
-export([main/0]).

main() ->
    Ps = [{{1, a}, {1.0, a}}, {{1, b}, {1.0, a}}, {{1, a}, {2, a}}, {{2, a}, {1, z}},
          {{1, 1 bsl 70}, {1, 1 bsl 71}}, {{-(1 bsl 70), x}, {0, x}}, {{1, {2, 3}}, {1, {2, 3.0}}},
          {{1, {2, 3}}, {1, {2, 4}}}, {{a, [1, 2]}, {a, [1, 2.0]}}, {{a, [1, 2]}, {a, [1 | 2]}},
          {{k, #{1 => a}}, {k, #{1.0 => a}}}, {{k, #{a => 1}}, {k, #{a => 1.0}}}, {{}, {}},
          {{x, "abc"}, {x, <<"abc">>}}, {{1.5, a}, {1, b}}, {{1, 2, 3}, {1, 2}}, {{a}, [a]},
          {{self(), 1}, {self(), 2}}, {{make_ref(), 1}, {1, 1}}, {{0.0, a}, {-0.0, a}}],
    [io:format("~p ~p ~p ~p ~p ~p~n", [A < B, A == B, A =:= B, A >= B, A =/= B, A /= B]) || {A, B} <- Ps],
    L = [{X rem 7, X rem 3, X} || X <- lists:seq(1, 60)] ++ [{1.0, 0, a}, {1, 0.0, b}, {1, 0, c}],
    io:format("~p~n", [lists:sort(L)]),
    io:format("~p~n", [lists:usort([{1, a}, {1.0, a}, {1, a}, {2, b}, {2.0, b}])]),
    io:format("~p~n", [lists:sort(fun(A, B) -> A >= B end, L)]),
    io:format("~p~n", [lists:keysort(2, L)]),
    io:format("~p~n", [lists:max(L)]),
    ok.
