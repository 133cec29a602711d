%% io_lib_ints: ~B ~b ~X ~x ~# ~+ ~i ~n ~~ with bases 2..36, negative
%% numbers, bignums, field width, pad character, prefixes, the l and t
%% modifiers where they are accepted, and the badargs for bad bases.
-module(io_lib_ints).
-export([main/0]).

t(Tag, Fmt, Args) ->
    R = stdh:fmt(Fmt, Args),
    io:format("~p ~p ~w: ~p~n", [Tag, Fmt, Args, R]).

main() ->
    Ns = [0, 1, -1, 10, 255, -255, 1 bsl 59, 1 bsl 60, -(1 bsl 60), 1 bsl 64, 123456789012345678901234567890, -98765432109876543210],
    [t(b, F, [N]) || F <- ["~B", "~b", "~.2B", "~.16B", "~.16b", "~.36B", "~.36b", "~12B", "~-12B", "~12.16.0B", "~.8b", "~3B"], N <- Ns],
    [t(x, F, [N, P]) || F <- ["~X", "~x", "~.16X", "~.16x", "~20.16X", "~-20.16x", "~.2X"], N <- lists:sublist(Ns, 8), P <- ["0x", "#", ""]],
    [t(x_atom, F, [N, abc]) || F <- ["~.16X", "~.16x"], N <- [255, -255]],
    [t(hash, F, [N]) || F <- ["~#", "~.16#", "~.2#", "~.36#", "~15.16#", "~-15.8#"], N <- lists:sublist(Ns, 8)],
    [t(plus, F, [N]) || F <- ["~+", "~.16+", "~.2+", "~15.16+", "~.36+"], N <- lists:sublist(Ns, 8)],
    t(star_base, "~.*B", [16, 255]),
    t(star_all, "~*.*.*B", [10, 2, $x, 5]),
    t(base_bad, "~.1B", [5]),
    t(base_bad2, "~.37B", [5]),
    t(not_int, "~B", [1.0]),
    t(not_int_x, "~X", [1.0, "p"]),
    t(x_bad_prefix, "~X", [1, 2]),
    t(i, "~i~s~i", [ignored, "shown", {also, ignored}]),
    t(n, "a~nb~2nc", []),
    t(tilde, "~~ ~3~", []),
    t(lmod, "~lB", [5]),
    t(bad_control, "~Z", [1]),
    t(bad_trailing, "abc~", []),
    t(w_on_int, "~w ~W", [1 bsl 70, -5, 3]),
    ok.
