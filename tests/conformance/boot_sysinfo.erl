%% boot_sysinfo: erlang:system_info/1 items about the running system
%% (counts as deltas, since erl's boot runs processes and makes atoms of
%% its own): process_count, atom_count, schedulers, logical processors;
%% nodes/0,1,2 and monitor_nodes on a node without distribution.
-module(boot_sysinfo).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    t(process_count, fun() ->
        N0 = erlang:system_info(process_count),
        Ps = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, 10)],
        N1 = erlang:system_info(process_count),
        [begin M = monitor(process, P), P ! stop, receive {'DOWN', M, _, _, _} -> ok end end || P <- Ps],
        {N1 - N0, erlang:system_info(process_count) - N0}
    end),
    t(atom_count, fun() ->
        A0 = erlang:system_info(atom_count),
        _ = [list_to_atom("boot_sysinfo_new_atom_" ++ integer_to_list(I)) || I <- lists:seq(1, 3)],
        erlang:system_info(atom_count) - A0
    end),
    t(schedulers, fun() ->
        S = erlang:system_info(schedulers),
        {is_integer(S), S >= 1, S =:= erlang:system_info(schedulers_online)}
    end),
    t(logical_processors, fun() ->
        [erlang:system_info(I) =:= list_to_integer(string:trim(os:cmd("nproc --all")))
         || I <- [logical_processors]]
    end),
    t(logical_online, fun() -> erlang:system_info(logical_processors_online) >= 1 end),
    t(bad_item, fun() -> erlang:system_info(no_such_item_here) end),
    %% a node without distribution (global and rpc ask at kernel's start)
    t(nodes, fun() -> [nodes(), nodes(this), nodes(known), nodes([visible, hidden]), nodes(connected)] end),
    t(nodes_info, fun() -> [nodes(visible, #{connection_id => true}), nodes(this, #{connection_id => true, node_type => true}),
                            nodes(known, #{})] end),
    t(nodes_bad, fun() -> [element(1, catch nodes(x)), element(1, catch nodes(visible, x)),
                           element(1, catch nodes(visible, #{bad => 1})), element(1, catch nodes([a | b]))] end),
    t(monitor_nodes, fun() -> [process_flag(monitor_nodes, true), process_flag(monitor_nodes, true),
                               process_flag(monitor_nodes, false), process_flag(monitor_nodes, false),
                               process_flag({monitor_nodes, []}, true), process_flag({monitor_nodes, #{}}, true),
                               element(1, catch process_flag(monitor_nodes, x))] end),
    t(net_kernel_monitor, fun() -> {net_kernel:monitor_nodes(true, [{node_type, all}]), net_kernel:monitor_nodes(false)} end),
    ok.
