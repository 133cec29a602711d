%% boot_args: init:get_arguments/0 as erl's init reports it (root, bindir,
%% progname, home, then the flags; -s/-pa are init's own and not listed).
-module(boot_args).
-export([main/0]).

main() ->
    Args = init:get_arguments(),
    io:format("~p~n", [[K || {K, _} <- Args]]),
    io:format("~p~n", [[{K, V} || {K, V} <- Args, K =/= home]]),
    io:format("~p~n", [proplists:get_value(home, Args) =:= [os:getenv("HOME")]]).
