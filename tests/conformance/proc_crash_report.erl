%% The VM's report of a process dying of an uncaught exception: the
%% {log, error, Format, Args, Meta} message erts sends to the system logger
%% (erlang:system_flag(system_logger, ...): a pid, the process registered
%% as logger, or undefined), for errors and throws; none for exits.
-module(proc_crash_report).
-export([main/0]).

crash(How) ->
    P = spawn(fun() -> die(How) end),
    receive
        {log, Level, Format, [Pid, Reason], Meta} ->
            #{error_logger := EL, gl := GL, pid := MPid, time := T} = Meta,
            io:format("~p: ~p ~p ~p ~p~n  ~p~n", [How, Level, Format, Pid =:= P, MPid =:= P, Reason]),
            io:format("  meta keys ~p, error_logger ~p, gl ~p, time ~p~n",
                      [lists:sort(maps:keys(Meta)), EL, GL =:= group_leader(),
                       is_integer(T) andalso abs(T - erlang:system_time(microsecond)) < 10000000]);
        Other ->
            io:format("~p: unexpected ~p~n", [How, Other])
    after 300 ->
        io:format("~p: no report~n", [How])
    end.

die(error) -> error(boom);
die(throw) -> throw(ball);
die(exit) -> exit(bye);
die(badarith) -> 1 / zero();
die(badmatch) -> {a, _} = id({b, c});
die(function_clause) -> lists:nth(0, []);
die(big) -> error({big, lists:seq(1, 30), <<"bin">>, #{k => 1.5}});
die(normal) -> ok;
die(kill) -> exit(self(), kill), receive after infinity -> ok end.

zero() -> 0.

%% erl_gc.c's report of a process over its max_heap_size (sizes differ
%% with the collector's policy: only their kind is compared)
max_heap() ->
    P = spawn_opt(fun() -> grow([]) end,
                  [{max_heap_size, #{size => 1000, kill => true, error_logger => true}}]),
    receive
        {log, error, Format, [Pid, Max, Total, Kill, EL, MQ, Info], Meta} ->
            io:format("max_heap: ~p~n  ~p~n", [Format, {Pid =:= P, Max, is_integer(Total) andalso Total > Max, Kill, EL, MQ}]),
            io:format("  ~p ~p~n", [[K || {K, V} <- Info, is_integer(V)], maps:get(pid, Meta) =:= P])
    after 2000 -> io:format("max_heap: no report~n")
    end.

grow(L) -> grow([L | L]).
id(X) -> X.

main() ->
    Old = erlang:system_flag(system_logger, self()),
    io:format("old is the logger ~p~n", [is_pid(Old) orelse Old =:= logger]),
    [crash(H) || H <- [error, throw, exit, badarith, badmatch, function_clause, big, normal, kill]],
    max_heap(),
    io:format("set undefined ~p~n", [erlang:system_flag(system_logger, undefined) =:= self()]),
    crash(error),
    io:format("badarg ~p~n", [catch erlang:system_flag(system_logger, foo) =:= foo]),
    %% the default: whoever is registered as logger
    io:format("set logger ~p~n", [erlang:system_flag(system_logger, logger)]),
    OldL = whereis(logger),
    OldL =/= undefined andalso unregister(logger),
    register(logger, self()),
    crash(throw),
    unregister(logger),
    OldL =/= undefined andalso register(logger, OldL),
    erlang:system_flag(system_logger, Old),
    ok.
