%% Tail recursion with accumulators (constant stack for 10,000,000
%% iterations), tail calls across functions and modules (lists:foldl),
%% tail calls through funs and apply, and loops carrying many variables.
-module(lang_tailrec).
-export([main/0, loop_ext/2]).

count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).

many(0, A, B, C, D, E, F, G, H) -> {A, B, C, D, E, F, G, H};
many(N, A, B, C, D, E, F, G, H) -> many(N - 1, B, C, D, E, F, G, H, A + N).

ping(0) -> done;
ping(N) -> pong(N - 1).
pong(0) -> done_pong;
pong(N) -> ping(N - 1).

loop_ext(0, Acc) -> Acc;
loop_ext(N, Acc) -> ?MODULE:loop_ext(N - 1, Acc bxor N).

fun_loop(F, 0, Acc) -> F(Acc);
fun_loop(F, N, Acc) -> fun_loop(F, N - 1, Acc + 2).

apply_loop(0, Acc) -> Acc;
apply_loop(N, Acc) -> apply(fun apply_loop/2, [N - 1, Acc + 3]).

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).

collatz(1, Steps) -> Steps;
collatz(N, Steps) when N rem 2 =:= 0 -> collatz(N div 2, Steps + 1);
collatz(N, Steps) -> collatz(3 * N + 1, Steps + 1).

main() ->
    io:format("~p~n", [count(10000000, 0)]),
    io:format("~p~n", [many(1000000, 1, 2, 3, 4, 5, 6, 7, 8)]),
    io:format("~p~n", [{ping(1000001), ping(1000000)}]),
    io:format("~p~n", [loop_ext(1000000, 0)]),
    io:format("~p~n", [fun_loop(fun(X) -> {result, X} end, 1000000, 0)]),
    io:format("~p~n", [apply_loop(300000, 0)]),
    R = rev(lists:seq(1, 1000000), []),
    io:format("~p~n", [{hd(R), length(R)}]),
    io:format("~p~n", [lists:max([collatz(N, 0) || N <- lists:seq(1, 30000)])]),
    io:format("~p~n", [lists:foldl(fun(X, {S, P}) -> {S + X, (P * X) rem 1000003} end, {0, 1}, lists:seq(1, 1000000))]).
