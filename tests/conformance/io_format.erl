%% io:format / io:fwrite / io:put_chars / io:nl through the group leader
%% (laser's interim built-in I/O server until the OTP boot), including
%% characters beyond Latin-1 on a Latin-1 stdout and a bad format.
-module(io_format).
-export([main/0]).

main() ->
    io:format("hello ~p~n", [{world, 1.5, "s", <<"b">>}]),
    io:put_chars("chars\n"),
    io:put_chars(<<"binary chars\n">>),
    io:put_chars(["deep", [$l, "ist"], <<"\n">>]),
    io:fwrite("~s ~w~n", ["x", [1, 2]]),
    io:format("plain~n"),
    io:nl(),
    io:format("~ts|~s|~ts~n", [[8364, 233], [233], <<"é"/utf8>>]),
    io:format("~p~n", [lists:seq(1, 30)]),
    io:format(standard_io, "to standard_io ~w~n", [ok]),
    io:format(user, "to user ~w~n", [ok]),
    io:format("~-10s|~10.4f|~.2e~n", ["left", 2.5, 12345.678]),
    erlang:display(catch io:format("~d~n", [not_an_int])),
    io:format("done~n").
