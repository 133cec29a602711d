%% init:stop/0 is asynchronous as in erl: the caller goes on (its next
%% display prints), then the VM ends with status 0 before the receive ends.
-module(proc_init_stop).
-export([main/0]).
main() ->
    erlang:display(a),
    init:stop(),
    erlang:display(b),
    receive after 5000 -> erlang:display(c) end.
