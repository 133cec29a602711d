%% erlang:garbage_collect/0 shrinks the heap once a large list is dead
%% (GC stress keeps the heap minimal: nothing to compare there).
%% stress: skip
-module(lang_gc_shrink).
-export([main/0]).
main() ->
    L = lists:seq(1, 100000), 100000 = length(L),
    {heap_size, B} = process_info(self(), heap_size),
    erlang:garbage_collect(),
    {heap_size, A} = process_info(self(), heap_size),
    io:format("~p~n", [A < B]).
