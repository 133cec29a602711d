%% std_binary: the binary module (BIFs and binary.erl: encode_hex/decode_hex/replace/split/matches, ...) and base64, compared with erl.
-module(std_binary).
-export([main/0]).

%% Each result is formatted with ~p and ~w and gathered; the output goes
%% out in one io:put_chars at the end (a habit from when the interim I/O server lost
%% replies after 1000 requests).
t(Tag, F) ->
    R = try F() of V -> {ok, V} catch C:E -> {C, E} end,
    put(out, [io_lib:format("~p: ~p~n~w~n", [Tag, R, R]) | get_out()]).
get_out() -> case get(out) of undefined -> []; L -> L end.
flush() -> io:put_chars(lists:reverse(get_out())), put(out, []).

main() ->
    B = <<"hello world, hello erlang">>,
    t(match, fun() -> {binary:match(B, <<"hello">>), binary:match(B, [<<"erl">>, <<"wor">>]), binary:match(B, <<"zz">>),
                       binary:match(B, <<"hello">>, [{scope, {1, 20}}]), binary:matches(B, <<"l">>), binary:matches(B, [<<"he">>, <<"hello">>]),
                       binary:match(B, binary:compile_pattern(<<"o">>))} end),
    t(split, fun() -> {binary:split(B, <<" ">>), binary:split(B, <<" ">>, [global]), binary:split(B, [<<",">>, <<" ">>], [global, trim_all]),
                       binary:split(<<",a,,b,">>, <<",">>, [global, trim]), binary:split(<<>>, <<",">>)} end),
    t(replace, fun() -> {binary:replace(B, <<"hello">>, <<"bye">>), binary:replace(B, <<"hello">>, <<"bye">>, [global]),
                         binary:replace(B, <<"o">>, <<"[]">>, [global, {insert_replaced, 1}]), binary:replace(<<"aaa">>, <<"a">>, <<>>, [global])} end),
    t(parts, fun() -> {binary:part(B, 0, 5), binary:part(B, {6, 5}), binary:part(B, byte_size(B), -6), binary:at(B, 4), binary:first(B),
                       binary:last(B), binary:bin_to_list(B, 0, 3), binary:bin_to_list(B), binary:list_to_bin([1, [2, <<3>>]]),
                       binary:copy(<<"ab">>, 3), binary:referenced_byte_size(binary:part(B, 0, 2)) >= 2,
                       binary:longest_common_prefix([<<"abcd">>, <<"abxy">>]), binary:longest_common_suffix([<<"xyz">>, <<"ayz">>])} end),
    t(parts_bad, fun() -> binary:part(B, 20, 10) end),
    t(unsigned, fun() -> {binary:encode_unsigned(256), binary:encode_unsigned(256, little), binary:decode_unsigned(<<1, 0>>),
                          binary:decode_unsigned(<<1, 0>>, little), binary:encode_unsigned(1 bsl 100), binary:decode_unsigned(<<>>)} end),
    t(hex, fun() -> {binary:encode_hex(<<1, 171, 255>>), binary:decode_hex(<<"01abFF">>), binary:encode_hex(<<>>)} end),
    t(hex_bad, fun() -> binary:decode_hex(<<"abc">>) end),
    t(hex_bad2, fun() -> binary:decode_hex(<<"zz">>) end),
    t(bad, fun() -> binary:match(B, <<>>) end),
    t(b64, fun() -> {base64:encode(<<"hello">>), base64:encode("hi"), base64:decode(<<"aGVsbG8=">>), base64:decode("aGk="),
                     base64:encode_to_string(<<1, 2, 3, 4>>), base64:decode_to_string("AQIDBA=="), base64:mime_decode(<<"aGVs\r\nbG8=">>),
                     [base64:encode(binary:copy(<<"x">>, N)) || N <- lists:seq(0, 7)],
                     base64:decode(base64:encode(list_to_binary(lists:seq(0, 255)))) =:= list_to_binary(lists:seq(0, 255))} end),
    t(b64_bad, fun() -> base64:decode(<<"a">>) end),
    t(b64_bad2, fun() -> base64:decode(<<"!!!!">>) end),
    flush().
