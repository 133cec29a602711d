%% try/catch/after evaluation order: after runs once on every path (value,
%% each class, exception inside the of clauses, exception inside catch),
%% nested try in body/of/catch/after, exceptions raised by after itself,
%% and the value of try with and without of.
-module(lang_exc_order).
-export([main/0]).

id(X) -> X.

log(E) -> put(log, [E | get(log)]).

run(Name, F) ->
    put(log, []),
    R = try F() catch C:Rs -> {outer, C, Rs} end,
    io:format("~p: ~p ~p~n", [Name, R, lists:reverse(get(log))]).

act(value) -> log(body), v;
act(throw) -> log(body), throw(t);
act(error) -> log(body), error(e);
act(exit) -> log(body), exit(x).

main() ->
    [run({plain, K}, fun() ->
        try act(K)
        catch throw:T -> log({caught, throw}), {t, T};
              error:E -> log({caught, error}), {e, E};
              exit:X -> log({caught, exit}), {x, X}
        after log('after')
        end end) || K <- [value, throw, error, exit]],
    [run({of_clause, K}, fun() ->
        try act(K) of
            v -> log(of_clause), error(in_of)
        catch throw:T -> log(caught), T
        after log('after')
        end end) || K <- [value, throw]],
    [run({catch_raises, K}, fun() ->
        try act(K)
        catch _:_ -> log(in_catch), throw(from_catch)
        after log('after')
        end end) || K <- [throw, error]],
    run(after_raises, fun() ->
        try act(value)
        after log('after'), throw(from_after)
        end end),
    run(after_raises_over_exception, fun() ->
        try act(error)
        after log('after'), throw(from_after)
        end end),
    run(nested, fun() ->
        try
            try act(throw)
            catch throw:t -> log(inner_caught), error(rethrown)
            after log(inner_after)
            end
        catch error:rethrown -> log(outer_caught), done
        after log(outer_after)
        end end),
    run(nested_in_after, fun() ->
        try act(value)
        after
            try act(error) catch error:e -> log(after_inner_caught) end,
            log(after_end)
        end end),
    run(nested_in_of, fun() ->
        try act(value) of
            v -> try act(throw) catch throw:T -> {of_inner, T} end
        after log('after')
        end end),
    run(unmatched_class, fun() ->
        try act(exit)
        catch throw:_ -> log(wrong)
        after log('after')
        end end),
    run(value_of_after_ignored, fun() ->
        try 1 after 2 end end),
    run(deep_after_chain, fun() ->
        try try try act(error) after log(a1) end after log(a2) end after log(a3) end end),
    run(loop, fun() ->
        [try if I rem 2 =:= 0 -> throw(I); true -> I end catch throw:X -> -X after log(I) end || I <- lists:seq(1, 6)] end),
    run(catch_expr_in_try, fun() ->
        try {catch act(throw), catch act(error), catch act(exit)} after log('after') end end).
