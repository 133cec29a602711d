%% Stack traces of exceptions raised inside comprehensions: OTP records a
%% continuation pointer only when it differs from the one before, so the
%% comprehension's recursive function appears once however deep it is
%% (laser repeated it until the 8-entry limit cut off the callers).
-module(exc_lc).
-export([main/0]).

filt(X) when X > 5 -> error({too_big, X});
filt(X) -> X rem 2 =:= 0.

conv(X) when is_integer(X) -> X * 2.

show(Name, F) ->
    S = try F(), none catch C:R:St -> {C, R, St} end,
    io:format("~p:~n~p~n", [Name, S]).

main() ->
    L = lists:seq(1, 10),
    show(filter, fun() -> [X || X <- L, filt(X)] end),
    show(body, fun() -> [conv(X) || X <- L ++ [a]] end),
    show(nested, fun() -> [{X, Y} || X <- [1, 2], Y <- L, filt(Y)] end),
    show(binary, fun() -> << <<(conv(X))>> || X <- L ++ [b] >> end),
    show(from_binary, fun() -> [conv(X) || <<X>> <= <<1, 2, 3>>] ++ [conv(c)] end),
    show(map_gen, fun() -> [1 / X || X <- [3, 2, 1, 0]] end),
    show(deep_callers, fun() -> deep(5) end).

deep(0) -> [filt(X) || X <- lists:seq(1, 20)];
deep(N) -> [R] = [deep(N - 1)], R.
