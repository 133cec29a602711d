-module(ets_ordered_concurrent).
-export([main/0]).
%% Writers and readers on several schedulers share ordered_sets (with and
%% without write_concurrency, whose key ranges lock apart and split under
%% contention); afterwards every traversal lists the objects in term order.

main() ->
    [run(Opts) || Opts <- [[{write_concurrency, true}],
                           [{write_concurrency, true}, {read_concurrency, true}],
                           [{read_concurrency, true}], []]],
    ok.

run(Opts) ->
    T = ets:new(t, [ordered_set, public | Opts]),
    Self = self(),
    Ws = [spawn_link(fun() -> writer(T, W, 3000), Self ! {done, self()} end) || W <- lists:seq(0, 3)],
    Rs = [spawn_link(fun() -> Self ! {read, self(), reader(T, 3000, 0)} end) || _ <- [1, 2]],
    [receive {done, P} -> ok end || P <- Ws],
    Reads = [receive {read, P, N} -> N end || P <- Rs],
    Keys = walk(T, ets:first(T)),
    Back = walk_back(T, ets:last(T)),
    Sel = ets:select(T, [{{'$1', '_'}, [], ['$1']}]),
    Rev = chunks(ets:select_reverse(T, [{{'$1', '_'}, [], ['$1']}], 100)),
    io:format("~p size ~p sorted ~p back ~p select ~p reverse ~p readers ok ~p sum ~p~n",
              [Opts, ets:info(T, size), Keys =:= lists:sort(Keys), Back =:= lists:reverse(Keys),
               Sel =:= Keys, Rev =:= lists:reverse(Keys), lists:all(fun(N) -> N >= 0 end, Reads),
               lists:sum([V || {_, V} <- ets:tab2list(T)])]),
    io:format("  first ~p last ~p next ~p prev ~p slot ~p~n",
              [ets:first(T), ets:last(T), ets:next(T, {1, 500}), ets:prev(T, {2, 0}), ets:slot(T, 100)]),
    ets:delete(T).

%% writer W owns keys {W, I}; it inserts, overwrites, deletes every third
writer(_, _, 0) -> ok;
writer(T, W, I) ->
    ets:insert(T, {{W, I}, I}),
    ets:insert(T, {{W, I}, I * 2}),
    [{_, V}] = ets:lookup(T, {W, I}),
    V = I * 2,
    case I rem 3 of
        0 -> ets:delete(T, {W, I});
        _ -> ok
    end,
    writer(T, W, I - 1).

reader(_, 0, N) -> N;
reader(T, I, N) ->
    K = {I rem 4, I},
    _ = ets:lookup(T, K),
    _ = ets:next(T, K),
    _ = ets:prev(T, K),
    reader(T, I - 1, N + 1).

walk(_, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].

walk_back(_, '$end_of_table') -> [];
walk_back(T, K) -> [K | walk_back(T, ets:prev(T, K))].

chunks('$end_of_table') -> [];
chunks({L, C}) -> L ++ chunks(ets:select_reverse(C)).
