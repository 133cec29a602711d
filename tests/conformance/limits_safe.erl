%% limits_safe - binary_to_term(B, [safe]) refuses to create atoms (in
%% every encoding of an atom and wherever one occurs: tuple, map key, pid
%% node, export fun) and accepts existing ones; without safe the atom is
%% created and safe decoding of it then works.
-module(limits_safe).
-export([main/0]).

main() ->
    Cases = [{atom_ext, <<131, 100, 0, 9, "zq_safe_1">>},
             {small_atom_ext, <<131, 115, 9, "zq_safe_2">>},
             {atom_utf8_ext, <<131, 118, 0, 9, "zq_safe_3">>},
             {small_atom_utf8_ext, <<131, 119, 9, "zq_safe_4">>},
             {unicode_atom, <<131, 119, 10, "zq_safe_", 16#c3, 16#a5>>},
             {in_tuple, <<131, 104, 2, 97, 1, 119, 9, "zq_safe_5">>},
             {in_list, <<131, 108, 0, 0, 0, 1, 119, 9, "zq_safe_6", 106>>},
             {map_key, <<131, 116, 0, 0, 0, 1, 119, 9, "zq_safe_7", 97, 1>>},
             {pid_node, <<131, 88, 119, 9, "zq_safe_8", 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0>>},
             {export_fun, <<131, 113, 119, 9, "zq_safe_9", 119, 3, "fun", 97, 1>>},
             {export_fun_name, <<131, 113, 119, 5, "lists", 119, 9, "zq_safe_a", 97, 1>>}],
    lists:foreach(fun({Name, B}) ->
                          Safe = t(fun() -> binary_to_term(B, [safe]) end),
                          Unsafe = t(fun() -> binary_to_term(B) end),
                          Again = t(fun() -> binary_to_term(B, [safe]) end),
                          io:format("~p: safe ~p, unsafe ~p, safe again ~p~n",
                                    [Name, Safe, ok_or(Unsafe), Again =:= Unsafe])
                  end, Cases),
    io:format("existing: ~p~n", [t(fun() -> binary_to_term(term_to_binary({ok, [hello], #{error => x}}), [safe]) end)]),
    io:format("safe, used: ~p~n", [t(fun() -> binary_to_term(<<131, 119, 9, "zq_safe_b", 1, 2>>, [safe, used]) end)]),
    io:format("used: ~p~n", [t(fun() -> binary_to_term(<<131, 119, 2, "ok", 1, 2>>, [used]) end)]),
    io:format("bad option: ~p~n", [t(fun() -> binary_to_term(term_to_binary(a), [unsafe]) end)]),
    ok.

ok_or({ok, _}) -> ok;
ok_or(Other) -> Other.

t(F) -> try F() of V -> {ok, V} catch C:R -> {C, R} end.
