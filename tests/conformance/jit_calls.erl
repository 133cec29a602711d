%% The native call sequence (jit/jit_emit.c: call_native, push_cp,
%% emit_unit's entry), hot enough for tiered mode to compile (run also
%% with +Jeager and GC stress): non-tail recursion far past the C stack
%% native calls may take (at the limit a call exits and the interpreter
%% enters the callee again from C), a frame's second call after its first
%% returned (the C stack is tested once per frame), the deep recursion in
%% a frame's second call, a call right after an allocation and moves (the
%% CP's word taken with the frame), lists built on the way back up
%% (collections with the recursion on the stack), slices ending inside
%% deep native recursion in several processes (returns through the
%% continuations' stubs), and exceptions raised deep below native frames,
%% caught at the top with erl's stack trace. The depths are a few times
%% the native frames that fit in JIT_NATIVE_STACK.
%% stress: skip (each collection copies the whole stack: quadratic, 13 s of CPU in Release; jit_native's collections in native code run under stress)
-module(jit_calls).
-export([main/0]).

main() ->
    io:format("~p~n", [fib(24)]),
    io:format("~p~n", [[depth(N) || N <- [10, 1000, 30000, 40000]]]),
    io:format("~p~n", [second(30000)]),
    io:format("~p~n", [build(20000)]),
    io:format("~p~n", [yields()]),
    io:format("~p~n", [raise_deep(30000)]),
    io:format("~p~n", [catch_each(3000)]),
    io:format("~p~n", [after_deep(3)]),
    ok.

%% two calls per frame, the second after the first's continuation
fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

depth(0) -> 0;
depth(N) -> 1 + depth(N - 1).

%% the recursive call after another call of the same frame
second(0) -> 0;
second(N) ->
    X = id(N),
    X rem 3 + second(N - 1).

id(X) -> X.

%% a frame, moves, a call; tuples and a list built on the way back
build(N) ->
    L = build_list(N),
    {length(L), lists:sum([A + B || {A, B} <- L])}.

build_list(0) -> [];
build_list(N) -> [{N, N * 2} | build_list(N - 1)].

%% processes recursing deeply at once: their slices end inside the
%% recursion and they resume there
yields() ->
    Self = self(),
    Ps = [spawn(fun() -> Self ! {self(), depth(20000 + K) + second(2000 + K)} end) || K <- lists:seq(1, 4)],
    [receive {P, R} -> R end || P <- Ps].

%% error:bottom 30000 native frames down
raise_deep(N) ->
    try down(N) of
        _ -> no
    catch
        error:R:S -> {R, [{M, F, A} || {M, F, A, _} <- S]}
    end.

down(0) -> erlang:error(bottom);
down(N) -> [N | down(N - 1)].

%% hot functions raising and catching across native frames
catch_each(N) -> lists:sum([catch_one(K) || K <- lists:seq(1, N)]).

catch_one(K) ->
    try thrower(K) of
        V -> V
    catch
        throw:V -> -V
    end.

thrower(K) when K rem 3 =:= 0 -> throw(depth(K rem 40));
thrower(K) -> second(K rem 30).

%% after a deep recursion unwound through the limit, calls from the
%% same frames go on natively
after_deep(0) -> [];
after_deep(N) ->
    D = depth(10000 * N),
    S = second(N * 100),
    [{D, S} | after_deep(N - 1)].
