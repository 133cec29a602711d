%% term_to_binary / binary_to_term round trips of every term kind, the
%% exact bytes of the external format for small examples (atoms, integers
%% of every size class, floats, strings, lists, tuples, maps, binaries,
%% bitstrings, funs' equality after a round trip), options (compressed,
%% minor_version, safe), and errors for bad binaries.
-module(lang_bif_etf).
-export([main/0]).

id(X) -> X.
t(F) -> try F() catch C:R -> {C, R} end.

main() ->
    Terms = [a, '', 'é', 0, 255, 256, -1, 1 bsl 27, -(1 bsl 27) - 1, 1 bsl 31, 1 bsl 32, 1 bsl 64, -(1 bsl 64),
             1 bsl 2000, 1.5, -0.0, 1.0e300, "", "abc", [1000, 2000], [a | b], [[]], {}, {a, {b}}, <<>>, <<1, 2, 3>>,
             <<1:3>>, <<1, 2:5>>, #{}, #{a => 1, b => [2]}, maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
             list_to_tuple(lists:seq(1, 300)), lists:seq(1, 300), fun lists:map/2],
    lists:foreach(fun(T) ->
        B = term_to_binary(T),
        io:format("~w ~w~n", [B, binary_to_term(B) =:= T])
    end, Terms),
    io:format("~p~n", [[term_to_binary(T, [{minor_version, 0}]) || T <- [1.5, 'a']]]),
    io:format("~p~n", [[term_to_binary(T, [{minor_version, 2}]) || T <- [a, 'é']]]),
    Big = lists:duplicate(1000, hello),
    C = term_to_binary(Big, [compressed]),
    io:format("~p~n", [{byte_size(C) < byte_size(term_to_binary(Big)), binary_to_term(C) =:= Big}]),
    io:format("~p~n", [[byte_size(term_to_binary(Big, [{compressed, L}])) < 1000 || L <- [1, 6, 9]]]),
    io:format("~p~n", [binary_to_term(<<131, 100, 0, 3, "abc">>)]),
    io:format("~p~n", [binary_to_term(<<131, 104, 2, 97, 1, 106>>)]),
    {T1, Used} = binary_to_term(<<131, 97, 7, "trailing">>, [used]),
    io:format("~p~n", [{T1, Used}]),
    io:format("~p~n", [[t(fun() -> binary_to_term(id(B)) end) || B <- [<<>>, <<131>>, <<130, 97, 1>>, <<131, 97>>, <<131, 200>>,
                                                                       <<131, 107, 0, 5, 1>>, a]]]),
    io:format("~p~n", [t(fun() -> binary_to_term(<<131, 100, 0, 12, "no_atom_zq_1">>, [safe]) end)]),
    F = fun(X) -> X + 1 end,
    F2 = binary_to_term(term_to_binary(F)),
    io:format("~p~n", [{F2(1), F2 =:= F}]),
    io:format("~p~n", [{erlang:external_size(Terms) =:= byte_size(term_to_binary(Terms)), erlang:external_size(a)}]),
    io:format("~p~n", [binary_to_term(term_to_binary(Terms)) =:= Terms]).
