#!/usr/bin/env escript
%% bif_maps.escript OUT - erl's outcomes for the map BIFs of
%% runtime/bif/maps.c; replayed by tests/unit/test_bif_maps.c.
%%
%% erts_internal:map_next/3 returns as many pairs of a HAMT as a quarter of
%% the caller's remaining reductions allow (at most 32 from path 0), so
%% only calls whose answer cannot depend on that are cases: flatmaps, paths
%% to a HAMT's last pair (one pair, then none), and bad paths. (Path 0 of a
%% HAMT gives 32 pairs only if 128 reductions are left, which the case loop
%% does not ensure: erl once gave 22. test_bif_maps.c walks whole maps.)
-mode(compile).
-include("bif_cases.hrl").

main([Out]) ->
    rand:seed(exsss, {9, 8, 7}),
    M0 = #{},
    M1 = #{a => 1},
    Mixed = #{1 => int, 1.0 => float, -0.0 => negzero, 0.0 => zero, <<"b">> => bin, "s" => str, {t} => tup,
              [l] => list, 1 bsl 64 => big, a => atom, #{k => v} => map},
    M32 = maps:from_list([{I, I * 2} || I <- lists:seq(1, 32)]),
    M33 = maps:from_list([{I, I * 2} || I <- lists:seq(1, 33)]),
    %% No atoms in the keys of maps over 32 keys: OTP's internal hash of an
    %% atom is that of its index in erl's atom table, so the HAMT order of
    %% atom keys is particular to each running system (laser's differs).
    M100 = maps:from_list([{{I, "k"}, I} || I <- lists:seq(1, 100)]),
    M1000 = maps:from_list([{I, integer_to_list(I)} || I <- lists:seq(1, 1000)]),
    MStr = maps:from_list([{integer_to_binary(I), I} || I <- lists:seq(1, 60)]),
    Maps = [M0, M1, Mixed, M32, M33, M100, M1000, MStr],
    NonMaps = [a, [], {}, 1, [{a, 1}], <<>>],
    Keys = [a, b, 1, 1.0, 0.0, -0.0, 2, 32, 33, 34, 1000, 1001, {50, "k"}, {101, "k"}, <<"b">>, <<"7">>, "s",
            1 bsl 64, 1.8446744073709552e19, #{k => v}, [l], {t}],
    Lists = [[], [{a, 1}], [{a, 1}, {a, 2}], [{1, a}, {1.0, b}, {1, c}],
             [{I, I} || I <- lists:seq(1, 32)], [{I, I} || I <- lists:seq(1, 33)],
             [{I rem 40, I} || I <- lists:seq(1, 200)], [{rand:uniform(5000), I} || I <- lists:seq(1, 2000)],
             [{a, 1} | b], [{a, 1}, x], [{a}], [{a, 1, 2}], a, #{}],
    KeyLists = [[], [a], [a, a, b], lists:seq(1, 32), lists:seq(1, 33), lists:seq(1, 1000), [1, 1.0],
                [a | b], a],
    Cases =
        [{maps, F, [K, M]} || F <- [find, get, is_key, take, remove], M <- Maps ++ NonMaps, K <- Keys] ++
        [{erlang, F, [K, M]} || F <- [map_get, is_map_key], M <- Maps ++ NonMaps, K <- Keys] ++
        [{maps, F, [K, new, M]} || F <- [put, update], M <- Maps ++ NonMaps, K <- Keys] ++
        [{maps, F, [M]} || F <- [keys, values], M <- Maps ++ NonMaps] ++
        [{erlang, map_size, [M]} || M <- Maps ++ NonMaps] ++
        [{maps, from_list, [L]} || L <- Lists] ++
        [{maps, from_keys, [L, v]} || L <- KeyLists] ++
        [{maps, merge, [A, B]} || A <- Maps ++ [a], B <- Maps ++ [b],
                                  maps_size(A) * maps_size(B) < 1000000] ++
        [{maps, merge, [A, B]} || {A, B} <- [{M32, #{100 => x}}, {M33, #{1 => x}}, {#{100 => x}, M32},
                                            {maps:from_list([{I, a} || I <- lists:seq(1, 20)]),
                                             maps:from_list([{I, b} || I <- lists:seq(10, 30)])},
                                            {maps:from_list([{I, a} || I <- lists:seq(1, 20)]),
                                             maps:from_list([{I, b} || I <- lists:seq(15, 40)])},
                                            {M1000, maps:from_list([{I, x} || I <- lists:seq(990, 1100)])}]] ++
        [{erts_internal, map_next, [P, M, A]} || M <- [M0, M1, Mixed, M32],
                                                P <- [0, 1, 2, 11, 12, 32, 33, -1, 1 bsl 64, a, 1.0],
                                                A <- [iterator, [], [x], x, {}]] ++
        [{erts_internal, map_next, [P, M, A]} || M <- [M33, M100, M1000, MStr], P <- [-1, a, -(1 bsl 64), 1.5],
                                                A <- [iterator, []]] ++
        [{erts_internal, map_next, [0, M, x]} || M <- [M33, a]] ++
        [{erts_internal, map_next, [P, M, A]} || M <- [M33, M100, M1000, MStr], P <- stable_paths(M),
                                                A <- [iterator, [y]]],
    write_cases(Out, Cases).

maps_size(M) when is_map(M) -> maps:size(M);
maps_size(_) -> 1.

%% Paths of up to three levels whose map_next answer does not depend on
%% reductions: those to the very last pair, and those that are badarg.
stable_paths(M) ->
    Ps = [E0 + 16 * E1 + 256 * E2 || E2 <- lists:seq(0, 15), E1 <- lists:seq(0, 15), E0 <- lists:seq(0, 15)],
    Tried = [{P, try erts_internal:map_next(P, M, iterator) catch error:badarg -> badarg end} || P <- Ps],
    Last = lists:usort([P || {P, {_, _, none}} <- Tried]),
    Bad = [P || {P, badarg} <- Tried],
    lists:sublist(Last, 12) ++ lists:sublist(Bad, 1, 6) ++ lists:sublist(lists:reverse(Bad), 1, 6).
