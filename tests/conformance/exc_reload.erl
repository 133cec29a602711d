%% exc_reload: stack traces name the right module version after code
%% reload: a process still running old code raises there (the old
%% version's functions and lines), new calls raise in the new version,
%% traces cross modules loaded at run time, and after a purge and another
%% load the traces follow the newest code. Also catch/throw and try
%% across modules, each frame with its own file and line.
-module(exc_reload).
-export([main/0]).
-import(stdh, [t/2, forms/1]).

%% a module's source; Pad blank lines move every line number
src(Mod, Pad, Tag) ->
    lists:flatten(io_lib:format(
        "-module(~s).~n-file(\"~s.erl\", 1).~n-export([boom/1, wait/0, deep/2, thrower/1]).~n"
        "~s"
        "boom(X) -> {~p, erlang:error({boom, X})}.~n"
        "wait() -> receive {raise, From} -> From ! {trace, (catch boom(old))}, wait(); stop -> ok end.~n"
        "deep(0, F) -> {~p, F()};~n"
        "deep(N, F) -> {N, deep(N - 1, F)}.~n"
        "thrower(X) -> {~p, throw({thrown, X})}.~n",
        [Mod, Mod, lists:duplicate(Pad, $\n), Tag, Tag, Tag])).

load(Mod, Src) ->
    {ok, Mod, B} = compile:forms(forms(Src), [binary]),
    {module, Mod} = code:load_binary(Mod, atom_to_list(Mod) ++ ".erl", B),
    ok.

%% the trace without arguments of unnamed funs (their names differ by
%% compiler version only in the middle, not here)
frames(S) -> [{M, F, A, proplists:get_value(line, L)} || {M, F, A, L} <- S].

trace(F) ->
    try F() of V -> {value, V} catch C:R:S -> {C, R, frames(S)} end.

main() ->
    load(xr_a, src(xr_a, 0, v1)),
    Old = spawn(fun xr_a:wait/0),
    t(v1_boom, fun() -> trace(fun() -> xr_a:boom(1) end) end),
    %% v2 has every line 5 further down; the waiting process stays in v1
    load(xr_a, src(xr_a, 5, v2)),
    t(v2_boom, fun() -> trace(fun() -> xr_a:boom(2) end) end),
    t(old_process, fun() ->
        Old ! {raise, self()},
        receive {trace, {'EXIT', {R, S}}} -> {R, frames(S)} end
    end),
    t(check_old, fun() -> erlang:check_process_code(Old, xr_a) end),
    %% across modules: xr_b's deep/2 calls into xr_a's boom through a fun
    load(xr_b, src(xr_b, 2, b1)),
    t(cross, fun() -> trace(fun() -> xr_b:deep(3, fun() -> xr_a:boom(3) end) end) end),
    t(cross_throw, fun() -> catch xr_b:deep(2, fun() -> xr_a:thrower(x) end) end),
    t(cross_catch, fun() ->
        {'EXIT', {R, S}} = (catch xr_a:deep(2, fun() -> xr_b:boom(4) end)),
        {R, frames(S)}
    end),
    %% purge the old version (the old process is killed with it), load v3
    t(purge, fun() ->
        Ref = monitor(process, Old),
        P = code:purge(xr_a),
        receive {'DOWN', Ref, process, Old, Why} -> {P, Why} end
    end),
    load(xr_a, src(xr_a, 9, v3)),
    t(v3_boom, fun() -> trace(fun() -> xr_a:boom(5) end) end),
    t(v3_cross, fun() -> trace(fun() -> xr_b:deep(1, fun() -> xr_a:boom(6) end) end) end),
    %% deleted and purged: the module's code is gone, calls are undef
    t(delete, fun() -> {code:delete(xr_b), code:purge(xr_b)} end),
    t(undef_after, fun() ->
        {error, undef, [{xr_b, deep, [0, nofun], _} | _]} = trace(fun() -> xr_b:deep(0, nofun) end),
        undef
    end),
    t(old_code_fun, fun() ->
        F = fun() -> xr_a:boom(7) end,
        load(xr_a, src(xr_a, 1, v4)),
        trace(F)
    end).
