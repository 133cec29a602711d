%% bs_fuzz - the Erlang side of tests/fuzz/fuzz_bitsyntax.c: matches a
%% fuzz-provided bitstring against many kinds of bit-syntax segments, so
%% the interpreter's binary-matching instructions see arbitrary data at
%% every bit alignment. run/2 never raises for a bitstring argument: every
%% function has a catch-all clause, so an exception means a VM bug.
-module(bs_fuzz).
-export([run/2]).

run(Skip, Bin) when is_integer(Skip), Skip >= 0, bit_size(Bin) >= Skip ->
    <<_:Skip, R/bits>> = Bin,
    [ints(R), sized(R), floats(R), utf(R), bits(R), wide(R), lits(R),
     units(R), exprs(R), utf_loop(R, []), bits_loop(R, 0, []),
     [X || <<X:7/signed>> <= R],
     << <<X:5>> || <<X:3>> <= R >>,
     [{A, B} || <<A:4, B:4/little>> <= R],
     [U || <<U/utf8>> <= R],
     tail(R), nested(R)];
run(_, _) -> bad.

ints(<<X:8, Y:16/little, Z:32/signed-big, W:3, V:5, Rest/bits>>) ->
    {X, Y, Z, W, V, bit_size(Rest)};
ints(<<X:1, Y:15/signed-little, _/binary>>) -> {X, Y};
ints(<<X/signed-native, _/bits>>) -> X;
ints(_) -> no.

%% sizes read from the data itself
sized(<<N:4, X:N/unit:8-binary, Y:N/integer-signed-little, T/bits>>) -> {X, Y, T};
sized(<<N:8, B:N/bits, R/bits>>) -> {B, R};
sized(<<N:3, X:N/unit:3-signed-native, 1:1, 0:1, _/binary>>) -> {N, X};
sized(<<N:5, _:N/binary, Rest/binary>>) -> Rest;
sized(_) -> no.

floats(<<F:32/float, G:64/float-little, H:16/float, _/bits>>) -> {F, G, H};
floats(<<F:64/float, _/bits>>) -> F;
floats(<<_:3, F:16/float-little, _/bits>>) -> F;
floats(<<N:2, F:(16 * (N + 1))/float, _/bits>>) -> F;
floats(_) -> no.

utf(<<U/utf8, V/utf16, W/utf32-little, T/binary>>) -> {U, V, W, T};
utf(<<U/utf16-little, V/utf32, _/bits>>) -> {U, V};
utf(<<U/utf8, _/bits>>) -> U;
utf(<<U/utf32-big, _/bits>>) -> U;
utf(_) -> no.

bits(<<A:1, B:2, C:3, D:4, E:5, F:6, G:7, H:9, R/bitstring>>) ->
    {A, B, C, D, E, F, G, H, R};
bits(<<A:1/bits, B:3/bitstring, R/bits>>) -> {A, B, R};
bits(_) -> no.

%% integers wider than a small: bignums of every width and endianness
wide(<<X:64/signed, Y:72/unsigned, Z:13/signed-little, _/bits>>) -> {X, Y, Z};
wide(<<_:1, X:100/signed, _/bits>>) -> X;
wide(<<X:61/signed-little, Y:127/little, _/bits>>) -> {X, Y};
wide(<<N:8, X:N/unit:7-integer, _/bitstring>>) -> X;
wide(<<N:6, X:N/unit:13-signed-little, _/bitstring>>) -> X;
wide(_) -> no.

lits(<<"ab", X, "c", _/binary>>) -> {ab, X};
lits(<<1:1, 0:1, 7:3, X:3, _/bits>>) -> X;
lits(<<-1:8/signed, X:2/little-signed-integer-unit:8, _/bits>>) -> X;
lits(<<1.5:32/float, _/bits>>) -> float;
lits(<<$x/utf8, _/bits>>) -> x;
lits(_) -> no.

units(<<X:3/binary-unit:8, _:2/unit:4, R/binary-unit:16>>) -> {X, R};
units(<<X:2/unit:5, R/bits>>) -> {X, R};
units(<<R/binary-unit:32>>) -> byte_size(R);
units(_) -> no.

exprs(<<N:4, M:4, X:(N * M)/bits, Y:(N + M)/signed, _/bits>>) -> {X, Y};
exprs(<<N:8, _/bits>> = B) when N > 200 -> bit_size(B) rem 7;
exprs(<<N:8, _:(N - 100)/bits, R/bits>>) -> R;
exprs(_) -> no.

utf_loop(<<C/utf8, R/bits>>, Acc) -> utf_loop(R, [C | Acc]);
utf_loop(<<C/utf16-little, R/bits>>, Acc) -> utf_loop(R, [{u16, C} | Acc]);
utf_loop(R, Acc) -> {lists:reverse(Acc), R}.

%% three-bit steps: every alignment of a growing bit offset
bits_loop(<<B:3, R/bits>>, N, Acc) when N < 5000 -> bits_loop(R, N + 1, [B | Acc]);
bits_loop(R, N, Acc) -> {N, length(Acc), R}.

tail(B) when is_binary(B) -> {binary, byte_size(B)};
tail(<<_:1, R/bits>>) -> {bits, bit_size(R), is_binary(R)};
tail(_) -> no.

%% a match context passed to another function and matched again
nested(<<X:5, R/bits>>) -> nested2(X, R);
nested(_) -> no.
nested2(0, _) -> zero;
nested2(X, B) ->
    case B of
        <<Y:X, R/bits>> -> {Y, nested(R)};
        R -> {short, R}
    end.
