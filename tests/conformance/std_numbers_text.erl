%% std_numbers_text: seeded pseudo-random floats and integers through
%% every text path of the standard library: float_to_list/binary with
%% options, io_lib ~f ~e ~g ~w ~p with precisions, string:to_float/
%% to_integer, list_to_float, integer_to_list/binary in every base,
%% erl_scan of number literals; printed as digests plus a few samples.
-module(std_numbers_text).
-export([main/0]).
-import(stdh, [t/2]).

floats(N, Seed) ->
    {L, _} = lists:mapfoldl(fun(_, S) ->
                                {Bits, S1} = rand:uniform_s(1 bsl 62, S), {E, S2} = rand:uniform_s(600, S1),
                                F = (Bits / (1 bsl 62)) * math:pow(10, E - 300),
                                {Sg, S3} = rand:uniform_s(2, S2), {case Sg of 1 -> F; 2 -> -F end, S3} end, rand:seed_s(exsss, Seed), lists:seq(1, N)),
    L.

ints(N, Seed) ->
    {L, _} = lists:mapfoldl(fun(_, S) -> {B, S1} = rand:uniform_s(300, S), {V, S2} = rand:uniform_s(1 bsl B, S1), {Sg, S3} = rand:uniform_s(2, S2),
                                         {case Sg of 1 -> V; 2 -> -V end, S3} end, rand:seed_s(exrop, Seed), lists:seq(1, N)),
    L.

digest(L) -> erlang:phash2(L).

main() ->
    Fs = floats(600, 7),
    Is = ints(600, 8),
    t(samples, fun() -> lists:sublist(Fs, 5) end),
    t(float_to_list, fun() -> digest([float_to_list(F) || F <- Fs]) end),
    t(float_short, fun() -> {digest([float_to_list(F, [short]) || F <- Fs]), lists:sublist([float_to_list(F, [short]) || F <- Fs], 3)} end),
    t(float_decimals, fun() -> [{D, digest([float_to_list(F, [{decimals, D}]) || F <- Fs, abs(F) < 1.0e20])} || D <- [0, 1, 5, 17]] end),
    t(float_compact, fun() -> digest([float_to_binary(F, [{decimals, 10}, compact]) || F <- Fs, abs(F) < 1.0e20]) end),
    t(float_scientific, fun() -> [{D, digest([float_to_list(F, [{scientific, D}]) || F <- Fs])} || D <- [0, 3, 10, 20]] end),
    t(roundtrip, fun() -> lists:all(fun(F) -> list_to_float(float_to_list(F)) =:= F andalso binary_to_float(float_to_binary(F, [short])) =:= F end, Fs) end),
    t(io_f, fun() -> [{C, digest([stdh:fmt(C, [F]) || F <- Fs, abs(F) < 1.0e30]), stdh:fmt(C, [hd(Fs)])} || C <- ["~f", "~.3f", "~.0f", "~.1f", "~15.6f"]] end),
    t(io_e, fun() -> [{C, digest([lists:flatten(io_lib:format(C, [F])) || F <- Fs])} || C <- ["~e", "~.2e", "~.12e", "~g", "~.4g", "~w", "~p"]] end),
    t(io_samples, fun() -> [lists:flatten(io_lib:format("~g|~e|~w", [F, F, F])) || F <- lists:sublist(Fs, 6)] end),
    t(string_to_float, fun() -> lists:all(fun(F) -> {F, []} =:= string:to_float(float_to_list(F)) end, Fs) end),
    t(scan_floats, fun() -> lists:all(fun(F) -> S = float_to_list(abs(F), [short]), {ok, [{float, _, F2}], _} = erl_scan:string(S), F2 =:= abs(F) end, lists:sublist(Fs, 300)) end),
    t(int_bases, fun() -> [{B, digest([integer_to_list(I, B) || I <- Is]), digest([integer_to_binary(I, B) || I <- Is])} || B <- [2, 7, 10, 16, 36]] end),
    t(int_roundtrip, fun() -> lists:all(fun(I) -> list_to_integer(integer_to_list(I, 36), 36) =:= I andalso binary_to_integer(integer_to_binary(I)) =:= I end, Is) end),
    t(int_io, fun() -> [{C, digest([lists:flatten(io_lib:format(C, [I])) || I <- Is])} || C <- ["~w", "~p", "~B", "~.16B", "~.2b", "~#", "~.36+", "~20.8B"]] end),
    t(int_string, fun() -> lists:all(fun(I) -> {I, []} =:= string:to_integer(integer_to_list(I)) end, Is) end),
    t(int_samples, fun() -> [integer_to_list(I, 16) || I <- lists:sublist(Is, 4)] end),
    t(arith_mix, fun() -> digest([{I div 7, I rem 7, I band 16#FFFF, I bsr 3, abs(I), -I} || I <- Is]) end),
    t(float_of_int, fun() -> digest([catch float(I) || I <- Is]) end),
    t(trunc_round, fun() -> digest([{trunc(F), round(F), floor(F), ceil(F)} || F <- Fs, abs(F) < 1.0e300]) end),
    ok.
