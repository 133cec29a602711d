%% pending (src/vm.c send, sched's area): a send to something that is not
%% a pid, port or registered name raises badarg with erlang:send/2 as the
%% top frame in OTP ({erlang,send,[x,y],[{error_info,...}]}); laser's send
%% instruction raises a plain badarg (no such frame), and erlang:send/2,3
%% called as functions are undef.
-module(lang_send_badarg).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("~p~n", [catch id(x) ! y]),
    io:format("~p~n", [catch erlang:send(id(x), y)]),
    io:format("~p~n", [catch erlang:send(id(x), y, [])]).
