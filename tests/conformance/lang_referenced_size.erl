-module(lang_referenced_size).
-export([main/0]).
main() ->
    Large = binary:copy(<<"x">>, 1000),
    Sub = binary:part(Large, 10, 20),
    io:format("~p~n", [{binary:referenced_byte_size(Sub), byte_size(Sub)}]).
