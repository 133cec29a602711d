-module(proc_long_bif).
%% flags: +S 1
%% stress: skip
-export([main/0]).

%% Long BIF calls do not stop the only scheduler (+S 1): erts traps them
%% (yields and continues), laser runs a call with a large input on a dirty
%% CPU thread (term_to_binary too). A ticker process (a message every 2 ms) must make progress
%% while one process is inside each call; the results are checked too.
main() ->
    L = lists:seq(1, 3000000),
    check(reverse, fun() -> R = lists:reverse(L, [done]), {hd(R), lists:last(R), length(R)} end),
    Bin = binary:copy(<<"abcdefgh">>, 500000),
    check(binary_to_list, fun() -> BL = binary_to_list(Bin), {length(BL), lists:sublist(BL, 3)} end),
    Bytes = [X band 255 || X <- L],
    check(list_to_binary, fun() -> B = list_to_binary(Bytes), {byte_size(B), binary:part(B, 0, 4)} end),
    check(iolist_to_binary, fun() -> B = iolist_to_binary([Bytes, <<"end">>]), byte_size(B) end),
    Big = <<(binary:copy(<<"x">>, 30000000))/binary, "needle">>,
    io:format("match: ~p~n", [binary:match(Big, <<"needle">>)]),
    check(matches, fun() -> binary:matches(Big, [<<"needle">>, <<"xn">>]) end),
    T = [{I, [I]} || I <- lists:seq(1, 600000)],
    check(term_to_binary, fun() -> B = term_to_binary(T), {byte_size(B), binary:part(B, 0, 12)} end),
    %% small inputs stay on the normal scheduler and give the same answers
    io:format("~p~n", [{lists:reverse([1, 2, 3], [4]), binary_to_list(<<"ab">>), list_to_binary([1, [2]]),
                        binary:match(<<"abc">>, <<"c">>), binary:matches(<<"aXbX">>, <<"X">>),
                        term_to_binary({a, [1]})}]),
    %% errors from a long call are the same errors
    io:format("~p~n", [try lists:reverse(L ++ improper_tail_marker, []) catch error:E1 -> E1 end]),
    io:format("~p~n", [try list_to_binary(Bytes ++ [256]) catch error:E -> E end]),
    ok.

check(Name, F) ->
    Self = self(),
    Tk = spawn(fun() -> tick(Self) end),
    receive tick -> ok end,
    spawn(fun() -> Self ! {result, F()} end),
    {N, R} = count(0),
    exit(Tk, kill),
    flush(),
    io:format("~p: ~p (ticker ran: ~p)~n", [Name, R, N >= 2]).

tick(P) -> P ! tick, receive after 2 -> tick(P) end.

count(N) ->
    receive
        tick -> count(N + 1);
        {result, R} -> {N, R}
    end.

flush() -> receive tick -> flush() after 0 -> ok end.
