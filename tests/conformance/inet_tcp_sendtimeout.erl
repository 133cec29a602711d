%% send_timeout: a sender to a peer that does not read gets {error,
%% timeout}; with send_timeout_close the socket is closed after it.
-module(inet_tcp_sendtimeout).
-export([main/0]).

-define(L, {127,0,0,1}).

main() ->
    {ok, L} = gen_tcp:listen(0, [{ip, ?L}, binary, {active, false}]),
    {ok, P} = inet:port(L),
    Chunk = binary:copy(<<"abcdefgh">>, 1 bsl 17),
    [begin
         {ok, C} = gen_tcp:connect(?L, P, [binary, {active, false}, {send_timeout, 200}, {send_timeout_close, Close}]),
         {ok, S} = gen_tcp:accept(L),
         R = send_until_error(C, Chunk, 0),
         R2 = gen_tcp:send(C, <<"x">>),
         io:format("close ~p: ~p ~p~n", [Close, R, R2]),
         gen_tcp:close(C), gen_tcp:close(S)
     end || Close <- [false, true]],
    gen_tcp:close(L),
    ok.

send_until_error(_, _, 200) -> too_many;
send_until_error(C, Chunk, N) ->
    case gen_tcp:send(C, Chunk) of
        ok -> send_until_error(C, Chunk, N + 1);
        E -> {E, N > 0}
    end.
