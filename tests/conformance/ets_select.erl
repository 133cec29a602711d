-module(ets_select).
-export([main/0]).
%% match, match_object, select in every form (limits and continuations),
%% select_count/delete/replace, match_delete, tab2list, over each table
%% type. Hash tables print sorted results; ordered_set the exact order.

main() ->
    [run(Ty) || Ty <- [set, ordered_set, bag, duplicate_bag]],
    errors(),
    bad_conts(),
    ok.

e({'EXIT', {R, [{M, F, A, I} | _]}}) -> {'EXIT', R, M, F, length(A), I};
e(X) -> X.

o(ordered_set, L) -> L;
o(_, L) -> lists:sort(fun(A, B) -> {A, term_to_binary(A)} =< {B, term_to_binary(B)} end, L).

run(Ty) ->
    T = ets:new(t, [Ty, public]),
    ets:insert(T, [{K, K * 2, if K rem 3 =:= 0 -> fizz; true -> plain end} || K <- lists:seq(1, 40)]),
    ets:insert(T, [{K, x, y} || K <- [a, b, "str", {tup, 1}, 1.0]]),
    p(Ty, tab2list, o(Ty, ets:tab2list(T))),
    p(Ty, match, o(Ty, ets:match(T, {'$1', '_', fizz}))),
    p(Ty, match2, o(Ty, ets:match(T, {'$2', '$1', '_'}))),
    p(Ty, match_object, o(Ty, ets:match_object(T, {'_', x, '_'}))),
    p(Ty, match_key, ets:match_object(T, {5, '_', '_'})),
    p(Ty, match_key_var, ets:match(T, {7, '$1', '$2'})),
    MS = [{{'$1', '$2', '_'}, [{is_integer, '$1'}, {'>', '$1', 30}], [{{'$1', '$2'}}]}],
    p(Ty, select, o(Ty, ets:select(T, MS))),
    p(Ty, select_reverse, case Ty of ordered_set -> ets:select_reverse(T, MS); _ -> lists:sort(ets:select_reverse(T, MS)) end),
    p(Ty, select_keys, o(Ty, ets:select(T, [{{K, '_', '_'}, [], ['$_']} || K <- [3, 1, a, 99, 3]]))),
    p(Ty, select_count, ets:select_count(T, [{{'_', '_', fizz}, [], [true]}])),
    p(Ty, select_count_false, ets:select_count(T, [{{'_', '_', fizz}, [], [false]}])),
    Chunks = chunks(ets:select(T, [{{'$1', '_', '_'}, [], ['$1']}], 7), []),
    p(Ty, chunk_total, o(set, lists:append(Chunks))),
    p(Ty, chunk_sizes, [length(C) || C <- Chunks]),
    case Ty of
        ordered_set ->
            p(Ty, chunks_exact, Chunks),
            p(Ty, rev_chunks, chunks(ets:select_reverse(T, [{{'$1', '_', '_'}, [], ['$1']}], 10), []));
        _ -> ok
    end,
    p(Ty, match_chunks, o(set, lists:append(chunks(ets:match(T, {'$1', '_', fizz}, 4), [])))),
    p(Ty, match_object_chunks, length(lists:append(chunks(ets:match_object(T, '_', 9), [])))),
    p(Ty, none, ets:select(T, [{{nokey, '_', '_'}, [], ['$_']}], 3)),
    p(Ty, none2, ets:select(T, [{{'_', nomatch, '_'}, [], ['$_']}], 3)),
    p(Ty, eot, ets:select('$end_of_table')),
    p(Ty, fun2ms, o(Ty, ets:select(T, [{{'$1', '$2', plain}, [{'<', '$1', 5}], [{{'$2', '$1'}}]}]))),
    case Ty of
        _ when Ty =:= bag; Ty =:= duplicate_bag -> p(Ty, replace, e(catch ets:select_replace(T, [{{'$1', '$2', '$3'}, [], [{{'$1', '$2', '$3'}}]}])));
        _ ->
            p(Ty, replace, ets:select_replace(T, [{{'$1', '$2', fizz}, [{is_integer, '$1'}], [{{'$1', {'+', '$2', 1000}, buzz}}]}])),
            p(Ty, replaced, o(Ty, ets:match_object(T, {'_', '_', buzz})))
    end,
    p(Ty, select_delete, ets:select_delete(T, [{{'$1', '_', '_'}, [{is_integer, '$1'}, {'>', '$1', 20}], [true]}])),
    p(Ty, match_delete, ets:match_delete(T, {'_', x, '_'})),
    p(Ty, left, o(Ty, ets:tab2list(T))),
    p(Ty, delete_all_ms, ets:select_delete(T, [{'_', [], [true]}])),
    p(Ty, size, ets:info(T, size)),
    ets:delete(T).

chunks('$end_of_table', Acc) -> lists:reverse(Acc);
chunks({R, C}, Acc) -> chunks(ets:select(C), [R | Acc]).

p(Ty, What, X) -> io:format("~p ~p ~p~n", [Ty, What, X]).

errors() ->
    T = ets:new(t, [ordered_set]),
    ets:insert(T, [{I, I} || I <- lists:seq(1, 10)]),
    io:format("~p~n", [e(catch ets:select(T, bad))]),
    io:format("~p~n", [e(catch ets:select(T, [{x}]))]),
    io:format("~p~n", [e(catch ets:select(T, [{'_', [], [true]}], 0))]),
    io:format("~p~n", [e(catch ets:select(nosuch, [{'_', [], [true]}]))]),
    io:format("~p~n", [e(catch ets:select({a, b}))]),
    io:format("~p~n", [e(catch ets:match(nosuch, '_'))]),
    io:format("~p~n", [e(catch ets:select_count(T, [{'_', [], [true]} | x]))]),
    io:format("~p~n", [ets:select(T, [{{'$1', '$2'}, [{'>', '$1', 8}], [{'*', '$2', 2}]}])]),
    io:format("~p~n", [element(1, ets:select(T, [{{'$1', '_'}, [], [{element, 3, '$_'}]}], 2))]).

%% a continuation of a table deleted since
bad_conts() ->
    O = ets:new(o, [ordered_set]), S = ets:new(s, [set]),
    ets:insert(O, [{I} || I <- lists:seq(1, 10)]), ets:insert(S, [{I} || I <- lists:seq(1, 10)]),
    {_, CO} = ets:select(O, [{'_', [], ['$_']}], 3),
    {_, CS} = ets:select(S, [{'_', [], ['$_']}], 3),
    ets:delete(O), ets:delete(S),
    io:format("~p~n~p~n", [e(catch ets:select(CO)), e(catch ets:select(CS))]).
