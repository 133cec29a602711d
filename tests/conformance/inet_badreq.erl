%% Bad requests to the inet drivers never crash the VM: every request
%% code with short and malformed data on TCP and UDP sockets in each
%% state answers a reply list or raises badarg (the exact codes are
%% erts' internals: not compared), bad datagram headers answer {error,
%% einval}, bad arguments to port_control/port_command raise badarg, and
%% a fresh connection still works afterwards.
-module(inet_badreq).
-export([main/0]).

-define(MAGIC, 66167552).

ctl(S, Op, D) ->
    try erlang:port_control(S, ?MAGIC + Op, D) of
        [C | _] when C =:= 0; C =:= 1; C =:= 2 -> ok;
        Other -> Other
    catch error:badarg -> ok
    end.

main() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}]),
    {ok, P} = inet:port(L),
    {ok, C} = gen_tcp:connect({127,0,0,1}, P, [{active, false}]),
    {ok, S} = gen_tcp:accept(L),
    {ok, U} = gen_udp:open(0, [{ip, {127,0,0,1}}, {active, false}]),
    Datas = [[], [0], [1], [255], [1, 2], [0, 0, 0, 0], [255, 255, 255, 255], [1, 2, 3, 4, 5],
             [200, 0, 0, 0, 1, 0, 0, 0, 1]],
    %% not 3 (connect: would reach out), not 1 (open: makes fds), not 2, 13
    Ops = [4, 5, 6, 8, 9, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 27, 28, 29, 30, 43, 44, 45, 61, 62, 63, 99],
    [io:format("~p ~p: ~w~n", [Name, Op, [ctl(Sock, Op, D) || D <- Datas]])
     || {Name, Sock} <- [{listen, L}, {client, C}, {udp, U}], Op <- Ops],
    R1 = [begin erlang:port_command(U, D), receive {inet_reply, U, R} -> R after 1000 -> timeout end end
          || D <- [[], [1], [1, 0, 80], [1, 0, 9, 127, 0, 0, 1], [1, 0, 9, 127, 0, 0, 1, 0, 0, 0, 5, "x"],
                   [9, 0, 9, 127, 0, 0, 1, 0, 0, 0, 0]]],
    io:format("udp sends: ~p~n", [R1]),
    R2 = [catch erlang:port_control(S, X, Y) || {X, Y} <- [{a, []}, {-1, []}, {1 bsl 40, []}, {?MAGIC + 8, [a]},
                                                            {?MAGIC + 8, {1}}, {?MAGIC + 8, foo}]],
    io:format("badarg: ~p~n", [[case R of {'EXIT', {E, _}} -> E; _ -> R end || R <- R2]]),
    R3 = [catch erlang:port_command(S, X) || X <- [a, [256], [1 | 2], {<<"x">>}]],
    io:format("command badarg: ~p~n", [[element(1, R) || R <- R3]]),
    [catch gen_tcp:close(X) || X <- [C, S, L]],
    {ok, L2} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, {active, false}]),
    {ok, P2} = inet:port(L2),
    {ok, C2} = gen_tcp:connect({127,0,0,1}, P2, [{active, false}]),
    {ok, S2} = gen_tcp:accept(L2),
    io:format("still fine: ~p~n", [gen_tcp:send(C2, "ok") =:= ok andalso gen_tcp:recv(S2, 2, 1000) =:= {ok, "ok"}]),
    [gen_tcp:close(X) || X <- [C2, S2, L2]],
    gen_udp:close(U),
    ok.
