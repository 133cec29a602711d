%% pending (binary:part/3): OTP's binary:part returns a sub-binary of a
%% refc binary, so binary:referenced_byte_size/1 of a 20-byte part of a
%% 1000-byte binary is 1000; laser prints 20 (the part is copied, or the
%% referenced size is not reported).
-module(lang_referenced_size).
-export([main/0]).
main() ->
    Large = binary:copy(<<"x">>, 1000),
    Sub = binary:part(Large, 10, 20),
    io:format("~p~n", [{binary:referenced_byte_size(Sub), byte_size(Sub)}]).
