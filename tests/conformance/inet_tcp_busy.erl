%% Back-pressure: a sender to a peer that does not read is held in
%% gen_tcp:send once the kernel's buffers and high_watermark are full,
%% and goes on when the peer reads; everything arrives in order.
-module(inet_tcp_busy).
-export([main/0]).

-define(L, {127,0,0,1}).

main() ->
    {ok, L} = gen_tcp:listen(0, [{ip, ?L}, binary, {active, false}]),
    {ok, P} = inet:port(L),
    Self = self(),
    Chunk = binary:copy(<<"abcdefgh">>, 1 bsl 17), %% 1 MB
    N = 64,
    W = spawn(fun() ->
                  {ok, C} = gen_tcp:connect(?L, P, [binary, {active, false}]),
                  Self ! {sock, C},
                  [ok = gen_tcp:send(C, Chunk) || _ <- lists:seq(1, N)],
                  Self ! done,
                  receive close -> gen_tcp:close(C) end
              end),
    {ok, S} = gen_tcp:accept(L),
    C = receive {sock, X} -> X end,
    timer:sleep(500),
    Early = receive done -> done_early after 0 -> held end,
    {ok, St} = prim_inet:getstatus(C),
    io:format("before reading: ~p ~p~n", [Early, lists:member(busy, St)]),
    Total = read(S, 0, N * byte_size(Chunk)),
    Late = receive done -> done after 5000 -> timeout end,
    io:format("after reading: ~p ~p~n", [Total, Late]),
    W ! close,
    io:format("end: ~p~n", [gen_tcp:recv(S, 0, 5000)]),
    gen_tcp:close(S), gen_tcp:close(L),
    ok.

read(_, Got, Want) when Got >= Want -> Got;
read(S, Got, Want) ->
    case gen_tcp:recv(S, 0, 5000) of
        {ok, D} -> read(S, Got + byte_size(D), Want);
        E -> {E, Got}
    end.
