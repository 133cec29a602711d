%% Helpers shared by the lang_* conformance programs.
-module(lang_util).
-export([trim/1]).

%% The result of `catch Expr` with only the top frame of an error's trace
%% (traces through comprehensions are compared by the exc programs).
trim({'EXIT', {R, [F | _]}}) -> {'EXIT', {R, F}};
trim(X) -> X.
