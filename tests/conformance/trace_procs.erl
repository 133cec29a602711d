-module(trace_procs).
-export([main/0, child/1]).

%% erlang:trace/3 with send, 'receive', procs and set_on_spawn: the trace
%% messages a tracer gets (pids replaced by names), trace_info/2 on
%% processes, trace_delivered/1, bad arguments.
child(Parent) ->
    register(trace_procs_kid, self()),
    Parent ! {hi, self()},
    receive stop -> unregister(trace_procs_kid), exit(bye) end.

collect(L) ->
    receive
        {get, P} -> P ! {msgs, lists:reverse(L)};
        M -> collect([M | L])
    end.

main() ->
    Me = self(),
    T = spawn(fun() -> collect([]) end),
    P = spawn(fun() ->
                  receive go -> ok end,
                  process_flag(trap_exit, true),
                  C = spawn_link(?MODULE, child, [self()]),
                  receive {hi, C} -> ok end,
                  trace_procs_kid ! stop,
                  receive {'EXIT', C, R} -> Me ! {done, R} end,
                  link(Me),
                  unlink(Me),
                  receive last -> ok end,
                  exit(normal)
              end),
    io:format("~p~n", [erlang:trace(P, true, [send, 'receive', procs, set_on_spawn, {tracer, T}])]),
    io:format("~p~n", [erlang:trace_info(P, flags)]),
    io:format("~p~n", [erlang:trace_info(P, tracer) =:= {tracer, T}]),
    io:format("~p~n", [erlang:trace_info(self(), flags)]),
    io:format("~p~n", [erlang:trace_info(self(), tracer)]),
    P ! go,
    receive {done, R} -> io:format("done ~p~n", [R]) end,
    MRef = monitor(process, P),
    P ! last,
    receive {'DOWN', MRef, _, _, _} -> ok end,
    Ref = erlang:trace_delivered(P),
    receive {trace_delivered, P, Ref} -> io:format("delivered~n") end,
    T ! {get, self()},
    Msgs = receive {msgs, L} -> L end,
    Names = #{Me => main, T => tracer, P => p},
    show(Msgs, Names),
    io:format("~p~n", [erlang:trace_info(P, flags)]),
    io:format("~p~n", [err(fun() -> erlang:trace(P, true, [send]) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace(self(), true, [bad]) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace(self(), maybe, []) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace(foo, true, []) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace(self(), true, [{tracer, list_to_pid("<0.9999.0>")}]) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_info(self(), bad) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_delivered(bad) end)]),
    %% flags one at a time, in trace_info's order
    T2 = spawn(fun() -> receive stop -> ok end end),
    Q = spawn(fun() -> receive stop -> ok end end),
    All = [send, 'receive', procs, call, return_to, running, exiting, garbage_collection,
           timestamp, arity, set_on_spawn, set_on_first_spawn, set_on_link, set_on_first_link,
           silent, monotonic_timestamp, strict_monotonic_timestamp],
    [begin
         erlang:trace(Q, true, [F, {tracer, T2}]),
         io:format("~p ~p~n", [F, erlang:trace_info(Q, flags)]),
         erlang:trace(Q, false, [all])
     end || F <- All, F =/= running],
    erlang:trace(Q, true, [send, call, procs, arity, {tracer, Me}]),
    io:format("~p~n", [erlang:trace_info(Q, flags)]),
    erlang:trace(Q, false, [call, procs]),
    io:format("~p~n", [erlang:trace_info(Q, flags)]),
    erlang:trace(Q, false, [send, arity]),
    io:format("~p~n", [erlang:trace_info(Q, flags)]),
    io:format("~p~n", [erlang:trace_info(Q, tracer)]),
    Q ! stop,
    T2 ! stop,
    ok.

err(F) ->
    try F() of
        V -> {value, V}
    catch
        error:R:St ->
            case St of
                [{_, _, _, [{error_info, #{cause := C}} | _]} | _] -> {R, C};
                _ -> R
            end
    end.

show(Msgs, Names) ->
    [io:format("~p~n", [norm(M, Names)]) || M <- Msgs].

norm(P, Names) when is_pid(P) ->
    case maps:find(P, Names) of
        {ok, N} -> N;
        error -> case erlang:process_info(P, registered_name) of
                     _ -> other_pid
                 end
    end;
norm(T, Names) when is_tuple(T) -> list_to_tuple(norm(tuple_to_list(T), Names));
norm([H | T], Names) -> [norm(H, Names) | norm(T, Names)];
norm(X, _) -> X.
