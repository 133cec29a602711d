%% code_onload: -on_load as erts and code_server run it. The on_load
%% function runs in a process of its own (erlang:call_on_load_function/1),
%% then erts_code_purger's finish_after_on_load/2 makes the module current
%% (ok) or purges it (anything else, or a crash: {error, on_load_failure});
%% until then its exports are not callable: a process calling it waits.
%% Loaded on first call from the code path, or by code:load_binary/3.
-module(code_onload).
-export([main/0]).
-import(stdh, [t/2, forms/1]).

bin(Src) ->
    {ok, _, B} = compile:forms(forms(Src), [binary]),
    B.

mod(Name, Init) ->
    bin("-module(" ++ Name ++ "). -export([f/0]). -on_load(init/0). "
        "init() -> " ++ Init ++ ". f() -> {" ++ Name ++ ", ok}.").

main() ->
    %% failed on_load functions are reported through logger: quiet it
    logger:set_primary_config(level, none),
    Self = self(),
    register(code_onload_main, Self),
    t(from_path, fun() -> code_onload_mod:hello() end),
    t(from_path_loaded, fun() -> code:is_loaded(code_onload_mod) =/= false end),
    t(ok, fun() -> {code:load_binary(dyn_ok, "dyn_ok.erl", mod("dyn_ok", "ok")), dyn_ok:f()} end),
    t(other_process, fun() ->
        B = mod("dyn_self", "code_onload_main ! {on_load_in, self()}, ok"),
        {module, dyn_self} = code:load_binary(dyn_self, "dyn_self.erl", B),
        receive {on_load_in, P} -> {P =/= self(), is_pid(P)} end
    end),
    t(error_result, fun() ->
        R = code:load_binary(dyn_err, "dyn_err.erl", mod("dyn_err", "{error, nope}")),
        {R, code:is_loaded(dyn_err), erlang:module_loaded(dyn_err), catch dyn_err:f()}
    end),
    t(atom_result, fun() ->
        R = code:load_binary(dyn_atom, "dyn_atom.erl", mod("dyn_atom", "nope")),
        {R, erlang:module_loaded(dyn_atom)}
    end),
    t(crash, fun() ->
        R = code:load_binary(dyn_crash, "dyn_crash.erl", mod("dyn_crash", "1 = length([])")),
        {R, erlang:module_loaded(dyn_crash), erlang:check_old_code(dyn_crash)}
    end),
    t(retry_after_failure, fun() ->
        {code:load_binary(dyn_err, "dyn_err.erl", mod("dyn_err", "ok")), dyn_err:f()}
    end),
    %% a caller waits while the on_load function runs
    t(waits, fun() ->
        B = mod("dyn_wait", "code_onload_main ! {in_on_load, self()}, receive go -> ok end"),
        Loader = spawn(fun() -> Self ! {loaded, code:load_binary(dyn_wait, "dyn_wait.erl", B)} end),
        OnLoad = receive {in_on_load, P} -> P end,
        Caller = spawn(fun() -> Self ! {called, catch dyn_wait:f()} end),
        timer:sleep(100),
        Early = receive {called, _} = E -> E after 0 -> none end,
        Loaded = {erlang:module_loaded(dyn_wait), is_process_alive(Loader), is_process_alive(Caller)},
        OnLoad ! go,
        L = receive {loaded, X} -> X end,
        C = receive {called, Y} -> Y end,
        {Early, Loaded, L, C}
    end),
    %% a new version whose on_load fails leaves the current one
    t(reload_fails, fun() ->
        R = code:load_binary(dyn_ok, "dyn_ok.erl", mod("dyn_ok", "error")),
        {R, dyn_ok:f(), erlang:check_old_code(dyn_ok)}
    end),
    t(reload_ok, fun() ->
        B = bin("-module(dyn_ok). -export([f/0]). -on_load(init/0). init() -> ok. f() -> v2."),
        R = code:load_binary(dyn_ok, "dyn_ok.erl", B),
        {R, dyn_ok:f(), erlang:check_old_code(dyn_ok)}
    end),
    %% the BIFs themselves
    t(call_on_load_none, fun() -> catch erlang:call_on_load_function(lists) end),
    t(call_on_load_bad, fun() -> element(1, element(2, catch erlang:call_on_load_function("x"))) end),
    t(finish_none, fun() -> catch erlang:finish_after_on_load(lists, true) end),
    t(finish_bad, fun() -> element(1, element(2, catch erlang:finish_after_on_load(lists, maybe))) end),
    ok.
