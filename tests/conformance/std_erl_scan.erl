%% std_erl_scan: erl_scan:string/1,2,3 and tokens/3 on every token class
%% (atoms, variables, integers in bases, floats, chars with escapes,
%% strings, operators, reserved words, comments, dots), location options
%% (line, {line,col}, text, return_comments, return_white_spaces), the
%% continuation protocol, and scan errors with their locations.
-module(std_erl_scan).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Srcs = ["foo(X, _Y) -> {ok, X + 1.5e3, 16#FF, 2#1010, $a, $\\n, \"s\\tt\"}.",
            "'quoted atom' 'A' <<1:8/big>> #{a => 1} #r{f = 2} [H|T] fun m:f/1.",
            "A =:= B andalso C =/= D orelse not E, F band G bsl 2, X div Y rem Z, P ! Q.",
            "case X of 1 when X > 0; X < -1 -> a; _ -> b end, receive after 0 -> ok end, try x catch _:_ -> y after z end.",
            "1_000_000 + 16#ff_ff + 1.0e-10 + 12.5e+3 + 36#ZZ + $\\x{41} + $\\101 + $\\^A + $\\s.",
            "X = \"multi\nline\", % a comment\n Y = 'a\\'b'.",
            "?MODULE ?LINE #{} ... .. :: := => <= <- || ++ -- == /= =< >= ->.",
            "maybe {ok, A} ?= f(), A else _ -> e end."],
    [t({string, I}, fun() -> erl_scan:string(S) end) || {I, S} <- lists:zip(lists:seq(1, length(Srcs)), Srcs)],
    t(col, fun() -> erl_scan:string("f(X) ->\n  X + 1.", {1, 1}) end),
    t(text, fun() -> erl_scan:string("a + 'b' % c\n", 1, [text, return_comments]) end),
    t(white, fun() -> erl_scan:string("a  +\tb\n", {1, 1}, [return_white_spaces]) end),
    t(return, fun() -> erl_scan:string("x % c\ny", 1, [return]) end),
    t(reserved, fun() -> erl_scan:string("foo bar", 1, [{reserved_word_fun, fun(W) -> W =:= bar end}]) end),
    t(compat, fun() -> erl_scan:string("a.", 5) end),
    Bads = ["\"unterminated", "'unterminated", "$", "1.5e", "16#G", "2#3", "a \\x", "0x10", "\"\\x{110000}\"", "$\\x{D800}", "1__0",
            "9#9", "37#1", "'\\q'", "<<\"a\" \\"],
    [t({bad, B}, fun() -> erl_scan:string(B) end) || B <- Bads],
    t(tokens_cont, fun() -> {more, C} = erl_scan:tokens([], "f(X) ->", 1), erl_scan:tokens(C, " X.\nrest", 1) end),
    t(tokens_eof, fun() -> {more, C} = erl_scan:tokens([], "f(X", 1), erl_scan:tokens(C, eof, 1) end),
    t(tokens_done_eof, fun() -> erl_scan:tokens([], eof, 1) end),
    t(accessors, fun() -> {ok, [T | _], _} = erl_scan:string("abc", {3, 7}, [text]),
                          {erl_scan:category(T), erl_scan:symbol(T), erl_scan:line(T), erl_scan:column(T), erl_scan:location(T), erl_scan:text(T)} end),
    t(reserved_word, fun() -> [erl_scan:reserved_word(W) || W <- ['case', 'maybe', 'else', foo, 'cond', 'let', 'begin']] end),
    t(format_error, fun() -> {error, {_, M, E}, _} = erl_scan:string("\"abc"), lists:flatten(M:format_error(E)) end),
    t(unicode, fun() -> erl_scan:string("'\x{3B1}' \"\x{3B2}\" $\x{3B3}") end),
    t(long, fun() -> {ok, Ts, E} = erl_scan:string(lists:append(lists:duplicate(500, "f(X) -> X + 1. "))), {length(Ts), E} end),
    ok.
