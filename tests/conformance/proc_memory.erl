-module(proc_memory).
-export([main/0]).

%% erlang:memory/0,1: OTP 25's keys and how the numbers relate and grow
%% (the numbers themselves differ between VMs).
main() ->
    M = erlang:memory(),
    io:format("keys: ~p~n", [[K || {K, _} <- M]]),
    io:format("integers: ~p~n", [lists:all(fun({_, V}) -> is_integer(V) andalso V >= 0 end, M)]),
    V = fun(K) -> proplists:get_value(K, M) end,
    io:format("total = processes + system: ~p~n", [V(total) =:= V(processes) + V(system)]),
    io:format("processes_used =< processes: ~p~n", [V(processes_used) =< V(processes)]),
    io:format("atom_used =< atom: ~p~n", [V(atom_used) =< V(atom)]),
    io:format("parts =< system: ~p~n", [V(atom) + V(binary) + V(code) + V(ets) =< V(system)]),
    io:format("some processes, atoms, code: ~p~n", [V(processes) > 0 andalso V(atom) > 0 andalso V(code) > 0]),
    %% three 10 MB binaries (garbage from before collected first: a
    %% collection during the copies may free some)
    garbage_collect(),
    B0 = erlang:memory(binary),
    Bigs = [binary:copy(<<X>>, 10000000) || X <- [1, 2, 3]],
    B1 = erlang:memory(binary),
    io:format("binary grew: ~p (~p)~n", [B1 - B0 >= 20000000, [byte_size(B) || B <- Bigs]]),
    %% 1000 processes
    P0 = erlang:memory(processes),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, 1000)],
    P1 = erlang:memory(processes),
    io:format("processes grew: ~p~n", [P1 - P0 > 1000 * 1000]),
    [P ! stop || P <- Pids],
    %% an ETS table of 20000 objects
    E0 = erlang:memory(ets),
    T = ets:new(t, [set]),
    ets:insert(T, [{I, lists:seq(1, 10)} || I <- lists:seq(1, 20000)]),
    E1 = erlang:memory(ets),
    io:format("ets grew: ~p~n", [E1 - E0 > 20000 * 8 * 10]),
    ets:delete(T),
    %% 2000 new atoms
    A0 = erlang:memory(atom_used),
    _ = [list_to_atom("proc_memory_atom_" ++ integer_to_list(I)) || I <- lists:seq(1, 2000)],
    A1 = erlang:memory(atom_used),
    io:format("atom_used grew: ~p~n", [A1 - A0 >= 2000 * 17]),
    %% memory/1 with a list: the keys asked, in that order
    L = erlang:memory([ets, total, binary]),
    io:format("~p~n", [[K || {K, _} <- L]]),
    io:format("~p~n", [erlang:memory([])]),
    [io:format("~p: ~p~n", [Bad, try erlang:memory(Bad) catch C:E -> {C, E} end])
     || Bad <- [foo, "total", [total, foo], [total | binary], 42]],
    ok.
