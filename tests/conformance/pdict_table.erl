%% pdict_table: the process dictionary as a hash table: keys that differ
%% only by type or in a deep part, overwriting and erasing keys that share
%% a bucket while the table grows and shrinks, collections between the
%% steps, erase/0 and reuse, get_keys/1 over many values, and another
%% process's dictionary through process_info/2.
-module(pdict_table).
-export([main/0]).

xsort(L) -> [X || {_, _, X} <- lists:sort([{X, term_to_binary(X), X} || X <- L])].

%% pids and refs print differently on the two VMs
show(T) when is_pid(T) -> pid;
show(T) when is_reference(T) -> ref;
show(T) when is_tuple(T) -> list_to_tuple(show(tuple_to_list(T)));
show([H | T]) -> [show(H) | show(T)];
show(T) -> T.

keys() ->
    [0, 1, -1, 1.0, -0.0, 0.0, 1 bsl 59, 1 bsl 60, -(1 bsl 60), 1 bsl 200,
     a, 'A', '', "a", <<"a">>, <<"a", 0:1>>, {a}, {a, 1}, {a, 1.0}, [a | b],
     #{a => 1}, #{a => 1.0}, self(), make_ref(), fun lists:map/2,
     {deep, [1, 2, {3, <<"x">>}]}, {deep, [1, 2, {3, <<"y">>}]}].

main() ->
    Ks = keys(),
    io:format("~p~n", [show([put(K, {v, K}) || K <- Ks])]),
    io:format("~p~n", [[get(K) =:= {v, K} || K <- Ks]]),
    io:format("~p~n", [length(get()) =:= length(Ks)]),
    %% overwrite every other key, erase every third, with a GC between
    [put(K, {w, K}) || {I, K} <- lists:zip(lists:seq(1, length(Ks)), Ks), I rem 2 =:= 0],
    erlang:garbage_collect(),
    [erase(K) || {I, K} <- lists:zip(lists:seq(1, length(Ks)), Ks), I rem 3 =:= 0],
    io:format("~p~n", [show([get(K) || K <- Ks])]),
    io:format("~p~n", [show(xsort(get_keys()))]),
    %% grow past many doublings, overwrite, then shrink to a few keys
    N = 5000,
    [put({k, I}, I) || I <- lists:seq(1, N)],
    io:format("~p~n", [{get({k, 1}), get({k, N}), get({k, N + 1}), length(get_keys())}]),
    [put({k, I}, -I) || I <- lists:seq(1, N, 7)],
    erlang:garbage_collect(),
    io:format("~p~n", [lists:sum([get({k, I}) || I <- lists:seq(1, N)])]),
    io:format("~p~n", [length(get_keys(-8))]),
    Erased = [erase({k, I}) || I <- lists:seq(1, N), I rem 100 =/= 0],
    io:format("~p~n", [{length(Erased), lists:sum(Erased), lists:sort(get_keys(-701))}]),
    io:format("~p~n", [lists:sort([V || {{k, _}, V} <- get()])]),
    %% the survivors of the first part are still there
    io:format("~p~n", [show([get(K) || K <- Ks])]),
    %% get_keys/1 with many keys sharing one value
    [put({same, I}, shared) || I <- lists:seq(1, 300)],
    io:format("~p~n", [{length(get_keys(shared)), lists:max(get_keys(shared))}]),
    %% erase/0 returns everything and leaves an empty, usable dictionary
    All = erase(),
    io:format("~p~n", [{length(All), get(), get_keys(), get(a), put(a, again), get(a)}]),
    %% another process's dictionary, read while it waits
    Self = self(),
    P = spawn(fun() ->
                  [put(I, integer_to_list(I)) || I <- lists:seq(1, 40)],
                  erase(7),
                  Self ! ready,
                  receive stop -> ok end
              end),
    receive ready -> ok end,
    {dictionary, D} = process_info(P, dictionary),
    P ! stop,
    io:format("~p~n", [lists:sort(D)]),
    %% put/get of the same key in a loop, the table never growing
    io:format("~p~n", [loop(100000, 0)]).

loop(0, Acc) -> {Acc, get(ctr)};
loop(I, Acc) ->
    put(ctr, I),
    put({ctr, I rem 3}, I),
    V = get({ctr, (I + 1) rem 3}),
    loop(I - 1, (Acc + case V of undefined -> 0; _ -> V end) rem 1000003).
