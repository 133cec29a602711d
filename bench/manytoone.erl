%% manytoone - 100 processes all sending to one receiver at once: contention
%% on a single message queue, and a receiver draining a long queue.
%% Size: messages per sender. Result: the receiver's count and sum.
-module(manytoone).
%% group: messages
-define(DEFAULT_SIZE, 12000).
-define(SENDERS, 100).
-include("bench.hrl").

run(N) ->
    Self = self(),
    [spawn_link(fun() -> send(Self, S, N) end) || S <- lists:seq(1, ?SENDERS)],
    receive_all(?SENDERS * N, 0, 0).

send(_To, _S, 0) -> ok;
send(To, S, N) ->
    To ! {msg, S, N},
    send(To, S, N - 1).

receive_all(0, Count, Sum) -> {Count, Sum};
receive_all(Left, Count, Sum) ->
    receive
        {msg, S, N} -> receive_all(Left - 1, Count + 1, (Sum + S * N) band 16#FFFFFFFFF)
    end.
