%% io_many_requests: 3000 io:format calls, each a request to the I/O server
%% whose formatting runs io_lib code that allocates. The interim server
%% once stopped replying after 1000 of them: `send` to the I/O server kept
%% the message in a C variable across a collection (its reply tag went
%% stale), so the reply never matched the caller's receive.
-module(io_many_requests).
-export([main/0]).
main() ->
    [io:format("~p ~w~n", [N, {N, lists:seq(1, N rem 20)}]) || N <- lists:seq(1, 3000)],
    ok.
