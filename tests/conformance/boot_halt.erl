%% Exit status and output through the real boot: output written through
%% `user` just before halt/2 with {flush, true} is all there, the status is
%% halt's; a crash in -s gives init's "init terminating in do_boot" line.
%% run: -s boot_halt main
-module(boot_halt).
-export([main/0]).

main() ->
    Line = lists:duplicate(100, $x),
    [io:format("~4..0B ~s~n", [N, Line]) || N <- lists:seq(1, 2000)],
    io:put_chars(<<"last line\n">>),
    erlang:halt(7, [{flush, true}]).
