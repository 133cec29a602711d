%% code_undef: a call to an undefined function goes to the process's error
%% handler (error_handler:undefined_function/3 or undefined_lambda/3),
%% which asks code_server to load the module from the code path: undef
%% errors and their stack traces (remote, tail, apply, fun M:F/A, funs of
%% a module that is gone), modules loaded on first call (code:is_loaded,
%% code:which, code:all_loaded), process_flag(error_handler, M) and
%% '$handle_undefined_function'/2.
-module(code_undef).
-export([main/0, undefined_function/3, undefined_lambda/3, tail/0, body/0]).
-import(stdh, [t/2, forms/1]).

%% an error handler of our own: records what reached it, then does what
%% error_handler does
undefined_function(M, F, A) ->
    put(seen, [{function, M, F, length(A)} | get(seen)]),
    error_handler:undefined_function(M, F, A).
undefined_lambda(M, F, A) ->
    put(seen, [{lambda, M, is_function(F), length(A)} | get(seen)]),
    error_handler:undefined_lambda(M, F, A).

tail() -> nosuchmod:tail_call(1).
body() -> {ok, nosuchmod:body_call(2)}.

trace(F) ->
    try F() catch error:undef:S -> [{M, Fn, A} || {M, Fn, A, _} <- S] end.

main() ->
    BL = bin("-module(dyn_l). -export([mk/0]). mk() -> fun(X) -> {dyn_l, X} end."),
    B1 = bin("-module(dyn_r). -export([mk/0]). mk() -> fun() -> one end."),
    B2 = bin("-module(dyn_r). -export([mk/0]). mk() -> two."),
    BH = bin("-module(dyn_h). -export(['$handle_undefined_function'/2]). "
             "'$handle_undefined_function'(F, A) -> {handled, F, A}."),
    %% undef and its stack trace: the missing function first (args), then
    %% the caller as erl shows it (a tail call leaves no frame)
    t(remote, fun() -> trace(fun() -> {nosuchmod:f(1, 2)} end) end),
    t(missing_fun, fun() -> trace(fun() -> {lists:no_such_function(a)} end) end),
    t(tail, fun() -> trace(fun() -> {code_undef:tail()} end) end),
    t(body, fun() -> trace(fun() -> {code_undef:body()} end) end),
    t(apply3, fun() -> trace(fun() -> {apply(nosuchmod, g, [x])} end) end),
    t(export_fun, fun() -> F = fun nosuchmod:h/0, trace(fun() -> {F()} end) end),
    t(reason_only, fun() -> catch nosuchmod:f() end),
    t(exit_undef, fun() ->
        {P, R} = spawn_monitor(fun() -> exit(catch nosuchmod:spawned(3)) end),
        receive {'DOWN', R, process, P, Why} -> Why end
    end),
    %% interactive loading: a module of the code path loads on first call
    t(before, fun() -> {code:is_loaded(lang_mod_a), erlang:module_loaded(lang_mod_a)} end),
    t(call, fun() -> element(1, catch lang_mod_a:module_info(module)) end),
    t(after_call, fun() ->
        {file, F} = code:is_loaded(lang_mod_a),
        {filename:basename(F), filename:basename(code:which(lang_mod_a)), erlang:module_loaded(lang_mod_a)}
    end),
    t(all_loaded, fun() ->
        L = code:all_loaded(),
        {lists:keymember(lang_mod_a, 1, L), lists:keymember(erlang, 1, L), lists:keyfind(erlang, 1, L)}
    end),
    t(which_preloaded, fun() -> {code:which(erlang), code:which(init), code:is_loaded(erlang)} end),
    t(which_missing, fun() -> {code:which(nosuchmod), code:is_loaded(nosuchmod)} end),
    t(which_kernel, fun() -> filename:basename(code:which(lists)) end),
    t(ensure_loaded, fun() -> {code:ensure_loaded(lang_util), code:ensure_loaded(nosuchmod)} end),
    t(load_file, fun() -> {code:load_file(nosuchmod), code:load_file(lang_mod_b)} end),
    t(exported_after_load, fun() -> erlang:function_exported(lang_mod_b, module_info, 0) end),
    %% process_flag(error_handler, M)
    t(flag_default, fun() -> process_info(self(), error_handler) end),
    t(flag_set, fun() -> put(seen, []), process_flag(error_handler, ?MODULE) end),
    t(flag_info, fun() -> process_info(self(), error_handler) end),
    t(via_handler, fun() -> trace(fun() -> {nosuchmod:via(1)} end) end),
    t(loads_via_handler, fun() -> {code:is_loaded(jit_xmod), catch jit_xmod:module_info(module)} end),
    t(lambda_via_handler, fun() ->
        {module, dyn_l} = code:load_binary(dyn_l, "dyn_l.erl", BL),
        F = dyn_l:mk(),
        true = code:delete(dyn_l),
        false = code:purge(dyn_l),
        {catch F(1), code:is_loaded(dyn_l)}
    end),
    t(seen, fun() -> lists:reverse(get(seen)) end),
    t(flag_restore, fun() -> process_flag(error_handler, error_handler) end),
    t(flag_badarg, fun() -> catch process_flag(error_handler, "x") end),
    t(spawned_default, fun() ->
        process_flag(error_handler, ?MODULE),
        Self = self(),
        spawn(fun() -> Self ! process_info(self(), error_handler) end),
        R = receive M -> M end,
        process_flag(error_handler, error_handler),
        R
    end),
    %% a fun of a module whose current version lacks it: badfun
    t(badfun_after_reload, fun() ->
        {module, dyn_r} = code:load_binary(dyn_r, "dyn_r.erl", B1),
        F = dyn_r:mk(),
        {module, dyn_r} = code:load_binary(dyn_r, "dyn_r.erl", B2),
        false = code:purge(dyn_r),
        case catch F() of {'EXIT', {{badfun, G}, _}} -> {badfun, G =:= F}; Other -> Other end
    end),
    %% '$handle_undefined_function'/2 of a loaded module
    t(handle_undefined, fun() ->
        {module, dyn_h} = code:load_binary(dyn_h, "dyn_h.erl", BH),
        {dyn_h:anything(1, 2), apply(dyn_h, other, [])}
    end),
    ok.

bin(Src) ->
    {ok, _, B} = compile:forms(forms(Src), [binary]),
    B.
