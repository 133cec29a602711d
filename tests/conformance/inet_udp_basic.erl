%% gen_udp on the loopback: open, send, recv in passive mode and active
%% modes (true, once, N), list and binary modes, names, errors.
-module(inet_udp_basic).
-export([main/0]).

-define(L, {127,0,0,1}).

norm(M) when is_tuple(M) -> list_to_tuple([norm(E) || E <- tuple_to_list(M)]);
norm(P) when is_port(P) -> port;
norm(M) -> M.

flush() -> receive M -> [norm(M) | flush()] after 100 -> [] end.

t(Name, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Name, norm(R)]),
    [io:format("  extra: ~p~n", [X]) || X <- flush()].

main() ->
    t("open", fun() ->
        {ok, U} = gen_udp:open(0),
        {ok, P} = inet:port(U),
        R = {P > 0, erlang:port_info(U, name), inet:getopts(U, [active, mode])},
        gen_udp:close(U), R end),
    t("passive", fun() ->
        {ok, A} = gen_udp:open(0, [binary, {active, false}, {ip, ?L}]),
        {ok, B} = gen_udp:open(0, [{active, false}, {ip, ?L}]),
        {ok, PA} = inet:port(A), {ok, PB} = inet:port(B),
        ok = gen_udp:send(A, ?L, PB, "hello"),
        {ok, {IP, PA2, D}} = gen_udp:recv(B, 0, 1000),
        ok = gen_udp:send(B, ?L, PA, [<<"bin">>, $!]),
        {ok, {_, PB2, D2}} = gen_udp:recv(A, 0, 1000),
        R3 = gen_udp:recv(A, 0, 50),
        gen_udp:close(A), gen_udp:close(B),
        [IP, PA2 =:= PA, D, PB2 =:= PB, D2, R3] end),
    t("active", fun() ->
        {ok, A} = gen_udp:open(0, [binary, {ip, ?L}]),
        {ok, B} = gen_udp:open(0, [binary, {ip, ?L}, {active, once}]),
        {ok, PB} = inet:port(B),
        [ok = gen_udp:send(A, ?L, PB, [N]) || N <- [1, 2, 3]],
        R1 = receive {udp, B, IP, _, D1} -> {IP, D1} after 1000 -> timeout end,
        R2 = receive {udp, B, _, _, D2} -> D2 after 100 -> none end,
        ok = inet:setopts(B, [{active, 2}]),
        R3 = [receive {udp, B, _, _, D} -> D after 1000 -> timeout end || _ <- [1, 2]],
        R4 = receive {udp_passive, B} -> passive after 1000 -> timeout end,
        gen_udp:close(A), gen_udp:close(B),
        [R1, R2, R3, R4] end),
    t("errors", fun() ->
        {ok, A} = gen_udp:open(0, [{ip, ?L}]),
        R1 = gen_udp:send(A, ?L, 70000, "x"),
        R2 = gen_udp:recv(A, 0, 10),
        gen_udp:close(A),
        R3 = gen_udp:send(A, ?L, 1, "x"),
        [R1, R2, R3] end),
    ok.
