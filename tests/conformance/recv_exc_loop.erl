%% A server loop whose receive waits and resumes many times, with try/catch
%% around each request (every class, raised several calls deep, traces
%% sent back to the client), catch expressions, requests matched by a
%% fresh reference (OTP 25's receive markers), timeouts while waiting and
%% a bad destination. Under +Jeager this runs in native code: handlers and
%% receive loops are entered natively after an exception and after a wait.
-module(recv_exc_loop).
-export([main/0]).

main() ->
    io:format("start~n"),
    S = spawn(fun() -> server(0) end),
    Rs = [call(S, Req) || Req <- [{add, 1}, {add, 2}, {raise, error}, {raise, exit}, {raise, throw},
                                  {badmatch, x}, {case_end, q}, {if_end, 0}, {add, 3}, {catch_it, error},
                                  {catch_it, exit}, {catch_it, throw}, {rethrow, r}, {raw, bad}, total]],
    [io:format("~p~n", [R]) || R <- Rs],
    %% a reply that arrives after a timeout, left in the queue
    Late = call_timeout(S, {sleep, 100}, 5),
    io:format("late: ~p~n", [Late]),
    Left = receive {_, slept} -> left after 5000 -> none end,
    io:format("left: ~p~n", [Left]),
    %% many waits: a ping-pong through the server's loop
    io:format("pings: ~p~n", [lists:sum([call(S, {add, 0}) || _ <- lists:seq(1, 300)])]),
    io:format("badsend: ~p~n", [trace_top(catch no_such_name ! x)]),
    S ! stop,
    ok.

call(S, Req) ->
    Ref = make_ref(),
    S ! {self(), Ref, Req},
    receive {Ref, R} -> R end.

call_timeout(S, Req, T) ->
    Ref = make_ref(),
    S ! {self(), Ref, Req},
    receive {Ref, R} -> R after T -> timeout end.

server(N) ->
    receive
        stop -> ok;
        {From, Ref, Req} ->
            {Reply, N2} = try handle(Req, N) of
                              V -> V
                          catch
                              C:R:St -> {{caught, C, R, trace_top(St)}, N}
                          after
                              put(last, Req)
                          end,
            From ! {Ref, Reply},
            server(N2)
    after 60000 -> timeout
    end.

handle({add, K}, N) -> {N + K, N + K};
handle(total, N) -> {{total, N, get(last)}, N};
handle({raise, C}, _) -> deep(3, C);
handle({badmatch, X}, N) -> {ok, _} = id(X), {x, N};
handle({case_end, X}, N) -> case id(X) of a -> {a, N} end;
handle({if_end, X}, N) -> if X > 1 -> {x, N} end;
handle({catch_it, C}, N) -> {catch_value(catch deep(2, C)), N};
handle({rethrow, R}, _) -> try deep(1, error) catch error:E:St -> erlang:raise(exit, {R, E}, St) end;
handle({raw, C}, N) -> {catch erlang:raise(C, r, []), N};
handle({sleep, T}, N) -> receive after T -> {slept, N} end.

deep(0, error) -> error(boom);
deep(0, exit) -> exit(boom);
deep(0, throw) -> throw(boom);
deep(K, C) -> [K | deep(K - 1, C)].

catch_value({'EXIT', {R, St}}) when is_list(St) -> {exit_with_trace, R, trace_top(St)};
catch_value(V) -> V.

trace_top({'EXIT', {R, St}}) when is_list(St) -> {R, trace_top(St)};
trace_top([{M, F, A, Loc} | _]) -> {M, F, A, proplists:get_value(line, Loc)};
trace_top(X) -> X.

id(X) -> X.
