%% Exceptions of every class: try/catch/after, catch, stack traces,
%% rethrow with erlang:raise/3, nested handlers, errors from BIFs and
%% instructions.
-module(exceptions).
-export([main/0]).

t(F) ->
    try F() of
        V -> {value, V}
    catch
        C:R:S -> {C, R, S}
    end.

f_badmatch(X) -> {ok, _} = X.
f_case(X) -> case X of a -> 1 end.
f_if(X) -> if X > 10 -> big end.
f_clause(a) -> ok.
f_arith(X) -> X * 2.
f_throw() -> throw(ball).
f_exit() -> exit(bye).
f_error2(A) -> erlang:error(oops, [A]).
deep(0) -> error(bottom);
deep(N) -> [deep(N - 1)].
rethrow() ->
    try f_throw()
    catch C:R:S -> erlang:raise(C, {wrapped, R}, S)
    end.

after_test() ->
    put(trace, []),
    try
        try throw(x) after put(trace, [after1 | get(trace)]) end
    catch throw:x -> put(trace, [caught | get(trace)])
    end,
    get(trace).

main() ->
    erlang:display(t(fun() -> f_badmatch(error) end)),
    erlang:display(t(fun() -> f_case(b) end)),
    erlang:display(t(fun() -> f_if(1) end)),
    erlang:display(t(fun() -> f_clause(b) end)),
    erlang:display(t(fun() -> f_arith(a) end)),
    erlang:display(t(fun() -> f_throw() end)),
    erlang:display(t(fun() -> f_exit() end)),
    erlang:display(t(fun() -> f_error2(42) end)),
    erlang:display(t(fun() -> deep(3) end)),
    erlang:display(t(fun() -> rethrow() end)),
    erlang:display(t(fun() -> element(4, {a}) end)),
    erlang:display(t(fun() -> undefined_module:f(1) end)),
    erlang:display(t(fun() -> exceptions:nope() end)),
    erlang:display(t(fun() -> (fun(X) -> X end)(1, 2) end)),
    erlang:display(t(fun() -> (id(not_a_fun))(1) end)),
    erlang:display(t(fun() -> #{a := _} = id(#{b => 1}) end)),
    erlang:display(t(fun() -> (id(#{}))#{a := 1} end)),
    erlang:display(t(fun() -> (id(x))#{a => 1} end)),
    erlang:display(t(fun() -> error(with_info, [1], [{error_info, #{cause => c}}]) end)),
    erlang:display(catch throw(t1)),
    erlang:display(catch exit(e1)),
    erlang:display(catch error(r1)),
    erlang:display(catch 1 + id(a)),
    erlang:display(catch ok),
    erlang:display(after_test()),
    erlang:display(try throw(a) catch throw:a -> caught_a end),
    erlang:display(try exit(b) catch exit:b -> caught_b end),
    erlang:display(try error(c) catch error:c -> caught_c end),
    erlang:display(try try error(inner) catch error:inner -> throw(outer) end catch throw:outer -> nested_ok end),
    erlang:display(erlang:raise(bad_class, r, [])),
    erlang:display(try 1 of 1 -> one catch _ -> no end),
    erlang:display(try id(2) of 1 -> one catch _:_ -> no end).

id(X) -> X.
