%% erlang:element/2 as native code inlines it: indexes at both ends of
%% the tuple, out of range, not an integer, a bignum, not a tuple; in a
%% body (badarg with erl's trace top) and in a guard (the fail label).
-module(jit_element).
-export([main/0]).

id(X) -> X.

get(I, T) -> element(I, T).

guarded(I, T) when element(I, T) =:= b -> yes;
guarded(_, _) -> no.

table(X) -> element(X + 1, {$A, $B, $C, $D}).

main() ->
    T = id({a, b, c}),
    Cases = [1, 2, 3, 0, 4, -1, 1 bsl 70, a, 1.0],
    io:format("~p~n", [[catch get(id(I), T) || I <- Cases]]),
    io:format("~p~n", [[lang_util:trim(catch get(id(I), T)) || I <- [0, 4, a]]]),
    io:format("~p~n", [[lang_util:trim(catch get(1, id(X))) || X <- [[a], <<1>>, 7, {}]]]),
    io:format("~p~n", [[guarded(id(I), id(X)) || I <- Cases, X <- [T, {b}, [b], {}]]]),
    io:format("~p~n", [lists:sum([table(I rem 4) || I <- lists:seq(1, 20000)])]),
    io:format("~p~n", [catch table(id(4))]).
