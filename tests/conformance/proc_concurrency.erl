%% Concurrency on every scheduler: a ring, ping-pong pairs, many senders to
%% one receiver, spawn/exit storms with links and monitors, process_info on
%% busy processes, registered names used by many processes, timers from
%% many processes, CPU-bound processes preempted by reductions.
-module(proc_concurrency).
-export([main/0]).

main() ->
    process_flag(trap_exit, true),
    Before = processes(),
    show(ring, ring(200, 50)),
    show(pingpong, pingpong(8, 2000)),
    show(many_to_one, many_to_one(50, 400)),
    show(storm, storm(2000)),
    show(busy_info, busy_info()),
    show(names, names(100)),
    show(timers, timers(200)),
    show(preempt, preempt()),
    show(procs_left, wait_alone(Before, 1000)),
    ok.

%% a ring of N processes passing a counter M times around
ring(N, M) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn_link(fun() -> relay(Next) end) end, Self, lists:seq(1, N)),
    First ! {token, 0},
    R = ring_loop(First, M, N),
    First ! stop,
    receive {token, _} -> ok after 0 -> ok end,
    R.
ring_loop(_, 0, _) -> done;
ring_loop(First, M, N) ->
    receive {token, C} when C rem N =:= 0 -> First ! {token, C + 0}, ring_loop2(First, M, N) end.
ring_loop2(First, M, N) ->
    receive
        {token, C} -> First ! {token, C}, ring_loop(First, M - 1, N)
    after 0 -> ring_loop(First, M - 1, N)
    end.
relay(Next) ->
    receive
        {token, C} -> Next ! {token, C + 1}, relay(Next);
        stop -> Next ! stop
    end.

pingpong(Pairs, N) ->
    Self = self(),
    [spawn_link(fun() ->
                        Pong = spawn_link(fun pong/0),
                        Self ! {pair, ping(Pong, N, 0)},
                        Pong ! stop
                end) || _ <- lists:seq(1, Pairs)],
    lists:sum([receive {pair, S} -> S end || _ <- lists:seq(1, Pairs)]).
ping(_, 0, Acc) -> Acc;
ping(Pong, N, Acc) ->
    Pong ! {self(), N},
    receive {pong, X} -> ping(Pong, N - 1, Acc + X) end.
pong() ->
    receive {From, N} -> From ! {pong, N * 2}, pong(); stop -> ok end.

many_to_one(Senders, Each) ->
    Self = self(),
    [spawn_link(fun() -> [Self ! {m, S, I} || I <- lists:seq(1, Each)] end) || S <- lists:seq(1, Senders)],
    collect(Senders * Each, #{}).
collect(0, Last) -> {maps:size(Last), lists:usort(maps:values(Last))};
collect(K, Last) ->
    receive
        {m, S, I} ->
            Prev = maps:get(S, Last, 0),
            I =:= Prev + 1 orelse exit({out_of_order, S, Prev, I}),
            collect(K - 1, Last#{S => I})
    end.

%% processes that exit with various reasons, linked and monitored
storm(N) ->
    Ps = [begin
              R = case I rem 4 of 0 -> normal; 1 -> kill; 2 -> {shutdown, I}; 3 -> crash end,
              {P, M} = spawn_monitor(fun() -> receive go -> exit(R) end end),
              link(P),
              {P, M, R}
          end || I <- lists:seq(1, N)],
    [P ! go || {P, _, _} <- Ps],
    Downs = [receive {'DOWN', M, process, P, Why} -> Why =:= R end
             || {P, M, R} <- Ps],
    Exits = [receive {'EXIT', P, Why} -> Why =:= R end || {P, _, R} <- Ps],
    {length(Ps), lists:all(fun(X) -> X end, Downs), lists:all(fun(X) -> X end, Exits)}.

%% process_info on processes that are running on other schedulers
busy_info() ->
    Workers = [spawn_link(fun() -> spin(200000) end) || _ <- lists:seq(1, 4)],
    Infos = [process_info(W, [status, message_queue_len, links]) || _ <- lists:seq(1, 50), W <- Workers],
    Ok = lists:all(fun([{status, S}, {message_queue_len, _}, {links, [_]}]) ->
                           lists:member(S, [running, runnable, waiting]);
                      (undefined) -> true
                   end, Infos),
    [receive {'EXIT', W, normal} -> ok end || W <- Workers],
    Ok.
spin(0) -> ok;
spin(N) -> spin(N - 1).

%% many processes register, look up and unregister names at once
names(N) ->
    Self = self(),
    [spawn_link(fun() ->
                        Name = list_to_atom("conc_name_" ++ integer_to_list(I)),
                        true = register(Name, self()),
                        Name ! {hello, I},
                        receive {hello, I} -> ok end,
                        Self ! {registered, whereis(Name) =:= self()},
                        true = unregister(Name)
                end) || I <- lists:seq(1, N)],
    lists:all(fun(X) -> X end, [receive {registered, B} -> B end || _ <- lists:seq(1, N)]).

timers(N) ->
    Self = self(),
    [spawn_link(fun() ->
                        R = erlang:start_timer(I rem 20, self(), t),
                        receive {timeout, R, t} -> Self ! {timer, I} end
                end) || I <- lists:seq(1, N)],
    lists:sort([receive {timer, I} -> I end || _ <- lists:seq(1, N)]) =:= lists:seq(1, N).

%% CPU-bound processes do not starve a process that waits for messages
preempt() ->
    Self = self(),
    Spinners = [spawn_link(fun() -> spin(3000000), Self ! spun end) || _ <- lists:seq(1, 4)],
    Echo = spawn_link(fun() -> receive {From, X} -> From ! {echo, X} end end),
    Echo ! {self(), 1},
    R = receive {echo, 1} -> answered after 5000 -> starved end,
    [receive spun -> ok end || _ <- Spinners],
    R.

%% every process this program started has gone
wait_alone(Before, 0) -> length(processes() -- Before);
wait_alone(Before, K) ->
    case processes() -- Before of
        [] -> 0;
        _ -> receive after 1 -> ok end, wait_alone(Before, K - 1)
    end.

show(Tag, V) -> erlang:display({Tag, V}).
