%% stress: skip (over 300 s under ASan with a collection at every allocation; passes GC stress in Release)
%% The process dictionary: put returning the old value, get/0,1, get/1 of
%% a missing key, erase/0,1, get_keys/0,1, keys of every type, values that
%% survive collections, and many keys.
-module(lang_procdict).
-export([main/0]).

%% 1 and 1.0 are equal in term order: sort by the exact encoding too, so
%% that the dictionary's internal order does not show
xsort(L) -> [X || {_, _, X} <- lists:sort([{X, term_to_binary(X), X} || X <- L])].

main() ->
    io:format("~p~n", [{put(a, 1), put(a, 2), get(a), get(missing)}]),
    Keys = [1, 1.0, "str", <<"bin">>, {t, 1}, [l], #{m => 1}, 1 bsl 70, -0.0],
    [put(K, {val, K}) || K <- Keys],
    io:format("~p~n", [[get(K) || K <- Keys]]),
    io:format("~p~n", [{get(1), get(1.0), get(0.0)}]),
    io:format("~p~n", [xsort(get_keys())]),
    put(x, same), put(y, same), put(z, other),
    io:format("~p~n", [{lists:sort(get_keys(same)), get_keys(other), get_keys(none)}]),
    io:format("~p~n", [{erase(a), erase(a), erase(nokey)}]),
    io:format("~p~n", [xsort(get())]),
    Old = erase(),
    io:format("~p~n", [{length(Old), get(), get_keys()}]),
    [put(I, I * I) || I <- lists:seq(1, 10000)],
    _ = [lists:seq(1, 100) || _ <- lists:seq(1, 1000)],
    io:format("~p~n", [{get(100), get(10000), length(get_keys()), lists:sum([get(I) || I <- lists:seq(1, 10000)])}]),
    [erase(I) || I <- lists:seq(1, 10000, 2)],
    io:format("~p~n", [{length(get()), get(1), get(2)}]),
    put(big, lists:seq(1, 100000)),
    _ = [binary:copy(<<1>>, 100) || _ <- lists:seq(1, 10000)],
    io:format("~p~n", [lists:sum(get(big))]),
    io:format("~p~n", [{put(big, small), get(big)}]).
