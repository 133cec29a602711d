%% tak - the Takeuchi function, repeated: deep non-tail recursion with three
%% small-integer arguments. Size: number of tak(24, 16, 8) evaluations.
-module(tak).
%% group: integer
-define(DEFAULT_SIZE, 80).
-include("bench.hrl").

run(N) -> loop(N, 0).

%% Vary the arguments a little per round so no round can be hoisted.
loop(0, Acc) -> Acc;
loop(I, Acc) -> loop(I - 1, Acc + tak(24 + (I rem 2), 16, 8)).

tak(X, Y, Z) when Y < X ->
    tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_X, _Y, Z) -> Z.
