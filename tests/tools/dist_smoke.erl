%% Distribution smoke test (tests/tools/dist_smoke): client/1 runs on one
%% node against a peer running server/0; output is compared across the
%% erl-laser, laser-erl and laser-laser pairs.
-module(dist_smoke).
-export([server/0, client/1, echo/0, exiter/1, waiter/0]).

server() ->
    register(dist_echo, spawn(fun echo/0)),
    register(dist_server, self()),
    receive stop -> erlang:halt() after 300000 -> erlang:halt(3) end.

echo() ->
    receive
        {From, Msg} -> From ! {self(), Msg}, echo()
    end.

exiter(Reason) -> exit(Reason).
waiter() -> receive _ -> ok end.

show(What, V) -> io:format("~s: ~p~n", [What, V]).

client([PeerS]) ->
    Peer = list_to_atom(PeerS),
    process_flag(trap_exit, true),
    show("ping", net_adm:ping(Peer)),
    show("connected", lists:member(Peer, nodes())),
    show("rpc node", rpc:call(Peer, erlang, node, []) =:= Peer),
    show("rpc seq", rpc:call(Peer, lists, seq, [1, 5])),
    show("rpc error", case rpc:call(Peer, erlang, error, [x]) of {badrpc, {'EXIT', {x, _}}} -> badrpc; O -> O end),
    show("erpc", erpc:call(Peer, erlang, '+', [1, 2], 30000)),
    Big = {lists:seq(1, 1000), list_to_binary(lists:duplicate(100000, $a)), #{a => 1.5, "k" => [self()]}, make_ref()},
    P = spawn(Peer, fun() -> receive {From, X} -> From ! {self(), X} end end),
    P ! {self(), Big},
    show("spawn echo", receive {P, B} -> B =:= Big after 30000 -> timeout end),
    show("spawn node", node(P) =:= Peer),
    {dist_echo, Peer} ! {self(), hello},
    show("reg send", receive {E, hello} -> node(E) =:= Peer after 30000 -> timeout end),
    L = spawn_link(Peer, dist_smoke, exiter, [boom]),
    show("link exit", receive {'EXIT', L, R1} -> R1 after 30000 -> timeout end),
    {M, Ref} = spawn_monitor(Peer, dist_smoke, exiter, [normal]),
    show("spawn_monitor", receive {'DOWN', Ref, process, M, R2} -> R2 after 30000 -> timeout end),
    Ref2 = monitor(process, {dist_echo, Peer}),
    show("demonitor", demonitor(Ref2, [flush])),
    Ref3 = monitor(process, {nosuch, Peer}),
    show("monitor noproc", receive {'DOWN', Ref3, process, Item3, R3} -> {Item3 =:= {nosuch, Peer}, R3} after 30000 -> timeout end),
    W = spawn(Peer, dist_smoke, waiter, []),
    Ref4 = monitor(process, W),
    exit(W, kill),
    show("exit kill", receive {'DOWN', Ref4, process, W, R4} -> R4 after 30000 -> timeout end),
    W2 = spawn(Peer, dist_smoke, waiter, []),
    link(W2),
    unlink(W2),
    W2 ! go,
    show("unlink", receive {'EXIT', W2, _} -> linked after 500 -> unlinked end),
    rpc:call(Peer, io, format, ["group leader: remote io~n"]),
    yes = global:register_name(dist_smoke_g, self()),
    show("global", rpc:call(Peer, global, whereis_name, [dist_smoke_g]) =:= self()),
    show("remote global", is_pid(global:whereis_name(dist_smoke_g))),
    show("node info", [N || {N, #{node_type := visible}} <- erlang:nodes(visible, #{node_type => true})] =:= [Peer]),
    %% the peer goes: links fire noconnection, monitor_node gets nodedown
    W3 = spawn_link(Peer, dist_smoke, waiter, []),
    monitor_node(Peer, true),
    ok = net_kernel:monitor_nodes(true),
    {dist_server, Peer} ! stop,
    show("nodedown link", receive {'EXIT', W3, R5} -> R5 after 30000 -> timeout end),
    show("monitor_node", [receive {nodedown, Peer} -> nodedown after 30000 -> timeout end || _ <- [1, 2]]),
    show("nodes after", lists:member(Peer, nodes())),
    ok.
