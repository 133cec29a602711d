%% std_rand: rand with explicit seeds and explicit states (never the
%% process's default seed): exsss, exro928ss, exrop, exsp, exs1024s,
%% exs64, exsplus, exs1024 where OTP 25 has them; uniform/uniform_real/
%% normal/bytes/jump, export_seed_s/seed_s round trips; plus random-free
%% checks of the distributions' ranges.
-module(std_rand).
-export([main/0]).
-import(stdh, [t/2]).

take(0, _, _) -> [];
take(N, F, S) -> {V, S2} = F(S), [V | take(N - 1, F, S2)].

main() ->
    Algs = [exsss, exro928ss, exrop, exsp, exs1024s, exs64, exsplus, exs1024],
    [t({uniform, A}, fun() -> S = rand:seed_s(A, {1, 2, 3}), {take(8, fun rand:uniform_s/1, S), take(5, fun(X) -> rand:uniform_s(100, X) end, S)} end) || A <- Algs],
    [t({real, A}, fun() -> S = rand:seed_s(A, 42), {take(4, fun rand:uniform_s/1, S), take(4, fun rand:uniform_real_s/1, S)} end) || A <- Algs],
    [t({normal, A}, fun() -> S = rand:seed_s(A, {7, 8, 9}), {take(4, fun rand:normal_s/1, S), take(3, fun(X) -> rand:normal_s(10.0, 4.0, X) end, S)} end) || A <- [exsss, exrop, exro928ss]],
    [t({bytes, A}, fun() -> S = rand:seed_s(A, 99), {B, _} = rand:bytes_s(20, S), B end) || A <- [exsss, exrop, exro928ss, exs1024s]],
    [t({jump, A}, fun() -> S = rand:jump(rand:seed_s(A, 5)), take(3, fun rand:uniform_s/1, S) end) || A <- [exsss, exrop, exro928ss, exsp, exs1024s]],
    t(export_seed, fun() -> S = rand:seed_s(exsss, {1, 2, 3}), E = rand:export_seed_s(S), S2 = rand:seed_s(E), take(3, fun rand:uniform_s/1, S2) =:= take(3, fun rand:uniform_s/1, S) end),
    t(process_seed, fun() -> rand:seed(exrop, {10, 20, 30}), A = [rand:uniform(1000) || _ <- lists:seq(1, 5)], rand:seed(exrop, {10, 20, 30}),
                             B = [rand:uniform(1000) || _ <- lists:seq(1, 5)], {A, A =:= B, rand:export_seed() =/= undefined} end),
    t(big_range, fun() -> S = rand:seed_s(exsss, 1), take(3, fun(X) -> rand:uniform_s(1 bsl 100, X) end, S) end),
    t(ranges, fun() -> S = rand:seed_s(exro928ss, 2), L = take(2000, fun(X) -> rand:uniform_s(6, X) end, S), {lists:min(L), lists:max(L), lists:usort(L)} end),
    t(real_range, fun() -> S = rand:seed_s(exsss, 3), L = take(2000, fun rand:uniform_real_s/1, S), {lists:min(L) > 0.0, lists:max(L) < 1.0} end),
    t(uniform_bad, fun() -> rand:uniform_s(0, rand:seed_s(exsss, 1)) end),
    t(seed_bad, fun() -> rand:seed_s(nosuchalg, 1) end),
    t(shuffle_like, fun() -> S = rand:seed_s(exsss, {4, 5, 6}), {Ks, _} = lists:mapfoldl(fun(X, St) -> {R, St2} = rand:uniform_s(St), {{R, X}, St2} end, S, lists:seq(1, 10)),
                             [X || {_, X} <- lists:sort(Ks)] end),
    ok.
