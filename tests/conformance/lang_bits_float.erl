%% Float segments of sizes 16, 32 and 64 in both endiannesses:
%% construction from floats and integers, matching (including NaN and
%% infinity bit patterns that do not match a float), and rounding when a
%% value does not fit in 32 or 16 bits.
-module(lang_bits_float).
-export([main/0]).

id(X) -> X.

main() ->
    Vals = [0.0, -0.0, 1.0, -2.5, 0.1, 3.4028234663852886e38, 1.0e-40, 65504.0, 6.0e-8, 1.0e10, 1],
    lists:foreach(fun(V) ->
        X = id(V),
        B64 = <<X:64/float>>, L64 = <<X:64/float-little>>,
        B32 = (catch <<X:32/float>>), B16 = (catch <<X:16/float>>),
        <<F64:64/float>> = B64, <<FL64:64/float-little>> = L64,
        io:format("~p ~p ~p ~p ~p ~p ~p~n", [X, B64, L64, B32, B16, F64, FL64])
    end, Vals),
    io:format("~p~n", [[lang_util:trim(catch <<(id(X)):32/float>>) || X <- [1.0e39, -1.0e39, 1.0e300]]]),
    io:format("~p~n", [[lang_util:trim(catch <<(id(X)):16/float>>) || X <- [65520.0, 1.0e5]]]),
    Match = fun(Bin) -> case Bin of <<F:64/float>> -> {float, F}; <<F:32/float>> -> {f32, F}; <<F:16/float>> -> {f16, F}; _ -> nomatch end end,
    io:format("~p~n", [[Match(id(B)) || B <- [<<16#7FF0000000000000:64>>, <<16#7FF8000000000000:64>>, <<16#7F800000:32>>,
                                              <<16#7C00:16>>, <<16#3C00:16>>, <<16#3F800000:32>>, <<1:64>>, <<1, 2, 3>>]]]),
    <<A:32/float, B:16/float-little, Rest/binary>> = id(<<63, 192, 0, 0, 0, 60, 9>>),
    io:format("~p~n", [{A, B, Rest}]),
    io:format("~p~n", [[lang_util:trim(catch <<(id(1.0)):S/float>>) || S <- [8, 24, 128]]]),
    io:format("~p~n", [<< <<F:32/float>> || F <- [1.5, 2.5] >>]).
