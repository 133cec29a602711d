%% io_lib_floats: ~f, ~e and ~g with default and explicit precision, field
%% width, pad character, left adjustment, integers as arguments (badarg),
%% rounding at .5, denormals, huge and tiny values, negative zero.
-module(io_lib_floats).
-export([main/0]).

t(Tag, Fmt, Args) ->
    R = stdh:fmt(Fmt, Args),
    io:format("~p ~p ~w: ~p~n", [Tag, Fmt, Args, R]).

main() ->
    Xs = [0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.125, 0.05, 0.0049999, 3.14159265358979, 123456.789, 1.0e-5, 1.0e-10,
          9.99999, 0.999999, 1.0e15, 1.0e16, 1.0e21, 1.0e100, 1.0e-100, 1.7976931348623157e308, 5.0e-324, 2.2250738585072014e-308,
          -123.456, 100.0, 1.0 / 3, 2.0 / 3, 0.1, 0.7],
    Fs = ["~f", "~e", "~g", "~.0f", "~.1f", "~.2f", "~.10f", "~.1e", "~.2e", "~.3e", "~.10e", "~.1g", "~.3g", "~.10g",
          "~12f", "~-12f", "~12.3f", "~-12.3e", "~12.4.0g", "~15.2.*e"],
    [t(F, F, [X]) || F <- Fs, X <- Xs, not (X > 1.0e99 andalso lists:member(F, ["~f", "~.10f", "~.1f", "~.2f", "~.0f"]))],
    t(wide_f, "~.3f", [1.0e20]),
    t(narrow_overflow, "~3.1f", [12345.6]),
    t(star, "~*.*f", [10, 2, 3.14159]),
    t(star_neg, "~*.*f", [-10, 2, 3.14159]),
    t(int_arg, "~f", [1]),
    t(int_arg_e, "~e", [1]),
    t(int_arg_g, "~g", [10]),
    t(atom_arg, "~f", [a]),
    t(prec_zero_e, "~.0e", [1.5]),
    t(prec_one_e, "~.1e", [1.5]),
    t(big_prec, "~.30f", [0.1]),
    t(big_prec_e, "~.25e", [0.1]),
    t(bad_prec, "~.-1f", [1.0]),
    t(bignum_arg, "~f", [1 bsl 70]),
    ok.
