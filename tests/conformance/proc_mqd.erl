-module(proc_mqd).
-export([main/0]).

%% message_queue_data (spawn_opt, process_flag, process_info): with
%% off_heap, queued messages are not on the receiver's heap until it
%% receives them, so a collection does not copy them; with on_heap it does.
main() ->
    io:format("~p~n", [process_info(self(), message_queue_data)]),
    io:format("~p~n", [process_flag(message_queue_data, off_heap)]),
    io:format("~p~n", [process_info(self(), message_queue_data)]),
    io:format("~p~n", [process_flag(message_queue_data, on_heap)]),
    io:format("~p~n", [try process_flag(message_queue_data, other) catch C:E -> {C, E} end]),
    io:format("~p~n", [try spawn_opt(fun() -> ok end, [{message_queue_data, other}]) catch C2:E2 -> {C2, E2} end]),
    Bin = binary:copy(<<"b">>, 100000),
    Msgs = [{I, lists:seq(1, 50), Bin} || I <- lists:seq(1, 2000)],
    On = receiver(on_heap, Msgs),
    Off = receiver(off_heap, Msgs),
    io:format("~p~n", [[process_info(P, message_queue_data) || P <- [On, Off]]]),
    io:format("~p~n", [[process_info(P, message_queue_len) || P <- [On, Off]]]),
    {total_heap_size, OnSize} = process_info(On, total_heap_size),
    {total_heap_size, OffSize} = process_info(Off, total_heap_size),
    io:format("off_heap queue not on the heap: ~p~n", [OnSize > 10 * OffSize]),
    {messages, [First | _]} = process_info(Off, messages),
    io:format("first: ~p~n", [element(1, First)]),
    %% both receive everything intact
    [begin P ! {go, self()}, receive {sum, P, S} -> io:format("sum ~p~n", [S]) end end || P <- [On, Off]],
    %% the caller: off_heap messages, then back to on_heap with them queued
    process_flag(message_queue_data, off_heap),
    [self() ! {m, I, Bin} || I <- lists:seq(1, 300)],
    garbage_collect(),
    {messages, Own} = process_info(self(), messages),
    io:format("own ~p~n", [length(Own)]),
    process_flag(message_queue_data, on_heap),
    garbage_collect(),
    io:format("~p~n", [lists:sum([receive {m, I, B} -> I + byte_size(B) end || _ <- lists:seq(1, 300)])]),
    ok.

%% A process waiting for go with Msgs queued (and collected: the request
%% runs after the messages arrived).
receiver(Mqd, Msgs) ->
    P = spawn_opt(fun() -> receive {go, From} -> From ! {sum, self(), drain(0)} end end, [{message_queue_data, Mqd}]),
    [P ! M || M <- Msgs],
    true = garbage_collect(P),
    P.

drain(Acc) ->
    receive {I, L, B} -> drain(Acc + I + lists:sum(L) + byte_size(B)) after 0 -> Acc end.
