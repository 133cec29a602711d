%% Integer segments of constant size at every bit offset (a leading
%% bitstring of 0..15 bits), with small, negative and large values, in
%% binaries long enough to hold an 8-byte word after the field and at their
%% very end: native code writes fields of up to 57 bits inline when the
%% word fits, the runtime writes the others. Also appends of such fields
%% to a growing bitstring, and a bad value.
-module(bs_put_fields).
-export([main/0, long/2, short/2, tail/2, wide/2, little/2]).

long(P, V) -> <<P/bits, V:1, V:3, V:6, V:7, V:9, V:12, V:17, V:24, V:31, V:33, V:48, V:57, 0:64>>.
short(P, V) -> <<P/bits, V:5, V:57>>.
tail(P, V) -> <<P/bits, V:13>>.
wide(P, V) -> <<P/bits, V:58, V:63, V:64, V:65, 0:64>>.
little(P, V) -> <<P/bits, V:16/little, V:24/little, V:32/little-signed, 0:64>>.
app(0, _, Acc) -> Acc;
app(N, V, Acc) -> app(N - 1, V + 7, <<Acc/bits, V:6, V:11, (V band 1):1>>).

id(X) -> X.

main() ->
    Pres = [<<0:N>> || N <- lists:seq(0, 15)] ++ [<<-1:N>> || N <- lists:seq(1, 9)],
    Vals = [0, 1, -1, 5, -77, 16#5A5A5A5A, -16#123456789, (1 bsl 56) + 3, (1 bsl 59) - 1, -(1 bsl 59),
            1 bsl 70, -(1 bsl 70) - 5],
    R = [{F, erlang:phash2([catch ?MODULE:F(id(P), id(V)) || P <- Pres, V <- Vals])}
         || F <- [long, short, tail, wide, little]],
    erlang:display(R),
    erlang:display(short(<<1:7>>, -1)),
    erlang:display(tail(<<>>, 16#1FFF)),
    erlang:display(long(<<3:2>>, -2)),
    A = app(5000, 1, <<1:3>>),
    erlang:display({bit_size(A), erlang:phash2(A)}),
    erlang:display([catch ?MODULE:F(id(<<>>), id(x)) || F <- [long, short, tail, wide, little]]),
    ok.
