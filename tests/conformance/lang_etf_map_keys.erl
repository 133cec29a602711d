%% Map keys decoded from external format that differ only in fields
%% a hash could skip: funs with the same old index but another index, and
%% pids and ports differing in one number, in flatmaps and in HAMTs. Each
%% decoded map must keep every key and find each by lookup; a flatmap lists
%% them in term order. (A HAMT's order of these keys hangs on atom indexes
%% and node addresses, which differ between VMs and runs.)
-module(lang_etf_map_keys).
-export([main/0]).

main() ->
    F = fun() -> ok end,
    <<131, 112, Size:32, Ar, U:16/binary, _Idx:32, Rest/binary>> = term_to_binary(F),
    Fun = fun(I) -> <<112, Size:32, Ar, U/binary, I:32, Rest/binary>> end,
    Pid = fun(S) -> <<88, 119, 5, "a@b.c", 1:32, S:32, 1:32>> end,
    Port = fun(N) -> <<120, 119, 5, "a@b.c", N:64, 1:32>> end,
    [check(Name, Mk, Extra) || {Name, Mk} <- [{funs, Fun}, {pids, Pid}, {ports, Port}],
                               Extra <- [0, 31, 100]],
    ok.

check(Name, Mk, Extra) ->
    Fill = << <<98, I:32, 106>> || I <- lists:seq(1, Extra) >>,
    Bin = <<131, 116, (2 + Extra):32, (Mk(0))/binary, 97, 1, (Mk(7))/binary, 97, 2, Fill/binary>>,
    M = binary_to_term(Bin),
    Keys = [K || K <- maps:keys(M), not is_integer(K)],
    io:format("~p ~p: size ~p, values ~p, lookups ~p~n",
              [Name, Extra, maps:size(M), lists:sort([maps:get(K, M) || K <- Keys]),
               [maps:is_key(K, M) || K <- Keys]]),
    Extra =:= 0 andalso io:format("  order ~p~n", [[V || {K, V} <- maps:to_list(M), not is_integer(K)]]).
