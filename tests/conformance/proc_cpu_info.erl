%% proc_cpu_info - system_info's CPU items: the topology erts detects on
%% Linux (from /sys, formatted by erlang:format_cpu_topology/1: the same
%% machine gives both VMs the same answer), the variants of the item, and
%% unbound schedulers; called directly and through apply (a BIF that
%% continues in Erlang, as erts traps, from both call paths).
-module(proc_cpu_info).
-export([main/0]).

main() ->
    [io:format("~p: ~p~n", [I, erlang:system_info(I)])
     || I <- [cpu_topology, {cpu_topology, detected}, {cpu_topology, used}, {cpu_topology, defined},
              scheduler_bind_type]],
    io:format("direct: ~p~n", [erlang:system_info(cpu_topology) =:= apply(erlang, system_info, [cpu_topology])]),
    B = erlang:system_info(scheduler_bindings),
    io:format("bindings: ~p~n", [tuple_size(B) =:= erlang:system_info(schedulers) andalso
                                 lists:usort(tuple_to_list(B)) =:= [unbound]]),
    Logical = lists:sort(logical(erlang:system_info(cpu_topology))),
    io:format("logical cpus: ~p~n", [length(Logical) =:= erlang:system_info(logical_processors)]),
    io:format("bad: ~p~n", [catch erlang:system_info({cpu_topology, bogus})]),
    ok.

logical({logical, N}) -> [N];
logical({_, Sub}) -> logical(Sub);
logical(L) when is_list(L) -> lists:append([logical(E) || E <- L]);
logical(_) -> [].
