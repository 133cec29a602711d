%% fannkuchredux - pancake flipping over all permutations of 1..N (the
%% benchmark game's algorithm, permutations in the same order): short lists
%% reversed and rebuilt constantly. Size: N. Result: {Checksum, MaxFlips}.
-module(fannkuchredux).
%% group: lists
-define(DEFAULT_SIZE, 10).
-include("bench.hrl").

run(N) ->
    loop(lists:seq(1, N), erlang:make_tuple(N, 0), N, N, 0, 0, 0).

%% Perm: the current permutation (a list); Count: the counters of the
%% rotation-based enumeration (a tuple, Count[r] at element r + 1);
%% R: the first counter to refill; Idx: permutation index (gives the sign).
loop(Perm, Count0, R, N, Idx, Sum, Max) ->
    Count = refill(R, Count0),
    F = flips(Perm, 0),
    Sum1 = case Idx band 1 of 0 -> Sum + F; 1 -> Sum - F end,
    Max1 = max(Max, F),
    case next(Perm, Count, 1, N) of
        done -> {Sum1, Max1};
        {Perm1, Count1, R1} -> loop(Perm1, Count1, R1, N, Idx + 1, Sum1, Max1)
    end.

refill(R, Count) when R =< 1 -> Count;
refill(R, Count) -> refill(R - 1, setelement(R, Count, R)).

flips([1 | _], F) -> F;
flips([K | _] = P, F) -> flips(flip(K, P, []), F + 1).

%% Reverse the first K elements onto the rest.
flip(0, Rest, Acc) -> Acc ++ Rest;
flip(K, [H | T], Acc) -> flip(K - 1, T, [H | Acc]).

%% Rotate the first R + 1 elements left by one and count down Count[R];
%% when that counter runs out, carry into the next position.
next(_Perm, _Count, R, N) when R =:= N -> done;
next(Perm, Count, R, N) ->
    Perm1 = rotate(Perm, R + 1),
    case element(R + 1, Count) - 1 of
        0 -> next(Perm1, setelement(R + 1, Count, 0), R + 1, N);
        C -> {Perm1, setelement(R + 1, Count, C), R}
    end.

rotate([H | T], K) -> rotate(K - 1, T, H).

rotate(0, Rest, H) -> [H | Rest];
rotate(K, [X | T], H) -> [X | rotate(K - 1, T, H)].
