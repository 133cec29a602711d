%% boot_sysinfo: erlang:system_info/1 items about the running system
%% (counts as deltas, since erl's boot runs processes and makes atoms of
%% its own): process_count, atom_count, schedulers, logical processors.
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
    ok.
