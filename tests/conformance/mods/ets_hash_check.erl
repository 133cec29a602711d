-module(ets_hash_check).
-export([key/1, run/3]).
%% The checks of ets_hash_order and ets_hash_big: a hash table of N objects
%% after inserts, deletes, reinserts and delete_all_objects, listed every
%% way (first/next, tab2list, match, select, foldl) and its stats.

key(I) ->
    case I rem 8 of
        0 -> I;
        1 -> list_to_atom("k" ++ integer_to_list(I rem 500));
        2 -> {I, I + 1};
        3 -> integer_to_binary(I);
        4 -> I * 1.5;
        5 -> [I, <<"x">>, 2.5];
        6 -> I * 100000000000000000000;
        7 -> integer_to_list(I)
    end.

run(Type, Opts, N) ->
    T = ets:new(t, [Type, public | Opts]),
    [ets:insert(T, {key(I), I}) || I <- lists:seq(1, N)],
    case Type of
        set -> ok;
        _ -> [ets:insert(T, {key(I), -I}) || I <- lists:seq(1, N, 7)]
    end,
    report(T, {Type, Opts, N, inserted}),
    %% delete two thirds (shrinks big tables), then insert some back
    [ets:delete(T, key(I)) || I <- lists:seq(1, N, 3)],
    [ets:delete_object(T, {key(I), I}) || I <- lists:seq(2, N, 3)],
    report(T, {Type, Opts, N, deleted}),
    [ets:insert(T, {key(I), I + 1}) || I <- lists:seq(1, N, 5)],
    _ = ets:take(T, key(4)),
    report(T, {Type, Opts, N, reinserted}),
    ets:delete_all_objects(T),
    [ets:insert(T, {key(I), I}) || I <- lists:seq(1, 20)],
    report(T, {Type, Opts, N, emptied}),
    ets:delete(T).

report(T, Tag) ->
    L = ets:tab2list(T),
    FN = walk(T, ets:first(T)),
    M = ets:match(T, {'$1', '$2'}),
    S = ets:select(T, [{{'$1', '$2'}, [{is_integer, '$2'}], [{{'$2', '$1'}}]}]),
    F = ets:foldl(fun({K, _}, Acc) -> [K | Acc] end, [], T),
    Stats = ets:info(T, stats),
    io:format("~w size ~w slots ~w stats ~w~n  first ~w~n  t2l ~w ~w fn ~w ~w m ~w s ~w f ~w~n",
              [Tag, ets:info(T, size), element(1, Stats), Stats,
               lists:sublist(FN, 6), length(L), erlang:phash2(L), length(FN),
               erlang:phash2(FN), erlang:phash2(M), erlang:phash2(S), erlang:phash2(F)]).

walk(_, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].

