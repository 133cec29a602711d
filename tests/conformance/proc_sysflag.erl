-module(proc_sysflag).
%% flags: +S 2
-export([main/0]).

%% erlang:system_flag/2 items and the system_info/1 items that read them
%% back; each returns the old value.
main() ->
    %% backtrace_depth: how many entries a stack trace keeps
    io:format("~p~n", [erlang:system_flag(backtrace_depth, 3)]),
    io:format("depth 3: ~p~n", [length(trace())]),
    io:format("~p~n", [erlang:system_flag(backtrace_depth, 1000)]),
    io:format("depth 1000: ~p~n", [length(trace())]),
    io:format("~p~n", [erlang:system_flag(backtrace_depth, 0)]),
    io:format("depth 0: ~p~n", [trace()]),
    io:format("~p~n", [erlang:system_flag(backtrace_depth, 1)]),
    io:format("depth 1: ~p~n", [length(trace())]),
    io:format("~p~n", [erlang:system_flag(backtrace_depth, 8)]),
    %% process defaults
    io:format("~p~n", [[erlang:system_info(I) || I <- [fullsweep_after, min_heap_size, min_bin_vheap_size, max_heap_size]]]),
    io:format("~p~n", [erlang:system_flag(fullsweep_after, 10)]),
    io:format("~p~n", [erlang:system_flag(min_heap_size, 1000)]),
    io:format("~p~n", [erlang:system_flag(min_bin_vheap_size, 100000)]),
    io:format("~p~n", [erlang:system_flag(max_heap_size, #{size => 1000000, kill => false})]),
    io:format("~p~n", [[erlang:system_info(I) || I <- [fullsweep_after, min_heap_size, min_bin_vheap_size, max_heap_size]]]),
    P = spawn(fun() -> receive stop -> ok end end),
    io:format("~p~n", [process_info(P, [min_heap_size, min_bin_vheap_size, fullsweep_after, max_heap_size, heap_size])]),
    {garbage_collection, G} = process_info(P, garbage_collection),
    io:format("~p~n", [lists:keydelete(minor_gcs, 1, G)]),
    P ! stop,
    io:format("~p~n", [erlang:system_flag(fullsweep_after, 1000000)]),
    io:format("~p~n", [erlang:system_flag(fullsweep_after, 65535)]),
    io:format("~p~n", [erlang:system_flag(min_heap_size, 0)]),
    io:format("~p~n", [erlang:system_flag(min_heap_size, 233)]),
    io:format("~p~n", [erlang:system_flag(min_bin_vheap_size, 46422)]),
    io:format("~p~n", [erlang:system_flag(max_heap_size, 0)]),
    io:format("~p~n", [erlang:system_info(max_heap_size)]),
    %% schedulers online
    S = erlang:system_info(schedulers),
    io:format("~p~n", [{S, erlang:system_info(schedulers_online)}]),
    io:format("~p~n", [erlang:system_flag(schedulers_online, 1)]),
    io:format("~p~n", [erlang:system_info(schedulers_online)]),
    Me = self(),
    Ws = [spawn(fun() -> Me ! {done, lists:sum(lists:seq(1, 100000 * I))} end) || I <- [1, 2, 3]],
    io:format("~p~n", [[receive {done, X} -> X end || _ <- Ws]]),
    io:format("~p~n", [erlang:system_flag(schedulers_online, S)]),
    io:format("~p~n", [erlang:system_info(schedulers_online)]),
    %% dirty CPU schedulers online, in proportion to the normal ones
    DI = fun() -> [erlang:system_info(I) || I <- [dirty_cpu_schedulers, dirty_cpu_schedulers_online, dirty_io_schedulers, multi_scheduling]] end,
    receive after 50 -> ok end, % the dirty ones follow asynchronously
    io:format("~p~n", [DI()]),
    io:format("~p~n", [erlang:system_flag(dirty_cpu_schedulers_online, 1)]),
    io:format("~p~n", [erts_debug:dirty_cpu(wait, 10)]),
    receive after 50 -> ok end, % erts applies it asynchronously
    io:format("~p~n", [DI()]),
    io:format("~p~n", [erlang:system_flag(schedulers_online, 1)]),
    receive after 50 -> ok end,
    io:format("~p~n", [DI()]),
    io:format("~p~n", [try erlang:system_flag(dirty_cpu_schedulers_online, 2) catch C0:E0 -> {C0, E0} end]),
    io:format("~p~n", [erlang:system_flag(schedulers_online, S)]),
    receive after 50 -> ok end,
    io:format("~p~n", [DI()]),
    %% multi_scheduling: blocked while any process blocks it
    MI = fun() -> {erlang:system_info(multi_scheduling), erlang:system_info(multi_scheduling_blockers) =:= [self()],
                   erlang:system_info(schedulers_online)} end,
    io:format("~p~n", [MI()]),
    io:format("~p~n", [[erlang:system_flag(multi_scheduling, block), erlang:system_flag(multi_scheduling, block)]]),
    io:format("~p~n", [MI()]),
    io:format("~p~n", [[erlang:system_flag(multi_scheduling, unblock) || _ <- [1, 2, 3]]]),
    io:format("~p~n", [MI()]),
    B = spawn(fun() -> Me ! erlang:system_flag(multi_scheduling, block), receive stop -> ok end end),
    receive Blk -> io:format("~p ~p~n", [Blk, erlang:system_info(multi_scheduling_blockers) =:= [B]]) end,
    exit(B, kill),
    io:format("after the blocker's exit: ~p~n", [wait_enabled(100)]),
    io:format("~p~n", [erlang:system_flag(multi_scheduling, block_normal)]),
    io:format("~p~n", [[erlang:system_info(I) || I <- [multi_scheduling, multi_scheduling_blockers]]]),
    io:format("~p~n", [erlang:system_info(normal_multi_scheduling_blockers) =:= [self()]]),
    io:format("~p~n", [erlang:system_flag(multi_scheduling, unblock_normal)]),
    %% others
    io:format("~p~n", [erlang:system_flag(trace_control_word, 5)]),
    io:format("~p~n", [erlang:system_info(trace_control_word)]),
    io:format("~p~n", [erlang:system_flag(trace_control_word, 0)]),
    Lim = erlang:system_info(outstanding_system_requests_limit),
    io:format("~p~n", [Lim]),
    io:format("~p~n", [erlang:system_flag(outstanding_system_requests_limit, 7)]),
    io:format("~p~n", [erlang:system_flag(outstanding_system_requests_limit, Lim)]),
    io:format("~p~n", [erlang:system_flag(time_offset, finalize)]),
    io:format("~p~n", [[erlang:system_info(I) || I <- [time_offset, time_warp_mode, message_queue_data]]]),
    [io:format("~p~n", [try erlang:system_flag(F, V) catch C:E -> {C, E} end])
     || {F, V} <- [{backtrace_depth, -1}, {backtrace_depth, x}, {fullsweep_after, -1}, {min_heap_size, x},
                   {max_heap_size, 10}, {max_heap_size, #{bad => 1}}, {schedulers_online, 0},
                   {schedulers_online, S + 1}, {dirty_cpu_schedulers_online, 0}, {dirty_cpu_schedulers_online, 3},
                   {trace_control_word, -1}, {outstanding_system_requests_limit, 0},
                   {time_offset, x}, {multi_scheduling, foo}, {no_such_flag, 1}, {"str", 1}]],
    ok.

wait_enabled(0) -> erlang:system_info(multi_scheduling);
wait_enabled(K) ->
    case erlang:system_info(multi_scheduling) of
        enabled -> enabled;
        _ -> receive after 5 -> wait_enabled(K - 1) end
    end.

%% the stack trace of an error raised 20 calls deep
trace() ->
    try deep(20) catch error:_:St -> St end.

deep(0) -> erlang:error(bottom);
deep(N) -> [deep(N - 1)].
