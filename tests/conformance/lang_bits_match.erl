%% Binary matching: variable sizes bound earlier in the same pattern, size
%% expressions, binary/bits tails, sub-binaries (of sub-binaries), skips,
%% matching in function heads with several clauses (match context reuse),
%% bs_get_tail and position save/restore, unit on binary segments, and
%% parsing a TLV stream.
-module(lang_bits_match).
-export([main/0]).

id(X) -> X.

tlv(<<T:8, L:16, V:L/binary, Rest/binary>>, Acc) -> tlv(Rest, [{T, V} | Acc]);
tlv(<<>>, Acc) -> lists:reverse(Acc);
tlv(Bad, Acc) -> {error, Bad, lists:reverse(Acc)}.

clauses(<<1, X:8, _/binary>>) -> {one, X};
clauses(<<2, X:16, _/binary>>) -> {two, X};
clauses(<<_:4, 15:4, X/binary>>) -> {low15, X};
clauses(<<X:3/binary, "end">>) -> {ending, X};
clauses(<<X, X, _/binary>>) -> {same, X};
clauses(<<_/binary>>) -> other.

split(Bin, Sep) -> split(Bin, Sep, <<>>, []).
split(<<>>, _, Cur, Acc) -> lists:reverse([Cur | Acc]);
split(<<C, Rest/binary>>, C, Cur, Acc) -> split(Rest, C, <<>>, [Cur | Acc]);
split(<<C, Rest/binary>>, Sep, Cur, Acc) -> split(Rest, Sep, <<Cur/binary, C>>, Acc).

count_bits(<<>>, N) -> N;
count_bits(<<1:1, R/bits>>, N) -> count_bits(R, N + 1);
count_bits(<<0:1, R/bits>>, N) -> count_bits(R, N).

main() ->
    Stream = <<1, 3:16, "abc", 2, 0:16, 3, 5:16, 1, 2, 3, 4, 5>>,
    io:format("~p~n", [tlv(id(Stream), [])]),
    io:format("~p~n", [tlv(id(<<Stream/binary, 9, 10:16, "short">>), [])]),
    io:format("~p~n", [[clauses(id(B)) || B <- [<<1, 2, 3>>, <<2, 1, 0>>, <<16#1F, "x">>, <<"xyzend">>, <<7, 7>>, <<9>>, <<>>]]]),
    io:format("~p~n", [split(id(<<"a,bc,,def,">>), $,)]),
    io:format("~p~n", [count_bits(id(<<16#F0F0F0F0:32, 5:3>>), 0)]),
    <<Len:8, Data:Len/binary, Tail/bits>> = id(<<3, "xyz", 1:2>>),
    io:format("~p~n", [{Len, Data, Tail, bit_size(Tail)}]),
    <<A:2/binary-unit:16, B/binary-unit:8>> = id(<<"abcdefg">>),
    io:format("~p~n", [{A, B}]),
    Sub = binary:part(id(<<"0123456789">>), 2, 6),
    <<_:8, Sub2:4/binary, _/binary>> = Sub,
    <<_:1/binary, Sub3/binary>> = Sub2,
    io:format("~p~n", [{Sub, Sub2, Sub3, binary:referenced_byte_size(Sub3) >= 3}]),
    Sz = id(2),
    <<P:(Sz * 4), Q:(Sz + 2)/unit:2, R/binary>> = id(<<16#AB, 16#CD, 16#EF, 1>>),
    io:format("~p~n", [{P, Q, R}]),
    <<_:16, Skip/binary>> = id(<<1, 2, 3, 4>>),
    io:format("~p~n", [Skip]),
    F = fun(<<"GET ", Path/binary>>) -> {get, Path}; (<<"POST ", Path/binary>>) -> {post, Path}; (_) -> unknown end,
    io:format("~p~n", [[F(id(X)) || X <- [<<"GET /a">>, <<"POST /b">>, <<"PUT /c">>, <<"GET">>]]]),
    io:format("~p~n", [[case id(X) of <<H:1, _:7>> -> H; <<>> -> empty; _ -> bits end || X <- [<<128>>, <<1>>, <<>>, <<1:3>>]]]),
    Big = binary:copy(<<"0123456789">>, 10000),
    io:format("~p~n", [{byte_size(Big), count(Big, $5, 0)}]),
    io:format("~p~n", [[lang_util:trim(catch (fun(<<X:S>>) -> X end)(<<5>>)) || S <- [8, 4, -1]]]).

count(<<C, R/binary>>, C, N) -> count(R, C, N + 1);
count(<<_, R/binary>>, C, N) -> count(R, C, N);
count(<<>>, _, N) -> N.
