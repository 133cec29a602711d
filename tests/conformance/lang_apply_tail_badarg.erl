%% A tail call of erlang:apply/2,3 with bad arguments: OTP's loader turns
%% such calls into apply instructions in the caller, so the trace is
%% [{erlang,apply,Args,_}, {Caller,...,Line}, ...] (laser once reached the
%% apply export stub by a jump and lost the caller's location).
-module(lang_apply_tail_badarg).
-export([main/0]).
id(X) -> X.
tail3() -> apply(m, id(2), []).
tail2() -> apply(fun() -> ok end, id(x)).
main() ->
    io:format("~p~n", [catch tail3()]),
    io:format("~p~n", [catch tail2()]).
