%% std_collections_equiv: the same operation sequences (seeded pseudo-
%% random inserts, deletes, lookups and set algebra) applied to lists,
%% ordsets, sets v1 and v2, gb_sets, maps, dict, orddict, gb_trees, array
%% and queue; every representation must agree with the others and with
%% erl, step by step.
-module(std_collections_equiv).
-export([main/0]).
-import(stdh, [t/2]).

ops(Seed) ->
    S0 = rand:seed_s(exsss, Seed),
    {Ops, _} = lists:mapfoldl(fun(_, S) -> {Op, S1} = rand:uniform_s(3, S), {K, S2} = rand:uniform_s(200, S1),
                                           {{element(Op, {add, del, has}), K}, S2} end, S0, lists:seq(1, 800)),
    Ops.

run_sets(Ops) ->
    Impls = [{ordsets, ordsets:new(), fun ordsets:add_element/2, fun ordsets:del_element/2, fun ordsets:is_element/2, fun(S) -> S end},
             {sets1, sets:new(), fun sets:add_element/2, fun sets:del_element/2, fun sets:is_element/2, fun(S) -> lists:sort(sets:to_list(S)) end},
             {sets2, sets:new([{version, 2}]), fun sets:add_element/2, fun sets:del_element/2, fun sets:is_element/2, fun(S) -> lists:sort(sets:to_list(S)) end},
             {gb_sets, gb_sets:new(), fun gb_sets:add_element/2, fun gb_sets:del_element/2, fun gb_sets:is_element/2, fun gb_sets:to_list/1}],
    [{Name, begin {S, H} = lists:foldl(fun({add, K}, {S, H}) -> {Add(K, S), H};
                                           ({del, K}, {S, H}) -> {Del(K, S), H};
                                           ({has, K}, {S, H}) -> {S, (H * 3 + case Has(K, S) of true -> 1; false -> 0 end) rem 1000000007}
                                        end, {New, 0}, Ops), {length(ToL(S)), erlang:phash2(ToL(S)), H} end} || {Name, New, Add, Del, Has, ToL} <- Impls].

run_dicts(Ops) ->
    Impls = [{maps, #{}, fun(K, V, M) -> M#{K => V} end, fun maps:remove/2, fun(K, M) -> maps:find(K, M) end, fun(M) -> lists:sort(maps:to_list(M)) end},
             {dict, dict:new(), fun dict:store/3, fun dict:erase/2, fun dict:find/2, fun(D) -> lists:sort(dict:to_list(D)) end},
             {orddict, orddict:new(), fun orddict:store/3, fun orddict:erase/2, fun orddict:find/2, fun(D) -> D end},
             {gb_trees, gb_trees:empty(), fun gb_trees:enter/3, fun gb_trees:delete_any/2, fun(K, T) -> case gb_trees:lookup(K, T) of {value, V} -> {ok, V}; none -> error end end, fun gb_trees:to_list/1},
             {proplist, [], fun(K, V, L) -> [{K, V} | proplists:delete(K, L)] end, fun proplists:delete/2, fun(K, L) -> case proplists:lookup(K, L) of {K, V} -> {ok, V}; none -> error end end,
              fun(L) -> lists:sort(L) end}],
    [{Name, begin {D, H} = lists:foldl(fun({add, K}, {D, H}) -> {Put(K, K * K, D), H};
                                           ({del, K}, {D, H}) -> {Del(K, D), H};
                                           ({has, K}, {D, H}) -> {D, erlang:phash2({H, Find(K, D)})}
                                        end, {New, 0}, Ops), L = ToL(D), {length(L), erlang:phash2(L), H} end} || {Name, New, Put, Del, Find, ToL} <- Impls].

main() ->
    [begin Ops = ops(Seed), t({sets, Seed}, fun() -> R = run_sets(Ops), {length(lists:usort([V || {_, V} <- R])), hd(R)} end),
                            t({dicts, Seed}, fun() -> R = run_dicts(Ops), {length(lists:usort([V || {_, V} <- R])), hd(R)} end) end
     || Seed <- [1, 2, 3, 42]],
    t(algebra, fun() -> [begin A = [X rem 50 || X <- lists:seq(1, 60, S)], B = [X rem 40 || X <- lists:seq(3, 90, S + 1)],
                               OA = ordsets:from_list(A), OB = ordsets:from_list(B),
                               Results = [{ordsets:union(OA, OB), ordsets:intersection(OA, OB), ordsets:subtract(OA, OB)},
                                          {lists:sort(sets:to_list(sets:union(sets:from_list(A), sets:from_list(B)))),
                                           lists:sort(sets:to_list(sets:intersection(sets:from_list(A), sets:from_list(B)))),
                                           lists:sort(sets:to_list(sets:subtract(sets:from_list(A), sets:from_list(B))))},
                                          {gb_sets:to_list(gb_sets:union(gb_sets:from_list(A), gb_sets:from_list(B))),
                                           gb_sets:to_list(gb_sets:intersection(gb_sets:from_list(A), gb_sets:from_list(B))),
                                           gb_sets:to_list(gb_sets:subtract(gb_sets:from_list(A), gb_sets:from_list(B)))},
                                          {lists:usort(A ++ B), [X || X <- lists:usort(A), lists:member(X, B)], lists:usort(A) -- B}],
                               {S, length(lists:usort(Results)), erlang:phash2(hd(Results))} end || S <- [1, 2, 3, 7]] end),
    t(queue_vs_list, fun() -> Ops = ops(9), {Q, L} = lists:foldl(fun({add, K}, {Q, L}) -> {queue:in(K, Q), L ++ [K]};
                                                                     ({del, _}, {Q, []}) -> {Q, []};
                                                                     ({del, _}, {Q, [_ | L]}) -> {queue:drop(Q), L};
                                                                     ({has, K}, {Q, L}) -> true = queue:member(K, Q) =:= lists:member(K, L), {Q, L} end, {queue:new(), []}, Ops),
                              {queue:to_list(Q) =:= L, length(L)} end),
    t(array_vs_map, fun() -> Ops = ops(11), {A, M} = lists:foldl(fun({add, K}, {A, M}) -> {array:set(K, K, A), M#{K => K}};
                                                                   ({del, K}, {A, M}) -> {array:reset(K, A), maps:remove(K, M)};
                                                                   ({has, _}, Acc) -> Acc end, {array:new({default, undefined}), #{}}, Ops),
                             {array:sparse_to_orddict(A) =:= lists:sort(maps:to_list(M)), map_size(M)} end),
    ok.
