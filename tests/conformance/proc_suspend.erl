-module(proc_suspend).
-export([main/0]).

%% erlang:suspend_process/1,2 (synchronous: returns once the process is
%% suspended; asynchronous; {asynchronous, Tag}; unless_suspending),
%% resume_process/1, suspend counts per suspender, process_info's status
%% and suspending, and the suspends of an exiting suspender undone.
main() ->
    P = spawn(fun() -> receive stop -> ok end end),
    io:format("~p~n", [erlang:suspend_process(P)]),
    io:format("~p ~p~n", [process_info(P, status), suspending(P)]),
    io:format("~p~n", [erlang:suspend_process(P, [unless_suspending])]),
    io:format("~p~n", [erlang:suspend_process(P, [])]),
    io:format("~p~n", [suspending(P)]),
    io:format("~p ~p~n", [erlang:resume_process(P), process_info(P, status)]),
    io:format("~p~n", [erlang:resume_process(P)]),
    receive after 20 -> ok end,
    io:format("~p~n", [process_info(P, status)]),
    io:format("~p~n", [try erlang:resume_process(P) catch C:E -> {C, E} end]),
    io:format("~p~n", [suspending(P)]),
    %% a busy process: once suspend_process returns it runs no more
    B = spawn(fun() -> spin(0) end),
    receive after 10 -> ok end,
    true = erlang:suspend_process(B),
    {reductions, R1} = process_info(B, reductions),
    receive after 50 -> ok end,
    {reductions, R2} = process_info(B, reductions),
    io:format("busy stopped: ~p ~p~n", [R1 =:= R2, process_info(B, status)]),
    true = erlang:resume_process(B),
    receive after 20 -> ok end,
    {reductions, R3} = process_info(B, reductions),
    io:format("runs again: ~p~n", [R3 > R2]),
    exit(B, kill),
    %% asynchronous, then a reply tag
    io:format("~p~n", [erlang:suspend_process(P, [asynchronous])]),
    io:format("~p~n", [erlang:suspend_process(P, [{asynchronous, tag1}])]),
    receive {tag1, St} -> io:format("reply ~p~n", [St]) after 5000 -> io:format("no reply~n") end,
    io:format("~p~n", [erlang:suspend_process(P, [asynchronous, unless_suspending])]),
    io:format("~p~n", [suspending(P)]),
    true = erlang:resume_process(P), true = erlang:resume_process(P),
    receive after 20 -> ok end,
    io:format("~p~n", [process_info(P, status)]),
    %% a suspender that exits: its suspends go
    Self = self(),
    S = spawn(fun() -> true = erlang:suspend_process(P), true = erlang:suspend_process(P), Self ! done end),
    receive done -> ok end,
    Mon = monitor(process, S),
    receive {'DOWN', Mon, _, _, _} -> ok end,
    io:format("after suspender exit: ~p~n", [wait_status(P, 100)]),
    %% errors
    P ! stop,
    M2 = monitor(process, P),
    receive {'DOWN', M2, _, _, _} -> ok end,
    [io:format("~p~n", [try F() catch C2:E2 -> {C2, E2} end])
     || F <- [fun() -> erlang:suspend_process(self()) end,
              fun() -> erlang:suspend_process(P) end,
              fun() -> erlang:suspend_process(not_a_pid) end,
              fun() -> erlang:suspend_process(P, [bad_option]) end,
              fun() -> erlang:suspend_process(self(), [bad_option]) end,
              fun() -> erlang:suspend_process(spawn(fun() -> ok end), not_a_list) end,
              fun() -> erlang:resume_process(P) end,
              fun() -> erlang:resume_process(self()) end,
              fun() -> erlang:resume_process(not_a_pid) end]],
    ok.

spin(N) -> spin(N + 1).

%% process_info(self(), suspending) with P's pid shown as p
suspending(P) ->
    {suspending, L} = process_info(self(), suspending),
    [{if Pid =:= P -> p; true -> Pid end, A, O} || {Pid, A, O} <- L].

wait_status(P, 0) -> process_info(P, status);
wait_status(P, K) ->
    case process_info(P, status) of
        {status, suspended} -> receive after 5 -> wait_status(P, K - 1) end;
        S -> S
    end.
