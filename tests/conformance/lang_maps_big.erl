%% stress: skip (over 300 s under ASan with a collection at every allocation; passes GC stress in Release)
%% Large maps (more than 32 keys: the hash-trie representation): integer,
%% atom, tuple and binary keys, updates in both representations, the
%% switch between them (growing and shrinking), equality and ordering of
%% large maps, and term_to_binary round trips.
-module(lang_maps_big).
-export([main/0]).

id(X) -> X.

build(N) -> maps:from_list([{I, I * 2} || I <- lists:seq(1, N)]).

main() ->
    Sizes = [31, 32, 33, 64, 100, 1000, 10000],
    lists:foreach(fun(N) ->
        M = build(N),
        S = lists:sum([maps:get(I, M) || I <- lists:seq(1, N)]),
        io:format("~p ~p ~p ~p ~p~n", [N, map_size(M), S, maps:get(N, M), maps:is_key(N + 1, M)])
    end, Sizes),
    M33 = build(33),
    M33b = M33#{1 := one, 33 := thirty_three, 34 => new},
    io:format("~p~n", [lists:sort(maps:to_list(maps:with([1, 2, 33, 34], M33b)))]),
    M32 = maps:remove(33, M33),
    io:format("~p~n", [{map_size(M32), M32 =:= build(32), maps:remove(1, build(33)) =:= maps:remove(1, build(33))}]),
    Shrink = lists:foldl(fun(I, Acc) -> maps:remove(I, Acc) end, build(100), lists:seq(1, 90)),
    io:format("~p~n", [lists:sort(maps:to_list(Shrink))]),
    Atoms = maps:from_list([{list_to_atom("k" ++ integer_to_list(I)), I} || I <- lists:seq(1, 50)]),
    io:format("~p~n", [{map_size(Atoms), maps:get(k17, Atoms), maps:get(k50, Atoms)}]),
    Mixed = maps:from_list([{{I, I}, I} || I <- lists:seq(1, 40)] ++ [{integer_to_binary(I), I} || I <- lists:seq(1, 40)]),
    io:format("~p~n", [{map_size(Mixed), maps:get({7, 7}, Mixed), maps:get(<<"39">>, Mixed)}]),
    A = build(50), B = maps:from_list(lists:reverse(maps:to_list(build(50)))),
    io:format("~p~n", [{A =:= B, A == B, A < build(51), build(50) < #{0 => 0, 1 => 1}, map_size(maps:merge(A, Mixed))}]),
    Ord = lists:sort([build(40), build(33), #{a => 1}, build(35), (build(35))#{1 := 0}]),
    io:format("~p~n", [[{map_size(X), maps:get(1, X, none)} || X <- Ord]]),
    Bin = term_to_binary(build(100)),
    io:format("~p~n", [{binary_to_term(Bin) =:= build(100), byte_size(Bin)}]),
    Big = build(100000),
    io:format("~p~n", [{map_size(Big), maps:get(99999, Big), lists:sum(maps:values(Big)) }]),
    F = maps:filter(fun(K, _) -> K rem 1000 =:= 0 end, Big),
    io:format("~p~n", [lists:sort(maps:keys(F))]),
    io:format("~p~n", [maps:fold(fun(K, V, Acc) -> Acc + K * V end, 0, build(64))]),
    io:format("~p~n", [erlang:phash2(build(50)) =:= erlang:phash2(B)]).
