%% String and character literals: every escape sequence (\n \t \r \e \s
%% \d \b \f \v \\ \" \' octal \NNN, \xHH and \x{H...}, control ^X), $c
%% literals, adjacent string concatenation, unicode in strings and
%% binaries, and string <-> binary/atom conversions.
-module(lang_strings).
-export([main/0]).

main() ->
    S = "a\nb\tc\rd\ee\sf\dg\bh\fi\vj\\k\"l\'m",
    io:format("~w~n", [S]),
    io:format("~w~n", ["\0\7\10\101\177\377"]),
    io:format("~w~n", ["\x41\x7f\xff\x{41}\x{100}\x{10FFFF}"]),
    io:format("~w~n", ["\^a\^z\^@\^[\^?\^A"]),
    io:format("~w~n", [[$a, $\n, $\t, $\\, $\s, $\x41, $\x{263A}, $\101, $\^g, $", $', $$]]),
    io:format("~p~n", ["abc" "def" "" "ghi"]),
    io:format("~p~n", [<<"bin\x{e9}\n">>]),
    io:format("~p~n", [<<"\x{e9}"/utf8, "é"/utf8, "\x{20ac}"/utf8>>]),
    io:format("~w~n", ["é€😀"]),
    io:format("~ts~n", [<<"é€"/utf8>>]),
    io:format("~p~n", [{'atom with spaces', 'Quoted', 'a\nb', '\x{e9}t\x{e9}', '', 'é'}]),
    io:format("~p~n", [[atom_to_list('é'), atom_to_binary('é'), atom_to_binary('é', latin1), list_to_atom([8364])]]),
    io:format("~p~n", [{length("é€😀"), byte_size(<<"é€😀"/utf8>>), unicode:characters_to_binary("é€😀")}]),
    io:format("~p~n", [{"\"quoted\"", "it's", "tab\there", "back\\slash"}]),
    io:format("~s|~s|~10s|~-10s|~.3s~n", ["plain", <<"binary">>, "right", "left", "truncate"]),
    io:format("~p~n", [[lists:flatten(io_lib:format("~p", [X])) || X <- ["a\nb", [7, 8, 9], [1000], "\e", [255], [256]]]]),
    io:format("~p~n", [{string:uppercase("hello é"), string:lowercase(<<"ÀÉ"/utf8>>), string:reverse("abc")}]),
    io:format("~p~n", [{lists:flatten(["a", ["b", [$c]], "d"]), string:join(["a", "b", "c"], ", "), string:tokens("a,b;c", ",;")}]).
