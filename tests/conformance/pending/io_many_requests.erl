%% pending (interpreter / built-in I/O server): after 1000 calls of
%% io:format("~p ~w~n", ...) the next call raises
%% {laser_not_implemented,wait} ("receive with no matching message would
%% wait for ever"): the reply of the built-in I/O server never reaches the
%% caller's queue. Deterministic (always after line 1000) in plain mode;
%% passes under LASER_GC_STRESS=1; the same loop with a single control
%% sequence ("~p~n" of {N, List}) prints all 3000 lines. erl prints 3000
%% lines. Found while writing tests/conformance/std_*.erl, which therefore
%% print in a few large io:format/put_chars calls.
-module(io_many_requests).
-export([main/0]).
main() ->
    [io:format("~p ~w~n", [N, {N, lists:seq(1, N rem 20)}]) || N <- lists:seq(1, 3000)],
    ok.
