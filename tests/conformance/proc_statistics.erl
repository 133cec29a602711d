%% proc_statistics - erlang:statistics/1, every OTP 25 item: what grows
%% when work is done (reductions, context switches, runtime, wall clock,
%% garbage collections, port output), the run queue shapes (the caller is
%% an active task), scheduler wall time switched on and off through
%% system_flag (counted per process by kernel_refc, dropped when the
%% process dies), microstate accounting while off, and badarg. Values
%% differ between VMs: only facts about them are printed.
-module(proc_statistics).
-export([main/0]).

main() ->
    S = erlang:system_info(schedulers),
    DC = erlang:system_info(dirty_cpu_schedulers),
    DIO = erlang:system_info(dirty_io_schedulers),
    counters(),
    queues(S),
    wall_time(S, DC, DIO),
    msacc(S, DC, DIO),
    [show({bad, I}, catch statistics(I)) || I <- [foo, 1, "runtime", {reductions}]],
    ok.

show(K, V) -> io:format("~p: ~p~n", [K, V]).

burn(0) -> ok;
burn(N) -> _ = lists:seq(1, 10), burn(N - 1).

counters() ->
    {R1, _} = statistics(reductions),
    burn(100000),
    {R2, D2} = statistics(reductions),
    show(reductions, R2 > R1 andalso D2 > 0 andalso D2 =< R2),
    {E1, _} = statistics(exact_reductions),
    burn(20000),
    {E2, ED} = statistics(exact_reductions),
    show(exact_reductions, E2 > E1 andalso ED > 0 andalso E2 >= R2),
    {C1, 0} = statistics(context_switches),
    [receive after 1 -> ok end || _ <- lists:seq(1, 5)],
    {C2, 0} = statistics(context_switches),
    show(context_switches, C2 >= C1 + 5),
    {W1, _} = statistics(wall_clock),
    receive after 60 -> ok end,
    {W2, WD} = statistics(wall_clock),
    show(wall_clock, W2 - W1 >= 60 andalso WD >= 60 andalso WD =< W2),
    {T1, _} = statistics(runtime),
    burn(300000),
    {T2, TD} = statistics(runtime),
    show(runtime, is_integer(T2) andalso T2 >= T1 andalso TD >= 0 andalso TD =< T2),
    {G1, Wd1, 0} = statistics(garbage_collection),
    _ = [lists:seq(1, 1000) || _ <- lists:seq(1, 200)],
    erlang:garbage_collect(),
    {G2, Wd2, 0} = statistics(garbage_collection),
    show(garbage_collection, G2 > G1 andalso Wd2 > Wd1),
    {{input, I1}, {output, O1}} = statistics(io),
    io:format("some output~n"), %% returns once user has written it to its port
    {{input, I2}, {output, O2}} = statistics(io),
    show(io, is_integer(I1) andalso I2 >= I1 andalso O2 >= O1 + 12).

queues(S) ->
    Lens = statistics(run_queue_lengths),
    All = statistics(run_queue_lengths_all),
    %% the normal queues, the dirty CPU one, and (_all) the dirty I/O one
    show(run_queue_lengths, {length(Lens), length(All), lists:all(fun is_integer/1, All)} =:= {S + 1, S + 2, true}),
    show(run_queue, is_integer(statistics(run_queue))),
    show(total_run_queue_lengths, is_integer(statistics(total_run_queue_lengths))
                                  andalso statistics(total_run_queue_lengths_all) >= 0),
    Active = statistics(active_tasks),
    ActiveAll = statistics(active_tasks_all),
    %% the caller itself runs
    show(active_tasks, {length(Active), length(ActiveAll), lists:sum(Active) >= 1} =:= {S + 1, S + 2, true}),
    show(total_active_tasks, statistics(total_active_tasks) >= 1 andalso statistics(total_active_tasks_all) >= 1).

wall_time(S, DC, DIO) ->
    show(swt_off, statistics(scheduler_wall_time)),
    show(swt_enable, erlang:system_flag(scheduler_wall_time, true)),
    show(swt_enable_again, erlang:system_flag(scheduler_wall_time, true)),
    A = statistics(scheduler_wall_time),
    burn(200000),
    B = statistics(scheduler_wall_time),
    show(swt_ids, [I || {I, _, _} <- lists:sort(A)] =:= lists:seq(1, S + DC)),
    show(swt_all_ids, [I || {I, _, _} <- lists:sort(statistics(scheduler_wall_time_all))] =:= lists:seq(1, S + DC + DIO)),
    show(swt_sane, lists:all(fun({_, Act, Tot}) -> is_integer(Act) andalso 0 =< Act andalso Act =< Tot end, B)),
    Busy = lists:sum([Act1 - Act0 || {{I, Act0, _}, {I, Act1, _}} <- lists:zip(lists:sort(A), lists:sort(B))]),
    show(swt_busy, Busy > 0),
    show(swt_disable, erlang:system_flag(scheduler_wall_time, false)),
    show(swt_still_on, is_list(statistics(scheduler_wall_time))),
    show(swt_disable_last, erlang:system_flag(scheduler_wall_time, false)),
    show(swt_now_off, statistics(scheduler_wall_time)),
    show(swt_bad, catch erlang:system_flag(scheduler_wall_time, maybe)),
    %% a process that turns it on and dies turns it off
    Self = self(),
    {P, M} = spawn_monitor(fun() -> Self ! {on, erlang:system_flag(scheduler_wall_time, true)} end),
    receive {on, Was} -> show(swt_other_was, Was) end,
    receive {'DOWN', M, process, P, _} -> ok end,
    show(swt_other_off, wait_off(100)).

wait_off(0) -> still_on;
wait_off(N) ->
    case statistics(scheduler_wall_time) of
        undefined -> undefined;
        _ -> receive after 10 -> wait_off(N - 1) end
    end.

msacc(S, DC, DIO) ->
    L = statistics(microstate_accounting),
    Types = lists:sort([{maps:get(type, M), maps:get(id, M)} || M <- L]),
    show(msacc_keys, lists:usort([lists:sort(maps:keys(M)) || M <- L])),
    show(msacc_states, lists:usort([lists:sort(maps:keys(maps:get(counters, M))) || M <- L])),
    show(msacc_schedulers, [I || {scheduler, I} <- Types] =:= lists:seq(1, S)),
    show(msacc_dirty, {length([I || {dirty_cpu_scheduler, I} <- Types]), length([I || {dirty_io_scheduler, I} <- Types])}
                      =:= {DC, DIO}),
    show(msacc_other, [T || {T, _} <- Types, not lists:member(T, [scheduler, dirty_cpu_scheduler, dirty_io_scheduler])]),
    show(msacc_on, erlang:system_flag(microstate_accounting, true)),
    show(msacc_on_again, erlang:system_flag(microstate_accounting, true)),
    _ = [lists:seq(1, 100) || _ <- lists:seq(1, 20000)],
    burn(100000),
    On = sched_counters(statistics(microstate_accounting)),
    show(msacc_counted, lists:all(fun(C) -> lists:all(fun(V) -> is_integer(V) andalso V >= 0 end, maps:values(C)) end, On)
                        andalso lists:sum([maps:get(emulator, C) || C <- On]) > 0),
    show(msacc_reset, erlang:system_flag(microstate_accounting, reset)),
    show(msacc_off, erlang:system_flag(microstate_accounting, false)),
    show(msacc_off_again, erlang:system_flag(microstate_accounting, false)),
    Frozen = statistics(microstate_accounting),
    receive after 20 -> ok end,
    %% erts lists the threads in the order their answers arrive
    show(msacc_frozen, lists:sort(Frozen) =:= lists:sort(statistics(microstate_accounting))),
    show(msacc_bad, catch erlang:system_flag(microstate_accounting, maybe)).

sched_counters(L) -> [maps:get(counters, M) || M <- L, maps:get(type, M) =:= scheduler].
