%% std_iolib: io_lib:format with every control sequence, field widths, precisions, padding and modifiers; ~p line breaking of deep and long terms; unicode; compared with erl.
-module(std_iolib).
-export([main/0]).

%% Each result is formatted with ~p and ~w and gathered; the output goes
%% out in one io:put_chars at the end (a habit from when the interim I/O server lost
%% replies after 1000 requests).
t(Tag, F) ->
    R = try F() of V -> {ok, V} catch C:E -> {C, E} end,
    put(out, [io_lib:format("~p: ~p~n~w~n", [Tag, R, R]) | get_out()]).
get_out() -> case get(out) of undefined -> []; L -> L end.
flush() -> io:put_chars(lists:reverse(get_out())), put(out, []).

f(Fmt, Args) -> t({Fmt, Args}, fun() -> lists:flatten(io_lib:format(Fmt, Args)) end).
main() ->
    Deep = [{K, lists:seq(1, K), #{K => [K, {a, "str"}]}} || K <- lists:seq(1, 8)],
    Long = lists:seq(1, 60),
    [f(F, A) || {F, A} <- [
      {"~p", [Deep]}, {"~P", [Deep, 5]}, {"~w", [Deep]}, {"~W", [Deep, 4]}, {"~p", [Long]}, {"~40p", [Deep]},
      {"~p", [[{a, "a long string that goes on and on", <<"binary data">>}, {b, 'Quoted Atom', 1.5e100}]]},
      {"~p", [#{a => 1, "b" => [1, 2], {c} => #{d => e}}]}, {"~p", [<<1, 2, 3:4>>]}, {"~p", [lists:seq(1, 300) -- [5]]},
      {"~s", ["abc"]}, {"~s", [<<"bin">>]}, {"~s", [abc]}, {"~10s|", ["abc"]}, {"~-10s|", ["abc"]}, {"~.2s|", ["abc"]},
      {"~10.2s|", ["abc"]}, {"~ts", [[16#3b1, 16#3b2]]}, {"~ts", [<<"ünï"/utf8>>]}, {"~s", [[[$a, "b"], <<"c">>]]},
      {"~e", [3.14159]}, {"~.3e", [3.14159]}, {"~12.4e|", [-0.000123]}, {"~f", [3.14159]}, {"~.0f", [2.5]}, {"~.2f", [1.005]},
      {"~10.3f|", [-1.5]}, {"~-10.3f|", [1.5]}, {"~g", [1.0e-10]}, {"~g", [123456.789]}, {"~.3g", [0.5]}, {"~f", [1 bsl 60]},
      {"~b", [255]}, {"~.16b", [-255]}, {"~.2B", [10]}, {"~8.16.0B", [255]}, {"~x", [255, "0x"]}, {"~.16X", [-255, "#"]},
      {"~.36B", [1 bsl 80]}, {"~#", [255]}, {"~.16#", [255]}, {"~+", [255]}, {"~.8+", [-8]}, {"~c", [$a]}, {"~5c|", [$x]},
      {"~-5c|", [$x]}, {"~tc", [16#3b1]}, {"~i~w", [ignored, shown]}, {"a~nb~n", []}, {"~~", []}, {"~5.2.0w|", [7]},
      {"~10w|", [abc]}, {"~-10w|", [abc]}, {"~*w|", [6, x]}, {"~.*f", [2, 1.0]}, {"~10.*w|", [3, long_atom]},
      {"~p", ['a b']}, {"~w", ["str"]}, {"~p", ["str\n\t"]}, {"~tp", [[16#3b1, 16#3b2]]}, {"~p", [[16#3b1, 16#3b2]]},
      {"~lp", [[1, 2, 3]]}, {"~lp", ["abc"]}, {"~tp", [<<"ünï"/utf8>>]}, {"~p", [<<"ünï"/utf8>>]},
      {"~w", [1.0]}, {"~w", [0.1]}, {"~w", [-0.0]}, {"~w", [1.0e22]}, {"~p", [123456789012345678901234567890]},
      {"~p", [{self_is_pid, is_pid(self())}]}, {"~s", [1]}, {"~d", [1]}, {"~w ~w", [1]}, {"~p", [[a | b]]},
      {"~p", [{[], {}, <<>>, #{}}]}, {"~60p", [[aaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccccccc]]},
      {"~p", [[[[[[[[[[deep]]]]]]]]]]}, {"~P", [Long, 10]}, {"~W", ["a string", 3]}, {"~P", [#{a => #{b => #{c => d}}}, 3]}
    ]],
    t(fwrite, fun() -> lists:flatten(io_lib:fwrite("~w-~s", [a, "b"])) end),
    t(write, fun() -> {lists:flatten(io_lib:write({a, [1, 2]})), lists:flatten(io_lib:write(Deep, 3))} end),
    t(print, fun() -> lists:flatten(io_lib:print(Deep)) end),
    t(write_atom, fun() -> {lists:flatten(io_lib:write_atom('hello world')), io_lib:write_string("a\"b"),
                            io_lib:write_char($a), io_lib:write_latin1_string("x")} end),
    t(printable, fun() -> {io_lib:printable_list("abc"), io_lib:printable_list([1, 2]), io_lib:printable_unicode_list([16#3b1]),
                           io_lib:printable_latin1_list("é")} end),
    t(fread, fun() -> {io_lib:fread("~d ~s", "12 abc"), io_lib:fread("~f", "1.5"), io_lib:fread("~a~d", "x1")} end),
    t(indentation, fun() -> io_lib:indentation("a\n  b", 3) end),
    t(nl, fun() -> io_lib:nl() end),
    t(chars_length, fun() -> io_lib:chars_length(["ab", [$c]]) end),
    t(build_text, fun() -> lists:flatten(io_lib:build_text(io_lib:scan_format("~p ~w", [a, b]))) end),
    t(unscan, fun() -> io_lib:unscan_format(io_lib:scan_format("~5.2p ~w", [a, b])) end),
    t(bad_format, fun() -> io_lib:format("~q", [1]) end),
    flush().
