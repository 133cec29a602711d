%% Exceptions across many frames, catch inside loops (the catch count
%% and the stack scan), try/after order, rethrow through funs and apply.
-module(exc_deep).
-export([main/0, thrower/1]).

down(0) -> throw(deep);
down(N) -> [x | down(N - 1)].

loop(0, Acc) -> Acc;
loop(N, Acc) ->
    R = (catch (if N rem 3 =:= 0 -> throw(N); true -> N end)),
    loop(N - 1, [R | Acc]).

thrower(X) -> erlang:error({thrown, X}).

nested(0) -> try throw(bottom) catch throw:bottom -> caught_bottom end;
nested(N) -> try nested(N - 1) of V -> {N, V} after ok end.

after_order() ->
    Self = self(),
    try
        try Self ! a, error(e1)
        after Self ! b
        end
    catch error:e1 -> Self ! c
    end,
    collect([]).
collect(Acc) -> receive M -> collect([M | Acc]) after 0 -> lists:reverse(Acc) end.

main() ->
    erlang:display(catch down(10000)),
    erlang:display(loop(10, [])),
    erlang:display(catch apply(exc_deep, thrower, [1])),
    erlang:display(try (fun exc_deep:thrower/1)(2) catch error:{thrown, V} -> {ok, V} end),
    erlang:display(nested(5)),
    erlang:display(after_order()),
    erlang:display(try lists:foldl(fun(X, _) when X > 2 -> throw({stop, X}); (X, A) -> X + A end, 0, [1, 2, 3, 4])
                   catch throw:{stop, S} -> S end),
    erlang:display(try lists:map(fun(X) -> 10 div X end, [1, 0]) catch error:E:St -> {E, hd(St)} end).
