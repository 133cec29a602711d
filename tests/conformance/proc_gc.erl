-module(proc_gc).
-export([main/0]).

%% erlang:garbage_collect/0,1,2: the caller, other processes (a request
%% the target runs and answers), {async, Ref}, {type, major | minor},
%% dead processes, bad arguments; the heap sizes process_info shows.
main() ->
    io:format("~p~n", [[garbage_collect(), garbage_collect(self()),
                        garbage_collect(self(), [{type, minor}]), garbage_collect(self(), [{type, major}])]]),
    %% a process whose heap holds garbage: a major collection shrinks it
    P = spawn(fun() -> L = lists:seq(1, 200000), put(len, length(L)), receive stop -> ok end end),
    wait_heap(P),
    {total_heap_size, Before} = process_info(P, total_heap_size),
    io:format("gc other: ~p~n", [garbage_collect(P)]),
    {total_heap_size, After} = process_info(P, total_heap_size),
    io:format("heap shrank: ~p~n", [After < Before div 4]),
    io:format("~p~n", [process_info(P, dictionary)]),
    {garbage_collection, G} = process_info(P, garbage_collection),
    io:format("minor_gcs after major: ~p~n", [proplists:get_value(minor_gcs, G)]),
    io:format("minor: ~p~n", [garbage_collect(P, [{type, minor}])]),
    %% asynchronous
    Ref = make_ref(),
    io:format("~p~n", [garbage_collect(P, [{async, Ref}])]),
    receive {garbage_collect, Ref, R} -> io:format("async reply ~p~n", [R]) after 5000 -> io:format("no reply~n") end,
    Ref2 = make_ref(),
    io:format("~p~n", [garbage_collect(self(), [{async, Ref2}, {type, minor}])]),
    receive {garbage_collect, Ref2, R2} -> io:format("async self ~p~n", [R2]) after 5000 -> io:format("no reply~n") end,
    %% a process waiting in receive with a live message queue
    Q = spawn(fun() -> receive go -> ok end, receive stop -> ok end end),
    [Q ! {msg, I, lists:seq(1, 20)} || I <- lists:seq(1, 100)],
    io:format("gc with queue: ~p ~p~n", [garbage_collect(Q), process_info(Q, message_queue_len)]),
    {messages, Ms} = process_info(Q, messages),
    io:format("messages intact: ~p~n", [Ms =:= [{msg, I, lists:seq(1, 20)} || I <- lists:seq(1, 100)]]),
    %% dead processes
    P ! stop, Q ! go, Q ! stop,
    Mon = monitor(process, P),
    receive {'DOWN', Mon, _, _, _} -> ok end,
    io:format("dead: ~p ~p~n", [garbage_collect(P), garbage_collect(P, [{async, dead}])]),
    receive {garbage_collect, dead, R3} -> io:format("dead async ~p~n", [R3]) after 5000 -> io:format("no reply~n") end,
    [io:format("~p~n", [try F() catch C:E -> {C, E} end])
     || F <- [fun() -> garbage_collect(not_a_pid) end,
              fun() -> garbage_collect(self(), [bad]) end,
              fun() -> garbage_collect(self(), [{type, other}]) end,
              fun() -> garbage_collect(self(), not_a_list) end,
              fun() -> garbage_collect(self(), [{async, r} | tail]) end]],
    ok.

%% until P has built its list and stopped
wait_heap(P) ->
    case process_info(P, dictionary) of
        {dictionary, [{len, _}]} -> ok;
        _ -> receive after 5 -> wait_heap(P) end
    end.
