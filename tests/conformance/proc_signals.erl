%% Links, exit signals and trap_exit (OTP's exact rules: normal, kill ->
%% killed, linked kill, noproc), unlink, exit/2 to self, monitors on pids
%% and names, demonitor with flush/info, 'DOWN' reasons, spawn_monitor.
-module(proc_signals).
-export([main/0]).

main() ->
    process_flag(trap_exit, true),
    %% exit/2 with every reason to a trapping process
    T = spawn_link(fun trapper/0),
    [begin T ! {exit_me, R}, ok end || R <- [normal, kill, boom]],
    show(trapper_saw, receive {trapped, L} -> L after 5000 -> timeout end),
    show(trapper_exit, receive {'EXIT', T, W0} -> W0 after 5000 -> timeout end),
    %% exit/2 to a non-trapping process
    show(exit_normal_ignored, victim(normal)),
    show(exit_kill, victim(kill)),
    show(exit_other, victim(shutdown)),
    %% a linked process exiting with kill: trappable, propagates as kill
    P1 = spawn_link(fun() -> exit(kill) end),
    show(linked_kill, receive {'EXIT', P1, R1} -> R1 after 5000 -> timeout end),
    %% a chain: A linked to B linked to us; A crashes, B dies, we get it
    Me = self(),
    B = spawn_link(fun() ->
                           A = spawn_link(fun() -> receive go -> exit(chain) end end),
                           Me ! {a, A},
                           receive never -> ok end
                   end),
    A = receive {a, Ax} -> Ax end,
    A ! go,
    show(chain, receive {'EXIT', B, R2} -> R2 after 5000 -> timeout end),
    %% normal exit of a linked process: trapped as a message
    P3 = spawn_link(fun() -> ok end),
    show(linked_normal, receive {'EXIT', P3, R3} -> R3 after 5000 -> timeout end),
    %% unlink: no exit signal afterwards
    P4 = spawn_link(fun() -> receive go -> exit(after_unlink) end end),
    unlink(P4),
    M4 = monitor(process, P4),
    P4 ! go,
    receive {'DOWN', M4, process, P4, _} -> ok end,
    show(unlinked, receive {'EXIT', P4, _} = E4 -> E4 after 50 -> none end),
    %% link to a dead process
    {Dead, MD} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', MD, process, Dead, _} -> ok end,
    show(link_dead_trapping, {link(Dead), receive {'EXIT', Dead, R5} -> R5 after 1000 -> none end}),
    process_flag(trap_exit, false),
    show(link_dead, err(catch link(Dead))),
    show(link_badarg, err(catch link(notapid))),
    process_flag(trap_exit, true),
    %% exit(self(), normal) while trapping: a message
    exit(self(), normal),
    show(self_normal_trapped, receive {'EXIT', _, normal} -> yes after 100 -> no end),
    %% exit(self(), kill) cannot be caught
    {K, MK} = spawn_monitor(fun() -> catch exit(self(), kill), exit(not_reached) end),
    show(self_kill, receive {'DOWN', MK, process, K, RK} -> RK after 5000 -> timeout end),
    {K2, MK2} = spawn_monitor(fun() -> process_flag(trap_exit, true), exit(self(), kill), exit(not_reached) end),
    show(self_kill_trapping, receive {'DOWN', MK2, process, K2, RK2} -> RK2 after 5000 -> timeout end),
    {K3, MK3} = spawn_monitor(fun() -> exit(self(), normal), exit(reached) end),
    show(self_normal, receive {'DOWN', MK3, process, K3, RK3} -> RK3 after 5000 -> timeout end),
    %% monitors
    {Pm, Mm} = spawn_monitor(fun() -> receive go -> exit({oops, here}) end end),
    Pm ! go,
    show(down_error, receive {'DOWN', Mm, process, Pm, {oops, _}} -> oops after 5000 -> timeout end),
    show(monitor_dead, receive_down(monitor(process, Dead))),
    show(monitor_noname, receive_down(monitor(process, no_such_name))),
    show(monitor_noname_node, receive_down(monitor(process, {no_such_name, node()}))),
    Named = spawn(fun() -> register(named_one, self()), receive go -> exit(named_bye) end end),
    wait_registered(named_one),
    MN = monitor(process, named_one),
    Named ! go,
    show(monitor_name, receive {'DOWN', MN, process, Obj, RN} -> {Obj, RN} after 5000 -> timeout end),
    %% demonitor: no 'DOWN' after it, flush removes one already there, info
    P6 = spawn(fun() -> receive go -> ok end end),
    M6 = monitor(process, P6),
    show(demonitor, demonitor(M6)),
    P6 ! go,
    show(no_down, receive {'DOWN', M6, _, _, _} -> got after 100 -> none end),
    {P7, M7} = spawn_monitor(fun() -> ok end),
    receive after 50 -> ok end,
    show(flush_info, demonitor(M7, [flush, info])),
    show(flushed, receive {'DOWN', M7, _, _, _} -> got after 50 -> none end),
    show(info_again, demonitor(M7, [info])),
    show(demonitor_badarg, err(catch demonitor(M7, [bogus]))),
    show(demonitor_notref, err(catch demonitor(self()))),
    show(monitor_badarg, err(catch monitor(process, 17))),
    show(monitor_badtype, err(catch monitor(bogus, self()))),
    _ = P7,
    %% exit/2 badarg
    show(exit_badarg, err(catch exit(notapid, x))),
    ok.

trapper() ->
    process_flag(trap_exit, true),
    trapper([]).
trapper(Acc) when length(Acc) =:= 3 ->
    [{_, Parent} | _] = [{x, P} || {links, [P]} <- [process_info(self(), links)]],
    Parent ! {trapped, lists:reverse(Acc)},
    exit(done_trapping);
trapper(Acc) ->
    receive
        {exit_me, R} -> exit(self(), R), trapper(Acc);
        {'EXIT', _, R} -> trapper([R | Acc])
    end.

victim(Reason) ->
    {P, M} = spawn_monitor(fun() -> receive stop -> exit(stopped) end end),
    exit(P, Reason),
    receive after 20 -> ok end,
    P ! stop,
    receive {'DOWN', M, process, P, R} -> R after 5000 -> timeout end.

receive_down(M) ->
    receive {'DOWN', M, process, Obj, R} -> {obj(Obj), R} after 5000 -> timeout end.

obj(P) when is_pid(P) -> pid;
obj(O) -> O.

wait_registered(N) ->
    case whereis(N) of
        undefined -> receive after 1 -> ok end, wait_registered(N);
        _ -> ok
    end.

%% an exception without the pids and references of its arguments
err({'EXIT', {R, [{M, F, _, Loc} | _]}}) -> {R, M, F, [I || {error_info, _} = I <- Loc]};
err(X) -> X.

show(Tag, V) -> erlang:display({Tag, V}).
