%% process_info/1,2 items and shapes, process_flag/2, register/unregister/
%% whereis/registered, is_process_alive, processes/0, group_leader/0,2,
%% erlang:yield/0, hibernate/3, suspend_process/resume_process.
-module(proc_info).
-export([main/0, woke/1]).

main() ->
    Self = self(),
    P = spawn(fun() -> put(k, v), receive stop -> ok end end),
    wait_status(P, waiting),
    Info = process_info(P),
    show(keys, [K || {K, _} <- Info]),
    show(values, [{K, V} || {K, V} <- Info,
                            lists:member(K, [initial_call, status, message_queue_len, links, dictionary,
                                             trap_exit, error_handler, priority, total_heap_size, heap_size,
                                             garbage_collection, suspending])]),
    show(current_function, process_info(P, current_function)),
    show(own_current_function, process_info(self(), current_function)),
    show(own_status, process_info(self(), status)),
    show(list, process_info(P, [status, message_queue_len, registered_name, trap_exit])),
    P ! hello, P ! {more, [1, 2]},
    show(queued, process_info(P, [message_queue_len, messages])),
    show(reductions_int, is_integer(element(2, process_info(P, reductions)))),
    show(memory_int, is_integer(element(2, process_info(P, memory)))),
    show(group_leader_same, process_info(P, group_leader) =:= {group_leader, group_leader()}),
    show(not_registered, process_info(P, registered_name)),
    true = register(pinfo_target, P),
    show(registered, process_info(P, registered_name)),
    show(registered_first, hd(process_info(P))),
    show(whereis, whereis(pinfo_target) =:= P),
    show(in_registered, lists:member(pinfo_target, registered())),
    show(register_twice, err(catch register(pinfo_other, P))),
    show(register_taken, err(catch register(pinfo_target, self()))),
    show(register_undefined, err(catch register(undefined, self()))),
    show(unregister, unregister(pinfo_target)),
    show(unregister_again, err(catch unregister(pinfo_target))),
    show(whereis_none, whereis(pinfo_target)),
    link(P),
    show(links, process_info(P, links) =:= {links, [Self]}),
    M = monitor(process, P),
    show(monitors, process_info(self(), monitors) =:= {monitors, [{process, P}]}),
    show(monitored_by, process_info(P, monitored_by) =:= {monitored_by, [Self]}),
    demonitor(M),
    unlink(P),
    P ! stop,
    wait_dead(P),
    show(dead, {process_info(P), process_info(P, status), process_info(P, [status]), is_process_alive(P)}),
    show(bad_item, err(catch process_info(self(), bogus))),
    show(bad_item_dead, err(catch process_info(P, bogus))),
    show(bad_pid, err(catch process_info(notapid))),
    %% flags
    show(trap_exit, {process_flag(trap_exit, true), process_flag(trap_exit, false)}),
    show(priority, {process_flag(priority, high), process_flag(priority, normal)}),
    show(bad_priority, err(catch process_flag(priority, urgent))),
    show(min_heap, process_flag(min_heap_size, 1000)),
    show(min_heap_now, process_info(self(), min_heap_size)),
    show(fullsweep, {process_flag(fullsweep_after, 10), process_flag(fullsweep_after, 65535)}),
    show(max_heap, process_flag(max_heap_size, #{size => 100000, kill => true, error_logger => false})),
    show(max_heap_now, process_info(self(), max_heap_size)),
    process_flag(max_heap_size, 0),
    show(bad_flag, err(catch process_flag(bogus, 1))),
    show(mqd, process_info(self(), message_queue_data)),
    %% processes/0 and is_process_alive
    Ps = processes(),
    show(processes, {lists:member(self(), Ps), lists:all(fun is_pid/1, Ps)}),
    show(alive_badarg, err(catch is_process_alive(self))),
    %% group_leader/2
    G = spawn(fun() -> receive {gl, From} -> From ! {gl, group_leader()} end end),
    group_leader(Self, G),
    G ! {gl, Self},
    show(group_leader2, receive {gl, GL} -> GL =:= Self end),
    %% yield
    show(yield, erlang:yield()),
    %% hibernate: the stack goes, the call happens when a message comes
    H = spawn(fun() -> erlang:hibernate(?MODULE, woke, [Self]) end),
    wait_status(H, waiting),
    H ! wake,
    show(hibernate, receive {woke, Msg} -> Msg after 5000 -> timeout end),
    %% suspend/resume
    C = spawn(fun() -> counter(0) end),
    erlang:suspend_process(C),
    C ! {inc, 1},
    receive after 30 -> ok end,
    C ! {get, Self},
    show(suspended, receive {count, N0} -> N0 after 100 -> no_answer end),
    show(suspended_status, process_info(C, status)),
    erlang:resume_process(C),
    show(resumed, receive {count, N1} -> N1 after 5000 -> timeout end),
    show(suspend_self, err(catch erlang:suspend_process(self()))),
    %% max_heap_size kill
    {Big, MB} = spawn_opt(fun() -> lists:seq(1, 100000) end,
                          [monitor, {max_heap_size, #{size => 1000, kill => true, error_logger => false}}]),
    show(max_heap_killed, receive {'DOWN', MB, process, Big, R} -> R after 5000 -> timeout end),
    ok.

woke(Parent) ->
    receive M -> Parent ! {woke, M} end.

counter(N) ->
    receive
        {inc, I} -> counter(N + I);
        {get, From} -> From ! {count, N}, counter(N)
    end.

wait_status(P, S) ->
    case process_info(P, status) of
        {status, S} -> ok;
        _ -> receive after 1 -> ok end, wait_status(P, S)
    end.

wait_dead(P) ->
    case is_process_alive(P) of
        true -> receive after 1 -> ok end, wait_dead(P);
        false -> ok
    end.

err({'EXIT', {R, [{M, F, _, Loc} | _]}}) -> {R, M, F, [I || {error_info, _} = I <- Loc]};
err(X) -> X.

show(Tag, V) -> erlang:display({Tag, V}).
