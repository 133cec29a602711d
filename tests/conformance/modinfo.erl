%% module_info/0,1 (erlang:get_module_info), function_exported/3,
%% module_loaded/1, and modules of stdlib loaded on demand.
-module(modinfo).
-export([main/0, b/1, a/0]).
-vsn(1).
-custom_attr([x, y]).

a() -> ok.
b(_) -> ok.
c() -> fun() -> ok end.

main() ->
    erlang:display(modinfo:module_info(exports)),
    erlang:display(module_info(functions)),
    erlang:display(module_info(attributes)),
    erlang:display(module_info(module)),
    erlang:display([K || {K, _} <- module_info()]),
    erlang:display(erlang:function_exported(modinfo, a, 0)),
    erlang:display(erlang:function_exported(modinfo, c, 0)),
    erlang:display(erlang:function_exported(erlang, element, 2)),
    erlang:display(erlang:module_loaded(modinfo)),
    erlang:display(erlang:module_loaded(not_a_module_at_all)),
    _ = orddict:new(),
    erlang:display(erlang:module_loaded(orddict)),
    erlang:display(is_binary(module_info(md5))),
    erlang:display(is_function(c())),
    erlang:display(catch erlang:get_module_info(not_a_module_at_all, exports)).
