%% pingpong - pairs of processes bouncing a message back and forth
%% (synchronous request/reply, the pattern of every gen_server call), with
%% a small payload that is copied on each send; 4 pairs run at once.
%% Size: round trips per pair. Result: the pairs' sums.
-module(pingpong).
%% group: messages
-define(DEFAULT_SIZE, 350000).
-define(PAIRS, 4).
-include("bench.hrl").

run(N) ->
    Parent = self(),
    Pingers = [spawn_link(fun() ->
                                  Ponger = spawn_link(fun ponger/0),
                                  Parent ! {self(), ping(N, Ponger, P, 0)}
                          end) || P <- lists:seq(1, ?PAIRS)],
    [receive {Pid, Sum} -> Sum end || Pid <- Pingers].

ping(0, Ponger, _P, Acc) -> Ponger ! stop, Acc;
ping(N, Ponger, P, Acc) ->
    Ponger ! {ping, self(), {N, P, [N, P]}},
    receive
        {pong, X} -> ping(N - 1, Ponger, P, (Acc + X) band 16#FFFFFFF)
    end.

ponger() ->
    receive
        {ping, From, {N, P, [_, _]}} ->
            From ! {pong, N * P},
            ponger();
        stop -> ok
    end.
