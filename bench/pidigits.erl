%% pidigits - the first N decimal digits of pi by Gibbons' unbounded spigot
%% (the benchmark game's algorithm): bignum multiplication, addition and
%% division on numbers that grow to thousands of digits.
%% Size: number of digits. Result: digit sum, a hash of the digits and the
%% last ten digits.
-module(pidigits).
%% group: bignum
%% quick: 1000
-define(DEFAULT_SIZE, 3000).
-include("bench.hrl").

run(N) ->
    Ds = digits(N, 1, 0, 1, 0, []),
    {lists:sum(Ds), erlang:phash2(Ds), lists:nthtail(max(0, length(Ds) - 10), Ds)}.

%% Q, R, T: the linear fractional transform; K: terms consumed so far.
%% Each step takes one more term; a digit is emitted when floor(3) and
%% floor(4) of the transform agree.
digits(0, _Q, _R, _T, _K, Acc) -> lists:reverse(Acc);
digits(N, Q, R, T, K, Acc) ->
    K1 = K + 1,
    K2 = 2 * K1 + 1,
    R1 = (R + 2 * Q) * K2,
    T1 = T * K2,
    Q1 = Q * K1,
    if
        Q1 > R1 -> digits(N, Q1, R1, T1, K1, Acc);
        true ->
            D = (3 * Q1 + R1) div T1,
            case (4 * Q1 + R1) div T1 of
                D -> digits(N - 1, 10 * Q1, 10 * (R1 - D * T1), T1, K1, [D | Acc]);
                _ -> digits(N, Q1, R1, T1, K1, Acc)
            end
    end.
