%% Native code's edge cases, hot enough for tiered mode to compile them
%% (run also with +Jeager): collections inside native code with many live
%% registers, calls and returns across modules, float overflow to
%% badarith, small-integer overflow into bignums, exceptions raised below
%% native frames (exact stack traces).
-module(jit_native).
-export([main/0, step/2, mid/2]).

main() ->
    io:format("~p~n", [gc_live(20000)]),
    io:format("~p~n", [back(3000)]),
    io:format("~p~n", [floats(5000)]),
    io:format("~p~n", [overflow(3000)]),
    io:format("~p~n", [bigs(3000)]),
    io:format("~p~n", [traces(1200)]),
    ok.

%% Tuples and lists built with seven live registers, across many GCs.
gc_live(N) -> gc_live(N, a, 1, 2.5, [x], {t}, <<"b">>, []).
gc_live(0, A, B, C, D, E, F, Acc) -> {A, B, C, D, E, F, length(Acc), lists:sum([X || {X, _, _} <- Acc])};
gc_live(N, A, B, C, D, E, F, Acc) ->
    T = {N, [A, B], {C, D, E, F}},
    Acc1 = if N rem 97 =:= 0 -> []; true -> [T | Acc] end,
    gc_live(N - 1, A, B + 1, C * 1.0, D, E, F, Acc1).

back(N) -> jit_xmod:back(N, []).
step(N, Acc) ->
    P = jit_xmod:pair(N, Acc),
    {N, _} = P,
    R = jit_xmod:back(N - 1, [N rem 7 | lists:sublist(Acc, 3)]),
    R.

floats(N) -> floats(N, 1.0, []).
floats(0, X, Acc) -> {X, lists:reverse(Acc)};
floats(N, X, Acc) ->
    Y = jit_xmod:fsum(X, 1.0e-3),
    Acc1 = case N rem 1000 of
               0 -> [catch big_float(N), catch Y / (X - X) | Acc];
               _ -> Acc
           end,
    floats(N - 1, Y, Acc1).

big_float(N) -> float(N) * 1.0e307 * 1.0e10.

%% small-integer fast paths overflowing into bignums and back
overflow(N) -> overflow(N, 1 bsl 58, 0).
overflow(0, X, Acc) -> {X, Acc};
overflow(N, X, Acc) ->
    Y = X * 3 + N,
    Z = (Y - X * 3) + (X bsl 2) - (X * 4),
    overflow(N - 1, X, Acc + Z + (Y div (X + 1)) rem 5).

bigs(N) -> bigs(N, 1, 0).
bigs(0, F, C) -> {C, F rem 1000000007};
bigs(N, F, C) when F > 1 bsl 200 -> bigs(N - 1, F div (1 bsl 150) + N, C + 1);
bigs(N, F, C) -> bigs(N - 1, F * (N + 3), C).

%% badarith raised at the bottom of jit_native -> jit_xmod -> jit_native
%% recursion, after the functions got hot
mid(N, X) -> [jit_xmod:deep(N, X)].
traces(N) -> traces(N, 0).
traces(0, Acc) ->
    R = try mid(6, a) catch error:E:S -> {E, [{M, F, A} || {M, F, A, _} <- S]} end,
    {Acc, R};
traces(N, Acc) -> traces(N - 1, Acc + length(lists:flatten(mid(4, N)))).
