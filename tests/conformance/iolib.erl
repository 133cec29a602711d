%% io_lib:format with every common control sequence, and erl_scan /
%% erl_parse from stdlib (which reach erl_features, persistent_term,
%% init:get_arguments and os:getenv).
-module(iolib).
-export([main/0]).

f(Fmt, Args) -> erlang:display(lists:flatten(io_lib:format(Fmt, Args))).

main() ->
    f("~p~n", [#{a => [1, 2, {x, "y"}], b => <<"bin">>}]),
    f("~w ~s ~c ~b ~.16b ~8.2.0b", [{t, 'A b', "s"}, "str", $z, 42, 255, 5]),
    f("~10.3f|~-8w|~8w|~e|~g", [3.14159, ok, right, 1.0e10, 0.5]),
    f("~p", [lists:seq(1, 40)]),
    f("~ts ~s", [[252, 8364], <<"bin">>]),
    f("~.3p ~P", [{deep, {deeper, {deepest}}}, [1, 2, 3, 4, 5], 3]),
    f("~i~p ~~ ~n", [ignored, done]),
    f("~4..0B ~-5s| ~5s|", [7, "ab", "cd"]),
    f("~p", [[{K, V} || {K, V} <- [{a, 1.5}, {b, -2}, {c, "str"}]]]),
    {ok, Toks, _} = erl_scan:string("foo(X) -> X + 1."),
    erlang:display(Toks),
    {ok, T2, _} = erl_scan:string("[A, b | T] = {1, 2.5, \"s\"}."),
    {ok, Exprs} = erl_parse:parse_exprs(T2),
    erlang:display(Exprs).
