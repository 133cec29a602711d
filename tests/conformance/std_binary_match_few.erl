%% binary:match/matches/split with a few short patterns (laser scans them
%% directly instead of building an automaton) and with many (the
%% automaton): leftmost-longest, no overlaps, scopes, compiled patterns,
%% unaligned subjects and patterns, bad arguments.
-module(std_binary_match_few).
-export([main/0]).

main() ->
    S = <<"a,b,, c;d ab abc abcd, x">>,
    Sets = [[<<",">>, <<" ">>], [<<"ab">>, <<"abc">>], [<<"abc">>, <<"ab">>, <<"b">>],
            [<<"c">>, <<"cd">>, <<"d">>], [<<",,">>, <<",">>], [<<"zz">>, <<"q">>],
            [<<"a">>, <<"b">>, <<"c">>, <<"d">>, <<",">>], [<<"abcd,">>, <<"d, x">>],
            [<<"x">>, <<"xy">>], [<<"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">>, <<"a,">>]],
    lists:foreach(fun(P) ->
        C = binary:compile_pattern(P),
        io:format("~p~n ~p ~p~n ~p ~p~n ~p ~p~n ~p~n",
                  [P, binary:match(S, P), binary:match(S, C),
                   binary:matches(S, P), binary:matches(S, C),
                   binary:split(S, P, [global]), binary:split(S, C, [global, trim_all]),
                   [binary:match(S, P, [{scope, {K, byte_size(S) - K}}]) || K <- [0, 3, 11, 20]]])
    end, Sets),
    %% many patterns: the automaton
    Many = [<<I, J>> || I <- "abc", J <- "abcd, "],
    io:format("~p ~p~n", [binary:match(S, Many), binary:matches(S, Many)]),
    %% unaligned subject and patterns
    <<_:3, U:10/binary, _:5>> = <<0:3, "ab,cd ef,g", 0:5>>,
    <<_:1, UP:1/binary, _:7>> = <<0:1, ",", 0:7>>,
    io:format("~p ~p~n", [binary:matches(U, [UP, <<" ">>]), binary:split(U, binary:compile_pattern([UP, <<"f">>]), [global])]),
    %% longer subject, separators near the end
    Long = binary:copy(<<"word ">>, 200),
    io:format("~p ~p~n", [length(binary:matches(Long, [<<" ">>, <<"d ">>])),
                          binary:match(Long, [<<"dx">>, <<"d w">>], [{scope, {990, 10}}])]),
    Bad = [fun() -> binary:match(S, []) end, fun() -> binary:match(S, [<<>>, <<"a">>]) end,
           fun() -> binary:match(S, [<<"a">> | <<"b">>]) end, fun() -> binary:match(S, [a, <<"b">>]) end,
           fun() -> binary:matches(S, [<<"a">>, <<"b">>], [{scope, {30, 1}}]) end,
           fun() -> binary:match(S, {ac, <<"junk">>}) end, fun() -> binary:match(<<1:3>>, [<<"a">>, <<"b">>]) end],
    [io:format("~p~n", [catch F()]) || F <- Bad],
    ok.
