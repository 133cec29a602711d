%% send to something that is not a pid, port or registered name: badarg
%% with erlang:send/2 as the top frame, as OTP; erlang:send/2,3 as calls.
-module(lang_send_badarg).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("~p~n", [catch id(x) ! y]),
    io:format("~p~n", [catch erlang:send(id(x), y)]),
    io:format("~p~n", [catch erlang:send(id(x), y, [])]).
