%% Map errors with their exact reasons and stack frames: badmap, badkey
%% from map_get/maps:get and := updates, failed map matches, and bad
%% arguments to the maps BIFs.
-module(lang_maps_errors).
-export([main/0]).

id(X) -> X.

t(F) -> try F() catch C:R:S -> {C, R, hd(S)} end.

main() ->
    M = #{a => 1},
    io:format("~p~n", [[t(F) || F <- [
        fun() -> (id(M))#{b := 2} end,
        fun() -> (id(not_a_map))#{b => 2} end,
        fun() -> (id([]))#{b := 2} end,
        fun() -> map_get(b, id(M)) end,
        fun() -> map_get(b, id(x)) end,
        fun() -> maps:get(b, id(M)) end,
        fun() -> maps:get(b, id(x)) end,
        fun() -> maps:get(b, id(x), default) end,
        fun() -> maps:find(a, id(x)) end,
        fun() -> maps:put(a, 1, id(x)) end,
        fun() -> maps:update(b, 1, id(M)) end,
        fun() -> maps:remove(a, id(x)) end,
        fun() -> maps:keys(id(x)) end,
        fun() -> maps:values(id([])) end,
        fun() -> maps:to_list(id(x)) end,
        fun() -> maps:from_list(id([a])) end,
        fun() -> maps:merge(id(M), x) end,
        fun() -> maps:is_key(a, id(x)) end,
        fun() -> is_map_key(a, id(x)) end,
        fun() -> map_size(id(x)) end,
        fun() -> #{a := 2} = id(M) end,
        fun() -> #{b := _} = id(M) end,
        fun() -> #{} = id(x) end,
        fun() -> maps:with(id(x), M) end,
        fun() -> maps:without([a], id(x)) end,
        fun() -> maps:take(a, id(x)) end,
        fun() -> maps:update_with(z, fun(V) -> V end, id(M)) end,
        fun() -> maps:fold(fun(_, _, A) -> A end, 0, id(x)) end,
        fun() -> maps:map(fun(_, V) -> V end, id(x)) end,
        fun() -> maps:iterator(id(x)) end,
        fun() -> maps:next(id(x)) end]]]),
    io:format("~p~n", [{maps:get(b, M, dflt), maps:take(a, M), maps:take(z, M), maps:update_with(a, fun(V) -> V + 1 end, M),
                        maps:update_with(z, fun(V) -> V end, 0, M)}]).
