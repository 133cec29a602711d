-module(proc_send_io).
-export([main/0]).

%% erlang:send/2,3 called as functions (apply, a fun, a call_ext) reach the
%% group leader as `!` does.
main() ->
    GL = group_leader(),
    R1 = make_ref(),
    Msg = {io_request, self(), R1, {put_chars, unicode, "by erlang:send/2\n"}},
    Msg = erlang:send(GL, Msg),
    receive {io_reply, R1, A} -> io:format("reply ~p~n", [A]) after 2000 -> io:format("no reply~n") end,
    R2 = make_ref(),
    ok = erlang:send(GL, {io_request, self(), R2, {put_chars, unicode, "by erlang:send/3\n"}}, []),
    receive {io_reply, R2, B} -> io:format("reply ~p~n", [B]) after 2000 -> io:format("no reply~n") end,
    R3 = make_ref(),
    Send = fun erlang:send/2,
    Send(GL, {io_request, self(), R3, {put_chars, unicode, "by a fun\n"}}),
    receive {io_reply, R3, C} -> io:format("reply ~p~n", [C]) after 2000 -> io:format("no reply~n") end,
    R4 = make_ref(),
    apply(erlang, send, [GL, {io_request, self(), R4, {put_chars, unicode, "by apply\n"}}]),
    receive {io_reply, R4, D} -> io:format("reply ~p~n", [D]) after 2000 -> io:format("no reply~n") end,
    [begin
         R = make_ref(),
         erlang:send(GL, {io_request, self(), R, {put_chars, unicode, io_lib:format("loop ~p~n", [N])}}),
         receive {io_reply, R, ok} -> ok end
     end || N <- lists:seq(1, 3)],
    ok.
