%% std_unicode: the unicode module (characters_to_list/binary between encodings, normalisation forms, bom handling), compared with erl.
-module(std_unicode).
-export([main/0]).

%% Each result is formatted with ~p and ~w and gathered; the output goes
%% out in one io:put_chars at the end (see
%% tests/conformance/pending/io_many_requests.erl).
t(Tag, F) ->
    R = try F() of V -> {ok, V} catch C:E -> {C, E} end,
    put(out, [io_lib:format("~p: ~p~n~w~n", [Tag, R, R]) | get_out()]).
get_out() -> case get(out) of undefined -> []; L -> L end.
flush() -> io:put_chars(lists:reverse(get_out())), put(out, []).

main() ->
    S = [$a, 16#e5, 16#3b1, 16#1F600, $z],
    t(to_bin, fun() -> {unicode:characters_to_binary(S), unicode:characters_to_binary(S, unicode, utf16),
                        unicode:characters_to_binary(S, unicode, {utf16, little}), unicode:characters_to_binary(S, unicode, utf32),
                        unicode:characters_to_binary("åäö", latin1, utf8), unicode:characters_to_binary(S, unicode, latin1),
                        unicode:characters_to_binary([<<"ab">>, [$c, <<"é"/utf8>>]]), unicode:characters_to_binary(<<"abc">>, latin1)} end),
    t(to_list, fun() -> {unicode:characters_to_list(<<"aå"/utf8>>), unicode:characters_to_list(<<0, 97, 0, 229>>, utf16),
                         unicode:characters_to_list(<<97, 0, 0, 0>>, {utf32, little}), unicode:characters_to_list(<<229>>, latin1),
                         unicode:characters_to_list(<<"a", 255, "b">>), unicode:characters_to_list(<<"a", 16#c3>>),
                         unicode:characters_to_list([$a, -1])} end),
    t(to_list_bad, fun() -> unicode:characters_to_list(an_atom) end),
    t(norm, fun() -> {unicode:characters_to_nfc_list("e\x{301}"), unicode:characters_to_nfd_list("é"),
                      unicode:characters_to_nfkc_list("ﬁ"), unicode:characters_to_nfkd_binary(<<"ﬁ"/utf8>>),
                      unicode:characters_to_nfc_binary(<<"A\x{30a}"/utf8>>), unicode:characters_to_nfd_binary("Å")} end),
    t(bom, fun() -> {unicode:encoding_to_bom(utf8), unicode:encoding_to_bom({utf16, big}), unicode:encoding_to_bom({utf32, little}),
                     unicode:bom_to_encoding(<<16#EF, 16#BB, 16#BF, "x">>), unicode:bom_to_encoding(<<16#FF, 16#FE, 0, 0>>),
                     unicode:bom_to_encoding(<<"plain">>)} end),
    t(big, fun() -> L = lists:seq(32, 3000), B = unicode:characters_to_binary(L), {byte_size(B), unicode:characters_to_list(B) =:= L,
                                                                                 unicode:characters_to_list(unicode:characters_to_binary(L, unicode, utf16), utf16) =:= L} end),
    t(surrogate, fun() -> unicode:characters_to_binary([16#D800]) end),
    flush().
