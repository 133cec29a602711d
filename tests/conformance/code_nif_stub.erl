%% code_nif_stub: a NIF its module does not export is a local function in
%% erl: a remote call (call_ext, apply, fun M:F/A) raises undef and
%% erlang:function_exported/3 is false, while the module's own calls of it
%% work (prim_file:read_file/1 calls its read_nif/2).
-module(code_nif_stub).
-export([main/0]).
-import(stdh, [t/2]).

undef_top(F) ->
    try F() catch error:undef:S -> [{M, Fn, A, _} | _] = S, {undef, M, Fn, length(A)} end.

main() ->
    t(remote, fun() -> undef_top(fun() -> prim_file:read_nif(a, b) end) end),
    t(apply, fun() -> undef_top(fun() -> apply(prim_file, get_cwd_nif, []) end) end),
    t(export_fun, fun() -> F = fun prim_file:read_file_info_nif/2, undef_top(fun() -> F("/", true) end) end),
    t(exported, fun() ->
        [erlang:function_exported(M, F, A) ||
            {M, F, A} <- [{prim_file, read_nif, 2}, {prim_file, get_cwd_nif, 0},
                          {prim_file, read_file, 1}, {prim_buffer, new, 0}, {zlib, open, 0},
                          {zlib, deflateInit_nif, 6}, {erlang, load_nif, 2}]]
    end),
    t(local_use, fun() -> {ok, B} = prim_file:read_file("/etc/hostname"), is_binary(B) end),
    t(local_cwd, fun() -> {ok, D} = prim_file:get_cwd(), is_list(D) end),
    t(zlib_local, fun() -> zlib:uncompress(zlib:compress(<<"abc">>)) end),
    t(exports_listed, fun() -> lists:member({read_nif, 2}, prim_file:module_info(exports)) end),
    ok.
