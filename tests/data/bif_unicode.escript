#!/usr/bin/env escript
%% bif_unicode.escript OUT - erl's outcomes for unicode:characters_to_binary/2,
%% characters_to_list/2 and bin_is_7bit/1 (runtime/bif/unicode.c); replayed by
%% tests/unit/test_bif_unicode.c. Inputs stay below OTP's conversion slice
%% (about 40000 characters), past which erl's Rest of an error depends on
%% where it yielded (see unicode.c).
-mode(compile).
-include("bif_cases.hrl").

encodings() ->
    [latin1, unicode, utf8, utf16, {utf16, big}, {utf16, little}, utf32, {utf32, big}, {utf32, little}].

main([Out]) ->
    rand:seed(exsss, {3, 5, 7}),
    Bad = [foo, {utf16, middle}, {utf8, big}, {latin1, little}, {utf32}, "utf8"],
    Inputs = fixed_inputs(),
    Cases = [{unicode, F, [I, E]} || F <- [characters_to_binary, characters_to_list],
                                     I <- Inputs, E <- encodings()] ++
            [{unicode, F, [<<"abc">>, E]} || F <- [characters_to_binary, characters_to_list], E <- Bad] ++
            [{unicode, F, [I, E]} || F <- [characters_to_binary, characters_to_list],
                                     E <- encodings(), I <- random_inputs(E)] ++
            [{unicode, bin_is_7bit, [B]} || B <- [<<>>, <<"abc">>, <<127>>, <<128>>, <<"ab", 200>>, <<1:3>>,
                                                  <<"a", 1:7>>, a, "abc", [<<"a">>], 1]],
    write_cases(Out, Cases).

big_text() -> unicode:characters_to_binary(lists:seq(16#20, 16#7E) ++ lists:seq(16#3B1, 16#3C9) ++ [16#1F600]).

fixed_inputs() ->
    Utf8 = <<"h", 16#C3, 16#A9, "llo ", 16#E2, 16#82, 16#AC, " ", 16#F0, 16#9F, 16#98, 16#80>>,
    Wide = fun(E) -> unicode:characters_to_binary([104, 233, 8364, 128512], unicode, E) end,
    [<<>>, [], "abc", <<"abc">>, [<<"abc">>], Utf8, [Utf8], [Utf8, Utf8], [[[Utf8]]],
     [104, 233, 8364, 128512], [104, [233, [8364]], <<"x">> | <<"y">>],
     [-1], [256], [16#D800], [16#DFFF], [16#10FFFF], [16#110000], [1 bsl 64], [-(1 bsl 64)], [1 | 2],
     [a], a, 1, 1.5, {<<"a">>}, [1.5], [<<"a">>, 1 bsl 64 | a], [<<"a">>, [1 bsl 64] | a],
     [<<"a">>, [1 bsl 64], <<1:3>>], [<<"a">>, <<1:3>>, 1 bsl 64], [<<"a">>, [], 1 bsl 64], [<<16#C3>>, 1 bsl 64],
     <<1:3>>, [<<1:3>>], <<"ab", 1:3>>, [[1, -1, 2], 3], [[1, 256, 2], 3], [<<"ab">>, [[<<"c">>, -1] | <<"d">>], "e"],
     %% broken and cut UTF-8, alone and spread over binaries
     <<255>>, <<"a", 255, "b">>, <<"a", 16#E0, 16#41>>, <<"a", 16#E0, 16#A0>>, <<"a", 16#C3>>, <<16#F0, 16#9F>>,
     <<16#F0, 16#9F, 16#98>>, <<16#F4, 16#90, 16#80, 16#80>>, <<16#F5, 16#80, 16#80, 16#80>>, <<16#C0, 16#80>>,
     <<16#C1, 16#BF>>, <<16#E0, 16#80, 16#80>>, <<16#ED, 16#A0, 16#80>>, <<16#ED, 16#9F, 16#BF>>, <<16#80>>,
     <<16#F0, 16#80>>, <<16#F8>>, <<16#E0>>, <<16#C3, 16#41>>, <<16#F0, 16#9F, 16#41>>,
     [<<16#C3>>, <<16#A9>>], [<<16#C3>>, <<"a">>], [<<"a", 16#E0, 16#A0>>], [<<"a", 16#E0, 16#A0>>, 1],
     [<<16#F0>>, <<16#9F>>, <<16#98>>, <<16#80>>], [<<16#F0>>, [<<16#9F, 16#98>>], <<16#80, "z">>],
     [<<16#F0>>, <<16#9F>>, 65], [<<16#E2, 16#82>>, <<>>, <<16#AC>>], [<<16#E2>> | <<16#82, 16#AC>>],
     [<<16#E2>>, <<16#41, 16#42>>], [<<"x", 16#E2>>, <<16#82>>], [[<<16#E2>>], [<<16#82>>]],
     %% UTF-16 and UTF-32 material, whole and cut
     Wide(utf16), Wide({utf16, little}), Wide(utf32), Wide({utf32, little}),
     [Wide(utf16), Wide(utf16)], [Wide(utf32), [Wide(utf32)]],
     <<16#D8, 16#00>>, <<16#D8>>, <<16#D8, 16#00, 16#DC>>, <<16#D8, 16#00, 16#DC, 16#00>>, <<16#DC, 16#00>>,
     <<16#D8, 16#00, 16#00, 16#41>>, <<0>>, <<0, 0>>, <<0, 0, 0>>, <<0, 16, 255>>, <<0, 17, 0>>, <<0, 0, 16#D8>>,
     <<16#FF, 16#FE, 0>>, <<0, 16#D8, 0>>, <<0, 16#DC, 16#00, 16#00>>, <<0, 16#D8, 0, 16#DC>>,
     [<<16#D8>>, <<0, 16#DC, 0>>], [<<16#D8>>, <<0, 16#41, 0>>], [<<16#D8, 0>>, <<16#DC>>, <<0, 0, 65>>],
     [<<16#D8>>, 65], [<<0>>, <<0, 0, 65>>], [<<0, 0>>, [<<0>>], <<65>>], [<<0>> | <<0, 0, 65, 0>>],
     [<<0>> | <<0>>], [<<16#D8>>, []], [<<16#D8>>, [[]], <<0>>], [<<0, 65, 0>>, 66, <<0>>],
     %% long binaries: ml_map splits them at 8192 bytes
     binary:copy(<<0, 65>>, 5000), [binary:copy(<<0, 65>>, 5000), <<0>>],
     <<(binary:copy(<<0, 65>>, 4095))/binary, 0, 16#D8, 16#DC, 0, 0, 65>>,
     <<(binary:copy(<<0, 65>>, 4096))/binary, 16#DC, 0>>, [<<(binary:copy(<<0, 65>>, 4500))/binary, 16#DC, 0>>, "z"],
     <<(binary:copy(<<"a">>, 9000))/binary, 255>>, binary:copy(big_text(), 40),
     [binary:copy(<<0, 0, 0, 65>>, 3000) | <<0, 0>>]].

%% Random chardata: text encoded in E (or code points), cut or damaged at
%% random, spread over nested lists.
random_inputs(E) ->
    [random_chardata(E) || _ <- lists:seq(1, 120)].

random_chardata(E) ->
    Chars = [random_char() || _ <- lists:seq(1, rand:uniform(6))],
    Enc = case E of latin1 -> latin1; unicode -> utf8; _ -> E end,
    Bin = case unicode:characters_to_binary(Chars, unicode, Enc) of
              B when is_binary(B) -> B;
              {error, B, _} -> B
          end,
    Damaged = damage(Bin),
    Pieces = split_random(Damaged),
    nest([case rand:uniform(6) of 1 -> random_char(); 2 -> random_bad_int(); _ -> P end || P <- Pieces]).

random_char() ->
    case rand:uniform(5) of
        1 -> rand:uniform(127);
        2 -> 127 + rand:uniform(128);
        3 -> 16#100 + rand:uniform(16#700);
        4 -> 16#E000 + rand:uniform(16#1000);
        5 -> 16#10000 + rand:uniform(16#1000)
    end.

random_bad_int() ->
    lists:nth(rand:uniform(4), [-1, 16#D800, 16#110000, 300]).

damage(B) ->
    case rand:uniform(4) of
        1 when byte_size(B) > 0 -> binary:part(B, 0, rand:uniform(byte_size(B)) - 1);
        2 when byte_size(B) > 0 ->
            P = rand:uniform(byte_size(B)) - 1,
            <<Pre:P/binary, _, Post/binary>> = B,
            <<Pre/binary, (rand:uniform(256) - 1), Post/binary>>;
        _ -> B
    end.

split_random(<<>>) -> [];
split_random(B) ->
    N = rand:uniform(byte_size(B)),
    <<P:N/binary, R/binary>> = B,
    [P | split_random(R)].

nest([]) -> [];
nest([X]) ->
    case rand:uniform(3) of 1 -> X; _ -> [X] end;
nest([X | T]) ->
    case rand:uniform(4) of
        1 -> [[X] | nest(T)];
        2 -> [X, nest(T)];
        3 when is_binary(X) -> [nest(T) | X];
        _ -> [X | case nest(T) of L when is_list(L) -> L; Y -> [Y] end]
    end.
