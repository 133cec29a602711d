%% Every guard function of match specifications on a set of values, in
%% bodies (value or 'EXIT') and guards (clause taken or not), plus heads
%% with many variables, large maps, binaries, references and funs.
-module(ms_guards).
-export([main/0]).

values() ->
    [0, 1, -7, 3.5, -0.0, 1 bsl 70, -(1 bsl 65), a, true, false, [], [1, 2], "ab", [a | b],
     {}, {a, 1}, {x, y, z}, <<>>, <<1, 2, 3>>, <<1:5>>, #{}, #{a => 1}, self(), make_ref(),
     fun lists:map/2, fun() -> ok end].

fns() ->
    [{is_atom, 1}, {is_float, 1}, {is_integer, 1}, {is_list, 1}, {is_number, 1}, {is_pid, 1},
     {is_port, 1}, {is_reference, 1}, {is_tuple, 1}, {is_map, 1}, {is_binary, 1},
     {is_function, 1}, {abs, 1}, {hd, 1}, {tl, 1}, {length, 1}, {round, 1}, {trunc, 1},
     {float, 1}, {size, 1}, {byte_size, 1}, {bit_size, 1}, {map_size, 1}, {node, 1}, {'+', 1},
     {'-', 1}, {'bnot', 1}, {'not', 1}].

fns2() ->
    [{'+', 2}, {'-', 2}, {'*', 2}, {'/', 2}, {'div', 2}, {'rem', 2}, {'band', 2}, {'bor', 2},
     {'bxor', 2}, {'bsl', 2}, {'bsr', 2}, {'>', 2}, {'>=', 2}, {'<', 2}, {'=<', 2}, {'=:=', 2},
     {'==', 2}, {'=/=', 2}, {'/=', 2}, {'xor', 2}, {element, 2}, {map_get, 2},
     {is_map_key, 2}, {binary_part, 2}].

body(F, Args, Obj) ->
    {ok, R, [], []} = erlang:match_spec_test(Obj, [{'$1', [], [list_to_tuple([F | Args])]}], table),
    R.

guard(F, Args, Obj) ->
    {ok, R, [], []} = erlang:match_spec_test(Obj, [{'$1', [list_to_tuple([F | Args])], [yes]}], table),
    R.

show(X) when is_pid(X) -> pid;
show(X) when is_reference(X) -> ref;
show(X) when is_function(X) -> 'fun';
show(X) -> X.

main() ->
    Vs = values(),
    lists:foreach(
      fun({F, 1}) ->
              io:format("~p/1 ~w~n", [F, [{show(body(F, ['$1'], V)), guard(F, ['$1'], V)} || V <- Vs]])
      end, fns()),
    Small = [0, 2, -3, 1.5, 1 bsl 66, a, {a, b}, <<1, 2>>, #{a => 1}, [a]],
    lists:foreach(
      fun({F, 2}) ->
              io:format("~p/2 ~w~n",
                        [F, [show(body(F, [{element, 1, '$1'}, {element, 2, '$1'}], {A, B}))
                             || A <- Small, B <- Small]])
      end, fns2()),
    io:format("binary_part/3 ~w~n",
              [[body(binary_part, ['$1', S, L], <<"hello">>) || S <- [0, 1, 5, 6, -1], L <- [0, 2, -1, 9]]]),
    io:format("is_record/3 ~w~n",
              [[body(is_record, ['$1', R, N], T) || T <- [{r, 1}, {r}, {s, 1}, r, {}],
                                                    R <- [r, s, 1], N <- [1, 2, 0]]]),
    io:format("node ~p~n", [body(node, [], x) =:= node()]),
    %% many variables, large numbers
    Head = list_to_tuple([list_to_atom("$" ++ integer_to_list(N)) || N <- lists:seq(100, 1, -1)]),
    Obj = list_to_tuple(lists:seq(1, 100)),
    {ok, All, _, _} = erlang:match_spec_test(Obj, [{Head, [{'=:=', '$100', 1}], ['$$']}], table),
    io:format("100 vars ~p~n", [All =:= lists:reverse(lists:seq(1, 100))]),
    {ok, V1, _, _} = erlang:match_spec_test({a, b}, [{{'$1000000', '$7'}, [], [{{'$7', '$1000000'}}]}], table),
    io:format("big var numbers ~p~n", [V1]),
    %% a large (hash) map in a head and a body
    Big = maps:from_list([{K, K * K} || K <- lists:seq(1, 40)]),
    Pat = maps:from_list([{K, list_to_atom("$" ++ integer_to_list(K))} || K <- [3, 17, 33, 40]]),
    io:format("hashmap head ~p~n", [erlang:match_spec_test(Big, [{Pat, [], ['$$']}], table)]),
    io:format("hashmap miss ~p~n", [erlang:match_spec_test(maps:remove(33, Big), [{Pat, [], ['$$']}], table)]),
    BodyMap = maps:from_list([{K, '$1'} || K <- lists:seq(1, 40)]),
    {ok, BM, _, _} = erlang:match_spec_test(7, [{'$1', [], [BodyMap]}], table),
    io:format("hashmap body ~p~n", [BM =:= maps:from_list([{K, 7} || K <- lists:seq(1, 40)])]),
    %% compile errors in a large map body: pairs in the map's order until one
    %% is not constant, then all again (integer keys: the order is erl's)
    EM = maps:from_list([{K, {list_to_atom("f" ++ integer_to_list(K))}} || K <- lists:seq(1, 34)]),
    {error, EMs} = erlang:match_spec_test(x, [{'_', [], [EM]}], table),
    io:format("hashmap body errors ~p~n", [[S || {error, S} <- EMs]]),
    %% binaries, references and funs in heads
    Ref = make_ref(),
    io:format("binary head ~p~n", [[element(2, erlang:match_spec_test(X, [{{<<"key">>, '$1'}, [], ['$1']}], table))
                                    || X <- [{<<"key">>, 1}, {<<"kez">>, 2}, {<<"key", 0>>, 3}]]]),
    io:format("ref head ~p~n", [[element(2, erlang:match_spec_test(X, [{{Ref, '$1'}, [], ['$1']}], table))
                                 || X <- [{Ref, 1}, {make_ref(), 2}]]]),
    io:format("sub binary ~p~n", [erlang:match_spec_test({binary:part(<<"xxkeyxx">>, 2, 3)}, [{{<<"key">>}, [], [ok]}], table)]),
    %% a float in a head compares bits (0.0 and -0.0 differ), a repeated variable =:=
    io:format("zeros ~p~n", [[element(2, erlang:match_spec_test({X}, [{{P}, [], [yes]}], table))
                              || X <- [0.0, -0.0], P <- [0.0, -0.0]]
                             ++ [element(2, erlang:match_spec_test({X, Y}, [{{'$1', '$1'}, [], [yes]}], table))
                                 || X <- [0.0, -0.0], Y <- [0.0, -0.0]]]),
    %% a large object returned whole
    Large = {lists:seq(1, 1000), list_to_binary(lists:duplicate(200, $a)), #{k => [1.5]}},
    {ok, L2, _, _} = erlang:match_spec_test(Large, [{'_', [], ['$_']}], table),
    io:format("large ~p~n", [L2 =:= Large]),
    ok.
