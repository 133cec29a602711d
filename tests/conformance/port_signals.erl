%% Links, exit signals and monitors between ports and processes; the
%% port-message protocol (command, close, connect, badsig); registered
%% port names; port_connect.
-module(port_signals).
-export([main/0]).

cat() -> open_port({spawn, "cat"}, [binary]).

alive(P) -> erlang:port_info(P, id) =/= undefined.

msg() -> receive M -> M after 2000 -> timeout end.

no_msg() -> receive M -> {unexpected, M} after 200 -> none end.

main() ->
    process_flag(trap_exit, true),
    Self = self(),
    %% the connected process exits normally: the port closes, its other
    %% links get the reason
    C = spawn(fun() -> P = cat(), Self ! {port, P}, receive go -> ok end end),
    P1 = receive {port, X} -> X end,
    link(P1),
    C ! go,
    erlang:display(msg() =:= {'EXIT', P1, normal}),
    erlang:display(alive(P1)),
    %% ... with another reason
    C2 = spawn(fun() -> P = cat(), Self ! {port, P}, receive go -> exit(boom) end end),
    P2 = receive {port, X2} -> X2 end,
    link(P2),
    C2 ! go,
    erlang:display(msg() =:= {'EXIT', P2, boom}),
    %% a linked process other than the connected one exits normally: ignored
    P3 = cat(),
    L = spawn(fun() -> link(P3), Self ! linked, receive go -> ok end end),
    receive linked -> ok end,
    L ! go,
    erlang:display(no_msg()),
    erlang:display(alive(P3)),
    %% ... or abnormally: the port exits with that reason
    L2 = spawn(fun() -> link(P3), Self ! linked, receive go -> exit(crash) end end),
    receive linked -> ok end,
    L2 ! go,
    erlang:display(msg() =:= {'EXIT', P3, crash}),
    %% exit/2 on a port: any reason ends it, kill as killed
    [begin
         P = cat(),
         exit(P, R),
         erlang:display({R, msg() =:= {'EXIT', P, E}, alive(P)})
     end || {R, E} <- [{normal, normal}, {foo, foo}, {kill, killed}]],
    P4 = cat(),
    spawn(fun() -> exit(P4, normal) end),
    erlang:display(msg() =:= {'EXIT', P4, normal}),
    %% link to a closed port
    erlang:display(link(P4)),
    erlang:display(msg() =:= {'EXIT', P4, noproc}),
    erlang:display(unlink(P4)),
    %% unlink: the port's exit is not seen
    P5 = cat(),
    unlink(P5),
    erlang:display(erlang:port_info(P5, links)),
    port_close(P5),
    erlang:display(no_msg()),
    %% monitors
    P6 = cat(),
    M6 = erlang:monitor(port, P6),
    erlang:display(erlang:port_info(P6, monitored_by) =:= {monitored_by, [self()]}),
    port_close(P6),
    erlang:display(lists:sort([msg(), msg()]) =:= lists:sort([{'EXIT', P6, normal}, {'DOWN', M6, port, P6, normal}])),
    M7 = erlang:monitor(port, P6),
    erlang:display(msg() =:= {'DOWN', M7, port, P6, noproc}),
    P8 = cat(),
    M8 = erlang:monitor(port, P8),
    erlang:display(erlang:demonitor(M8, [info])),
    erlang:display(erlang:port_info(P8, monitored_by)),
    exit(P8, bye),
    erlang:display(msg() =:= {'EXIT', P8, bye}),
    erlang:display(no_msg()),
    %% registered ports
    P9 = cat(),
    erlang:display(register(a_port, P9)),
    erlang:display(whereis(a_port) =:= P9),
    erlang:display(lists:member(a_port, registered())),
    erlang:display(try register(another_name, P9) catch error:R9 -> R9 end),
    erlang:display(erlang:port_info(a_port, registered_name)),
    erlang:display(port_command(a_port, <<"by name">>)),
    erlang:display(msg() =:= {P9, {data, <<"by name">>}}),
    a_port ! {self(), {command, <<"message by name">>}},
    erlang:display(msg() =:= {P9, {data, <<"message by name">>}}),
    M9 = erlang:monitor(port, a_port),
    erlang:display(unregister(a_port)),
    erlang:display(erlang:port_info(P9, registered_name)),
    erlang:display(register(a_port, P9)),
    port_close(a_port),
    erlang:display(lists:sort([msg(), msg()]) =:= lists:sort([{'EXIT', P9, normal}, {'DOWN', M9, port, {a_port, node()}, normal}])),
    erlang:display(whereis(a_port)),
    M10 = erlang:monitor(port, no_such_port),
    erlang:display(msg() =:= {'DOWN', M10, port, {no_such_port, node()}, noproc}),
    %% the message protocol
    P11 = cat(),
    P11 ! {self(), {command, [<<"io">>, "list"]}},
    erlang:display(msg() =:= {P11, {data, <<"iolist">>}}),
    Other = spawn(fun() -> receive _ -> ok end end),
    P11 ! {Other, {command, <<"not the owner">>}},
    erlang:display(msg() =:= {'EXIT', P11, badsig}),
    erlang:display(alive(P11)),
    P11 ! garbage,
    erlang:display(msg() =:= {'EXIT', P11, badsig}),
    P11 ! {self(), {connect, Other}},
    erlang:display(msg() =:= {P11, connected}),
    erlang:display(erlang:port_info(P11, connected) =:= {connected, Other}),
    erlang:display(erlang:port_info(P11, links) =:= {links, [self()]}),
    P11 ! {self(), close},
    erlang:display(msg() =:= {'EXIT', P11, badsig}),
    erlang:display(port_connect(P11, self())),
    P11 ! {self(), close},
    erlang:display(lists:sort([msg(), msg()]) =:= lists:sort([{P11, closed}, {'EXIT', P11, normal}])),
    P11 ! {self(), close},
    erlang:display(no_msg()),
    %% port_connect links the new owner, who then gets the data
    P12 = cat(),
    Owner = spawn(fun() -> receive {P, {data, D}} when is_port(P) -> Self ! {owner_got, D} end end),
    erlang:display(port_connect(P12, Owner)),
    erlang:display(erlang:port_info(P12, links) =:= {links, lists:sort([Self, Owner])}),
    port_command(P12, <<"to the new owner">>),
    erlang:display(msg()),
    erlang:display(try port_connect(P12, list_to_pid("<0.9999.0>")) catch error:R12 -> R12 end),
    %% the owner then exits normally: the port closes
    erlang:display(msg() =:= {'EXIT', P12, normal}),
    erlang:display(alive(P12)),
    %% process_info links shows ports
    P13 = cat(),
    {links, Ls} = process_info(self(), links),
    erlang:display(lists:member(P13, Ls)),
    port_close(P13),
    erlang:display(msg() =:= {'EXIT', P13, normal}),
    ok.
