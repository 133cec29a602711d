%% json - a JSON encoder and decoder written in Erlang (maps, lists,
%% binaries with escapes and non-ASCII text, integers, floats, true/false/
%% null): encode a generated document to an iolist, flatten it, parse it back
%% and check the round trip. Binary matching, iolists, maps, recursion.
%% Size: number of records in the document. Result: encoded size and hash.
-module(json).
%% group: strings
%% quick: 2000
-define(DEFAULT_SIZE, 12000).
-define(ROUNDS, 3).
-include("bench.hrl").

run(N) ->
    Doc = #{<<"version">> => 1, <<"records">> => records(N, 5, []),
            <<"ok">> => true, <<"next">> => null},
    rounds(?ROUNDS, Doc, none).

rounds(0, _Doc, Result) -> Result;
rounds(R, Doc, _) ->
    Bin = iolist_to_binary(encode(Doc)),
    Doc = decode(Bin),
    rounds(R - 1, Doc, {byte_size(Bin), erlang:phash2(Bin)}).

records(0, _S, Acc) -> Acc;
records(N, S, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    Rec = #{<<"id">> => N,
            <<"name">> => name(S1),
            <<"score">> => (S1 rem 100000) / 64,
            <<"tags">> => [tag(T) || T <- lists:seq(1, S1 rem 4)],
            <<"active">> => S1 band 1 =:= 1,
            <<"delta">> => -(S1 rem 977),
            <<"geo">> => #{<<"lat">> => (S1 rem 18000) / 100 - 90.0,
                           <<"note">> => <<"tab\there \"q\" \\ naïve ✓"/utf8>>}},
    records(N - 1, S1, [Rec | Acc]).

name(S) -> iolist_to_binary(["user-", integer_to_list(S rem 10007)]).
tag(T) -> element(T, {<<"red">>, <<"grün"/utf8>>, <<"青"/utf8>>, <<"x\ny">>}).

%% Encoder ----------------------------------------------------------------

encode(true) -> <<"true">>;
encode(false) -> <<"false">>;
encode(null) -> <<"null">>;
encode(I) when is_integer(I) -> integer_to_binary(I);
encode(F) when is_float(F) -> float_to_binary(F, [short]);
encode(B) when is_binary(B) -> [$", escape(B, B, 0, 0, []), $"];
encode(L) when is_list(L) -> [$[, join([encode(X) || X <- L]), $]];
encode(M) when is_map(M) ->
    [${, join([[encode(K), $:, encode(V)] || {K, V} <- lists:sort(maps:to_list(M))]), $}].

join([]) -> [];
join([X | Xs]) -> [X | [[$, | Y] || Y <- Xs]].

%% Copy runs of plain bytes as sub-binaries; escape the rest.
escape(<<C, Rest/binary>>, Orig, Start, Len, Acc) when C =:= $"; C =:= $\\; C < 32 ->
    Acc1 = [Acc, binary:part(Orig, Start, Len), esc(C)],
    escape(Rest, Orig, Start + Len + 1, 0, Acc1);
escape(<<_, Rest/binary>>, Orig, Start, Len, Acc) ->
    escape(Rest, Orig, Start, Len + 1, Acc);
escape(<<>>, Orig, Start, Len, Acc) ->
    [Acc, binary:part(Orig, Start, Len)].

esc($") -> <<"\\\"">>;
esc($\\) -> <<"\\\\">>;
esc($\n) -> <<"\\n">>;
esc($\t) -> <<"\\t">>;
esc(C) -> io_lib:format("\\u~4.16.0b", [C]).

%% Decoder ----------------------------------------------------------------

decode(Bin) ->
    {V, Rest} = value(ws(Bin)),
    <<>> = ws(Rest),
    V.

ws(<<C, Rest/binary>>) when C =:= $\s; C =:= $\n; C =:= $\t; C =:= $\r -> ws(Rest);
ws(Bin) -> Bin.

value(<<"true", R/binary>>) -> {true, R};
value(<<"false", R/binary>>) -> {false, R};
value(<<"null", R/binary>>) -> {null, R};
value(<<$", R/binary>>) -> string(R, []);
value(<<$[, R/binary>>) -> array(ws(R), []);
value(<<${, R/binary>>) -> object(ws(R), []);
value(Bin) -> number(Bin, 0).

string(Bin, Acc) ->
    case plain(Bin, 0) of
        {N, <<$", _/binary>>} ->
            <<Run:N/binary, $", R/binary>> = Bin,
            {iolist_to_binary(lists:reverse(Acc, [Run])), R};
        {N, _} ->
            <<Run:N/binary, $\\, E, R/binary>> = Bin,
            case E of
                $u ->
                    <<Hex:4/binary, R1/binary>> = R,
                    string(R1, [<<(binary_to_integer(Hex, 16))/utf8>>, Run | Acc]);
                _ -> string(R, [unesc(E), Run | Acc])
            end
    end.

plain(Bin, N) ->
    case Bin of
        <<_:N/binary, C, _/binary>> when C =/= $", C =/= $\\ -> plain(Bin, N + 1);
        <<_:N/binary, Rest/binary>> -> {N, Rest}
    end.

unesc($") -> $";
unesc($\\) -> $\\;
unesc($/) -> $/;
unesc($n) -> $\n;
unesc($t) -> $\t;
unesc($r) -> $\r.

array(<<$], R/binary>>, []) -> {[], R};
array(Bin, Acc) ->
    {V, R} = value(ws(Bin)),
    case ws(R) of
        <<$,, R1/binary>> -> array(ws(R1), [V | Acc]);
        <<$], R1/binary>> -> {lists:reverse(Acc, [V]), R1}
    end.

object(<<$}, R/binary>>, []) -> {#{}, R};
object(<<$", Bin/binary>>, Acc) ->
    {K, R} = string(Bin, []),
    <<$:, R1/binary>> = ws(R),
    {V, R2} = value(ws(R1)),
    case ws(R2) of
        <<$,, R3/binary>> -> object(ws(R3), [{K, V} | Acc]);
        <<$}, R3/binary>> -> {maps:from_list([{K, V} | Acc]), R3}
    end.

%% Numbers: collect the characters, then convert as an integer or a float.
number(Bin, N) ->
    case Bin of
        <<_:N/binary, C, _/binary>> when C >= $0, C =< $9; C =:= $-; C =:= $+;
                                         C =:= $.; C =:= $e; C =:= $E ->
            number(Bin, N + 1);
        <<Num:N/binary, Rest/binary>> ->
            V = case binary:match(Num, [<<".">>, <<"e">>, <<"E">>]) of
                    nomatch -> binary_to_integer(Num);
                    _ -> binary_to_float(Num)
                end,
            {V, Rest}
    end.
