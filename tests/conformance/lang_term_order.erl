%% The standard term order across every type (number < atom < reference <
%% fun < port < pid < tuple < map < nil < list < bitstring), within each
%% type (tuples by size first, maps by size then keys, lists element-wise,
%% bitstrings bytewise then by length), and sorting a mixed list.
-module(lang_term_order).
-export([main/0]).

id(X) -> X.

tag(X) when is_number(X) -> number;
tag(X) when is_atom(X) -> atom;
tag(X) when is_reference(X) -> reference;
tag(X) when is_function(X) -> 'fun';
tag(X) when is_port(X) -> port;
tag(X) when is_pid(X) -> pid;
tag(X) when is_tuple(X) -> tuple;
tag(X) when is_map(X) -> map;
tag([]) -> nil;
tag(X) when is_list(X) -> list;
tag(X) when is_bitstring(X) -> bitstring.

main() ->
    Mixed = [<<1>>, [a], [], #{}, {}, self(), fun() -> ok end, make_ref(), zzz, 1.5, 1, -1 bsl 70,
             <<1:1>>, "abc", {a, b}, #{a => 1}, aaa, 1.0e300, 1 bsl 70],
    Sorted = lists:sort(lists:reverse(Mixed)),
    io:format("~p~n", [[tag(X) || X <- Sorted]]),
    io:format("~p~n", [[tag(X) || X <- lists:sort(fun(A, B) -> A > B end, Mixed)]]),
    io:format("~p~n", [lists:sort([{b}, {a, a}, {a}, {}, {z, z, z}, {a, b}, {1, 2}])]),
    io:format("~p~n", [lists:sort([[b], [a, b], [a], [a | b], [1], [a, a, a], "ab", [[]]])]),
    io:format("~p~n", [lists:sort([<<2>>, <<1, 2>>, <<1>>, <<>>, <<1:1>>, <<0:1>>, <<1, 2:3>>, <<255>>, <<1, 1>>])]),
    io:format("~p~n", [lists:sort([#{b => 1}, #{a => 2}, #{a => 1, b => 1}, #{}, #{c => 0}, #{1 => a}, #{a => 1}, #{1.0 => a}])]),
    io:format("~p~n", [lists:sort(['B', b, 'a', a, 'ab', '', 'Z', z, true, false, nil])]),
    io:format("~p~n", [lists:sort([2, 1.5, -3, 1 bsl 64, -(1 bsl 64), 0.0, 1.0e-300, -1.0e300])]),
    io:format("~p~n", [{1 < a, a < {}, {} < #{}, #{} < [], [] < [a], [a] < <<>>, {a, b} < {a, b, c}, {z} < {a, a}}]),
    io:format("~p~n", [{#{a => 1} < #{a => 1, b => 2}, #{z => 1} < #{a => 1, b => 1}, #{a => 2} < #{b => 1}, #{1 => x} < #{a => x}}]),
    R1 = make_ref(), R2 = make_ref(),
    io:format("~p~n", [{R1 < R2 orelse R1 > R2, R1 =/= R2, R1 =:= R1}]),
    io:format("~p~n", [{erlang:max(id(a), {}), erlang:min(id([]), <<>>), erlang:max(id(1), a)}]),
    io:format("~p~n", [lists:usort([a, 1, 1.0, a, "x", "x", {1}, {1.0}])]).
