%% etspar - parallel ETS on shared tables: 8 processes, each half reads and
%% half writes (insert, update_counter, delete) on its own keys of two
%% public tables with write_concurrency, an ordered_set and a set, so the
%% work spreads over every scheduler and only the tables are shared: the
%% program that shows whether table locks serialise schedulers
%% (bench/run --modes "s1=+S 1,s2=+S 2" etspar; erl's own +S 1 by hand).
%% Size: operations per process.
-module(etspar).
%% group: parallel
-define(DEFAULT_SIZE, 200000).
-define(PROCS, 8).
-define(KEYS, 5000).
-include("bench.hrl").

run(N) ->
    O = ets:new(o, [ordered_set, public, {write_concurrency, true}, {read_concurrency, true}]),
    S = ets:new(s, [set, public, {write_concurrency, true}, {read_concurrency, true}]),
    Self = self(),
    Pids = [spawn_link(fun() -> Self ! {self(), ops(N, P * 7919, P, O, S, 0)} end) || P <- lists:seq(1, ?PROCS)],
    Sums = [receive {Pid, R} -> R end || Pid <- Pids],
    {lists:sum(Sums), ets:info(O, size), ets:info(S, size),
     ets:foldl(fun({_, V}, A) -> (A + V) band 16#FFFFFF end, 0, O)}.

ops(0, _, _, _, _, Acc) -> Acc;
ops(N, X, P, O, S, Acc) ->
    X1 = (X * 1103515245 + 12345) band 16#7FFFFFFF,
    K = {X1 rem ?KEYS, P},
    T = case X1 band 1 of 0 -> O; 1 -> S end,
    Acc1 = case (X1 bsr 8) band 7 of
               0 -> ets:insert(T, {K, 1}), Acc + 1;
               1 -> ets:update_counter(T, K, 1, {K, 0}), Acc + 2;
               2 -> ets:delete(T, K), Acc + 3;
               _ -> Acc + length(ets:lookup(T, K))
           end,
    ops(N - 1, X1, P, O, S, Acc1).
