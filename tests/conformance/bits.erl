%% Bit syntax: construction (bs_create_bin) and matching (match states,
%% integers of every size and sign, binaries, floats, UTF-8/16/32, tails).
-module(bits).
-export([main/0]).

id(X) -> X.

parse(<<Len:16, Body:Len/binary, Rest/binary>>) -> {Body, Rest};
parse(_) -> bad.

ints(<<A:4, B:12/signed, C:32/little, D:64/signed-little, E:7, _/bits>>) -> {A, B, C, D, E}.

utf(<<C/utf8, R/binary>>, Acc) -> utf(R, [C | Acc]);
utf(<<>>, Acc) -> lists:reverse(Acc).

words(Bin) -> [W || <<W:16>> <= Bin].

main() ->
    A = id(200), B = id(-3), F = id(2.5), S = id(<<"hi">>),
    erlang:display(<<A, B:16, F/float, S/binary>>),
    erlang:display(<<A:3, B:5>>),
    erlang:display(<<(id(1 bsl 70)):80>>),
    erlang:display(<<(id(-1)):72/signed>>),
    erlang:display(<<(id(1234)):32/little>>),
    erlang:display(<<"caf", (id(233))/utf8, (id(8364))/utf16, (id(66))/utf32-little>>),
    erlang:display(parse(<<0, 3, "abcde">>)),
    erlang:display(parse(<<0, 9, "abc">>)),
    erlang:display(ints(<<16#AB, 16#CD, 1, 2, 3, 4, 255, 255, 255, 255, 255, 255, 255, 255, 16#FE, 1>>)),
    erlang:display(utf(unicode_bin(), [])),
    erlang:display(words(<<1, 2, 3, 4, 5, 6>>)),
    erlang:display([X || <<X:3>> <= <<255, 0>>]),
    erlang:display(<< <<(X * 2)>> || <<X>> <= <<1, 2, 3>> >>),
    <<P:32/float>> = <<(id(0.5)):32/float>>,
    erlang:display(P),
    <<Big:100>> = <<(id(1 bsl 99)):100>>,
    erlang:display(Big),
    erlang:display(byte_size(<<1, 2, 3>>)),
    erlang:display(bit_size(<<1:3>>)),
    erlang:display(case id(<<"prefix:rest">>) of <<"prefix:", R/binary>> -> R; _ -> no end),
    erlang:display(catch <<(id(a)):8>>).

unicode_bin() -> <<"h", 233/utf8, 8364/utf8, 128512/utf8>>.
