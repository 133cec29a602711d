%% A 1,000,000-deep body recursion: the stack grows through the GC.
%% stress: skip (each collection copies the whole stack: quadratic)
-module(deep).
-export([main/0]).

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

build(0) -> [];
build(N) -> [N | build(N - 1)].

main() ->
    L = build(1000000),
    erlang:display(len(L)),
    erlang:display(lists:sum(L)).
