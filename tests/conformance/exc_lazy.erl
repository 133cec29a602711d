%% exc_lazy: a stack trace is taken when the exception is raised and
%% built into a list only when something asks for it. The list must be the
%% one of the raise point however late it is asked for: after `after`
%% blocks that collect garbage, allocate and change backtrace_depth, after
%% re-raises through handlers without a stacktrace variable, for BIF
%% errors (arguments, error_info), function_clause, undef and error/2,
%% in `catch`, and when uncaught (the exit reason of a process).
-module(exc_lazy).
-export([main/0, deep/2, fc/1]).

deep(0, F) -> {F()};
deep(N, F) -> [N | deep(N - 1, F)].

fc(a) -> ok.

frames(S) -> [{M, F, if is_list(A) -> {args, A}; true -> A end, proplists:get_value(line, L)} || {M, F, A, L} <- S].

%% raise inside deep/2, let F's handler chain decide when the list is built
show(Tag, Raise) ->
    R = try
            deep(4, Raise)
        catch
            C:E:S -> {C, E, frames(S)}
        end,
    io:format("~p: ~p~n", [Tag, R]).

churn() -> erlang:garbage_collect(), length([lists:seq(1, 50) || _ <- lists:seq(1, 2000)]).

main() ->
    show(error, fun() -> erlang:error(boom) end),
    show(bif, fun() -> list_to_atom({x}) end),
    show(bif_cause, fun() -> binary_to_atom(<<255>>, utf8) end),
    show(error_args, fun() -> erlang:error(why, [1, two]) end),
    show(fc, fun() -> exc_lazy:fc(b) end),
    show(undef, fun() -> nomod_xyz:f(1, 2) end),
    show(badmatch, fun() -> {a} = list_to_tuple([b]) end),
    show(throw, fun() -> throw(t) end),
    show(exit, fun() -> exit(e) end),
    %% the handler that holds the raw trace runs code before the list is built
    show(after_gc, fun() ->
        try deep(3, fun() -> erlang:error(in_after) end) after churn() end
    end),
    show(after_depth, fun() ->
        try deep(3, fun() -> erlang:error(depth) end)
        after erlang:system_flag(backtrace_depth, 2), churn()
        end
    end),
    erlang:system_flag(backtrace_depth, 8),
    show(depth_at_raise, fun() ->
        erlang:system_flag(backtrace_depth, 3),
        try deep(3, fun() -> erlang:error(shallow) end)
        after erlang:system_flag(backtrace_depth, 8)
        end
    end),
    %% re-raised by handlers that match nothing / other classes
    show(rethrow, fun() ->
        try
            try deep(2, fun() -> erlang:error(inner) end)
            catch throw:_ -> no
            end
        catch exit:_ -> no
        end
    end),
    show(raise3, fun() ->
        try deep(2, fun() -> erlang:error(again) end)
        catch error:R:S -> churn(), erlang:raise(error, {re, R}, S)
        end
    end),
    %% catch builds the list for errors only
    io:format("~p~n", [[case catch deep(2, F) of
                            {'EXIT', {R, S}} when is_list(S) -> {R, frames(S)};
                            Other -> Other
                        end || F <- [fun() -> erlang:error(c1) end, fun() -> throw(c2) end,
                                     fun() -> exit(c3) end]]]),
    %% many exceptions, the trace asked for in one of three
    io:format("~p~n", [lists:foldl(fun(I, Acc) ->
                                       try deep(I rem 4, fun() -> erlang:error(I) end)
                                       catch
                                           error:X:S when X rem 3 =:= 0 -> Acc + length(S);
                                           error:X -> Acc + X
                                       end
                                   end, 0, lists:seq(1, 3000))]),
    %% uncaught: the exit reason carries the list
    {P, Ref} = spawn_monitor(fun() -> deep(3, fun() -> erlang:error(uncaught) end) end),
    receive {'DOWN', Ref, process, P, {Why, S}} -> io:format("~p~n", [{Why, frames(S)}]) end,
    {P2, Ref2} = spawn_monitor(fun() -> deep(2, fun() -> exc_lazy:fc(z) end) end),
    receive {'DOWN', Ref2, process, P2, {Why2, S2}} -> io:format("~p~n", [{Why2, frames(S2)}]) end,
    io:format("~p~n", [frames(element(2, process_info(self(), current_stacktrace)))]).
