%% Atom BIFs: atom_to_list/binary (latin1, utf8, unicode), list_to_atom,
%% list_to_existing_atom, binary_to_atom/existing_atom, atom length
%% limits (255 characters), and errors for bad input.
-module(lang_bif_atoms).
-export([main/0]).

id(X) -> X.
t(F) -> try F() catch C:R:S -> {C, R, hd(S)} end.

main() ->
    As = [a, 'A b', '', 'é', 'ñandú', '\x{3b1}\x{3b2}', 'with\'quote', true, 'Elixir.Enum'],
    io:format("~p~n", [[{atom_to_list(A), atom_to_binary(A), atom_to_binary(A, utf8), t(fun() -> atom_to_binary(A, latin1) end)} || A <- As]]),
    io:format("~p~n", [[list_to_atom(L) || L <- ["abc", "", "é", [955, 956], "Quoted Atom"]]]),
    io:format("~p~n", [[binary_to_atom(B, utf8) || B <- [<<"abc">>, <<"é"/utf8>>, <<>>]]]),
    io:format("~p~n", [[binary_to_atom(B, latin1) || B <- [<<"abc">>, <<233>>]]]),
    io:format("~p~n", [{list_to_existing_atom("main"), binary_to_existing_atom(<<"main">>, utf8), binary_to_existing_atom(<<"lists">>)}]),
    L255 = lists:duplicate(255, $x), L256 = lists:duplicate(256, $x),
    io:format("~p~n", [{length(atom_to_list(list_to_atom(L255))), t(fun() -> list_to_atom(L256) end)}]),
    U255 = lists:duplicate(255, 955),
    io:format("~p~n", [{length(atom_to_list(list_to_atom(U255))), t(fun() -> list_to_atom([955 | U255]) end)}]),
    io:format("~p~n", [[t(F) || F <- [
        fun() -> list_to_atom(id([a])) end,
        fun() -> list_to_atom(id([-1])) end,
        fun() -> list_to_atom(id(<<"a">>)) end,
        fun() -> list_to_existing_atom(id("no_such_atom_zq_81")) end,
        fun() -> binary_to_atom(id(<<255>>), utf8) end,
        fun() -> binary_to_atom(id("a"), utf8) end,
        fun() -> binary_to_atom(id(<<"a">>), bad_enc) end,
        fun() -> atom_to_list(id(1)) end,
        fun() -> atom_to_binary(id(a), bad) end,
        fun() -> binary_to_existing_atom(id(<<"no_such_atom_zq_82">>), latin1) end]]]),
    io:format("~p~n", [{is_atom(list_to_atom("true")), list_to_atom("true") =:= true, erlang:atom_to_list(nil)}]).
