%% std_re_replace: re:replace and re:split: & and \N back references
%% (\\g{N}, escaped \\&), global and first-only, return types (iodata,
%% list, binary), split with parts/trim/group/capture groups, on unicode
%% and empty matches; plus the errors.
-module(std_re_replace).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    S = "the cat sat on the mat",
    Rs = [{"at", "og"}, {"(\\w)at", "\\1og"}, {"(\\w)(a)(t)", "\\3\\2\\1"}, {"the", "[&]"}, {"the", "\\&"}, {"(t)(h)", "\\g{2}\\g1"},
          {"", "-"}, {"x*", "_"}, {"\\s+", ""}, {"(a)|(z)", "<\\2>"}, {"(t)", "\\9"}, {"^", ">"}, {"$", "<"}, {"\\b", "|"}],
    [t({rep, Re, R}, fun() -> {re:replace(S, Re, R, [{return, list}]), re:replace(S, Re, R, [global, {return, list}]),
                               re:replace(S, Re, R, [global, {return, binary}])} end) || {Re, R} <- Rs],
    t(iodata, fun() -> R = re:replace(S, "cat", "dog"), {is_list(R), iolist_to_binary(R)} end),
    t(replace_fun_like, fun() -> re:replace("a1b22c333", "\\d+", "<&>", [global, {return, list}]) end),
    t(replace_unicode, fun() -> {re:replace("\x{3B1}\x{3B2}\x{3B3}", "\x{3B2}", "b", [unicode, {return, list}]),
                                 re:replace(<<"\x{3B1}\x{3B2}"/utf8>>, "", "|", [unicode, global, {return, binary}])} end),
    t(replace_opts, fun() -> {re:replace("AbAB", "ab", "x", [caseless, global, {return, list}]), re:replace("a\nb", "^", "> ", [multiline, global, {return, list}]),
                              re:replace("aaa", "a", "b", [{offset, 1}, global, {return, list}])} end),
    t(replace_bad, fun() -> re:replace("a", "(", "x") end),
    t(replace_bad_opt, fun() -> re:replace("a", "a", "x", [{capture, all}]) end),
    Ss = [{"a,b,,c,,", ","}, {"a1b22c333", "\\d+"}, {"a1b22c", "(\\d)"}, {"abc", ""}, {"", ","}, {",,", ","}, {"a  b", "\\s*"}, {"aXbYc", "(X)|(Y)"}],
    [t({split, Sub, Re}, fun() -> {re:split(Sub, Re, [{return, list}]), re:split(Sub, Re, [{return, list}, trim]), re:split(Sub, Re, [{return, list}, {parts, 2}]),
                                    re:split(Sub, Re, [{return, list}, group]), re:split(Sub, Re, [{return, binary}, {parts, infinity}])} end) || {Sub, Re} <- Ss],
    t(split_default_binary, fun() -> re:split("a b c", " ") end),
    t(split_unicode, fun() -> re:split("\x{3B1},\x{3B2}", ",", [unicode, {return, list}]) end),
    t(split_parts_zero, fun() -> re:split("a,b,c", ",", [{parts, 0}, {return, list}]) end),
    t(split_bad, fun() -> re:split("a", "a", [{parts, -1}]) end),
    t(split_big, fun() -> L = re:split(binary:copy(<<"word ">>, 3000), " ", [trim]), {length(L), hd(L)} end),
    ok.
