%% pending (missing BIF): erl_eval raising an error (here a badmatch in
%% evaluated code) calls erlang:process_info(self(), current_stacktrace) to
%% build the stack trace it raises with; laser has no process_info/2 yet,
%% so the caller gets undef instead of {badmatch,2}. process_info/2 with
%% current_stacktrace needs the caller's instruction pointer and stack,
%% which only the interpreter (src/vm*.c) has at a BIF call. erl prints
%% {error,{badmatch,2}}.
-module(eval_badmatch).
-export([main/0]).
main() ->
    {ok, Ts, _} = erl_scan:string("X = 1, X = 2."),
    {ok, Es} = erl_parse:parse_exprs(Ts),
    R = try erl_eval:exprs(Es, erl_eval:new_bindings()) catch C:E -> {C, E} end,
    io:format("~p~n", [R]).
