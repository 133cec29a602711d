%% Data that is not iodata sent to a port: erts reports "Bad value on
%% output port" to the system logger (here: this process), port_command
%% raises badarg, the message form makes the port send badsig to its
%% connected process; the port stays open.
-module(port_badvalue).
-export([main/0]).

report() ->
    receive
        {log, Level, Fmt, Args, Meta} ->
            {Level, Fmt, Args, lists:sort(maps:keys(Meta)), maps:get(pid, Meta) =:= self(),
             maps:get(error_logger, Meta), is_integer(maps:get(time, Meta))}
    after 2000 -> timeout
    end.

main() ->
    process_flag(trap_exit, true),
    erlang:system_flag(system_logger, self()),
    P = open_port({spawn, "cat"}, [binary]),
    [begin
         erlang:display(try port_command(P, D) catch error:R -> R end),
         erlang:display(report())
     end || D <- [foo, [256], [a], [1 | 2]]],
    P ! {self(), {command, [300]}},
    erlang:display(report()),
    erlang:display(receive {'EXIT', P, Why} -> Why after 2000 -> timeout end),
    erlang:display(port_command(P, <<"still open">>)),
    erlang:display(receive {P, {data, D2}} -> D2 after 2000 -> timeout end),
    erlang:system_flag(system_logger, logger),
    ok.
