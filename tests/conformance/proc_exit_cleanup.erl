%% What a process leaves behind when it exits: its registered name is free
%% again, its zlib streams answer not_on_controlling_process to others,
%% monitors it held are gone (demonitor info: false), a receive timer it
%% armed does not fire anywhere, its links are gone.
-module(proc_exit_cleanup).
-export([main/0]).

main() ->
    Self = self(),
    {P1, M1} = spawn_monitor(fun() -> register(cleanup_name, self()), Self ! ready, receive stop -> ok end end),
    receive ready -> ok end,
    show(name_taken, whereis(cleanup_name) =:= P1),
    P1 ! stop,
    receive {'DOWN', M1, process, P1, normal} -> ok end,
    show(name_free, whereis(cleanup_name)),
    show(register_again, register(cleanup_name, self())),
    unregister(cleanup_name),
    %% zlib streams of a dead owner
    Zs = [begin
              {P, M} = spawn_monitor(fun() ->
                                            Z = zlib:open(),
                                            ok = zlib:deflateInit(Z),
                                            Self ! {z, self(), Z}
                                    end),
              Z = receive {z, P, Zx} -> Zx end,
              receive {'DOWN', M, process, P, _} -> ok end,
              Z
          end || _ <- lists:seq(1, 20)],
    show(zlib_orphans, lists:usort([reason(catch zlib:close(Z)) || Z <- Zs])),
    show(zlib_new_works, begin Z = zlib:open(), zlib:close(Z) end),
    %% a monitor held by a dead process
    Target = spawn(fun() -> receive stop -> ok end end),
    {Holder, HM} = spawn_monitor(fun() -> Ref = monitor(process, Target), Self ! {ref, Ref} end),
    receive {ref, _} -> ok end,
    receive {'DOWN', HM, process, Holder, _} -> ok end,
    wait_monitored_by(Target, 1000),
    show(monitored_by, process_info(Target, monitored_by)),
    %% links of a dead process
    L = spawn(fun() -> receive stop -> ok end end),
    {Linker, LM} = spawn_monitor(fun() -> link(L), Self ! linked end),
    receive linked -> ok end,
    receive {'DOWN', LM, process, Linker, _} -> ok end,
    wait_links(L, 1000),
    show(links, process_info(L, links)),
    %% a receive timer of a dead process
    {T, TM} = spawn_monitor(fun() -> receive after 30 -> Self ! late end end),
    exit(T, kill),
    receive {'DOWN', TM, process, T, killed} -> ok end,
    show(timer_gone, receive late -> late after 100 -> none end),
    Target ! stop, L ! stop,
    ok.

reason({'EXIT', {R, _}}) -> R;
reason(X) -> X.

wait_monitored_by(P, 0) -> P;
wait_monitored_by(P, K) ->
    case process_info(P, monitored_by) of
        {monitored_by, []} -> ok;
        _ -> receive after 1 -> ok end, wait_monitored_by(P, K - 1)
    end.

wait_links(P, 0) -> P;
wait_links(P, K) ->
    case process_info(P, links) of
        {links, []} -> ok;
        _ -> receive after 1 -> ok end, wait_links(P, K - 1)
    end.

show(Tag, V) -> erlang:display({Tag, V}).
