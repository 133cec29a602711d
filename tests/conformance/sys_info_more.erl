%% erlang:system_info/1 items about the running system: the banner, the
%% flavour, counts, clocks, GC defaults and size table, a node that is not
%% distributed; values that differ between runs are checked by shape.
-module(sys_info_more).
-export([main/0]).

main() ->
    V = erlang:system_info(system_version),
    io:format("~p~n", [lists:prefix("Erlang/OTP 25 [erts-13.1.5] [source] [64-bit] [smp:", V) andalso lists:last(V) =:= $\n]),
    {gnuc, {Ma, Mi, Pa}} = erlang:system_info(c_compiler_used),
    io:format("~p~n", [is_integer(Ma) andalso is_integer(Mi) andalso is_integer(Pa)]),
    [io:format("~p ~p~n", [I, erlang:system_info(I)])
     || I <- [emu_type, creation, dist_ctrl, delayed_node_table_gc, dist_buf_busy_limit, dynamic_trace,
              dynamic_trace_probes, sequential_tracer, ets_always_compress, time_correction, tolerant_timeofday,
              modified_timing_level, garbage_collection, heap_sizes, context_reductions, eager_check_io,
              port_parallelism, update_cpu_info, thread_pool_size]],
    io:format("~p~n", [lists:member(erlang:system_info(emu_flavor), [emu, jit])]),
    S = erlang:system_info(start_time), E = erlang:system_info(end_time), Now = erlang:monotonic_time(),
    io:format("~p~n", [S =< Now andalso Now < E]),
    [io:format("~p~n", [[K || {K, _} <- erlang:system_info(Src)]]) || Src <- [os_monotonic_time_source, os_system_time_source]],
    {_, _, _, _, _, {time, T}} = list_to_tuple(erlang:system_info(os_monotonic_time_source)),
    io:format("~p~n", [is_integer(T)]),
    io:format("~p~n", [erlang:system_info(scheduler_id) =< erlang:system_info(schedulers)]),
    N0 = erlang:system_info(ets_count),
    Tab = ets:new(t, []),
    io:format("ets_count ~p~n", [erlang:system_info(ets_count) - N0]),
    ets:delete(Tab),
    io:format("ets_count ~p~n", [erlang:system_info(ets_count) - N0]),
    P0 = erlang:system_info(port_count),
    Port = open_port({spawn, "cat"}, []),
    io:format("port_count ~p~n", [erlang:system_info(port_count) - P0]),
    port_close(Port),
    io:format("port_count ~p~n", [erlang:system_info(port_count) - P0]),
    io:format("~p~n", [erlang:system_info(system_logger) =:= whereis(logger)]),
    erlang:system_flag(min_heap_size, 1000),
    io:format("~p~n", [lists:keyfind(min_heap_size, 1, erlang:system_info(garbage_collection))]),
    ok.
