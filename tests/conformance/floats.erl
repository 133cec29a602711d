%% Floats: arithmetic in float registers, conversions, a small n-body step.
-module(floats).
-export([main/0]).

energy(Bodies) ->
    lists:foldl(fun({X, Y, Vx, Vy, M}, E) -> E + 0.5 * M * (Vx * Vx + Vy * Vy) + X * Y * 0.0 end, 0.0, Bodies).

step({X, Y, Vx, Vy, M}, Dt) -> {X + Vx * Dt, Y + Vy * Dt, Vx * 0.99, Vy - 9.81 * Dt, M}.

loop(Bs, 0) -> Bs;
loop(Bs, N) -> loop([step(B, 0.01) || B <- Bs], N - 1).

main() ->
    A = 1.5, B = 2.25,
    erlang:display(A + B), erlang:display(A - B), erlang:display(A * B), erlang:display(A / B),
    erlang:display(-A),
    erlang:display(3 / 2), erlang:display(1 + 0.5), erlang:display(float(7)),
    erlang:display(trunc(3.7)), erlang:display(round(2.5)), erlang:display(round(-2.5)),
    erlang:display(floor(-1.5)), erlang:display(ceil(1.2)),
    erlang:display(abs(-3.5)),
    erlang:display(1.0e300 * 10),
    erlang:display(catch 1.0e308 * 10.0),
    erlang:display(catch 1 / 0),
    erlang:display(catch 1.0 / 0.0),
    Bodies = [{0.0, 10.0, 1.0, 0.0, 2.0}, {5.0, 5.0, -1.0, 0.5, 1.0}],
    erlang:display(energy(Bodies)),
    erlang:display(energy(loop(Bodies, 100))),
    erlang:display(lists:sum([X / 3 || X <- lists:seq(1, 10)])),
    erlang:display(2.0 == 2), erlang:display(2.0 =:= 2).
