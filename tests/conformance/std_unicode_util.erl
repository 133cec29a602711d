%% std_unicode_util: the unicode_util module that string.erl is built on:
%% gc/1 (grapheme cluster break), cp/1, casefold/lowercase/uppercase/
%% titlecase, nfd/nfc/nfkd/nfkc, whitespace/0, is_whitespace/1,
%% spec_version/0, on lists, binaries and bad input.
-module(std_unicode_util).
-export([main/0]).
-import(stdh, [tw/2]).

main() ->
    Strs = ["abc", "e\x{301}x", "\r\nx", "\x{1F468}\x{200D}\x{1F469}z", "\x{1F1F8}\x{1F1EA}\x{1F1EB}", "\x{AC00}\x{11A8}b", [], "\x{915}\x{94D}\x{937}i"],
    [tw({gc_list, I}, fun() -> all(fun unicode_util:gc/1, S) end) || {I, S} <- lists:zip(lists:seq(1, length(Strs)), Strs)],
    [tw({gc_bin, I}, fun() -> all(fun unicode_util:gc/1, unicode:characters_to_binary(S)) end) || {I, S} <- lists:zip(lists:seq(1, length(Strs)), Strs)],
    [tw({cp, I}, fun() -> all(fun unicode_util:cp/1, [S, unicode:characters_to_binary(S)]) end) || {I, S} <- lists:zip(lists:seq(1, length(Strs)), Strs)],
    tw(cp_bad, fun() -> [unicode_util:cp(X) || X <- [<<255>>, <<16#CE>>, [<<"a">>, "b"]]] end),
    tw(gc_bad, fun() -> unicode_util:gc(<<16#E2, 16#82>>) end),
    tw(case_fns, fun() -> [{F, [unicode_util:F(S) || S <- ["abc", "ABC", "\x{DF}x", "\x{3A3}", "\x{130}", "\x{1C5}", <<"x">>]]}
                           || F <- [casefold, lowercase, uppercase, titlecase]] end),
    tw(norm_fns, fun() -> [{F, [unicode_util:F(S) || S <- ["\x{E9}x", "e\x{301}", "\x{FB01}", "\x{AC00}", <<"\x{1E69}"/utf8>>]]}
                           || F <- [nfd, nfc, nfkd, nfkc]] end),
    tw(whitespace, fun() -> {unicode_util:whitespace(), [unicode_util:is_whitespace(C) || C <- [$\s, $\t, 16#A0, 16#3000, 16#85, $a, 16#200B]]} end),
    tw(spec, fun() -> unicode_util:spec_version() end),
    ok.

all(F, S) ->
    case F(S) of
        [] -> [];
        [C | R] -> [C | all(F, R)];
        {error, _} = E -> [E]
    end.
