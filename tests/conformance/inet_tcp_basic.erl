%% gen_tcp on the loopback: listen, accept, connect, send and recv in
%% passive and active modes (true, once, N), every packet mode, closes
%% from either side, errors, timeouts, options, controlling_process.
-module(inet_tcp_basic).
-export([main/0]).

-define(L, {127,0,0,1}).

pair(LOpts, COpts) ->
    {ok, L} = gen_tcp:listen(0, [{ip, ?L} | LOpts]),
    {ok, Port} = inet:port(L),
    {ok, C} = gen_tcp:connect(?L, Port, COpts),
    {ok, S} = gen_tcp:accept(L, 1000),
    gen_tcp:close(L),
    {C, S}.

flush() -> receive M -> [norm(M) | flush()] after 100 -> [] end.

norm(M) when is_tuple(M) -> list_to_tuple([norm(E) || E <- tuple_to_list(M)]);
norm(P) when is_port(P) -> port;
norm(M) -> M.

t(Name, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Name, norm(R)]),
    [io:format("  extra: ~p~n", [X]) || X <- flush()].

main() ->
    t("listen", fun() ->
        {ok, L} = gen_tcp:listen(0, []),
        {ok, P} = inet:port(L),
        {ok, {IP, P2}} = inet:sockname(L),
        R = {is_integer(P), P > 0, P =:= P2, IP, erlang:port_info(L, name)},
        ok = gen_tcp:close(L), R end),
    t("passive raw", fun() ->
        {C, S} = pair([{active, false}, binary], [{active, false}, binary]),
        ok = gen_tcp:send(C, <<"hello">>),
        R1 = gen_tcp:recv(S, 5, 1000),
        ok = gen_tcp:send(S, "world!"),
        R2 = gen_tcp:recv(C, 3, 1000),
        R3 = gen_tcp:recv(C, 3, 1000),
        R4 = gen_tcp:recv(C, 0, 100),
        gen_tcp:close(C),
        R5 = gen_tcp:recv(S, 0, 1000),
        R6 = gen_tcp:recv(S, 0, 1000),
        R7 = gen_tcp:send(S, "x"),
        gen_tcp:close(S),
        R8 = gen_tcp:send(S, "x"),
        [R1, R2, R3, R4, R5, R6, R7, R8] end),
    t("list mode", fun() ->
        {C, S} = pair([{active, false}], [{active, false}, list]),
        ok = gen_tcp:send(S, <<"abc">>),
        R = gen_tcp:recv(C, 3),
        gen_tcp:close(C), gen_tcp:close(S), R end),
    [t("packet " ++ io_lib:format("~p", [Pk]), fun() ->
        {C, S} = pair([{active, false}, binary, {packet, Pk}], [{active, false}, binary, {packet, Pk}]),
        ok = gen_tcp:send(C, <<"one">>),
        ok = gen_tcp:send(C, [<<"tw">>, $o]),
        ok = gen_tcp:send(C, <<>>),
        R = [gen_tcp:recv(S, 0, 1000) || _ <- [1, 2, 3]],
        gen_tcp:close(C), gen_tcp:close(S), R end) || Pk <- [1, 2, 4]],
    t("packet line", fun() ->
        {C, S} = pair([{active, false}, binary, {packet, line}], [{active, false}, binary]),
        ok = gen_tcp:send(C, <<"first\nsecond\nthi">>),
        ok = gen_tcp:send(C, <<"rd\n">>),
        R = [gen_tcp:recv(S, 0, 1000) || _ <- [1, 2, 3]],
        gen_tcp:close(C), gen_tcp:close(S), R end),
    t("packet http", fun() ->
        {C, S} = pair([{active, false}, binary, {packet, http_bin}], [{active, false}, binary]),
        ok = gen_tcp:send(C, <<"GET /index.html HTTP/1.1\r\nHost: localhost\r\nX-Thing: 1\r\n\r\nbody">>),
        R = [gen_tcp:recv(S, 0, 1000) || _ <- [1, 2, 3, 4]],
        ok = inet:setopts(S, [{packet, raw}]),
        R2 = gen_tcp:recv(S, 4, 1000),
        gen_tcp:close(C), gen_tcp:close(S), R ++ [R2] end),
    t("active true", fun() ->
        {C, S} = pair([{active, true}, binary, {packet, 2}], [{active, false}, binary, {packet, 2}]),
        ok = gen_tcp:send(C, <<"a">>), ok = gen_tcp:send(C, <<"bc">>),
        R1 = [receive {tcp, S, D} -> D after 1000 -> timeout end || _ <- [1, 2]],
        gen_tcp:close(C),
        R2 = receive {tcp_closed, S} -> closed after 1000 -> timeout end,
        R3 = erlang:port_info(S),
        [R1, R2, R3] end),
    t("active once", fun() ->
        {C, S} = pair([{active, once}, binary, {packet, 1}], [binary, {packet, 1}, {active, false}]),
        [ok = gen_tcp:send(C, [N]) || N <- [1, 2, 3]],
        R1 = receive {tcp, S, D1} -> D1 after 1000 -> timeout end,
        R2 = receive {tcp, S, D2} -> D2 after 200 -> none end,
        ok = inet:setopts(S, [{active, once}]),
        R3 = receive {tcp, S, D3} -> D3 after 1000 -> timeout end,
        {ok, A} = inet:getopts(S, [active]),
        R4 = gen_tcp:recv(S, 0, 1000),
        gen_tcp:close(C), gen_tcp:close(S), [R1, R2, R3, A, R4] end),
    t("active N", fun() ->
        {C, S} = pair([{active, 2}, binary, {packet, 1}], [binary, {packet, 1}, {active, false}]),
        [ok = gen_tcp:send(C, [N]) || N <- [1, 2, 3, 4]],
        R1 = [receive {tcp, S, D} -> D after 1000 -> timeout end || _ <- [1, 2]],
        R2 = receive {tcp_passive, S} -> passive after 1000 -> timeout end,
        ok = inet:setopts(S, [{active, 1}]),
        R3 = receive {tcp, S, D3} -> D3 after 1000 -> timeout end,
        R4 = receive {tcp_passive, S} -> passive after 1000 -> timeout end,
        {ok, A} = inet:getopts(S, [active]),
        ok = inet:setopts(S, [{active, 5}]),
        ok = inet:setopts(S, [{active, -2}]),
        {ok, A2} = inet:getopts(S, [active]),
        R5 = receive {tcp, S, D5} -> D5 after 1000 -> timeout end,
        gen_tcp:close(C), gen_tcp:close(S), [R1, R2, R3, R4, A, A2, R5] end),
    t("econnrefused", fun() ->
        {ok, L} = gen_tcp:listen(0, [{ip, ?L}]),
        {ok, P} = inet:port(L),
        gen_tcp:close(L),
        gen_tcp:connect(?L, P, []) end),
    t("recv timeout", fun() ->
        {C, S} = pair([{active, false}], [{active, false}]),
        R = gen_tcp:recv(S, 0, 50),
        R2 = gen_tcp:recv(S, 0, 0),
        gen_tcp:close(C), gen_tcp:close(S), [R, R2] end),
    t("accept timeout", fun() ->
        {ok, L} = gen_tcp:listen(0, [{ip, ?L}]),
        R = gen_tcp:accept(L, 50),
        gen_tcp:close(L), R end),
    t("close listener with acceptor", fun() ->
        {ok, L} = gen_tcp:listen(0, [{ip, ?L}]),
        Self = self(),
        spawn(fun() -> Self ! {acc, gen_tcp:accept(L)} end),
        timer:sleep(50),
        gen_tcp:close(L),
        receive {acc, R} -> R after 1000 -> timeout end end),
    t("several acceptors", fun() ->
        {ok, L} = gen_tcp:listen(0, [{ip, ?L}, {active, false}, binary]),
        {ok, P} = inet:port(L),
        Self = self(),
        [spawn(fun() -> {ok, S} = gen_tcp:accept(L), {ok, D} = gen_tcp:recv(S, 1), Self ! {got, D}, gen_tcp:close(S) end)
         || _ <- [1, 2, 3]],
        timer:sleep(50),
        Cs = [begin {ok, C} = gen_tcp:connect(?L, P, []), ok = gen_tcp:send(C, [N]), C end || N <- [1, 2, 3]],
        R = lists:sort([receive {got, D} -> D after 1000 -> timeout end || _ <- [1, 2, 3]]),
        [gen_tcp:close(C) || C <- Cs], gen_tcp:close(L), R end),
    t("controlling_process", fun() ->
        {C, S} = pair([{active, true}, binary], [{active, false}, binary]),
        Self = self(),
        Pid = spawn(fun() -> receive go -> ok end,
                             Self ! {child, receive {tcp, _, D} -> D after 1000 -> timeout end} end),
        R1 = gen_tcp:controlling_process(S, Pid),
        Pid ! go,
        ok = gen_tcp:send(C, <<"moved">>),
        R2 = receive {child, D} -> D after 2000 -> timeout end,
        Ref = monitor(process, Pid),
        receive {'DOWN', Ref, _, _, _} -> ok end,
        timer:sleep(50),
        R3 = gen_tcp:controlling_process(S, self()),
        gen_tcp:close(C), gen_tcp:close(S), [R1, R2, R3] end),
    t("getopts", fun() ->
        {C, S} = pair([{active, false}, binary, {packet, 2}, {nodelay, true}, {keepalive, true}],
                      [{active, once}, list, {packet, line}, {exit_on_close, false}, {header, 2}, {send_timeout, 500}]),
        R1 = inet:getopts(S, [active, mode, packet, nodelay, keepalive, exit_on_close, header, packet_size,
                              send_timeout, delay_send, reuseaddr]),
        R2 = inet:getopts(C, [active, mode, packet, exit_on_close, header, send_timeout]),
        R3 = inet:setopts(S, [{packet, bogus}]),
        R4 = inet:setopts(S, [bogus]),
        R5 = inet:getopts(S, [bogus]),
        gen_tcp:close(C), gen_tcp:close(S), [R1, R2, R3, R4, R5] end),
    t("names", fun() ->
        {C, S} = pair([], []),
        {ok, {A1, P1}} = inet:sockname(C),
        {ok, {A2, P2}} = inet:peername(S),
        {ok, {A3, P3}} = inet:peername(C),
        {ok, {A4, P4}} = inet:sockname(S),
        gen_tcp:close(C), gen_tcp:close(S),
        [A1 =:= A2, P1 =:= P2, A3 =:= A4, P3 =:= P4, A1] end),
    t("shutdown write", fun() ->
        {C, S} = pair([{active, false}, binary], [{active, false}, binary]),
        ok = gen_tcp:send(C, <<"last">>),
        ok = gen_tcp:shutdown(C, write),
        R1 = gen_tcp:recv(S, 0, 1000),
        R2 = gen_tcp:recv(S, 0, 1000),
        gen_tcp:close(C), gen_tcp:close(S), [R1, R2] end),
    t("exit_on_close false", fun() ->
        {C, S} = pair([{active, true}, binary, {exit_on_close, false}], [{active, false}, binary]),
        gen_tcp:close(C),
        R1 = receive {tcp_closed, S} -> closed after 1000 -> timeout end,
        R2 = is_list(erlang:port_info(S)),
        R3 = gen_tcp:send(S, <<"x">>),
        gen_tcp:close(S), [R1, R2, R3] end),
    t("getstat", fun() ->
        {C, S} = pair([{active, false}, binary], [{active, false}, binary]),
        ok = gen_tcp:send(C, <<"12345">>),
        {ok, _} = gen_tcp:recv(S, 5, 1000),
        R1 = inet:getstat(S, [recv_oct, recv_cnt, send_oct]),
        R2 = inet:getstat(C, [send_oct, send_cnt, send_pend]),
        gen_tcp:close(C), gen_tcp:close(S), [R1, R2] end),
    t("owner exits", fun() ->
        Self = self(),
        {ok, L} = gen_tcp:listen(0, [{ip, ?L}, {active, false}]),
        {ok, P} = inet:port(L),
        spawn(fun() -> {ok, C} = gen_tcp:connect(?L, P, []), Self ! {c, C} end),
        {ok, S} = gen_tcp:accept(L, 1000),
        C = receive {c, X} -> X end,
        timer:sleep(50),
        R = {erlang:port_info(C), gen_tcp:recv(S, 0, 1000)},
        gen_tcp:close(S), gen_tcp:close(L), R end),
    t("bad args", fun() ->
        {ok, L} = gen_tcp:listen(0, [{ip, ?L}]),
        R = [catch erlang:port_control(L, 66167552 + N, D) || {N, D} <- [{6, [1,2]}, {7, [22]}, {8, [200]}, {42, []},
                                                                          {999, []}, {3, [0]}, {26, [1]}, {27, []}]],
        gen_tcp:close(L), R end),
    ok.
