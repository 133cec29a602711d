%% Strings as lists and the string module (unchanged stdlib beams).
-module(strings).
-export([main/0]).

main() ->
    S = "Hello, World",
    erlang:display(string:to_upper(S)),
    erlang:display(string:to_lower(S)),
    erlang:display(string:tokens("a,b,,c", ",")),
    erlang:display(string:join(["x", "y", "z"], "-")),
    erlang:display(string:str(S, "World")),
    erlang:display(string:substr(S, 1, 5)),
    erlang:display(string:strip("  pad  ")),
    erlang:display(string:chr(S, $W)),
    erlang:display(string:copies("ab", 3)),
    erlang:display(lists:reverse(S)),
    erlang:display(string:len(S)),
    erlang:display(string:right("7", 3, $0)),
    erlang:display(lists:flatten(["a", ["b", "c"], "d"])),
    erlang:display([C + 1 || C <- "HAL"]),
    erlang:display(string:equal("a", "a")),
    erlang:display(string:find("hello world", "o w")),
    erlang:display(string:split("k=v=w", "=")),
    erlang:display(string:trim("  x  ")),
    erlang:display(string:lexemes("a b  c", " ")).
