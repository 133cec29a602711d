%% lang_fun_tail - a fun called in tail position is a tail call (OTP's
%% i_call_fun_last): loops that go round through funs run in constant
%% stack (a process with a small max_heap_size would be killed if each
%% round kept a frame), whatever the fun is (a local fun, one with free
%% variables, a known lambda the compiler calls with call_fun2, an
%% export fun), and a stack trace from inside no longer shows the caller.
-module(lang_fun_tail).
-export([main/0, ext_loop/2]).

-define(N, 3000000).

main() ->
    run(local_fun, fun() -> F = fun Loop(0) -> done; Loop(N) -> Loop(N - 1) end, F(?N) end),
    run(passed_fun, fun() -> F = fun(_, 0) -> done; (G, N) -> G(G, N - 1) end, F(F, ?N) end),
    run(free_vars, fun() -> K = 1, F = fun(_, 0) -> done; (G, N) -> G(G, N - K) end, F(F, ?N) end),
    run(export_fun, fun() -> F = fun ?MODULE:ext_loop/2, F(F, ?N) end),
    run(known_lambda, fun() -> known(?N) end),
    run(mutual, fun() -> mutual(fun mutual_a/2, fun mutual_b/2, ?N) end),
    %% a trace from the callee: the frame that called the fun in tail
    %% position is gone, as in erl
    T = try tail_raiser(fun(X) -> 1 / X end) catch error:badarith:St -> [{M, Fn, A} || {M, Fn, A, _} <- St] end,
    io:format("trace: ~p~n", [lists:sublist(T, 2)]),
    ok.

run(Name, Fun) ->
    {P, M} = spawn_monitor(fun() ->
                                   process_flag(max_heap_size, #{size => 200000, kill => true, error_logger => false}),
                                   exit({result, Fun()})
                           end),
    receive {'DOWN', M, process, P, R} -> io:format("~p: ~p~n", [Name, R]) end.

ext_loop(_, 0) -> done;
ext_loop(G, N) -> G(G, N - 1).

%% the compiler knows the fun here (call_fun2 with the lambda)
known(N) ->
    F = fun Self(0) -> done; Self(K) -> Self(K - 1) end,
    step(F, N).

step(F, N) when N > 0 -> F(N);
step(_, _) -> done.

mutual(A, B, N) -> A(B, N).
mutual_a(_, 0) -> done;
mutual_a(B, N) -> B(fun mutual_a/2, N - 1).
mutual_b(_, 0) -> done;
mutual_b(A, N) -> A(fun mutual_b/2, N - 1).

tail_raiser(F) ->
    X = length(lists:seq(1, 3)) - 3,
    F(X).
