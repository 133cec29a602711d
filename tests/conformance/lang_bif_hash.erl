%% Hashes that must match OTP bit for bit: erlang:phash2/1,2 and
%% erlang:phash/2 of every term kind (including bignums, floats, -0.0,
%% big maps and bitstrings), md5, crc32/adler32 (whole and incremental
%% with combine), and errors for bad ranges.
-module(lang_bif_hash).
-export([main/0]).

id(X) -> X.

main() ->
    Terms = [0, 1, -1, 1 bsl 59, 1 bsl 60, 1 bsl 64, -(1 bsl 100), 0.0, -0.0, 1.5, 1.0e300, a, 'é', "", "abc",
             [1 | 2], {}, {a, b}, <<>>, <<1, 2, 3>>, <<1:3>>, <<1, 2, 3:4>>, #{}, #{a => 1},
             maps:from_list([{I, [I]} || I <- lists:seq(1, 50)]), lists:seq(1, 100),
             list_to_tuple(lists:seq(1, 50)), binary:copy(<<"xyz">>, 1000)],
    lists:foreach(fun(T) ->
        io:format("~p ~p ~p ~p~n", [erlang:phash2(T), erlang:phash2(T, 1000), erlang:phash2(T, 1 bsl 32), erlang:phash(T, 1 bsl 27)])
    end, Terms),
    io:format("~p~n", [[erlang:phash2(F) || F <- [fun lists:map/2, fun erlang:abs/1]]]),
    io:format("~p~n", [[lang_util:trim(catch erlang:phash2(x, N)) || N <- [0, -1, 1 bsl 32 + 1, a]]]),
    io:format("~p~n", [[lang_util:trim(catch erlang:phash(x, N)) || N <- [0, 1 bsl 32, 1 bsl 32 + 1]]]),
    Data = [<<>>, <<"a">>, <<"hello world">>, binary:copy(<<0, 255>>, 5000), list_to_binary(lists:seq(0, 255))],
    lists:foreach(fun(D) ->
        io:format("~p ~p ~p~n", [erlang:md5(D), erlang:crc32(D), erlang:adler32(D)])
    end, Data),
    {A, B} = split_binary(<<"hello world, this is data">>, 11),
    io:format("~p~n", [{erlang:crc32(erlang:crc32(A), B), erlang:crc32_combine(erlang:crc32(A), erlang:crc32(B), byte_size(B)),
                        erlang:adler32(erlang:adler32(A), B), erlang:adler32_combine(erlang:adler32(A), erlang:adler32(B), byte_size(B)),
                        erlang:crc32(<<"hello world, this is data">>), erlang:adler32(<<"hello world, this is data">>)}]),
    io:format("~p~n", [{erlang:md5(["a", [$b], <<"c">>]), erlang:crc32(["a", <<"bc">>]), erlang:md5_final(erlang:md5_update(erlang:md5_init(), "abc"))}]),
    io:format("~p~n", [[lang_util:trim(catch erlang:md5(id(X))) || X <- [a, [256], [-1]]]]).
