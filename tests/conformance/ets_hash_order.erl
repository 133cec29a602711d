-module(ets_hash_order).
-export([main/0]).
%% (mods/ets_hash_check.erl does the checks; ets_hash_big runs 100000
%% objects.) Hash tables list their objects in erl's order at every size: erts'
%% linear hashing (one slot per object, segments, split and join), its
%% traversal order (with and without write_concurrency's 64 locks), chains
%% (a new key at the end), after inserts and deletes, through first/next,
%% tab2list, match, select (whole and in chunks), foldl and slot.
%% Keys are of every type but atoms inside compound terms: erts' internal
%% hash takes an atom's table index there, which no other VM can share.

main() ->
    [ets_hash_check:run(Type, Opts, N) || N <- [10, 300, 5000],
                           Type <- [set, bag, duplicate_bag],
                           Opts <- [[], [{write_concurrency, true}], [{write_concurrency, auto}]]],
    chunks(),
    slots(),
    ok.

%% select/3 and match/3 chunks: whole slots, newest first, the rest carried
chunks() ->
    [begin
         T = ets:new(t, [Type | Opts]),
         [ets:insert(T, {ets_hash_check:key(I), I}) || I <- lists:seq(1, 700)],
         Cs = collect(ets:select(T, [{{'$1', '$2'}, [{'<', '$2', 600}], ['$2']}], Lim)),
         Ms = collect(ets:match_object(T, {'_', '_'}, Lim)),
         %% a key-bound spec: only those keys' slots
         Ks = ets:select(T, [{{ets_hash_check:key(I), '$1'}, [], ['$1']} || I <- [5, 77, 300, 9999, 5]], 2),
         io:format("chunks ~w ~w ~w: ~w ~w ~w ~w ~w~n",
                   [Type, Opts, Lim, length(Cs), erlang:phash2(Cs),
                    length(Ms), erlang:phash2(Ms), keyed(Ks)]),
         ets:delete(T)
     end || Type <- [set, bag], Opts <- [[], [{write_concurrency, true}]], Lim <- [1, 7, 100, 1000]],
    E = ets:new(e, []),
    io:format("empty ~p ~p~n", [ets:select(E, [{'_', [], ['$_']}], 3), ets:match(E, '$1', 1)]),
    ets:delete(E).

collect('$end_of_table') -> [];
collect({L, C}) -> [L | collect(ets:select(C))].

keyed('$end_of_table') -> [];
keyed({L, '$end_of_table'}) -> [L];
keyed({L, C}) -> [L | keyed(ets:select(C))].

%% slot/2 lists a slot in erl's order; past the last slot: end, then badarg
slots() ->
    T = ets:new(t, [bag]),
    [ets:insert(T, {I rem 40, I}) || I <- lists:seq(1, 400)],
    N = element(1, ets:info(T, stats)),
    Bad = try ets:slot(T, N + 1) catch error:badarg -> badarg end,
    io:format("slots ~w ~w ~w ~w~n", [N, erlang:phash2([ets:slot(T, I) || I <- lists:seq(0, N - 1)]),
                                      ets:slot(T, N), Bad]),
    ets:delete(T).
