%% erts_internal:term_type/1, map_to_tuple_keys/1 and map_hashmap_children/1
%% (what erts_debug:size/1 walks maps with), erts_debug:size/1 over flatmaps,
%% HAMTs and shared subterms, and erlang:function_exported/3 of apply/2,3.
-module(bif_term_type).
-export([main/0]).
main() ->
    Big = maps:from_list([{X, X} || X <- lists:seq(1, 40)]),
    Huge = maps:from_list([{X, {X}} || X <- lists:seq(1, 2000)]),
    Ts = [1, -1 bsl 70, 1.5, <<1,2,3>>, <<0:800>>, <<5:7>>, binary:part(<<0:800>>, 3, 50), #{a => 1}, Big,
          [1], [], {}, {1,2}, fun lists:sort/1, fun() -> ok end, self(), make_ref(), atom, hd(erlang:ports())],
    io:format("~p~n", [[erts_internal:term_type(T) || T <- Ts]]),
    io:format("~p~n", [erts_internal:map_to_tuple_keys(#{b => 2, a => 1, 3 => x})]),
    io:format("~p~n", [[catch erts_internal:map_to_tuple_keys(X) || X <- [Big, 7]]]),
    io:format("~p~n", [[catch erts_internal:map_hashmap_children(X) || X <- [#{}, 7]]]),
    Cs = erts_internal:map_hashmap_children(Big),
    io:format("~p~n", [{length(Cs), [erts_internal:term_type(C) || C <- Cs]}]),
    io:format("~p~n", [[erts_debug:size(T) || T <- [Big, Huge, #{a => [1,2]}, {Big, Big}, [Huge | Huge]]]]),
    io:format("~p~n", [[erlang:function_exported(erlang, apply, A) || A <- [1,2,3,4]]]),
    ok.
