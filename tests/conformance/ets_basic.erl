-module(ets_basic).
-export([main/0]).

main() ->
    [types(Ty) || Ty <- [set, ordered_set, bag, duplicate_bag]],
    named(),
    errors(),
    counters(),
    iteration(),
    infos(),
    ok.

%% info/1 items (in erl's order) and the deterministic values of info/2.
infos() ->
    [begin
         T = ets:new(inf, Opts),
         ets:insert(T, [{K, K} || K <- lists:seq(1, 10)]),
         io:format("info keys ~p~n", [[K || {K, _} <- ets:info(T)]]),
         io:format("info ~p ~p~n", [Opts, [ets:info(T, I) || I <- [type, size, keypos, protection, named_table,
                                                                     read_concurrency, write_concurrency,
                                                                     decentralized_counters, compressed, node,
                                                                     heir, fixed, safe_fixed]]]),
         io:format("owner/id ~p ~p ~p~n", [ets:info(T, owner) =:= self(), is_reference(ets:info(T, id)),
                                          is_integer(ets:info(T, memory))]),
         ets:safe_fixtable(T, true),
         {Time, Fixers} = ets:info(T, safe_fixed),
         {MTime, Fixers} = ets:info(T, safe_fixed_monotonic_time),
         io:format("safe_fixed ~p ~p ~p~n", [tuple_size(Time), is_integer(MTime), Fixers =:= [{self(), 1}]]),
         ets:safe_fixtable(T, false),
         ets:delete(T)
     end || Opts <- [[], [ordered_set, public, {keypos, 2}], [bag, private, {write_concurrency, true}],
                     [duplicate_bag, {read_concurrency, true}, {write_concurrency, auto}],
                     [compressed, {decentralized_counters, false}, {write_concurrency, true}, ordered_set],
                     [named_table, {heir, none}]]],
    io:format("setopts ~p~n", [e(catch ets:setopts(nosuch, {heir, none}))]).

%% an exception without the arguments (table ids differ between VMs)
e({'EXIT', {R, [{M, F, A, I} | _]}}) -> {'EXIT', R, M, F, length(A), I};
e(X) -> X.

s(L) when is_list(L) -> lists:sort(L);
s(X) -> X.

types(Ty) ->
    T = ets:new(t, [Ty]),
    io:format("~p new ~p~n", [Ty, is_reference(T)]),
    true = ets:insert(T, {a, 1}),
    true = ets:insert(T, [{b, 2}, {c, 3}, {a, 4}, {1, int}, {1.0, float}]),
    io:format("~p lookup a ~p~n", [Ty, s(ets:lookup(T, a))]),
    io:format("~p lookup 1 ~p 1.0 ~p~n", [Ty, s(ets:lookup(T, 1)), s(ets:lookup(T, 1.0))]),
    io:format("~p member ~p ~p~n", [Ty, ets:member(T, b), ets:member(T, zz)]),
    io:format("~p size ~p~n", [Ty, ets:info(T, size)]),
    io:format("~p insert_new ~p ~p~n", [Ty, ets:insert_new(T, {a, 9}), ets:insert_new(T, {d, 9})]),
    io:format("~p insert_new list ~p ~p~n", [Ty, ets:insert_new(T, [{e, 1}, {a, 1}]), ets:insert_new(T, [{e, 1}, {f, 1}])]),
    ets:insert(T, {a, 1}),
    io:format("~p lookup a ~p~n", [Ty, s(ets:lookup(T, a))]),
    io:format("~p lookup_element ~p~n", [Ty, s(ets:lookup_element(T, a, 2))]),
    io:format("~p delete_object ~p ~p~n", [Ty, ets:delete_object(T, {a, 1}), s(ets:lookup(T, a))]),
    io:format("~p take ~p ~p~n", [Ty, s(ets:take(T, b)), ets:lookup(T, b)]),
    io:format("~p delete ~p ~p~n", [Ty, ets:delete(T, c), ets:lookup(T, c)]),
    io:format("~p foldl ~p~n", [Ty, s(ets:foldl(fun(X, A) -> [X | A] end, [], T))]),
    io:format("~p delete_all ~p ~p~n", [Ty, ets:delete_all_objects(T), ets:info(T, size)]),
    Big = [{I, integer_to_list(I), <<I:800>>} || I <- lists:seq(1, 3000)],
    ets:insert(T, Big),
    io:format("~p big ~p~n", [Ty, ets:info(T, size)]),
    [ets:delete(T, I) || I <- lists:seq(1, 2990)],
    io:format("~p big after ~p ~p~n", [Ty, ets:info(T, size), s(ets:foldl(fun(X, A) -> [X | A] end, [], T)) =:= lists:nthtail(2990, Big)]),
    io:format("~p delete ~p ~p~n", [Ty, ets:delete(T), ets:info(T)]),
    io:format("~p gone ~p~n", [Ty, e(catch ets:lookup(T, a))]).

named() ->
    nt = ets:new(nt, [named_table, public, {keypos, 2}]),
    ets:insert(nt, {x, key1}),
    io:format("named ~p ~p~n", [ets:lookup(nt, key1), is_reference(ets:whereis(nt))]),
    io:format("whereis ~p~n", [ets:whereis(nosuch)]),
    io:format("rename ~p ~p ~p~n", [ets:rename(nt, nt2), ets:info(nt2, name), ets:info(nt)]),
    io:format("info ~p~n", [[ets:info(nt2, I) || I <- [keypos, protection, named_table, type, size, heir, compressed, node]]]),
    T = ets:whereis(nt2),
    io:format("by ref ~p~n", [ets:lookup(T, key1)]),
    io:format("all ~p~n", [lists:member(nt2, ets:all())]),
    ets:delete(nt2),
    io:format("all ~p~n", [lists:member(nt2, ets:all())]).

errors() ->
    io:format("~p~n", [e(catch ets:lookup(nosuch, 1))]),
    T = ets:new(t, [private]),
    io:format("~p~n", [e(catch ets:insert(T, foo))]),
    io:format("~p~n", [e(catch ets:insert(T, {}))]),
    io:format("~p~n", [e(catch ets:insert(T, [{a}|b]))]),
    io:format("~p~n", [e(catch ets:new(t, [foo]))]),
    io:format("~p~n", [e(catch ets:new("t", []))]),
    io:format("~p~n", [e(catch ets:new(t, [{keypos, 0}]))]),
    ets:new(dup, [named_table]),
    io:format("~p~n", [e(catch ets:new(dup, [named_table]))]),
    io:format("~p~n", [e(catch ets:lookup_element(T, nokey, 2))]),
    ets:insert(T, {k, v}),
    io:format("~p~n", [e(catch ets:lookup_element(T, k, 3))]),
    io:format("~p~n", [e(catch ets:lookup_element(T, k, 0))]),
    io:format("~p~n", [e(catch ets:update_element(T, k, {1, x}))]),
    io:format("~p~n", [e(catch ets:update_element(T, k, {3, x}))]),
    io:format("~p~n", [e(catch ets:update_element(T, k, {2, x}))]),
    io:format("~p~n", [e(catch ets:update_element(T, nokey, {2, x}))]),
    io:format("~p~n", [e(catch ets:info(T, bad))]),
    io:format("~p~n", [e(catch ets:info(nosuch))]),
    io:format("~p~n", [e(catch ets:info(nosuch, size))]),
    io:format("~p~n", [e(catch ets:info(42))]),
    io:format("~p~n", [e(catch ets:slot(T, -1))]),
    io:format("~p~n", [e(catch ets:whereis("x"))]),
    io:format("~p~n", [e(catch ets:give_away(T, self(), x))]),
    Self = self(),
    P = spawn(fun() ->
                      Self ! {r, [e(catch ets:lookup(T, k)), e(catch ets:insert(T, {a})),
                                  e(catch ets:lookup(dup, k)), e(catch ets:insert(dup, {a})),
                                  e(catch ets:delete(dup)),
                                  e(catch ets:give_away(T, Self, x))]}
              end),
    receive {r, R} -> [io:format("other ~p~n", [X]) || X <- R] end,
    _ = P,
    ok.

counters() ->
    T = ets:new(c, [set]),
    ets:insert(T, {k, 0, 10, x}),
    io:format("uc ~p~n", [ets:update_counter(T, k, 5)]),
    io:format("uc ~p~n", [ets:update_counter(T, k, {3, -3})]),
    io:format("uc ~p~n", [ets:update_counter(T, k, [{2, 1}, {3, 1}, {2, 100}])]),
    io:format("uc ~p~n", [ets:update_counter(T, k, {2, 1000, 500, 7})]),
    io:format("uc ~p~n", [ets:update_counter(T, k, {3, -1000, -5, -5})]),
    io:format("uc ~p~n", [ets:update_counter(T, k, {2, 1 bsl 62})]),
    io:format("uc ~p~n", [ets:lookup(T, k)]),
    io:format("uc ~p~n", [ets:update_counter(T, new, 3, {new, 10})]),
    io:format("uc ~p~n", [ets:update_counter(T, new2, {3, 1}, {x, 1, 2})]),
    io:format("uc ~p~n", [ets:lookup(T, new2)]),
    io:format("uc ~p~n", [e(catch ets:update_counter(T, nokey, 1))]),
    io:format("uc ~p~n", [e(catch ets:update_counter(T, k, {1, 1}))]),
    io:format("uc ~p~n", [e(catch ets:update_counter(T, k, {9, 1}))]),
    io:format("uc ~p~n", [e(catch ets:update_counter(T, k, {4, 1}))]),
    io:format("uc ~p~n", [e(catch ets:update_counter(T, k, a))]),
    io:format("uc ~p~n", [e(catch ets:update_counter(T, k, 1, {short}))]),
    io:format("ue ~p ~p~n", [ets:update_element(T, k, [{4, y}, {3, z}]), ets:lookup(T, k)]),
    B = ets:new(b, [bag]),
    ets:insert(B, {k, 1}),
    io:format("uc bag ~p~n", [e(catch ets:update_counter(B, k, 1))]),
    O = ets:new(o, [ordered_set]),
    ets:insert(O, {1, 1}),
    io:format("uc os ~p ~p~n", [ets:update_counter(O, 1.0, 1), ets:lookup(O, 1)]).

iteration() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{K} || K <- [5, a, {x}, "s", 1.5, 2, <<"b">>, [], zz]]),
    Keys = collect(O, ets:first(O), fun ets:next/2),
    io:format("os next ~p~n", [Keys]),
    io:format("os prev ~p~n", [collect(O, ets:last(O), fun ets:prev/2)]),
    io:format("os next missing ~p ~p ~p~n", [ets:next(O, 3), ets:prev(O, 3), ets:next(O, zzzz)]),
    io:format("os slot ~p ~p ~p~n", [ets:slot(O, 0), ets:slot(O, 8), ets:slot(O, 9)]),
    io:format("os slot ~p~n", [e(catch ets:slot(O, 10))]),
    E = ets:new(e, [ordered_set]),
    io:format("empty ~p ~p ~p~n", [ets:first(E), ets:last(E), ets:next(E, 1)]),
    S = ets:new(s, [set]),
    ets:insert(S, [{K} || K <- lists:seq(1, 500)]),
    SK = collect(S, ets:first(S), fun ets:next/2),
    io:format("set next ~p~n", [lists:sort(SK) =:= lists:seq(1, 500)]),
    io:format("set missing ~p~n", [e(catch ets:next(S, 1000))]),
    ets:safe_fixtable(S, true),
    io:format("fixed ~p~n", [ets:info(S, fixed)]),
    F = ets:first(S),
    ets:delete(S, F),
    N = ets:next(S, F),
    io:format("fixed next ~p~n", [is_integer(N)]),
    All = collect2(S, ets:first(S)),
    io:format("fixed deleting all ~p ~p~n", [length(All), ets:info(S, size)]),
    ets:safe_fixtable(S, false),
    io:format("fixed ~p ~p~n", [ets:info(S, fixed), ets:info(S, safe_fixed)]),
    io:format("after ~p~n", [ets:first(S)]).

collect(_T, '$end_of_table', _F) -> [];
collect(T, K, F) -> [K | collect(T, F(T, K), F)].

collect2(_T, '$end_of_table') -> [];
collect2(T, K) -> ets:delete(T, K), [K | collect2(T, ets:next(T, K))].
