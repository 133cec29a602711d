%% Spawning and messages between processes: spawn/1,3, spawn_link,
%% spawn_monitor, spawn_opt, self/0, send to pids and names, messages of
%% every term type copied into the receiver, many processes.
-module(proc_spawn).
-export([main/0, echo/1, add/2]).

main() ->
    Self = self(),
    %% spawn/3 with arguments
    P1 = spawn(?MODULE, echo, [Self]),
    P1 ! {ping, 1},
    show(echo3, receive {echo, P1, M1} -> M1 after 5000 -> timeout end),
    %% spawn/1 with a closure
    X = 42,
    spawn(fun() -> Self ! {closure, X + 1} end),
    show(closure, receive {closure, V} -> V after 5000 -> timeout end),
    %% messages of every kind of term survive the copy
    Big = 1 bsl 200,
    Bin = list_to_binary(lists:seq(0, 255)),
    Sub = binary:part(Bin, 10, 100),
    Terms = [atom, 17, -5, 3.25, Big, -Big, "string", [1, [2, [3]]], {a, {b, c}},
             #{k => v, 1 => [x]}, maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
             <<"small">>, Bin, Sub, <<1:3>>, fun lists:reverse/1, fun(A) -> A + X end,
             make_ref(), self(), [], {}, <<>>],
    P2 = spawn(?MODULE, echo, [Self]),
    [P2 ! T || T <- Terms],
    Back = [receive {echo, P2, T} -> T after 5000 -> timeout end || _ <- Terms],
    show(terms_equal, Back =:= Terms),
    F = lists:nth(17, Back),
    show(fun_works, F(1)),
    %% appended binaries keep their value in the receiver after the sender appends
    B0 = <<"abc">>,
    B1 = <<B0/binary, "def">>,
    P2 ! B1,
    B2 = <<B1/binary, "ghi">>,
    show(appended, {receive {echo, P2, R} -> R end, B2}),
    P2 ! stop,
    %% send to a registered name, erlang:send/2,3, '!'
    register(me_here, self()),
    me_here ! by_name,
    erlang:send(me_here, by_send2),
    ok = erlang:send(me_here, by_send3, [nosuspend]),
    show(names, [receive M -> M end || _ <- [1, 2, 3]]),
    show(bad_name, catch nobody_here ! x),
    show(bad_dest, catch erlang:send(17, x)),
    unregister(me_here),
    %% a dead pid swallows the message
    {Dead, DRef} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', DRef, process, Dead, _} -> ok end,
    show(dead_send, Dead ! hello),
    show(alive, {is_process_alive(self()), is_process_alive(Dead)}),
    %% spawn_opt options
    Po = spawn_opt(fun() -> receive {S, go} -> S ! {prio, process_flag(priority, low)} end end,
                   [{priority, high}, {min_heap_size, 1000}, {fullsweep_after, 10}]),
    Po ! {self(), go},
    show(spawn_opt, receive {prio, Pr} -> Pr after 5000 -> timeout end),
    {Pm, Mref} = spawn_opt(fun() -> exit(normal) end, [monitor]),
    show(spawn_opt_monitor, receive {'DOWN', Mref, process, Pm, Rm} -> Rm after 5000 -> timeout end),
    show(bad_opt, catch spawn_opt(fun() -> ok end, [bogus])),
    show(bad_spawn, catch spawn(?MODULE, echo, notalist)),
    show(bad_spawn1, catch spawn(notafun)),
    %% ordering between a pair, with many senders at once
    N = 200,
    Senders = [spawn(fun() -> [Self ! {seq, K, J} || J <- lists:seq(1, 20)] end) || K <- lists:seq(1, N)],
    Got = [receive {seq, K, J} -> {K, J} after 5000 -> timeout end || K <- lists:seq(1, N), J <- lists:seq(1, 20)],
    show(per_pair_fifo, {length(Senders), length(Got), lists:member(timeout, Got)}),
    %% apply/3 of spawn_link with mfa
    process_flag(trap_exit, true),
    Pl = spawn_link(?MODULE, add, [1, 2]),
    show(spawn_link_exit, receive {'EXIT', Pl, Why} -> Why after 5000 -> timeout end),
    %% lots of short-lived processes
    Ps = [spawn(fun() -> Self ! {sq, I, I * I} end) || I <- lists:seq(1, 2000)],
    Sum = lists:sum([receive {sq, I, S} -> S end || I <- lists:seq(1, 2000)]),
    show(many, {length(Ps), Sum}),
    ok.

echo(Parent) ->
    receive
        stop -> ok;
        M -> Parent ! {echo, self(), M}, echo(Parent)
    end.

add(A, B) -> exit({sum, A + B}).

show(Tag, V) -> erlang:display({Tag, V}).
