%% procmem - not a timed benchmark: the memory cost of an idle process.
%% Spawns N processes that wait in receive, then prints
%%     procmem N BYTES
%% where BYTES is the growth of erlang:memory(processes) (-1 if the VM does
%% not provide it). bench/run also compares the peak RSS of runs with
%% N = 0 and N = 100,000 to get a VM-independent figure.
-module(procmem).
-export([main/1]).

main([A]) ->
    N = list_to_integer(A),
    Before = mem(),
    Pids = [spawn(fun idle/0) || _ <- lists:seq(1, N)],
    %% Let every process run to its receive before measuring.
    [begin P ! {ping, self()}, receive {pong, P} -> ok end end || P <- Pids],
    After = mem(),
    Delta = case {Before, After} of
                {B, X} when B >= 0, X >= 0 -> X - B;
                _ -> -1
            end,
    io:format("procmem ~w ~w~n", [N, Delta]),
    halt().

mem() ->
    try erlang:memory(processes) catch _:_ -> -1 end.

idle() ->
    receive
        {ping, From} -> From ! {pong, self()}, idle()
    end.
