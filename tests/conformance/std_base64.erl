%% std_base64: base64 encode/decode of binaries and lists for every length
%% mod 3, mime_decode (skipping illegal characters), padding rules, the
%% options of OTP 25 (none), and the errors for bad input.
-module(std_base64).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Ins = [<<>>, <<"f">>, <<"fo">>, <<"foo">>, <<"foob">>, <<"fooba">>, <<"foobar">>, <<0, 255, 254, 1>>, list_to_binary(lists:seq(0, 255))],
    [t({enc, I}, fun() -> E = base64:encode(In), {E, base64:encode_to_string(In), base64:decode(E), base64:decode_to_string(E),
                                                  base64:decode(binary_to_list(E)), base64:encode(binary_to_list(In))} end)
     || {I, In} <- lists:zip(lists:seq(1, length(Ins)), Ins)],
    t(mime, fun() -> [base64:mime_decode(X) || X <- [<<"Zm9v\r\nYmFy">>, <<"Zm9v YmFy">>, <<"Z!m@9#v$">>, <<"Zm9vYg==">>, <<"Zm9vYg=">>, <<"Zm9vYg">>,
                                                   <<"Zm==9v">>, <<"Zm9vYg==Zm9v">>, "Zm9v\tYmFy", <<"====">>]] end),
    t(mime_string, fun() -> base64:mime_decode_to_string(<<"SGVs bG8=">>) end),
    Bad = [<<"Zm9">>, <<"Zm9v!">>, <<"Z===">>, <<"Zm9vYg=">>, <<"Zm9vYg">>, <<"Zm 9v">>, <<"=Zm9">>, <<"Zm9vY===">>, "bad*", <<"Zm9\n">>],
    [t({bad, I}, fun() -> base64:decode(X) end) || {I, X} <- lists:zip(lists:seq(1, length(Bad)), Bad)],
    t(enc_bad, fun() -> base64:encode(atom) end),
    t(enc_bad_list, fun() -> base64:encode([256]) end),
    t(long, fun() -> B = list_to_binary([X rem 256 || X <- lists:seq(1, 10000)]), E = base64:encode(B), {byte_size(E), base64:decode(E) =:= B,
                                                                                                       base64:mime_decode(E) =:= B} end),
    ok.
