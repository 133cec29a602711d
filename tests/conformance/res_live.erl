%% res_live - resources (atomics and counters arrays, compiled match
%% specs, prim_buffers, zlib streams) stay alive while a term names them:
%% after garbage collections, in messages to another process, in ETS, in
%% persistent_term, through term_to_binary / list_to_ref; a zlib stream
%% obeys its controlling process. (res_gc checks they are freed.)
-module(res_live).
-export([main/0]).

main() ->
    live(),
    ok.

churn(_F, 0) -> ok;
churn(F, N) -> _ = F(), churn(F, N - 1).

live() ->
    A = atomics:new(4, []),
    C = counters:new(2, []),
    Ms = ets:match_spec_compile([{{'$1', '$2'}, [{'>', '$2', 1}], ['$1']}]),
    Buf = prim_buffer:new(),
    ok = prim_buffer:write(Buf, [<<"hello">>]),
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    %% garbage in between, collections, then use them
    churn(fun() -> atomics:new(1, []) end, 50000),
    erlang:garbage_collect(),
    ok = atomics:add(A, 1, 5),
    ok = counters:add(C, 2, 7),
    io:format("after gc: ~p ~p ~p ~p~n",
              [atomics:get(A, 1), counters:get(C, 2), ets:match_spec_run([{a, 1}, {b, 2}], Ms),
               prim_buffer:size(Buf)]),
    %% sent to another process, dropped here, used there
    Self = self(),
    P = spawn(fun() -> holder(Self) end),
    P ! {take, A, Ms, C},
    receive took -> ok end,
    erlang:garbage_collect(),
    P ! use,
    receive {used, V, M, CV} -> io:format("in another process: ~p ~p ~p~n", [V, M, CV]) end,
    %% ETS keeps one alive
    T = ets:new(t, []),
    ets:insert(T, {k, atomics:new(1, [])}),
    churn(fun() -> atomics:new(1, []) end, 50000),
    erlang:garbage_collect(),
    [{k, A2}] = ets:lookup(T, k),
    io:format("from ets: ~p~n", [atomics:add_get(A2, 1, 3)]),
    ets:delete(T),
    %% persistent_term keeps one alive
    persistent_term:put({?MODULE, c}, counters:new(1, [])),
    churn(fun() -> atomics:new(1, []) end, 50000),
    erlang:garbage_collect(),
    PC = persistent_term:get({?MODULE, c}),
    counters:add(PC, 1, 2),
    io:format("from persistent_term: ~p~n", [counters:get(persistent_term:get({?MODULE, c}), 1)]),
    persistent_term:erase({?MODULE, c}),
    %% term_to_binary and the text form find the object again
    B = term_to_binary({A, Ms}),
    {A3, Ms3} = binary_to_term(B),
    io:format("term_to_binary: ~p ~p ~p ~p~n",
              [A3 =:= A, atomics:add_get(A3, 1, 1), ets:match_spec_run([{c, 3}], Ms3),
               atomics:get(list_to_ref(ref_to_list(A)), 1)]),
    io:format("is_reference: ~p ~p~n", [is_reference(A), lists:sort([Z, A, make_ref()]) =/= []]),
    %% zlib: only the controller may use it; set_controlling_process moves it
    Q = spawn(fun() -> zlib_user() end),
    Q ! {Self, Z},
    receive {zlib, R0} -> io:format("not the controller: ~p~n", [R0]) end,
    ok = zlib:set_controlling_process(Z, Q),
    Q ! {Self, Z},
    receive {zlib, R1} -> io:format("new controller: ~p~n", [R1]) end,
    io:format("old controller: ~p~n", [err(fun() -> zlib:deflateReset(Z) end)]),
    ok.

err(F) ->
    try F() catch C:R -> {C, R} end.

holder(Parent) ->
    receive {take, A, Ms, C} -> Parent ! took end,
    churn(fun() -> atomics:new(1, []) end, 50000),
    erlang:garbage_collect(),
    receive use -> ok end,
    Parent ! {used, atomics:add_get(A, 1, 10), ets:match_spec_run([{x, 5}], Ms), counters:get(C, 2)}.

zlib_user() ->
    receive {From, Z} ->
        case err(fun() -> zlib:deflate(Z, <<"abcabcabc">>, finish) end) of
            {error, R} -> From ! {zlib, R}, zlib_user();
            Out ->
                ok = zlib:deflateEnd(Z),
                ok = zlib:close(Z),
                From ! {zlib, zlib:uncompress(Out)}
        end
    end.
