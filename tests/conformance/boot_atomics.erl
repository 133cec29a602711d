%% boot_atomics: OTP's atomics and counters modules (preloaded, unchanged)
%% on Laser's BIFs: signed and unsigned arrays, wrap-around at 64 bits,
%% every operation's range checks, info maps, counters in both modes,
%% arrays shared between processes and outliving their creator.
-module(boot_atomics).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    A = atomics:new(3, []),
    U = atomics:new(2, [{signed, false}]),
    t(is_ref, fun() -> is_reference(A) end),
    t(info, fun() -> {atomics:info(A), atomics:info(U), atomics:info(atomics:new(1000, [{signed, true}]))} end),
    t(initial, fun() -> [atomics:get(A, I) || I <- [1, 2, 3]] end),
    t(put_get, fun() -> ok = atomics:put(A, 1, -5), atomics:get(A, 1) end),
    t(add, fun() -> {atomics:add(A, 1, 10), atomics:get(A, 1)} end),
    t(add_get, fun() -> atomics:add_get(A, 2, 7) end),
    t(sub, fun() -> {atomics:sub(A, 2, 2), atomics:get(A, 2)} end),
    t(sub_get, fun() -> atomics:sub_get(A, 2, 10) end),
    t(exchange, fun() -> {atomics:exchange(A, 3, 42), atomics:get(A, 3)} end),
    t(cas_ok, fun() -> {atomics:compare_exchange(A, 3, 42, 43), atomics:get(A, 3)} end),
    t(cas_fail, fun() -> {atomics:compare_exchange(A, 3, 1, 2), atomics:get(A, 3)} end),
    t(wrap_signed, fun() -> ok = atomics:put(A, 1, (1 bsl 63) - 1), atomics:add_get(A, 1, 1) end),
    t(wrap_signed_down, fun() -> atomics:sub_get(A, 1, 1) end),
    t(add_unsigned_pattern, fun() -> ok = atomics:put(A, 2, 0), atomics:add_get(A, 2, (1 bsl 64) - 1) end),
    t(unsigned_max, fun() -> ok = atomics:put(U, 1, (1 bsl 64) - 1), atomics:get(U, 1) end),
    t(unsigned_wrap, fun() -> atomics:add_get(U, 1, 1) end),
    t(unsigned_sub, fun() -> atomics:sub_get(U, 2, 1) end),
    t(unsigned_add_neg, fun() -> atomics:add_get(U, 2, -1) end),
    t(unsigned_put_neg, fun() -> atomics:put(U, 1, -1) end),
    t(put_too_big, fun() -> atomics:put(A, 1, 1 bsl 63) end),
    t(add_too_big, fun() -> atomics:add(A, 1, 1 bsl 64) end),
    t(add_too_small, fun() -> atomics:add(A, 1, -(1 bsl 63) - 1) end),
    t(index_0, fun() -> atomics:get(A, 0) end),
    t(index_high, fun() -> atomics:get(A, 4) end),
    t(index_atom, fun() -> atomics:get(A, a) end),
    t(not_a_ref, fun() -> atomics:put(make_ref(), 1, 1) end),
    t(not_a_ref2, fun() -> atomics:info(x) end),
    t(new_zero, fun() -> atomics:new(0, []) end),
    t(new_neg, fun() -> atomics:new(-1, []) end),
    t(new_badopt, fun() -> atomics:new(1, [{signed, maybe}]) end),
    t(new_badopt2, fun() -> atomics:new(1, [bad]) end),
    t(float_value, fun() -> atomics:put(A, 1, 1.0) end),
    t(cas_bad, fun() -> atomics:compare_exchange(U, 1, -1, 0) end),
    t(shared, fun() ->
        Self = self(),
        Ps = [spawn(fun() -> [atomics:add(A, 3, 1) || _ <- lists:seq(1, 1000)], Self ! done end) || _ <- lists:seq(1, 4)],
        [receive done -> ok end || _ <- Ps],
        atomics:get(A, 3)
    end),
    t(outlives_creator, fun() ->
        Self = self(),
        spawn(fun() -> R = atomics:new(1, []), atomics:put(R, 1, 99), Self ! {ref, R} end),
        R = receive {ref, X} -> X end,
        timer:sleep(20),
        {atomics:get(R, 1), atomics:add_get(R, 1, 1)}
    end),
    C = counters:new(4, []),
    W = counters:new(4, [write_concurrency]),
    t(counters_shape, fun() -> {element(1, C), element(1, W), tuple_size(W)} end),
    t(counters_info, fun() -> {counters:info(C), maps:get(size, counters:info(W))} end),
    t(counters_ops, fun() ->
        [begin ok = counters:add(X, 1, 5), ok = counters:sub(X, 1, 7), ok = counters:put(X, 2, 100),
               ok = counters:add(X, 2, (1 bsl 64) - 1), {counters:get(X, 1), counters:get(X, 2)} end || X <- [C, W]]
    end),
    t(counters_wrap, fun() ->
        [begin ok = counters:put(X, 3, (1 bsl 63) - 1), ok = counters:add(X, 3, 1), counters:get(X, 3) end || X <- [C, W]]
    end),
    t(counters_bad_put, fun() -> counters:put(W, 1, 1 bsl 63) end),
    t(counters_bad_ix, fun() -> counters:get(W, 5) end),
    t(counters_bad_opt, fun() -> counters:new(4, [bad]) end),
    t(counters_zero, fun() -> counters:new(0, []) end),
    t(counters_wc_zero, fun() -> counters:new(0, [write_concurrency]) end),
    t(counters_not, fun() -> counters:get({write_concurrency, A}, 1) end),
    t(counters_shared, fun() ->
        Self = self(),
        Ps = [spawn(fun() -> [counters:add(W, 4, 2) || _ <- lists:seq(1, 500)], Self ! done end) || _ <- lists:seq(1, 4)],
        [receive done -> ok end || _ <- Ps],
        counters:get(W, 4)
    end),
    ok.
