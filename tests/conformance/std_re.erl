%% std_re: re:run/replace/split with their options (captures, global, unicode, named groups, anchors, caseless, multiline, ...), compared with erl.
-module(std_re).
-export([main/0]).

%% Each result is formatted with ~p and ~w and gathered; the output goes
%% out in one io:put_chars at the end (see
%% tests/conformance/pending/io_many_requests.erl).
t(Tag, F) ->
    R = try F() of V -> {ok, V} catch C:E -> {C, E} end,
    put(out, [io_lib:format("~p: ~p~n~w~n", [Tag, R, R]) | get_out()]).
get_out() -> case get(out) of undefined -> []; L -> L end.
flush() -> io:put_chars(lists:reverse(get_out())), put(out, []).

main() ->
    S = <<"The year 1999 and 2024; the END.">>,
    Runs = [{"\\d+", []}, {"\\d+", [global]}, {"\\d+", [global, {capture, all, list}]}, {"(\\d)(\\d+)", [{capture, [1, 2], binary}]},
            {"(?<y>\\d{4})", [{capture, [y], list}]}, {"the", [caseless, global, {capture, first, index}]}, {"^the", []},
            {"end", [caseless, {capture, none}]}, {"x*", [global]}, {"(a)|(b)", [{capture, all, list}]},
            {"\\d+", [{offset, 14}]}, {"year", [anchored]}, {"\\.$", [{capture, all, binary}]}, {"(\\w+);", [{capture, all_but_first, list}]},
            {"(?<a>\\d)(?<b>z)?", [{capture, all_names, list}]}, {"[", []}, {"T", [notempty]}],
    [t({run, R, O}, fun() -> re:run(S, R, O) end) || {R, O} <- Runs],
    t(unicode, fun() -> {re:run(<<"åäö ü"/utf8>>, "\\w+", [unicode, global, {capture, all, list}]),
                         re:run("åäö", "ä", [unicode]), re:run(<<"héllo"/utf8>>, ".", [unicode, global, {capture, all, binary}])} end),
    t(multiline, fun() -> re:run("a\nb\nc", "^\\w$", [multiline, global, {capture, all, list}]) end),
    t(compiled, fun() -> {ok, MP} = re:compile("(\\d+)-(\\d+)"), {re:run("10-20", MP, [{capture, all_but_first, list}]),
                                                                   re:run("x", MP)} end),
    t(replace, fun() -> {re:replace(S, "\\d+", "N"), re:replace(S, "\\d+", "N", [global, {return, list}]),
                         re:replace(S, "(\\d+)", "<\\1>", [global, {return, binary}]), re:replace(S, "(\\d+)", "[&]", [{return, list}]),
                         re:replace("abc", "b", "\\\\", [{return, list}]), re:replace("aaa", "a", "b", [global, {return, binary}]),
                         re:replace("abc", "", "-", [global, {return, list}])} end),
    t(split, fun() -> {re:split(S, " "), re:split("a,b,,c,,", ",", [{return, list}]), re:split("a,b,,c,,", ",", [trim, {return, list}]),
                       re:split("a1b2c", "(\\d)", [{return, list}]), re:split("a,b,c", ",", [{parts, 2}, {return, list}]),
                       re:split("abc", "", [{return, list}]), re:split(<<"x y">>, "\\s", [group, {return, binary}])} end),
    t(bad, fun() -> re:run(S, "(", []) end),
    t(bad2, fun() -> re:replace(S, "a", "b", [bad_option]) end),
    t(version, fun() -> is_binary(re:version()) end),
    flush().
