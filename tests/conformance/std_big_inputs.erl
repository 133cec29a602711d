%% std_big_inputs: BIF-backed stdlib calls on large inputs, where erts
%% yields (traps) in the middle of a call: unicode conversions of
%% megabyte data, re:run/replace/split global over long subjects,
%% binary:matches/replace/split, zlib on a few megabytes, iolist_to_binary
%% and list_to_binary on deep lists; results as sizes and digests.
-module(std_big_inputs).
-export([main/0]).
-import(stdh, [t/2]).
%% stress: skip (collections at every allocation over megabyte inputs take minutes)

main() ->
    Txt = lists:append(lists:duplicate(20000, "h\x{E9}llo \x{3B1}\x{3B2} w\x{F6}rld\n")),
    Bin = unicode:characters_to_binary(Txt),
    t(uni_bin, fun() -> {byte_size(Bin), erlang:md5(Bin)} end),
    t(uni_list, fun() -> L = unicode:characters_to_list(Bin), {length(L), L =:= Txt} end),
    t(uni_utf16, fun() -> B16 = unicode:characters_to_binary(Bin, utf8, utf16), {byte_size(B16), unicode:characters_to_binary(B16, utf16, utf8) =:= Bin} end),
    t(uni_nfd, fun() -> D = unicode:characters_to_nfd_binary(Bin), {byte_size(D), unicode:characters_to_nfc_binary(D) =:= Bin} end),
    t(uni_bad_late, fun() -> unicode:characters_to_list(<<Bin/binary, 255, "tail">>) =/= x end),
    t(uni_bad_late_where, fun() -> {error, Good, Rest} = unicode:characters_to_list(<<Bin/binary, 255, "tail">>), {length(Good), Rest} end),
    t(re_global, fun() -> {match, Ms} = re:run(Bin, "\\w+", [global, unicode]), {length(Ms), lists:last(Ms)} end),
    t(re_count_lines, fun() -> {match, Ms} = re:run(Bin, "\n", [global]), length(Ms) end),
    t(re_replace, fun() -> R = re:replace(Bin, "o", "0", [global, {return, binary}]), {byte_size(R), erlang:md5(R)} end),
    t(re_split, fun() -> Parts = re:split(Bin, "\n", [trim]), {length(Parts), hd(Parts)} end),
    t(re_backtrack_limit, fun() -> re:run(binary:copy(<<"a">>, 5000), "(a|aa)*c", [{match_limit, 100000}]) end),
    t(bin_matches, fun() -> {length(binary:matches(Bin, <<"l">>)), length(binary:matches(Bin, [<<"ll">>, <<"\n">>]))} end),
    t(bin_replace, fun() -> R = binary:replace(Bin, <<"l">>, <<"LL">>, [global]), {byte_size(R), erlang:md5(R)} end),
    t(bin_split, fun() -> length(binary:split(Bin, <<" ">>, [global])) end),
    t(zlib_big, fun() -> Z = zlib:compress(Bin), {byte_size(Z) < byte_size(Bin), zlib:uncompress(Z) =:= Bin, erlang:crc32(Bin), erlang:adler32(Bin)} end),
    t(gzip_big, fun() -> G = zlib:gzip(binary:copy(Bin, 3)), byte_size(zlib:gunzip(G)) end),
    t(iolist, fun() -> D = [[<<"ab">>, [$c, [<<"d">>]]] || _ <- lists:seq(1, 100000)], B = iolist_to_binary(D), {byte_size(B), iolist_size(D), erlang:md5(D) =:= erlang:md5(B)} end),
    t(list_to_binary, fun() -> byte_size(list_to_binary(lists:duplicate(200000, $x))) end),
    t(binary_to_list, fun() -> length(binary_to_list(Bin)) end),
    t(term_to_binary, fun() -> T = {Txt, Bin, lists:seq(1, 50000)}, B = term_to_binary(T, [compressed]), binary_to_term(B) =:= T end),
    t(string_ops, fun() -> {string:length(Bin), length(string:lexemes(Bin, "\n")), string:find(Bin, "w\x{F6}rld\n", trailing) =/= nomatch,
                            byte_size(string:uppercase(Bin))} end),
    t(base64_big, fun() -> E = base64:encode(Bin), {byte_size(E), base64:decode(E) =:= Bin} end),
    t(md5_big, fun() -> {erlang:md5(Bin), erlang:phash2(Bin), erlang:crc32(binary_to_list(Bin))} end),
    ok.
