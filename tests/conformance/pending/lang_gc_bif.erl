%% pending (missing BIF): erlang:garbage_collect/0 is undef on laser (OTP
%% returns true after a full collection of the caller).
-module(lang_gc_bif).
-export([main/0]).
main() ->
    L = lists:seq(1, 100000),
    io:format("~p~n", [{erlang:garbage_collect(), length(L)}]).
