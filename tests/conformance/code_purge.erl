%% code_purge: old and current code as erts keeps them, and purging through
%% erts_code_purger: code:load_binary/3 (compile:forms + load_binary), a
%% second load making the current version old, not_purged, check_old_code,
%% erlang:check_process_code/2,3 of processes running old code (their
%% current function or a return address on their stack), code:soft_purge
%% refusing while one does, code:purge killing them, code:delete,
%% erts_internal:purge_module/2 only for erts_code_purger.
-module(code_purge).
-export([main/0]).
-import(stdh, [t/2, forms/1]).

bin(Src) ->
    {ok, _, B} = compile:forms(forms(Src), [binary]),
    B.

v(N) ->
    bin("-module(dyn_p). -export([v/0, loop/0, deep/1]). "
        "v() -> " ++ integer_to_list(N) ++ ". "
        "loop() -> receive {From, v} -> From ! {v, v()}, loop(); stop -> ok end. "
        "deep(F) -> R = F(), {deep, R}.").

wait_down(P) -> wait_down(P, monitor(process, P)).
wait_down(P, R) ->
    receive {'DOWN', R, process, P, Why} -> Why after 5000 -> timeout end.

main() ->
    %% the loader's and code_server's reports of bad binaries go through
    %% logger, asynchronously: quiet it
    logger:set_primary_config(level, none),
    B1 = v(1), B2 = v(2), B3 = v(3),
    t(load1, fun() -> code:load_binary(dyn_p, "dyn_p.erl", B1) end),
    t(call1, fun() -> dyn_p:v() end),
    t(is_loaded, fun() -> code:is_loaded(dyn_p) end),
    t(no_old, fun() -> erlang:check_old_code(dyn_p) end),
    %% a process in the loop (its current code) and one with a return
    %% address into the module on its stack
    Self = self(),
    Looper = spawn(fun() -> dyn_p:loop() end),
    Deep = spawn(fun() -> dyn_p:deep(fun() -> Self ! deep_in, receive go -> ok end end) end),
    receive deep_in -> ok end,
    ML = monitor(process, Looper),
    MD = monitor(process, Deep),
    t(cpc_current, fun() -> [erlang:check_process_code(P, dyn_p) || P <- [Looper, Deep, self()]] end),
    t(load2, fun() -> code:load_binary(dyn_p, "dyn_p.erl", B2) end),
    t(call2, fun() -> dyn_p:v() end),
    t(old_now, fun() -> erlang:check_old_code(dyn_p) end),
    t(looper_old, fun() -> Looper ! {self(), v}, receive {v, V} -> V end end),
    t(cpc_old, fun() -> [erlang:check_process_code(P, dyn_p) || P <- [Looper, Deep, self()]] end),
    t(cpc_opts, fun() -> erlang:check_process_code(Looper, dyn_p, [{allow_gc, false}]) end),
    t(cpc_async, fun() ->
        async = erlang:check_process_code(Looper, dyn_p, [{async, my_req}]),
        receive {check_process_code, my_req, R} -> R after 5000 -> timeout end
    end),
    t(cpc_bad_opt, fun() ->
        {'EXIT', {badarg, [{erlang, check_process_code, [_, dyn_p, [bad]], Info} | _]}} =
            (catch erlang:check_process_code(Looper, dyn_p, [bad])),
        Info
    end),
    t(cpc_bad_pid, fun() -> catch erlang:check_process_code(self, dyn_p) end),
    t(cpc_no_module, fun() -> erlang:check_process_code(Looper, no_such_module) end),
    t(cpc_dead, fun() ->
        P = spawn(fun() -> ok end),
        wait_down(P),
        erlang:check_process_code(P, dyn_p)
    end),
    %% erl: a third load gives not_purged at the erlang:load_module level;
    %% code:load_binary purges softly first, so it fails while they run
    t(load_module_not_purged, fun() -> erlang:load_module(dyn_p, B3) end),
    t(soft_purge_refused, fun() -> code:soft_purge(dyn_p) end),
    t(still_old, fun() -> erlang:check_old_code(dyn_p) end),
    t(purge_kills, fun() -> code:purge(dyn_p) end),
    t(killed, fun() -> [wait_down(Looper, ML), wait_down(Deep, MD)] end),
    %% code:load_binary purges the old code first (killing)
    t(load_binary_busy, fun() ->
        L = spawn(fun() -> dyn_p:loop() end),
        M = monitor(process, L),
        L ! {self(), v},
        receive {v, _} -> ok end,
        {module, dyn_p} = code:load_binary(dyn_p, "dyn_p.erl", B1),
        R = code:load_binary(dyn_p, "dyn_p.erl", B3),
        {R, wait_down(L, M)}
    end),
    t(gone, fun() -> erlang:check_old_code(dyn_p) end),
    t(purge_again, fun() -> code:purge(dyn_p) end),
    t(soft_purge_nothing, fun() -> code:soft_purge(dyn_p) end),
    t(load3, fun() -> code:load_binary(dyn_p, "dyn_p.erl", B3) end),
    t(call3, fun() -> dyn_p:v() end),
    t(soft_purge_ok, fun() -> code:soft_purge(dyn_p) end),
    t(old_after_soft, fun() -> erlang:check_old_code(dyn_p) end),
    %% funs of old code: a fun made by the old version still runs until
    %% the purge
    t(old_fun, fun() ->
        {module, dyn_p} = code:load_binary(dyn_p, "dyn_p.erl", B1),
        F = fun dyn_p:v/0,
        {module, dyn_p} = code:load_binary(dyn_p, "dyn_p.erl", B2),
        F()
    end),
    %% delete: the current version becomes old, calls are undef, the
    %% module can be loaded again
    t(delete, fun() -> code:purge(dyn_p), code:delete(dyn_p) end),
    t(deleted, fun() -> {code:is_loaded(dyn_p), erlang:module_loaded(dyn_p), erlang:check_old_code(dyn_p)} end),
    t(deleted_in_loaded, fun() -> lists:member(dyn_p, erlang:loaded()) end),
    t(deleted_call, fun() -> catch dyn_p:v() end),
    t(delete_again, fun() -> code:delete(dyn_p) end),
    t(purge_deleted, fun() -> code:purge(dyn_p) end),
    t(purged_in_loaded, fun() -> lists:member(dyn_p, erlang:loaded()) end),
    t(delete_missing, fun() -> {code:delete(no_such_module), erlang:delete_module(no_such_module)} end),
    t(reload, fun() -> {code:load_binary(dyn_p, "dyn_p.erl", B1), dyn_p:v()} end),
    %% bad input
    t(load_binary_badarg, fun() -> catch code:load_binary("dyn_p", "dyn_p.erl", B1) end),
    t(load_binary_badfile, fun() -> code:load_binary(dyn_q, "dyn_q.erl", <<"junk">>) end),
    t(load_binary_wrong_name, fun() -> code:load_binary(dyn_q, "dyn_q.erl", B1) end),
    t(purge_module_notsup, fun() -> catch erts_internal:purge_module(dyn_p, prepare) end),
    t(erlang_purge_module, fun() -> catch erlang:purge_module(dyn_p) end),
    t(erlang_purge_module_bad, fun() -> catch erlang:purge_module("x") end),
    t(check_old_code_bad, fun() -> catch erlang:check_old_code("x") end),
    ok.
