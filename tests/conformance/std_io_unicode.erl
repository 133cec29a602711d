%% std_io_unicode: unicode through io_lib and io: ~ts/~tp/~tw/~tc with
%% characters above 255 (printed as \x{...} on a latin1 stdout, as erl's
%% user), io_lib:format results as code point lists, width counted in
%% characters, printable_range effects on ~p, io:put_chars of UTF-8
%% binaries, and the badarg for ~s of non-latin1 data.
-module(std_io_unicode).
-export([main/0]).
-import(stdh, [tw/2]).

main() ->
    U = "\x{3B1}\x{3B2}\x{3B3} caf\x{E9} \x{1F600}",
    B = unicode:characters_to_binary(U),
    tw(ts_list, fun() -> lists:flatten(io_lib:format("~ts|~10ts|~-10.3ts|", [U, "\x{3B1}", U])) end),
    tw(ts_bin, fun() -> lists:flatten(io_lib:format("~ts|~.2ts", [B, B])) end),
    tw(s_bin_utf8, fun() -> lists:flatten(io_lib:format("~s", [B])) end),
    tw(s_list_high, fun() -> io_lib:format("~s", [U]) end),
    tw(tp, fun() -> lists:flatten(io_lib:format("~tp ~tp ~tp", [U, B, list_to_atom("\x{3B1}")])) end),
    tw(p_high, fun() -> lists:flatten(io_lib:format("~p ~p", [U, B])) end),
    tw(tw_, fun() -> lists:flatten(io_lib:format("~tw ~w", [U, B])) end),
    tw(tc, fun() -> lists:flatten(io_lib:format("~tc~tc~5tc", [16#3B1, 16#1F600, 16#E9])) end),
    tw(c_high, fun() -> lists:flatten(io_lib:format("~c", [16#3B1])) end),
    tw(width_chars, fun() -> lists:flatten(io_lib:format("[~12ts][~-12ts][~12.4ts]", [U, U, U])) end),
    tw(atom_unicode, fun() -> lists:flatten(io_lib:format("~w ~p ~tw ~tp", ['\x{3B1}b', '\x{3B1}b', '\x{3B1}b', '\x{3B1}b'])) end),
    tw(write_string, fun() -> {io_lib:write_string(U), io_lib:write_string_as_latin1(U)} end),
    tw(chars_length, fun() -> {io_lib:chars_length(U), string:length(U), length(U)} end),
    io:format("~ts~n", [U]),
    io:format("~ts~n", [B]),
    io:put_chars(B), io:nl(),
    io:format("~tp~n", [#{key => U, bin => B}]),
    io:format("~p~n", [[U, B]]),
    io:fwrite("~ts ~ts~n", [<<"\x{E9}t\x{E9}"/utf8>>, "\x{E9}t\x{E9}"]),
    tw(put_chars_latin1_high, fun() -> io:put_chars(latin1, [256]) end),
    tw(format_s_badarg, fun() -> io:format("~s~n", [U]) end),
    ok.
