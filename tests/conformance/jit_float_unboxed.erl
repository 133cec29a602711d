%% Floats the compiler moves into x/y registers around math:sqrt (boxing
%% them, since float registers do not survive calls) and reads back only
%% as floats: native code keeps them unboxed. Checked hot (tiered mode
%% compiles them), under collections at every allocation point in between
%% (LASER_GC_STRESS), with max_heap_size set (native code leaves every
%% collection to the interpreter there), preempted among other processes,
%% with math:sqrt of a negative held value (badarith with erl's arguments
%% and trace), a float overflow after the unboxed values, and exceptions
%% caught around them, in a caller or in the same function.
-module(jit_float_unboxed).
-export([main/0]).

-define(B, [{0.0, 0.0, 0.0, 0.01, 0.02, 0.03, 39.47},
            {4.84, -1.16, -0.10, 0.60, 2.81, -0.02, 0.037},
            {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011},
            {12.89, -15.11, -0.22, 1.08, 0.86, -0.01, 0.0017}]).

main() ->
    hot(3000),
    io:format("step ~p~n", [fmt(steps(?B, 2000))]),
    io:format("mag ~p~n", [[mag(float(I), 0.5) || I <- lists:seq(1, 5)]]),
    io:format("held ~p~n", [[held(X, Y) || {X, Y} <- [{2.0, 1.0}, {1.0e10, 3.0}, {0.0, 0.0}, {-0.0, 0.0}]]]),
    %% math:sqrt of a negative value held unboxed: badarith from math:sqrt
    io:format("neg ~p~n", [run(fun() -> held(1.0, 2.0) end)]),
    io:format("neg2 ~p~n", [run(fun() -> mag(1.0, 3.0) end)]),
    %% an overflow after the unboxed values
    io:format("ovf ~p~n", [run(fun() -> late(1.0e300, 1.0e10) end)]),
    io:format("ovf2 ~p~n", [run(fun() -> late(2.0, 3.0) end)]),
    %% caught in the same function
    io:format("local ~p~n", [[local(X, Y) || {X, Y} <- [{4.0, 1.0}, {1.0, 4.0}, {1.0e300, 1.0e300}]]]),
    %% max_heap_size: every collection is the interpreter's
    io:format("maxheap ~p~n", [in_proc(fun() -> fmt(steps(?B, 3000)) end,
                                       [{max_heap_size, #{size => 10000000, kill => true,
                                                          error_logger => false}}])]),
    %% small heap, many processes: collections and preemption mid-loop
    Self = self(),
    Ps = [spawn_opt(fun() -> Self ! {self(), fmt(steps(?B, 4000 + K))} end, [{min_heap_size, 1}])
          || K <- lists:seq(1, 6)],
    io:format("procs ~p~n", [[receive {P, R} -> R end || P <- Ps]]),
    ok.

hot(0) -> ok;
hot(N) -> _ = steps(?B, 1), _ = mag(float(N), 0.5), _ = held(float(N), 0.5),
          _ = late(float(N), 2.0), _ = local(float(N), 1.0), hot(N - 1).

run(F) ->
    try F() of
        R -> {ok, R}
    catch
        C:E:S -> {C, E, [{M, Fn, A, proplists:get_value(line, L)} || {M, Fn, A, L} <- S]}
    end.

in_proc(F, Opts) ->
    Self = self(),
    {P, Ref} = spawn_opt(fun() -> Self ! {self(), F()} end, [monitor | Opts]),
    receive
        {P, R} -> erlang:demonitor(Ref, [flush]), R;
        {'DOWN', Ref, process, P, Why} -> {down, Why}
    end.

fmt(Bs) -> [[round(V * 1.0e6) || V <- tuple_to_list(B)] || B <- Bs].

steps(Bs, 0) -> Bs;
steps(Bs, N) -> steps(vel(Bs, 0.01), N - 1).

vel([], _Dt) -> [];
vel([B | Rest], Dt) ->
    {B1, Rest1} = against(B, Rest, Dt, []),
    [B1 | vel(Rest1, Dt)].

%% nbody's pattern: DX, DY, DZ and D2 in y registers around math:sqrt
against(B, [], _Dt, Acc) -> {B, lists:reverse(Acc)};
against({X, Y, Z, VX, VY, VZ, M}, [{X2, Y2, Z2, VX2, VY2, VZ2, M2} | Rest], Dt, Acc) ->
    DZ = Z - Z2, DY = Y - Y2, DX = X - X2,
    D2 = DZ * DZ + DX * DX + DY * DY,
    Mag = Dt / (math:sqrt(D2) * D2),
    MM2 = M2 * Mag, MM = M * Mag,
    B2 = {X2, Y2, Z2, VX2 + DX * MM, VY2 + DY * MM, VZ2 + DZ * MM, M2},
    against({X, Y, Z, VX - DX * MM2, VY - DY * MM2, VZ - DZ * MM2, M}, Rest, Dt, [B2 | Acc]).

%% the result of math:sqrt read back only as a float; its argument held
mag(X, Y) when is_float(X), is_float(Y) ->
    D = X * X - Y,
    S = math:sqrt(D),
    {D * S, D / S + X}.

%% D held across the call, then returned boxed: the box is made
held(X, Y) when is_float(X), is_float(Y) ->
    D = X - Y,
    E = X + Y,
    R = math:sqrt(D),
    {D, E * R}.

%% overflow in the products after math:sqrt
late(X, Y) when is_float(X), is_float(Y) ->
    D = X * Y,
    S = math:sqrt(D),
    P = D * S,
    Q = P * P,
    {P, Q + D}.

%% a handler in the same frame may see the registers
local(X, Y) when is_float(X), is_float(Y) ->
    D = X - Y,
    try
        S = math:sqrt(D),
        Q = D * S * 1.0e300,
        {S, Q + D}
    catch
        error:badarith -> {caught, D}
    end.
