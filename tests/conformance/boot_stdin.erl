%% stdin read through OTP's `user` process with -noshell: io:get_line,
%% io:read, io:get_chars and io:fread on standard_io, then end of file.
%% stdin: input/boot_stdin.txt
-module(boot_stdin).
-export([main/0]).

main() ->
    L1 = io:get_line(''),
    L2 = io:get_line("prompt> "),
    T1 = io:read(''),
    T2 = io:read(''),
    C = io:get_chars('', 5),
    F = io:fread("", "~d ~a"),
    Rest = io:get_line(''),
    ok = io:setopts([binary]),
    B = io:get_line(''),
    ok = io:setopts([list]),
    Bad = io:read(''),
    Eof1 = io:get_line(''),
    Eof2 = io:get_chars('', 3),
    Eof3 = io:read(''),
    io:format("~p~n", [[L1, L2, T1, T2, C, F, Rest, B, Bad, Eof1, Eof2, Eof3]]).
