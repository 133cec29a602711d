%% Every type-test guard (is_*), in guards and as plain calls, over every
%% kind of term, plus is_record and is_function/2 with every arity.
-module(lang_guards_types).
-export([main/0]).
-record(r, {a, b}).

id(X) -> X.

tests(X) ->
    [T || {T, true} <-
          [{atom, is_atom(X)}, {binary, is_binary(X)}, {bitstring, is_bitstring(X)},
           {boolean, is_boolean(X)}, {float, is_float(X)}, {function, is_function(X)},
           {function1, is_function(X, 1)}, {integer, is_integer(X)}, {list, is_list(X)},
           {map, is_map(X)}, {number, is_number(X)}, {pid, is_pid(X)}, {port, is_port(X)},
           {reference, is_reference(X)}, {tuple, is_tuple(X)},
           {record_r, is_record(X, r)}, {record_r3, is_record(X, r, 3)}]].

g(X) when is_atom(X) -> atom;
g(X) when is_binary(X) -> binary;
g(X) when is_bitstring(X) -> bitstring;
g(X) when is_float(X) -> float;
g(X) when is_function(X, 2) -> fun2;
g(X) when is_function(X) -> function;
g(X) when is_integer(X) -> integer;
g(X) when is_list(X) -> list;
g(X) when is_map(X) -> map;
g(X) when is_pid(X) -> pid;
g(X) when is_port(X) -> port;
g(X) when is_reference(X) -> reference;
g(X) when is_record(X, r) -> record;
g(X) when is_tuple(X) -> tuple.

gr(X) when is_record(X, r, 3) -> yes;
gr(_) -> no.

main() ->
    Terms = [a, true, false, <<1>>, <<1:1>>, 1.0, 1, 1 bsl 80, -(1 bsl 70),
             [], [1], [1 | 2], #{}, #{a => b}, {}, {r, 1, 2}, #r{}, {r, 1},
             fun(A) -> A end, fun(A, B) -> {A, B} end, fun erlang:abs/1,
             "", 0.0],
    lists:foreach(fun(T) -> io:format("~p ~p ~p~n", [T, g(id(T)), tests(id(T))]) end, Terms),
    io:format("~p~n", [{g(self()), tests(self()), g(make_ref()), tests(make_ref())}]),
    io:format("~p~n", [[gr(id(X)) || X <- [#r{}, {r, 1}, {r, 1, 2, 3}, {q, 1, 2}, x]]]),
    F = fun(A, B, C) -> A + B + C end,
    io:format("~p~n", [[is_function(id(F), N) || N <- [0, 1, 2, 3, 4]]]),
    io:format("~p~n", [[erlang:is_function(id(fun lists:map/2), N) || N <- [1, 2]]]),
    io:format("~p~n", [try is_function(id(F), -1) catch C1:R1 -> {C1, R1} end]),
    io:format("~p~n", [try is_function(id(F), a) catch C2:R2 -> {C2, R2} end]),
    io:format("~p~n", [try is_record(id(#r{}), id(3), 3) catch C3:R3 -> {C3, R3} end]).
