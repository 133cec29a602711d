%% stdin read through OTP's `user` process with -noshell: io:get_line,
%% io:read and io:get_chars on standard_io.
%% stdin: input/boot_stdin.txt
-module(boot_stdin).
-export([main/0]).

main() ->
    L1 = io:get_line(''),
    L2 = io:get_line("prompt> "),
    T1 = io:read(''),
    T2 = io:read(''),
    C = io:get_chars('', 5),
    %% no more: what erl's own user reads after this (io:fread, lines,
    %% binary mode, end of file) depends on how the input arrives, so
    %% end of file is boot_stdin_eof's
    io:format("~p~n", [[L1, L2, T1, T2, C]]).
