%% nbody - the classic Jovian planets simulation (symplectic integrator):
%% float arithmetic on bodies held in tuples, rebuilt every step.
%% Size: number of time steps. Result: energy before and after, 9 decimals.
-module(nbody).
%% group: float
-define(DEFAULT_SIZE, 800000).
-include("bench.hrl").

-define(PI, 3.141592653589793).
-define(SOLAR_MASS, (4 * ?PI * ?PI)).
-define(DAYS_PER_YEAR, 365.24).

run(N) ->
    Bodies = offset_momentum(bodies()),
    E0 = energy(Bodies),
    Final = advance(N, Bodies, 0.01),
    E1 = energy(Final),
    {fmt(E0), fmt(E1)}.

fmt(F) -> float_to_binary(F, [{decimals, 9}]).

%% {X, Y, Z, VX, VY, VZ, Mass}
bodies() ->
    D = ?DAYS_PER_YEAR,
    [{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, ?SOLAR_MASS},
     {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
      1.66007664274403694e-03 * D, 7.69901118419740425e-03 * D,
      -6.90460016972063023e-05 * D, 9.54791938424326609e-04 * ?SOLAR_MASS},
     {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
      -2.76742510726862411e-03 * D, 4.99852801234917238e-03 * D,
      2.30417297573763929e-05 * D, 2.85885980666130812e-04 * ?SOLAR_MASS},
     {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
      2.96460137564761618e-03 * D, 2.37847173959480950e-03 * D,
      -2.96589568540237556e-05 * D, 4.36624404335156298e-05 * ?SOLAR_MASS},
     {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
      2.68067772490389322e-03 * D, 1.62824170038242295e-03 * D,
      -9.51592254519715870e-05 * D, 5.15138902046611451e-05 * ?SOLAR_MASS}].

offset_momentum(Bodies) ->
    {PX, PY, PZ} = lists:foldl(
                     fun({_, _, _, VX, VY, VZ, M}, {AX, AY, AZ}) ->
                             {AX + VX * M, AY + VY * M, AZ + VZ * M}
                     end, {0.0, 0.0, 0.0}, Bodies),
    [{X, Y, Z, _, _, _, M} | Rest] = Bodies,
    [{X, Y, Z, -PX / ?SOLAR_MASS, -PY / ?SOLAR_MASS, -PZ / ?SOLAR_MASS, M} | Rest].

energy(Bodies) -> energy(Bodies, 0.0).

energy([], E) -> E;
energy([{X, Y, Z, VX, VY, VZ, M} | Rest], E) ->
    E1 = E + 0.5 * M * (VX * VX + VY * VY + VZ * VZ),
    energy(Rest, lists:foldl(
                   fun({X2, Y2, Z2, _, _, _, M2}, Acc) ->
                           DX = X - X2, DY = Y - Y2, DZ = Z - Z2,
                           Acc - M * M2 / math:sqrt(DX * DX + DY * DY + DZ * DZ)
                   end, E1, Rest)).

advance(0, Bodies, _Dt) -> Bodies;
advance(N, Bodies, Dt) ->
    advance(N - 1, move(velocities(Bodies, Dt), Dt), Dt).

%% Pairwise velocity updates: each body against every later one.
velocities([], _Dt) -> [];
velocities([B | Rest], Dt) ->
    {B1, Rest1} = against(B, Rest, Dt, []),
    [B1 | velocities(Rest1, Dt)].

against(B, [], _Dt, Acc) -> {B, lists:reverse(Acc)};
against({X, Y, Z, VX, VY, VZ, M}, [{X2, Y2, Z2, VX2, VY2, VZ2, M2} | Rest], Dt, Acc) ->
    DX = X - X2, DY = Y - Y2, DZ = Z - Z2,
    D2 = DX * DX + DY * DY + DZ * DZ,
    Mag = Dt / (D2 * math:sqrt(D2)),
    MM = M * Mag, MM2 = M2 * Mag,
    against({X, Y, Z, VX - DX * MM2, VY - DY * MM2, VZ - DZ * MM2, M},
            Rest, Dt,
            [{X2, Y2, Z2, VX2 + DX * MM, VY2 + DY * MM, VZ2 + DZ * MM, M2} | Acc]).

move(Bodies, Dt) ->
    [{X + Dt * VX, Y + Dt * VY, Z + Dt * VZ, VX, VY, VZ, M}
     || {X, Y, Z, VX, VY, VZ, M} <- Bodies].
