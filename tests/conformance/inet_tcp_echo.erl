%% gen_tcp under load on the loopback: an echo server with one process
%% per connection, clients in several processes exchanging packets of
%% every size in each packet mode, active and passive, and a bulk
%% transfer of a few megabytes that fills the kernel's buffers.
-module(inet_tcp_echo).
-export([main/0]).

-define(L, {127,0,0,1}).

server(Opts) ->
    {ok, L} = gen_tcp:listen(0, [{ip, ?L}, {active, false}, binary, {reuseaddr, true} | Opts]),
    {ok, P} = inet:port(L),
    Acc = spawn_link(fun() -> acceptor(L) end),
    ok = gen_tcp:controlling_process(L, Acc),
    P.

acceptor(L) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            Pid = spawn(fun() -> receive go -> echo(S) end end),
            ok = gen_tcp:controlling_process(S, Pid),
            Pid ! go,
            acceptor(L);
        {error, closed} -> ok
    end.

echo(S) ->
    case gen_tcp:recv(S, 0, 5000) of
        {ok, D} -> ok = gen_tcp:send(S, D), echo(S);
        {error, closed} -> gen_tcp:close(S)
    end.

client(P, Opts, Msgs, Active) ->
    {ok, C} = gen_tcp:connect(?L, P, [binary, {active, Active} | Opts]),
    R = [begin ok = gen_tcp:send(C, M), get(C, Active) =:= M end || M <- Msgs],
    gen_tcp:close(C),
    lists:all(fun(X) -> X end, R).

get(C, false) -> {ok, D} = gen_tcp:recv(C, 0, 5000), D;
get(C, once) -> receive {tcp, C, D} -> ok = inet:setopts(C, [{active, once}]), D after 5000 -> timeout end;
get(C, _) -> receive {tcp, C, D} -> D after 5000 -> timeout end.

msgs(N, Max) -> [list_to_binary([I rem 256 || I <- lists:seq(1, (K * 37) rem Max)]) || K <- lists:seq(1, N)].

run(Opts, Active) ->
    P = server(Opts),
    Self = self(),
    Ms = msgs(60, case Opts of [{packet, 1}] -> 256; _ -> 3000 end),
    [spawn(fun() -> Self ! {done, client(P, Opts, Ms, Active)} end) || _ <- lists:seq(1, 5)],
    [receive {done, R} -> R after 20000 -> timeout end || _ <- lists:seq(1, 5)].

main() ->
    [io:format("~p ~p: ~p~n", [Pk, A, run([{packet, Pk}], A)]) || Pk <- [1, 2, 4], A <- [false, true, once]],
    %% lines of every length, active
    P = server([{packet, line}]),
    {ok, C} = gen_tcp:connect(?L, P, [binary, {active, true}, {packet, line}]),
    Lines = [<<(binary:copy(<<"x">>, N))/binary, "\n">> || N <- [0, 1, 10, 100, 1000]],
    R = [begin ok = gen_tcp:send(C, Ln), receive {tcp, C, D} -> D =:= Ln after 5000 -> timeout end end || Ln <- Lines],
    io:format("line: ~p~n", [R]),
    gen_tcp:close(C),
    %% bulk: 4 MB one way, counted on the other side
    {ok, L} = gen_tcp:listen(0, [{ip, ?L}, binary, {active, false}]),
    {ok, BP} = inet:port(L),
    Self = self(),
    Big = binary:copy(<<"0123456789abcdef">>, 1 bsl 18),
    spawn(fun() -> {ok, W} = gen_tcp:connect(?L, BP, [binary]), ok = gen_tcp:send(W, Big), ok = gen_tcp:close(W), Self ! sent end),
    {ok, S} = gen_tcp:accept(L),
    Got = drain(S, []),
    receive sent -> ok end,
    io:format("bulk: ~p ~p~n", [byte_size(Got), Got =:= Big]),
    gen_tcp:close(L),
    ok.

drain(S, Acc) ->
    case gen_tcp:recv(S, 0, 5000) of
        {ok, D} -> drain(S, [D | Acc]);
        {error, closed} -> iolist_to_binary(lists:reverse(Acc))
    end.
