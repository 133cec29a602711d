%% End of file on stdin through OTP's `user` with -noshell: after the one
%% line, every read form returns eof.
%% stdin: input/boot_stdin_eof.txt
-module(boot_stdin_eof).
-export([main/0]).

main() ->
    L = io:get_line(''),
    Eofs = [io:get_line(''), io:get_chars('', 3), io:read(''), io:fread("", "~d"), io:get_line('')],
    io:format("~p~n", [[L | Eofs]]).
