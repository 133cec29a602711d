%% Records: construction with defaults, field access, updates of one and
%% many fields, nested records, record patterns and guards, record_info,
%% element/setelement on them, and badrecord errors.
-module(lang_records).
-export([main/0]).

-record(point, {x = 0, y = 0}).
-record(person, {name, age = 0, tags = [], addr = #point{}}).
-record(big, {f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20}).

id(X) -> X.

older(#person{age = A} = P) when A >= 18 -> P#person{tags = [adult | P#person.tags]};
older(P = #person{}) -> P#person{age = P#person.age + 1}.

move(#point{x = X, y = Y} = P, DX, DY) -> P#point{x = X + DX, y = Y + DY}.

name_of(#person{name = N}) -> N;
name_of(_) -> none.

main() ->
    P0 = #person{name = "Ann"},
    P1 = P0#person{age = 30, tags = [x]},
    io:format("~p~n", [{P0, P1}]),
    io:format("~p~n", [[older(id(P)) || P <- [P0, P1]]]),
    io:format("~p~n", [move(#point{x = 1}, 2, 3)]),
    io:format("~p~n", [{P1#person.name, P1#person.age, (P1#person.addr)#point.x}]),
    Nested = P1#person{addr = (P1#person.addr)#point{y = 7}},
    io:format("~p~n", [Nested]),
    io:format("~p~n", [{record_info(fields, person), record_info(size, person),
                        record_info(fields, point), record_info(size, big)}]),
    io:format("~p~n", [{#person.name, #person.age, #point.y}]),
    B = #big{f1 = 1, f20 = 20},
    B2 = B#big{f2 = 2, f5 = 5, f10 = 10, f19 = 19},
    io:format("~p~n", [{B2, tuple_size(B2), element(11, B2)}]),
    io:format("~p~n", [[setelement(I, id({a, b, c}), x) || I <- [1, 2, 3]]]),
    io:format("~p~n", [[name_of(id(X)) || X <- [P0, {person, 1}, {point, 1, 2}, foo]]]),
    io:format("~p~n", [[is_record(id(X), person) || X <- [P0, #point{}, {person}, {person, 1, 2, 3, 4}]]]),
    R = [try (id(X))#person.name catch C:E:S -> {C, E, hd(S)} end || X <- [#point{}, {person}, 3]],
    io:format("~p~n", [R]),
    R2 = [try (id(X))#point{x = 5} catch C:E:S -> {C, E, hd(S)} end || X <- [#person{}, {point, 1}, #point{}]],
    io:format("~p~n", [R2]),
    R3 = [try setelement(I, id(T), v) catch C:E:S -> {C, E, hd(S)} end || {I, T} <- [{0, {a}}, {2, {a}}, {1, a}, {a, {a}}]],
    io:format("~p~n", [R3]),
    R4 = [try element(I, id(T)) catch C:E:S -> {C, E, hd(S)} end || {I, T} <- [{0, {a}}, {2, {a}}, {1, [a]}, {1 bsl 64, {a}}]],
    io:format("~p~n", [R4]).
