%% An exception in a -s function: init prints {"init terminating in
%% do_boot",Reason} and the VM exits 1, as erl. (Nothing is printed
%% before: erl writes the crash line with erlang:display, synchronously,
%% which may come before earlier output still on its way through `user`.)
%% run: -s boot_crash main
-module(boot_crash).
-export([main/0]).

main() ->
    erlang:error({boot_crash, [1, 2]}).
