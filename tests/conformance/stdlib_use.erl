%% Pure stdlib modules, unchanged .beam files: proplists, orddict,
%% ordsets, gb_trees, queue, sets, dict.
-module(stdlib_use).
-export([main/0]).

main() ->
    P = [{a, 1}, {b, 2}, c],
    erlang:display(proplists:get_value(b, P)),
    erlang:display(proplists:get_bool(c, P)),
    erlang:display(proplists:get_keys(P)),
    D = orddict:from_list([{z, 1}, {a, 2}]),
    erlang:display(orddict:store(m, 3, D)),
    erlang:display(orddict:fetch(a, D)),
    S = ordsets:from_list([3, 1, 2, 3]),
    erlang:display(ordsets:union(S, [5])),
    erlang:display(ordsets:is_element(2, S)),
    T = lists:foldl(fun(K, Acc) -> gb_trees:insert(K, K * 10, Acc) end, gb_trees:empty(), [5, 3, 8, 1]),
    erlang:display(gb_trees:to_list(T)),
    erlang:display(gb_trees:lookup(3, T)),
    Q = queue:in(c, queue:in(b, queue:in(a, queue:new()))),
    erlang:display(queue:to_list(Q)),
    {{value, V}, _} = queue:out(Q),
    erlang:display(V),
    erlang:display(lists:sort(sets:to_list(sets:from_list([x, y, x])))),
    Dict = dict:store(k, v, dict:new()),
    erlang:display(dict:find(k, Dict)),
    erlang:display(lists:seq(10, 1, -3)).
