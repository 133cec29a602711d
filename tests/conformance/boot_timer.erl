%% timer module functions that need timer_server (started on demand under
%% kernel_safe_sup by the boot): apply_after, send_after, send_interval,
%% cancel, exit_after, apply_interval; and timer:tc/sleep.
-module(boot_timer).
-export([main/0, note/2]).

note(Pid, X) -> Pid ! {note, X}.

main() ->
    Self = self(),
    {ok, _} = timer:apply_after(30, ?MODULE, note, [Self, applied]),
    {ok, _} = timer:send_after(10, Self, sent),
    {ok, TI} = timer:send_interval(15, Self, tick),
    Got1 = collect([applied, sent], []),
    Ticks = ticks(3),
    {ok, cancel} = timer:cancel(TI),
    flush_ticks(),
    receive tick -> io:format("tick after cancel~n") after 60 -> ok end,
    {ok, TR} = timer:apply_after(5000, ?MODULE, note, [Self, never]),
    {ok, cancel} = timer:cancel(TR),
    Bad = timer:cancel(bogus),
    {ok, AI} = timer:apply_interval(10, ?MODULE, note, [Self, again]),
    Again = [receive {note, again} -> again after 1000 -> timeout end || _ <- [1, 2]],
    {ok, cancel} = timer:cancel(AI),
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> receive never -> ok end end),
    {ok, _} = timer:exit_after(10, P, bye),
    Exit = receive {'EXIT', P, R} -> R after 1000 -> timeout end,
    {T, slept} = timer:tc(fun() -> timer:sleep(20), slept end),
    Server = is_pid(whereis(timer_server)),
    io:format("~p~n", [[lists:sort(Got1), Ticks, Bad, Again, Exit, T >= 20000, Server]]).

collect([], Acc) -> Acc;
collect(Want, Acc) ->
    receive
        {note, applied} -> collect(Want -- [applied], [applied | Acc]);
        sent -> collect(Want -- [sent], [sent | Acc])
    after 2000 -> [timeout | Acc]
    end.

ticks(0) -> done;
ticks(N) -> receive tick -> ticks(N - 1) after 1000 -> {timeout, N} end.

flush_ticks() -> receive tick -> flush_ticks() after 0 -> ok end.
