%% std_sofs: sets of sets (sofs): sets, relations and families built from
%% external terms, typed, with union/intersection/difference, relation
%% operations (domain, range, converse, composite, image, restriction,
%% projection, relative_product, closure-free ops), family operations,
%% partitions, and the type errors.
-module(std_sofs).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    A = sofs:set([1, 2, 3, 4]), B = sofs:set([3, 4, 5]),
    R = sofs:relation([{a, 1}, {b, 2}, {c, 1}, {a, 3}]), R2 = sofs:relation([{1, x}, {2, y}, {3, x}]),
    F = sofs:family([{a, [1, 2]}, {b, [2, 3]}, {c, []}]),
    X = fun sofs:to_external/1,
    t(sets, fun() -> {X(sofs:union(A, B)), X(sofs:intersection(A, B)), X(sofs:difference(A, B)), X(sofs:symdiff(A, B)), sofs:is_subset(sofs:set([1, 2]), A),
                      sofs:is_disjoint(A, sofs:set([9])), sofs:no_elements(A), sofs:type(A), sofs:is_set(A), sofs:is_sofs_set(A), sofs:is_empty_set(sofs:empty_set())} end),
    t(from_term, fun() -> [X(sofs:from_term(T, Ty)) || {T, Ty} <- [{[3, 1, 2, 1], [atom]}, {{a, [b, c]}, {atom, [atom]}}, {[{1, [a, b]}], [{int, [atom]}]}]] end),
    t(from_term_types, fun() -> [sofs:type(sofs:from_term(T)) || T <- [[1, 2], {a, b}, [{a, [1]}], a]] end),
    t(relation, fun() -> {X(sofs:domain(R)), X(sofs:range(R)), X(sofs:converse(R)), X(sofs:relative_product(R, R2)), X(sofs:composite(sofs:a_function([{a, 1}, {b, 2}]), sofs:a_function([{1, x}, {2, y}]))),
                          X(sofs:image(R, sofs:set([a]))), X(sofs:inverse_image(R, sofs:set([1]))), X(sofs:restriction(R, sofs:set([a, b]))),
                          X(sofs:drestriction(R, sofs:set([a]))), X(sofs:field(R)), sofs:is_a_function(R), X(sofs:strict_relation(sofs:relation([{1, 1}, {1, 2}])))} end),
    t(projection, fun() -> {X(sofs:projection(1, R)), X(sofs:projection(2, R)), X(sofs:substitution(fun({K, V}) -> {V, K} end, R))} end),
    t(families, fun() -> {X(sofs:family_to_relation(F)), X(sofs:relation_to_family(R)), X(sofs:family_union(F)), X(sofs:family_intersection(sofs:family([{a, [1, 2]}, {b, [2, 3]}]))),
                          X(sofs:union_of_family(F)), X(sofs:intersection_of_family(sofs:family([{a, [1, 2]}, {b, [2, 3]}]))), X(sofs:family_domain(sofs:family([{a, [{1, x}]}]))),
                          X(sofs:family_range(sofs:family([{a, [{1, x}]}]))), X(sofs:family_specification(fun(S) -> sofs:no_elements(S) > 1 end, F)),
                          X(sofs:family_projection(fun(S) -> sofs:union(S, sofs:set([0])) end, F))} end),
    t(partition, fun() -> {X(sofs:partition(fun(E) -> sofs:from_term(sofs:to_external(E) rem 2) end, A)), X(sofs:partition(1, R)),
                           X(sofs:partition_family(1, R)), X(sofs:partition(sofs:family_to_relation(F)))} end),
    t(specification, fun() -> {X(sofs:specification(fun(E) -> sofs:to_external(E) > 2 end, A)), X(sofs:product(sofs:set([1, 2]), sofs:set([a, b]))),
                               X(sofs:product({sofs:set([1]), sofs:set([a]), sofs:set([x, y])}))} end),
    t(ordering, fun() -> {X(sofs:multiple_relative_product({R, R}, sofs:relation([{a, b}]))), X(sofs:canonical_relation(sofs:family_to_relation(F)) ) } end),
    t(digraph_free, fun() -> {X(sofs:extension(R, sofs:set([d]), sofs:from_term(0))), X(sofs:weak_relation(sofs:relation([{1, 2}])))} end),
    t(type_err, fun() -> sofs:union(A, R) end),
    t(bad_set, fun() -> sofs:set([{a, 1}, b]) end),
    t(bad_relation, fun() -> sofs:relation([{a, 1}, {b}]) end),
    t(not_function, fun() -> sofs:a_function([{a, 1}, {a, 2}]) end),
    ok.
