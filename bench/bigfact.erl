%% bigfact - N! computed twice, by a left-to-right product (one bignum times
%% a small integer, N times) and by a balanced product tree (bignum times
%% bignum), then converted to decimal: bignum multiplication at both ends of
%% the size range and integer_to_list on a huge number.
%% Size: N. Result: N! mod 2^61-1, its number of decimal digits, digit sum of
%% the first 1000 digits.
-module(bigfact).
%% group: bignum
-define(DEFAULT_SIZE, 25000).
-include("bench.hrl").

run(N) ->
    A = linear(N, 1),
    B = tree(1, N),
    A = B,
    Dec = integer_to_list(B),
    First = lists:sublist(Dec, 1000),
    {B rem ((1 bsl 61) - 1), length(Dec), lists:sum([C - $0 || C <- First])}.

linear(0, Acc) -> Acc;
linear(N, Acc) -> linear(N - 1, Acc * N).

%% Product of Lo..Hi, split in halves.
tree(Lo, Hi) when Lo > Hi -> 1;
tree(Lo, Lo) -> Lo;
tree(Lo, Hi) when Hi - Lo < 8 -> Lo * tree(Lo + 1, Hi);
tree(Lo, Hi) ->
    Mid = (Lo + Hi) div 2,
    tree(Lo, Mid) * tree(Mid + 1, Hi).
