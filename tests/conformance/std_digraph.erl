%% std_digraph: digraph and digraph_utils (graphs on ETS tables): vertices,
%% edges with labels, paths, cycles, components, topological sort, reachable
%% sets, cyclic/acyclic options and the errors for bad edges.
-module(std_digraph).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    G = digraph:new(),
    [digraph:add_vertex(G, V) || V <- [a, b, c, d, e, f]],
    [digraph:add_edge(G, X, Y) || {X, Y} <- [{a, b}, {b, c}, {c, a}, {c, d}, {d, e}, {e, d}]],
    S = fun lists:sort/1,
    t(counts, fun() -> {digraph:no_vertices(G), digraph:no_edges(G), S(digraph:vertices(G))} end),
    t(nbrs, fun() -> {S(digraph:out_neighbours(G, c)), S(digraph:in_neighbours(G, d)), digraph:out_degree(G, c), digraph:in_degree(G, a)} end),
    t(path, fun() -> {digraph:get_path(G, a, e), digraph:get_path(G, e, a), digraph:get_short_path(G, a, d), digraph:get_cycle(G, a), digraph:get_short_cycle(G, d)} end),
    t(components, fun() -> {S([S(C) || C <- digraph_utils:components(G)]), S([S(C) || C <- digraph_utils:strong_components(G)]),
                            S([S(C) || C <- digraph_utils:cyclic_strong_components(G)])} end),
    t(reach, fun() -> {S(digraph_utils:reachable([d], G)), S(digraph_utils:reaching([a], G)), S(digraph_utils:reachable_neighbours([a], G))} end),
    t(topsort, fun() -> H = digraph:new([acyclic]), [digraph:add_vertex(H, V) || V <- [1, 2, 3, 4]], [digraph:add_edge(H, X, Y) || {X, Y} <- [{1, 2}, {1, 3}, {3, 4}, {2, 4}]],
                        R = {digraph_utils:topsort(H), digraph_utils:is_acyclic(H), digraph:add_edge(H, 4, 1)}, digraph:delete(H), R end),
    t(labels, fun() -> E = digraph:add_edge(G, f, a, weight), {_, V1, V2, L} = digraph:edge(G, E), digraph:del_edge(G, E), {V1, V2, L} end),
    t(vertex_label, fun() -> digraph:add_vertex(G, z, lbl), R = digraph:vertex(G, z), digraph:del_vertex(G, z), {R, digraph:vertex(G, z)} end),
    t(bad_edge, fun() -> digraph:add_edge(G, a, nosuch) end),
    t(del_path, fun() -> H = digraph:new(), [digraph:add_vertex(H, V) || V <- [1, 2, 3]], digraph:add_edge(H, 1, 2), digraph:add_edge(H, 2, 3),
                         digraph:del_path(H, 1, 3), R = digraph:get_path(H, 1, 3), digraph:delete(H), R end),
    t(utils, fun() -> {digraph_utils:is_tree(G), digraph_utils:loop_vertices(G), S(digraph_utils:postorder(G)) =:= S(digraph:vertices(G))} end),
    digraph:delete(G),
    ok.
