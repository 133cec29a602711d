%% ets_hot: tables used again and again by one process, as a per-thread
%% cache of table counts would see them: a table deleted
%% by another process while this one uses it, a named table deleted and
%% made again under the same name, renamed, given away (ets:rename by a non-owner: public only), two tables used
%% in turn, and many processes using one table while its owner deletes it.
-module(ets_hot).
-export([main/0]).
-import(stdh, [t/2]).

use(T, N) -> [begin ets:insert(T, {K, K}), ets:lookup(T, K) end || K <- lists:seq(1, N)], ets:info(T, size).

sync(F) ->
    Self = self(),
    P = spawn(fun() -> Self ! {self(), catch F()} end),
    receive {P, R} -> R end.

main() ->
    t(deleted_elsewhere, fun() ->
        T = ets:new(t, [public]),
        S = use(T, 50),
        D = sync(fun() -> ets:delete(T) end),
        {S, D, e(fun() -> ets:lookup(T, 1) end), e(fun() -> ets:insert(T, {1}) end), ets:info(T)}
    end),
    t(same_name, fun() ->
        ets:new(hot_n, [named_table, public]),
        ets:insert(hot_n, {a, 1}),
        sync(fun() -> ets:delete(hot_n) end),
        R1 = e(fun() -> ets:lookup(hot_n, a) end),
        sync(fun() -> ets:new(hot_n, [named_table, public, {heir, whereis(init), x}]), ets:insert(hot_n, {a, 2}) end),
        R2 = ets:lookup(hot_n, a),
        ets:delete(hot_n),
        {R1, R2}
    end),
    t(renamed, fun() ->
        ets:new(hot_r, [named_table, public]),
        ets:insert(hot_r, {a, 1}),
        sync(fun() -> ets:rename(hot_r, hot_r2) end),
        R = {e(fun() -> ets:lookup(hot_r, a) end), ets:lookup(hot_r2, a)},
        ets:delete(hot_r2),
        R
    end),
    t(rename_access, fun() ->
        [begin
             ets:new(hot_a, [named_table, A]),
             R = sync(fun() -> e(fun() -> ets:rename(hot_a, hot_b) end) end),
             [catch ets:delete(N) || N <- [hot_a, hot_b]],
             {A, R}
         end || A <- [public, protected, private]]
    end),
    t(given_away, fun() ->
        T = ets:new(t, [protected]),
        ets:insert(T, {a, 1}),
        Self = self(),
        P = spawn(fun() ->
            receive {'ETS-TRANSFER', T, _, _} -> ok end,
            ets:insert(T, {b, 2}),
            Self ! {self(), done},
            receive stop -> ok end
        end),
        ets:give_away(T, P, x),
        receive {P, done} -> ok end,
        R = {e(fun() -> ets:insert(T, {c, 3}) end), lists:sort(ets:tab2list(T))},
        P ! stop,
        R
    end),
    t(two_tables, fun() ->
        A = ets:new(a, []), B = ets:new(b, [bag]),
        [begin ets:insert(A, {K, K}), ets:insert(B, {K rem 10, K}) end || K <- lists:seq(1, 1000)],
        R = {ets:info(A, size), ets:info(B, size), length(ets:lookup(B, 3))},
        ets:delete(A),
        R2 = {ets:info(A, size), ets:info(B, size)},
        ets:delete(B),
        {R, R2}
    end),
    t(many_users, fun() ->
        Self = self(),
        T = ets:new(t, [public, {write_concurrency, true}]),
        Ps = [spawn(fun() ->
                  Self ! {self(), ready},
                  R = (catch use_until_gone(T, 0)),
                  Self ! {self(), R}
              end) || _ <- lists:seq(1, 8)],
        [receive {P, ready} -> ok end || P <- Ps],
        use(T, 200),
        timer:sleep(5),
        ets:delete(T),
        lists:usort([receive {P, R} -> R end || P <- Ps])
    end),
    t(memory_after, fun() ->
        M0 = erlang:memory(ets),
        T = ets:new(t, []),
        use(T, 5000),
        M1 = erlang:memory(ets),
        ets:delete(T),
        M2 = erlang:memory(ets),
        {M1 > M0, M2 < M1}
    end).

e(F) -> try F() catch C:R -> {C, R} end.

use_until_gone(T, N) ->
    case catch ets:insert(T, {N rem 100, N}) of
        true -> use_until_gone(T, N + 1);
        {'EXIT', {badarg, _}} -> gone
    end.
