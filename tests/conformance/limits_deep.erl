%% limits_deep - a non-tail-recursive function 10 million calls deep: the
%% stack grows (OTP has no fixed stack limit, only max_heap_size, unset
%% here) and the recursion completes; then the same on a list built that
%% deep, and an exception thrown from the bottom caught at the top.
%%
%% Not here, on purpose: a runaway (unbounded) non-tail recursion. With
%% max_heap_size unset erl grows until the machine's memory is gone, then
%% prints `eheap_alloc: Cannot allocate N bytes of memory (of type "heap")`
%% and writes a crash dump; laser (2026-11) likewise grows without bound
%% and, once an allocation fails (tried under `ulimit -v 2000000`), prints
%% `laser: cannot grow the heap of a process to 1 more words (gc result 3)`
%% and exits with status 1. Killing just the process at max_heap_size
%% belongs to the concurrency issue.
%% stress: skip (ten million frames with a collection at every allocation would take hours)
-module(limits_deep).
-export([main/0]).

main() ->
    io:format("sum: ~p~n", [sum(10000000)]),
    L = build(10000000),
    io:format("length: ~p~n", [length(L)]),
    io:format("mapped sum: ~p~n", [lists:sum(double(L))]),
    io:format("throw from the bottom: ~p~n", [catch down(10000000)]),
    io:format("after: ~p~n", [sum(1000)]),
    ok.

sum(0) -> 0;
sum(N) -> N + sum(N - 1).

build(0) -> [];
build(N) -> [N | build(N - 1)].

double([]) -> [];
double([H | T]) -> [2 * H | double(T)].

down(0) -> throw(bottom);
down(N) -> {down(N - 1)}.
