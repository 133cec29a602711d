-module(trace_dbg).
-export([main/0, f/1, g/1, fact/1]).

%% dbg end to end: a tracer process with a handler fun, dbg:p on a
%% process (calls, messages, procs), dbg:tp/tpl with dbg's shortcuts (x,
%% c, cx) and explicit match specs, dbg:ctp/ctpl, dbg:i-less checks via
%% trace_info, dbg:stop. Trace messages printed with pids as names.
f(X) -> ?MODULE:g(X) + 1.
g(X) when is_integer(X) -> X * 2.
fact(0) -> 1;
fact(N) -> N * ?MODULE:fact(N - 1).

main() ->
    Me = self(),
    Handler = fun(end_of_trace, N) -> Me ! {eot, N}, N;
                 (Msg, N) -> Me ! {dbg, Msg}, N + 1
              end,
    {ok, Tracer} = dbg:tracer(process, {Handler, 0}),
    W = spawn(fun() -> worker() end),
    Names = #{Me => main, W => w, Tracer => tracer},
    {ok, [{matched, _, 1}]} = dbg:p(W, [c]),
    show("tp f", dbg:tp(?MODULE, f, 1, [])),
    show("tpl g x", dbg:tpl(?MODULE, g, x)),
    run(W, fun() -> ?MODULE:f(3), catch ?MODULE:f(a) end, Names),
    show("ctp", dbg:ctp(?MODULE, '_', '_')),
    show("tp fact cx", dbg:tp({?MODULE, fact, 1}, cx)),
    run(W, fun() -> ?MODULE:fact(3) end, Names),
    show("tp fact ms", dbg:tp(?MODULE, fact, [{[0], [], [{message, zero}]}, {['$1'], [{'>', '$1', 2}], []}])),
    run(W, fun() -> ?MODULE:fact(4) end, Names),
    show("ctp fact", dbg:ctp(?MODULE, fact)),
    {ok, _} = dbg:p(W, [m, procs]),
    run(W, fun() -> Me ! hello, P = spawn(fun() -> ok end), link(P) end, Names),
    io:format("~p~n", [erlang:trace_info(W, flags)]),
    {ok, _} = dbg:p(W, clear),
    io:format("~p~n", [erlang:trace_info(W, flags)]),
    dbg:stop(),
    io:format("~p~n", [erlang:trace_info({?MODULE, g, 1}, all)]),
    io:format("~p~n", [is_process_alive(Tracer)]),
    ok.

show(What, {ok, Res}) -> io:format("~s ~p~n", [What, [R || R = {matched, _, _} <- Res]]);
show(What, Other) -> io:format("~s ~p~n", [What, Other]).

worker() ->
    receive
        {run, From, F} -> F(), From ! ran, worker()
    end.

run(W, F, Names) ->
    W ! {run, self(), F},
    receive ran -> ok end,
    timer:sleep(50),
    flush(Names).

flush(Names) ->
    receive
        {dbg, M} -> io:format("  ~p~n", [norm(M, Names)]), flush(Names)
    after 100 -> ok
    end.

norm(P, Names) when is_pid(P) -> maps:get(P, Names, other_pid);
norm(T, _) when is_function(T) -> fn;
norm(T, Names) when is_tuple(T) -> list_to_tuple(norm(tuple_to_list(T), Names));
norm([H | T], Names) -> [norm(H, Names) | norm(T, Names)];
norm(X, _) -> X.
