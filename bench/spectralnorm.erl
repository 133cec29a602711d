%% spectralnorm - the spectral norm of the infinite matrix A(i,j) =
%% 1/((i+j)(i+j+1)/2+i+1) by power iteration: float arithmetic in tight loops
%% over lists of floats. Size: N, the matrix dimension. Result: 9 decimals.
-module(spectralnorm).
%% group: float
-define(DEFAULT_SIZE, 700).
-include("bench.hrl").

run(N) ->
    U0 = lists:duplicate(N, 1.0),
    {U, V} = iterate(10, U0, N),
    VBv = dot(U, V),
    VV = dot(V, V),
    float_to_binary(math:sqrt(VBv / VV), [{decimals, 9}]).

iterate(0, U, _N) -> {U, U};
iterate(1, U, N) ->
    V = atav(U, N),
    {atav(V, N), V};
iterate(K, U, N) ->
    V = atav(U, N),
    iterate(K - 1, atav(V, N), N).

dot(A, B) -> dot(A, B, 0.0).
dot([X | A], [Y | B], S) -> dot(A, B, S + X * Y);
dot([], [], S) -> S.

%% A(i,j), i and j from 0.
a(I, J) -> 1.0 / ((I + J) * (I + J + 1) div 2 + I + 1).

%% A^T * (A * U)
atav(U, N) -> at_times(a_times(U, N), N).

a_times(U, N) -> [row(I, U, 0, 0.0, fun a/2) || I <- lists:seq(0, N - 1)].
at_times(U, N) -> [row(I, U, 0, 0.0, fun(Ii, J) -> a(J, Ii) end) || I <- lists:seq(0, N - 1)].

row(_I, [], _J, S, _F) -> S;
row(I, [X | U], J, S, F) -> row(I, U, J + 1, S + F(I, J) * X, F).
