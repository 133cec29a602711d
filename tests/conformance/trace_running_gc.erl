-module(trace_running_gc).
%% stress: skip (a collection at every allocation makes a gc trace message each: the traced worker sends tens of thousands)
-export([main/0, worker/0, waiter/0]).

%% erlang:trace/3 with running and garbage_collection (tags and the
%% function a process is scheduled in and out at), timestamps of each
%% kind (their shapes), set_on_first_spawn and set_on_link.
worker() ->
    receive go -> ok end,
    L = lists:seq(1, 20000),
    _ = length([X * 2 || X <- L]),
    receive stop -> ok end.

waiter() -> receive stop -> ok end.

collect(L) ->
    receive
        {get, P} -> P ! {msgs, lists:reverse(L)};
        M -> collect([M | L])
    end.

trace(Flags, Fun) ->
    Me = self(),
    T = spawn(fun() -> collect([]) end),
    W = spawn(?MODULE, worker, []),
    timer:sleep(10),
    erlang:trace(W, true, [{tracer, T} | Flags]),
    Fun(W),
    Mon = monitor(process, W),
    W ! stop,
    receive {'DOWN', Mon, _, _, _} -> ok end,
    Ref = erlang:trace_delivered(W),
    receive {trace_delivered, W, Ref} -> ok end,
    T ! {get, Me},
    receive {msgs, L} -> L end.

main() ->
    Run = trace([running], fun(W) -> W ! go end),
    io:format("running: ~p ~p~n", [hd(Run) =:= {trace, element(2, hd(Run)), in, {?MODULE, worker, 0}},
                                    lists:member(in, [Tag || {trace, _, Tag, {?MODULE, worker, 0}} <- Run])]),
    io:format("alternate ~p~n", [alternates([Tag || {trace, _, Tag, _} <- Run])]),
    Gc = trace([garbage_collection], fun(W) -> W ! go end),
    Tags = [Tag || {trace, _, Tag, _} <- Gc],
    io:format("gc: ~p ~p~n", [lists:usort(Tags) -- [gc_major_start, gc_major_end], length(Tags) > 2]),
    io:format("gc pairs ~p~n", [pairs(Tags)]),
    Keys = lists:usort([K || {trace, _, _, Info} <- Gc, {K, _} <- Info]),
    io:format("gc info ~p~n", [Keys]),
    Ts = trace([procs, timestamp], fun(W) -> W ! go end),
    io:format("timestamp ~p~n", [[{Tag, is_tuple(S) andalso size(S) =:= 3} || {trace_ts, _, Tag, _, S} <- Ts]]),
    Mono = trace([procs, monotonic_timestamp], fun(W) -> W ! go end),
    io:format("monotonic ~p~n", [[{Tag, is_integer(S)} || {trace_ts, _, Tag, _, S} <- Mono]]),
    Strict = trace([procs, strict_monotonic_timestamp], fun(W) -> W ! go end),
    io:format("strict ~p~n", [[{Tag, S} || {trace_ts, _, Tag, _, {A, B} = S} <- Strict, is_integer(A), is_integer(B)] =/= []]),
    %% set_on_first_spawn: only the first child inherits
    First = trace([procs, set_on_first_spawn],
                  fun(W) -> W ! go,
                            _ = erlang:trace_info(W, flags),
                            ok
                  end),
    io:format("first spawn ~p~n", [[Tag || {trace, _, Tag, _} <- First]]),
    Me = self(),
    T = spawn(fun() -> collect([]) end),
    P = spawn(fun() ->
                      receive go -> ok end,
                      C1 = spawn(?MODULE, waiter, []),
                      C2 = spawn(?MODULE, waiter, []),
                      Me ! {kids, C1, C2},
                      receive stop -> ok end
              end),
    erlang:trace(P, true, [procs, set_on_first_spawn, {tracer, T}]),
    P ! go,
    {C1, C2} = receive {kids, A1, A2} -> {A1, A2} end,
    io:format("sofs ~p ~p ~p~n", [erlang:trace_info(P, flags), erlang:trace_info(C1, flags), erlang:trace_info(C2, flags)]),
    Q = spawn(fun() -> receive {link, X} -> link(X), Me ! linked end, receive stop -> ok end end),
    erlang:trace(Q, true, [procs, set_on_link, {tracer, T}]),
    Q ! {link, C2},
    receive linked -> ok end,
    _ = process_info(C2, links),
    io:format("sol ~p~n", [erlang:trace_info(C2, flags)]),
    R = spawn(fun() -> receive go -> ok end,
                       K1 = spawn_link(?MODULE, waiter, []),
                       K2 = spawn_link(?MODULE, waiter, []),
                       Me ! {kids, K1, K2},
                       receive stop -> ok end end),
    erlang:trace(R, true, [procs, set_on_first_link, {tracer, T}]),
    R ! go,
    {K1, K2} = receive {kids, B1, B2} -> {B1, B2} end,
    io:format("sofl ~p ~p ~p~n", [erlang:trace_info(R, flags), erlang:trace_info(K1, flags), erlang:trace_info(K2, flags)]),
    R2 = spawn(fun() -> receive go -> ok end,
                       K3 = spawn_link(?MODULE, waiter, []),
                       Me ! {kid, K3},
                       receive stop -> ok end end),
    erlang:trace(R2, true, [send, set_on_link, {tracer, T}]),
    R2 ! go,
    K3 = receive {kid, B3} -> B3 end,
    io:format("sol spawn_link ~p~n", [erlang:trace_info(K3, flags)]),
    [unlink(X) || X <- [K1, K2, K3]],
    [X ! stop || X <- [R, R2]],
    [X ! stop || X <- [P, C1, C2, Q]],
    ok.

alternates([in, out | T]) -> alternates(T);
alternates([in]) -> true;
alternates([]) -> true;
alternates(_) -> false.

pairs([S, E | T]) ->
    Ok = case {S, E} of
             {gc_minor_start, gc_minor_end} -> true;
             {gc_major_start, gc_major_end} -> true;
             _ -> false
         end,
    Ok andalso pairs(T);
pairs([]) -> true;
pairs(_) -> false.
