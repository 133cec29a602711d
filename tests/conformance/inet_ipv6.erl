%% gen_tcp and gen_udp over IPv6 on ::1: listen, connect, accept, send,
%% recv, names, and a datagram to itself.
-module(inet_ipv6).
-export([main/0]).

-define(L6, {0,0,0,0,0,0,0,1}).

main() ->
    {ok, L} = gen_tcp:listen(0, [inet6, {ip, ?L6}, {active, false}, binary]),
    {ok, P} = inet:port(L),
    {ok, C} = gen_tcp:connect(?L6, P, [inet6, binary, {active, false}]),
    {ok, S} = gen_tcp:accept(L),
    ok = gen_tcp:send(C, <<"six">>),
    io:format("recv: ~p~n", [gen_tcp:recv(S, 3, 1000)]),
    {ok, {A, _}} = inet:peername(S),
    {ok, {A2, P2}} = inet:sockname(L),
    io:format("names: ~p ~p ~p~n", [A, A2, P2 =:= P]),
    {ok, U} = gen_udp:open(0, [inet6, {ip, ?L6}, binary, {active, false}]),
    {ok, UP} = inet:port(U),
    ok = gen_udp:send(U, ?L6, UP, <<"u6">>),
    io:format("udp: ~p~n", [gen_udp:recv(U, 0, 1000) =:= {ok, {?L6, UP, <<"u6">>}}]),
    io:format("v6only: ~p~n", [inet:getopts(L, [ipv6_v6only])]),
    io:format("v4 to v6: ~p~n", [gen_tcp:connect({127,0,0,1}, P, [], 1000)]),
    [gen_tcp:close(X) || X <- [C, S, L]],
    gen_udp:close(U),
    ok.
