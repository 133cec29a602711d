%% bits_little.erl - little-endian integer segments whose size is not a
%% multiple of 8, built and matched (the whole low bytes come first, then
%% the high bits), signed and unsigned, at odd bit offsets.
-module(bits_little).
-export([main/0]).

main() ->
    Vals = [0, 1, 127, 128, 255, 256, 257, 1000, 32767, -1, -2, -129, -257, -32768,
            (1 bsl 40) + 12345, -(1 bsl 39) + 7, (1 bsl 70) + 3, -(1 bsl 69) - 5],
    Sizes = [1, 3, 7, 9, 12, 15, 17, 23, 33, 41, 63, 65, 71, 77],
    lists:foreach(
      fun(S) ->
              lists:foreach(
                fun(V) ->
                        B = <<V:S/little>>,
                        Bs = <<V:S/little-signed>>,
                        <<U:S/little>> = B,
                        <<Sg:S/little-signed>> = Bs,
                        %% at an odd offset
                        <<_:3, U2:S/little, _:5>> = <<5:3, B/bits, 9:5>>,
                        erlang:display({S, V, B, U, Sg, U2})
                end, Vals)
      end, Sizes),
    erlang:display(<<X:15/little, _:1>> = <<1, 2>>),
    erlang:display(X),
    erlang:display(<<257:15/little>>).
