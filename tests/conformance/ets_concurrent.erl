-module(ets_concurrent).
-export([main/0]).
%% Several processes (on several schedulers) write, read and count in
%% shared tables of every kind at once; the totals are deterministic.

main() ->
    [run(Opts) || Opts <- [[set, public], [set, public, {write_concurrency, true}],
                           [set, public, {read_concurrency, true}, {write_concurrency, true}],
                           [ordered_set, public, {write_concurrency, true}],
                           [bag, public, {write_concurrency, true}],
                           [duplicate_bag, public]]],
    ok.

run(Opts) ->
    T = ets:new(t, Opts),
    ets:insert(T, {counter, 0}),
    Self = self(),
    N = 8, K = 2000,
    Pids = [spawn_link(fun() -> worker(T, W, K), Self ! {done, self()} end) || W <- lists:seq(1, N)],
    [receive {done, P} -> ok end || P <- Pids],
    Size = ets:info(T, size),
    Keys = ets:select_count(T, [{{{'_', '_'}, '_'}, [], [true]}]),
    Sum = lists:sum([V || {{_, _}, V} <- ets:tab2list(T)]),
    Counter = case lists:member(bag, Opts) orelse lists:member(duplicate_bag, Opts) of
                  true -> ets:select_count(T, [{{{cnt, '_', '_'}, '_'}, [], [true]}]);
                  false -> ets:lookup_element(T, counter, 2)
              end,
    io:format("~p size ~p keys ~p sum ~p counter ~p~n", [Opts, Size, Keys, Sum, Counter]),
    ets:delete(T).

worker(T, W, K) ->
    Bag = ets:info(T, type) =/= set andalso ets:info(T, type) =/= ordered_set,
    lists:foreach(fun(I) ->
                          ets:insert(T, {{W, I}, I}),
                          [{_, I}] = ets:lookup(T, {W, I}),
                          case I rem 4 of
                              0 -> ets:delete(T, {W, I});
                              _ -> ok
                          end,
                          case Bag of
                              true -> ets:insert(T, {{cnt, W, I rem 50}, I});
                              false -> ets:update_counter(T, counter, 1)
                          end,
                          _ = ets:lookup(T, {W + 1, I})
                  end, lists:seq(1, K)),
    %% traversals while others write
    _ = ets:select_count(T, [{'_', [], [true]}]),
    _ = ets:first(T).
