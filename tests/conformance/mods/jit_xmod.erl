%% Helper of jit_native: the other module of cross-module calls and
%% returns, hot enough to be compiled in tiered mode.
-module(jit_xmod).
-export([pair/2, back/2, deep/2, fsum/2]).

pair(A, B) -> {A, B}.

%% calls back into jit_native: returns cross modules in both directions
back(0, Acc) -> Acc;
back(N, Acc) -> jit_native:step(N, Acc).

%% a raise at the bottom of cross-module recursion (stack trace)
deep(0, X) -> 1 + X;
deep(N, X) -> [jit_native:mid(N - 1, X)].

fsum(X, Y) -> X * 0.5 + Y.
