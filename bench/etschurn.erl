%% etschurn - ETS insert/lookup/update_counter/delete churn from several
%% processes at once: each worker owns a key range of a shared public set
%% table, writes and reads it, bumps shared counters, and also churns a
%% private ordered_set of its own. Size: operations per worker (4 workers).
%% Result: per-worker sums, the shared counters, the final table contents.
-module(etschurn).
%% group: ets
-define(DEFAULT_SIZE, 400000).
-define(WORKERS, 4).
-define(KEYS, 20000).
-include("bench.hrl").

run(N) ->
    Shared = ets:new(shared, [set, public, {write_concurrency, true}, {read_concurrency, true}]),
    ets:insert(Shared, [{{counter, C}, 0} || C <- lists:seq(0, 7)]),
    Parent = self(),
    Pids = [spawn_link(fun() -> Parent ! {self(), worker(W, N, Shared)} end)
            || W <- lists:seq(1, ?WORKERS)],
    Sums = [receive {P, Sum} -> Sum end || P <- Pids],
    Counters = [V || {_, V} <- lists:sort(ets:match_object(Shared, {{counter, '_'}, '_'}))],
    Contents = ets:foldl(fun({{counter, _}, _}, A) -> A;
                            ({{W, K}, V}, A) -> (A + W * K + V) band 16#FFFFFFFFFF
                         end, 0, Shared),
    {Sums, Counters, ets:info(Shared, size), Contents}.

worker(W, N, Shared) ->
    Own = ets:new(own, [ordered_set, private]),
    Sum = ops(N, W * 7919, W, Shared, Own, 0),
    First = ets:first(Own),
    {Sum, ets:info(Own, size), First, ets:last(Own)}.

ops(0, _S, _W, _Shared, _Own, Acc) -> Acc;
ops(N, S, W, Shared, Own, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    K = S1 rem ?KEYS,
    Key = {W, K},
    Acc1 = case (S1 bsr 20) band 7 of
               Op when Op < 3 ->
                   true = ets:insert(Shared, {Key, S1 band 16#FFFF}),
                   Acc + 1;
               Op when Op < 5 ->
                   case ets:lookup(Shared, Key) of
                       [{_, V}] -> Acc + V;
                       [] -> Acc
                   end;
               5 ->
                   ets:delete(Shared, Key),
                   Acc;
               6 ->
                   ets:update_counter(Shared, {counter, K band 7}, 1),
                   Acc;
               7 ->
                   ets:insert(Own, {K, N}),
                   case ets:next(Own, K) of
                       '$end_of_table' -> Acc;
                       Next -> ets:delete(Own, Next), Acc + Next
                   end
           end,
    ops(N - 1, S1, W, Shared, Own, Acc1 band 16#FFFFFFFFFF).
