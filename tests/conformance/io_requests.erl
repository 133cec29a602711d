%% io_requests: many requests to the I/O server, single and as {requests, [...]}
%% lists whose formatting runs Erlang code that allocates (and collects)
%% between the requests of one list.
-module(io_requests).
-export([main/0]).
main() ->
    [begin
         R = io:requests([{put_chars, unicode, io_lib, format, ["~p ~w~n", [N, lists:seq(1, N rem 50)]]},
                          {put_chars, unicode, io_lib, format, ["~s|~n", [lists:duplicate(N rem 30, $x)]]},
                          {put_chars, latin1, <<"bin\n">>},
                          {put_chars, unicode, [<<"uni ">>, "chars", $\n]}]),
         R =:= ok orelse io:format("reply ~p~n", [R])
     end || N <- lists:seq(1, 600)],
    io:format("~p~n", [io:requests([{put_chars, unicode, io_lib, format, ["~p~n", [x]]}, {put_chars, unicode, "after\n"}])]),
    io:format("~p~n", [io:requests([])]),
    [io:format("~p ~w ~s ~ts~n", [N, {N, lists:seq(1, N rem 20)}, integer_to_list(N), [N + 200]]) || N <- lists:seq(1, 1500)],
    ok.
