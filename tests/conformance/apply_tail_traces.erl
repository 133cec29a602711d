%% Traces of errors in tail-called apply/2,3 (dynamic argument lists): bad
%% module or function, badarity and badfun of apply(Fun, Args), undef.
-module(apply_tail_traces).
-export([main/0]).
id(X) -> X.
t1() -> apply(id(m), f, id(x)).
t2() -> apply(fun() -> ok end, id([1])).
t3() -> apply(id(3), f, id([])).
t4() -> X = id(1), apply(fun() -> X end, id(y)).
t5() -> apply(nomod_apply_tail_traces, f, id([])).
t6(F) -> apply(F, id([1, 2])).
main() ->
    [io:format("~p~n", [catch F()]) || F <- [fun t1/0, fun t2/0, fun t3/0, fun t4/0, fun t5/0, fun() -> t6(fun(A) -> A end) end, fun() -> t6(notfun) end]].
