%% io_lib_chars: the ~c and ~s control sequences with field width,
%% precision, pad character, left/right adjustment and the t and l
%% modifiers, on lists, binaries, atoms and deep chardata; results are
%% printed with ~w so every character code shows.
-module(io_lib_chars).
-export([main/0]).

t(Tag, Fmt, Args) ->
    R = stdh:fmt(Fmt, Args),
    io:format("~p ~p: ~w~n", [Tag, Fmt, R]).

main() ->
    Cs = ["~c", "~5c", "~-5c", "~5.2c", "~.3c", "~-5.3c", "~5..*c", "~5.3.xc", "~*c", "~*.*c", "~tc", "~5tc", "~*.*.*c"],
    [t(c, F, A) || F <- Cs, A <- [[$a], [255], [16#3B1], [5, $b], [5, 2, $b], [0, $z], [-3, $q], [3, 2, $-, $q]], length(A) =:= needed(F)],
    Ss = ["~s", "~10s", "~-10s", "~.3s", "~10.3s", "~-10.3s", "~10..*s", "~10.3.-s", "~*s", "~*.*s", "~ts", "~10ts", "~-10.2ts", "~ls", "~tls"],
    Vals = [["hello"], [<<"bin">>], [atom], ['quoted atom'], [[$a, [$b, <<"cd">>], $e]], [""], [<<>>], ["a much longer string than ten"],
            [[16#3B1, 16#3B2]], [<<"\x{3B1}"/utf8>>], [[256]], [<<255>>]],
    [t(s, F, A) || F <- Ss, A <- Vals, needed(F) =:= 1],
    [t(s_star, F, [W | A]) || F <- ["~*s", "~-*s"], W <- [0, 3, 12, -4], A <- lists:sublist(Vals, 4)],
    [t(s_star2, "~*.*s", [W, P | A]) || W <- [8, 2], P <- [1, 5], A <- lists:sublist(Vals, 3)],
    t(s_bad, "~s", [123]),
    t(s_bad2, "~s", [{a}]),
    t(s_bad3, "~s", [[a, b]]),
    t(s_bad4, "~s", [[1 | 2]]),
    t(c_bad, "~c", [a]),
    t(c_bad2, "~c", [-1]),
    t(args_short, "~s ~s", ["x"]),
    t(args_long, "~s", ["x", "y"]),
    t(args_notlist, "~s", x),
    t(bad_width, "~*s", [a, "x"]),
    t(width_zero, "~0s", ["abc"]),
    t(prec_zero, "~.0s", ["abc"]),
    t(mixed, "~c~s~c", [$[, "mid", $]]),
    t(pad_utf, "~10.5.\x{2014}ts", [<<"\x{3B1}\x{3B2}"/utf8>>]),
    ok.

needed(F) -> length([x || $* <- F]) + 1.
