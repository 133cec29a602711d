%% io_opts: io:getopts/setopts on standard_io and what they change: the
%% output encoding (latin1: characters above 255 as \x{...}; unicode: UTF-8
%% bytes, latin1 binaries converted), the binary flag, the options the
%% server refuses (enotsup) and requests outside the I/O protocol ({error,
%% {request, R}}). Input requests are left out: they would read the
%% runner's stdin.
-module(io_opts).
-export([main/0]).

r(F) -> try F() catch C:E -> {C, E} end.

main() ->
    io:format("~p~n", [r(fun() -> io:getopts() end)]),
    io:format("a ~ts ~s ~c|~n", [[945, 233], [233], 255]),
    io:request(standard_io, {put_chars, latin1, <<"bin ", 233>>}), io:nl(),
    io:put_chars(unicode:characters_to_binary("utf8 \x{E9}\x{3B1}")), io:nl(),
    io:format("~p~n", [r(fun() -> io:setopts([{encoding, unicode}]) end)]),
    io:format("~p~n", [r(fun() -> io:getopts() end)]),
    io:format("b ~ts ~s ~tc|~n", [[945, 233], [233], 16#1F600]),
    io:request(standard_io, {put_chars, latin1, <<"bin ", 233>>}), io:nl(),
    io:put_chars(standard_io, unicode:characters_to_binary("utf8 \x{E9}\x{3B1}")), io:nl(),
    io:format("~tp ~p~n", [[945, 946], <<"\x{3B1}"/utf8>>]),
    io:format("~p~n", [r(fun() -> io:setopts(standard_io, [binary, {encoding, latin1}]) end)]),
    io:format("~p~n", [r(fun() -> io:getopts(standard_io) end)]),
    io:format("c ~ts|~n", [[233, 945]]),
    io:format("~p~n", [r(fun() -> io:setopts([list, {echo, true}]) end)]),
    io:format("~p~n", [r(fun() -> io:setopts([bogus]) end)]),
    io:format("~p~n", [r(fun() -> io:setopts([{encoding, utf16}]) end)]),
    io:format("~p~n", [r(fun() -> io:setopts(notalist) end)]),
    io:format("~p~n", [r(fun() -> io:setopts([{binary, false}]) end)]),
    io:format("~p~n", [r(fun() -> io:getopts() end)]),
    io:format("~p~n", [r(fun() -> io:setopts([{encoding, utf8}, list]) end)]),
    io:format("~p~n", [r(fun() -> io:getopts() end)]),
    io:format("d ~ts|~n", [[8364]]),
    io:format("~p~n", [r(fun() -> io:setopts([{encoding, latin1}]) end)]),
    io:format("~p~n", [r(fun() -> io:request({bogus}) end)]),
    io:format("~p~n", [r(fun() -> io:request(standard_io, nonsense) end)]),
    io:format("~p~n", [r(fun() -> io:request(standard_io, {put_chars, unicode, [-1]}) end)]),
    io:format("~p~n", [r(fun() -> io:columns() end)]),
    io:format("~p~n", [r(fun() -> io:rows() end)]),
    io:format("~p~n", [r(fun() -> io:printable_range() end)]),
    ok.
