%% procs_million - N processes (default 1,000,000) alive at once, each
%% waiting in receive; then every one gets a message, answers and exits.
%% Prints the time to spawn them, process_info(P, memory) of one of them
%% and the time to wake them all; scripts/stress_procs runs it on erl and
%% laser and compares peak RSS. Not part of CI.
-module(procs_million).
-export([main/0, main/1]).

main() -> main(['1000000']).

main([A]) ->
    N = list_to_integer(atom_to_list(A)),
    Self = self(),
    T0 = erlang:monotonic_time(millisecond),
    Pids = [spawn(fun() -> receive {stop, From} -> From ! done end end) || _ <- lists:seq(1, N)],
    T1 = erlang:monotonic_time(millisecond),
    {memory, M} = process_info(hd(Pids), memory),
    Alive = length([P || P <- Pids, is_process_alive(P)]),
    [P ! {stop, Self} || P <- Pids],
    [receive done -> ok end || _ <- Pids],
    T2 = erlang:monotonic_time(millisecond),
    io:format("procs_million alive ~w spawn_ms ~w process_memory_bytes ~w wake_all_ms ~w~n",
              [Alive, T1 - T0, M, T2 - T1]),
    halt().
