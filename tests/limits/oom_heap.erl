-module(oom_heap).
-export([main/0]).
main() -> L = lists:seq(1, 400000000), io:format("~p~n", [length(L)]).
