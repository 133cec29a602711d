-module(ets_compressed).
-export([main/0]).
%% The compressed option: objects are kept in a compact form (the key as a
%% term, the rest in the external format, as erts) and every operation
%% answers as on a plain table; the table takes less memory.

main() ->
    [run(Type) || Type <- [set, ordered_set, bag, duplicate_bag]],
    memory(),
    ok.

obj(I) ->
    {I, lists:seq(1, I rem 20), list_to_binary(lists:duplicate(I rem 200, $a)),
     #{a => I, "b" => [I]}, I * 1.25, I * 10000000000000000000000, {nested, [I, {x, <<I:16>>}]},
     "text" ++ integer_to_list(I), I rem 7}.

run(Type) ->
    C = ets:new(c, [Type, compressed, public]),
    P = ets:new(p, [Type, public]),
    Both = fun(F) -> R1 = F(C), R2 = F(P), {R1 =:= R2, R1} end,
    Ins = fun(T) -> ets:insert(T, [obj(I) || I <- lists:seq(1, 300)]),
                    ets:insert(T, obj(5)), ets:insert(T, {5, other}), ets:insert_new(T, obj(1000)) end,
    Checks =
        [{insert, Ins},
         {compressed, fun(T) -> ets:info(T, compressed) =:= (ets:info(T, name) =:= c) end},
         {lookup, fun(T) -> [ets:lookup(T, K) || K <- [1, 5, 77, 299, 1000, 1001]] end},
         {lookup_element, fun(T) -> [try ets:lookup_element(T, K, 4) catch error:E -> E end || K <- [2, 5, 1001]] end},
         {member, fun(T) -> [ets:member(T, K) || K <- [3, 1001]] end},
         {tab2list, fun(T) -> lists:sort(ets:tab2list(T)) end},
         {match, fun(T) -> lists:sort(ets:match(T, {'$1', '_', '_', '_', '_', '_', {nested, '$2'}, '_', 3})) end},
         {match_object, fun(T) -> lists:sort(ets:match_object(T, {'_', [1, 2], '_', '_', '_', '_', '_', '_', '_'})) end},
         {select, fun(T) -> lists:sort(ets:select(T, [{{'$1', '$2', '_', #{a => '$3'}, '_', '_', '_', '_', '_'},
                                                      [{'<', '$1', 30}], [{{'$1', '$3', {length, '$2'}}}]}])) end},
         {select_count, fun(T) -> ets:select_count(T, [{{'_', '_', '$1', '_', '_', '_', '_', '_', '_'},
                                                        [{'>', {byte_size, '$1'}, 100}], [true]}]) end},
         {delete_object, fun(T) -> ets:delete_object(T, obj(7)), ets:delete_object(T, {5, other}),
                                   lists:sort(ets:lookup(T, 7) ++ ets:lookup(T, 5)) end},
         {take, fun(T) -> ets:take(T, 8) end},
         {update, fun(T) -> case ets:info(T, type) of
                                 S when S =:= set; S =:= ordered_set ->
                                     {ets:update_counter(T, 9, {9, 5}), ets:update_element(T, 10, {2, changed}),
                                      ets:lookup(T, 9), ets:lookup(T, 10),
                                      ets:update_counter(T, 5000, {2, 1}, {5000, 0})};
                                 _ -> bag
                             end end},
         {select_replace, fun(T) -> case ets:info(T, type) of
                                         bag -> bag;
                                         _ -> {ets:select_replace(T, [{{'$1', '$2', '_', '_', '_', '_', '_', '_', '$3'},
                                                                       [{'==', '$3', 0}],
                                                                       [{{'$1', '$2', <<"r">>, #{}, 0.0, 0, {{}}, "", '$3'}}]}]),
                                               lists:sort(ets:match_object(T, {'_', '_', <<"r">>, '_', '_', '_', '_', '_', '_'}))}
                                     end end},
         {select_delete, fun(T) -> ets:select_delete(T, [{{'$1', '_', '_', '_', '_', '_', '_', '_', '_'},
                                                          [{'>', '$1', 250}], [true]}]) end},
         {chunks, fun(T) -> walk_chunks(ets:match_object(T, '_', 17)) end},
         {first_next, fun(T) -> lists:sort(walk(T, ets:first(T))) end},
         {foldl, fun(T) -> lists:sort(ets:foldl(fun(O, A) -> [element(1, O) | A] end, [], T)) end},
         {size, fun(T) -> ets:info(T, size) end}],
    [begin
         {Same, R} = Both(F),
         io:format("~p ~p same ~p ~P~n", [Type, Name, Same, R, 12])
     end || {Name, F} <- Checks],
    ets:delete(C),
    ets:delete(P).

walk(_, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].

walk_chunks('$end_of_table') -> [];
walk_chunks({L, C}) -> lists:sort(L) ++ walk_chunks(ets:match_object(C)).

%% Lists, strings and repeated data are smaller in the external format.
memory() ->
    C = ets:new(c, [compressed]),
    P = ets:new(p, []),
    Objs = [{I, lists:seq(1, 50), "a string of some length", {I, I, I}} || I <- lists:seq(1, 1000)],
    ets:insert(C, Objs),
    ets:insert(P, Objs),
    io:format("compressed smaller ~p~n", [ets:info(C, memory) < ets:info(P, memory)]),
    io:format("same objects ~p~n", [lists:sort(ets:tab2list(C)) =:= lists:sort(ets:tab2list(P))]).
