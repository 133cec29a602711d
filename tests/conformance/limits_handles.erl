%% limits_handles - handles of one kind of C object are refused by the
%% functions of another: a prim_file handle, a prim_buffer and a compiled
%% match spec given to zlib, a zlib stream given to file, prim_buffer and
%% ets (badarg / false as erl), and ordinary references to all; every
%% object still works afterwards.
-module(limits_handles).
-export([main/0]).

-include_lib("kernel/include/file.hrl").

main() ->
    Path = "limits_handles.tmp",
    ok = prim_file:write_file(Path, <<"hello">>),
    {ok, Fd} = file:open(Path, [raw, read, binary]),
    #file_descriptor{module = prim_file, data = #{handle := FileH}} = Fd,
    Ms = ets:match_spec_compile([{{'$1', '_'}, [], ['$1']}]),
    Buf = prim_buffer:new(),
    Z = zlib:open(),
    Ref = make_ref(),
    io:format("kinds: ~p~n", [[is_reference(X) || X <- [FileH, Ms, Buf, Z]]]),
    %% other handles given to zlib
    lists:foreach(fun({Name, H}) ->
                          io:format("zlib ~p: ~p~n",
                                    [Name, [t(fun() -> zlib:deflateInit(H) end),
                                            t(fun() -> zlib:inflateInit(H) end),
                                            t(fun() -> zlib:deflateReset(H) end),
                                            t(fun() -> zlib:set_controlling_process(H, self()) end),
                                            t(fun() -> zlib:close(H) end)]])
                  end, [{file, FileH}, {ms, Ms}, {buffer, Buf}, {ref, Ref}]),
    %% a zlib stream (and the others) given to file, prim_buffer and ets
    lists:foreach(fun({Name, H}) ->
                          Fake = Fd#file_descriptor{data = (Fd#file_descriptor.data)#{handle := H}},
                          io:format("file ~p: ~p~n",
                                    [Name, [t(fun() -> file:read(Fake, 2) end),
                                            t(fun() -> file:position(Fake, 1) end),
                                            t(fun() -> file:pread(Fake, 0, 2) end)]]),
                          io:format("buffer ~p: ~p~n",
                                    [Name, [t(fun() -> prim_buffer:size(H) end),
                                            t(fun() -> prim_buffer:write(H, [<<"x">>]) end)]]),
                          io:format("ets ~p: ~p~n",
                                    [Name, [t(fun() -> ets:is_compiled_ms(H) end),
                                            t(fun() -> ets:match_spec_run([{a, 1}], H) end)]])
                  end, [{zlib, Z}, {ms, Ms}, {buffer, Buf}, {ref, Ref}]),
    %% each object is unharmed
    ok = zlib:deflateInit(Z),
    Packed = iolist_to_binary(zlib:deflate(Z, <<"abcabcabc">>, finish)),
    ok = zlib:close(Z),
    Z2 = zlib:open(),
    ok = zlib:inflateInit(Z2),
    io:format("zlib: ~p~n", [iolist_to_binary(zlib:inflate(Z2, Packed))]),
    ok = zlib:close(Z2),
    io:format("file: ~p~n", [file:read(Fd, 5)]),
    ok = file:close(Fd),
    io:format("ms: ~p ~p~n", [ets:is_compiled_ms(Ms), ets:match_spec_run([{a, 1}, {b, 2}], Ms)]),
    ok = prim_buffer:write(Buf, [<<"xyz">>]),
    io:format("buffer: ~p~n", [prim_buffer:size(Buf)]),
    %% a closed stream and a closed file, crossed
    io:format("closed zlib to file: ~p~n",
              [t(fun() -> file:read(Fd#file_descriptor{data = (Fd#file_descriptor.data)#{handle := Z}}, 1) end)]),
    io:format("closed file to zlib: ~p~n", [t(fun() -> zlib:close(FileH) end)]),
    ok = prim_file:delete(Path).

t(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.
