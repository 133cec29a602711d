%% io_format_stdio: output through io to standard_io and the group leader:
%% io:format/1,2,3, io:fwrite, io:put_chars/1,2 (chardata of every shape,
%% binaries, unicode), io:nl, io:write, io:columns/rows errors; and the
%% badarg io:format raises for bad formats and arguments.
-module(io_format_stdio).
-export([main/0]).

t(Tag, F) ->
    io:put_chars(["[", atom_to_list(Tag), "] "]),
    R = stdh:run(F),
    io:format(" => ~p~n", [R]).

main() ->
    t(format1, fun() -> io:format("plain text") end),
    t(format2, fun() -> io:format("~p ~s", [x, "y"]) end),
    t(format3_std, fun() -> io:format(standard_io, "to ~s", ["standard_io"]) end),
    t(format3_gl, fun() -> io:format(group_leader(), "to ~s", ["group leader"]) end),
    t(fwrite, fun() -> io:fwrite("fw ~w", [[1, 2]]), io:fwrite(standard_io, "fw3~n", []) end),
    t(put_chars_list, fun() -> io:put_chars("list") end),
    t(put_chars_deep, fun() -> io:put_chars([$d, ["ee", [<<"p">>]], <<>>, []]) end),
    t(put_chars_bin, fun() -> io:put_chars(<<"binary">>) end),
    t(put_chars_dev, fun() -> io:put_chars(standard_io, ["dev"]) end),
    t(put_chars_unicode, fun() -> io:put_chars(unicode:characters_to_binary("caf\x{E9}")) end),
    t(put_chars_latin1_bin, fun() -> io:put_chars(standard_io, <<"x", 233>>) end),
    t(format_unicode, fun() -> io:format("~ts|~s", [<<"caf\x{E9}"/utf8>>, "caf\x{E9}"]) end),
    t(nl, fun() -> io:nl(), io:nl(standard_io) end),
    t(write, fun() -> io:write({a, "b", <<"c">>}), io:write(standard_io, [1 | 2]) end),
    t(format_bad_args, fun() -> io:format("~p ~p", [x]) end),
    t(format_bad_ctrl, fun() -> io:format("~Q", [x]) end),
    t(format_bad_s, fun() -> io:format("~s", [{}]) end),
    t(format_bad_dev, fun() -> io:format(not_a_device, "x", []) end),
    t(put_chars_bad, fun() -> io:put_chars([a]) end),
    t(put_chars_bad2, fun() -> io:put_chars(123) end),
    t(after_errors, fun() -> io:format("still ~s~n", ["working"]) end),
    t(many, fun() -> [io:format("~w,", [I]) || I <- lists:seq(1, 50)], done end),
    t(requests, fun() -> io:request(standard_io, {put_chars, unicode, "raw request"}) end),
    t(request_fmt, fun() -> io:request(standard_io, {put_chars, unicode, io_lib, format, ["mfa ~p", [ok]]}) end),
    ok.
