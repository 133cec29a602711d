%% A full atom table ends the node as in erl: the output so far, then exit
%% status 1 ("no more index entries in atom_tab (max=20000)" and a crash
%% dump; laser once aborted). +t keeps the table small; both VMs' own
%% atoms fit well below it.
%% flags: +t 20000
-module(atom_table_full).
-export([main/0]).

fill(N) ->
    A = list_to_atom("atf_" ++ integer_to_list(N)),
    A = list_to_existing_atom("atf_" ++ integer_to_list(N)),
    fill(N + 1).

main() ->
    io:format("~p~n", [list_to_existing_atom("ok")]),
    io:format("~p~n", [catch list_to_existing_atom("atf_never_made")]),
    fill(0).
