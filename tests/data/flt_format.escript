#!/usr/bin/env escript
%% flt_format.escript OUT - how erl prints floats, for tests/unit/test_flt.c.
%% Text, one record per line; fields contain no spaces.
%%   F <bits> <short> <p> <legacy>       a float (IEEE bits, 16 hex digits),
%%                                       float_to_list(F, [short]),
%%                                       io_lib:format("~p") ("=" if equal to short, and ~w too),
%%                                       float_to_list(F)
%%   D <n> <compact 0|1> <text>          float_to_list(F, [{decimals, N}] ++ [compact]) of the last F
%%   E <n> <text>                        float_to_list(F, [{scientific, N}]) of the last F
%%   O <options> <text>                  float_to_list(F, Options) of the last F, options
%%                                       comma-separated: short, compact, d:N ({decimals, N}),
%%                                       s:N ({scientific, N}), foo (the atom), improper (a
%%                                       list ending in foo), none (the empty list)
%% text is !badarg when erl raises badarg.
-mode(compile).

main([Out]) ->
    rand:seed(exsss, {2, 71, 828}),
    Fs = floats(),
    Opts = [{F, O} || F <- [1.0, -0.0, 0.125, 2.5, 1.0e16, 123.456, 1.0e300, 5.0e-324], O <- options()],
    ok = file:write_file(Out, [[rec(F) || F <- Fs], [opt(F, O) || {F, O} <- Opts]]).

opt(F, O) ->
    ["F ", bits(F), " ", float_to_list(F, [short]), " = ", float_to_list(F), $\n,
     "O ", string:join([enc(X) || X <- O], ","), " ", fmt(F, build(O)), $\n].

options() ->
    [[none], [short], [compact], [short, compact], [{decimals, 2}, short], [short, {decimals, 2}],
     [{decimals, 3}, compact], [compact, {decimals, 3}], [{scientific, 3}, compact], [{decimals, 2}, {scientific, 2}],
     [{scientific, 2}, {decimals, 2}], [{decimals, -1}], [{scientific, -1}], [{scientific, -300}],
     [{decimals, 1 bsl 40}], [{decimals, (1 bsl 32) + 3}], [{scientific, (1 bsl 32) - 1}], [{scientific, 1 bsl 40}],
     [{decimals, 2}, foo], [foo], [{decimals, 2}, improper], [{decimals, 0}, compact], [{decimals, 253}],
     [{decimals, 254}], [{scientific, 249}], [{scientific, 250}], [{decimals, 1 bsl 31}]].

enc(none) -> "none";
enc(short) -> "short";
enc(compact) -> "compact";
enc(foo) -> "foo";
enc(improper) -> "improper";
enc({decimals, N}) -> "d:" ++ integer_to_list(N);
enc({scientific, N}) -> "s:" ++ integer_to_list(N).

build([none]) -> [];
build([improper]) -> foo;
build([X | Rest]) -> [X | build(Rest)];
build([]) -> [].

bits(F) -> <<B:64>> = <<F/float>>, string:right(integer_to_list(B, 16), 16, $0).

rec(F) ->
    Short = float_to_list(F, [short]),
    P = lists:flatten(io_lib:format("~p", [F])),
    W = lists:flatten(io_lib:format("~w", [F])),
    PW = case P =:= Short andalso W =:= Short of
             true -> "=";
             false -> P ++ "/" ++ W
         end,
    ["F ", bits(F), " ", Short, " ", PW, " ", float_to_list(F), $\n,
     [["D ", integer_to_list(N), " ", integer_to_list(C), " ", fmt(F, [{decimals, N} | [compact || C =:= 1]]), $\n]
      || {N, C} <- decimals()],
     [["E ", integer_to_list(N), " ", fmt(F, [{scientific, N}]), $\n] || N <- scientific()]].

fmt(F, Opts) ->
    try float_to_list(F, Opts) catch error:badarg -> "!badarg" end.

%% a few decimal counts per float: small ones hit erl's own rounding code,
%% 19 and more its printf path, large ones the 256-byte limit
decimals() ->
    Ns = [rand:uniform(8) - 1, rand:uniform(19) - 1, 18 + rand:uniform(4), pick([0, 1, 2, 3, 5, 17, 18, 19, 20, 40, 100, 240, 253, 254, 300])],
    [{N, rand:uniform(2) - 1} || N <- Ns].

scientific() ->
    [rand:uniform(21) - 1, pick([0, 1, 2, 15, 16, 17, 20, 30, 100, 248, 249, 250, -1, -7])].

pick(L) -> lists:nth(rand:uniform(length(L)), L).

floats() ->
    Special = [0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, 0.125, 0.375, 1.0e-5, 1.0e-4, 0.001, 100.0, 1000.0,
               5.0e-324, 1.0e-323, 2.2250738585072009e-308, 2.2250738585072014e-308, 1.7976931348623157e308,
               9007199254740991.0, 9007199254740992.0, 9007199254740994.0, 4503599627370496.5,
               1801439850948198.0, 1801439850948199.0, 360287970189639.6, 360287970189640.0,
               123456789012.0, 1234567890123.0, 1.0e15, 1.0e16, 1.0e17, 1.0e21, 1.0e22, 1.0e23,
               0.3, 2.675, 1.005, 1.0e-7, 9.5, 99.5, 0.05, 0.045, 0.0045, 1.0e100],
    Pow10 = [P || E <- lists:seq(-323, 308), P <- around(list_to_float("1.0e" ++ integer_to_list(E)))],
    Pow2 = [P || E <- lists:seq(-1074, 1023, 7), P <- around(math:pow(2, E))],
    %% integers and halves around erl's fixed/scientific switches
    Ints = [float(I) || E <- lists:seq(0, 17), D <- [-1, 0, 1], I <- [pow10(E) + D, 2 * pow10(E) + D], I > 0],
    Halves = [(rand:uniform(1 bsl (B rem 50 + 1)) + 0.5) / pow10(B rem 4) || B <- lists:seq(1, 400)],
    %% short decimals, where {decimals, N} rounding meets ties
    Nice = [list_to_float(integer_to_list(rand:uniform(100000)) ++ "." ++ integer_to_list(rand:uniform(1000)) ++
                          "e" ++ integer_to_list(rand:uniform(40) - 25)) || _ <- lists:seq(1, 3000)],
    Sub = [sub() || _ <- lists:seq(1, 1000)],
    Rand = [rnd() || _ <- lists:seq(1, 14000)],
    Small = [rnd_range(-20, 60) || _ <- lists:seq(1, 6000)],
    All = Special ++ Pow10 ++ Pow2 ++ Ints ++ Halves ++ Nice ++ Sub ++ Rand ++ Small,
    All ++ [-X || X <- lists:sublist(All, 4000)].

pow10(0) -> 1;
pow10(E) -> 10 * pow10(E - 1).

around(F) ->
    <<B:64>> = <<F/float>>,
    [X || D <- [-1, 0, 1], <<X/float>> <- [<<(B + D):64>>]].

sub() ->
    <<F/float>> = <<0:12, (rand:uniform(1 bsl 52) - 1):52>>,
    F.

rnd() ->
    case rand:bytes(8) of
        <<_:1, 2047:11, _:52>> -> rnd();
        <<F/float>> -> F
    end.

%% random bits with a binary exponent in [Lo, Hi): values near 1
rnd_range(Lo, Hi) ->
    E = Lo + rand:uniform(Hi - Lo) - 1,
    <<F/float>> = <<(rand:uniform(2) - 1):1, (E + 1023):11, (rand:uniform(1 bsl 52) - 1):52>>,
    F.
