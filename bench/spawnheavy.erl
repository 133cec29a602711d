%% spawnheavy - spawn and exit N processes (1,000,000 by default): 4
%% spawner processes each keep up to 250 short-lived children alive; a child
%% computes a little, reports to its spawner and exits. Process creation,
%% first scheduling, exit and the reclaiming of the process.
%% Size: number of processes. Result: count and sum of the replies.
-module(spawnheavy).
%% group: spawn
-define(DEFAULT_SIZE, 1000000).
-define(SPAWNERS, 4).
-define(WINDOW, 250).
-include("bench.hrl").

run(N) ->
    Parent = self(),
    Per = N div ?SPAWNERS,
    Counts = [Per + case S =< N rem ?SPAWNERS of true -> 1; false -> 0 end
              || S <- lists:seq(1, ?SPAWNERS)],
    Pids = [spawn_link(fun() -> Parent ! {self(), spawner(C, S)} end)
            || {S, C} <- lists:zip(lists:seq(1, ?SPAWNERS), Counts)],
    lists:foldl(fun(P, {C, Sum}) -> receive {P, {C1, S1}} -> {C + C1, Sum + S1} end end,
                {0, 0}, Pids).

spawner(0, _S) -> {0, 0};
spawner(N, S) ->
    Start = min(N, ?WINDOW),
    [start(S * 1000003 + I) || I <- lists:seq(1, Start)],
    loop(N - Start, Start, S * 1000003 + Start + 1, 0, 0).

start(I) ->
    Parent = self(),
    spawn(fun() -> Parent ! {done, (I * I) rem 1009} end).

%% Each reply makes room for one more child; Alive children are running.
loop(0, 0, _Next, Count, Sum) -> {Count, Sum};
loop(Left, Alive, Next, Count, Sum) ->
    receive
        {done, X} when Left > 0 ->
            start(Next),
            loop(Left - 1, Alive, Next + 1, Count + 1, Sum + X);
        {done, X} ->
            loop(0, Alive - 1, Next, Count + 1, Sum + X)
    end.
