%% Messages a process sends itself: send, selective receive, after.
-module(messages).
-export([main/0]).

drain(Acc) ->
    receive M -> drain([M | Acc])
    after 0 -> lists:reverse(Acc)
    end.

main() ->
    self() ! one,
    self() ! {two, 2},
    self() ! three,
    erlang:display(receive {two, N} -> N end),
    erlang:display(receive X when is_atom(X) -> X end),
    erlang:display(drain([])),
    erlang:display(receive _ -> got after 10 -> timeout end),
    [self() ! I || I <- lists:seq(1, 5)],
    erlang:display(receive 4 -> four end),
    erlang:display(drain([])),
    R = {tag, erlang:phash2(x)},
    self() ! {R, ok},
    erlang:display(receive {R, V} -> V end).
