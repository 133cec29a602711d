%% ring - a ring of 1,000 processes passing a token round and round: message
%% send, receive and context switches, one message in flight at a time.
%% Size: rounds (total hops = 1,000 x rounds). Result: hops counted by the
%% token and the sum the processes added to it.
-module(ring).
%% group: messages
%% quick: 300
-define(DEFAULT_SIZE, 2500).
-define(PROCS, 1000).
-include("bench.hrl").

run(Rounds) ->
    First = lists:foldl(fun(I, Next) -> spawn_link(fun() -> node_loop(I, Next) end) end,
                        self(), lists:seq(1, ?PROCS - 1)),
    First ! {token, 0, 0},
    Result = collect(Rounds, First),
    First ! stop,
    receive stop -> ok end,
    Result.

%% The parent is the last node of the ring.
collect(1, _First) -> receive {token, Hops, Sum} -> {Hops + 1, Sum} end;
collect(R, First) ->
    receive {token, Hops, Sum} -> First ! {token, Hops + 1, Sum} end,
    collect(R - 1, First).

node_loop(I, Next) ->
    receive
        {token, Hops, Sum} ->
            Next ! {token, Hops + 1, (Sum + I * Hops) band 16#FFFFFFF},
            node_loop(I, Next);
        stop ->
            Next ! stop
    end.
