#!/usr/bin/env escript
%% md5.escript LIBDIR... - the oracle of test_loader.c's md5 test: for every
%% LIBDIR/*/ebin/*.beam, one line "HEXMD5 PATH" with beam_lib:md5/1, which
%% is what module_info(md5) returns once the module is loaded.
main(Dirs) ->
    [begin
         {ok, {_, MD5}} = beam_lib:md5(F),
         io:format("~s ~s~n", [binary:encode_hex(MD5), F])
     end || D <- Dirs, F <- lists:sort(filelib:wildcard(D ++ "/*/ebin/*.beam"))],
    ok.
