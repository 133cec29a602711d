-module(trace_call_global).
-export([main/0, f/1, g/2, h/0, boom/1, deep/1, loop/1]).

%% Global call tracing: erlang:trace_pattern/3 on exported functions
%% (calls through the export), with match specs (return_trace,
%% exception_trace, message, guards), the arity flag, call_count and meta
%% tracing; trace_info/2 on functions. Trace messages printed with pids
%% replaced by names.
f(X) -> X + 1.
g(A, B) -> {A, B}.
h() -> ?MODULE:f(41).
boom(X) -> error({boom, X}).
deep(0) -> done;
deep(N) -> ?MODULE:deep(N - 1).
loop(0) -> ok;
loop(N) -> ?MODULE:f(N), loop(N - 1).

collect(L) ->
    receive
        {get, P} -> P ! {msgs, lists:reverse(L)};
        M -> collect([M | L])
    end.

run(Patterns, Flags, Work) ->
    Me = self(),
    T = spawn(fun() -> collect([]) end),
    W = spawn(fun() -> receive go -> ok end, Work(), Me ! done, receive stop -> ok end end),
    [io:format("pattern ~p~n", [erlang:trace_pattern(MFA, MS, PF)]) || {MFA, MS, PF} <- Patterns],
    erlang:trace(W, true, [{tracer, T} | Flags]),
    W ! go,
    receive done -> ok end,
    erlang:trace(W, false, [all]),
    Ref = erlang:trace_delivered(W),
    receive {trace_delivered, W, Ref} -> ok end,
    erlang:trace_pattern({?MODULE, '_', '_'}, false, []),
    T ! {get, self()},
    Msgs = receive {msgs, L} -> L end,
    W ! stop,
    [io:format("  ~p~n", [norm(M, #{W => w, T => t, Me => main})]) || M <- Msgs],
    ok.

main() ->
    M = ?MODULE,
    io:format("plain~n"),
    run([{{M, f, 1}, true, []}], [call], fun() -> M:f(1), M:h(), f(5) end),
    io:format("all functions~n"),
    run([{{M, '_', '_'}, true, []}], [call], fun() -> M:h(), M:g(a, b) end),
    io:format("arity~n"),
    run([{{M, '_', '_'}, [], []}], [call, arity], fun() -> M:h(), M:g(a, b) end),
    io:format("return_trace~n"),
    run([{{M, '_', '_'}, [{'_', [], [{return_trace}]}], []}], [call],
        fun() -> M:h(), M:g(a, b), M:deep(3) end),
    io:format("exception_trace~n"),
    run([{{M, '_', '_'}, [{'_', [], [{exception_trace}]}], []}], [call],
        fun() -> M:f(1), catch M:boom(x), catch M:f(a) end),
    io:format("message and guards~n"),
    run([{{M, f, 1}, [{['$1'], [{'>', '$1', 10}], [{message, {{big, '$1'}}}]},
                      {['$1'], [], [{message, false}]}], []},
         {{M, g, 2}, [{['$1', '$2'], [], [{message, '$2'}]}], []}], [call],
        fun() -> M:f(1), M:f(20), M:g(x, y), M:g(x, [1, 2]) end),
    io:format("not traced process~n"),
    run([{{M, f, 1}, true, []}], [send], fun() -> M:f(1) end),
    io:format("timestamps~n"),
    run([{{M, f, 1}, true, []}], [call, timestamp], fun() -> M:f(1) end),
    io:format("call_count~n"),
    io:format("~p~n", [erlang:trace_pattern({M, f, 1}, true, [call_count])]),
    M:loop(100),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, call_count)]),
    io:format("~p~n", [erlang:trace_pattern({M, f, 1}, pause, [call_count])]),
    M:loop(10),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, call_count)]),
    io:format("~p~n", [erlang:trace_pattern({M, f, 1}, restart, [call_count])]),
    M:loop(7),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, call_count)]),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, all)]),
    io:format("~p~n", [erlang:trace_pattern({M, f, 1}, false, [call_count])]),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, call_count)]),
    io:format("trace_info~n"),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, all)]),
    io:format("~p~n", [erlang:trace_pattern({M, f, 1}, [{'_', [], [{return_trace}]}], [])]),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, all)]),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, traced)]),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, match_spec)]),
    io:format("~p~n", [erlang:trace_info({M, g, 2}, traced)]),
    io:format("~p~n", [erlang:trace_info({M, nope, 2}, all)]),
    io:format("~p~n", [erlang:trace_info({M, nope, 2}, traced)]),
    io:format("~p~n", [erlang:trace_pattern({M, '_', '_'}, false, [])]),
    io:format("~p~n", [erlang:trace_info({M, f, 1}, all)]),
    io:format("meta~n"),
    io:format("~p~n", [erlang:trace_pattern({M, g, 2}, true, [meta])]),
    I = erlang:trace_info({M, g, 2}, all),
    io:format("~p~n", [norm(I, #{self() => main})]),
    Me = self(),
    C = spawn(fun() -> M:g(1, 2), Me ! called end),
    receive called -> ok end,
    receive {trace_ts, Pid, call, MFA, _TS} -> io:format("meta ~p ~p~n", [Pid =:= C, MFA]) end,
    io:format("~p~n", [erlang:trace_pattern({M, g, 2}, false, [meta])]),
    io:format("~p~n", [erlang:trace_info({M, g, 2}, all)]),
    io:format("errors~n"),
    io:format("~p~n", [err(fun() -> erlang:trace_pattern({M, '_', 1}, true, []) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_pattern({'_', g, '_'}, true, []) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_pattern({M, g, 0}, [bad], []) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_pattern({M, g, 0}, true, [bad]) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_pattern({M, g, 0}, true, [global, local]) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_pattern({M, g, 0}, [{'_', [], []}], [call_count]) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_pattern(nope, true, []) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_pattern({nomod, g, 0}, true, []) end)]),
    io:format("~p~n", [err(fun() -> erlang:trace_info({M, f, x}, all) end)]),
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

norm(P, Names) when is_pid(P) -> maps:get(P, Names, other_pid);
norm({trace_ts, P, Tag, A, _Ts}, Names) -> {trace_ts, norm(P, Names), Tag, norm(A, Names), ts};
norm({trace_ts, P, Tag, A, B, _Ts}, Names) -> {trace_ts, norm(P, Names), Tag, norm(A, Names), norm(B, Names), ts};
norm(T, Names) when is_tuple(T) -> list_to_tuple(norm(tuple_to_list(T), Names));
norm([H | T], Names) -> [norm(H, Names) | norm(T, Names)];
norm(X, _) -> X.
