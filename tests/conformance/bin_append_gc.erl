%% Loops whose only allocations are BIF results (appends, bignums): the VM
%% must collect after such BIFs (laser once held every step in a heap
%% fragment until the next test_heap: 1.3 GB for this first loop). Also
%% handles kept across collections and appended to later (must copy, the
%% newer bytes stay invisible to them).
-module(bin_append_gc).
-export([main/0]).

app(0, B) -> B;
app(N, B) -> app(N - 1, <<B/binary, (N band 255), (N band 127)>>).

%% keep every 1000th handle; append to each afterwards
keep(0, B, Kept) -> {B, Kept};
keep(N, B, Kept) ->
    B1 = <<B/binary, N:24>>,
    keep(N - 1, B1, case N rem 1000 of 0 -> [B1 | Kept]; _ -> Kept end).

big(0, A) -> A;
big(N, A) -> big(N - 1, (A * 7 + N) rem (1 bsl 521)).

bits(0, B) -> B;
bits(N, B) -> bits(N - 1, <<B/bitstring, (N band 7):3>>).

main() ->
    B = app(1000000, <<>>),
    erlang:display({byte_size(B), erlang:phash2(B), binary:part(B, 0, 4), binary:part(B, byte_size(B), -4)}),
    {Last, Kept} = keep(50000, <<"start">>, []),
    erlang:display({byte_size(Last), length(Kept), [byte_size(K) || K <- lists:sublist(Kept, 3)]}),
    Grown = [<<K/binary, "end">> || K <- Kept],
    erlang:display({erlang:phash2(Grown), [binary:part(G, byte_size(G), -5) || G <- lists:sublist(Grown, 3)]}),
    erlang:display(erlang:phash2(Kept)),
    erlang:display(big(200000, 1) rem 1000000007),
    Bits = bits(100000, <<>>),
    erlang:display({bit_size(Bits), erlang:phash2(Bits)}),
    Comp = << <<X:16>> || X <- lists:seq(1, 300000) >>,
    erlang:display({byte_size(Comp), erlang:phash2(Comp)}).
