%% The bit-syntax fast paths of both tiers (JIT inline code and the C
%% helpers' shortcuts): constant-size integer fields 1..64 bits at every
%% bit offset, big/little, signed/unsigned, fields that end exactly at the
%% end of a binary or of a sub binary inside a larger one; unaligned
%% string matches; bs_create_bin of integers, strings and binaries at
%% unaligned positions, appends in a loop, and bad values (badarg with the
%% same error_info as erl).
-module(bs_fast_paths).
-export([main/0]).

id(X) -> X.

-define(G(S), {S,
    fun(B, O) -> <<_:O, V:S, _/bits>> = B, V end,
    fun(B, O) -> <<_:O, V:S/signed, _/bits>> = B, V end,
    fun(B, O) -> <<_:O, V:S/little, _/bits>> = B, V end,
    fun(B, O) -> <<_:O, V:S/little-signed, _/bits>> = B, V end,
    fun(B, O) -> case B of <<_:O, V:S>> -> V; _ -> nomatch end end,
    fun(V, O) -> <<(id(5)):O, V:S, 1:1>> end,
    fun(V, O) -> <<(id(5)):O, V:S/little, 1:1>> end}).

getters() ->
    [?G(1), ?G(2), ?G(3), ?G(5), ?G(7), ?G(8), ?G(9), ?G(12), ?G(15), ?G(16), ?G(17),
     ?G(24), ?G(31), ?G(32), ?G(33), ?G(40), ?G(47), ?G(48), ?G(56), ?G(57), ?G(58),
     ?G(59), ?G(60), ?G(63), ?G(64)].

bytes(0, _S, Acc) -> list_to_binary(Acc);
bytes(N, S, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    bytes(N - 1, S1, [(S1 bsr 16) band 255 | Acc]).

fields() ->
    Bin = bytes(40, 7, []),
    Big = bytes(300, 11, []),
    lists:foreach(
      fun({S, GB, GBS, GL, GLS, GEnd, PB, PL}) ->
          R = [{GB(Bin, O), GBS(Bin, O), GL(Bin, O), GLS(Bin, O)} || O <- lists:seq(0, 17)],
          %% fields that end at the binary's end (and at a sub binary's
          %% end, inside a larger refc binary)
          Ends = [GEnd(binary:part(Bin, 0, L), L * 8 - S) || L <- lists:seq((S + 7) div 8, 12)],
          SubEnds = [begin <<_:Off, Sub:(S + 3)/bits, _/bits>> = Big, GEnd(Sub, 3) end
                     || Off <- [0, 1, 7, 8, 100, 2000, 2400 - S - 3]],
          Short = [GEnd(<<1:K>>, 0) || K <- [0, S - 1]],
          Vals = [0, 1, -1, 5, 255, -128, (1 bsl S) - 1, 1 bsl (S - 1), -(1 bsl (S - 1)),
                  16#123456789ABCDEF0, 1 bsl 70, -(1 bsl 70) + 3],
          Puts = [{PB(id(V), O), PL(id(V), O)} || V <- Vals, O <- [0, 1, 3, 8, 13]],
          RoundTrip = [begin <<_:O, X:S/signed, 1:1>> = PB(V, O), X end || V <- Vals, O <- [0, 5]],
          io:format("~p ~p ~p ~p ~p~n", [S, erlang:phash2(R), erlang:phash2(Puts), Short,
                                         erlang:phash2({Ends, SubEnds, RoundTrip})]),
          io:format("  ~p~n", [{hd(R), lists:last(R), lists:last(Ends), hd(SubEnds)}])
      end, getters()).

strings() ->
    B = <<"xx<td>abc</td><td>defghijklmnopq">>,
    T = [{O, m1(B, O), m2(B, O), m3(B, O), m4(B, O)} || O <- lists:seq(0, 40)],
    io:format("~p~n", [T]),
    U = <<1:3, "abcdefghij", 5:5>>,
    io:format("~p~n", [[case U of <<_:3, "abcdefghij", R/bits>> -> R; _ -> no end,
                        case U of <<_:3, "abcdefghiJ", R/bits>> -> R; _ -> no end,
                        case U of <<_:3, "ab", R/bits>> -> R; _ -> no end,
                        case U of <<_:3, "abcdefghij", 5:5>> -> yes; _ -> no end]]),
    io:format("~p~n", [[tds(Line, 0) || Line <- binary:split(id(<<"<td>a</td><td>\n<td><td>x<td\n<td>">>), <<"\n">>, [global])]]).

m1(B, O) -> case B of <<_:O/binary, "<td>", _/binary>> -> yes; _ -> no end.
m2(B, O) -> case B of <<_:O, 0:4, _/bits>> -> zero; <<_:O, 3:4, _/bits>> -> three; _ -> other end.
m3(B, O) -> case B of <<_:O/binary, "</td><td>def", R/binary>> -> R; _ -> no end.
m4(B, O) -> case B of <<_:O, "td", R/bits>> -> bit_size(R); _ -> no end.

tds(<<"<td>", Rest/binary>>, N) -> tds(Rest, N + 1);
tds(<<_, Rest/binary>>, N) -> tds(Rest, N);
tds(<<>>, N) -> N.

%% bs_create_bin: appends in a loop (in place), unaligned puts, strings,
%% binaries; bad segments.
enc(<<A:6, B:6, C:6, D:6, Rest/binary>>, Acc) ->
    enc(Rest, <<Acc/binary, (A + $0), (B + $0), (C + $0), (D + $0)>>);
enc(<<A:6, B:2>>, Acc) -> <<Acc/binary, (A + $0), (B + $0), "==">>;
enc(<<>>, Acc) -> Acc;
enc(<<X:8, Rest/binary>>, Acc) -> enc(Rest, <<Acc/binary, X:16/little>>).

bits_acc(<<A:6, Rest/binary>>, Acc) -> bits_acc(Rest, <<Acc/bits, A:6, 1:1>>);
bits_acc(<<A:2, Rest/bits>>, Acc) -> bits_acc(Rest, <<Acc/bits, A:2>>);
bits_acc(<<>>, Acc) -> Acc.

build() ->
    Bin = bytes(1000, 3, []),
    E = enc(Bin, <<>>),
    io:format("~p ~p~n", [byte_size(E), erlang:phash2(E)]),
    E2 = enc(binary:part(Bin, 0, 7), <<"pre">>),
    io:format("~p~n", [E2]),
    BA = bits_acc(Bin, <<1:1>>),
    io:format("~p ~p~n", [bit_size(BA), erlang:phash2(BA)]),
    %% two handles on one appendable binary: the older one must not change
    A0 = <<(id(<<"base">>))/binary, 1>>,
    A1 = <<A0/binary, 2, "xy">>,
    A2 = <<A0/binary, 3, "zw">>,
    io:format("~p~n", [{A0, A1, A2}]),
    V = id(300),
    io:format("~p~n", [[<<(id(7)):3, V:8, "str", (id(<<"bin">>))/binary, V:12/little>>,
                        <<V:16, (id(<<1:5>>))/bits, V:32/little-signed>>,
                        <<(id(-1)):8, (id(1 bsl 64)):8, (id(-(1 bsl 64))):72>>]]),
    Bad = [fun() -> <<(id(a)):8>> end,
           fun() -> <<(id(1.5)):8, 1>> end,
           fun() -> <<(id(<<1>>))/binary, (id(x)):8>> end,
           fun() -> <<(id(<<1:3>>))/binary, 1:8>> end,
           fun() -> <<(id(1)):(id(-1))>> end,
           fun() -> <<(id(1)):(id(a))>> end,
           fun() -> Acc = id(<<"acc">>), <<Acc/binary, (id(foo)):8>> end,
           fun() -> Acc = id(foo), <<Acc/binary, 1:8>> end,
           fun() -> Acc = id(<<1:4>>), <<Acc/binary, 1:8>> end],
    [io:format("~p~n", [try F() catch error:R:St -> {R, err_info(St)} end]) || F <- Bad],
    ok.

err_info([{_, _, _, Info} | _]) -> proplists:get_value(error_info, Info);
err_info(_) -> none.

main() ->
    fields(),
    strings(),
    build().
