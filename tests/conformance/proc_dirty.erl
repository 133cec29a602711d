-module(proc_dirty).
%% flags: +S 1
-export([main/0]).

%% Dirty schedulers: erts_debug's dirty test BIFs run on dirty CPU / dirty
%% I/O threads; a long dirty call does not stop the only normal scheduler
%% (+S 1): a ticker keeps running; signals to a process in a dirty call
%% queue and act after it.
main() ->
    io:format("~p~n", [erts_debug:dirty_cpu(scheduler, type)]),
    io:format("~p~n", [erts_debug:dirty_io(scheduler, type)]),
    io:format("~p~n", [apply(erts_debug, dirty_io, [scheduler, type])]),
    F = fun erts_debug:dirty_cpu/2,
    io:format("~p~n", [F(scheduler, type)]),
    [io:format("~p~n", [try erts_debug:dirty_cpu(error, E) catch C:R -> {C, R} end])
     || E <- [badarg, badarith, notsup, undef, noproc, system_limit, other]],
    io:format("~p~n", [try erts_debug:dirty_io(scheduler, kind) catch C3:R3 -> {C3, R3} end]),
    io:format("~p~n", [try erts_debug:dirty_io(nothing, 1) catch C1:R1 -> {C1, R1} end]),
    io:format("~p~n", [try erts_debug:dirty_io(wait, -1) catch C2:R2 -> {C2, R2} end]),
    T = {a, [1, 2.5, <<"bin">>, lists:seq(1, 300)], #{k => self()}, list_to_binary(lists:duplicate(200, $x))},
    Copies = erts_debug:dirty_io(copy, T),
    io:format("~p ~p~n", [length(Copies), lists:all(fun(C) -> C =:= T end, Copies)]),
    io:format("~p~n", [erts_debug:dirty_cpu(send, self())]),
    io:format("~p~n", [erts_debug:dirty_io(send, not_a_pid)]),
    receive {ok, P} -> io:format("got ok from self: ~p~n", [P =:= self()]) after 1000 -> io:format("nothing~n") end,
    io:format("~p~n", [try erts_debug:dirty_io(wait, 1.5) catch C4:R4 -> {C4, R4} end]),
    ticker(dirty_io),
    ticker(dirty_cpu),
    signals(),
    killed(),
    io:format("~p~n", [[lists:sum(erts_debug:dirty_io(copy, N)) || N <- lists:seq(1, 5)]]),
    %% many processes in dirty calls at once (more than the pools' threads)
    Self = self(),
    Ps = [spawn(fun() -> ok = erts_debug:dirty_io(wait, 20), Self ! {self(), erts_debug:dirty_cpu(scheduler, type)} end)
          || _ <- lists:seq(1, 40)],
    io:format("~p~n", [lists:usort([receive {P2, K} -> K end || P2 <- Ps])]),
    ok.

%% A 300 ms dirty call on +S 1 while a ticker sends every 5 ms.
ticker(Kind) ->
    Self = self(),
    Tk = spawn(fun() -> tick(Self) end),
    spawn(fun() -> ok = erts_debug:Kind(wait, 300), Self ! done end),
    N = count(0),
    exit(Tk, kill),
    io:format("~p ticker ran during the call: ~p~n", [Kind, N >= 10]).

tick(P) -> P ! tick, receive after 5 -> tick(P) end.

count(N) ->
    receive
        tick -> count(N + 1);
        done -> flush(), N
    end.

flush() -> receive tick -> flush() after 0 -> ok end.

%% Messages and a link sent during the call reach the process after it.
signals() ->
    Self = self(),
    D = spawn(fun() ->
                  Self ! started,
                  ok = erts_debug:dirty_io(wait, 200),
                  receive M -> Self ! {got, M} end,
                  receive M2 -> Self ! {got, M2} end
              end),
    receive started -> ok end,
    receive after 20 -> ok end,
    io:format("status ~p~n", [process_info(D, status)]),
    D ! one,
    D ! two,
    receive {got, A} -> io:format("got ~p~n", [A]) end,
    receive {got, B} -> io:format("got ~p~n", [B]) end.

%% An exit signal during the call: the process dies once it returns.
killed() ->
    Self = self(),
    {D, Ref} = spawn_monitor(fun() ->
                                 Self ! started,
                                 erts_debug:dirty_cpu(wait, 100),
                                 Self ! not_killed
                             end),
    receive started -> ok end,
    exit(D, kill),
    receive {'DOWN', Ref, process, D, R} -> io:format("down ~p~n", [R]) end,
    receive not_killed -> io:format("not killed~n") after 200 -> io:format("no message~n") end.
