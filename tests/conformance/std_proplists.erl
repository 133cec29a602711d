%% std_proplists: every export of proplists (get_value/get_all_values/
%% get_bool/lookup/append_values/delete/compact/normalize/expand/
%% substitute_aliases/negations/split/to_map/from_map, ...).
-module(std_proplists).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    P = [{a, 1}, b, {c, 3}, {a, 2}, {d, true}, {e, false}, "junk", {f}, {g, 1, 2}, c, {b, false}],
    t(get_value, fun() -> [proplists:get_value(K, P) || K <- [a, b, c, d, e, f, g, z]] end),
    t(get_value_def, fun() -> [proplists:get_value(K, P, def) || K <- [a, z, f]] end),
    t(get_all_values, fun() -> [proplists:get_all_values(K, P) || K <- [a, b, c, z]] end),
    t(get_bool, fun() -> [proplists:get_bool(K, P) || K <- [a, b, d, e, z]] end),
    t(lookup, fun() -> [proplists:lookup(K, P) || K <- [a, b, f, g, z]] end),
    t(lookup_all, fun() -> [proplists:lookup_all(K, P) || K <- [a, b, c, z]] end),
    t(is_defined, fun() -> [proplists:is_defined(K, P) || K <- [a, b, f, z]] end),
    t(append_values, fun() -> {proplists:append_values(a, [{a, [1, 2]}, {a, 3}, a, {a, [x]}]), proplists:append_values(z, P)} end),
    t(get_keys, fun() -> proplists:get_keys(P) end),
    t(delete, fun() -> {proplists:delete(a, P), proplists:delete(z, [])} end),
    t(compact, fun() -> proplists:compact([{a, true}, {b, 1}, c, {d, false}]) end),
    t(property, fun() -> {proplists:property({a, true}), proplists:property(a, true), proplists:property(a, 1), proplists:property({a, b, c})} end),
    t(unfold, fun() -> proplists:unfold([a, {b, 1}, "s"]) end),
    t(substitute_aliases, fun() -> proplists:substitute_aliases([{x, a}, {y, b}], [x, {y, 1}, {z, 2}]) end),
    t(substitute_negations, fun() -> proplists:substitute_negations([{no_a, a}, {off, on}], [no_a, {no_a, false}, {off, true}, off, z]) end),
    t(expand, fun() -> proplists:expand([{foo, [bar, baz]}, {{x, 1}, [{y, 2}]}], [fie, foo, {x, 1}, fum]) end),
    t(normalize, fun() -> proplists:normalize([a, {b, 1}, no_c, {alias, 2}], [{aliases, [{alias, d}]}, {negations, [{no_c, c}]}, {expand, [{a, [{a1, x}]}]}]) end),
    t(split, fun() -> proplists:split([{c, 2}, {e, 1}, a, {c, 3, 4}, d, {b, 5}, b], [a, b, c]) end),
    t(to_map, fun() -> {proplists:to_map(P), proplists:to_map([a, {b, 1}, {a, 2}]),
                        proplists:to_map([no_x, {y, 1}], [{negations, [{no_x, x}]}])} end),
    t(from_map, fun() -> lists:sort(proplists:from_map(#{a => 1, b => true})) end),
    t(get_value_err, fun() -> proplists:get_value(a, not_a_list) end),
    t(get_bool_nonbool, fun() -> proplists:get_bool(a, [{a, yes}]) end),
    t(delete_improper, fun() -> proplists:delete(a, [{a, 1} | b]) end),
    ok.
