%% TLS on laser: ssl over gen_tcp with crypto's NIF library. A test PKI from
%% public_key, a server accepting one connection and echoing, a client
%% verifying nothing and one verifying the server's chain, the protocol
%% and cipher negotiated, and a client closing.
-module(inet_tls).
-export([main/0]).

main() ->
    logger:set_primary_config(level, none),
    io:format("~p~n", [application:ensure_all_started(ssl)]),
    Key = [{key, {rsa, 2048, 17}}],
    #{server_config := S, client_config := C} =
        public_key:pkix_test_data(#{server_chain => #{root => Key, intermediates => [], peer => Key},
                                    client_chain => #{root => Key, intermediates => [], peer => Key}}),
    {ok, L} = ssl:listen(0, [{reuseaddr, true}, binary, {active, false} | S]),
    {ok, {_, Port}} = ssl:sockname(L),
    Me = self(),
    spawn_link(fun() -> server(L, Me, 2) end),
    [client(Port, Opts) || Opts <- [[{verify, verify_none} | proplists:delete(verify, C)],
                                    [{verify, verify_peer}, {server_name_indication, disable} | proplists:delete(verify, C)]]],
    receive server_done -> ok end,
    ssl:close(L),
    io:format("done~n").

client(Port, Opts) ->
    {ok, CS} = ssl:connect("localhost", Port, [binary, {active, false} | Opts]),
    ok = ssl:send(CS, <<"hello">>),
    io:format("~p~n", [ssl:recv(CS, 0, 5000)]),
    {ok, Info} = ssl:connection_information(CS, [protocol, selected_cipher_suite]),
    io:format("~p~n", [[K || {K, _} <- Info]]),
    ok = ssl:close(CS).

server(_L, Parent, 0) -> Parent ! server_done;
server(L, Parent, N) ->
    {ok, T} = ssl:transport_accept(L),
    {ok, SS} = ssl:handshake(T, 5000),
    {ok, D} = ssl:recv(SS, 0, 5000),
    ok = ssl:send(SS, <<"echo:", D/binary>>),
    io:format("server closed: ~p~n", [ssl:recv(SS, 0, 5000)]),
    server(L, Parent, N - 1).
