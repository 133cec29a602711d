%% A new process whose spawn arguments fill its first heap to the last word
%% (the heap is sized before they are copied): its first frame and first
%% allocations must not write over them. Every size around the default and
%% a few min_heap_size values, by fun environment and by argument list.
-module(proc_spawn_fill).
-export([main/0, child/2]).

main() ->
    Me = self(),
    Sums = [begin
                L = lists:seq(1, K),
                F = fun() -> child(Me, L) end,
                spawn(F),
                receive {done, S} -> S end
            end || K <- lists:seq(60, 140)],
    io:format("fun env ~p~n", [Sums =:= [K * (K + 1) div 2 + K || K <- lists:seq(60, 140)]]),
    Sums2 = [begin
                 spawn(?MODULE, child, [Me, lists:seq(1, K)]),
                 receive {done, S} -> S end
             end || K <- lists:seq(60, 140)],
    io:format("args ~p~n", [Sums2 =:= Sums]),
    Sums3 = [begin
                 L = lists:seq(1, K),
                 spawn_opt(fun() -> child(Me, L) end, [{min_heap_size, H}, link]),
                 receive {done, S} -> S end
             end || H <- [12, 38, 90, 376], K <- [H div 2 - 3, H div 2 - 2, H div 2 - 1, H div 2]],
    io:format("min_heap_size ~p~n", [length(Sums3)]),
    ok.

%% A frame, a monitor (a reference on the heap), then a list built.
child(Parent, L) ->
    Ref = erlang:monitor(process, Parent),
    Sum = lists:sum(L) + length([X || X <- L, is_integer(X)]),
    erlang:demonitor(Ref),
    Parent ! {done, Sum}.
