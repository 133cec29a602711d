%% Records: creation, access, update, matching, is_record, badrecord.
-module(records).
-export([main/0]).
-record(point, {x = 0, y = 0, label}).
-record(box, {tl = #point{}, br = #point{x = 1, y = 1}}).

id(X) -> X.
area(#box{tl = #point{x = X1, y = Y1}, br = #point{x = X2, y = Y2}}) -> abs(X2 - X1) * abs(Y2 - Y1).

main() ->
    P = #point{x = 3, y = 4},
    erlang:display(P),
    erlang:display(P#point.x + P#point.y),
    P2 = P#point{label = "p2"},
    erlang:display(P2),
    erlang:display(is_record(P2, point)),
    erlang:display(is_record(id({other, 1}), point)),
    erlang:display(area(#box{br = #point{x = 5, y = 7}})),
    erlang:display([X || #point{x = X} <- [#point{x = 1}, #point{x = 2}]]),
    erlang:display(catch (id({not_a_point}))#point.x),
    erlang:display(catch (id(#box{}))#point{x = 1}),
    erlang:display(record_info(fields, point)).
