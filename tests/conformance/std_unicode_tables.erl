%% std_unicode_tables: unicode_util's generated tables over whole ranges of
%% code points (every plane-0 and plane-1 code point in steps): case
%% mappings, casefold, decompositions (nfd/nfkd), grapheme-break classes via
%% gc/1 on pairs, whitespace and printable classification, as digests plus
%% samples; the tables are huge module literals, so this also exercises
%% literal access and collections of data referring to them.
-module(std_unicode_tables).
-export([main/0]).
-import(stdh, [t/2]).

cps(Step) -> [C || C <- lists:seq(0, 16#2FFFF, Step), C < 16#D800 orelse C > 16#DFFF].

main() ->
    Cs = cps(29),
    t(count, fun() -> length(Cs) end),
    [t({F, digest}, fun() -> erlang:phash2([unicode_util:F([C]) || C <- Cs]) end) || F <- [uppercase, lowercase, titlecase, casefold]],
    [t({F, digest}, fun() -> erlang:phash2([unicode_util:F([C]) || C <- Cs]) end) || F <- [nfd, nfkd, nfc, nfkc]],
    t(changed_by_upper, fun() -> length([C || C <- Cs, unicode_util:uppercase([C]) =/= [C]]) end),
    t(samples_upper, fun() -> [{C, unicode_util:uppercase([C])} || C <- [16#DF, 16#149, 16#1F0, 16#390, 16#587, 16#1E96, 16#FB00, 16#1F80]] end),
    t(samples_nfkd, fun() -> [{C, unicode_util:nfkd([C])} || C <- [16#A0, 16#BD, 16#2002, 16#FB01, 16#3300, 16#FDFA, 16#1D400, 16#2460]] end),
    t(gc_pairs, fun() -> erlang:phash2([unicode_util:gc([A, B]) || A <- lists:seq(0, 16#3FF, 37), B <- [16#300, 16#200D, $a, 16#1100, 16#AC00, 16#1F3FB, 16#D, 16#A]]) end),
    t(gc_samples, fun() -> [unicode_util:gc(S) || S <- [[16#1100, 16#1161, 16#11A8, $x], [16#1F1E6, 16#1F1E8, 16#1F1E6], [16#915, 16#94D, 16#915], [$a, 16#300, 16#301]]] end),
    t(whitespace, fun() -> [C || C <- lists:seq(0, 16#3000), unicode_util:is_whitespace(C)] end),
    t(printable, fun() -> {length([C || C <- Cs, io_lib:printable_unicode_list([C])]), length([C || C <- lists:seq(0, 255), io_lib:printable_latin1_list([C])])} end),
    t(string_length, fun() -> string:length(Cs) end),
    t(string_casefold_bin, fun() -> B = unicode:characters_to_binary(lists:sublist(Cs, 1000)), erlang:phash2(string:casefold(B)) end),
    ok.
