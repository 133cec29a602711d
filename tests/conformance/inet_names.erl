%% inet's host and interface functions over the inet driver: the host
%% name, interfaces, addresses of localhost and literal addresses,
%% services, and gen_tcp:connect by name.
-module(inet_names).
-export([main/0]).

main() ->
    {ok, H} = inet:gethostname(),
    io:format("gethostname: ~p~n", [is_list(H) andalso H =/= ""]),
    io:format("getifaddrs: ~p~n", [inet:getifaddrs()]),
    io:format("getaddr localhost: ~p~n", [inet:getaddr("localhost", inet)]),
    io:format("getaddr literal: ~p~n", [[inet:getaddr(A, F) || {A, F} <- [{"127.0.0.1", inet}, {{10,1,2,3}, inet},
                                                                          {"::1", inet6}, {"1.2.3", inet},
                                                                          {"not..valid", inet}]]]),
    io:format("gethostbyname localhost: ~p~n", [inet:gethostbyname("localhost")]),
    io:format("getservbyname: ~p~n", [[inet:getservbyname(N, P) || {N, P} <- [{http, tcp}, {ssh, tcp}, {domain, udp},
                                                                              {nosuchservice, tcp}]]]),
    io:format("getservbyport: ~p~n", [[inet:getservbyport(N, P) || {N, P} <- [{80, tcp}, {22, "tcp"}, {1, udp}]]]),
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}]),
    {ok, P} = inet:port(L),
    {ok, C} = gen_tcp:connect("localhost", P, []),
    {ok, S} = gen_tcp:accept(L),
    {ok, {Peer, _}} = inet:peername(S),
    io:format("connect by name: ~p~n", [Peer]),
    [gen_tcp:close(X) || X <- [C, S, L]],
    ok.
