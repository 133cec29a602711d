%% std_dict: every export of dict (hash-table dictionaries that grow and
%% shrink their segments): store/append/update/erase/take/fetch/find,
%% fold/map/filter/merge, and a table big enough to expand and contract.
%% Printed through sorted to_list (bucket order is OTP's business).
-module(std_dict).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    D = dict:from_list([{c, 3}, {a, 1}, {b, 2}, {a, 10}]),
    L = fun(X) -> lists:sort(dict:to_list(X)) end,
    t(basic, fun() -> {L(D), dict:size(D), dict:is_empty(D), dict:is_empty(dict:new()), lists:sort(dict:fetch_keys(D))} end),
    t(find, fun() -> {dict:find(a, D), dict:find(z, D), dict:is_key(b, D), dict:is_key(z, D), dict:fetch(c, D)} end),
    t(fetch_err, fun() -> dict:fetch(z, D) end),
    t(store, fun() -> {L(dict:store(a, 0, D)), L(dict:store(1, x, dict:store(1.0, y, dict:new())))} end),
    t(append, fun() -> {L(dict:append(k, 1, dict:append(k, 0, dict:new()))), L(dict:append_list(k, [a, b], dict:from_list([{k, [z]}])))} end),
    t(update, fun() -> {L(dict:update(a, fun(V) -> V + 1 end, D)), L(dict:update(z, fun(V) -> V end, 0, D)),
                        L(dict:update_counter(a, 5, D)), L(dict:update_counter(n, 5, D))} end),
    t(update_err, fun() -> dict:update(z, fun(V) -> V end, D) end),
    t(erase_take, fun() -> {L(dict:erase(a, D)), L(dict:erase(zz, D)), element(1, dict:take(a, D)), dict:take(z, D)} end),
    t(hof, fun() -> {lists:sort(dict:fold(fun(K, V, A) -> [{K, V} | A] end, [], D)), L(dict:map(fun(_K, V) -> V * 10 end, D)),
                     L(dict:filter(fun(_K, V) -> V > 2 end, D)), L(dict:merge(fun(_K, V1, V2) -> V1 + V2 end, D, dict:from_list([{a, 5}, {y, 1}])))} end),
    t(big, fun() ->
        D1 = lists:foldl(fun(K, A) -> dict:store(K, K * 3, A) end, dict:new(), lists:seq(1, 5000)),
        D2 = lists:foldl(fun(K, A) -> dict:erase(K, A) end, D1, lists:seq(1, 4990)),
        {dict:size(D1), dict:fetch(4321, D1), L(D2), dict:size(D2)} end),
    t(big_keys, fun() -> D1 = dict:from_list([{{K, integer_to_list(K)}, K} || K <- lists:seq(1, 500)]), {dict:size(D1), dict:find({77, "77"}, D1)} end),
    t(equal_keys, fun() -> L(dict:from_list([{1, int}, {1.0, float}])) end),
    t(bad, fun() -> dict:size(notadict) end),
    t(bad_store, fun() -> dict:store(a, 1, [a]) end),
    ok.
