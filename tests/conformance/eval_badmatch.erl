%% erl_eval raising an error (a badmatch in evaluated code) builds its
%% stack trace from process_info(self(), current_stacktrace).
-module(eval_badmatch).
-export([main/0]).
main() ->
    {ok, Ts, _} = erl_scan:string("X = 1, X = 2."),
    {ok, Es} = erl_parse:parse_exprs(Ts),
    R = try erl_eval:exprs(Es, erl_eval:new_bindings()) catch C:E -> {C, E} end,
    io:format("~p~n", [R]).
