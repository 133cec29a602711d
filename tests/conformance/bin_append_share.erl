%% Appends to a growing binary whose handles are shared: kept elsewhere and
%% appended to again, matched (sub binaries and match contexts taken from
%% it, then the binary grown), sent to other processes and stored in ETS
%% while the owner keeps appending, across collections, unaligned
%% (bitstring) appends, large binaries, and bad segments raising badarg
%% with erl's error_info. Every handle must keep its own bytes.
-module(bin_append_share).
-export([main/0]).

grow(0, B) -> B;
grow(N, B) -> grow(N - 1, <<B/binary, (N band 255)>>).

%% A handle appended twice: the second append must copy.
forks() ->
    A = grow(300, <<"a">>),
    B = <<A/binary, "left">>,
    C = <<A/binary, "right">>,
    D = <<B/binary, "more">>,
    E = <<A/binary>>,
    F = <<E/binary, "e">>,
    [{byte_size(X), binary:part(X, byte_size(X), -5)} || X <- [A, B, C, D, F]]
        ++ [binary:part(A, 0, 301) =:= binary:part(C, 0, 301), byte_size(E)].

%% Match the accumulator while it grows: sub binaries taken before an
%% append keep their bytes; a match context over a handle sees its size.
matched(0, Acc, Subs) -> {byte_size(Acc), erlang:phash2(Acc), [S || S <- Subs]};
matched(N, Acc, Subs) ->
    Acc1 = <<Acc/binary, N:16>>,
    <<_:8, Mid:24/binary, _/binary>> = Acc1,
    Subs1 = case N rem 97 of 0 -> [Mid, tail_of(Acc1) | Subs]; _ -> Subs end,
    matched(N - 1, count(Acc1, N), Subs1).

tail_of(<<_:100/binary, T/binary>>) -> T;
tail_of(B) -> B.

%% Walk a prefix of Acc by matching, then return Acc itself (it stays the
%% handle that grows).
count(Acc, N) when N rem 50 =:= 0 ->
    <<H:8, _/binary>> = Acc,
    _ = walk(Acc, H),
    Acc;
count(Acc, _) -> Acc.

walk(<<X:8, Rest/binary>>, S) when byte_size(Rest) > 100 -> walk(Rest, S + X);
walk(_, S) -> S.

%% Send the growing binary mid-loop; both sides append afterwards.
sent() ->
    Self = self(),
    B0 = grow(1000, <<"s">>),
    Pid = spawn(fun() ->
                        receive {B, From} ->
                                B2 = grow(500, <<B/binary, "theirs">>),
                                From ! {self(), byte_size(B), erlang:phash2(B), byte_size(B2), erlang:phash2(B2)}
                        end
                end),
    Pid ! {B0, Self},
    B1 = grow(700, <<B0/binary, "mine">>),
    Theirs = receive {Pid, _, _, _, _} = M -> M end,
    {byte_size(B0), erlang:phash2(B0), byte_size(B1), erlang:phash2(B1), tl(tuple_to_list(Theirs))}.

%% Send every 100th handle to a collector while appending.
stream() ->
    Self = self(),
    C = spawn(fun() -> collect(Self, []) end),
    Last = stream(2000, <<>>, C),
    C ! done,
    Got = receive {collected, L} -> L end,
    {byte_size(Last), length(Got), erlang:phash2(Got),
     lists:all(fun(G) -> binary:part(Last, 0, byte_size(G)) =:= G end, Got)}.

stream(0, B, _) -> B;
stream(N, B, C) ->
    B1 = <<B/binary, N:8, "x">>,
    if N rem 100 =:= 0 -> C ! {bin, B1}; true -> ok end,
    stream(N - 1, B1, C).

collect(Parent, Acc) ->
    receive
        {bin, B} -> collect(Parent, [<<B/binary, "!">> | Acc]);
        done -> Parent ! {collected, [binary:part(B, 0, byte_size(B) - 1) || B <- lists:reverse(Acc)]}
    end.

%% ETS keeps a copy; appending afterwards must not change it.
ets_kept() ->
    T = ets:new(t, []),
    B = grow(400, <<>>),
    ets:insert(T, {k, B}),
    B1 = grow(400, B),
    [{k, Stored}] = ets:lookup(T, k),
    Stored2 = <<Stored/binary, "z">>,
    ets:delete(T),
    {byte_size(B), byte_size(B1), Stored =:= B, byte_size(Stored2), binary:last(Stored2)}.

%% Appends across collections (forced, and by heap growth).
gcs(0, B, Keep) -> {B, Keep};
gcs(N, B, Keep) ->
    B1 = <<B/binary, (N rem 256), (N div 256 rem 256)>>,
    Keep1 = case N rem 5000 of
                0 -> erlang:garbage_collect(), [B1 | Keep];
                _ -> Keep
            end,
    gcs(N - 1, B1, Keep1).

%% Unaligned appends, then aligned ones on the result, and back.
unaligned() ->
    B3 = bits(1001, <<>>),
    B4 = <<B3/bitstring, 1:5>>,
    B5 = <<B4/binary, "aligned again">>,
    B6 = grow(10, B5),
    B7 = << <<X:7>> || X <- lists:seq(1, 100) >>,
    B8 = <<B7/bitstring, 0:4>>,
    {bit_size(B3), erlang:phash2(B3), bit_size(B4), byte_size(B5), byte_size(B6),
     erlang:phash2(B6), bit_size(B7), bit_size(B8), is_binary(B8)}.

bits(0, B) -> B;
bits(N, B) -> bits(N - 1, <<B/bitstring, (N band 7):3>>).

%% Large binaries: a few appends of a megabyte each, and many small ones
%% to a large start.
large() ->
    M = binary:copy(<<"0123456789abcdef">>, 65536),
    L = lists:foldl(fun(I, Acc) -> <<Acc/binary, M/binary, I>> end, <<>>, lists:seq(1, 8)),
    S = grow(100000, M),
    {byte_size(L), erlang:phash2(L), byte_size(S), erlang:phash2(S),
     binary:part(S, byte_size(M) - 2, 4)}.

%% Bad segments: badarg with OTP's error_info cause.
bad() ->
    [catch_it(F) || F <- [fun() -> X = id(notbin), <<X/binary, 1>> end,
                          fun() -> X = id(<<1:3>>), <<X/binary, 1>> end,
                          fun() -> X = id(<<"ab">>), <<X/binary, (id(a)):8>> end,
                          fun() -> X = id(<<"ab">>), <<X/binary, (id(-1)):(id(-1))>> end,
                          fun() -> X = id([1]), << <<Y>> || Y <- X, _ <- id(x) >> end,
                          fun() -> X = id(<<"ab">>), <<X/binary, (id(1.5))/binary>> end]].

catch_it(F) ->
    try F() of V -> {ok, V}
    catch C:R:St ->
            Info = case St of
                       [{_, _, _, L} | _] -> proplists:get_value(error_info, L);
                       _ -> none
                   end,
            {C, R, Info}
    end.

id(X) -> X.

main() ->
    erlang:display(forks()),
    {Sz, H, Subs} = matched(3000, binary:copy(<<"m">>, 40), []),
    erlang:display({Sz, H, length(Subs), erlang:phash2(Subs)}),
    erlang:display(sent()),
    erlang:display(stream()),
    erlang:display(ets_kept()),
    {G, Kept} = gcs(60000, <<>>, []),
    erlang:display({byte_size(G), erlang:phash2(G), [byte_size(K) || K <- Kept], erlang:phash2(Kept)}),
    erlang:display(unaligned()),
    erlang:display(large()),
    [erlang:display(B) || B <- bad()],
    ok.
