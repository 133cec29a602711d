%% Binary appends in loops (in place on a writable refc binary), appends
%% to an older handle (must copy), binary comprehensions.
-module(binappend).
-export([main/0]).

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, <<Acc/binary, (N rem 256), "xy">>).

main() ->
    B = loop(200000, <<>>),
    erlang:display({byte_size(B), erlang:phash2(B), binary:part(B, 0, 6)}),
    Old = <<"abc">>,
    erlang:display({<<Old/binary, "d">>, <<Old/binary, "e">>}),
    C = loop(100, <<>>),
    C1 = <<C/binary, 1>>,
    C2 = <<C/binary, 2>>,
    C3 = <<C1/binary, 3>>,
    erlang:display({binary:last(C1), binary:last(C2), binary:last(C3), byte_size(C1), byte_size(C3)}),
    erlang:display(binary:part(C1, 0, 3) =:= binary:part(C2, 0, 3)),
    erlang:display(byte_size(<< <<X>> || X <- lists:seq(1, 100000) >>)),
    erlang:display(<< <<(X + $a)>> || X <- lists:seq(0, 25) >>),
    Bits = << <<X:3>> || X <- [1, 2, 3] >>,
    erlang:display(<<Bits/bits, 1:1>>).
