%% boot_code: the preloaded modules (erlang.beam's Erlang functions run,
%% the erts stubs of missing BIFs stay undef) and OTP 25's code loading
%% BIFs on modules compiled at run time: erts_internal:prepare_loading
%% through erlang:prepare_loading/2, has_prepared_code_on_load/1,
%% finish_loading/1 (all or nothing: duplicated, not_purged, on_load),
%% erlang:load_module/2 (erlang.beam's), check_old_code/1, delete_module/1,
%% corrupt .beam binaries ({error, badfile}), erlang:load_nif/2's errors.
-module(boot_code).
-export([main/0]).
-import(stdh, [t/2, forms/1]).

bin(Src) ->
    {ok, _, B} = compile:forms(forms(Src), [binary]),
    B.

main() ->
    %% erl's loader reports each bad .beam through logger (on stdout with
    %% -noshell): quiet it; laser has no logger process before the boot
    catch logger:set_primary_config(level, none),
    t(pre_loaded, fun() -> erlang:pre_loaded() end),
    t(preloaded_loaded, fun() -> [M || M <- erlang:pre_loaded(), not erlang:module_loaded(M)] end),
    t(loaded_has_preloaded, fun() -> erlang:pre_loaded() -- erlang:loaded() end),
    t(loaded_is_atoms, fun() -> lists:all(fun is_atom/1, erlang:loaded()) end),
    t(erlang_exports, fun() -> [E || E <- [{spawn_opt, 4}, {load_module, 2}, {purge_module, 1}],
                                     lists:member(E, erlang:module_info(exports))] end),
    t(function_exported, fun() -> erlang:function_exported(erlang, load_module, 2) end),
    B1 = bin("-module(dyn1). -export([f/0]). f() -> one."),
    B2 = bin("-module(dyn1). -export([f/0, g/0]). f() -> two. g() -> fun() -> two_fun end."),
    BO = bin("-module(dyn2). -export([f/0]). -on_load(init/0). init() -> ok. f() -> on."),
    t(prepare_bad_beam, fun() -> erlang:prepare_loading(dyn1, <<"FOR1junk">>) end),
    t(prepare_empty, fun() -> erlang:prepare_loading(dyn1, <<>>) end),
    t(prepare_truncated, fun() -> erlang:prepare_loading(dyn1, binary:part(B1, 0, byte_size(B1) div 2)) end),
    t(prepare_wrong_name, fun() -> erlang:prepare_loading(other, B1) end),
    t(prepare_badarg_mod, fun() -> element(1, catch erlang:prepare_loading("dyn1", B1)) end),
    t(prepare_badarg_code, fun() -> element(1, catch erlang:prepare_loading(dyn1, [1, 2])) end),
    t(load_bad, fun() -> erlang:load_module(dyn1, <<1, 2, 3>>) end),
    t(not_loaded_yet, fun() -> erlang:module_loaded(dyn1) end),
    t(prepare_finish, fun() ->
        R = erlang:prepare_loading(dyn1, B1),
        {is_reference(R), erlang:has_prepared_code_on_load(R), erlang:finish_loading([R]), dyn1:f()}
    end),
    t(finish_twice, fun() ->
        R = erlang:prepare_loading(dyn1, B1),
        ok = erlang:finish_loading([R]),
        element(1, catch erlang:finish_loading([R]))
    end),
    t(old_code_after_reload, fun() -> {erlang:check_old_code(dyn1), dyn1:f()} end),
    t(not_purged, fun() -> erlang:load_module(dyn1, B2) end),
    t(not_purged_finish, fun() -> erlang:finish_loading([erlang:prepare_loading(dyn1, B2)]) end),
    t(finish_bad_list, fun() -> element(1, catch erlang:finish_loading([a | b])) end),
    t(finish_bad_elem, fun() -> element(1, catch erlang:finish_loading([make_ref()])) end),
    t(finish_empty, fun() -> erlang:finish_loading([]) end),
    t(duplicated, fun() ->
        erlang:finish_loading([erlang:prepare_loading(dyn3, bin("-module(dyn3). -export([f/0]). f() -> 3.")),
                               erlang:prepare_loading(dyn3, bin("-module(dyn3). -export([f/0]). f() -> 4."))])
    end),
    t(dyn3_untouched, fun() -> erlang:module_loaded(dyn3) end),
    t(on_load_prepared, fun() -> erlang:has_prepared_code_on_load(erlang:prepare_loading(dyn2, BO)) end),
    t(on_load_finish, fun() -> erlang:finish_loading([erlang:prepare_loading(dyn2, BO)]) end),
    t(on_load_not_current, fun() -> erlang:module_loaded(dyn2) end),
    t(has_prepared_badarg, fun() -> element(1, catch erlang:has_prepared_code_on_load(make_ref())) end),
    t(delete_badarg_old, fun() -> element(1, catch erlang:delete_module(dyn1)) end),
    t(delete_badarg, fun() -> element(1, catch erlang:delete_module("dyn1")) end),
    t(delete_none, fun() -> erlang:delete_module(no_such_module_here) end),
    t(check_old_badarg, fun() -> element(1, catch erlang:check_old_code(1)) end),
    t(check_old_none, fun() -> erlang:check_old_code(no_such_module_here) end),
    t(load_module_new, fun() -> {erlang:load_module(dyn4, bin("-module(dyn4). -export([h/0]). h() -> 4.")), dyn4:h()} end),
    t(delete_loaded, fun() -> {erlang:delete_module(dyn4), erlang:module_loaded(dyn4), erlang:check_old_code(dyn4)} end),
    t(call_deleted, fun() -> dyn4:h() end),
    t(undef_stub, fun() -> erlang:no_such_bif_here() end),
    t(load_nif_missing, fun() -> erlang:load_nif("/nonexistent/dir/lib", 0) end),
    t(load_nif_badarg, fun() -> element(1, catch erlang:load_nif(lib, 0)) end),
    t(nif_error, fun() -> erlang:nif_error(some_reason) end),
    ok.
